"""Weibo connector against the fake server: paging, cursor safety, faults, replies, OAuth."""

from __future__ import annotations

import random
import threading
import time
import urllib.request
from typing import Any

import pytest

from crisisdesk.connectors.base import MemoryTokens
from crisisdesk.connectors.errors import (
    AuthExpired,
    PermanentError,
    RateLimited,
    ReplyRejected,
    Transient,
)
from crisisdesk.connectors.oauth import LoopbackCatcher, code_from_text
from crisisdesk.connectors.weibo import WeiboConnector, authorize_url, exchange_code
from tests.connectors.conftest import FAST, timeouts_for
from tests.connectors.drain import Ledger, drain
from tests.fakes.weibo import OUR_UID, WeiboFake


def make(fake: WeiboFake, token: str = "good-token", **extra: Any) -> WeiboConnector:
    settings = {"base_url": fake.url, **FAST, **extra}
    return WeiboConnector(
        settings=settings, tokens=MemoryTokens({"access_token": token, "uid": OUR_UID})
    )


def test_full_drain_with_crashes_and_new_arrivals(weibo_fake: WeiboFake) -> None:
    weibo_fake.add_comments(1234)
    conn = make(weibo_fake, page_size=50)
    ledger = drain(conn, "to_me", Ledger(), crash_rate=0.3, rng=random.Random(1))
    assert ledger.crashes > 0
    assert ledger.ids == weibo_fake.comment_ids()
    # New comments arrive while we are catching up from the committed cursor.
    weibo_fake.add_comments(170)
    cursor = ledger.cursors["to_me"]
    page = conn.fetch("to_me", cursor)
    weibo_fake.add_comments(30)
    ledger.ids.update(c.external_id for c in page.comments)
    ledger.cursors["to_me"] = page.cursor
    drain(conn, "to_me", ledger, crash_rate=0.3, rng=random.Random(2))
    drain(conn, "to_me", ledger)
    assert ledger.ids == weibo_fake.comment_ids()
    # Caught up: the next poll returns nothing and says done.
    last = conn.fetch("to_me", ledger.cursors["to_me"])
    assert last.done and last.comments == []


def test_large_drain(weibo_fake: WeiboFake) -> None:
    # The fake builds 100,000 comments cheaply and serves the newest page at once.
    weibo_fake.add_comments(100_000)
    assert len(weibo_fake.comment_ids()) == 100_000
    assert len(make(weibo_fake, page_size=200).fetch("to_me", None).comments) == 200
    # A full drain of 10,000 with crashes keeps the suite fast and still crosses 50 pages.
    small = WeiboFake()
    try:
        small.add_comments(10_000)
        conn = make(small, page_size=200)
        done = drain(conn, "to_me", Ledger(), crash_rate=0.05, rng=random.Random(3))
        assert done.ids == small.comment_ids()
    finally:
        small.close()


def test_comment_fields(weibo_fake: WeiboFake) -> None:
    weibo_fake.add_comments(3)
    page = make(weibo_fake).fetch("to_me", None)
    first = page.comments[0]
    assert first.created_at.tzinfo is not None and first.created_at.utcoffset().total_seconds() == 0
    assert first.post_external_id == "5000000000000001"
    assert first.post_title == "关于社保系统升级维护的公告"
    assert first.author_name.startswith("用户")
    assert [p.external_id for p in page.posts] == ["5000000000000001"]
    assert int(page.comments[0].external_id) > int(page.comments[-1].external_id)


def test_post_scope_uses_comments_show(weibo_fake: WeiboFake) -> None:
    weibo_fake.add_comments(5, post_id="5000000000000002")
    weibo_fake.add_comments(5)
    conn = make(weibo_fake, watch_posts=["5000000000000002"])
    assert conn.scopes() == ["to_me", "post:5000000000000002"]
    ledger = drain(conn, "post:5000000000000002", Ledger())
    assert len(ledger.ids) == 5
    with pytest.raises(PermanentError):
        conn.fetch("post:404", None)


