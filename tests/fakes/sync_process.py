"""A workspace with one Weibo account that a `crisisdesk sync` child process can use (crash tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest

from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import Platform
from crisisdesk.services.accounts import add_account
from crisisdesk.services.workspace import open_workspace
from tests.fakes.keyring_file import ENV, SharedFileKeyring

ROOT = Path(__file__).resolve().parents[2]


def child_sync_workspace(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    name: str,
    base_url: str,
    settings: dict[str, Any],
    credentials: dict[str, str],
) -> tuple[str, list[str], dict[str, str]]:
    """(database URL, the `sync --once` command, its environment) for one Weibo account.

    The credentials go to a file keyring the child process reads too (the OS keyring of a test
    machine is not there to share).
    """
    monkeypatch.setenv(ENV, str(tmp_path / "keyring.json"))
    previous = keyring.get_keyring()
    keyring.set_keyring(SharedFileKeyring())
    url = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    db = open_workspace(url)
    try:
        add_account(
            db,
            CredentialStore(),
            platform=Platform.WEIBO,
            name=name,
            base_url=base_url,
            settings=settings,
            credentials=credentials,
            actor="tester",
        )
    finally:
        db.dispose()
        keyring.set_keyring(previous)
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "tests.fakes.keyring_file.SharedFileKeyring",
        "PYTHONPATH": str(ROOT),
    }
    return url, [sys.executable, "-m", "crisisdesk", "sync", "--once", "--db", url], env
