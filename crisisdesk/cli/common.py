"""Helpers shared by the command modules: opening the workspace the user named."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from crisisdesk.storage.locate import resolve_url

if TYPE_CHECKING:
    # Names only: the parser is built at every start (GUI too), before any database is needed.
    from sqlalchemy.orm import Session

    from crisisdesk.storage.db import Database


def workspace_url(args: argparse.Namespace, *, demo: bool = False) -> str:
    """The database URL for a command: --db, environment, settings, local workspace."""
    from crisisdesk.settings import load_settings

    explicit = getattr(args, "db", None)
    settings_url = None if explicit else load_settings().database_url
    return resolve_url(explicit, demo=demo, settings_url=settings_url)


def open_for_command(args: argparse.Namespace) -> Database:
    """Open, migrate and bootstrap the workspace of a command."""
    from crisisdesk.services.workspace import open_workspace

    return open_workspace(workspace_url(args))


@contextmanager
def workspace_session(args: argparse.Namespace) -> Iterator[Session]:
    """One transaction on the command's workspace; the database is closed afterwards."""
    db = open_for_command(args)
    try:
        with db.session() as session:
            yield session
    finally:
        db.dispose()


def actor() -> str:
    """Who the audit trail names for a command: the settings' operator, else the OS login."""
    from crisisdesk.services.workspace import local_username
    from crisisdesk.settings import load_settings

    return local_username(load_settings().operator)
