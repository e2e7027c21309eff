"""Suggesting templates for a comment: builds and caches the ranking index, reads the analysis."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from crisisdesk.domain import Role
from crisisdesk.paths import RESOURCES
from crisisdesk.services.templates import REVISION_KEY, TemplateError
from crisisdesk.storage.schema import (
    Comment,
    Incident,
    Operator,
    Template,
    TemplateUsage,
    TemplateVersion,
    WorkspaceSetting,
)
from crisisdesk.templating.suggest import (
    Cues,
    HistoryItem,
    Query,
    Suggestion,
    SuggestionIndex,
    TemplateDoc,
)

log = logging.getLogger(__name__)

CUES_FILE = RESOURCES / "templates" / "suggest_cues.yaml"
HISTORY_LIMIT = 5000
# Templates tagged 片段 (snippet) are building blocks for {>include}, never a reply on their own.
SNIPPET_TAG = "片段"  # the most recent choices are what the office does now


@dataclass(frozen=True, slots=True)
class CommentReading:
    """What the analysis reads from a text, as far as suggestions need it."""

    intent: str | None
    keywords: tuple[str, ...]
    normalized: str


_analysis_failed = False


@lru_cache(maxsize=4)
def load_cues(path: Path = CUES_FILE) -> Cues:
    """The shipped cue words (crisis types, category wording, intent -> categories)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise TemplateError(f"提示词文件 {path} 格式有误。")
    return Cues.from_mapping(data)


def read_text(text: str) -> CommentReading:
    """Intent and keywords from the analysis; without it, suggestions use cue words alone."""
    try:
        from crisisdesk.analysis import analyze
    except ImportError as exc:  # the analysis package may be missing in a partial install
        log.warning("analysis unavailable for suggestions: %s", exc)
        return CommentReading(None, (), text)
    global _analysis_failed
    try:
        result = analyze([text])[0]
    except Exception:
        # A broken analysis resource must not take suggestions down with it: cue words and tags
        # still rank, and the failure is logged once for the person who maintains the models.
        if not _analysis_failed:
            log.exception("analysis failed; suggesting from cue words only")
        _analysis_failed = True
        return CommentReading(None, (), text)
    return CommentReading(result.intent.value, tuple(result.keywords), result.normalized)


def _bind_key(session: Session) -> str:
    """Which database a session talks to (one cached index per database)."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return engine.url.render_as_string(hide_password=True)


def _fingerprint(session: Session) -> tuple[Any, ...]:
    """One cheap query whose answer changes whenever the library or the usage history changes."""
    revision = (
        select(WorkspaceSetting.value).where(WorkspaceSetting.key == REVISION_KEY).scalar_subquery()
    )
    row = session.execute(
        select(
            revision,
            select(func.max(TemplateUsage.id)).scalar_subquery(),
            # Rows written without the service (a restored backup, a bulk tool) still move these.
            select(func.max(Template.id)).scalar_subquery(),
            select(func.max(TemplateVersion.id)).scalar_subquery(),
        )
    ).one()
    return (_bind_key(session), *(json.dumps(v, sort_keys=True) for v in row))


_cache_lock = threading.Lock()
_cache: dict[
    str, tuple[tuple[Any, ...], SuggestionIndex, dict[int, tuple[bool, int | None, str | None]]]
] = {}


def build_index(
    session: Session,
) -> tuple[SuggestionIndex, dict[int, tuple[bool, int | None, str | None]]]:
    """The index over active templates and past choices; cached until the library changes."""
    key = _fingerprint(session)
    url = key[0]
    with _cache_lock:
        hit = _cache.get(url)
        if hit is not None and hit[0] == key:
            return hit[1], hit[2]
    rows = session.execute(
        select(
            Template.id,
            Template.name,
            Template.category,
            Template.tags,
            Template.scenario_tags,
            Template.shared,
            Template.owner_id,
            Template.team,
        )
        .where(Template.retired.is_(False))
        .order_by(Template.id)
    ).all()
    docs = [
        TemplateDoc(
            r.id,
            r.name,
            r.category,
            tuple(map(str, r.tags or ())),
            tuple(map(str, r.scenario_tags or ())),
        )
        for r in rows
        if SNIPPET_TAG not in (r.tags or ())
    ]
    access = {r.id: (bool(r.shared), r.owner_id, r.team) for r in rows}
    index = SuggestionIndex(docs, load_cues())
    used = session.execute(
        select(TemplateUsage.template_id, Comment.intent, Comment.analysis, Comment.normalized_text)
        .join(Comment, Comment.id == TemplateUsage.comment_id)
        .order_by(TemplateUsage.id.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    history = []
    for u in used:
        keywords = (u.analysis or {}).get("keywords") or []
        terms = tuple(dict.fromkeys([*map(str, keywords), *index.terms(u.normalized_text or "")]))
        history.append(HistoryItem(u.template_id, u.intent, terms))
    index.add_history(history)
    with _cache_lock:
        _cache[url] = (key, index, access)
    return index, access


def _may_see(access: tuple[bool, int | None, str | None], viewer: Operator | None) -> bool:
    shared, owner, team = access
    if viewer is None or Role.ADMIN.value in (viewer.roles or []):
        return shared or owner is None
    if owner == viewer.id:
        return True
    return shared and (team is None or team == viewer.team)


def _run(session: Session, query: Query, top: int, viewer_id: int | None) -> list[Suggestion]:
    index, access = build_index(session)
    viewer = session.get(Operator, viewer_id) if viewer_id is not None else None
    # Over-fetch, then drop what this viewer may not use (other teams' or private templates).
    found = index.suggest(query, top=top * 3 + 5)
    return [s for s in found if _may_see(access[s.template_id], viewer)][:top]


def suggest_for_text(
    session: Session,
    text: str,
    *,
    top: int = 5,
    crisis_type: str | None = None,
    viewer_id: int | None = None,
) -> list[Suggestion]:
    """Suggestions for a text typed or pasted in (the CLI, a draft without a stored comment)."""
    if not text.strip():
        raise TemplateError("评论内容为空，无法推荐模板。")
    reading = read_text(text)
    query = Query(reading.normalized, reading.intent, reading.keywords, crisis_type)
    return _run(session, query, top, viewer_id)


def suggest_for_comment(
    session: Session, comment_id: int, *, top: int = 5, viewer_id: int | None = None
) -> list[Suggestion]:
    """Suggestions for a stored comment: its (possibly corrected) intent, keywords and incident."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise TemplateError(f"找不到编号为 {comment_id} 的评论。")
    crisis_type = None
    if comment.incident_id is not None:
        incident = session.get(Incident, comment.incident_id)
        crisis_type = incident.crisis_type if incident is not None else None
    keywords = tuple(str(k) for k in (comment.analysis or {}).get("keywords") or ())
    text = comment.normalized_text or comment.text
    query = Query(text, comment.intent or None, keywords, crisis_type)
    return _run(session, query, top, viewer_id)


def suggestions_as_json(items: Sequence[Suggestion]) -> list[dict[str, Any]]:
    """The CLI's JSON shape: name, category (Chinese label), score, reasons."""
    from crisisdesk.domain import TemplateCategory

    return [
        {
            "id": s.template_id,
            "name": s.name,
            "category": TemplateCategory(s.category).label,
            "category_key": s.category,
            "score": s.score,
            "reasons": list(s.reasons),
        }
        for s in items
    ]
