"""UI test set-up: offscreen Qt, background ops run inline, window state kept in a temp dir."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from crisisdesk.storage.db import Database
from crisisdesk.ui import ops
from tests.ui.workspace_data import fill, new_db


@pytest.fixture(autouse=True)
def sync_ops() -> Iterator[None]:
    """Run every background op inline, like Picard's FakeThreadPool."""
    ops.set_sync_mode(True)
    yield
    ops.set_sync_mode(False)


@pytest.fixture(autouse=True)
def gui_thread_collection() -> Iterator[None]:
    """No cyclic collection during a test, then a full one here, on the GUI thread.

    Python collects in whichever thread passes the allocation threshold; a Qt object caught
    in a reference cycle must not be destroyed on a sync or background thread (a crash).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if was_enabled:
        gc.enable()


@pytest.fixture(autouse=True, scope="session")
def private_qsettings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep window geometry written by tests out of the user's configuration."""
    path = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, path)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Database]:
    """A workspace with 30 comments and one of everything else."""
    db = new_db(tmp_path)
    fill(db, comments=30)
    yield db
    db.dispose()


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Iterator[Database]:
    """A migrated workspace with no rows."""
    db = new_db(tmp_path)
    yield db
    db.dispose()