@pytest.mark.parametrize(
    ("kind", "kw", "error"),
    [
        ("status", {"status": 429, "headers": {"Retry-After": "30"}}, RateLimited),
        (
            "body",
            {
                "status": 403,
                "body": {"error_code": 10023, "error": "User requests out of rate limit!"},
            },
            RateLimited,
        ),
        ("status", {"status": 503, "times": 3}, Transient),
        ("html", {"status": 502, "times": 3}, Transient),
        ("html", {"status": 200}, Transient),
        ("malformed", {}, Transient),
        ("reset", {"times": 3}, Transient),
        ("delay", {"delay": 0.8, "times": 2}, Transient),
        (
            "body",
            {"status": 400, "body": {"error_code": 10014, "error": "no permission"}},
            PermanentError,
        ),
    ],
)
def test_faults_raise_typed_errors(
    weibo_fake: WeiboFake, kind: str, kw: dict[str, Any], error: type[Exception]
) -> None:
    weibo_fake.add_comments(10)
    conn = make(weibo_fake, **timeouts_for(kind))
    weibo_fake.server.inject(kind, path="to_me", **kw)
    with pytest.raises(error) as info:
        conn.fetch("to_me", None)
    assert "good-token" not in str(info.value)
    if kind == "status" and kw["status"] == 429:
        assert isinstance(info.value, RateLimited) and info.value.retry_after == 30
    # Nothing lost: once the fault has passed the same cursor yields everything.
    weibo_fake.server.clear_faults()
    assert drain(conn, "to_me", Ledger()).ids == weibo_fake.comment_ids()


def test_single_transient_faults_are_retried_transparently(weibo_fake: WeiboFake) -> None:
    weibo_fake.add_comments(10)
    conn = make(weibo_fake)
    weibo_fake.server.inject("status", path="to_me", status=503)
    weibo_fake.server.inject("reset", path="to_me")
    assert len(conn.fetch("to_me", None).comments) == 10
    assert weibo_fake.server.count("to_me") == 3


def test_expired_and_revoked_tokens(weibo_fake: WeiboFake) -> None:
    weibo_fake.tokens["old"] = "expired"
    with pytest.raises(AuthExpired) as info:
        make(weibo_fake, token="old").fetch("to_me", None)
    assert "old" not in info.value.message.split("（")[0]
    with pytest.raises(AuthExpired):
        make(weibo_fake, token="revoked-one").fetch("to_me", None)
    # A locally known expiry is enforced without a request.
    conn = WeiboConnector(
        settings={"base_url": weibo_fake.url, **FAST},
        tokens=MemoryTokens({"access_token": "good-token", "expires_at": time.time() - 5}),
    )
    before = weibo_fake.server.count("/2/")
    with pytest.raises(AuthExpired):
        conn.fetch("to_me", None)
    assert weibo_fake.server.count("/2/") == before
    check = conn.check()
    assert not check.ok and check.token_expires_at is not None


def test_reply_and_limits(weibo_fake: WeiboFake) -> None:
    cid = weibo_fake.add_comments(1)[0]
    conn = make(weibo_fake)
    sent = conn.post_reply(
        comment_external_id=cid,
        post_external_id="5000000000000001",
        text="您好，系统已恢复。",
        idempotency_key="k1",
    )
    assert int(sent.external_id) in weibo_fake.replies
    with pytest.raises(ReplyRejected) as info:
        conn.post_reply(
            comment_external_id=cid,
            post_external_id="5000000000000001",
            text="长" * 141,
            idempotency_key="k2",
        )
    assert "140" in info.value.message
    with pytest.raises(ReplyRejected):
        conn.post_reply(
            comment_external_id=cid,
            post_external_id="5000000000000001",
            text="您好，系统已恢复。",
            idempotency_key="k3",
        )
    assert len(weibo_fake.replies) == 1
    # Our reply shows up in comments/show flagged as our own.
    page = conn.fetch("post:5000000000000001", None)
    own = [c for c in page.comments if c.is_own]
    assert [c.external_id for c in own] == [sent.external_id]
    assert own[0].parent_external_id == cid


def test_lost_reply_response_then_find_reply(weibo_fake: WeiboFake) -> None:
    cid = weibo_fake.add_comments(1)[0]
    weibo_fake.add_comments(120)
    conn = make(weibo_fake)
    weibo_fake.server.inject("lose_response", path="comments/reply")
    with pytest.raises(Transient):
        conn.post_reply(
            comment_external_id=cid,
            post_external_id="5000000000000001",
            text="已转相关部门核实。",
            idempotency_key="k",
        )
    # The POST was not retried blindly: exactly one reply stored.
    assert len(weibo_fake.replies) == 1
    found = conn.find_reply(
        comment_external_id=cid, post_external_id="5000000000000001", text="已转相关部门核实。"
    )
    assert found is not None and int(found.external_id) in weibo_fake.replies
    assert (
        conn.find_reply(comment_external_id=cid, post_external_id="5000000000000001", text="别的话")
        is None
    )


