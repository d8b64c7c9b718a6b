"""Read settings from the environment, failing loudly on values we cannot understand.

Every helper raises ImproperlyConfigured naming the variable, so a typo in a deploy stops the
process at start with a message rather than running with a silently different configuration.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def checked_url(variable: str, url: str, schemes: tuple[str, ...], usage: str):
    """`url` split, or ImproperlyConfigured naming `variable` when its scheme or port is wrong."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed [ of an IPv6 address
        raise ImproperlyConfigured(f"{variable}={url!r} is not a valid URL.") from None
    if parts.scheme not in schemes:
        raise ImproperlyConfigured(
            f"{variable}={url!r} has unsupported scheme {parts.scheme!r}: {usage}"
        )
    try:
        parts.port  # noqa: B018 (parsing the port raises on a malformed one)
    except ValueError:
        raise ImproperlyConfigured(f"{variable}={url!r} has a port that is not a number.") from None
    return parts


def database_from_url(url: str, *, base_dir: Path, variable: str = "DATABASE_URL") -> dict:
    """Turn a DATABASE_URL into a Django DATABASES entry (parsed by dj-database-url).

    Empty → the SQLite file `db.sqlite3` in the project; `sqlite:///path` → that SQLite file
    (relative to the project unless absolute); `postgres://user:pass@host:port/name` → PostgreSQL,
    its query options passed to the driver. `variable` names the setting in error messages.
    """
    url = url.strip()
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": base_dir / "db.sqlite3"}

    # Checked here rather than left to dj-database-url, for messages that say what to change.
    # dj-database-url knows more engines, but we ship no driver for them.
    parts = checked_url(
        variable,
        url,
        ("sqlite", "postgres", "postgresql"),
        "use postgres://user:password@host:port/name, sqlite:///file, or leave it unset.",
    )

    is_postgres = parts.scheme != "sqlite"
    try:
        config = dj_database_url.parse(
            url,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60) if is_postgres else 0,
            conn_health_checks=is_postgres,
        )
    except ValueError:
        raise ImproperlyConfigured(
            f"{variable}={url!r} is not a valid URL: percent-encode special characters "
            "in the user name and password."
        ) from None

    if not is_postgres:
        # dj-database-url reads sqlite:// as an in-memory database, which no two processes share.
        if config["NAME"] in ("", ":memory:"):
            raise ImproperlyConfigured(
                f"{variable}={url!r} names no SQLite file: use sqlite:///db.sqlite3."
            )
        return {"ENGINE": config["ENGINE"], "NAME": base_dir / config["NAME"]}

    if not config["NAME"] or "/" in config["NAME"]:
        raise ImproperlyConfigured(
            f"{variable}={url!r} names no database: add it after the host, as in "
            "postgres://postgres@127.0.0.1:5432/rallying."
        )
    config["PORT"] = str(config["PORT"])
    # The planner's default random_page_cost (4) assumes spinning disks; with the data on SSD or
    # in memory, 1.1 lets it read the search and sort indexes rather than the whole table.
    config.setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")
    return config


def caches_from_url(url: str) -> dict:
    """The CACHES setting for REDIS_URL: django-redis for redis://, rediss:// or unix:// URLs,
    local memory when empty.

    While Redis is away every cache call is a logged miss (IGNORE_EXCEPTIONS; settings turn on
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS): everything Rallying keeps in the cache can be computed
    again or is a throttle's count, so the site serves uncached, with throttles open, instead of
    failing. `/healthz` then says "degraded" (rallying/health.py).
    """
    url = url.strip()
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    parts = checked_url(
        "REDIS_URL",
        url,
        ("redis", "rediss", "unix"),
        "use redis://host:6379/0, rediss://… (TLS) or unix:///path/to/redis.sock, or leave it unset.",
    )
    if parts.scheme != "unix" and not parts.hostname:
        raise ImproperlyConfigured(f"REDIS_URL={url!r} names no host: use redis://host:6379/0.")
    database = parts.path.lstrip("/")
    if parts.scheme != "unix" and database and not database.isdigit():
        raise ImproperlyConfigured(
            f"REDIS_URL={url!r}: the database after the host must be a number, as in redis://host:6379/0."
        )
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "rallying",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                # Seconds: a Redis that stops answering costs a request this much, not a hang.
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
