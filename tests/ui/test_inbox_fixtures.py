"""Shared set-up for the inbox pane tests: a bootstrapped workspace with real ingested comments."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from crisisdesk.domain import Role
from crisisdesk.services.workspace import ensure_operator, open_workspace
from crisisdesk.storage.db import Database, open_database
from crisisdesk.ui import ops
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.panes.inbox import InboxPane
from tests.services.test_inbox_fixtures import corpus, fill

WAVE_TEXT = "系统崩了，交不了费，到底什么时候能好"
WAVE_SIZE = 30


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace (views, default templates) with 330 ingested comments incl. one big wave."""
    path = tmp_path_factory.mktemp("inbox-ui") / "seed.sqlite3"
    db = open_workspace(f"sqlite:///{path}")
    fill(db, [*corpus(300), *[WAVE_TEXT] * WAVE_SIZE])
    with db.session() as s:
        ensure_operator(s, "zhangmin", display_name="张敏", roles=[Role.OPERATOR])
        ensure_operator(s, "liqiang", display_name="李强", roles=[Role.REVIEWER, Role.OPERATOR])
        ensure_operator(s, "wangfang", display_name="王芳", roles=[Role.CRISIS_LEAD, Role.REVIEWER])
    db.dispose()
    return path


@pytest.fixture
def seeded(seeded_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the seeded workspace for one test."""
    copy = tmp_path / "ws.sqlite3"
    shutil.copy(seeded_file, copy)
    db = open_database(f"sqlite:///{copy}")
    yield db
    db.dispose()


@pytest.fixture(autouse=True)
def no_sticky_modifiers(qtbot: QtBot) -> Iterator[None]:
    """Ctrl pressed through QTest stays "held" for Qt until the next plain key: release it, so
    later tests' selectRow does not toggle (a module imports this fixture to use it)."""
    yield
    probe = QLineEdit()
    qtbot.addWidget(probe)
    qtbot.keyClick(probe, Qt.Key.Key_Escape)


def make_pane(qtbot: QtBot, db: Database, operator: str = "liqiang") -> InboxPane:
    """An inbox pane acting as `operator`, shown and loaded."""
    pane = InboxPane(db, ChangesBridge(), operator=operator)
    qtbot.addWidget(pane)
    pane.resize(1500, 850)
    pane.show()
    qtbot.waitUntil(pane.is_loaded)
    assert pane.me is not None and pane.me.username == operator
    return pane


def settle(pane: InboxPane) -> None:
    """Deliver pending change events now (the bridge coalesces them on a timer)."""
    pane.changes.flush()
    ops.wait_idle()


def row_with(pane: InboxPane, predicate: object) -> int:
    """The first loaded row whose InboxRow satisfies predicate."""
    model = pane.model
    for r in range(model.rowCount()):
        row = model.row_for(r)
        if row is not None and callable(predicate) and predicate(row):
            return r
    raise AssertionError("no such row loaded")
