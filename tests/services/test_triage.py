"""Triage actions: each audited, announced, version-locked and undoable; bulk on a wave at once."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from crisisdesk.domain import Changes, CommentStatus, Intent, Sentiment
from crisisdesk.services.events import BUS
from crisisdesk.services.inbox import Inbox, InboxFilter
from crisisdesk.services.triage import (
    Selection,
    Triage,
    TriageConflict,
    TriageError,
    TriageResult,
    WaveTarget,
    corrections_for_model,
)
from crisisdesk.storage.audit import verify_chain
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import (
    AuditEvent,
    Comment,
    CommentTag,
    Incident,
    LabelCorrection,
    Wave,
    utcnow,
)
from tests.services import test_inbox_fixtures
from tests.services.test_inbox_fixtures import fill, operator

module_db = test_inbox_fixtures.module_db  # one workspace per module; each test has its own account


def _fresh(db: Database, texts: list[str]) -> list[int]:
    return fill(db, texts, account=f"账号-{uuid.uuid4().hex[:8]}")


def _sel(db: Database, ids: list[int]) -> Selection:
    return Selection.of(Inbox(db).rows(ids))


def _col(db: Database, ids: list[int], column: str) -> list[object]:
    with db.session() as s:
        got: dict[int, object] = dict(
            s.execute(select(Comment.id, getattr(Comment, column)).where(Comment.id.in_(ids))).all()
        )
    return [got[i] for i in ids]


@pytest.fixture
def events() -> Iterator[list[Changes]]:
    seen: list[Changes] = []
    unsubscribe = BUS.subscribe(lambda changes, _initiator: seen.append(changes))
    yield seen
    unsubscribe()


def test_each_action_is_audited_announced_and_undone(
    module_db: Database, events: list[Changes]
) -> None:
    db = module_db
    ids = _fresh(db, ["窗口服务太差了", "请问社保怎么交"])
    me, colleague = operator(db, "wang"), operator(db, "li")
    t = Triage(db, operator_id=me)
    with db.session() as s:
        incident = Incident(title="社保系统故障")
        s.add(incident)
        s.flush()
        incident_id = incident.id
    steps: list[tuple[Callable[[], TriageResult], str, object, object]] = [
        (lambda: t.assign(_sel(db, ids), operator_id=colleague), "assignee_id", colleague, None),
        (lambda: t.assign(_sel(db, ids), role="reviewer"), "assignee_role", "reviewer", None),
        (lambda: t.set_priority(_sel(db, ids), 2), "priority", 2, 0),
        (lambda: t.mark(_sel(db, ids), CommentStatus.SPAM), "status", "spam", "new"),
        (lambda: t.link_incident(_sel(db, ids), incident_id), "incident_id", incident_id, None),
    ]
    for act, column, after, before in steps:
        result = act()
        assert result.changed == 2 and result.event_id is not None
        assert _col(db, ids, column) == [after, after]
        assert events[-1].comment_ids == tuple(ids)
        undone = t.undo_last()
        assert undone.changed == 2
        assert _col(db, ids, column) == [before, before]
    with db.session() as s:
        actions = s.execute(
            select(AuditEvent.action, AuditEvent.actor)
            .where(AuditEvent.action.like("triage.%"), AuditEvent.entity_type == "comments")
            .order_by(AuditEvent.id.desc())
            .limit(10)
        ).all()
        assert verify_chain(s).intact
    assert [a for a, _ in actions][::2] == ["triage.undo"] * 5
    assert {actor for _, actor in actions} == {"wang"}
    # Every step moved the version: twice per action (do, undo).
    assert _col(db, ids, "version") == [11, 11]


def test_undo_walks_back_one_action_at_a_time_and_only_mine(module_db: Database) -> None:
    db = module_db
    (cid,) = _fresh(db, ["请问社保怎么交"])
    me, other = operator(db, "wang"), operator(db, "li")
    mine, theirs = Triage(db, operator_id=me), Triage(db, operator_id=other)
    mine.set_priority(_sel(db, [cid]), 1)
    mine.mark(_sel(db, [cid]), CommentStatus.HANDLED)
    theirs.tag(_sel(db, [cid]), "已核实")
    assert mine.undo_last().action == "triage.undo"
    assert _col(db, [cid], "status") == ["new"]
    assert _col(db, [cid], "handled_at") == [None]
    mine.undo_last()
    assert _col(db, [cid], "priority") == [0]
    assert Inbox(db).rows([cid])[0].tags == ("已核实",)  # a colleague's action is theirs to undo
    theirs.undo_last()
    assert Inbox(db).rows([cid])[0].tags == ()
    fresh = operator(db, f"new-{uuid.uuid4().hex[:6]}")
    with pytest.raises(TriageError, match="没有可以撤销"):
        Triage(db, operator_id=fresh).undo_last()


def test_undo_leaves_comments_someone_changed_since(module_db: Database) -> None:
    db = module_db
    ids = _fresh(db, ["窗口服务太差了", "请问社保怎么交"])
    me, other = operator(db, "wang"), operator(db, "li")
    Triage(db, operator_id=me).mark(_sel(db, ids), CommentStatus.IGNORED)
    Triage(db, operator_id=other).reopen(_sel(db, ids[:1]))
    Triage(db, operator_id=other).mark(_sel(db, ids[:1]), CommentStatus.HANDLED)
    with db.session() as s:  # the colleague's later work is not the last action of "wang"
        s.execute(update(AuditEvent).where(AuditEvent.id < 0).values(actor="x"))
    result = Triage(db, operator_id=me).undo_last()
    assert result.comment_ids == (ids[1],) and result.skipped == 1
    assert _col(db, ids, "status") == ["handled", "new"]


def test_a_stale_version_is_refused_with_a_clear_message(module_db: Database) -> None:
    db = module_db
    ids = _fresh(db, ["窗口服务太差了", "请问社保怎么交"])
    me, other = operator(db, "wang"), operator(db, "li")
    seen = _sel(db, ids)  # what "wang" has on screen
    Triage(db, operator_id=other).mark(_sel(db, ids[1:]), CommentStatus.HANDLED)
    with pytest.raises(TriageConflict) as err:
        Triage(db, operator_id=me).set_priority(seen, 2)
    assert "已被他人修改" in str(err.value) and "刷新" in str(err.value)
    assert _col(db, ids, "priority") == [0, 0]  # nothing changed, not even the first
    with db.session() as s:
        s.execute(update(Comment).where(Comment.id == ids[0]).values(version=Comment.version + 1))
    with pytest.raises(TriageConflict):
        Triage(db, operator_id=me).set_priority(Selection({ids[0]: 1}), 2)


def test_bulk_close_a_whole_wave_in_one_call(module_db: Database) -> None:
    db = module_db
    ids = _fresh(db, [f"#滨江社保系统崩了# 交不了费{i}" for i in range(1500)] + ["无关评论"])
    with db.session() as s:
        wave = Wave(simhash=1, representative_text="系统崩了", size=1500, distinct_authors=17,
                    first_seen=utcnow(), last_seen=utcnow())  # fmt: skip
        s.add(wave)
        s.flush()
        wave_id = wave.id
        s.execute(update(Comment).where(Comment.id.in_(ids[:1500])).values(wave_id=wave_id))
        s.execute(update(Comment).where(Comment.id == ids[0]).values(status="handled"))
    me = operator(db, "wang")
    result = Triage(db, operator_id=me).mark(WaveTarget(wave_id), CommentStatus.HANDLED)
    assert result.changed == 1499  # the open ones
    with db.session() as s:
        open_left = s.execute(
            select(func.count()).where(Comment.wave_id == wave_id, Comment.status != "handled")
        ).scalar_one()
        event = s.get(AuditEvent, result.event_id)
        assert event is not None and event.entity_id == f"wave:{wave_id}"
        assert len(event.details["ids"]) == 1499
    assert open_left == 0
    assert Inbox(db).count(InboxFilter(wave_id=wave_id, statuses=("new",))) == 0
    assert Triage(db, operator_id=me).undo_last().changed == 1499
    assert Inbox(db).count(InboxFilter(wave_id=wave_id, statuses=("new",))) == 1499
    assert _col(db, ids[-1:], "status") == ["new"]
    detail = Inbox(db).detail(ids[5])
    assert [h.action for h in detail.history] == ["triage.mark_handled", "triage.undo"]


def test_tags_and_corrections_feed_the_model(module_db: Database) -> None:
    db = module_db
    ids = _fresh(db, ["窗口服务太差了", "还行吧"])
    me = operator(db, "wang")
    t = Triage(db, operator_id=me)
    assert t.tag(_sel(db, ids), "待核实").changed == 2
    assert t.tag(_sel(db, ids), "待核实").changed == 0  # already there
    assert t.untag(_sel(db, ids[:1]), "待核实").changed == 1
    assert [r.tags for r in Inbox(db).rows(ids)] == [(), ("待核实",)]
    t.correct_sentiment(_sel(db, ids[1:]), Sentiment.NEGATIVE)
    t.correct_intent(_sel(db, ids[1:]), Intent.COMPLAINT)
    assert _col(db, ids[1:], "sentiment") == ["negative"]
    assert _col(db, ids[1:], "intent_corrected") == [True]
    with db.session() as s:
        pairs = corrections_for_model(s)
        fields = s.execute(
            select(LabelCorrection.field, LabelCorrection.old_value)
            .where(LabelCorrection.comment_id == ids[1])
            .order_by(LabelCorrection.id)
        ).all()
    assert ("还行吧", Sentiment.NEGATIVE) in pairs
    assert [tuple(f) for f in fields] == [("sentiment", "neutral"), ("intent", "question")]
    t.undo_last()  # the intent correction
    t.undo_last()  # the sentiment correction
    assert _col(db, ids[1:], "sentiment") == ["neutral"]
    assert _col(db, ids[1:], "sentiment_corrected") == [False]
    with db.session() as s:
        assert ("还行吧", Sentiment.NEGATIVE) not in corrections_for_model(s)
        assert (
            s.execute(
                select(func.count()).select_from(CommentTag).where(CommentTag.comment_id.in_(ids))
            ).scalar_one()
            == 1
        )


def test_bad_requests_are_refused_plainly(module_db: Database) -> None:
    db = module_db
    (cid,) = _fresh(db, ["请问社保怎么交"])
    t = Triage(db, operator_id=operator(db, "wang"))
    with pytest.raises(TriageError):
        t.set_priority(_sel(db, [cid]), 7)
    with pytest.raises(TriageError):
        t.mark(_sel(db, [cid]), CommentStatus.REPLIED)
    with pytest.raises(TriageError):
        t.assign(_sel(db, [cid]), role="janitor")
    with pytest.raises(TriageError):
        t.link_incident(_sel(db, [cid]), 10**9)
    with pytest.raises(TriageError):
        t.mark(Selection({}), CommentStatus.HANDLED)
    with pytest.raises(TriageError):
        t.mark(WaveTarget(10**9), CommentStatus.HANDLED)
    with pytest.raises(TriageConflict, match="已不存在"):
        t.mark(Selection({10**9: 1}), CommentStatus.HANDLED)
    with pytest.raises(TriageError):
        Triage(db, operator_id=10**9).mark(_sel(db, [cid]), CommentStatus.HANDLED)


def test_timers_recompute_open_deadlines_when_rules_change(module_db: Database) -> None:
    from crisisdesk.services import timers
    from crisisdesk.storage.schema import ResponseRule

    db = module_db
    ids = _fresh(db, ["窗口服务太差了", "请问社保怎么交"])
    Triage(db, operator_id=operator(db, "wang")).mark(_sel(db, ids[1:]), CommentStatus.HANDLED)
    before = _col(db, ids, "due_at")
    with db.session() as s:
        rule = s.execute(select(ResponseRule).where(ResponseRule.name.like("负面%"))).scalar_one()
        rule.hours = 1.0
    try:
        assert timers.recompute_due(db, actor="wang") >= 1
        after = _col(db, ids, "due_at")
        assert after[0] == before[0] - timedelta(hours=1)  # type: ignore[operator]
        assert after[1] == before[1]  # closed: judged by the old rule
        summary = timers.summary(db)
        assert summary.overdue >= 1 and summary.open >= summary.overdue
    finally:
        with db.session() as s:
            s.execute(update(ResponseRule).where(ResponseRule.name.like("负面%")).values(hours=2.0))
        timers.recompute_due(db, actor="wang")
