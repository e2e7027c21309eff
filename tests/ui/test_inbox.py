"""The inbox list: lazy keyset paging from both ends, keyboard navigation, countdowns, plain text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from crisisdesk.services.inbox import Inbox
from crisisdesk.storage.db import Database
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.panes.inbox import InboxPane
from crisisdesk.ui.panes.inbox_model import COL_DUE, COL_TEXT, OVERDUE_COLOR, InboxModel
from tests.ui.test_inbox_fixtures import make_pane, no_sticky_modifiers, seeded, seeded_file
from tests.ui.workspace_data import HOSTILE_TEXT, fill, new_db

__all__ = ["no_sticky_modifiers", "seeded", "seeded_file"]


@pytest.fixture(scope="module")
def big_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20,000-comment workspace, built once for this module."""
    path = tmp_path_factory.mktemp("big")
    db = new_db(path)
    fill(db, comments=20_000, with_extras=False)
    db.dispose()
    return path


@pytest.fixture
def big(big_path: Path) -> Iterator[Database]:
    db = new_db(big_path)
    yield db
    db.dispose()


def _pane(qtbot: QtBot, db: Database) -> InboxPane:
    pane = InboxPane(db, ChangesBridge(), operator="tester")
    qtbot.addWidget(pane)
    pane.resize(1400, 800)
    pane.show()
    qtbot.waitUntil(pane.is_loaded)
    return pane


