"""`crisisdesk auth NAME`: the browser redirect (or a pasted address) puts a fresh token in the keyring."""

from __future__ import annotations

import io
import threading
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from crisisdesk.cli import main
from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import AccountStatus, Platform
from crisisdesk.services.accounts import ConnectorPool, add_account, list_accounts
from crisisdesk.services.ingest import Ingestor
from crisisdesk.services.sync import SyncService
from crisisdesk.services.workspace import open_workspace
from tests.fakes.weibo import WeiboFake
from tests.services.test_ingest import fake_analyze


def _expired_account(url: str, weibo: WeiboFake) -> None:
    """A Weibo account whose token the platform has revoked (status: authorisation expired)."""
    db = open_workspace(url)
    try:
        add_account(
            db,
            CredentialStore(),
            platform=Platform.WEIBO,
            name="滨江发布",
            base_url=weibo.url,
            credentials={
                "client_id": "appkey",
                "client_secret": "app-secret",
                "access_token": "revoked",
            },
            actor="tester",
        )
        [outcome] = SyncService(db, ConnectorPool(CredentialStore())).run_once()
        assert outcome.status is AccountStatus.AUTH_EXPIRED
    finally:
        db.dispose()


def _status_after_sync(url: str) -> AccountStatus:
    db = open_workspace(url)
    pool = ConnectorPool(CredentialStore())
    try:
        with db.session() as s:
            assert list_accounts(s)[0].status is AccountStatus.NEVER  # due again
        service = SyncService(db, pool, ingestor=Ingestor(db, analyze=fake_analyze))
        [outcome] = service.run_once()
        return outcome.status
    finally:
        pool.close_all()
        db.dispose()


# Every test here reads and writes credentials: an in-memory keyring, never the machine's.
pytestmark = pytest.mark.usefixtures("memory_keyring")


def test_auth_catches_the_redirect(
    sqlite_url: str,
    weibo: WeiboFake,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _expired_account(sqlite_url, weibo)
    weibo.codes["abc"] = "pending"
    opened: list[str] = []

    def browser(url: str) -> bool:
        opened.append(url)
        query = parse_qs(urlsplit(url).query)
        target = f"{query['redirect_uri'][0]}?code=abc&state={query['state'][0]}"
        threading.Thread(target=lambda: urllib.request.urlopen(target, timeout=5).read()).start()
        return True

    monkeypatch.setattr("webbrowser.open", browser)
    code = main(["auth", "滨江发布", "--db", sqlite_url, "--port", "0", "--timeout", "10"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert opened and opened[0].startswith(weibo.url + "/oauth2/authorize?")
    assert "授权成功" in out and "有效期至" in out
    bundle = CredentialStore().get("weibo:滨江发布")
    assert bundle is not None and bundle["access_token"].startswith("tok-")
    assert "tok-" not in out  # the token is never printed
    assert _status_after_sync(sqlite_url) is AccountStatus.OK


def test_auth_with_a_pasted_address(
    sqlite_url: str,
    weibo: WeiboFake,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _expired_account(sqlite_url, weibo)
    weibo.codes["xyz"] = "pending"
    monkeypatch.setattr("crisisdesk.connectors.oauth.new_state", lambda: "s1")
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("http://127.0.0.1:8710/callback?code=xyz&state=s1\n")
    )
    code = main(["auth", "滨江发布", "--db", sqlite_url, "--paste", "--no-browser"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "client_id=appkey" in out and "授权成功" in out
    assert _status_after_sync(sqlite_url) is AccountStatus.OK


def test_auth_refuses_a_stale_redirect_and_other_platforms(
    sqlite_url: str,
    weibo: WeiboFake,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _expired_account(sqlite_url, weibo)
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("http://127.0.0.1:8710/callback?code=xyz&state=old\n")
    )
    assert main(["auth", "滨江发布", "--db", sqlite_url, "--paste", "--no-browser"]) != 0
    assert "不匹配" in capsys.readouterr().err
    db = open_workspace(sqlite_url)
    try:
        add_account(
            db,
            None,
            platform=Platform.SIMULATOR,
            name="演练",
            actor="tester",
            settings={"scenario": "flood_rumour"},
        )
    finally:
        db.dispose()
    assert main(["auth", "演练", "--db", sqlite_url, "--no-browser"]) != 0
    assert "不使用浏览器授权" in capsys.readouterr().err
