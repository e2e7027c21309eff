"""Incidents: lifecycle, deadlines per severity, linked comments and waves, timeline, crisis mode."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from crisisdesk.domain import IncidentStatus, Severity
from crisisdesk.errors import UserFacingError
from crisisdesk.services import incidents
from crisisdesk.storage.db import Database, open_database
from crisisdesk.storage.schema import (
    Account,
    Activity,
    AuditEvent,
    Comment,
    CrisisMode,
    Incident,
    Operator,
    ScheduledPost,
    Wave,
)

T0 = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    with db.session() as s:
        s.add(Account(platform="weibo", name="main", display_name="某市发布"))
        s.add_all(
            [
                Operator(username="li", display_name="李明", roles=["crisis_lead"]),
                Operator(username="wang", display_name="王芳", roles=["operator"]),
            ]
        )
    yield db
    db.dispose()


def _actions(s: object) -> list[str]:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    return list(s.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        (Severity.I, {"info": 5, "press": 24}),
        (Severity.II, {"info": 5, "press": 24}),
        (Severity.III, {"response": 48}),
        (Severity.IV, {"response": 48}),
    ],
)
def test_default_deadlines_follow_the_2016_rules(
    database: Database, severity: Severity, expected: dict[str, int]
) -> None:
    with database.session() as s:
        inc_id = incidents.create_incident(
            s, title="测试事件", actor="li", severity=severity, now=T0
        )
        inc = s.get(Incident, inc_id)
        assert inc is not None
        cds = incidents.countdowns(inc, T0 + timedelta(hours=1))
        assert {c.kind: (c.due_at - T0).total_seconds() / 3600 for c in cds} == expected
        assert all(c.remaining_seconds > 0 and not c.overdue for c in cds)


def test_countdowns_overdue_and_met(database: Database) -> None:
    with database.session() as s:
        inc_id = incidents.create_incident(
            s, title="数据泄露", actor="li", severity=Severity.I, now=T0
        )
        incidents.record_statement(
            s, inc_id, "已启动调查，将及时通报进展。", actor="li", at=T0 + timedelta(hours=4)
        )
        inc = s.get(Incident, inc_id)
        assert inc is not None
        cds = {c.kind: c for c in incidents.countdowns(inc, T0 + timedelta(hours=30))}
        assert cds["info"].met_at == T0 + timedelta(hours=4) and not cds["info"].overdue
        assert cds["press"].overdue and "已超时 6小时00分" in cds["press"].text
        incidents.record_statement(
            s, inc_id, "新闻发布会", actor="li", press_conference=True, at=T0 + timedelta(hours=31)
        )
        cds = {c.kind: c for c in incidents.countdowns(inc, T0 + timedelta(hours=32))}
        assert cds["press"].met_at is not None and not cds["press"].overdue


def test_policy_is_configurable_and_checked(database: Database) -> None:
    with database.session() as s:
        policy = incidents.set_deadline_policy(s, {"IV": {"response_hours": 24}}, actor="li")
        assert policy["IV"]["response_hours"] == 24 and policy["I"]["info_hours"] == 5
        inc_id = incidents.create_incident(s, title="咨询激增", actor="li", now=T0)
        inc = s.get(Incident, inc_id)
        assert inc is not None and inc.response_due_at == T0 + timedelta(hours=24)
        with pytest.raises(UserFacingError):
            incidents.set_deadline_policy(s, {"V": {"response_hours": 1}}, actor="li")
        with pytest.raises(UserFacingError):
            incidents.set_deadline_policy(s, {"I": {"info_hours": -1}}, actor="li")
        assert "incident_policy.update" in _actions(s)


def test_lifecycle_regrade_owner_notes_and_timeline(database: Database) -> None:
    with database.session() as s:
        inc_id = incidents.create_incident(s, title="停水投诉", actor="li", now=T0)
        incidents.assign_owner(s, inc_id, "wang", actor="li", now=T0 + timedelta(minutes=1))
        incidents.set_severity(s, inc_id, Severity.II, actor="li", now=T0 + timedelta(minutes=2))
        inc = s.get(Incident, inc_id)
        assert inc is not None and inc.info_due_at == T0 + timedelta(hours=5)
        assert inc.response_due_at is None
        incidents.set_status(
            s, inc_id, IncidentStatus.RESPONDING, actor="li", now=T0 + timedelta(minutes=3)
        )
        assert incidents.record_first_reply(s, inc_id, actor="wang", at=T0 + timedelta(minutes=4))
        assert not incidents.record_first_reply(s, inc_id, actor="wang", at=T0 + timedelta(hours=1))
        incidents.add_note(
            s, inc_id, "供水公司预计 18 时恢复", actor="li", now=T0 + timedelta(minutes=5)
        )
        with pytest.raises(UserFacingError):
            incidents.set_status(s, inc_id, IncidentStatus.MONITORING, actor="li")
        incidents.set_status(
            s, inc_id, IncidentStatus.RECOVERING, actor="li", now=T0 + timedelta(hours=2)
        )
        incidents.set_status(
            s,
            inc_id,
            IncidentStatus.CLOSED,
            actor="li",
            note="已恢复供水",
            now=T0 + timedelta(hours=3),
        )
        assert inc.closed_at == T0 + timedelta(hours=3) and inc.first_reply_at == T0 + timedelta(
            minutes=4
        )
        line = incidents.timeline(s, inc_id)
        assert [e.kind for e in line] == [
            "opened",
            "owner",
            "severity",
            "status",
            "first_reply",
            "note",
            "status",
            "status",
        ]
        assert line[1].text == "负责人：王芳。" and line[3].actor == "李明"
        assert "已恢复供水" in line[-1].text
        with pytest.raises(UserFacingError):
            incidents.set_status(s, inc_id, IncidentStatus.RESPONDING, actor="li")
        actions = _actions(s)
        for action in (
            "incident.create",
            "incident.owner",
            "incident.severity",
            "incident.status",
            "incident.first_reply",
            "incident.note",
        ):
            assert action in actions


def test_link_comments_and_a_whole_wave(database: Database) -> None:
    with database.session() as s:
        acc = s.execute(select(Account.id)).scalar_one()
        wave = Wave(
            simhash=9,
            representative_text="还我血汗钱",
            size=3,
            distinct_authors=3,
            first_seen=T0,
            last_seen=T0,
        )
        s.add(wave)
        s.flush()
        for i in range(5):
            s.add(
                Comment(
                    account_id=acc,
                    platform="weibo",
                    external_id=f"c{i}",
                    text="还我血汗钱",
                    created_at=T0,
                    wave_id=wave.id if i < 3 else None,
                )
            )
        s.flush()
        ids = list(s.execute(select(Comment.id).order_by(Comment.id)).scalars())
        inc_id = incidents.create_incident(s, title="欠薪", actor="li", now=T0)
        assert incidents.link_wave(s, inc_id, wave.id, actor="li", now=T0) == 3
        assert incidents.link_comments(s, inc_id, ids[2:], actor="li", now=T0) == 2  # one already
        assert incidents.link_comments(s, inc_id, ids, actor="li", now=T0) == 0
        with pytest.raises(UserFacingError):
            incidents.link_wave(s, inc_id, 9999, actor="li")
    with database.session() as s:
        views = incidents.list_incidents(s, T0 + timedelta(hours=1))
        assert [(v.id, v.linked_comments, v.status) for v in views] == [
            (inc_id, 5, IncidentStatus.MONITORING)
        ]
        assert views[0].countdowns[0].kind == "response"
        linked = s.execute(select(Comment.incident_id)).scalars().all()
        assert linked == [inc_id] * 5
        texts = [e.text for e in incidents.timeline(s, inc_id) if e.kind == "comments"]
        assert texts[0].startswith("关联疑似水军评论波次") and "（3 条）" in texts[0]
        assert "incident.link_wave" in _actions(s)


def test_crisis_mode_holds_and_releases_outgoing_work(database: Database) -> None:
    with database.session() as s:
        acc = s.execute(select(Account.id)).scalar_one()
        s.add_all(
            [
                ScheduledPost(
                    account_id=acc, text="周末活动预告", scheduled_at=T0 + timedelta(hours=3)
                ),
                ScheduledPost(account_id=acc, text="已发", scheduled_at=T0, status="sent"),
                Activity(
                    title="有奖问答",
                    kind="quiz",
                    status="scheduled",
                    starts_at=T0 + timedelta(days=1),
                ),
                Activity(
                    title="直播", kind="live", status="running", starts_at=T0 - timedelta(hours=1)
                ),
                Activity(title="草稿", kind="vote", status="draft"),
            ]
        )
        inc_id = incidents.create_incident(s, title="舆情事件", actor="li", now=T0)
        mode_id = incidents.start_crisis_mode(
            s, actor="li", reason="暂停一切推广", incident_id=inc_id, now=T0
        )
        with pytest.raises(UserFacingError):
            incidents.start_crisis_mode(s, actor="li", reason="again")
    with database.session() as s:
        posts = {p.text: p for p in s.execute(select(ScheduledPost)).scalars()}
        assert posts["周末活动预告"].status == "paused" and posts["周末活动预告"].held_by_crisis
        assert posts["已发"].status == "sent" and not posts["已发"].held_by_crisis
        acts = {a.title: a for a in s.execute(select(Activity)).scalars()}
        assert acts["有奖问答"].status == "paused" and acts["直播"].status == "paused"
        assert acts["草稿"].status == "draft" and not acts["草稿"].held_by_crisis
        mode = incidents.active_crisis_mode(s)
        assert mode is not None and mode.id == mode_id and mode.started_by_id is not None
        assert (
            incidents.lift_crisis_mode(
                s, actor="wang", note="事态平息", now=T0 + timedelta(hours=6)
            )
            == 3
        )
    with database.session() as s:
        assert incidents.active_crisis_mode(s) is None
        mode = s.get(CrisisMode, mode_id)
        wang = s.execute(select(Operator.id).where(Operator.username == "wang")).scalar_one()
        assert mode is not None and mode.lifted_by_id == wang
        assert mode.lifted_at == T0 + timedelta(hours=6)
        acts = {a.title: a for a in s.execute(select(Activity)).scalars()}
        assert acts["有奖问答"].status == "scheduled" and acts["直播"].status == "running"
        assert not any(a.held_by_crisis for a in acts.values())
        post = s.execute(
            select(ScheduledPost).where(ScheduledPost.text == "周末活动预告")
        ).scalar_one()
        assert post.status == "scheduled" and not post.held_by_crisis
        actions = _actions(s)
        assert "crisis_mode.start" in actions and "crisis_mode.lift" in actions
        kinds = [e.kind for e in incidents.timeline(s, inc_id)]
        assert kinds.count("crisis_mode") == 2
        with pytest.raises(UserFacingError):
            incidents.lift_crisis_mode(s, actor="li")
