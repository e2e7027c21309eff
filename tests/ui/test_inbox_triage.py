"""Inbox flows: search, filters, views with counts, assign, bulk close a wave, undo, conflicts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crisisdesk.domain import CommentStatus, Sentiment
from crisisdesk.services.inbox import Inbox, InboxFilter
from crisisdesk.services.triage import Selection, Triage
from crisisdesk.storage.db import Database
from crisisdesk.ui.panes.inbox_model import COL_ASSIGNEE, COL_STATUS, COL_WAVE
from tests.ui.test_inbox_fixtures import (
    WAVE_SIZE,
    WAVE_TEXT,
    make_pane,
    no_sticky_modifiers,
    row_with,
    seeded,
    seeded_file,
    settle,
)

__all__ = ["no_sticky_modifiers", "seeded", "seeded_file"]


def _texts(pane: object) -> list[str]:
    model = pane.model  # type: ignore[attr-defined]
    return [r.text for i in range(model.rowCount()) if (r := model.row_for(i)) is not None]


def test_search_box_finds_two_character_words_and_phrases(qtbot: QtBot, seeded: Database) -> None:
    pane = make_pane(qtbot, seeded)
    expected = Inbox(seeded).count(InboxFilter(query="社保"))
    assert 0 < expected < 330
    pane.filters.search.insert("社保")  # as typed: the search starts when typing pauses
    qtbot.waitUntil(lambda: pane.model.filter.query == "社保")
    texts = _texts(pane)
    assert len(texts) == expected and all("社保" in t for t in texts)
    qtbot.waitUntil(lambda: f"共 {expected:,} 条评论" in pane.count_label.text())
    pane.filters.search.setText('"交不了费"')
    qtbot.keyClick(pane.filters.search, Qt.Key.Key_Return)
    texts = _texts(pane)
    assert len(texts) >= WAVE_SIZE and all("交不了费" in t for t in texts)


def test_filters_views_and_counts(qtbot: QtBot, seeded: Database) -> None:
    pane = make_pane(qtbot, seeded)
    counts = Inbox(seeded, operator_id=pane.me.id if pane.me else None).view_counts()
    names = {v.id: v.name for v in Inbox(seeded).views()}
    for view_id, n in counts.items():
        assert pane.views.count_of(names[view_id]) == n
    assert pane.views.choose("未处理负面")
    rows = [pane.model.row_for(i) for i in range(pane.model.rowCount())]
    assert rows and all(r is not None and r.sentiment == "negative" for r in rows)
    assert all(r is not None and r.status in ("new", "in_progress") for r in rows)
    # The bar narrows the view further: one intent, then the wave filter.
    pane.filters.intent.setCurrentIndex(pane.filters.intent.findData("complaint"))
    assert pane.model.filter.intents == ("complaint",) and pane.model.filter.sentiments
    pane.filters.wave.setCurrentIndex(1)
    assert all(
        r is not None and r.wave_id is not None
        for r in (pane.model.row_for(i) for i in range(pane.model.rowCount()))
    )
    # Save what is in force as the operator's own view: it appears in the side list, counted.
    pane.views.save_current(pane.filters.current(), name="负面投诉波次")
    assert pane.views.list.currentItem().text().startswith("负面投诉波次")
    saved = [v for v in Inbox(seeded, operator_id=pane.me.id).views() if v.name == "负面投诉波次"]
    assert saved and saved[0].filters == pane.filters.current() and not saved[0].builtin


def test_assign_shows_in_the_list_and_in_the_audit_history(qtbot: QtBot, seeded: Database) -> None:
    pane = make_pane(qtbot, seeded)
    zhang = next(c.value for c in pane.triage.options.operators if c.label == "张敏")
    pane.select_row(0)
    pane.view.selectionModel().select(
        pane.model.index(1, 0),
        pane.view.selectionModel().SelectionFlag.Select
        | pane.view.selectionModel().SelectionFlag.Rows,
    )
    chosen = [r.id for r in pane.selected_rows()]
    assert len(chosen) == 2
    pane.triage.assign(operator_id=zhang)
    settle(pane)
    assert [pane.model.data(pane.model.index(r, COL_ASSIGNEE)) for r in (0, 1)] == ["张敏"] * 2
    assert "已处理 2 条" in pane.status_line.text()
    history = pane.detail.boxes["history"].toPlainText()
    assert "liqiang" in history and "分派" in history
    pane.triage.tag("需回访")
    pane.triage.set_priority(2)
    pane.triage.correct_sentiment(Sentiment.POSITIVE)
    settle(pane)
    row = pane.model.row_for(0)
    assert row is not None and row.tags == ("需回访",) and row.priority == 2
    assert row.sentiment == "positive"
    assert "已人工更正" in pane.detail.fields["reading"].text()


def test_a_whole_wave_is_closed_in_one_go_and_undone(qtbot: QtBot, seeded: Database) -> None:
    pane = make_pane(qtbot, seeded)
    r = row_with(pane, lambda row: row.text == WAVE_TEXT)
    assert pane.model.data(pane.model.index(r, COL_WAVE)) == str(WAVE_SIZE)
    pane.select_row(r)
    wave = pane.selected_rows()[0].wave_id
    assert wave is not None
    pane.triage.close_wave(wave, CommentStatus.SPAM)
    settle(pane)
    inbox = Inbox(seeded)
    assert inbox.count(InboxFilter(wave_id=wave, statuses=("spam",))) == WAVE_SIZE
    assert pane.model.data(pane.model.index(r, COL_STATUS)) == "垃圾信息"
    assert f"已处理 {WAVE_SIZE} 条" in pane.status_line.text()
    pane.triage.undo()
    settle(pane)
    assert inbox.count(InboxFilter(wave_id=wave, statuses=("new",))) == WAVE_SIZE
    assert "已撤销" in pane.status_line.text()
    assert pane.model.data(pane.model.index(r, COL_STATUS)) == "未处理"


def test_keyboard_marks_done_and_undoes(qtbot: QtBot, seeded: Database) -> None:
    pane = make_pane(qtbot, seeded)
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)
    pane.view.setFocus()
    comment_id = pane.model.comment_id(0)
    qtbot.keyClick(pane.view, Qt.Key.Key_E)
    settle(pane)
    assert Inbox(seeded).rows([comment_id])[0].status == "handled"
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(pane)
    assert Inbox(seeded).rows([comment_id])[0].status == "new"


def test_a_colleague_changing_the_comment_first_is_reported_not_overwritten(
    qtbot: QtBot, seeded: Database
) -> None:
    pane = make_pane(qtbot, seeded)
    pane.select_row(0)
    seen = pane.selected_rows()
    colleague = Triage(seeded, operator_id=pane.triage.options.operators[0].value)
    colleague.mark(Selection.of(seen), CommentStatus.IGNORED)  # meanwhile, on another console
    pane.triage.mark(CommentStatus.HANDLED)  # with the version this operator saw
    assert pane.banner.isVisible()
    assert "已被他人修改" in pane.banner.text() and "未执行" in pane.banner.text()
    assert pane.banner.textFormat() == Qt.TextFormat.PlainText
    assert Inbox(seeded).rows([seen[0].id])[0].status == "ignored"
    assert pane.model.data(pane.model.index(0, COL_STATUS)) == "已忽略"  # re-read at once
