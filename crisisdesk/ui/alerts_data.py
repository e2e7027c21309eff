"""Reads and writes behind the alert centre, rule editor and incident view (run in the background)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.analysis.signals.model import Firing
from crisisdesk.analysis.signals.rules import RuleSpec
from crisisdesk.domain import AlertStatus, IncidentStatus, Severity
from crisisdesk.services import alerts, incidents
from crisisdesk.services.alerts import AlertView
from crisisdesk.services.incidents import Countdown, IncidentView, TimelineEntry
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Alert, AlertRule, Comment, Wave
from crisisdesk.ui import labels


def rule_specs(db: Database) -> list[RuleSpec]:
    """Every rule of the workspace (the defaults added first if missing), in creation order."""
    # alerts.py offers no list of rules yet; this one read stays here until it does.
    with db.session() as s:
        alerts.ensure_default_rules(s)
        return [alerts.spec_of(r) for r in s.scalars(select(AlertRule).order_by(AlertRule.id))]


def save_rule(db: Database, spec: RuleSpec, *, actor: str) -> None:
    """Store a rule's params, switch and cooldown (validated and audited by the service)."""
    with db.session() as s:
        alerts.update_rule(s, spec.name, actor=actor, params=dict(spec.params),
                           enabled=spec.enabled, cooldown_seconds=spec.cooldown_seconds)


@dataclass(frozen=True, slots=True)
class Backtest:
    """When a rule would have fired over the stored history."""

    spec: RuleSpec
    start: datetime
    end: datetime
    firings: list[Firing]


def backtest(db: Database, name: str, *, days: float = 30.0, now: datetime | None = None,
             params: dict[str, Any] | None = None) -> Backtest:
    """Run the stored rule (or the same rule with edited params) over the last `days` of buckets."""
    from crisisdesk.analysis.signals.rules import run_rule, validate

    end = now or datetime.now(UTC)
    start = end - timedelta(days=days)
    with db.session() as s:
        spec, series, firings = alerts.backtest_stored(s, name, start=start, end=end)
    if params is not None:
        spec = RuleSpec(spec.name, spec.kind, dict(params), spec.cooldown_seconds, spec.enabled)
        try:
            validate(spec)
        except (ValueError, TypeError) as exc:
            from crisisdesk.errors import UserFacingError

            raise UserFacingError(
                QCoreApplication.translate("AlertsData", "预警规则“{rule}”的参数有误：{error}").format(
                    rule=labels.rule(spec.label, spec.kind), error=exc
                )
            ) from exc
        firings = run_rule(spec, series)
    return Backtest(spec=spec, start=start, end=end, firings=firings)


def alert_list(db: Database, *, open_only: bool, limit: int = 300) -> list[AlertView]:
    """Alerts for the alert centre, newest first."""
    statuses = (AlertStatus.OPEN,) if open_only else None
    with db.session() as s:
        return alerts.list_alerts(s, statuses=statuses, limit=limit)


def acknowledge(db: Database, alert_id: int, *, actor: str, note: str) -> AlertView:
    """Acknowledge one alert with a note."""
    with db.session() as s:
        return alerts.acknowledge(s, alert_id, actor=actor, note=note)


def open_incidents(db: Database, *, now: datetime | None = None) -> list[IncidentView]:
    """Incidents not yet closed (结束), newest first: those an alert may be attached to."""
    with db.session() as s:
        return incidents.list_incidents(s, now or datetime.now(UTC), include_closed=False)


def escalate(db: Database, alert_id: int, *, actor: str, severity: Severity, title: str | None,
             note: str, incident_id: int | None) -> int:
    """Escalate one alert to a new incident or an existing one; returns the incident id."""
    with db.session() as s:
        return alerts.escalate(s, alert_id, actor=actor, severity=severity, title=title,
                               note=note, incident_id=incident_id)


def evaluate_now(db: Database, now: datetime | None = None) -> list[int]:
    """Run every enabled rule now (the background timer's job); returns the new alert ids."""
    with db.session() as s:
        alerts.ensure_default_rules(s)
        raised = alerts.evaluate(s, now or datetime.now(UTC))
        s.flush()
        return [a.id for a in raised]


@dataclass(frozen=True, slots=True)
class WaveChoice:
    """A copy-paste wave the incident view offers for linking, described so a user can pick it."""

    id: int
    size: int
    authors: int
    text: str
    linked: int  # of its comments already linked to the incident on show

    @property
    def label(self) -> str:
        """One line for a list: number, size, sample text, whether it is linked already."""
        text = " ".join(self.text.split())
        sample = text[:28] + ("…" if len(text) > 28 else "")
        done = QCoreApplication.translate("AlertsData", "（已关联）") if self.linked >= self.size else ""
        return QCoreApplication.translate(
            "AlertsData", "#{id} · {size} 条 · {authors} 个账号 · {sample}{done}"
        ).format(id=self.id, size=self.size, authors=self.authors, sample=sample, done=done)


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    """One incident as the incident view shows it, with the waves it could take in."""

    view: IncidentView
    description: str
    timeline: list[TimelineEntry]
    waves: list[WaveChoice] = field(default_factory=list)
    suggested_wave: int | None = None  # the wave of an alert escalated into this incident


