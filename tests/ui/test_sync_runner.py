"""SyncRunner: starts only with a syncable account, syncs in its own thread, reports one status line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from crisisdesk.domain import AccountStatus, Platform, ReplyState
from crisisdesk.services.accounts import AccountView, add_account
from crisisdesk.services.ingest import Ingestor
from crisisdesk.services.sync import SyncOutcome
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, Reply
from crisisdesk.ui.sync_runner import SyncRunner, summarize
from tests.fakes.keyring_memory import MemoryKeyring
from tests.fakes.weibo import WeiboFake
from tests.services.test_ingest import fake_analyze

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


@pytest.fixture
def runner(empty_workspace: Database, memory_keyring: MemoryKeyring) -> Iterator[SyncRunner]:
    runner = SyncRunner(
        empty_workspace, ingestor=Ingestor(empty_workspace, analyze=fake_analyze), actor="tester"
    )
    yield runner
    runner.stop()


def _view(status: AccountStatus, platform: Platform = Platform.WEIBO, **kw: object) -> AccountView:
    view = AccountView(
        id=1,
        platform=platform,
        name="a",
        display_name="a",
        base_url=None,
        paused=status is AccountStatus.PAUSED,
        status=status,
        message=None,
        last_success_at=None,
        next_attempt_at=None,
        token_expires_at=None,
        refresh_expires_at=None,
        comment_count=0,
    )
    return replace(view, **kw)  # type: ignore[arg-type]


def test_summary_names_the_worst_state() -> None:
    ok = _view(AccountStatus.OK)
    assert summarize([ok] * 4, NOW) == ("同步：4 个账号正常", AccountStatus.OK)
    text, worst = summarize([ok, ok, ok, _view(AccountStatus.AUTH_EXPIRED)], NOW)
    assert worst is AccountStatus.AUTH_EXPIRED
    assert text == "同步：1 个账号授权已过期，3 个正常"
    text, worst = summarize(
        [ok, _view(AccountStatus.PAUSED), _view(AccountStatus.RATE_LIMITED)], NOW
    )
    assert (
        worst is AccountStatus.RATE_LIMITED
        and text == "同步：1 个账号频率受限，1 个已暂停，1 个正常"
    )
    # File imports do not sync and do not count.
    assert (
        summarize([_view(AccountStatus.NEVER, Platform.FILE)], NOW)[0] == "同步：尚未接入在线账号"
    )
    soon = _view(AccountStatus.OK, token_expires_at=NOW + timedelta(days=2))
    assert summarize([soon, ok], NOW)[0] == "同步：2 个账号正常（1 个账号授权即将到期）"


def test_starts_with_the_first_account_and_reports_status(
    qtbot: QtBot, empty_workspace: Database, runner: SyncRunner, weibo: WeiboFake
) -> None:
    db = empty_workspace
    weibo.add_comments(5)
    seen: list[tuple[str, AccountStatus]] = []
    runner.status_changed.connect(lambda text, worst: seen.append((text, worst)))
    runner.start()
    assert not runner.is_running()  # nothing to sync yet
    assert seen[-1] == ("同步：尚未接入在线账号", AccountStatus.NEVER)

    add_account(
        db,
        runner.store,
        platform=Platform.WEIBO,
        name="滨江发布",
        base_url=weibo.url,
        credentials={"access_token": "good-token", "uid": weibo.uid},
        actor="tester",
    )
    runner.changes.flush()
    assert runner.is_running()
    # The schedule thread fetches the new account at once; its status arrives as a signal.
    qtbot.waitUntil(lambda: seen[-1] == ("同步：1 个账号正常", AccountStatus.OK), timeout=15000)
    with db.session() as s:
        assert s.query(Comment).count() == 5
    runner.stop()
    assert not runner.is_running()


def test_start_recovers_interrupted_replies(
    empty_workspace: Database, runner: SyncRunner, weibo: WeiboFake
) -> None:
    db = empty_workspace
    view = add_account(
        db,
        runner.store,
        platform=Platform.WEIBO,
        name="滨江发布",
        base_url=weibo.url,
        credentials={"access_token": "good-token"},
        actor="tester",
    )
    runner.set_paused(view.id, True)  # keep the schedule away from the fake for this test
    weibo.add_comments(1)
    runner.sync_now(view.id)  # paused: nothing is fetched
    with db.session() as s:
        assert s.query(Comment).count() == 0
    runner.set_paused(view.id, False)
    outcomes: list[object] = []
    runner.sync_finished.connect(outcomes.append)
    runner.sync_now(view.id)
    assert outcomes and outcomes[0].new_comments == 1  # type: ignore[attr-defined]
    with db.session() as s:
        comment = s.query(Comment).one()
        s.add(
            Reply(
                comment_id=comment.id,
                text="您好",
                state=ReplyState.SENDING.value,
                idempotency_key="k1",
            )
        )
    runner.set_paused(view.id, True)
    runner.start()
    with db.session() as s:
        assert s.query(Reply).one().state == ReplyState.FAILED.value
    assert not runner.is_running()  # the only account is paused


def test_gui_thread_stays_free_with_real_threads(
    qtbot: QtBot, empty_workspace: Database, runner: SyncRunner, weibo: WeiboFake
) -> None:
    from crisisdesk.ui import ops
    from crisisdesk.ui.panes.accounts import AccountsPane

    ops.set_sync_mode(False)  # the autouse fixture restores inline ops afterwards
    weibo.add_comments(7)
    add_account(
        empty_workspace,
        runner.store,
        platform=Platform.WEIBO,
        name="滨江发布",
        base_url=weibo.url,
        credentials={"access_token": "good-token"},
        actor="tester",
    )
    pane = AccountsPane(empty_workspace, runner)
    qtbot.addWidget(pane)
    runner.start()
    qtbot.waitUntil(
        lambda: (
            pane.model.rowCount() == 1
            and pane.model.index(0, 2).data() == "正常"
            and pane.model.index(0, 6).data() == "7"
        ),
        timeout=15000,
    )
    weibo.add_comments(2)
    pane.select(pane.views[0].id)
    outcomes: list[SyncOutcome] = []
    runner.sync_finished.connect(outcomes.append)
    pane.sync_selected()

    def caught_up() -> bool:
        if outcomes and outcomes[-1].message == "已在同步中" and not ops.pending_ops():
            outcomes.clear()
            pane.sync_selected()  # the schedule's own pass had not quite finished
        return pane.model.index(0, 6).data() == "9"

    qtbot.waitUntil(caught_up, timeout=15000)
    runner.stop()
    assert ops.wait_idle(5000)
