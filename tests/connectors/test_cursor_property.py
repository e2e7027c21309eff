"""Property: any interleaving of arrivals, committed pages and crashes ends with exactly the server's set."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.connectors.base import Connector, MemoryTokens
from crisisdesk.connectors.douyin import DouyinConnector
from crisisdesk.connectors.wechat import WeChatConnector
from crisisdesk.connectors.weibo import WeiboConnector
from tests.connectors.conftest import FAST
from tests.connectors.drain import Ledger, drain
from tests.connectors.test_douyin import bundle
from tests.fakes.douyin import ITEM, DouyinFake
from tests.fakes.wechat import APPID, SECRET, WeChatFake
from tests.fakes.weibo import OUR_UID, WeiboFake

# ("add", n) adds n comments; ("step", commit) fetches one page and commits it or "crashes".
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(1, 40)),
        st.tuples(st.just("step"), st.booleans()),
    ),
    min_size=1,
    max_size=25,
)
SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _play(conn: Connector, scope: str, add: Any, ids: Any, ops: list[tuple[str, Any]]) -> None:
    ledger = Ledger()
    for op, arg in ops:
        if op == "add":
            add(arg)
            continue
        page = conn.fetch(scope, ledger.cursors.get(scope))
        if arg:
            ledger.ids.update(c.external_id for c in page.comments)
            ledger.cursors[scope] = page.cursor
    drain(conn, scope, ledger)
    drain(conn, scope, ledger)  # the next poll picks up what arrived above the last pass
    assert ledger.ids == ids()


@SETTINGS
@given(OPS)
def test_weibo_cursor(ops: list[tuple[str, Any]]) -> None:
    fake = WeiboFake()
    try:
        conn = WeiboConnector(
            settings={"base_url": fake.url, "page_size": 7, **FAST},
            tokens=MemoryTokens({"access_token": "good-token", "uid": OUR_UID}),
        )
        _play(conn, "to_me", fake.add_comments, fake.comment_ids, ops)
    finally:
        fake.close()


@SETTINGS
@given(OPS, st.sampled_from(["desc", "asc"]))
def test_wechat_cursor(ops: list[tuple[str, Any]], order: str) -> None:
    fake = WeChatFake(order=order)
    try:
        conn = WeChatConnector(
            settings={
                "base_url": fake.url,
                "appid": APPID,
                "articles": ["2247483650:0"],
                "page_size": 7,
                **FAST,
            },
            tokens=MemoryTokens({"secret": SECRET}),
        )
        _play(conn, "2247483650:0", fake.add_comments, fake.comment_ids, ops)
    finally:
        fake.close()


@SETTINGS
@given(OPS)
def test_douyin_cursor(ops: list[tuple[str, Any]]) -> None:
    fake = DouyinFake()
    try:
        conn = DouyinConnector(
            settings={"base_url": fake.url, "items": [ITEM], "page_size": 7, **FAST},
            tokens=MemoryTokens(bundle()),
        )
        _play(
            conn,
            ITEM,
            lambda n: fake.add_comments(n, replies_each=9 if n % 7 == 0 else 0),
            fake.all_ids,
            ops,
        )
    finally:
        fake.close()
