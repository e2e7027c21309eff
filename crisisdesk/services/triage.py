"""Triage: assign, tag, prioritise, close, link to incidents, correct labels; audited and undoable.

Every action takes a target: a `Selection` (the comments the operator saw, each with the
version they saw) or a `WaveTarget` (every comment of a copy-paste wave, in one call). The
update is set-based, grouped by version: ``UPDATE ... WHERE id IN (...) AND version = v``.
If any selected comment was changed by someone else since it was read, nothing is changed
and the operator gets a clear message. Each action writes one audit event listing the ids
and their previous values, which is what `undo_last` uses to reverse it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Table, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from crisisdesk.domain import Changes, CommentStatus, Intent, Role, Sentiment
from crisisdesk.errors import UserFacingError
from crisisdesk.services.events import BUS
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import (
    AuditEvent,
    Comment,
    CommentTag,
    Incident,
    LabelCorrection,
    Operator,
    Tag,
    Wave,
    utcnow,
)

comments_t: Table = Comment.__table__  # type: ignore[assignment]
_CHUNK = 900  # ids per statement: under SQLite's bound-parameter limit
_CLOSED = (CommentStatus.HANDLED.value, CommentStatus.IGNORED.value, CommentStatus.SPAM.value)
_MARKABLE = (*_CLOSED, CommentStatus.IN_PROGRESS.value)
_UNDO_LOOKBACK = 200
_EMIT_IDS = 5000  # a change event names at most this many ids; beyond, panes reload


class TriageError(UserFacingError):
    """A triage action that cannot be done as asked."""


class TriageConflict(TriageError):
    """Someone else changed a selected comment first; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Comments picked by the operator, each with the version they were shown."""

    versions: Mapping[int, int]

    @classmethod
    def of(cls, rows: Iterable[Any]) -> Selection:
        """From rows that have .id and .version (InboxRow)."""
        return cls({int(r.id): int(r.version) for r in rows})


@dataclass(frozen=True, slots=True)
class WaveTarget:
    """Every comment of a copy-paste wave (by default only those still open)."""

    wave_id: int
    open_only: bool = True


Target = Selection | WaveTarget


@dataclass(frozen=True, slots=True)
class TriageResult:
    """What an action changed."""

    action: str
    changed: int
    comment_ids: tuple[int, ...]
    event_id: int | None
    skipped: int = 0  # undo: comments changed by others since, left as they are


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


class Triage:
    """Triage actions performed by one operator."""

    def __init__(self, db: Database, *, operator_id: int) -> None:
        self.db = db
        self.operator_id = operator_id

    # --- plumbing -----------------------------------------------------------------------

    def _actor(self, session: Session) -> str:
        op = session.get(Operator, self.operator_id)
        if op is None:
            raise TriageError(
                "当前操作员不存在，无法记录操作。", hint="请重新登录或在设置中选择操作员。"
            )
        return op.username

    def _rows(self, session: Session, target: Target, columns: Sequence[str]) -> list[Any]:
        cols = [comments_t.c.id, comments_t.c.version, *(comments_t.c[n] for n in columns)]
        if isinstance(target, WaveTarget):
            if session.get(Wave, target.wave_id) is None:
                raise TriageError(f"集中发帖波次 #{target.wave_id} 不存在。")
            stmt = select(*cols).where(comments_t.c.wave_id == target.wave_id)
            if target.open_only:
                stmt = stmt.where(comments_t.c.status.in_(("new", "in_progress")))
            return list(session.execute(stmt.order_by(comments_t.c.id)).all())
        ids = sorted(target.versions)
        if not ids:
            raise TriageError("请先选择要处理的评论。")
        found: list[Any] = []
        for chunk in _chunks(ids):
            found.extend(session.execute(select(*cols).where(comments_t.c.id.in_(chunk))).all())
        by_id = {r[0]: r for r in found}
        for cid in ids:
            row = by_id.get(cid)
            if row is None:
                raise TriageConflict(
                    f"评论 #{cid} 已不存在，本次操作未执行。", hint="请刷新列表后再试。"
                )
            if row[1] != target.versions[cid]:
                raise TriageConflict(
                    f"评论 #{cid} 刚刚已被他人修改，本次操作未执行。",
                    hint="请刷新查看最新状态后再操作。",
                )
        return [by_id[cid] for cid in ids]

    def _bump(self, session: Session, rows: Sequence[Any], values: Mapping[str, Any]) -> None:
        """Set values and move the version of exactly these rows, or refuse as a conflict."""
        by_version: dict[int, list[int]] = {}
        for r in rows:
            by_version.setdefault(int(r[1]), []).append(int(r[0]))
        for version, ids in by_version.items():
            for chunk in _chunks(ids):
                result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                    update(comments_t)
                    .where(comments_t.c.id.in_(chunk), comments_t.c.version == version)
                    .values(**values, version=comments_t.c.version + 1)
                )
                if _rowcount(result) != len(chunk):
                    raise TriageConflict(
                        "所选评论中有的刚刚已被他人修改，本次操作未执行。",
                        hint="请刷新查看最新状态后再操作。",
                    )

    def _event(
        self, session: Session, actor: str, action: str, target: Target, ids: Sequence[int],
        details: dict[str, Any],
    ) -> int:  # fmt: skip
        if len(ids) == 1 and isinstance(target, Selection):
            entity_type, entity_id = "comment", str(ids[0])
        else:
            entity_type = "comments"
            entity_id = (
                f"wave:{target.wave_id}" if isinstance(target, WaveTarget) else f"{len(ids)}"
            )
        event = append_event(
            session,
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            details={"ids": list(ids), **details},
        )
        return event.id

    def _set(
        self,
        action: str,
        target: Target,
        values: Mapping[str, Any],
        *,
        extra: Mapping[str, Any] | None = None,
    ) -> TriageResult:
        """The common column action: read, check versions, update changed rows, audit, emit."""
        columns = list(values)
        with self.db.session() as session:
            actor = self._actor(session)
            rows = self._rows(session, target, columns)
            wanted = {k: _iso(v) for k, v in values.items()}
            # handled_at follows the status; whether a row changes is decided by the rest.
            decisive = [(i, c) for i, c in enumerate(columns) if c != "handled_at"]
            changing = [r for r in rows if any(_iso(r[2 + i]) != wanted[c] for i, c in decisive)]
            groups: dict[tuple[Any, ...], list[int]] = {}
            for r in changing:
                groups.setdefault(tuple(_iso(v) for v in r[2:]), []).append(int(r[0]))
            self._bump(session, changing, values)
            ids = [int(r[0]) for r in changing]
            event_id = None
            if ids:
                event_id = self._event(
                    session, actor, action, target, ids,
                    {
                        "set": wanted,
                        "before": [
                            {"values": dict(zip(columns, key, strict=True)), "ids": members}
                            for key, members in groups.items()
                        ],
                        **(extra or {}),
                    },
                )  # fmt: skip
        return self._done(action, ids, event_id)

    @staticmethod
    def _done(
        action: str, ids: Sequence[int], event_id: int | None, skipped: int = 0
    ) -> TriageResult:
        if ids:
            BUS.emit(Changes(comments=True, comment_ids=tuple(ids[:_EMIT_IDS])))
        return TriageResult(action, len(ids), tuple(ids), event_id, skipped)

    # --- actions --------------------------------------------------------------------------

    def assign(
        self, target: Target, *, operator_id: int | None = None, role: str | None = None
    ) -> TriageResult:
        """Assign to an operator and/or a role (both None: unassign)."""
        if role is not None and role not in {r.value for r in Role}:
            raise TriageError(f"未知的岗位：{role}")
        if operator_id is not None:
            with self.db.session() as session:
                op = session.get(Operator, operator_id)
                if op is None or not op.active:
                    raise TriageError("要分派的操作员不存在或已停用。")
        return self._set(
            "triage.assign", target, {"assignee_id": operator_id, "assignee_role": role}
        )

    def set_priority(self, target: Target, priority: int) -> TriageResult:
        """0 normal, 1 high, 2 urgent."""
        if priority not in (0, 1, 2):
            raise TriageError("优先级只能是 0（普通）、1（较高）或 2（紧急）。")
        return self._set("triage.priority", target, {"priority": priority})

    def mark(self, target: Target, status: CommentStatus) -> TriageResult:
        """Mark handled / ignored / spam, or back to in progress."""
        if status.value not in _MARKABLE:
            raise TriageError(f"不能直接标记为“{status.label}”。")
        handled_at = utcnow() if status.value in _CLOSED else None
        return self._set(
            f"triage.mark_{status.value}",
            target,
            {"status": status.value, "handled_at": handled_at},
        )

    def reopen(self, target: Target) -> TriageResult:
        """Back to 未处理 (new), deadline running again."""
        return self._set(
            "triage.reopen", target, {"status": CommentStatus.NEW.value, "handled_at": None}
        )

    def link_incident(self, target: Target, incident_id: int) -> TriageResult:
        """Attach to an incident."""
        with self.db.session() as session:
            if session.get(Incident, incident_id) is None:
                raise TriageError(f"事件 #{incident_id} 不存在。")
        return self._set("triage.link_incident", target, {"incident_id": incident_id})

    def unlink_incident(self, target: Target) -> TriageResult:
        """Detach from whatever incident the comments belong to."""
        return self._set("triage.unlink_incident", target, {"incident_id": None})

    def correct_sentiment(self, target: Target, sentiment: Sentiment) -> TriageResult:
        """Correct the machine's sentiment; stored as a LabelCorrection the model learns from."""
        return self._correct(target, "sentiment", sentiment.value)

    def correct_intent(self, target: Target, intent: Intent) -> TriageResult:
        """Correct the machine's intent; stored as a LabelCorrection."""
        return self._correct(target, "intent", intent.value)

    def _correct(self, target: Target, field: str, value: str) -> TriageResult:
        flag = f"{field}_corrected"
        columns = [field, flag, "normalized_text"]
        with self.db.session() as session:
            actor = self._actor(session)
            rows = self._rows(session, target, columns)
            changing = [r for r in rows if r[2] != value]
            self._bump(session, changing, {field: value, flag: True})
            correction_ids: list[int] = []
            for r in changing:
                correction_ids.append(
                    session.execute(
                        insert(LabelCorrection).returning(LabelCorrection.id),
                        {
                            "comment_id": r[0], "field": field, "old_value": r[2], "new_value": value,
                            "normalized_text": r[4], "operator_id": self.operator_id,
                            "created_at": utcnow(),
                        },
                    ).scalar_one()
                )  # fmt: skip
            groups: dict[tuple[Any, ...], list[int]] = {}
            for r in changing:
                groups.setdefault((r[2], bool(r[3])), []).append(int(r[0]))
            ids = [int(r[0]) for r in changing]
            event_id = None
            if ids:
                event_id = self._event(
                    session, actor, f"triage.correct_{field}", target, ids,
                    {
                        "set": {field: value, flag: True},
                        "before": [
                            {"values": {field: k[0], flag: k[1]}, "ids": members}
                            for k, members in groups.items()
                        ],
                        "corrections": correction_ids,
                    },
                )  # fmt: skip
        return self._done(f"triage.correct_{field}", ids, event_id)

    def tag(self, target: Target, name: str) -> TriageResult:
        """Put a tag on the comments (created if new)."""
        return self._tagging(target, name, add=True)

    def untag(self, target: Target, name: str) -> TriageResult:
        """Take a tag off the comments."""
        return self._tagging(target, name, add=False)

    def _tagging(self, target: Target, name: str, *, add: bool) -> TriageResult:
        clean = name.strip()
        if not clean or len(clean) > 64:
            raise TriageError("标签名称不能为空，且不超过 64 个字。")
        action = "triage.tag" if add else "triage.untag"
        with self.db.session() as session:
            actor = self._actor(session)
            tag = session.execute(select(Tag).where(Tag.name == clean)).scalar_one_or_none()
            if tag is None:
                if not add:
                    return TriageResult(action, 0, (), None)
                tag = Tag(name=clean)
                session.add(tag)
                session.flush()
            rows = self._rows(session, target, [])
            has: set[int] = set()
            for chunk in _chunks([int(r[0]) for r in rows]):
                has.update(
                    session.execute(
                        select(CommentTag.comment_id).where(
                            CommentTag.tag_id == tag.id, CommentTag.comment_id.in_(chunk)
                        )
                    ).scalars()
                )
            changing = [r for r in rows if (int(r[0]) in has) != add]
            self._bump(session, changing, {})
            ids = [int(r[0]) for r in changing]
            _set_tag(session, tag.id, ids, add=add)
            event_id = None
            if ids:
                event_id = self._event(session, actor, action, target, ids, {"tag": clean})
        return self._done(action, ids, event_id)

    # --- undo -----------------------------------------------------------------------------

    def undo_last(self) -> TriageResult:
        """Reverse this operator's last triage action that is not undone yet."""
        with self.db.session() as session:
            actor = self._actor(session)
            recent = session.execute(
                select(AuditEvent)
                .where(AuditEvent.actor == actor, AuditEvent.action.like("triage.%"))
                .order_by(AuditEvent.id.desc())
                .limit(_UNDO_LOOKBACK)
            ).scalars()
            undone: set[int] = set()
            event: AuditEvent | None = None
            for e in recent:
                if e.action == "triage.undo":
                    undone.add(int(e.details.get("undoes", 0)))
                elif e.id not in undone:
                    event = e
                    break
            if event is None:
                raise TriageError("没有可以撤销的操作。")
            restored, skipped = _reverse(session, event)
            target: Target = Selection(dict.fromkeys(restored, 0))
            new_id = self._event(
                session, actor, "triage.undo", target, restored,
                {"undoes": event.id, "action": event.action, "skipped": skipped},
            )  # fmt: skip
        return self._done("triage.undo", restored, new_id, len(skipped))


