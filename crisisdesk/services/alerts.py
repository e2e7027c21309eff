"""Early warning: default rules, evaluation over the trend buckets, the warning level, the alert centre."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from crisisdesk.analysis.signals.index import IndexConfig, IndexReading, compute_index
from crisisdesk.analysis.signals.model import Firing, level_for
from crisisdesk.analysis.signals.rules import (
    SERIES_KINDS,
    RuleSpec,
    default_rule_specs,
    run_rule,
    validate,
)
from crisisdesk.analysis.signals.series import RegularSeries
from crisisdesk.domain import AlertStatus, Changes, IncidentStatus, Severity, WarningLevel
from crisisdesk.services import trends
from crisisdesk.services.events import BUS
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.schema import (
    Alert,
    AlertRule,
    Incident,
    IncidentEvent,
    Operator,
    Wave,
    WorkspaceSetting,
)

SYSTEM = "system"
STATE_KEY = "alerts.state"  # the warning level last announced, for "level changed" events
LEVEL_HOLD = timedelta(hours=2)
FRESH_SECONDS = 3600  # an alert keeps the current level up this long
OPEN_INCIDENT = (IncidentStatus.MONITORING, IncidentStatus.RESPONDING, IncidentStatus.RECOVERING)


def emit_after_commit(session: Session, changes: Changes) -> None:
    """Announce changes once the caller's transaction commits (never for a rolled-back one)."""
    pending: Changes | None = session.info.get("crisisdesk.changes")
    session.info["crisisdesk.changes"] = changes if pending is None else pending | changes
    if pending is not None:
        return

    def _fire(sess: Session) -> None:
        done = sess.info.pop("crisisdesk.changes", None)
        if done is not None:
            BUS.emit(done)

    def _drop(sess: Session) -> None:
        sess.info.pop("crisisdesk.changes", None)

    event.listen(session, "after_commit", _fire, once=True)
    event.listen(session, "after_rollback", _drop, once=True)


def operator_id(session: Session, actor: str) -> int | None:
    """The id of the operator with this username, if there is one."""
    return session.execute(select(Operator.id).where(Operator.username == actor)).scalar()


def spec_of(rule: AlertRule) -> RuleSpec:
    """The plain rule behind a database row."""
    return RuleSpec(
        name=rule.name,
        kind=rule.kind,
        params=dict(rule.params or {}),
        cooldown_seconds=int(rule.cooldown_seconds),
        enabled=bool(rule.enabled),
    )


def ensure_default_rules(session: Session) -> int:
    """Add any default rule the workspace lacks (by name); returns how many were added."""
    have = set(session.execute(select(AlertRule.name)).scalars())
    added = 0
    for spec in default_rule_specs():
        if spec.name in have:
            continue
        session.add(AlertRule(name=spec.name, kind=spec.kind, params=dict(spec.params),
                              cooldown_seconds=spec.cooldown_seconds, enabled=spec.enabled))
        added += 1
    if added:
        session.flush()
    return added


def update_rule(
    session: Session, name: str, *, actor: str, params: dict[str, Any] | None = None,
    enabled: bool | None = None, cooldown_seconds: int | None = None,
) -> None:
    """Change a rule's params, switch or cooldown (checked first, audited)."""
    rule = _rule(session, name)
    before = {"params": rule.params, "enabled": rule.enabled, "cooldown": rule.cooldown_seconds}
    spec = RuleSpec(rule.name, rule.kind, dict(params if params is not None else rule.params),
                    cooldown_seconds if cooldown_seconds is not None else rule.cooldown_seconds)
    try:
        validate(spec)
    except (ValueError, TypeError) as exc:
        from crisisdesk.errors import UserFacingError

        raise UserFacingError(f"预警规则“{spec.label}”的参数有误：{exc}") from exc
    if params is not None:
        rule.params = dict(params)
    if enabled is not None:
        rule.enabled = enabled
    if cooldown_seconds is not None:
        rule.cooldown_seconds = max(0, int(cooldown_seconds))
    append_event(session, actor=actor, action="alert_rule.update", entity_type="alert_rule",
                 entity_id=rule.id, details={"before": before, "after": {
                     "params": rule.params, "enabled": rule.enabled,
                     "cooldown": rule.cooldown_seconds}})
    emit_after_commit(session, Changes(alerts=True))


