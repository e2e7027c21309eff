"""Start-up on a SQLite workspace: the newest rows at once, then the workspace opens behind them."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from crisisdesk import app as app_module
from crisisdesk.errors import UserFacingError
from crisisdesk.storage.db import Database
from crisisdesk.ui.main_window import PANE_KEYS, MainWindow
from crisisdesk.ui.panes.inbox import InboxPane
from crisisdesk.ui.panes.inbox_preview import InboxPreview


def _start(workspace: Database) -> MainWindow:
    started = app_module.start_gui(workspace.url, False)
    assert not isinstance(started, int)
    return started[1]


def test_rows_first_then_every_pane(qtbot: QtBot, workspace: Database) -> None:
    window = _start(workspace)
    qtbot.addWidget(window)
    # Shown before the workspace is open: the preview's rows, the other tabs waiting.
    assert not window.is_attached()
    preview = window.tabs.pane("inbox")
    assert isinstance(preview, InboxPreview)
    shown = [preview.model.comment_id(r) for r in range(preview.model.rowCount())]
    assert len(shown) == 30
    assert not window.tabs.isTabEnabled(PANE_KEYS.index("trends"))
    assert not window.pane_actions["templates"].isEnabled()
    assert window.statusBar().currentMessage() == "正在打开工作区……"
    qtbot.waitUntil(window.is_attached, timeout=10_000)
    # Open: the working pane has replaced the preview, with the same rows, and all tabs work.
    pane = window.pane("inbox")
    assert isinstance(pane, InboxPane)
    qtbot.waitUntil(pane.model.is_loaded, timeout=10_000)
    assert [pane.model.comment_id(r) for r in range(len(shown))] == shown
    assert all(window.tabs.isTabEnabled(i) for i in range(len(PANE_KEYS)))
    assert window.status is not None
    assert window.show_pane("templates") is not None


def test_a_workspace_that_fails_to_open_after_showing_exits_non_zero(
    qtbot: QtBot,
    workspace: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> Database:
        raise UserFacingError("工作区被另一程序锁定。", hint="请关闭该程序后重试。")

    monkeypatch.setattr(app_module, "open_gui_workspace", refuse)
    code = app_module.run_gui(workspace.url, demo=False)
    assert code != 0
    assert "工作区被另一程序锁定" in capsys.readouterr().err
    assert not any(w.isVisible() for w in MainWindow._open)
