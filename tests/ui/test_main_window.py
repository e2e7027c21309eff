"""The main window: opens on real rows, builds panes lazily, status bar, workspaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from crisisdesk.errors import DatabaseOpenError
from crisisdesk.storage.db import Database
from crisisdesk.ui import main_window as main_window_module
from crisisdesk.ui.main_window import MainWindow
from crisisdesk.ui.panes.activities import ActivitiesPane
from crisisdesk.ui.panes.inbox import InboxPane
from crisisdesk.ui.panes.templates import TemplatesPane
from crisisdesk.ui.panes.trends import TrendsPane
from crisisdesk.ui.workspace import new_sqlite_workspace, open_existing_sqlite
from tests.ui.workspace_data import fill, new_db


def _window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    return window


def test_opens_on_the_inbox_with_rows(qtbot: QtBot, workspace: Database) -> None:
    window = _window(qtbot, workspace)
    inbox = window.pane("inbox")
    assert isinstance(inbox, InboxPane)
    assert window.tabs.current_key() == "inbox"
    assert inbox.is_loaded()
    assert inbox.model.rowCount() == 30
    assert "共 30 条评论" in inbox.count_label.text()
    assert inbox.detail.text.toPlainText() != ""  # the newest comment is open


def test_panes_are_built_only_when_first_shown(qtbot: QtBot, workspace: Database) -> None:
    window = _window(qtbot, workspace)
    assert window.pane("trends") is None
    assert window.pane("templates") is None
    assert window.pane("activities") is None
    trends = window.show_pane("trends")
    assert isinstance(trends, TrendsPane) and trends.is_loaded()
    assert window.pane("trends") is trends
    assert window.show_pane("trends") is trends  # built once
    xs, _ys = trends.charts.neg_curve.getData()
    assert xs is not None and len(xs) > 0  # the chart was filled from the trend buckets


def test_view_menu_shortcuts_switch_panes(qtbot: QtBot, workspace: Database) -> None:
    window = _window(qtbot, workspace)
    shortcuts = [a.shortcut().toString() for a in window.pane_actions.values()]
    assert shortcuts == ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"]
    window.pane_actions["activities"].trigger()
    assert window.tabs.current_key() == "activities"
    assert isinstance(window.pane("activities"), ActivitiesPane)
    window.pane_actions["accounts"].trigger()
    assert window.tabs.current_key() == "accounts"
    # The accounts pane brings the sync runner; it starts only when asked (run_gui does).
    assert window.sync_runner().service is not None


def test_templates_pane_lists_templates_and_shows_the_body(
    qtbot: QtBot, workspace: Database
) -> None:
    window = _window(qtbot, workspace)
    pane = window.show_pane("templates")
    assert isinstance(pane, TemplatesPane)
    assert pane.model.rowCount() == 2
    names = {pane.model.data(pane.model.index(r, 0)) for r in range(2)}
    assert names == {"停水致歉", "政策解读：阶梯水价"}
    pane.view.selectRow(pane.model.row_of(1))
    assert pane.body.toPlainText() == "您好，给您带来不便，我们深表歉意。"
    assert "李审核" in pane.meta.text()


def test_activities_pane_lists_activities_plans_and_steps(
    qtbot: QtBot, workspace: Database
) -> None:
    window = _window(qtbot, workspace)
    pane = window.show_pane("activities")
    assert isinstance(pane, ActivitiesPane)
    assert pane.activities.data(pane.activities.index(0, 0)) == "供水服务满意度问卷"
    assert pane.plans.rowCount() == 1
    assert pane.steps.rowCount() == 2
    assert pane.steps.data(pane.steps.index(1, 4)) == "停水致歉"


def test_empty_workspace_shows_honest_empty_states(qtbot: QtBot, empty_workspace: Database) -> None:
    window = _window(qtbot, empty_workspace)
    inbox = window.pane("inbox")
    assert isinstance(inbox, InboxPane)
    assert inbox.stack.is_empty() and "暂无评论" in inbox.stack.label.text()
    templates = window.show_pane("templates")
    assert isinstance(templates, TemplatesPane)
    assert templates.list_stack.is_empty() and "暂无模板" in templates.list_stack.label.text()
    trends = window.show_pane("trends")
    assert isinstance(trends, TrendsPane) and trends.chart_stack.is_empty()
    assert window.status.level_label.text() == "无预警"
    assert window.status.level_label.toolTip() == "没有尚未确认的预警。"
    assert window.status.sync_label.text() == "尚未接入账号"


def test_status_bar_shows_sync_state_level_and_workspace(qtbot: QtBot, workspace: Database) -> None:
    window = _window(qtbot, workspace)
    assert window.status.sync_label.text() == "账号同步：1 个正常，1 个异常（共 2 个）"
    # The gravest alert not yet acknowledged, said as such (the index now may be lower).
    assert window.status.level_label.text() == "黄色预警（待确认）"
    assert "预警中心" in window.status.level_label.toolTip()
    assert "#f2c200" in window.status.level_label.styleSheet()
    assert window.status.workspace_label.text() == "工作区：ws.sqlite3"


def test_switching_workspace_reopens_the_window(
    qtbot: QtBot, workspace: Database, tmp_path: Path
) -> None:
    window = _window(qtbot, workspace)
    other = new_db(tmp_path, "other.sqlite3")
    fill(other, comments=5, with_extras=False)
    replacement = window.open_replacement(other)
    qtbot.addWidget(replacement)
    assert not window.isVisible()
    inbox = replacement.pane("inbox")
    assert isinstance(inbox, InboxPane) and inbox.model.rowCount() == 5
    assert replacement.workspace == "other.sqlite3"


def test_a_failed_switch_says_why_and_keeps_the_window(
    qtbot: QtBot, workspace: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        main_window_module, "show_message", lambda _p, text, **_k: shown.append(text)
    )
    window = _window(qtbot, workspace)
    missing = tmp_path / "missing.sqlite3"
    window._switch(lambda: open_existing_sqlite(missing))
    assert window.isVisible()
    assert shown and "找不到工作区文件" in shown[0]
    assert not missing.exists()


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "contacts.sqlite3"
    engine = create_engine(f"sqlite:///{foreign}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE people (name TEXT)"))
    engine.dispose()
    before = foreign.read_bytes()
    with pytest.raises(DatabaseOpenError, match="不是 CrisisDesk 工作区"):
        open_existing_sqlite(foreign)
    with pytest.raises(DatabaseOpenError, match="已存在"):
        new_sqlite_workspace(foreign)
    assert foreign.read_bytes() == before


def test_geometry_is_kept_between_windows(
    qtbot: QtBot, workspace: Database, tmp_path: Path
) -> None:
    window = _window(qtbot, workspace)
    window.resize(640, 480)  # within the offscreen screen, which restoreGeometry clamps to
    window.close()
    again = new_db(tmp_path, "again.sqlite3")
    second = _window(qtbot, again)
    assert (second.width(), second.height()) == (640, 480)
    assert main_window_module.settings().value("main/geometry") is not None


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_bytes(b"meeting notes, not a database" * 100)
    before = notes.read_bytes()
    with pytest.raises(DatabaseOpenError, match="不是 SQLite 数据库"):
        open_existing_sqlite(notes)
    assert notes.read_bytes() == before


def test_messages_never_block_without_a_display(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    from crisisdesk.ui.messages import show_message

    show_message(None, "<b>无法打开</b>", title="CrisisDesk")
    assert "CrisisDesk: <b>无法打开</b>" in capsys.readouterr().err


def test_a_chart_click_opens_the_inbox_filtered(qtbot: QtBot, workspace: Database) -> None:
    from crisisdesk.services.inbox_filters import InboxFilter

    window = _window(qtbot, workspace)
    trends = window.show_pane("trends")
    trends.open_inbox_filter.emit(InboxFilter(sentiments=("negative",)).to_dict())  # type: ignore[attr-defined]
    assert window.tabs.current_key() == "inbox"
    inbox = window.pane("inbox")
    assert isinstance(inbox, InboxPane)
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 10, timeout=5000)
