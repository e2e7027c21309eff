"""Issue 5's bar on the demo workspace itself: find the negative comments about one subject,
answer one with a template through review, close a wave in one action, see it in the audit."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from crisisdesk.domain import CommentStatus, Platform, ReplyState
from crisisdesk.services.accounts import ConnectorPool
from crisisdesk.services.demo import build_demo
from crisisdesk.services.inbox import Inbox, InboxFilter
from crisisdesk.services.sync import SyncService
from crisisdesk.services.templates import find_by_name
from crisisdesk.storage.audit import verify_chain
from crisisdesk.storage.db import Database, open_database
from crisisdesk.storage.schema import Account, AuditEvent, Reply
from crisisdesk.ui.connectors import set_shared_pool
from tests.ui.test_inbox_fixtures import make_pane, row_with, settle

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo whose live drill has already played: its comments are in the inbox."""
    path = tmp_path_factory.mktemp("demo-walk") / "demo.sqlite3"
    url = f"sqlite:///{path}"
    build_demo(url, comments=400)
    db = open_database(url)
    with db.session() as s:
        drill = s.execute(
            select(Account).where(Account.platform == Platform.SIMULATOR.value)
        ).scalar_one()
        # The scenario started an hour ago: at 12x its four hours have all played.
        drill.settings = {**drill.settings, "started_at": time.time() - 3600}
        drill_id = drill.id
    pool = ConnectorPool()
    [outcome] = SyncService(db, pool).run_once([drill_id])
    assert outcome.new_comments > 100, outcome
    pool.close_all()
    db.dispose()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "demo.sqlite3"
    copy.write_bytes(demo_file.read_bytes())
    db = open_database(f"sqlite:///{copy}")
    pool = ConnectorPool()
    set_shared_pool(pool)
    yield db
    set_shared_pool(None)
    db.dispose()


def test_find_answer_through_review_close_the_wave_and_read_the_audit(
    qtbot: QtBot, demo: Database
) -> None:
    zhang = make_pane(qtbot, demo, "zhangmin")  # 回复岗
    box = zhang.filters.sentiment
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemText(i) == "负面"))
    zhang.filters.search.setText("社保")
    zhang.filters.search.returnPressed.emit()
    settle(zhang)
    qtbot.waitUntil(lambda: zhang.model.rowCount() > 0)
    rows = [zhang.model.row_for(r) for r in range(min(zhang.model.rowCount(), 50))]
    assert all(r is not None and r.sentiment == "negative" and "社保" in r.text for r in rows)

    # Answer a comment from the live drill account with a template, through review.
    r = row_with(zhang, lambda row: row.platform == Platform.SIMULATOR.value)
    zhang.select_row(r)
    target = zhang.detail.detail.row if zhang.detail.detail else None
    assert target is not None
    zhang.open_composer()
    composer = zhang.composer
    with demo.session() as s:
        template = find_by_name(s, "服务中断致歉")
        assert template is not None
    composer.insert_template(template.id)
    for name, field in composer.fields.items():
        if not field.text():
            field.setText("社保网上服务平台故障" if "事件" in name else "市人社局")
            field.textEdited.emit(field.text())
    qtbot.waitUntil(composer.submit_button.isEnabled)
    composer.submit_button.click()
    assert "已提交审核" in composer.status.text()

    li = make_pane(qtbot, demo, "liqiang")  # 审核岗
    assert li.views.choose("待审核")
    qtbot.waitUntil(lambda: li.model.rowCount() == 1)
    li.select_row(0)
    li.reply_box.approve_send_button.click()
    qtbot.waitUntil(lambda: li.reply_box.sending.state == "sent", timeout=10_000)
    with demo.session() as s:
        reply = s.execute(select(Reply).where(Reply.comment_id == target.id)).scalar_one()
        assert reply.state == ReplyState.SENT.value and reply.external_id

    # Close the rest of a copy-paste wave in one action.
    settle(zhang)
    w = row_with(zhang, lambda row: row.wave_id is not None and row.id != target.id)
    wave = zhang.model.row_for(w).wave_id  # type: ignore[union-attr]
    assert wave is not None
    zhang.triage.close_wave(wave, CommentStatus.HANDLED)
    settle(zhang)
    inbox = Inbox(demo)
    open_left = inbox.count(InboxFilter(wave_id=wave, statuses=("new", "in_progress")))
    assert open_left == 0

    # All of it is in the audit history, and the chain is intact.
    zhang.select_row(row_with(zhang, lambda row: row.id == target.id))
    settle(zhang)
    history = zhang.detail.boxes["history"].toPlainText()
    assert "提交审核" in history and "批准回复" in history and "回复已发送" in history
    with demo.session() as s:
        actions = set(s.execute(select(AuditEvent.action)).scalars())
        assert {"reply.submit", "reply.approve", "reply.sent", "triage.mark_handled"} <= actions
        assert s.execute(select(func.count()).select_from(AuditEvent)).scalar_one() > 3
        assert verify_chain(s).intact
