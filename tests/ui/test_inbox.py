"""The inbox: lazy keyset paging over many comments, and untrusted text shown as plain text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crisisdesk.services import views
from crisisdesk.storage.db import Database
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.panes.inbox import InboxPane
from crisisdesk.ui.panes.inbox_model import COL_TEXT, InboxModel
from tests.ui.workspace_data import HOSTILE_TEXT, fill, new_db


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
    pane = InboxPane(db, ChangesBridge())
    qtbot.addWidget(pane)
    pane.resize(1200, 700)
    pane.show()
    return pane


def test_scrolling_fetches_pages_never_the_whole_table(
    qtbot: QtBot, big: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits: list[int] = []
    row_batches: list[int] = []
    real_page, real_rows = views.inbox_id_page, views.inbox_rows

    def page_spy(db: Database, **kwargs: Any) -> views.IdPage:
        limits.append(kwargs["limit"])
        return real_page(db, **kwargs)

    def rows_spy(db: Database, ids: Any) -> dict[int, views.InboxRow]:
        ids = list(ids)
        row_batches.append(len(ids))
        return real_rows(db, ids)

    monkeypatch.setattr(views, "inbox_id_page", page_spy)
    monkeypatch.setattr(views, "inbox_rows", rows_spy)
    pane = _pane(qtbot, big)
    model = pane.model
    assert model.loaded_ids() == InboxModel.PAGE_SIZE
    assert "共 20,000 条评论" in pane.count_label.text()
    for expected_pages in range(2, 6):
        pane.view.scrollToBottom()
        qtbot.waitUntil(lambda n=expected_pages: model.loaded_ids() == n * InboxModel.PAGE_SIZE)
    assert model.loaded_ids() == 5 * InboxModel.PAGE_SIZE < 20_000
    assert max(limits) == InboxModel.PAGE_SIZE
    assert max(row_batches) <= InboxModel.ROW_WINDOW
    assert len(model._cache) <= InboxModel.CACHE_SIZE
    # Rows keep the newest-first order across pages.
    last = model.row_for(model.rowCount() - 1)
    first = model.row_for(0)
    assert first is not None and last is not None and first.created_at > last.created_at


def test_row_cache_is_bounded(qtbot: QtBot, big: Database) -> None:
    model = InboxModel(big)
    model.reload()
    while model.loaded_ids() < 3000:
        model.fetchMore()
    for row in range(0, 3000, 50):
        model.row_for(row)
    assert len(model._cache) <= InboxModel.CACHE_SIZE
    assert model.row_for(0) is not None  # evicted rows are simply rebuilt


def test_markup_in_a_comment_is_shown_as_typed(qtbot: QtBot, workspace: Database) -> None:
    pane = _pane(qtbot, workspace)
    model = pane.model
    assert model.data(model.index(0, COL_TEXT)) == HOSTILE_TEXT
    tooltip = model.data(model.index(0, COL_TEXT), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;粗体&lt;/b&gt;&lt;img src=x&gt;" in tooltip and "<img" not in tooltip
    pane.view.selectRow(0)
    assert pane.detail.text.toPlainText() == HOSTILE_TEXT
    for label in pane.detail.fields.values():
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert pane.count_label.textFormat() == Qt.TextFormat.PlainText


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
