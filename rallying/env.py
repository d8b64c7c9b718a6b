"""Read settings from the environment, failing loudly on values we cannot understand.

Every helper raises ImproperlyConfigured naming the variable, so a typo in a deploy stops the
process at start with a message rather than running with a silently different configuration.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

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


def database_from_url(url: str, *, base_dir: Path) -> dict:
    """Turn a DATABASE_URL into a Django DATABASES entry.

    Empty → the SQLite file `db.sqlite3` in the project; `sqlite:///path` → that SQLite file
    (relative to the project unless absolute); `postgres://user:pass@host:port/name` → PostgreSQL.
    """
    if not url.strip():
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": base_dir / "db.sqlite3"}

    parts = urlsplit(url.strip())
    if parts.scheme == "sqlite":
        # sqlite:///relative.db → "relative.db"; sqlite:////abs/path.db → "/abs/path.db".
        path = unquote(parts.path)[1:]
        if not path:
            raise ImproperlyConfigured(
                f"DATABASE_URL={url!r} names no SQLite file: use sqlite:///db.sqlite3."
            )
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": base_dir / path}

    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} has unsupported scheme {parts.scheme!r}: "
            "use postgres://user:password@host:port/name, sqlite:///file, or leave it unset."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} has a port that is not a number."
        ) from None
    name = unquote(parts.path.lstrip("/"))
    if not name or "/" in name:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} names no database: add it after the host, as in "
            "postgres://postgres@127.0.0.1:5432/rallying."
        )
    options = dict(parse_qsl(parts.query))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }
