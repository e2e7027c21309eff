"""Shared set-up for the templates pane tests: a workspace with the default library, panes that clean up."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from pytestqt.qtbot import QtBot

from crisisdesk.services.templates import ensure_default_library
from crisisdesk.storage.db import Database
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.panes.templates import TemplatesPane
from tests.ui.workspace_data import fill, new_db


def build_library(tmp_path: Path) -> Database:
    """30 comments, the two test templates and the shipped default library of 51."""
    db = new_db(tmp_path)
    fill(db, comments=30)
    with db.session() as s:
        assert ensure_default_library(s) == 51
    return db


class PaneFactory:
    """Makes panes and deletes them deterministically (a top-level pane collected by Python's
    garbage collector would be destroyed at an arbitrary moment)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self._made: list[tuple[TemplatesPane, ChangesBridge]] = []

    def __call__(self, db: Database, username: str = "tester") -> TemplatesPane:
        """A shown pane acting as `username` (a new username gets every role)."""
        bridge = ChangesBridge()
        pane = TemplatesPane(db, bridge, username=username)
        self._made.append((pane, bridge))
        pane.resize(1400, 900)
        pane.show()
        assert pane.is_loaded()
        return pane

    def close(self) -> None:
        """Stop listening for changes and delete every pane made."""
        for pane, bridge in self._made:
            bridge.close()
            pane.close()
            shiboken6.delete(pane)
            shiboken6.delete(bridge)
        self._made.clear()
