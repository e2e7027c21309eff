"""Where the workspace is: URL resolution and SQLite file paths, without loading SQLAlchemy."""

from __future__ import annotations

import os
from pathlib import Path

from crisisdesk.paths import default_workspace, demo_workspace

ENV_URL = "CRISISDESK_DATABASE_URL"
_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


def resolve_url(explicit: str | None, *, demo: bool = False, settings_url: str | None = None) -> str:
    """Choose the database URL: --db, then the environment, then settings, then the local file."""
    if explicit:
        return explicit
    if demo:
        return sqlite_url(demo_workspace())
    env = os.environ.get(ENV_URL)
    if env:
        return env
    if settings_url:
        return settings_url
    return sqlite_url(default_workspace())


def sqlite_url(path: Path) -> str:
    """A SQLAlchemy URL for a SQLite file."""
    return f"sqlite:///{path}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for anything else (memory, options, servers)."""
    for prefix in _SQLITE_PREFIXES:
        if url.startswith(prefix):
            rest = url[len(prefix) :]
            if not rest or rest == ":memory:" or "?" in rest:
                return None
            return Path(rest)
    return None


def workspace_label(url: str) -> str:
    """A short name for the workspace: the SQLite file name or database@host (no password)."""
    path = sqlite_file(url)
    if path is not None:
        return path.name
    from sqlalchemy.engine import make_url  # only for server URLs: start-up stays light
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite":
        if not database or database == ":memory:":
            return "内存数据库"
        return database.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{database}@{parsed.host or 'localhost'}"
