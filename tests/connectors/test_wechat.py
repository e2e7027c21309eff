"""WeChat connector against the fake server: offset passes, token renewal, errcodes, replies."""

from __future__ import annotations

import random
import threading
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
from crisisdesk.connectors.wechat import WeChatConnector
from tests.connectors.conftest import FAST, timeouts_for
from tests.connectors.drain import Ledger, drain
from tests.fakes.wechat import APPID, SECRET, WeChatFake

SCOPE = "2247483650:0"


def make(fake: WeChatFake, secret: str = SECRET, **extra: Any) -> WeChatConnector:
    settings = {
        "base_url": fake.url,
        "appid": APPID,
        "articles": [
            {"msg_data_id": "2247483650", "index": 0, "title": "防汛通告"},
            "2247483650:1",
        ],
        **FAST,
        **extra,
    }
    return WeChatConnector(settings=settings, tokens=MemoryTokens({"secret": secret}))


@pytest.mark.parametrize("order", ["desc", "asc"])
def test_drain_with_crashes_arrivals_and_deletions(wechat_fake: WeChatFake, order: str) -> None:
    wechat_fake.order = order
    wechat_fake.add_comments(700)
    conn = make(wechat_fake, page_size=100)  # clamped below 50
    assert conn.page_size == 49
    ledger = Ledger()
    rng = random.Random(5)
    for _ in range(3):
        page = conn.fetch(SCOPE, ledger.cursors.get(SCOPE))
        ledger.ids.update(c.external_id for c in page.comments)
        ledger.cursors[SCOPE] = page.cursor
    wechat_fake.add_comments(60)  # arrivals in the middle of a pass
    drain(conn, SCOPE, ledger, crash_rate=0.3, rng=rng)
    # Comments that arrived above the read position are picked up by the next poll's pass.
    drain(conn, SCOPE, ledger, crash_rate=0.3, rng=rng)
    assert wechat_fake.comment_ids() <= ledger.ids
    for round_ in range(4):
        wechat_fake.add_comments(37 + round_)
        if round_ == 1:
            for cid in (3, 4, 5):
                wechat_fake.delete(("2247483650", 0), cid)
        drain(conn, SCOPE, ledger, crash_rate=0.3, rng=rng)
        assert wechat_fake.comment_ids() <= ledger.ids
    if order == "desc":
        # Later passes stop at comments already committed instead of re-reading the article.
        before = wechat_fake.server.count("comment/list")
        drain(conn, SCOPE, ledger)
        assert wechat_fake.server.count("comment/list") - before <= 2


def test_comment_fields_and_post(wechat_fake: WeChatFake) -> None:
    wechat_fake.add_comments(2)
    page = make(wechat_fake).fetch(SCOPE, None)
    assert page.posts[0].title == "防汛通告" and page.posts[0].external_id == SCOPE
    c = page.comments[0]
    assert c.external_id.startswith(SCOPE + ":") and c.post_external_id == SCOPE
    assert c.author_name.startswith("微信用户") and c.created_at.tzinfo is not None
    assert make(wechat_fake).scopes() == [SCOPE, "2247483650:1"]


def test_expired_token_is_renewed_once_for_everyone(wechat_fake: WeChatFake) -> None:
    wechat_fake.add_comments(5)
    conns = [make(wechat_fake) for _ in range(4)]
    conns[0].fetch(SCOPE, None)
    assert wechat_fake.token_calls == 1
    wechat_fake.expire_all_tokens()
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda c=c: results.append(len(c.fetch(SCOPE, None).comments)))
        for c in conns
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [5, 5, 5, 5]
    assert wechat_fake.token_calls == 2 and wechat_fake.forced == 1


def test_bad_secret_is_auth_expired_and_secret_not_shown(wechat_fake: WeChatFake) -> None:
    conn = make(wechat_fake, secret="wrong-secret-value")
    with pytest.raises(AuthExpired) as info:
        conn.fetch(SCOPE, None)
    assert "wrong-secret-value" not in str(info.value)
    assert not conn.check().ok


@pytest.mark.parametrize(
    ("errcode", "error"),
    [
        (45009, RateLimited),
        (-1, Transient),
        (88000, PermanentError),
        (48001, PermanentError),
        (40164, PermanentError),
    ],
)
def test_errcodes(wechat_fake: WeChatFake, errcode: int, error: type[Exception]) -> None:
    conn = make(wechat_fake)
    wechat_fake.server.inject(
        "body", path="comment/list", status=200, body={"errcode": errcode, "errmsg": "x"}
    )
    with pytest.raises(error):
        conn.fetch(SCOPE, None)


