"""Incidents (危机事件): lifecycle, severity and deadlines, linked comments, timeline, crisis mode."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crisisdesk.domain import ActivityStatus, Changes, IncidentStatus, Severity, WarningLevel
from crisisdesk.errors import UserFacingError
from crisisdesk.services.alerts import emit_after_commit, operator_id
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.schema import (
    Activity,
    Alert,
    Comment,
    CrisisMode,
    Incident,
    IncidentEvent,
    Operator,
    ScheduledPost,
    Wave,
    WorkspaceSetting,
)

POLICY_KEY = "incidents.deadlines"

# 国办发〔2016〕61号 and its implementing rules: for particularly serious and serious
# emergencies (I, II) authoritative information within 5 hours and a press conference
# within 24 hours; for other government public opinion a response within 48 hours.
DEFAULT_POLICY: dict[str, dict[str, float | None]] = {
    "I": {"info_hours": 5, "press_hours": 24, "response_hours": None},
    "II": {"info_hours": 5, "press_hours": 24, "response_hours": None},
    "III": {"info_hours": None, "press_hours": None, "response_hours": 48},
    "IV": {"info_hours": None, "press_hours": None, "response_hours": 48},
}

DEADLINE_LABELS = {
    "info": "发布权威信息",
    "press": "召开新闻发布会",
    "response": "作出回应",
}

# Forward through the cycle; recovery may fall back to response when the crisis flares up.
TRANSITIONS: dict[IncidentStatus, frozenset[IncidentStatus]] = {
    IncidentStatus.MONITORING: frozenset({IncidentStatus.RESPONDING, IncidentStatus.CLOSED}),
    IncidentStatus.RESPONDING: frozenset({IncidentStatus.RECOVERING, IncidentStatus.CLOSED}),
    IncidentStatus.RECOVERING: frozenset({IncidentStatus.RESPONDING, IncidentStatus.CLOSED}),
    IncidentStatus.CLOSED: frozenset(),
}


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


# --- deadlines policy ----------------------------------------------------------------------


def deadline_policy(session: Session) -> dict[str, dict[str, float | None]]:
    """The workspace's response-deadline policy (hours per severity), defaults filled in."""
    row = session.get(WorkspaceSetting, POLICY_KEY)
    stored = row.value if row is not None and isinstance(row.value, dict) else {}
    policy: dict[str, dict[str, float | None]] = {}
    for grade, defaults in DEFAULT_POLICY.items():
        entry = dict(defaults)
        given = stored.get(grade)
        if isinstance(given, dict):
            for key in entry:
                if key in given:
                    entry[key] = _hours(given[key])
        policy[grade] = entry
    return policy


def _hours(value: Any) -> float | None:
    if value is None:
        return None
    try:
        hours = float(value)
    except (TypeError, ValueError) as exc:
        raise UserFacingError(f"时限必须是小时数，收到：{value!r}") from exc
    if not 0 < hours <= 24 * 365:
        raise UserFacingError(f"时限须大于 0 小时且不超过一年，收到：{hours:g}")
    return hours


def set_deadline_policy(
    session: Session, policy: dict[str, dict[str, Any]], *, actor: str
) -> dict[str, dict[str, float | None]]:
    """Replace the policy (grades I-IV; keys info_hours, press_hours, response_hours), audited."""
    clean: dict[str, dict[str, float | None]] = {}
    for grade, entry in policy.items():
        if grade not in DEFAULT_POLICY or not isinstance(entry, dict):
            raise UserFacingError(f"无法识别的事件等级：{grade!r}（应为 I、II、III、IV）")
        unknown = set(entry) - set(DEFAULT_POLICY[grade])
        if unknown:
            raise UserFacingError(f"无法识别的时限项：{', '.join(sorted(unknown))}")
        clean[grade] = {k: _hours(v) for k, v in entry.items()}
    row = session.get(WorkspaceSetting, POLICY_KEY)
    if row is None:
        session.add(WorkspaceSetting(key=POLICY_KEY, value=clean))
    else:
        row.value = clean
    session.flush()
    append_event(session, actor=actor, action="incident_policy.update", entity_type="workspace",
                 entity_id=POLICY_KEY, details={"policy": clean})
    return deadline_policy(session)