class _Spy:
    """Counts the inbox service calls the model makes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.limits: list[int] = []
        self.backward: list[bool] = []
        self.row_batches: list[int] = []
        real_page, real_rows = Inbox.page_ids, Inbox.rows

        def page_ids(inbox: Inbox, *args: Any, **kwargs: Any) -> tuple[list[int], str | None]:
            self.limits.append(kwargs["limit"])
            self.backward.append(bool(kwargs.get("backward")))
            return real_page(inbox, *args, **kwargs)

        def rows(inbox: Inbox, ids: Sequence[int], **kwargs: Any) -> Any:
            self.row_batches.append(len(ids))
            return real_rows(inbox, ids, **kwargs)

        monkeypatch.setattr(Inbox, "page_ids", page_ids)
        monkeypatch.setattr(Inbox, "rows", rows)


def test_scrolling_fetches_pages_never_the_whole_table(
    qtbot: QtBot, big: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    pane = _pane(qtbot, big)
    model = pane.model
    assert model.loaded_ids() == InboxModel.PAGE_SIZE
    assert "共 20,000 条评论" in pane.count_label.text()
    for expected_pages in range(2, 6):
        pane.view.scrollToBottom()
        qtbot.waitUntil(lambda n=expected_pages: model.loaded_ids() == n * InboxModel.PAGE_SIZE)
    assert model.loaded_ids() == 5 * InboxModel.PAGE_SIZE < 20_000
    assert max(spy.limits) == InboxModel.PAGE_SIZE
    assert max(spy.row_batches) <= InboxModel.ROW_WINDOW
    first, last = model.row_for(0), model.row_for(model.rowCount() - 1)
    assert first is not None and last is not None and first.created_at > last.created_at


def test_jumping_to_the_end_reads_the_last_page_only(
    qtbot: QtBot, big: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    pane = _pane(qtbot, big)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    model = pane.model
    qtbot.waitUntil(lambda: model.at_end() and not model.at_top())
    assert model.loaded_ids() == InboxModel.PAGE_SIZE and spy.backward[-1]
    oldest = model.row_for(model.rowCount() - 1)
    assert oldest is not None and oldest.text == "第19999条评论：小区停水什么时候恢复？"
    assert pane.view.currentIndex().row() == model.rowCount() - 1
    # Scrolling back up reads the page above, still without the middle of the list.
    pane.view.scrollToTop()
    qtbot.waitUntil(lambda: model.loaded_ids() == 2 * InboxModel.PAGE_SIZE)
    above = model.row_for(0)
    assert above is not None and above.created_at > oldest.created_at
    assert sum(spy.row_batches) < 1000


def test_row_cache_is_bounded(qtbot: QtBot, big: Database) -> None:
    model = InboxModel(Inbox(big))
    model.reload()
    while model.loaded_ids() < 3000:
        model.fetchMore()
    for row in range(0, 3000, 50):
        model.row_for(row)
    assert model.cached_rows() <= InboxModel.CACHE_SIZE
    assert model.row_for(0) is not None  # evicted rows are simply rebuilt


def test_markup_in_a_comment_is_shown_as_typed(qtbot: QtBot, workspace: Database) -> None:
    pane = _pane(qtbot, workspace)
    model = pane.model
    assert model.data(model.index(0, COL_TEXT)) == HOSTILE_TEXT
    tooltip = model.data(model.index(0, COL_TEXT), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;粗体&lt;/b&gt;&lt;img src=x&gt;" in tooltip and "<img" not in tooltip
    pane.select_row(0)
    assert pane.detail.text.toPlainText() == HOSTILE_TEXT
    assert HOSTILE_TEXT in pane.detail.boxes["thread"].toPlainText()
    for label in pane.findChildren(QLabel):
        if HOSTILE_TEXT in label.text() or "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def test_multiline_text_is_one_line_in_the_table(qtbot: QtBot, tmp_path: Path) -> None:
    from sqlalchemy import update

    from crisisdesk.storage.schema import Comment

    db = new_db(tmp_path)
    fill(db, comments=3, with_extras=False)
    with db.session() as s:
        s.execute(update(Comment).where(Comment.id == 2).values(text="第一行\n第二行\t结尾"))
    pane = _pane(qtbot, db)
    assert pane.model.data(pane.model.index(1, COL_TEXT)) == "第一行 第二行 结尾"
    db.dispose()


def test_keyboard_moves_through_the_list_and_reaches_search(qtbot: QtBot, seeded: Database) -> None:
    pane = make_pane(qtbot, seeded)
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)  # shortcuts go to the active window only
    pane.view.setFocus()
    assert pane.view.currentIndex().row() == 0
    first = pane.detail.detail
    qtbot.keyClick(pane.view, Qt.Key.Key_J)
    qtbot.keyClick(pane.view, Qt.Key.Key_J)
    assert pane.view.currentIndex().row() == 2
    qtbot.keyClick(pane.view, Qt.Key.Key_K)
    assert pane.view.currentIndex().row() == 1
    qtbot.keyClick(pane.view, Qt.Key.Key_Down)
    assert pane.view.currentIndex().row() == 2
    assert pane.detail.detail is not None and first is not None
    assert pane.detail.detail.row.id == pane.model.comment_id(2) != first.row.id
    qtbot.keyClick(pane.view, Qt.Key.Key_R)
    assert pane.composer.isVisible() and pane.composer.row is not None
    assert pane.composer.row.id == pane.model.comment_id(2)
    qtbot.keyClick(pane.composer.editor, Qt.Key.Key_Escape)
    assert not pane.composer.isVisible()
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_Slash)
    assert pane.filters.search.hasFocus()
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.filters.search.hasFocus()
    # Letters typed in the search box are text, not shortcuts.
    qtbot.keyClicks(pane.filters.search, "je")
    assert pane.filters.search.text() == "je" and pane.view.currentIndex().row() == 2


def test_countdown_moves_each_minute_without_reading_rows(qtbot: QtBot, seeded: Database) -> None:
    pane = make_pane(qtbot, seeded)
    model = pane.model
    row = next(r for r in range(model.rowCount()) if (b := model.row_for(r)) and b.due_at)
    built = model.row_for(row)
    assert built is not None and built.due_at is not None
    loads = model.row_loads
    model.refresh_countdowns(built.due_at - timedelta(minutes=90))
    assert model.data(model.index(row, COL_DUE)) == "剩 1 小时 30 分"
    model.refresh_countdowns(built.due_at + timedelta(hours=3, minutes=5))
    assert model.data(model.index(row, COL_DUE)) == "超时 3 小时 5 分"
    brush = model.data(model.index(row, COL_DUE), Qt.ItemDataRole.ForegroundRole)
    assert brush == OVERDUE_COLOR
    assert model.row_loads == loads
    assert pane.countdown.isActive() and pane.countdown.interval() == 60_000
