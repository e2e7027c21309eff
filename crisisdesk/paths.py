"""Where CrisisDesk keeps its files: shipped resources and the user's directories."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from crisisdesk import APP_NAME, APP_ORG

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    """The user data directory (workspaces live here); CRISISDESK_HOME overrides it."""
    override = os.environ.get("CRISISDESK_HOME")
    if override:
        return Path(override) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, APP_ORG))


def config_dir() -> Path:
    """The user configuration directory (settings.json)."""
    override = os.environ.get("CRISISDESK_HOME")
    if override:
        return Path(override) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, APP_ORG))


def cache_dir() -> Path:
    """The user cache directory (segmenter caches and other rebuildable files)."""
    override = os.environ.get("CRISISDESK_HOME")
    if override:
        return Path(override) / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_ORG))


def default_workspace() -> Path:
    """The SQLite file used when nothing else is configured."""
    return data_dir() / "workspace.sqlite3"


def demo_workspace() -> Path:
    """The SQLite file of the demo workspace that `make run` opens."""
    return data_dir() / "demo.sqlite3"
