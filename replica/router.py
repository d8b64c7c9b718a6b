"""Reads from a PostgreSQL read replica, writes to the primary, and no read of stale rows after a write.

Installed by settings when DATABASE_REPLICA_URL is set (the "replica" alias). A replica lags the
primary by a little, so only reads that cannot need a fresh write's rows go to it: those of a GET
or HEAD request (PrimaryAfterWriteMiddleware marks them), outside `transaction.atomic`, until the
request writes. Everything else reads from the primary:

- a request whose method is not GET or HEAD (forms, API writes, sign-in), from its start;
- the rest of a request once it has written (an INSERT, UPDATE or DELETE on the primary);
- requests from the same browser or client for PIN_SECONDS after one that wrote (a cookie), so the
  page an editor is redirected to after saving, or the first page after signing in (the session
  row), is read from the primary;
- reads inside `transaction.atomic`, which must see the transaction's own rows;
- management commands, the shell and anything else outside a request.

A write is noticed by the statement sent, not by `db_for_write`: Django also routes reads that
must be exact there (`get_or_create`, which every page's dataset revision uses), and pinning on
those would send every request to the primary. Migrations run on the primary only; the replica gets
them through replication.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router

REPLICA = "replica"
PIN_COOKIE = "read_primary"
# Far beyond the lag of a healthy streaming replica (well under a second).
PIN_SECONDS = 10
READ_METHODS = ("GET", "HEAD")
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE")

# False only while a read request that has not written is being answered.
_primary_only: ContextVar[bool] = ContextVar("rallying_primary_only", default=True)
_has_written: ContextVar[bool] = ContextVar("rallying_has_written", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _primary_only.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two ways in

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def replica_in_use() -> bool:
    return any(isinstance(each, PrimaryReplicaRouter) for each in router.routers)


def _note_writes(execute, sql, params, many, context):
    if sql.lstrip()[:6].upper().startswith(WRITE_STATEMENTS):
        _primary_only.set(True)
        _has_written.set(True)
    return execute(sql, params, many, context)


class PrimaryAfterWriteMiddleware:
    """Marks, for each request, whether it may read from the replica (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_in_use():
            return self.get_response(request)
        primary_only = _primary_only.set(
            request.method not in READ_METHODS or PIN_COOKIE in request.COOKIES
        )
        has_written = _has_written.set(False)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_note_writes):
                response = self.get_response(request)
            if _has_written.get():
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=PIN_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _primary_only.reset(primary_only)
            _has_written.reset(has_written)