def test_check_reports_quota(weibo_fake: WeiboFake) -> None:
    check = make(weibo_fake).check()
    assert check.ok and check.rate_limit_remaining is not None and check.rate_limit_remaining < 150


def test_oauth_code_flow(weibo_fake: WeiboFake) -> None:
    weibo_fake.codes["abc"] = "pending"
    with LoopbackCatcher(state="s1") as catcher:
        url = authorize_url("appkey", catcher.redirect_uri, state="s1", base_url=weibo_fake.url)
        assert "client_id=appkey" in url and "response_type=code" in url
        threading.Thread(
            target=lambda: urllib.request.urlopen(
                catcher.redirect_uri + "?code=abc&state=s1"
            ).read()
        ).start()
        code = catcher.wait(5)
    assert code == "abc"
    bundle = exchange_code(
        client_id="appkey",
        client_secret="app-secret",
        code=code,
        redirect_uri="http://x",
        base_url=weibo_fake.url,
    )
    assert bundle["access_token"].startswith("tok-") and bundle["uid"] == OUR_UID
    assert bundle["expires_at"] > time.time()
    with pytest.raises(AuthExpired):  # single-use code
        exchange_code(
            client_id="appkey",
            client_secret="app-secret",
            code=code,
            redirect_uri="http://x",
            base_url=weibo_fake.url,
        )
    assert code_from_text("http://127.0.0.1:1/callback?code=xyz&state=s") == "xyz"
    assert code_from_text("  xyz  ") == "xyz"
    with pytest.raises(PermanentError):
        code_from_text("http://127.0.0.1/callback?code=xyz&state=other", expected_state="s")


def test_reply_post_is_never_retried_blindly(weibo_fake: WeiboFake) -> None:
    cid = weibo_fake.add_comments(1)[0]
    conn = make(weibo_fake)
    weibo_fake.server.inject("status", path="comments/reply", status=503)
    with pytest.raises(Transient):
        conn.post_reply(
            comment_external_id=cid,
            post_external_id="5000000000000001",
            text="您好",
            idempotency_key="k",
        )
    assert weibo_fake.server.count("comments/reply") == 1
    weibo_fake.server.inject("status", path="to_me", status=429, headers={"Retry-After": "5"})
    with pytest.raises(RateLimited):
        conn.fetch("to_me", None)
    assert weibo_fake.server.count("to_me") == 1  # 429 goes back to the sync service at once


def test_registry_reads_tokens_from_the_keyring(
    weibo_fake: WeiboFake, memory_keyring: object
) -> None:
    from crisisdesk.connectors.credentials import CredentialStore
    from crisisdesk.connectors.registry import create_connector
    from crisisdesk.domain import Platform

    store = CredentialStore()
    weibo_fake.add_comments(4)
    settings = {"base_url": weibo_fake.url, **FAST}
    conn = create_connector(Platform.WEIBO, settings=settings, credentials=store, account_key=7)
    with pytest.raises(AuthExpired) as info:
        conn.fetch("to_me", None)  # nothing stored yet
    assert "授权" in info.value.message
    store.set("weibo:7", {"access_token": "good-token", "uid": OUR_UID})
    assert len(conn.fetch("to_me", None).comments) == 4
    with pytest.raises(PermanentError):
        create_connector(Platform.WEIBO, settings=settings, credentials=store)


def test_loopback_catcher_ignores_requests_that_are_not_the_redirect() -> None:
    import requests

    with LoopbackCatcher(state="s-good") as catcher:
        # Another local program probing the port: no code, no error -> refused, wait goes on.
        assert requests.get(catcher.redirect_uri + "?x=injected", timeout=5).status_code == 400
        assert requests.get(catcher.redirect_uri + "?injected-code", timeout=5).status_code == 400
        # A forged redirect with the wrong state ends the attempt as refused, never as a code.
        requests.get(catcher.redirect_uri + "?code=evil&state=s-bad", timeout=5)
        with pytest.raises(PermanentError):
            catcher.wait(5)