def _set_tag(session: Session, tag_id: int, ids: Sequence[int], *, add: bool) -> None:
    if not ids:
        return
    if add:
        session.execute(insert(CommentTag), [{"comment_id": i, "tag_id": tag_id} for i in ids])
        return
    for chunk in _chunks(list(ids)):
        session.execute(
            delete(CommentTag).where(CommentTag.tag_id == tag_id, CommentTag.comment_id.in_(chunk))
        )


def _parse_value(column: str, value: Any) -> Any:
    if value is not None and column == "handled_at":
        return datetime.fromisoformat(str(value))
    return value


def _reverse(session: Session, event: AuditEvent) -> tuple[list[int], list[int]]:
    """Undo one audited action; comments changed since by others are left alone (skipped)."""
    details = event.details or {}
    ids = [int(i) for i in details.get("ids", [])]
    if event.action in ("triage.tag", "triage.untag"):
        tag = session.execute(select(Tag.id).where(Tag.name == details.get("tag"))).scalar()
        if tag is None:
            return [], ids
        _set_tag(session, int(tag), ids, add=event.action == "triage.untag")
        for chunk in _chunks(ids):
            session.execute(
                update(comments_t)
                .where(comments_t.c.id.in_(chunk))
                .values(version=comments_t.c.version + 1)
            )
        return ids, []
    applied: dict[str, Any] = details.get("set", {})
    still = and_(
        *(comments_t.c[col] == _parse_value(col, val) if val is not None else comments_t.c[col].is_(None)
          for col, val in applied.items())
    )  # fmt: skip
    restored: list[int] = []
    for group in details.get("before", []):
        values = {col: _parse_value(col, val) for col, val in group["values"].items()}
        for chunk in _chunks([int(i) for i in group["ids"]]):
            got = (
                session.execute(
                    update(comments_t)
                    .where(comments_t.c.id.in_(chunk), still)
                    .values(**values, version=comments_t.c.version + 1)
                    .returning(comments_t.c.id)
                )
                .scalars()
                .all()
            )
            restored.extend(int(i) for i in got)
    if details.get("corrections"):
        session.execute(
            delete(LabelCorrection).where(LabelCorrection.id.in_(details["corrections"]))
        )
    done = set(restored)
    return sorted(done), [i for i in ids if i not in done]


def corrections_for_model(session: Session) -> list[tuple[str, Sentiment]]:
    """Operators' sentiment corrections as (normalised text, label), latest per text, for adapt()."""
    latest: dict[str, Sentiment] = {}
    rows = session.execute(
        select(LabelCorrection.normalized_text, LabelCorrection.new_value)
        .where(LabelCorrection.field == "sentiment")
        .order_by(LabelCorrection.id)
    )
    for text_, value in rows:
        try:
            label = Sentiment(value)
        except ValueError:
            continue
        if text_:
            latest[text_] = label
    return list(latest.items())
