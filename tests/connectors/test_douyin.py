"""Douyin connector against the fake server: cursor paging with replies, token refresh, error codes."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest

from crisisdesk.connectors.base import MemoryTokens
from crisisdesk.connectors.douyin import DouyinConnector
from crisisdesk.connectors.douyin_api import authorize_url, exchange_code
from crisisdesk.connectors.errors import (
    AuthExpired,
    PermanentError,
    RateLimited,
    ReplyRejected,
    Transient,
)
from tests.connectors.conftest import FAST, timeouts_for
from tests.connectors.drain import Ledger, drain
from tests.fakes.douyin import CLIENT_KEY, CLIENT_SECRET, ITEM, OPEN_ID, DouyinFake


def bundle(**over: Any) -> dict[str, Any]:
    now = time.time()
    base = {
        "client_key": CLIENT_KEY,
        "client_secret": CLIENT_SECRET,
        "access_token": "act.good",
        "expires_at": now + 86400,
        "refresh_token": "rft.good",
        "refresh_expires_at": now + 20 * 86400,
        "open_id": OPEN_ID,
    }
    base.update(over)
    return base


def make(fake: DouyinFake, tokens: MemoryTokens | None = None, **extra: Any) -> DouyinConnector:
    settings = {
        "base_url": fake.url,
        "items": [{"item_id": ITEM, "title": "局长讲话视频"}],
        **FAST,
        **extra,
    }
    return DouyinConnector(settings=settings, tokens=tokens or MemoryTokens(bundle()))


def test_drain_with_replies_crashes_and_arrivals(douyin_fake: DouyinFake) -> None:
    ids = douyin_fake.add_comments(230, replies_each=0)
    douyin_fake.add_comments(15, replies_each=27)  # several reply pages each
    conn = make(douyin_fake, page_size=20, overlap_seconds=30)
    ledger = drain(conn, ITEM, Ledger(), crash_rate=0.3, rng=random.Random(4))
    assert ledger.ids == douyin_fake.all_ids()
    # A new top-level comment and a late reply to a recent comment are both found by the next poll.
    douyin_fake.add_comments(33)
    recent = douyin_fake.add_comments(1)[0]
    douyin_fake.add_reply(recent)
    drain(conn, ITEM, ledger, crash_rate=0.3, rng=random.Random(5))
    assert ledger.ids == douyin_fake.all_ids()
    # Caught-up polls stop near the newest comments instead of re-reading the whole video.
    before = douyin_fake.server.count("comment/list")
    drain(conn, ITEM, ledger)
    assert douyin_fake.server.count("comment/list") - before <= 3
    # A late reply to an old comment is found by the periodic full pass.
    douyin_fake.add_reply(ids[0])
    for _ in range(10):
        drain(conn, ITEM, ledger)
    assert ledger.ids == douyin_fake.all_ids()


def test_ids_are_url_encoded_and_fields(douyin_fake: DouyinFake) -> None:
    douyin_fake.add_comments(2)
    page = make(douyin_fake).fetch(ITEM, None)
    assert len(page.comments) == 2 and page.posts[0].title == "局长讲话视频"
    assert page.comments[0].created_at > page.comments[1].created_at
    assert page.comments[0].like_count > 0
    target = douyin_fake.server.targets[-1]
    assert target.startswith("/item/comment/list/?")
    assert "item_id=%409VwKzuuES8gmaXS7ZohvSc5%2B%2Fko%3DXfF1" in target
    assert "open_id=" in target and "act.good" not in target


def test_expired_access_token_is_refreshed_and_saved(douyin_fake: DouyinFake) -> None:
    douyin_fake.add_comments(3)
    douyin_fake.access["act.good"] = "expired"
    tokens = MemoryTokens(bundle())
    conn = make(douyin_fake, tokens)
    assert len(conn.fetch(ITEM, None).comments) == 3
    saved = tokens.load()
    assert saved is not None and saved["access_token"].startswith("act.new")
    assert douyin_fake.refresh_calls == 1
    # A locally expired token is refreshed before any call.
    tokens2 = MemoryTokens(bundle(expires_at=time.time() - 1))
    make(douyin_fake, tokens2).fetch(ITEM, None)
    assert douyin_fake.refresh_calls == 2


def test_refresh_token_expired_is_auth_expired(douyin_fake: DouyinFake) -> None:
    conn = make(
        douyin_fake,
        MemoryTokens(bundle(expires_at=time.time() - 1, refresh_expires_at=time.time() - 1)),
    )
    with pytest.raises(AuthExpired) as info:
        conn.fetch(ITEM, None)
    assert "30" in info.value.message
    douyin_fake.refresh["rft.good"] = "revoked"
    douyin_fake.access["act.good"] = "expired"
    with pytest.raises(AuthExpired):
        make(douyin_fake).fetch(ITEM, None)
    check = make(douyin_fake).check()
    assert not check.ok and check.refresh_expires_at is not None


def test_check_warns_before_refresh_token_runs_out(douyin_fake: DouyinFake) -> None:
    conn = make(douyin_fake, MemoryTokens(bundle(refresh_expires_at=time.time() + 2 * 86400)))
    check = conn.check()
    assert check.ok and "刷新令牌" in check.message and check.refresh_expires_at is not None
    assert conn.renew_refresh_token() is not None
    assert "刷新令牌" not in conn.check().message


@pytest.mark.parametrize(
    ("code", "where", "error"),
    [
        (28003018, "extra", RateLimited),
        (2190001, "data", RateLimited),
        (28003017, "sub", RateLimited),
        (2100004, "data", Transient),
        (28001005, "extra", Transient),
        (28001012, "data", PermanentError),
        (28001015, "sub", AuthExpired),
        (2190002, "data", AuthExpired),
    ],
)
def test_error_codes_in_every_place(
    douyin_fake: DouyinFake, code: int, where: str, error: type[Exception]
) -> None:
    from tests.fakes.douyin import error as body

    conn = make(douyin_fake)
    douyin_fake.server.inject(
        "body", path="comment/list", status=200, body=body(code, "x", where=where).body
    )
    with pytest.raises(error):
        conn.fetch(ITEM, None)


@pytest.mark.parametrize(
    ("kind", "kw", "error"),
    [
        ("status", {"status": 429}, RateLimited),
        ("status", {"status": 502, "times": 3}, Transient),
        ("html", {"status": 200}, Transient),
        ("malformed", {}, Transient),
        ("reset", {"times": 3}, Transient),
        ("delay", {"delay": 0.8, "times": 2}, Transient),
    ],
)
def test_transport_faults(
    douyin_fake: DouyinFake, kind: str, kw: dict[str, Any], error: type[Exception]
) -> None:
    douyin_fake.add_comments(45, replies_each=1)
    conn = make(douyin_fake, **timeouts_for(kind))
    douyin_fake.server.inject(kind, path="comment/", **kw)
    with pytest.raises(error) as info:
        conn.fetch(ITEM, None)
    assert "act.good" not in str(info.value)
    douyin_fake.server.clear_faults()
    assert drain(conn, ITEM, Ledger()).ids == douyin_fake.all_ids()


def test_reply_lost_then_found(douyin_fake: DouyinFake) -> None:
    target = douyin_fake.add_comments(5)[2]
    conn = make(douyin_fake)
    assert conn.reply_settle_seconds > 0
    douyin_fake.server.inject("lose_response", path="comment/reply/")
    with pytest.raises(Transient):
        conn.post_reply(
            comment_external_id=target,
            post_external_id=ITEM,
            text="已记录，会转交核实。",
            idempotency_key="k",
        )
    assert douyin_fake.server.count("comment/reply/") == 1
    found = conn.find_reply(
        comment_external_id=target, post_external_id=ITEM, text="已记录，会转交核实。"
    )
    assert found is not None and found.external_id.endswith("+our=")
    assert conn.find_reply(comment_external_id=target, post_external_id=ITEM, text="另一句") is None
    sent = conn.post_reply(
        comment_external_id=target, post_external_id=ITEM, text="谢谢关注", idempotency_key="k2"
    )
    assert sent.external_id in douyin_fake.all_ids()
    with pytest.raises(ReplyRejected):
        conn.post_reply(
            comment_external_id="@nope", post_external_id=ITEM, text="好", idempotency_key="k3"
        )
    # Our own replies come back marked as ours.
    ledger_ids = {c.external_id for c in _all(conn) if c.is_own}
    assert sent.external_id in ledger_ids


def _all(conn: DouyinConnector) -> list[Any]:
    out, cursor = [], None
    while True:
        page = conn.fetch(ITEM, cursor)
        out.extend(page.comments)
        cursor = page.cursor
        if page.done:
            return out


def test_oauth(douyin_fake: DouyinFake) -> None:
    url = authorize_url(
        CLIENT_KEY, "http://127.0.0.1:9/callback", state="s", base_url=douyin_fake.url
    )
    assert "scope=item.comment" in url and "/platform/oauth/connect/" in url
    douyin_fake.codes.add("code1")
    got = exchange_code(
        client_key=CLIENT_KEY, client_secret=CLIENT_SECRET, code="code1", base_url=douyin_fake.url
    )
    assert got["open_id"] == OPEN_ID and got["refresh_expires_at"] > got["expires_at"] > time.time()
    with pytest.raises(PermanentError):
        exchange_code(
            client_key=CLIENT_KEY,
            client_secret=CLIENT_SECRET,
            code="code1",
            base_url=douyin_fake.url,
        )