def _rule(session: Session, name: str) -> AlertRule:
    rule = session.execute(select(AlertRule).where(AlertRule.name == name)).scalar_one_or_none()
    if rule is None:
        from crisisdesk.errors import UserFacingError

        raise UserFacingError(f"没有名为“{name}”的预警规则。")
    return rule


# --- evaluation ----------------------------------------------------------------------------


def rule_series(session: Session, rule: AlertRule, *, start: datetime, end: datetime) -> RegularSeries:
    """The bucket series a series rule reads, [start, end) at the rule's interval."""
    params = rule.params or {}
    interval = int(params.get("interval_seconds", 300))
    ts = trends.bucket_series(
        session, start=start, end=end, interval_seconds=interval,
        account_ids=[rule.account_id] if rule.account_id else None,
        platform=params.get("platform"),
    )
    return ts.to_regular()


def backtest_stored(
    session: Session, name: str, *, start: datetime, end: datetime
) -> tuple[RuleSpec, RegularSeries, list[Firing]]:
    """When the rule would have fired over the stored history in [start, end)."""
    rule = _rule(session, name)
    spec = spec_of(rule)
    if rule.kind not in SERIES_KINDS:
        from crisisdesk.errors import UserFacingError

        raise UserFacingError(f"规则“{spec.label}”不基于时间序列，无法回测。")
    series = rule_series(session, rule, start=start, end=end)
    return spec, series, run_rule(spec, series)


def evaluate(session: Session, now: datetime, *, actor: str = SYSTEM) -> list[Alert]:
    """Run every enabled rule on the buckets up to now; write and return the alerts raised."""
    raised: list[Alert] = []
    rules = session.execute(select(AlertRule).where(AlertRule.enabled.is_(True))
                            .order_by(AlertRule.id)).scalars().all()
    for rule in rules:
        spec = spec_of(rule)
        if rule.kind in SERIES_KINDS:
            raised.extend(_evaluate_series(session, rule, spec, now))
        elif rule.kind == "wave":
            raised.extend(_evaluate_waves(session, rule, spec, now))
        elif rule.kind == "index":
            alert = _evaluate_index(session, rule, spec, now)
            if alert is not None:
                raised.append(alert)
    for alert in raised:
        _record(session, alert, actor=actor)
    changed = _track_level(session, now)
    if raised or changed:
        emit_after_commit(session, Changes(alerts=True, incidents=changed or _any_open(session)))
    return raised


def _evaluate_series(session: Session, rule: AlertRule, spec: RuleSpec, now: datetime) -> list[Alert]:
    interval = int(spec.params.get("interval_seconds", 300))
    end = trends.align(now, interval)  # the bucket still filling is not judged yet
    start = end - timedelta(seconds=spec.lookback_seconds(interval))
    firings = run_rule(spec, rule_series(session, rule, start=start, end=end))
    # Alerts of the last hour not yet raised still go out (the console may have been closed
    # when the trouble began); older ones are history, for backtests to show.
    fresh_after = end - timedelta(seconds=max(2 * interval, FRESH_SECONDS))
    last = _aware(rule.last_fired_at)
    candidates = [
        f for f in firings
        if _ts(f.at + interval) > fresh_after and (last is None or _ts(f.at + interval) > last)
    ]
    if not candidates:
        return []
    best = max(candidates, key=lambda f: (f.level, f.at))
    if not _cooldown_allows(session, rule, best.level, now):
        return []
    return [_new_alert(rule, now, best.level, best.value, best.baseline, best.reason,
                       {**best.details, "bucket_at": _ts(best.at).isoformat(),
                        "escalation": best.escalation})]


def _cooldown_allows(session: Session, rule: AlertRule, level: WarningLevel, now: datetime) -> bool:
    last = _aware(rule.last_fired_at)
    if last is None or (now - last).total_seconds() >= rule.cooldown_seconds:
        return True
    # Inside the cooldown only a graver level gets through.
    prev = session.execute(select(func.max(Alert.level)).where(
        Alert.rule_id == rule.id, Alert.fired_at >= last)).scalar()
    return prev is None or int(level) > int(prev)


