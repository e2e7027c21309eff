"""Replying from the inbox through the fake Weibo server: template -> review -> approve -> sent,
a returned reply, a failed send retried, two operators racing, the length and watch-word checks."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from pytestqt.qtbot import QtBot

from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import Platform
from crisisdesk.services.accounts import ConnectorPool, add_account
from crisisdesk.services.ingest import Ingestor
from crisisdesk.services.sync import SyncService
from crisisdesk.services.templates import find_by_name
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import WatchList, WatchWord
from crisisdesk.ui.connectors import set_shared_pool
from crisisdesk.ui.panes.inbox import InboxPane
from tests.fakes.keyring_memory import MemoryKeyring
from tests.fakes.weibo import WeiboFake
from tests.services.test_ingest import fake_analyze
from tests.ui.test_inbox_fixtures import (
    make_pane,
    no_sticky_modifiers,
    seeded,
    seeded_file,
    settle,
)

__all__ = ["no_sticky_modifiers", "seeded", "seeded_file"]

FAST = {"timeout": 0.5, "connect_timeout": 0.5, "retries": 1, "backoff": 0.0,
        "requests_per_hour": 3_600_000, "burst": 10_000}  # fmt: skip
ACCOUNT = "滨江发布微博"


@pytest.fixture
def weibo(seeded: Database) -> Iterator[WeiboFake]:
    """A fake Weibo with 5 comments, synced into the workspace; the GUI's pool points at it."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    fake = WeiboFake()
    store = CredentialStore()
    add_account(
        seeded, store, platform=Platform.WEIBO, name=ACCOUNT, base_url=fake.url, settings=FAST,
        credentials={"access_token": "good-token", "uid": fake.uid}, actor="tester",
    )  # fmt: skip
    pool = ConnectorPool(store)
    fake.add_comments(5)
    SyncService(seeded, pool, ingestor=Ingestor(seeded, analyze=fake_analyze)).run_once()
    set_shared_pool(pool)
    yield fake
    set_shared_pool(None)
    fake.close()
    keyring.set_keyring(previous)


def _on_weibo(qtbot: QtBot, db: Database, operator: str) -> InboxPane:
    """A pane for `operator` showing the fake account's comments, newest selected."""
    pane = make_pane(qtbot, db, operator)
    box = pane.filters.account
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemText(i) == ACCOUNT))
    assert pane.model.rowCount() == 5
    pane.select_row(0)
    assert pane.detail.detail is not None
    return pane


def _template(db: Database, name: str) -> int:
    with db.session() as s:
        found = find_by_name(s, name)
        assert found is not None
        return found.id


def test_template_reply_is_reviewed_approved_and_sent(
    qtbot: QtBot, seeded: Database, weibo: WeiboFake
) -> None:
    zhang = _on_weibo(qtbot, seeded, "zhangmin")  # 回复岗: submits for review
    row = zhang.detail.detail.row if zhang.detail.detail else None
    assert row is not None
    zhang.open_composer()
    composer = zhang.composer
    assert composer.isVisible() and composer.suggestions.count() > 0
    assert not composer.send_button.isVisibleTo(composer)  # an operator may not send directly
    composer.search.setText("个人信息")
    composer.find_templates()
    assert any(
        "保护个人信息提醒" in composer.results.item(i).text()
        for i in range(composer.results.count())
    )
    composer.insert_template(_template(seeded, "保护个人信息提醒"))
    assert composer.fields["用户昵称"].text() == row.author_name  # filled from the comment
    assert composer.editor.toPlainText().startswith(f"{row.author_name}您好")
    composer.fields["用户昵称"].setText("王先生")
    composer.fields["用户昵称"].textEdited.emit("王先生")  # the live preview follows the field
    text = composer.editor.toPlainText()
    assert text.startswith("王先生您好") and "12345" in text
    assert composer.counter.text() == f"{len(text)} / 140 字"
    composer.submit_button.click()
    assert "已提交审核" in composer.status.text()
    li = _on_weibo(qtbot, seeded, "liqiang")  # 审核岗
    assert li.views.choose("待审核")
    assert li.model.rowCount() == 1 and li.model.comment_id(0) == row.id
    li.select_row(0)
    box = li.reply_box
    assert box.isVisible() and "待审核" in box.heading.text()
    assert box.text.toPlainText() == text
    box.approve_send_button.click()
    assert box.sending.state == "sent" and "已发送" in box.sending.label.text()
    assert [r.text for r in weibo.replies.values()] == [text]
    settle(zhang)
    replies_tab = zhang.detail.boxes["replies"].toPlainText()
    assert "已发送" in replies_tab and "本人直接发送" not in replies_tab
    history = zhang.detail.boxes["history"].toPlainText()
    assert "提交审核" in history and "批准回复" in history and "回复已发送" in history
    assert zhang.model.row_for(0) is not None and zhang.model.row_for(0).status == "replied"  # type: ignore[union-attr]


