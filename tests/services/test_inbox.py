"""Inbox queries: filters, sorts, keyset pages that never repeat or skip, counts, views, detail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from crisisdesk.connectors.base import RemoteComment
from crisisdesk.domain import Platform
from crisisdesk.errors import UserFacingError
from crisisdesk.services.inbox import Inbox, InboxFilter, InboxRow, Sort
from crisisdesk.services.ingest import Ingestor, ensure_account
from crisisdesk.services.triage import Selection, Triage
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, utcnow
from tests.services import test_inbox_fixtures
from tests.services.test_inbox_fixtures import (
    ODD_TEXTS,
    T0,
    fake_analyze,
    fill,
    operator,
    remote,
)

module_db = test_inbox_fixtures.module_db  # module-scoped fixtures shared by the tests
corpus_db = test_inbox_fixtures.corpus_db


def _walk(
    inbox: Inbox, flt: InboxFilter, sort: Sort, limit: int, *, backward: bool = False
) -> list[int]:
    seen: list[int] = []
    cursor: str | None = None
    while True:
        ids, cursor = inbox.page_ids(flt, sort, after=cursor, limit=limit, backward=backward)
        seen.extend(reversed(ids) if backward else ids)
        if cursor is None:
            return list(reversed(seen)) if backward else seen


def _expected(db: Database, flt: InboxFilter, key: Callable[[InboxRow], Any]) -> list[int]:
    inbox = Inbox(db)
    ids, _ = inbox.page_ids(flt, Sort.NEWEST, limit=100_000)
    rows = inbox.rows(ids)
    return [r.id for r in sorted(rows, key=key)]


@pytest.mark.parametrize("sort", list(Sort))
@pytest.mark.parametrize("limit", [7, 50])
def test_keyset_pages_never_repeat_or_skip(
    corpus_db: tuple[Database, dict[int, str]], sort: Sort, limit: int
) -> None:
    db, by_id = corpus_db
    inbox = Inbox(db)
    flt = InboxFilter()
    forward = _walk(inbox, flt, sort, limit)
    assert sorted(forward) == sorted(by_id)
    assert len(forward) == len(set(forward))
    assert _walk(inbox, flt, sort, limit, backward=True) == forward
    if sort is Sort.NEWEST:
        assert forward == _expected(db, flt, lambda r: (-r.created_at.timestamp(), -r.id))


def test_search_pages_match_the_plain_order(corpus_db: tuple[Database, dict[int, str]]) -> None:
    db, by_id = corpus_db
    inbox = Inbox(db)
    for query in ("社保", "窗口", "系统崩了", "的"):
        flt = InboxFilter(query=query)
        want = sorted((i for i, t in by_id.items() if query in t), key=lambda i: -i)
        got = _walk(inbox, flt, Sort.NEWEST, 9)
        assert sorted(got) == sorted(want), query
        rows = inbox.rows(got)
        keys = [(r.created_at, r.id) for r in rows]
        assert keys == sorted(keys, reverse=True)
        assert inbox.count(flt) == len(want)


def test_last_page_from_the_other_end(corpus_db: tuple[Database, dict[int, str]]) -> None:
    db, _ = corpus_db
    inbox = Inbox(db)
    everything = _walk(inbox, InboxFilter(), Sort.NEWEST, 100)
    last, cursor = inbox.page_ids(InboxFilter(), Sort.NEWEST, limit=30, backward=True)
    assert last == everything[-30:]
    before, _ = inbox.page_ids(InboxFilter(), Sort.NEWEST, after=cursor, limit=30, backward=True)
    assert before == everything[-60:-30]


def test_filters_narrow_and_combine(db: Database) -> None:
    ids = fill(db, ["窗口服务太差了", "请问社保怎么交", "系统崩了，社保交不了", "谢谢工作人员"])
    with db.session() as s:
        other = ensure_account(s, platform=Platform.DOUYIN, name="滨江交通").id
    (douyin,) = (
        Ingestor(db, analyze=fake_analyze).ingest(other, [remote(99, "公交晚点太差")]).new_ids
    )
    inbox = Inbox(db)

    def got(**kw: object) -> set[int]:
        return set(inbox.page_ids(InboxFilter(**kw), limit=100)[0])  # type: ignore[arg-type]

    assert got(sentiments=("negative",)) == {ids[0], ids[2], douyin}
    assert got(platforms=("douyin",)) == {douyin}
    assert got(accounts=(other,)) == {douyin}
    assert got(intents=("question",)) == {ids[1], ids[3]}
    assert got(query="社保", sentiments=("negative",)) == {ids[2]}
    assert got(watch_word="崩") == {ids[2]}
    assert got(watch_hit=True) == {ids[2]}
    assert got(since=T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=3)) == {ids[2]}
    assert got(statuses=("handled",)) == set()
    assert got(overdue=True) == {ids[0], ids[1], ids[2], ids[3], douyin}  # T0 is long past
    assert inbox.count(InboxFilter(sentiments=("negative",))) == 3


def test_assignee_me_role_incident_tags_and_priority_filters(db: Database) -> None:
    ids = fill(db, ["窗口服务太差了", "请问社保怎么交", "谢谢"])
    me, other = operator(db, "wang"), operator(db, "li")
    rows = Inbox(db).rows(ids)
    Triage(db, operator_id=me).assign(Selection.of(rows[:1]), operator_id=me)
    Triage(db, operator_id=me).assign(Selection.of(rows[1:2]), role="reviewer")
    rows = Inbox(db).rows(ids)
    Triage(db, operator_id=me).tag(Selection.of(rows[2:]), "表扬")
    Triage(db, operator_id=me).set_priority(Selection.of(Inbox(db).rows(ids[2:])), 2)
    mine, theirs = Inbox(db, operator_id=me), Inbox(db, operator_id=other)
    assert mine.page_ids(InboxFilter(assignee="me"))[0] == [ids[0]]
    assert theirs.page_ids(InboxFilter(assignee="me"))[0] == []
    assert Inbox(db).page_ids(InboxFilter(assignee="me"))[0] == []  # nobody is "me"
    assert mine.page_ids(InboxFilter(assignee_role="reviewer"))[0] == [ids[1]]
    assert set(mine.page_ids(InboxFilter(assignee="none"))[0]) == {ids[2]}
    assert mine.page_ids(InboxFilter(tags=("表扬",)))[0] == [ids[2]]
    assert mine.page_ids(InboxFilter(min_priority=2))[0] == [ids[2]]
    assert mine.page_ids(InboxFilter(), Sort.PRIORITY)[0][0] == ids[2]


def test_rows_carry_every_column_and_text_verbatim(db: Database) -> None:
    ids = fill(db, list(ODD_TEXTS))
    rows = Inbox(db).rows([*reversed(ids), 10**9])
    assert [r.id for r in rows] == list(reversed(ids))  # same order, unknown ids left out
    by_id = {r.id: r for r in rows}
    for cid, original in zip(ids, ODD_TEXTS, strict=True):
        assert by_id[cid].text == original
    row = by_id[ids[0]]
    assert row.account_name == "滨江发布" and row.platform == "weibo"
    assert row.status == "new" and row.version == 1 and row.wave_size == 0
    assert row.seconds_left is not None and row.overdue  # T0 deadlines are long past
    assert Inbox(db).page_ids(InboxFilter(query="<script>"))[0] == [ids[0]]


def test_time_left_counts_down_and_stops_when_closed(db: Database) -> None:
    with db.session() as s:
        acc = ensure_account(s, platform=Platform.WEIBO, name="滨江发布").id
    now = utcnow()
    fresh = RemoteComment(
        external_id="n1", post_external_id=None, parent_external_id=None, author_id="a",
        author_name="网友", text="请问社保怎么交", created_at=now - timedelta(hours=1),
    )  # fmt: skip
    (cid,) = Ingestor(db, analyze=fake_analyze).ingest(acc, [fresh]).new_ids
    row = Inbox(db).rows([cid], now=now)[0]
    assert row.seconds_left == pytest.approx(23 * 3600, abs=5)  # question: 24 h
    assert Inbox(db).page_ids(InboxFilter(due_within_hours=24))[0] == [cid]
    me = operator(db, "wang")
    Triage(db, operator_id=me).mark(
        Selection.of([row]), __import__("crisisdesk.domain").domain.CommentStatus.HANDLED
    )
    assert Inbox(db).rows([cid])[0].seconds_left is None


def test_saved_views_with_counts(db: Database) -> None:
    ids = fill(db, ["窗口服务太差了", "请问社保怎么交"])
    me = operator(db, "wang")
    inbox = Inbox(db, operator_id=me)
    names = [v.name for v in inbox.views()]
    assert names[:4] == ["未处理负面", "我的待办", "待审核", "超时未回复"]
    view_id = inbox.save_view("社保咨询", InboxFilter(query="社保", intents=("question",)))
    with pytest.raises(UserFacingError):
        inbox.save_view("社保咨询", InboxFilter())
    counts = inbox.view_counts()
    by_name = {v.name: counts[v.id] for v in inbox.views()}
    assert by_name == {"未处理负面": 1, "我的待办": 0, "待审核": 0, "超时未回复": 2, "社保咨询": 1}
    assert Inbox(db, operator_id=operator(db, "li")).views()[-1].name == "超时未回复"  # private
    saved = next(v for v in inbox.views() if v.id == view_id)
    assert inbox.page_ids(saved.filters)[0] == [ids[1]]
    builtin = inbox.views()[0]
    with pytest.raises(UserFacingError):
        inbox.delete_view(builtin.id)
    inbox.delete_view(view_id)
    assert "社保咨询" not in [v.name for v in inbox.views()]


def test_filter_dict_round_trip_and_bad_values() -> None:
    flt = InboxFilter(
        query="社保", statuses=("new",), assignee="me", since=T0, overdue=True, wave_id=3
    )
    assert InboxFilter.from_dict(flt.to_dict()) == flt
    assert InboxFilter.from_dict({"status": ["new"], "unknown": 1}) == InboxFilter(
        statuses=("new",)
    )
    with pytest.raises(UserFacingError):
        InboxFilter.from_dict({"since": "not a time"})


def test_damaged_cursor_is_refused(db: Database) -> None:
    with pytest.raises(UserFacingError):
        Inbox(db).page_ids(after="!!not-a-cursor!!")


def test_detail_has_thread_author_history_evidence_replies_and_audit(db: Database) -> None:
    with db.session() as s:
        acc = ensure_account(s, platform=Platform.WEIBO, name="滨江发布").id
    ing = Ingestor(db, analyze=fake_analyze)
    ing.ingest(
        acc,
        [
            remote(1, "系统崩了没人管", author_id="u1"),
            remote(2, "请问社保窗口在哪", author_id="u1"),
        ],
    )
    ing.ingest(acc, [remote(3, "同问", author_id="u2", parent_external_id="c2")])
    with db.session() as s:
        ids = {c.external_id: c.id for c in s.query(Comment)}
    me = operator(db, "wang")
    inbox = Inbox(db, operator_id=me)
    Triage(db, operator_id=me).tag(Selection.of(inbox.rows([ids["c2"]])), "咨询")
    from crisisdesk.services.replies import create_draft

    with db.session() as s:
        create_draft(s, comment_id=ids["c2"], text="您好，窗口在一楼。", actor="wang")
    d = inbox.detail(ids["c2"])
    assert d.row.text == "请问社保窗口在哪" and d.row.tags == ("咨询",)
    assert d.post is not None and d.post.title == "关于社保缴费的通知"
    assert [c.id for c in d.children] == [ids["c3"]]
    assert [c.id for c in d.same_author] == [ids["c1"]]
    assert d.keywords == ["社保", "窗口"]
    assert [r.text for r in d.replies] == ["您好，窗口在一楼。"]
    assert [h.action for h in d.history] == ["triage.tag", "reply.draft"]
    first = inbox.detail(ids["c1"])
    assert first.watch_hits and first.watch_hits[0]["word"] == "崩"
    assert first.intent_evidence == ["没人"]
    assert inbox.detail(ids["c3"]).parent is not None
    with pytest.raises(UserFacingError):
        inbox.detail(10**9)


@pytest.mark.parametrize("plan", ["lookup", "walk", "chunks"])
def test_every_search_plan_gives_the_same_pages(
    corpus_db: tuple[Database, dict[int, str]], monkeypatch: pytest.MonkeyPatch, plan: str
) -> None:
    from crisisdesk.services import inbox as inbox_module

    db, _ = corpus_db
    if plan != "lookup":
        monkeypatch.setattr(inbox_module, "RARE_MATCHES", 1)
    if plan == "chunks":
        monkeypatch.setattr(inbox_module, "VERY_COMMON_MATCHES", 2)
    inbox = Inbox(db)
    for query, flt in (
        ("社保", InboxFilter(query="社保")),
        ("系统", InboxFilter(query="系统 崩了")),
        ("系统", InboxFilter(query="系统", sentiments=("negative",))),
    ):
        for sort in (Sort.NEWEST, Sort.OLDEST):
            got = _walk(inbox, flt, sort, 11)
            back = _walk(inbox, flt, sort, 11, backward=True)
            want = _expected(db, flt, lambda r: (r.created_at, r.id))
            if sort is Sort.NEWEST:
                want.reverse()
            assert got == want == back, (plan, query, sort)
            assert got, query
