"""Who is writing, and through what, for the signals that record changes.

Middleware sets the actor for each request (the admin and the API); `import_dataset` and the
bulk commands set it around their writes. Anything else (the shell, a script) is "shell" with
no user. A contextvar, so each request or thread sees its own actor.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from history.choices import Via


@dataclass
class Actor:
    via: str
    user: object = None
    request: object = None
    # Changes recorded during this operation, by (model label, pk): a later write to the same
    # record (a quotation's findings after the quotation itself) is merged into its entry.
    recorded: dict = field(default_factory=dict)

    def who(self):
        # Read at write time: DRF authenticates a token inside the view, after the middleware ran,
        # and sets the user on the underlying request then.
        user = self.user if self.user is not None else getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None

    def channel(self) -> str:
        if self.request is None:
            return self.via
        match = getattr(self.request, "resolver_match", None)
        namespace = match.namespace if match else ""
        if namespace == "admin":
            return Via.ADMIN
        if namespace.split(":")[0] == "api":
            return Via.API
        return self.via


_actor: ContextVar[Actor | None] = ContextVar("history_actor", default=None)


def current_actor() -> Actor:
    actor = _actor.get()
    return actor if actor is not None else Actor(via=Via.SHELL)


@contextmanager
def acting(via: str, *, user=None, request=None):
    """Record the writes inside the block as made by `user` through `via`."""
    token = _actor.set(Actor(via=via, user=user, request=request))
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def acting_through(via: str):
    """`acting(via)`, keeping the user of any outer actor (usable as a decorator)."""
    outer = _actor.get()
    with acting(via, user=outer.who() if outer is not None else None):
        yield