def _apply_deadlines(session: Session, inc: Incident) -> None:
    entry = deadline_policy(session)[Severity(inc.severity).name]
    opened = _aware(inc.opened_at)
    assert opened is not None

    def due(key: str) -> datetime | None:
        hours = entry.get(key)
        return None if hours is None else opened + timedelta(hours=hours)

    inc.info_due_at = due("info_hours")
    inc.press_due_at = due("press_hours")
    inc.response_due_at = due("response_hours")


@dataclass(frozen=True, slots=True)
class Countdown:
    """One response deadline of an incident and where it stands."""

    kind: str  # info | press | response
    label: str
    due_at: datetime
    remaining_seconds: float  # negative once overdue
    met_at: datetime | None  # when it was met, if it was

    @property
    def overdue(self) -> bool:
        return self.met_at is None and self.remaining_seconds < 0

    @property
    def text(self) -> str:
        """A plain Chinese line for the incident header."""
        if self.met_at is not None:
            return f"{self.label}：已于 {self.met_at.astimezone():%m月%d日 %H:%M} 完成"
        mins = int(abs(self.remaining_seconds) // 60)
        span = f"{mins // 60}小时{mins % 60:02d}分"
        return f"{self.label}：已超时 {span}" if self.overdue else f"{self.label}：剩余 {span}"


def countdowns(incident: Incident, now: datetime) -> list[Countdown]:
    """The incident's deadlines with the time left (met ones say when they were met)."""
    met = {
        "info": _aware(incident.statement_at),
        "press": None,
        "response": _aware(incident.first_reply_at) or _aware(incident.statement_at),
    }
    out = []
    for kind, due in (("info", incident.info_due_at), ("press", incident.press_due_at),
                      ("response", incident.response_due_at)):
        due_at = _aware(due)
        if due_at is None:
            continue
        done = met[kind]
        if kind == "press":
            done = _aware(_press_at(incident))
        out.append(Countdown(kind=kind, label=DEADLINE_LABELS[kind], due_at=due_at,
                             remaining_seconds=(due_at - now).total_seconds(), met_at=done))
    return out


def _press_at(incident: Incident) -> datetime | None:
    session = Session.object_session(incident)
    if session is None:
        return None
    return session.execute(select(func.min(IncidentEvent.at)).where(
        IncidentEvent.incident_id == incident.id, IncidentEvent.kind == "press")).scalar()


# --- lifecycle -----------------------------------------------------------------------------


def get_incident(session: Session, incident_id: int) -> Incident:
    """The incident row, or a clear error."""
    inc = session.get(Incident, incident_id)
    if inc is None:
        raise UserFacingError(f"事件 #{incident_id} 不存在。")
    return inc


def _event(session: Session, inc: Incident, *, kind: str, text: str, actor: str, at: datetime,
           details: dict[str, Any] | None = None) -> None:
    session.add(IncidentEvent(incident_id=inc.id, at=at, kind=kind, text=text,
                              actor_id=operator_id(session, actor), details=dict(details or {})))


def _audit(session: Session, inc: Incident, action: str, actor: str, at: datetime,
           details: dict[str, Any]) -> None:
    append_event(session, actor=actor, action=f"incident.{action}", entity_type="incident",
                 entity_id=inc.id, details=details, at=at)
    emit_after_commit(session, Changes(incidents=True))


def create_incident(
    session: Session, *, title: str, actor: str, severity: Severity = Severity.IV,
    description: str = "", crisis_type: str | None = None, owner: str | None = None,
    now: datetime | None = None,
) -> int:
    """Open an incident by hand (or from an alert); deadlines follow the policy for its grade."""
    when = _now(now)
    if not title.strip():
        raise UserFacingError("事件标题不能为空。")
    inc = Incident(title=title.strip(), description=description, crisis_type=crisis_type,
                   severity=int(severity), status=IncidentStatus.MONITORING.value, opened_at=when,
                   owner_id=_owner_id(session, owner))
    session.add(inc)
    session.flush()
    _apply_deadlines(session, inc)
    _event(session, inc, kind="opened", actor=actor, at=when,
           text=f"建立事件“{inc.title}”，等级：{Severity(inc.severity).label}。")
    _audit(session, inc, "create", actor, when, {"title": inc.title, "severity": inc.severity})
    return inc.id


def _owner_id(session: Session, owner: str | None) -> int | None:
    if owner is None:
        return None
    oid = operator_id(session, owner)
    if oid is None:
        raise UserFacingError(f"没有用户名为“{owner}”的工作人员。")
    return oid


def set_status(session: Session, incident_id: int, status: IncidentStatus, *, actor: str,
               note: str = "", now: datetime | None = None) -> None:
    """Move the incident through 监测 -> 响应 -> 恢复 -> 结束 (audited, on the timeline)."""
    inc = get_incident(session, incident_id)
    when = _now(now)
    old = IncidentStatus(inc.status)
    if status == old:
        return
    if status not in TRANSITIONS[old]:
        raise UserFacingError(f"事件状态不能从“{old.label}”改为“{status.label}”。")
    inc.status = status.value
    inc.closed_at = when if status == IncidentStatus.CLOSED else None
    suffix = f"（{note.strip()}）" if note.strip() else ""
    _event(session, inc, kind="status", actor=actor, at=when,
           text=f"状态由“{old.label}”改为“{status.label}”{suffix}。",
           details={"from": old.value, "to": status.value})
    _audit(session, inc, "status", actor, when, {"from": old.value, "to": status.value, "note": note})


def set_severity(session: Session, incident_id: int, severity: Severity, *, actor: str,
                 now: datetime | None = None) -> None:
    """Regrade the incident; its deadlines are recomputed from when it was opened."""
    inc = get_incident(session, incident_id)
    when = _now(now)
    old = Severity(inc.severity)
    if old == severity:
        return
    inc.severity = int(severity)
    _apply_deadlines(session, inc)
    _event(session, inc, kind="severity", actor=actor, at=when,
           text=f"事件等级由{old.label}调整为{severity.label}。",
           details={"from": int(old), "to": int(severity)})
    _audit(session, inc, "severity", actor, when, {"from": int(old), "to": int(severity)})


def assign_owner(session: Session, incident_id: int, owner: str, *, actor: str,
                 now: datetime | None = None) -> None:
    """Make an operator responsible for the incident."""
    inc = get_incident(session, incident_id)
    when = _now(now)
    inc.owner_id = _owner_id(session, owner)
    person = session.get(Operator, inc.owner_id)
    name = person.display_name if person else owner
    _event(session, inc, kind="owner", actor=actor, at=when, text=f"负责人：{name}。")
    _audit(session, inc, "owner", actor, when, {"owner": owner})


def add_note(session: Session, incident_id: int, text: str, *, actor: str,
             now: datetime | None = None) -> None:
    """Put a free note on the timeline."""
    inc = get_incident(session, incident_id)
    when = _now(now)
    if not text.strip():
        raise UserFacingError("备注内容不能为空。")
    _event(session, inc, kind="note", actor=actor, at=when, text=text.strip())
    _audit(session, inc, "note", actor, when, {"text": text.strip()})


def record_first_reply(session: Session, incident_id: int, *, actor: str,
                       at: datetime | None = None) -> bool:
    """Note the first reply sent about the incident (later calls change nothing); True if new."""
    inc = get_incident(session, incident_id)
    when = _now(at)
    if inc.first_reply_at is not None:
        return False
    inc.first_reply_at = when
    _event(session, inc, kind="first_reply", actor=actor, at=when, text="首次回复已发出。")
    _audit(session, inc, "first_reply", actor, when, {})
    return True


def record_statement(session: Session, incident_id: int, text: str, *, actor: str,
                     at: datetime | None = None, press_conference: bool = False) -> None:
    """Note a published statement (the first one meets the authoritative-information deadline)."""
    inc = get_incident(session, incident_id)
    when = _now(at)
    if inc.statement_at is None:
        inc.statement_at = when
    kind = "press" if press_conference else "statement"
    head = "召开新闻发布会" if press_conference else "发布声明"
    _event(session, inc, kind=kind, actor=actor, at=when, text=f"{head}：{text.strip()}")
    _audit(session, inc, kind, actor, when, {"text": text.strip()})


def link_comments(session: Session, incident_id: int, comment_ids: Iterable[int], *,
                  actor: str, now: datetime | None = None) -> int:
    """Attach comments to the incident; returns how many were newly linked."""
    inc = get_incident(session, incident_id)
    when = _now(now)
    ids = sorted(set(comment_ids))
    if not ids:
        return 0
    changed = _link(session, inc.id, Comment.id.in_(ids))
    if changed:
        _event(session, inc, kind="comments", actor=actor, at=when,
               text=f"关联评论 {changed} 条。", details={"comment_ids": ids[:500]})
        _audit(session, inc, "link_comments", actor, when, {"count": changed, "ids": ids[:500]})
        emit_after_commit(session, Changes(comments=True, comment_ids=tuple(ids[:500])))
    return changed


def link_wave(session: Session, incident_id: int, wave_id: int, *, actor: str,
              now: datetime | None = None) -> int:
    """Attach every comment of a copy-paste wave in one call; returns how many were linked."""
    inc = get_incident(session, incident_id)
    wave = session.get(Wave, wave_id)
    if wave is None:
        raise UserFacingError(f"评论波次 #{wave_id} 不存在。")
    when = _now(now)
    changed = _link(session, inc.id, Comment.wave_id == wave_id)
    _event(session, inc, kind="comments", actor=actor, at=when,
           text=f"关联疑似水军评论波次 #{wave_id}（{changed} 条）。",
           details={"wave_id": wave_id, "count": changed})
    _audit(session, inc, "link_wave", actor, when, {"wave_id": wave_id, "count": changed})
    emit_after_commit(session, Changes(comments=True))
    return changed


def _link(session: Session, incident_id: int, condition: Any) -> int:
    # Bulk update; Comment.version moves too, so an open editor notices the change.
    result = session.execute(
        update(Comment)
        .where(condition, (Comment.incident_id.is_(None)) | (Comment.incident_id != incident_id))
        .values(incident_id=incident_id, version=Comment.version + 1)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- views and timeline --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncidentView:
    """An incident as panes show it (plain data), with its deadlines as of `now`."""

    id: int
    title: str
    severity: Severity
    status: IncidentStatus
    owner: str | None
    opened_at: datetime
    closed_at: datetime | None
    linked_comments: int
    countdowns: list[Countdown]


def list_incidents(session: Session, now: datetime, *, include_closed: bool = False) -> list[IncidentView]:
    """Incidents, newest first (open ones only unless include_closed)."""
    stmt = (select(Incident, Operator.display_name)
            .outerjoin(Operator, Operator.id == Incident.owner_id)
            .order_by(Incident.opened_at.desc(), Incident.id.desc()))
    if not include_closed:
        stmt = stmt.where(Incident.status != IncidentStatus.CLOSED.value)
    rows = session.execute(stmt).all()
    counts: dict[int, int] = {}
    for inc_id, n in session.execute(select(Comment.incident_id, func.count(Comment.id)).where(
            Comment.incident_id.in_([r[0].id for r in rows])).group_by(Comment.incident_id)):
        if inc_id is not None:
            counts[inc_id] = int(n)
    return [IncidentView(id=inc.id, title=inc.title, severity=Severity(inc.severity),
                         status=IncidentStatus(inc.status), owner=owner,
                         opened_at=_aware(inc.opened_at) or now, closed_at=_aware(inc.closed_at),
                         linked_comments=int(counts.get(inc.id, 0)),
                         countdowns=countdowns(inc, now)) for inc, owner in rows]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of an incident's timeline."""

    at: datetime
    kind: str
    text: str
    actor: str | None
    details: dict[str, Any]


def timeline(session: Session, incident_id: int) -> list[TimelineEntry]:
    """The incident's timeline, oldest first; alerts escalated into it appear when they fired."""
    get_incident(session, incident_id)
    rows = session.execute(
        select(IncidentEvent, Operator.display_name)
        .outerjoin(Operator, Operator.id == IncidentEvent.actor_id)
        .where(IncidentEvent.incident_id == incident_id)
        .order_by(IncidentEvent.at, IncidentEvent.id)
    ).all()
    entries = [TimelineEntry(at=_aware(ev.at) or ev.at, kind=ev.kind, text=ev.text, actor=name,
                             details=dict(ev.details or {})) for ev, name in rows]
    # An escalated alert usually fired well before anyone escalated it: its own line says when.
    fired = [TimelineEntry(at=_aware(a.fired_at) or a.fired_at, kind="alert", actor=None,
                           text=f"{WarningLevel(a.level).label}触发：{a.reason}",
                           details={"alert_id": a.id, "level": a.level, "fired": True})
             for a in session.scalars(select(Alert).where(Alert.incident_id == incident_id))]
    return sorted(entries + fired, key=lambda e: e.at)  # stable: same-time lines keep their order


# --- crisis mode ---------------------------------------------------------------------------


def active_crisis_mode(session: Session) -> CrisisMode | None:
    """The crisis mode in force, if any."""
    return session.execute(select(CrisisMode).where(CrisisMode.lifted_at.is_(None))
                           .order_by(CrisisMode.id.desc()).limit(1)).scalar_one_or_none()


def start_crisis_mode(session: Session, *, actor: str, reason: str, incident_id: int | None = None,
                      now: datetime | None = None) -> int:
    """Hold every scheduled outgoing post and activity until lifted; returns the crisis mode id."""
    when = _now(now)
    if active_crisis_mode(session) is not None:
        raise UserFacingError("危机模式已在运行中，无需重复启动。")
    if incident_id is not None:
        get_incident(session, incident_id)
    mode = CrisisMode(incident_id=incident_id, reason=reason.strip(), started_at=when,
                      started_by_id=operator_id(session, actor))
    session.add(mode)
    session.flush()
    posts = session.execute(select(ScheduledPost).where(
        ScheduledPost.status == "scheduled")).scalars().all()
    for post in posts:
        post.status = "paused"
        post.held_by_crisis = True
    acts = session.execute(select(Activity).where(Activity.status.in_(
        [ActivityStatus.SCHEDULED.value, ActivityStatus.RUNNING.value]))).scalars().all()
    for act in acts:
        act.status = ActivityStatus.PAUSED.value
        act.held_by_crisis = True
    details = {"reason": mode.reason, "incident_id": incident_id,
               "held_posts": [p.id for p in posts], "held_activities": [a.id for a in acts]}
    append_event(session, actor=actor, action="crisis_mode.start", entity_type="crisis_mode",
                 entity_id=mode.id, details=details, at=when)
    if incident_id is not None:
        inc = get_incident(session, incident_id)
        _event(session, inc, kind="crisis_mode", actor=actor, at=when,
               text=f"启动危机模式：暂停定时发布 {len(posts)} 条、互动活动 {len(acts)} 项。",
               details=details)
    emit_after_commit(session, Changes(activities=True, incidents=True))
    return mode.id


def lift_crisis_mode(session: Session, *, actor: str, note: str = "",
                     now: datetime | None = None) -> int:
    """End crisis mode and release what it held; returns how many posts and activities resumed."""
    when = _now(now)
    mode = active_crisis_mode(session)
    if mode is None:
        raise UserFacingError("当前没有运行中的危机模式。")
    mode.lifted_at = when
    mode.lifted_by_id = operator_id(session, actor)
    posts = session.execute(select(ScheduledPost).where(
        ScheduledPost.held_by_crisis.is_(True))).scalars().all()
    for post in posts:
        post.status = "scheduled"
        post.held_by_crisis = False
    acts = session.execute(select(Activity).where(Activity.held_by_crisis.is_(True))).scalars().all()
    for act in acts:
        started = _aware(act.starts_at)
        act.status = (ActivityStatus.RUNNING if started is not None and started <= when
                      else ActivityStatus.SCHEDULED).value
        act.held_by_crisis = False
    details = {"note": note, "released_posts": [p.id for p in posts],
               "released_activities": [a.id for a in acts]}
    append_event(session, actor=actor, action="crisis_mode.lift", entity_type="crisis_mode",
                 entity_id=mode.id, details=details, at=when)
    if mode.incident_id is not None:
        inc = get_incident(session, mode.incident_id)
        _event(session, inc, kind="crisis_mode", actor=actor, at=when,
               text=f"解除危机模式：恢复定时发布 {len(posts)} 条、互动活动 {len(acts)} 项。",
               details=details)
    emit_after_commit(session, Changes(activities=True, incidents=True))
    return len(posts) + len(acts)
