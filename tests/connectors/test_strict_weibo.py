"""The Weibo connector against StrictWeiboFake: the contract's freedoms, not our own fake's habits."""

from __future__ import annotations

import random
from collections.abc import Iterator
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
from crisisdesk.connectors.weibo import WeiboConnector
from tests.connectors.conftest import FAST
from tests.connectors.drain import Ledger, drain
from tests.fakes.strict_weibo import POSTS, TOKEN, UID, StrictWeiboFake

POST = next(iter(POSTS))


@pytest.fixture
def strict() -> Iterator[StrictWeiboFake]:
    fake = StrictWeiboFake(seed=11)
    yield fake
    fake.close()


def make(fake: StrictWeiboFake, **extra: Any) -> WeiboConnector:
    settings = {"base_url": fake.url, **FAST, **extra}
    return WeiboConnector(
        settings=settings, tokens=MemoryTokens({"access_token": TOKEN, "uid": str(UID)})
    )


@pytest.mark.parametrize(
    "options",
    [
        {"next_cursor": "zero"},
        {"next_cursor": "omit", "auth_mode": "header"},
        {"next_cursor": "honest", "auth_mode": "param", "max_count": 7},
        {"errors_in_200": True, "max_count": 200},
    ],
)
def test_drain_with_crashes_equals_the_servers_set(options: dict[str, Any]) -> None:
    fake = StrictWeiboFake(seed=len(str(options)), **options)
    try:
        fake.add(900)
        conn = make(fake, page_size=50)
        ledger = drain(conn, "to_me", Ledger(), crash_rate=0.3, rng=random.Random(5))
        assert ledger.crashes > 0
        assert ledger.ids == fake.visible_ids()
        # Arrivals between polls, and between the pages of a poll.
        fake.add(333)
        page = conn.fetch("to_me", ledger.cursors["to_me"])
        ledger.ids.update(c.external_id for c in page.comments)
        ledger.cursors["to_me"] = page.cursor
        fake.add(41)
        drain(conn, "to_me", ledger, crash_rate=0.3, rng=random.Random(6))
        drain(conn, "to_me", ledger)
        assert ledger.ids == fake.visible_ids()
        last = conn.fetch("to_me", ledger.cursors["to_me"])
        assert last.done and last.comments == []
    finally:
        fake.close()


def test_large_ids_survive_exactly_and_fields_may_be_missing(strict: StrictWeiboFake) -> None:
    strict.add(300, hidden_share=0.0)
    ledger = drain(make(strict), "to_me", Ledger())
    assert ledger.ids == strict.visible_ids()
    assert all(int(i) > 2**53 for i in ledger.ids)
    page = make(strict).fetch("to_me", None)
    by_id = {c.external_id: c for c in page.comments}
    for cid, comment in by_id.items():
        assert comment.created_at.tzinfo is not None
        if int(cid) % 7 == 4:  # no user object
            assert comment.author_id == "" and comment.author_name == "微博用户"
        if int(cid) % 7 in (1, 5):  # no status on comments/to_me: the post is unknown
            assert comment.post_external_id is None


def test_times_in_any_offset_become_utc(strict: StrictWeiboFake) -> None:
    strict.add(60, hidden_share=0.0)
    comments = make(strict).fetch("to_me", None).comments
    rows = {str(r.id): r for r in strict.rows.values()}
    timed = [c for c in comments if int(c.external_id) % 7 != 6]
    assert timed
    for comment in timed:
        assert comment.created_at == rows[comment.external_id].at


def test_a_watched_post_scope_keeps_its_post_when_status_is_missing(
    strict: StrictWeiboFake,
) -> None:
    strict.add(200, post=POST)
    conn = make(strict, watch_posts=[str(POST)])
    ledger = drain(conn, f"post:{POST}", Ledger(), crash_rate=0.2, rng=random.Random(8))
    assert ledger.ids == strict.visible_ids(post=POST)
    page = conn.fetch(f"post:{POST}", None)
    assert {c.post_external_id for c in page.comments} == {str(POST)}


def test_errors_delivered_with_http_200_are_typed() -> None:
    fake = StrictWeiboFake(errors_in_200=True, hourly_limit=2)
    try:
        fake.add(5)
        conn = make(fake)
        conn.fetch("to_me", None)
        conn.fetch("to_me", None)
        with pytest.raises(RateLimited) as limited:
            conn.fetch("to_me", None)
        assert limited.value.platform_code == "10023" and limited.value.retry_after is None
        fake.hourly_limit = 1_000_000  # the hour has passed
        with pytest.raises(PermanentError) as missing:
            conn.fetch("post:1234", None)
        assert missing.value.platform_code == "20101"
    finally:
        fake.close()