def test_a_returned_reply_goes_back_to_its_author_with_the_note(
    qtbot: QtBot, seeded: Database, weibo: WeiboFake
) -> None:
    zhang = _on_weibo(qtbot, seeded, "zhangmin")
    zhang.open_composer()
    zhang.composer.editor.setPlainText("您好，已收到。")
    zhang.composer.submit_button.click()
    li = _on_weibo(qtbot, seeded, "liqiang")
    li.select_row(0)
    li.reply_box.note.setText("请写明办理时限")
    li.reply_box.reject_button.click()
    assert "已退回" in li.reply_box.message.text()
    settle(zhang)
    zhang.composer.close_composer()
    zhang.open_composer()
    assert zhang.composer.note.isVisible() and "请写明办理时限" in zhang.composer.note.text()
    assert zhang.composer.editor.toPlainText() == "您好，已收到。"
    zhang.composer.editor.setPlainText("您好，已收到，将于3个工作日内答复。")
    zhang.composer.submit_button.click()
    assert "已提交审核" in zhang.composer.status.text()
    assert "待审核" in zhang.detail.boxes["replies"].toPlainText()
    assert len(weibo.replies) == 0


def test_a_failed_send_shows_the_reason_and_is_retried_once(
    qtbot: QtBot, seeded: Database, weibo: WeiboFake
) -> None:
    wang = _on_weibo(qtbot, seeded, "wangfang")  # 舆情应急岗: may send directly
    wang.open_composer()
    composer = wang.composer
    assert composer.send_button.isVisibleTo(composer)
    composer.editor.setPlainText("您好，情况已转相关部门核实，请留意后续回复。")
    weibo.server.inject(kind="status", status=503, path="comments/reply", times=3)
    composer.send_button.click()
    assert composer.sending.state == "failed"
    assert "发送失败" in composer.sending.label.text()
    assert composer.sending.retry_button.isVisibleTo(composer)
    assert len(weibo.replies) == 0
    weibo.server.clear_faults()
    composer.sending.retry_button.click()
    assert composer.sending.state == "sent" and "已发送" in composer.sending.label.text()
    assert len(weibo.replies) == 1


def test_two_operators_racing_to_reply_one_is_refused_with_the_reason(
    qtbot: QtBot, seeded: Database, weibo: WeiboFake
) -> None:
    li = _on_weibo(qtbot, seeded, "liqiang")
    wang = _on_weibo(qtbot, seeded, "wangfang")
    li.open_composer()
    wang.presence.beat()  # the next heartbeat shows who is drafting
    assert wang.detail.presence.isVisible() and "李强 正在起草回复" in wang.detail.presence.text()
    wang.open_composer()
    li.composer.editor.setPlainText("您好，已安排工作人员联系您。")
    wang.composer.editor.setPlainText("您好，问题已登记。")
    li.composer.send_button.click()
    wang.composer.send_button.click()
    assert li.composer.sending.state == "sent"
    assert wang.composer.sending.state == "refused"
    assert "已有其他回复正在发送或已发送" in wang.composer.sending.label.text()
    assert not wang.composer.sending.retry_button.isVisibleTo(wang.composer)
    assert len(weibo.replies) == 1


def test_length_and_watch_words_are_checked_before_a_reply_leaves(
    qtbot: QtBot, seeded: Database, weibo: WeiboFake
) -> None:
    with seeded.session() as s:
        watched = WatchList(name="敏感词")
        s.add(watched)
        s.flush()
        s.add(WatchWord(list_id=watched.id, word="内部消息"))
    wang = _on_weibo(qtbot, seeded, "wangfang")
    wang.open_composer()
    composer = wang.composer
    composer.editor.setPlainText("很" * 141)
    assert composer.counter.text() == "141 / 140 字" and not composer.ready()
    assert "超出平台每条 140 字的限制" in composer.checks.text()
    composer.editor.setPlainText("据内部消息，明天恢复。")
    assert "内部消息（敏感词）" in composer.checks.text() and composer.confirm.isVisible()
    assert not composer.ready()
    composer.confirm.setChecked(True)
    assert composer.ready()
    composer.editor.setPlainText("明天恢复供水。")
    assert not composer.confirm.isVisible() and composer.ready()