def _evaluate_waves(session: Session, rule: AlertRule, spec: RuleSpec, now: datetime) -> list[Alert]:
    p = spec.params
    window = timedelta(minutes=float(p.get("window_minutes", 60)))
    min_size, min_authors = int(p.get("min_size", 10)), int(p.get("min_authors", 5))
    raw_levels = [float(v) for v in p.get("levels", [min_size, 3 * min_size, 10 * min_size,
                                                     30 * min_size])]
    levels = (raw_levels[0], raw_levels[1], raw_levels[2], raw_levels[3])
    waves = session.execute(select(Wave).where(
        Wave.last_seen >= now - window, Wave.size >= min_size,
        Wave.distinct_authors >= min_authors)).scalars().all()
    if not waves:
        return []
    seen: dict[int, int] = {}
    for details, level in session.execute(select(Alert.details, Alert.level).where(
            Alert.rule_id == rule.id, Alert.fired_at >= now - timedelta(days=7))):
        wid = (details or {}).get("wave_id")
        if isinstance(wid, int):
            seen[wid] = max(seen.get(wid, 0), int(level))
    out = []
    for wave in waves:
        level = max(WarningLevel.BLUE, level_for(float(wave.size), levels))
        if int(level) <= seen.get(wave.id, 0):
            continue
        text = wave.representative_text.replace("\n", " ")
        excerpt = text[:40] + ("…" if len(text) > 40 else "")
        head = "预警升级：" if wave.id in seen else ""
        reason = (f"{head}{spec.label}：内容相同或高度相似的评论已有 {wave.size} 条，来自 "
                  f"{wave.distinct_authors} 个不同账号（阈值 {min_size} 条、{min_authors} 个账号），"
                  f"首见于 {_local(wave.first_seen)}，样例：“{excerpt}”。")
        out.append(_new_alert(rule, now, level, float(wave.size), float(min_size), reason, {
            "wave_id": wave.id, "size": wave.size, "distinct_authors": wave.distinct_authors,
            "first_seen": _aware_req(wave.first_seen).isoformat(), "levels": list(levels),
            "escalation": wave.id in seen}))
    return out


def warning_index(session: Session, now: datetime) -> IndexReading:
    """The warning index now, with the weights of the workspace's index rule."""
    rule = session.execute(select(AlertRule).where(AlertRule.kind == "index")
                           .order_by(AlertRule.id).limit(1)).scalar_one_or_none()
    cfg = IndexConfig.from_dict(dict(rule.params or {}) if rule else {})
    return compute_index(trends.index_indicators(session, now, cfg), cfg,
                         previous=WarningLevel(int(_state(session).get("index_level", 0))))


def _evaluate_index(session: Session, rule: AlertRule, spec: RuleSpec, now: datetime) -> Alert | None:
    cfg = IndexConfig.from_dict(spec.params)
    state = _state(session)
    previous = WarningLevel(int(state.get("index_level", 0)))
    reading = compute_index(trends.index_indicators(session, now, cfg), cfg, previous=previous)
    _save_state(session, {**state, "index_level": int(reading.level),
                          "index_score": round(reading.score, 2), "index_at": now.isoformat()})
    if reading.level <= previous:
        return None
    if not _cooldown_allows(session, rule, reading.level, now):
        return None
    details: dict[str, Any] = {
        "score": round(reading.score, 2), "scores": reading.scores,
        "contributions": {k: round(v, 2) for k, v in reading.contributions.items()},
        "weights": cfg.weights, "levels": list(cfg.levels), "previous_level": int(previous),
        "indicators": {"volume": reading.indicators.volume,
                       "expected_volume": reading.indicators.expected_volume,
                       "negative": reading.indicators.negative,
                       "negative_authors": reading.indicators.negative_authors,
                       "accounts_hit": reading.indicators.accounts_hit,
                       "platforms_hit": reading.indicators.platforms_hit,
                       "watch_hits": reading.indicators.watch_hits,
                       "overdue": reading.indicators.overdue},
    }
    return _new_alert(rule, now, reading.level, reading.score, cfg.levels[0], reading.reason, details)


