"""The Douyin connector against StrictDouyinFake: the contract's freedoms, not our own fake's habits."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import Any

import pytest

from crisisdesk.connectors.base import MemoryTokens
from crisisdesk.connectors.douyin import DouyinConnector
from crisisdesk.connectors.errors import AuthExpired, RateLimited, Transient
from tests.connectors.conftest import FAST
from tests.connectors.drain import Ledger, drain
from tests.fakes.strict_douyin import CLIENT_KEY, ITEM, OPEN_ID, StrictDouyinFake


@pytest.fixture
def strict() -> Iterator[StrictDouyinFake]:
    fake = StrictDouyinFake(seed=3)
    yield fake
    fake.close()


def tokens(**over: Any) -> MemoryTokens:
    now = time.time()
    bundle = {
        "client_key": CLIENT_KEY,
        "access_token": "act.strict-1",
        "expires_at": now + 86400,
        "refresh_token": "rft.strict",
        "refresh_expires_at": now + 20 * 86400,
        "open_id": OPEN_ID,
        **over,
    }
    return MemoryTokens(bundle)


def make(
    fake: StrictDouyinFake, store: MemoryTokens | None = None, **extra: Any
) -> DouyinConnector:
    settings = {"base_url": fake.url, "items": [ITEM], **FAST, **extra}
    return DouyinConnector(settings=settings, tokens=store or tokens())


@pytest.mark.parametrize("style", ["huge", "text"])
def test_drain_with_review_crashes_and_arrivals_equals_the_servers_set(style: str) -> None:
    fake = StrictDouyinFake(seed=7, cursor_style=style)
    try:
        fake.add(400, review_share=0.3)
        conn = make(fake, page_size=10, overlap_seconds=60, full_rescan_every=3)
        ledger = drain(conn, ITEM, Ledger(), crash_rate=0.3, rng=random.Random(9))
        assert ledger.crashes > 0
        assert ledger.ids == fake.visible_ids()
        # Comments leave review with their old create_time; new ones keep arriving.
        assert fake.finish_review() > 0
        fake.add(60, review_share=0.0)
        for _ in range(3):  # the periodic full pass reaches the old ones
            drain(conn, ITEM, ledger, crash_rate=0.2, rng=random.Random(10))
        assert ledger.ids == fake.visible_ids()
    finally:
        fake.close()


def test_a_page_emptied_by_review_does_not_end_the_list(strict: StrictDouyinFake) -> None:
    strict.add(30, review_share=0.0, reply_share=0.0)
    for row in strict.rows[-10:]:  # the whole newest page is under review
        row.review = True
    ledger = drain(make(strict, page_size=10), ITEM, Ledger())
    assert ledger.ids == strict.visible_ids() and len(ledger.ids) == 20


def test_page_size_is_kept_within_1_to_50(strict: StrictDouyinFake) -> None:
    strict.add(120, review_share=0.0, reply_share=0.0)
    assert make(strict, page_size=80).page_size == 50
    assert len(drain(make(strict, page_size=80), ITEM, Ledger()).ids) == 120


def test_the_token_may_go_in_the_query_for_older_gateways() -> None:
    fake = StrictDouyinFake(query_token=True)
    try:
        fake.add(5, review_share=0.0, reply_share=0.0)
        assert len(make(fake, auth_in="param").fetch(ITEM, None).comments) == 5
        assert "access_token=" in fake.server.targets[-1]
    finally:
        fake.close()
    default = StrictDouyinFake()  # reads only the documented header
    try:
        with pytest.raises(AuthExpired):
            make(default, auth_in="param").fetch(ITEM, None)
    finally:
        default.close()


@pytest.mark.parametrize("status", [200, 400])
def test_codes_in_extra_and_sub_error_code_are_typed(status: int) -> None:
    fake = StrictDouyinFake(error_status=status)
    try:
        fake.add(5, review_share=0.0, reply_share=0.0)
        store = tokens()
        fake.tokens["act.strict-1"] = "expired"  # 28001008 in extra: refreshed and saved
        assert len(make(fake, store).fetch(ITEM, None).comments) == 5
        saved = store.load()
        assert saved is not None and saved["access_token"] == "act.strict-2"
        fake.rate_limit_next = 1  # 28003018 in sub_error_code
        with pytest.raises(RateLimited) as limited:
            make(fake, store).fetch(ITEM, None)
        assert limited.value.platform_code == "28003018"
    finally:
        fake.close()


def test_a_lost_reply_is_found_among_the_replies(strict: StrictDouyinFake) -> None:
    strict.add(3, review_share=0.0, reply_share=0.0)
    conn = make(strict)
    target = strict.rows[0].id
    strict.server.inject("lose_response", path="/item/comment/reply/")
    with pytest.raises(Transient):
        conn.post_reply(
            comment_external_id=target,
            post_external_id=ITEM,
            text="感谢关注。",
            idempotency_key="k",
        )
    found = conn.find_reply(comment_external_id=target, post_external_id=ITEM, text="感谢关注。")
    assert found is not None and found.external_id == strict.our_replies()[0].id