def incident_list(db: Database, *, include_closed: bool, now: datetime | None = None,
                  ) -> tuple[list[IncidentView], str | None]:
    """Incidents, newest first, and who started the crisis mode in force (None when none is)."""
    when = now or datetime.now(UTC)
    with db.session() as s:
        rows = incidents.list_incidents(s, when, include_closed=include_closed)
        mode = incidents.active_crisis_mode(s)
        crisis = None
        if mode is not None:
            from crisisdesk.storage.schema import Operator

            who = s.get(Operator, mode.started_by_id) if mode.started_by_id else None
            name = who.display_name if who else QCoreApplication.translate("AlertsData", "未知")
            started = mode.started_at.astimezone().strftime(
                QCoreApplication.translate("AlertsData", "%m月%d日 %H:%M")
            )
            crisis = labels.noted(name, started)
        return rows, crisis


def incident_detail(db: Database, incident_id: int, *, now: datetime | None = None) -> IncidentDetail:
    """The incident, its deadlines as of now, and its timeline."""
    when = now or datetime.now(UTC)
    with db.session() as s:
        inc = incidents.get_incident(s, incident_id)
        view = next(v for v in incidents.list_incidents(s, when, include_closed=True)
                    if v.id == incident_id)
        choices, suggested = _wave_choices(s, incident_id, when)
        return IncidentDetail(view=view, description=inc.description,
                              timeline=incidents.timeline(s, incident_id), waves=choices,
                              suggested_wave=suggested)


WAVE_HOURS = 24  # waves seen in the last day are offered for linking
WAVE_CHOICES = 30


def _wave_choices(s: Session, incident_id: int, now: datetime) -> tuple[list[WaveChoice], int | None]:
    """The largest recent waves (plus any wave an escalated alert named) and the one to preselect."""
    named: list[int] = []
    for details in s.scalars(select(Alert.details).where(Alert.incident_id == incident_id)
                             .order_by(Alert.level.desc(), Alert.fired_at.desc())):
        wid = (details or {}).get("wave_id")
        if isinstance(wid, int) and wid not in named:
            named.append(wid)
    rows = list(s.scalars(select(Wave).where(
        (Wave.last_seen >= now - timedelta(hours=WAVE_HOURS)) | Wave.id.in_(named))
        .order_by(Wave.size.desc(), Wave.id.desc()).limit(WAVE_CHOICES)))
    linked: dict[int | None, int] = {
        wid: int(n) for wid, n in s.execute(
            select(Comment.wave_id, func.count(Comment.id))
            .where(Comment.incident_id == incident_id, Comment.wave_id.in_([w.id for w in rows]))
            .group_by(Comment.wave_id))}
    choices = [WaveChoice(id=w.id, size=int(w.size), authors=int(w.distinct_authors),
                          text=w.representative_text, linked=int(linked.get(w.id, 0)))
               for w in rows]
    shown = {c.id for c in choices}
    suggested = next((wid for wid in named if wid in shown), choices[0].id if choices else None)
    return choices, suggested


def countdowns_now(db: Database, incident_id: int, now: datetime) -> list[Countdown]:
    """The incident's deadlines as of now."""
    with db.session() as s:
        return incidents.countdowns(incidents.get_incident(s, incident_id), now)


def create_incident(db: Database, *, title: str, severity: Severity, actor: str,
                    description: str = "", owner: str | None = None) -> int:
    """Open an incident by hand."""
    with db.session() as s:
        return incidents.create_incident(s, title=title, severity=severity, actor=actor,
                                         description=description, owner=owner)


def set_status(db: Database, incident_id: int, status: IncidentStatus, *, actor: str,
               note: str = "") -> None:
    """Move an incident to the next stage."""
    with db.session() as s:
        incidents.set_status(s, incident_id, status, actor=actor, note=note)


def set_severity(db: Database, incident_id: int, severity: Severity, *, actor: str) -> None:
    """Regrade an incident."""
    with db.session() as s:
        incidents.set_severity(s, incident_id, severity, actor=actor)


def assign_owner(db: Database, incident_id: int, owner: str, *, actor: str) -> None:
    """Make an operator responsible for the incident."""
    with db.session() as s:
        incidents.assign_owner(s, incident_id, owner, actor=actor)


def add_note(db: Database, incident_id: int, text: str, *, actor: str) -> None:
    """Put a note on the incident's timeline."""
    with db.session() as s:
        incidents.add_note(s, incident_id, text, actor=actor)


def record_statement(db: Database, incident_id: int, text: str, *, actor: str,
                     press_conference: bool) -> None:
    """Record a statement or press conference."""
    with db.session() as s:
        incidents.record_statement(s, incident_id, text, actor=actor,
                                   press_conference=press_conference)


def record_first_reply(db: Database, incident_id: int, *, actor: str) -> bool:
    """Record that the first reply went out."""
    with db.session() as s:
        return incidents.record_first_reply(s, incident_id, actor=actor)


def link_wave(db: Database, incident_id: int, wave_id: int, *, actor: str) -> int:
    """Link every comment of a copy-paste wave."""
    with db.session() as s:
        return incidents.link_wave(s, incident_id, wave_id, actor=actor)


def start_crisis(db: Database, *, actor: str, reason: str, incident_id: int | None) -> int:
    """Start crisis mode (holds scheduled posts and activities)."""
    with db.session() as s:
        return incidents.start_crisis_mode(s, actor=actor, reason=reason, incident_id=incident_id)


def lift_crisis(db: Database, *, actor: str, note: str = "") -> int:
    """Lift crisis mode (releases what it held)."""
    with db.session() as s:
        return incidents.lift_crisis_mode(s, actor=actor, note=note)


def actor_name() -> str:
    """The operator name this workstation acts as (settings, else the OS login)."""
    from crisisdesk.services.workspace import local_username
    from crisisdesk.settings import load_settings

    try:
        configured = load_settings().operator
    except Exception:  # an unreadable settings file must not stop the alert centre
        configured = None
    return local_username(configured)