def _new_alert(rule: AlertRule, now: datetime, level: WarningLevel, value: float,
               baseline: float | None, reason: str, details: dict[str, Any]) -> Alert:
    rule.last_fired_at = now
    return Alert(rule_id=rule.id, fired_at=now, level=int(level), value=float(value),
                 baseline=None if baseline is None else float(baseline), reason=reason,
                 details={"rule": rule.name, "kind": rule.kind, **details},
                 status=AlertStatus.OPEN.value)


def _record(session: Session, alert: Alert, *, actor: str) -> None:
    session.add(alert)
    session.flush()
    append_event(session, actor=actor, action="alert.fired", entity_type="alert",
                 entity_id=alert.id, details={"rule": alert.details.get("rule"),
                                              "level": alert.level, "value": alert.value,
                                              "baseline": alert.baseline})
    for inc in _open_incidents(session):
        session.add(IncidentEvent(incident_id=inc.id, at=alert.fired_at, kind="alert",
                                  text=f"{WarningLevel(alert.level).label}：{alert.reason}",
                                  details={"alert_id": alert.id, "level": alert.level}))


def _open_incidents(session: Session) -> list[Incident]:
    return list(session.execute(select(Incident).where(
        Incident.status.in_([s.value for s in OPEN_INCIDENT]))).scalars())


def _any_open(session: Session) -> bool:
    return bool(_open_incidents(session))


def current_level(session: Session, now: datetime) -> WarningLevel:
    """The warning level now: the graver of the warning index and alerts of the last two hours."""
    recent = session.execute(select(func.max(Alert.level)).where(
        Alert.fired_at > now - LEVEL_HOLD, Alert.fired_at <= now)).scalar()
    state = _state(session)
    index_level = 0
    at = state.get("index_at")
    if isinstance(at, str) and now - datetime.fromisoformat(at) <= LEVEL_HOLD:
        index_level = int(state.get("index_level", 0))
    return WarningLevel(max(int(recent or 0), index_level))


def _track_level(session: Session, now: datetime) -> bool:
    """Put a "level changed" line on every open incident's timeline when the level moves."""
    state = _state(session)
    before = WarningLevel(int(state.get("level", 0)))
    after = current_level(session, now)
    if after == before:
        return False
    _save_state(session, {**_state(session), "level": int(after), "level_at": now.isoformat()})
    append_event(session, actor=SYSTEM, action="warning_level.changed", entity_type="workspace",
                 entity_id="warning_level", details={"from": int(before), "to": int(after)})
    for inc in _open_incidents(session):
        session.add(IncidentEvent(incident_id=inc.id, at=now, kind="level",
                                  text=f"预警等级由{before.label}变为{after.label}。",
                                  details={"from": int(before), "to": int(after)}))
    return True


def _state(session: Session) -> dict[str, Any]:
    row = session.get(WorkspaceSetting, STATE_KEY)
    return dict(row.value) if row is not None and isinstance(row.value, dict) else {}


def _save_state(session: Session, value: dict[str, Any]) -> None:
    row = session.get(WorkspaceSetting, STATE_KEY)
    if row is None:
        session.add(WorkspaceSetting(key=STATE_KEY, value=value))
    else:
        row.value = value
    session.flush()


