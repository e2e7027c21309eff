"""The accounts pane and its dialogs against the fake Weibo server and an in-memory keyring."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import AccountStatus, Platform
from crisisdesk.services.accounts import AccountView, add_account, list_accounts
from crisisdesk.services.ingest import Ingestor
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, AuditEvent
from crisisdesk.ui.dialogs.account_dialog import AccountDialog
from crisisdesk.ui.dialogs.account_pages import WeChatPage, WeiboPage
from crisisdesk.ui.dialogs.authorize_dialog import AuthorizeDialog
from crisisdesk.ui.panes.accounts import AccountsPane, RemoveAccountDialog, expiry_text
from crisisdesk.ui.sync_runner import SyncRunner
from tests.fakes.keyring_memory import MemoryKeyring
from tests.fakes.weibo import WeiboFake
from tests.services.test_ingest import fake_analyze


@pytest.fixture
def runner(empty_workspace: Database, memory_keyring: MemoryKeyring) -> Iterator[SyncRunner]:
    runner = SyncRunner(
        empty_workspace, ingestor=Ingestor(empty_workspace, analyze=fake_analyze), actor="tester"
    )
    yield runner
    runner.stop()


def _pane(qtbot: QtBot, db: Database, runner: SyncRunner) -> AccountsPane:
    pane = AccountsPane(db, runner)
    qtbot.addWidget(pane)
    pane.resize(1100, 400)
    pane.show()
    return pane


def _views(db: Database) -> list[AccountView]:
    with db.session() as session:
        return list_accounts(session)


def _fill_weibo(dialog: AccountDialog, fake: WeiboFake, token: str = "good-token") -> WeiboPage:
    dialog.set_platform(Platform.WEIBO)
    dialog.name.setText("滨江发布")
    dialog.base_url.setText(fake.url)
    page = dialog.page()
    assert isinstance(page, WeiboPage)
    page.token.setText(token)
    page.uid.setText(fake.uid)
    return page


def _row_text(pane: AccountsPane, row: int, column: int) -> str:
    return str(pane.model.index(row, column).data())


def test_add_test_and_sync_a_weibo_account(
    qtbot: QtBot,
    empty_workspace: Database,
    runner: SyncRunner,
    weibo: WeiboFake,
    memory_keyring: MemoryKeyring,
) -> None:
    db = empty_workspace
    weibo.add_comments(12)
    pane = _pane(qtbot, db, runner)
    assert pane.stack.is_empty()
    dialog = AccountDialog(db, store=runner.store, actor="tester")
    qtbot.addWidget(dialog)
    page = _fill_weibo(dialog, weibo)
    assert page.token.echoMode() == page.token.EchoMode.Password
    assert "api.weibo.com" in dialog.base_url.placeholderText()

    dialog.test_connection()
    assert dialog.feedback.kind == "ok", dialog.feedback.text()
    assert "授权有效" in dialog.feedback.text() and weibo.uid in dialog.feedback.text()

    dialog.save()
    assert dialog.view is not None and dialog.result() == dialog.DialogCode.Accepted
    # The token went to the keyring, not to the database.
    assert any("good-token" in v for v in memory_keyring.store.values())
    with db.session() as s:
        account = s.execute(select(Account)).scalar_one()
        assert "good-token" not in str(account.settings) and account.keyring_ref

    runner.changes.flush()
    assert pane.model.rowCount() == 1 and not pane.stack.is_empty()
    assert _row_text(pane, 0, 2) == AccountStatus.NEVER.label
    pane.select(dialog.view.id)
    pane.sync_selected()
    runner.changes.flush()
    assert _row_text(pane, 0, 2) == "正常"
    assert _row_text(pane, 0, 6) == "12"
    assert "新增 12 条评论" in pane.feedback.text()

    pane.test_selected()
    assert pane.feedback.kind == "ok" and "剩余调用次数" in pane.feedback.text()


def test_pause_and_resume(
    qtbot: QtBot, empty_workspace: Database, runner: SyncRunner, weibo: WeiboFake
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
    pane = _pane(qtbot, db, runner)
    pane.select(view.id)
    assert pane.pause_button.text() == "暂停" and pane.sync_button.isEnabled()
    pane.toggle_pause()
    runner.changes.flush()
    assert _views(db)[0].paused and _row_text(pane, 0, 2) == "已暂停"
    assert pane.pause_button.text() == "恢复" and not pane.sync_button.isEnabled()
    pane.toggle_pause()
    runner.changes.flush()
    assert not _views(db)[0].paused and pane.pause_button.text() == "暂停"


def test_insecure_keyring_shows_why_and_saves_nothing(
    qtbot: QtBot, empty_workspace: Database, weibo: WeiboFake
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = AccountDialog(empty_workspace, store=CredentialStore(), actor="tester")
        qtbot.addWidget(dialog)
        _fill_weibo(dialog, weibo)
        dialog.save()
    finally:
        keyring.set_keyring(previous)
    assert dialog.feedback.kind == "error"
    text = dialog.feedback.text()
    assert "无法安全保存账号授权信息" in text and "不会以明文保存" in text
    assert "GNOME Keyring" in text  # the hint says how to enable a keyring
    assert dialog.view is None and dialog.result() != dialog.DialogCode.Accepted
    assert _views(empty_workspace) == []


def test_form_problems_are_shown_before_anything_runs(
    qtbot: QtBot, empty_workspace: Database, memory_keyring: MemoryKeyring
) -> None:
    dialog = AccountDialog(empty_workspace, store=CredentialStore(), actor="tester")
    qtbot.addWidget(dialog)
    dialog.set_platform(Platform.WECHAT)
    page = dialog.page()
    assert isinstance(page, WeChatPage)
    dialog.name.setText("公众号")
    page.appid.setText("wx123")
    page.secret.setText("s3cret")
    page.articles.setPlainText("2247483650:0\nnot-an-article:x")
    dialog.save()
    assert dialog.feedback.kind == "error" and "公众号文章标识有误" in dialog.feedback.text()
    page.articles.setPlainText("2247483650:0, 2247483651:1")
    assert page.settings()["articles"] == ["2247483650:0", "2247483651:1"]
    dialog.save()
    assert dialog.view is not None
    assert {"appid": "wx123", "secret": "s3cret"}.items() <= memory_keyring_bundle(
        memory_keyring
    ).items()


def memory_keyring_bundle(backend: MemoryKeyring) -> dict[str, str]:
    import json

    [raw] = backend.store.values()
    bundle: dict[str, str] = json.loads(raw)
    return bundle


def test_simulator_page_lists_scenarios(qtbot: QtBot, empty_workspace: Database) -> None:
    dialog = AccountDialog(empty_workspace, store=CredentialStore(), actor="tester")
    qtbot.addWidget(dialog)
    dialog.set_platform(Platform.SIMULATOR)
    settings = dialog.page().settings()
    assert settings["scenario"] and settings["account"] and settings["speed"] == 60.0
    dialog.test_connection()  # the simulator needs no network
    assert dialog.feedback.kind == "ok", dialog.feedback.text()


def test_remove_refuses_comments_unless_ticked(
    qtbot: QtBot, workspace: Database, memory_keyring: MemoryKeyring
) -> None:
    runner = SyncRunner(workspace, actor="tester")
    try:
        pane = _pane(qtbot, workspace, runner)
        view = next(v for v in pane.views if v.comment_count)
        confirm = RemoveAccountDialog(view)
        qtbot.addWidget(confirm)
        ok = confirm.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()
        confirm.delete_comments.setChecked(True)
        assert ok.isEnabled()

        pane.remove(view, delete_comments=False)
        assert pane.feedback.kind == "error" and "条评论" in pane.feedback.text()
        assert len(_views(workspace)) == 2
        pane.remove(view, delete_comments=True)
        runner.changes.flush()
        assert [v.name for v in pane.views] == [v.name for v in _views(workspace)]
        assert view.name not in [v.name for v in pane.views]
        with workspace.session() as s:
            assert (
                s.scalar(
                    select(func.count())
                    .select_from(AuditEvent)
                    .where(AuditEvent.action == "account.remove")
                )
                == 1
            )
    finally:
        runner.stop()


def test_authorize_catches_the_redirect_and_stores_the_token(
    qtbot: QtBot,
    empty_workspace: Database,
    runner: SyncRunner,
    weibo: WeiboFake,
    memory_keyring: MemoryKeyring,
) -> None:
    db = empty_workspace
    view = add_account(
        db,
        runner.store,
        platform=Platform.WEIBO,
        name="滨江发布",
        base_url=weibo.url,
        credentials={"client_id": "appkey", "client_secret": "app-secret"},
        actor="tester",
    )
    weibo.codes["abc"] = "pending"
    opened: list[str] = []

    def browser(url: QUrl) -> bool:
        # Plays the user's browser: the platform redirects back with the code and the state.
        address = url.toString()
        opened.append(address)
        query = parse_qs(urlsplit(address).query)
        target = f"{query['redirect_uri'][0]}?code=abc&state={query['state'][0]}"
        threading.Thread(target=lambda: urllib.request.urlopen(target, timeout=5).read()).start()
        return True

    dialog = AuthorizeDialog(db, store=runner.store, account=view, open_url=browser, port=0)
    qtbot.addWidget(dialog)
    assert dialog.client_id.text() == "appkey"  # read back from the keyring
    with qtbot.waitSignal(dialog.authorized, timeout=10000):
        dialog.start()
    assert opened and opened[0].startswith(weibo.url + "/oauth2/authorize?")
    assert dialog.feedback.kind == "ok" and "授权有效期至" in dialog.feedback.text()
    assert dialog.expires_at is not None
    bundle = runner.store.get("weibo:滨江发布")
    assert bundle is not None and bundle["access_token"].startswith("tok-")
    assert bundle["client_id"] == "appkey" and bundle["uid"] == weibo.uid
    dialog.close()


def test_authorize_with_a_pasted_code(
    qtbot: QtBot, empty_workspace: Database, runner: SyncRunner, weibo: WeiboFake
) -> None:
    view = add_account(
        empty_workspace,
        runner.store,
        platform=Platform.WEIBO,
        name="滨江发布",
        base_url=weibo.url,
        credentials={"client_id": "appkey", "client_secret": "app-secret"},
        actor="tester",
    )
    dialog = AuthorizeDialog(empty_workspace, store=runner.store, account=view, port=0)
    qtbot.addWidget(dialog)
    dialog.pasted.setText("http://127.0.0.1:8710/callback?error=access_denied")
    dialog.submit_pasted()
    assert dialog.feedback.kind == "error" and "未同意授权" in dialog.feedback.text()
    dialog.pasted.setText("wrong-code")
    dialog.submit_pasted()
    assert dialog.feedback.kind == "error"
    weibo.codes["xyz"] = "pending"
    dialog.pasted.setText("  xyz ")
    dialog.submit_pasted()
    assert dialog.feedback.kind == "ok", dialog.feedback.text()
    stored = runner.store.get("weibo:滨江发布")
    assert stored is not None and stored["access_token"].startswith("tok-")


def test_expired_token_shows_status_and_expiry_warning(
    qtbot: QtBot, empty_workspace: Database, runner: SyncRunner, weibo: WeiboFake
) -> None:
    view = add_account(
        empty_workspace,
        runner.store,
        platform=Platform.WEIBO,
        name="滨江发布",
        base_url=weibo.url,
        credentials={"access_token": "revoked"},
        actor="tester",
    )
    pane = _pane(qtbot, empty_workspace, runner)
    pane.select(view.id)
    pane.sync_selected()
    runner.changes.flush()
    assert _row_text(pane, 0, 2) == "授权已过期"
    assert "授权" in pane.feedback.text()
    assert runner.worst is AccountStatus.AUTH_EXPIRED


def test_expiry_text_warns_within_seven_days() -> None:
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    base = AccountView(
        id=1,
        platform=Platform.DOUYIN,
        name="抖音",
        display_name="抖音",
        base_url=None,
        paused=False,
        status=AccountStatus.OK,
        message=None,
        last_success_at=None,
        next_attempt_at=None,
        token_expires_at=now + timedelta(days=30),
        refresh_expires_at=None,
        comment_count=0,
    )
    assert not expiry_text(base).startswith(("即将", "已过期"))
    assert expiry_text(replace(base, token_expires_at=now + timedelta(days=6))).startswith(
        "即将到期"
    )
    soon_refresh = replace(base, refresh_expires_at=now + timedelta(days=2))
    assert expiry_text(soon_refresh).startswith("即将到期") and "刷新令牌" in expiry_text(
        soon_refresh
    )
    assert expiry_text(replace(base, token_expires_at=now - timedelta(days=1))).startswith("已过期")


def test_authorize_a_douyin_account_then_sync(
    qtbot: QtBot, empty_workspace: Database, runner: SyncRunner
) -> None:
    from tests.fakes.douyin import CLIENT_KEY, CLIENT_SECRET, ITEM, DouyinFake

    fake = DouyinFake()
    try:
        view = add_account(
            empty_workspace,
            runner.store,
            platform=Platform.DOUYIN,
            name="滨江抖音号",
            base_url=fake.url,
            settings={"items": [ITEM]},
            credentials={"client_key": CLIENT_KEY, "client_secret": CLIENT_SECRET},
            actor="tester",
        )
        pane = _pane(qtbot, empty_workspace, runner)
        pane.select(view.id)
        assert pane.authorize_button.isEnabled()
        dialog = AuthorizeDialog(empty_workspace, store=runner.store, account=view, port=0)
        qtbot.addWidget(dialog)
        dialog.authorized.connect(pane.after_authorized)
        fake.codes.add("code-1")
        dialog.pasted.setText("code-1")
        dialog.submit_pasted()
        assert dialog.feedback.kind == "ok", dialog.feedback.text()
        bundle = runner.store.get("douyin:滨江抖音号")
        assert bundle is not None and bundle["open_id"] and bundle["refresh_token"]
        runner.changes.flush()  # after_authorized synced at once
        assert _row_text(pane, 0, 2) == "正常"
        pane.test_selected()
        runner.changes.flush()
        assert "刷新令牌到期" in pane.feedback.text()
        assert "刷新令牌" in _row_text(pane, 0, 5)
    finally:
        fake.close()


def test_closing_the_authorize_dialog_stops_waiting(
    qtbot: QtBot, empty_workspace: Database, runner: SyncRunner, weibo: WeiboFake
) -> None:
    from crisisdesk.ui import ops

    view = add_account(
        empty_workspace,
        runner.store,
        platform=Platform.WEIBO,
        name="滨江发布",
        base_url=weibo.url,
        credentials={"client_id": "appkey", "client_secret": "app-secret"},
        actor="tester",
    )
    ops.set_sync_mode(False)  # a real wait on a real thread; the fixture restores inline ops
    dialog = AuthorizeDialog(
        empty_workspace, store=runner.store, account=view, open_url=lambda _url: True, port=0
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=5000)
    dialog.start()
    first = dialog.address.text()
    dialog.start()  # a second attempt replaces the first without reporting it as an error
    assert dialog.address.text() != first
    assert ops.pending_ops() >= 1
    qtbot.wait(100)
    assert dialog.feedback.kind == "busy", dialog.feedback.text()
    dialog.reject()
    assert ops.wait_idle(5000)  # both waits were released, not left for 300 s
    assert dialog.feedback.kind == "busy"
