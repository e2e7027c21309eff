"""The WeChat connector against StrictWeChatFake: JSON number ids, oldest-first lists, classic tokens."""

from __future__ import annotations

import random
from typing import Any

import pytest

from crisisdesk.connectors.base import MemoryTokens
from crisisdesk.connectors.errors import PermanentError, Transient
from crisisdesk.connectors.wechat import WeChatConnector
from tests.connectors.conftest import FAST
from tests.connectors.drain import Ledger, drain
from tests.fakes.strict_wechat import APPID, ARTICLE, MSG_ID, SECRET, StrictWeChatFake

SCOPE = f"{MSG_ID}:0"


def make(fake: StrictWeChatFake, **extra: Any) -> WeChatConnector:
    settings = {"base_url": fake.url, "appid": APPID, "articles": [SCOPE], **FAST, **extra}
    return WeChatConnector(settings=settings, tokens=MemoryTokens({"secret": SECRET}))


@pytest.mark.parametrize("stable", [True, False])
def test_drain_with_deletions_and_arrivals_equals_the_servers_set(stable: bool) -> None:
    fake = StrictWeChatFake(seed=5, stable=stable)
    try:
        fake.add(500)
        conn = make(fake, page_size=30, full_rescan_every=3)
        ledger = drain(conn, SCOPE, Ledger(), crash_rate=0.3, rng=random.Random(2))
        assert ledger.crashes > 0 and ledger.ids == fake.ids()
        for round_ in range(4):
            fake.add(40 + round_)
            fake.delete_some(7)  # shifts later comments across page boundaries
            drain(conn, SCOPE, ledger, crash_rate=0.2, rng=random.Random(round_))
        drain(conn, SCOPE, ledger)
        assert fake.ids() <= ledger.ids  # deleted ones stay stored; none is missing
        if not stable:
            assert "/cgi-bin/token" in {p for _, p in fake.server.requests}
    finally:
        fake.close()


def test_a_revoked_token_is_renewed_once_and_busy_is_transient() -> None:
    fake = StrictWeChatFake(seed=8)
    try:
        fake.add(10)
        conn = make(fake)
        assert len(conn.fetch(SCOPE, None).comments) == 10
        fake.revoke_token()
        assert len(conn.fetch(SCOPE, None).comments) == 10
        fake.busy_next = 3
        with pytest.raises(Transient):
            conn.fetch(SCOPE, None)
    finally:
        fake.close()


def test_missing_openid_and_reply_are_accepted_and_replies_are_found() -> None:
    fake = StrictWeChatFake(seed=9)
    try:
        fake.add(60)
        conn = make(fake)
        comments = drain(conn, SCOPE, Ledger()).ids
        assert comments == fake.ids()
        page = conn.fetch(SCOPE, None)
        assert any(c.author_id == "" for c in page.comments)
        target = sorted(fake.ids(), key=lambda i: int(i.rsplit(":", 1)[1]))[-1]
        fake.server.inject("lose_response", path="reply/add")
        with pytest.raises(Transient):
            conn.post_reply(
                comment_external_id=target,
                post_external_id=SCOPE,
                text="已转交。",
                idempotency_key="k",
            )
        found = conn.find_reply(comment_external_id=target, post_external_id=SCOPE, text="已转交。")
        assert found is not None
        with pytest.raises(PermanentError):
            conn.fetch(f"{MSG_ID + 1}:0", None)  # 88001: no such article
    finally:
        fake.close()


def test_msg_data_id_goes_out_as_a_json_number() -> None:
    fake = StrictWeChatFake(seed=10)
    try:
        fake.add(3)
        # The fake answers 40097 to a string; the official page types it as a number.
        assert len(make(fake).fetch(SCOPE, None).comments) == 3
        assert len(fake.articles[ARTICLE]) == 3
    finally:
        fake.close()