@pytest.mark.parametrize(
    ("kind", "kw"),
    [
        ("html", {"status": 502, "times": 3}),
        ("malformed", {}),
        ("reset", {"times": 3}),
        ("delay", {"delay": 0.8, "times": 2}),
        ("status", {"status": 500, "times": 3}),
    ],
)
def test_transport_faults_then_nothing_lost(
    wechat_fake: WeChatFake, kind: str, kw: dict[str, Any]
) -> None:
    wechat_fake.add_comments(80)
    conn = make(wechat_fake, **timeouts_for(kind))
    conn.fetch(SCOPE, None)  # token fetched before the fault
    wechat_fake.server.inject(kind, path="comment/list", **kw)
    with pytest.raises(Transient) as info:
        conn.fetch(SCOPE, None)
    assert "WXTOKEN" not in str(info.value)
    assert drain(conn, SCOPE, Ledger()).ids == wechat_fake.comment_ids()


def test_reply_lost_response_and_find_reply(wechat_fake: WeChatFake) -> None:
    ids = wechat_fake.add_comments(120)
    conn = make(wechat_fake)
    target = ids[10]
    wechat_fake.server.inject("lose_response", path="reply/add")
    with pytest.raises(Transient):
        conn.post_reply(
            comment_external_id=target,
            post_external_id=SCOPE,
            text="感谢关注，已转交处置。",
            idempotency_key="k",
        )
    assert wechat_fake.server.count("reply/add") == 1
    found = conn.find_reply(
        comment_external_id=target, post_external_id=SCOPE, text="感谢关注，已转交处置。"
    )
    assert found is not None and found.external_id == f"reply:{target}"
    assert (
        conn.find_reply(
            comment_external_id=ids[11], post_external_id=SCOPE, text="感谢关注，已转交处置。"
        )
        is None
    )
    sent = conn.post_reply(
        comment_external_id=ids[11], post_external_id=SCOPE, text="已收到。", idempotency_key="k2"
    )
    assert sent.external_id == f"reply:{ids[11]}"
    cursor, replies = None, set()
    while True:
        page = conn.fetch(SCOPE, cursor)
        replies |= {c.external_id for c in page.comments if c.reply_text == "已收到。"}
        cursor = page.cursor
        if page.done:
            break
    assert replies == {ids[11]}
    with pytest.raises(ReplyRejected):
        conn.post_reply(
            comment_external_id=f"{SCOPE}:999999",
            post_external_id=SCOPE,
            text="好",
            idempotency_key="k3",
        )
    with pytest.raises(ReplyRejected):
        conn.post_reply(
            comment_external_id=ids[12],
            post_external_id=SCOPE,
            text="字" * 601,
            idempotency_key="k4",
        )


def test_moderation(wechat_fake: WeChatFake) -> None:
    ids = wechat_fake.add_comments(3)
    conn = make(wechat_fake)
    conn.set_featured(ids[0], True)
    assert wechat_fake.articles[("2247483650", 0)][0].featured
    conn.set_featured(ids[0], False)
    assert not wechat_fake.articles[("2247483650", 0)][0].featured
    conn.post_reply(
        comment_external_id=ids[1], post_external_id=SCOPE, text="您好", idempotency_key="k"
    )
    conn.delete_reply(ids[1])
    assert wechat_fake.articles[("2247483650", 0)][1].reply is None
    conn.delete_comment(ids[2])
    assert len(wechat_fake.comment_ids()) == 2
    with pytest.raises(PermanentError):
        conn.fetch("999:0", None)


def test_check(wechat_fake: WeChatFake) -> None:
    check = make(wechat_fake).check()
    assert check.ok and check.token_expires_at is not None and APPID in check.identity


def test_list_post_is_retried_but_reply_post_is_not(wechat_fake: WeChatFake) -> None:
    ids = wechat_fake.add_comments(3)
    conn = make(wechat_fake)
    wechat_fake.server.inject("status", path="comment/list", status=503)
    assert len(conn.fetch(SCOPE, None).comments) == 3  # the read-only POST was retried
    assert wechat_fake.server.count("comment/list") == 2
    wechat_fake.server.inject("reset", path="reply/add")
    with pytest.raises(Transient):
        conn.post_reply(
            comment_external_id=ids[0], post_external_id=SCOPE, text="您好", idempotency_key="k"
        )
    assert wechat_fake.server.count("reply/add") == 1
