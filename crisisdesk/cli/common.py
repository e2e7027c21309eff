"""Helpers shared by the command modules: opening the workspace the user named."""

from __future__ import annotations

import argparse

from crisisdesk.storage.db import Database, resolve_url


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