def _ts(unix: float) -> datetime:
    return datetime.fromtimestamp(unix, UTC)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _aware_req(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _local(moment: datetime) -> str:
    return _aware_req(moment).astimezone().strftime("%m月%d日 %H:%M")


# --- the alert centre ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AlertView:
    """An alert as the alert centre shows it (plain data, no ORM row)."""

    id: int
    rule_name: str
    rule_label: str
    kind: str
    fired_at: datetime
    level: WarningLevel
    value: float
    baseline: float | None
    reason: str
    details: dict[str, Any]
    status: AlertStatus
    ack_by: str | None
    ack_at: datetime | None
    ack_note: str
    incident_id: int | None


def _view(session: Session, alert: Alert) -> AlertView:
    rule = session.get(AlertRule, alert.rule_id) if alert.rule_id else None
    spec = spec_of(rule) if rule else None
    ack_by = session.get(Operator, alert.ack_by_id) if alert.ack_by_id else None
    return AlertView(
        id=alert.id, rule_name=rule.name if rule else str(alert.details.get("rule", "")),
        rule_label=spec.label if spec else str(alert.details.get("rule", "已删除的规则")),
        kind=rule.kind if rule else str(alert.details.get("kind", "")),
        fired_at=_aware_req(alert.fired_at), level=WarningLevel(alert.level), value=alert.value,
        baseline=alert.baseline, reason=alert.reason, details=dict(alert.details or {}),
        status=AlertStatus(alert.status), ack_by=ack_by.display_name if ack_by else None,
        ack_at=_aware(alert.ack_at), ack_note=alert.ack_note, incident_id=alert.incident_id,
    )


def list_alerts(
    session: Session, *, statuses: Iterable[AlertStatus] | None = None,
    since: datetime | None = None, min_level: WarningLevel = WarningLevel.NONE, limit: int = 200,
) -> list[AlertView]:
    """Alerts, newest first, filtered by status, time and level."""
    stmt = select(Alert).order_by(Alert.fired_at.desc(), Alert.id.desc()).limit(limit)
    if statuses is not None:
        stmt = stmt.where(Alert.status.in_([s.value for s in statuses]))
    if since is not None:
        stmt = stmt.where(Alert.fired_at >= since)
    if min_level > WarningLevel.NONE:
        stmt = stmt.where(Alert.level >= int(min_level))
    return [_view(session, a) for a in session.execute(stmt).scalars()]


def _alert(session: Session, alert_id: int) -> Alert:
    alert = session.get(Alert, alert_id)
    if alert is None:
        from crisisdesk.errors import UserFacingError

        raise UserFacingError(f"预警 #{alert_id} 不存在。")
    return alert


def acknowledge(session: Session, alert_id: int, *, actor: str, note: str = "",
                now: datetime | None = None) -> AlertView:
    """Mark an alert as seen, with a note on what is being done (audited)."""
    alert = _alert(session, alert_id)
    when = now or datetime.now(UTC)
    if alert.status == AlertStatus.OPEN.value:
        alert.status = AlertStatus.ACKNOWLEDGED.value
    alert.ack_by_id = operator_id(session, actor)
    alert.ack_at = when
    alert.ack_note = note.strip()
    append_event(session, actor=actor, action="alert.acknowledge", entity_type="alert",
                 entity_id=alert.id, details={"note": alert.ack_note}, at=when)
    emit_after_commit(session, Changes(alerts=True))
    return _view(session, alert)


def escalate(
    session: Session, alert_id: int, *, actor: str, title: str | None = None,
    severity: Severity = Severity.IV, note: str = "", incident_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Turn an alert into an incident, or attach it to an existing one; returns the incident id."""
    from crisisdesk.services import incidents

    alert = _alert(session, alert_id)
    when = now or datetime.now(UTC)
    if incident_id is None:
        view = _view(session, alert)
        incident_id = incidents.create_incident(
            session, title=title or f"{view.rule_label}（{_local(alert.fired_at)}）",
            severity=severity, actor=actor, description=alert.reason, now=when)
    else:
        incidents.get_incident(session, incident_id)
    alert.status = AlertStatus.ESCALATED.value
    alert.incident_id = incident_id
    if note:
        alert.ack_note = note.strip()
    if alert.ack_at is None:
        alert.ack_by_id = operator_id(session, actor)
        alert.ack_at = when
    session.add(IncidentEvent(incident_id=incident_id, at=when, kind="alert",
                              actor_id=operator_id(session, actor),
                              text=f"由预警升级：{WarningLevel(alert.level).label}：{alert.reason}",
                              details={"alert_id": alert.id, "level": alert.level, "note": note}))
    append_event(session, actor=actor, action="alert.escalate", entity_type="alert",
                 entity_id=alert.id, details={"incident_id": incident_id, "note": note}, at=when)
    emit_after_commit(session, Changes(alerts=True, incidents=True))
    return incident_id