def test_the_token_goes_where_the_server_looks() -> None:
    for mode in ("param", "header", "either"):
        fake = StrictWeiboFake(auth_mode=mode)
        try:
            fake.add(3, hidden_share=0.0)
            assert len(make(fake).fetch("to_me", None).comments) == 3
            wrong = "header" if mode == "param" else "param"
            if mode != "either":
                with pytest.raises(AuthExpired):
                    make(fake, auth_in=wrong).fetch("to_me", None)
        finally:
            fake.close()
    with pytest.raises(PermanentError):
        WeiboConnector(settings={"auth_in": "cookie"}, tokens=MemoryTokens({}))


@pytest.mark.parametrize(
    ("kind", "kw"),
    [
        ("status", {"status": 503, "times": 3}),
        ("status", {"status": 500, "times": 3, "body": "<html>oops</html>"}),
        ("html", {"status": 200}),
        ("html", {"status": 504, "times": 3}),
        ("malformed", {}),
        ("reset", {"times": 3}),
    ],
)
def test_faults_without_retry_after_are_transient_and_lose_nothing(
    strict: StrictWeiboFake, kind: str, kw: dict[str, Any]
) -> None:
    strict.add(250)
    conn = make(strict)
    ledger = drain(conn, "to_me", Ledger())
    strict.add(120)
    strict.server.inject(kind, path="comments/to_me", **kw)
    with pytest.raises(Transient) as failed:
        conn.fetch("to_me", ledger.cursors["to_me"])
    assert failed.value.retry_after is None
    strict.server.clear_faults()
    drain(conn, "to_me", ledger)
    assert ledger.ids == strict.visible_ids()


def test_replies_send_rip_and_a_lost_answer_is_found(strict: StrictWeiboFake) -> None:
    strict.add(20, post=POST, hidden_share=0.0)
    conn = make(strict)
    target = sorted(strict.visible_ids(post=POST))[-1]
    sent = conn.post_reply(
        comment_external_id=target,
        post_external_id=str(POST),
        text="已转交水务部门。",
        idempotency_key="k1",
    )
    assert int(sent.external_id) > 2**53
    assert strict.rips == ["127.0.0.1"]
    # Lose the answer of a second reply: find_reply sees it (reply_comment names the parent).
    other = sorted(strict.visible_ids(post=POST))[-3]
    strict.server.inject("lose_response", path="comments/reply")
    with pytest.raises(Transient):
        conn.post_reply(
            comment_external_id=other,
            post_external_id=str(POST),
            text="请留意公告。",
            idempotency_key="k2",
        )
    found = conn.find_reply(
        comment_external_id=other, post_external_id=str(POST), text="请留意公告。"
    )
    assert found is not None and found.external_id == str(strict.replies()[-1].id)
    assert (
        conn.find_reply(comment_external_id=target, post_external_id=str(POST), text="别的话")
        is None
    )
    # A comment on the post itself (comments/create) also needs rip; an explicit one is used.
    explicit = make(strict, rip="203.0.113.7")
    explicit.post_reply(
        comment_external_id="",
        post_external_id=str(POST),
        text="通告已更新。",
        idempotency_key="k3",
    )
    assert strict.rips[-1] == "203.0.113.7"


def test_reply_to_a_vanished_comment_is_rejected_not_an_account_error(
    strict: StrictWeiboFake,
) -> None:
    with pytest.raises(ReplyRejected) as gone:
        make(strict).post_reply(
            comment_external_id="9300000000000000001",
            post_external_id=str(POST),
            text="您好",
            idempotency_key="k",
        )
    assert gone.value.platform_code == "20201"
    strict.add(2, post=POST, hidden_share=0.0)
    first = sorted(strict.visible_ids(post=POST))[0]
    conn = make(strict)
    conn.post_reply(
        comment_external_id=first, post_external_id=str(POST), text="同一句话", idempotency_key="a"
    )
    with pytest.raises(ReplyRejected) as repeat:
        conn.post_reply(
            comment_external_id=first,
            post_external_id=str(POST),
            text="同一句话",
            idempotency_key="b",
        )
    assert repeat.value.platform_code == "20019"


def test_trusting_next_cursor_is_an_opt_in(strict: StrictWeiboFake) -> None:
    # With next_cursor always 0, trusting it would close the gap after one page and lose the rest.
    strict.add(200, hidden_share=0.0)
    trusting = drain(make(strict, trust_next_cursor=True), "to_me", Ledger())
    assert len(trusting.ids) < len(strict.visible_ids())
    assert drain(make(strict), "to_me", Ledger()).ids == strict.visible_ids()
