"""The workspace's own reading of comments: watch lists, the office's words, learnt keyword
statistics and the sentiment model adapted to operators' corrections."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crisisdesk.analysis import Analyzer
from crisisdesk.analysis.spec import AnalyzerSpec
from crisisdesk.domain import Changes
from crisisdesk.errors import UserFacingError
from crisisdesk.services.events import BUS
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.schema import Account, CustomWord, WatchList, WatchWord, WorkspaceSetting

WATCH_KINDS = ("sensitive", "incident", "person", "place", "other")
IDF_KEY = "analysis.idf"
ADAPT_KEY = "analysis.sentiment"
# Keyword statistics kept between sessions: the most frequent terms are what matter for IDF.
IDF_KEEP = 50_000


class LexiconError(UserFacingError):
    """A watch-list or dictionary change that cannot be made."""


def _clean(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(w.strip() for w in words if w and w.strip()))


def watch_lists(session: Session) -> dict[str, list[str]]:
    """Active watch lists, name -> words."""
    rows = session.execute(
        select(WatchList.name, WatchWord.word)
        .join(WatchWord, WatchWord.list_id == WatchList.id)
        .where(WatchList.active.is_(True))
        .order_by(WatchList.name, WatchWord.word)
    ).all()
    out: dict[str, list[str]] = {}
    for name, word in rows:
        out.setdefault(name, []).append(word)
    return out


def add_watch_words(
    session: Session, list_name: str, words: Iterable[str], *, actor: str, kind: str = "sensitive"
) -> int:
    """Add words to a watch list (created if new); returns how many were new."""
    name = list_name.strip()
    if not name:
        raise LexiconError("关注词表名称不能为空。")
    if kind not in WATCH_KINDS:
        raise LexiconError(f"关注词表类型应为：{'、'.join(WATCH_KINDS)}。")
    wanted = _clean(words)
    if not wanted:
        raise LexiconError("没有要添加的词。")
    wl = session.execute(select(WatchList).where(WatchList.name == name)).scalar_one_or_none()
    if wl is None:
        wl = WatchList(name=name, kind=kind)
        session.add(wl)
        session.flush()
    have = set(session.execute(select(WatchWord.word).where(WatchWord.list_id == wl.id)).scalars())
    new = [w for w in wanted if w not in have]
    session.add_all(WatchWord(list_id=wl.id, word=w) for w in new)
    append_event(session, actor=actor, action="watch.add", entity_type="watch_list",
                 entity_id=wl.id, details={"list": name, "words": new})  # fmt: skip
    BUS.emit(Changes(comments=True))
    return len(new)


def remove_watch_words(
    session: Session, list_name: str, words: Iterable[str] = (), *, actor: str
) -> int:
    """Remove words from a list, or the whole list when no words are given; returns how many."""
    wl = session.execute(select(WatchList).where(WatchList.name == list_name)).scalar_one_or_none()
    if wl is None:
        raise LexiconError(f"没有名为“{list_name}”的关注词表。")
    wanted = _clean(words)
    stmt = delete(WatchWord).where(WatchWord.list_id == wl.id)
    if wanted:
        stmt = stmt.where(WatchWord.word.in_(wanted))
    removed = int(session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]
    if not wanted:
        session.delete(wl)
    append_event(session, actor=actor, action="watch.remove", entity_type="watch_list",
                 entity_id=wl.id, details={"list": list_name, "words": wanted or "*"})  # fmt: skip
    return removed


def custom_words(session: Session) -> list[str]:
    """The office's own dictionary words."""
    return list(session.execute(select(CustomWord.word).order_by(CustomWord.word)).scalars())


def add_custom_words(session: Session, words: Iterable[str], *, actor: str) -> int:
    """Add words segmentation must keep whole (names, places, programmes); returns how many new."""
    have = set(custom_words(session))
    new = [w for w in _clean(words) if w not in have and len(w) <= 64]
    session.add_all(CustomWord(word=w) for w in new)
    append_event(session, actor=actor, action="words.add", entity_type="dictionary",
                 entity_id="custom", details={"words": new})  # fmt: skip
    return len(new)


def remove_custom_words(session: Session, words: Iterable[str], *, actor: str) -> int:
    """Remove words from the office's dictionary; returns how many."""
    wanted = _clean(words)
    removed = int(
        session.execute(delete(CustomWord).where(CustomWord.word.in_(wanted))).rowcount or 0  # type: ignore[attr-defined]
    )
    append_event(session, actor=actor, action="words.remove", entity_type="dictionary",
                 entity_id="custom", details={"words": wanted})  # fmt: skip
    return removed


def adaptation_enabled(session: Session) -> bool:
    """Whether sentiment follows the operators' corrections (on unless reset)."""
    row = session.get(WorkspaceSetting, ADAPT_KEY)
    return bool(row.value.get("adapt", True)) if row is not None else True


def set_adaptation(session: Session, enabled: bool, *, actor: str) -> None:
    """Follow the corrections again, or go back to the shipped model (corrections are kept)."""
    row = session.get(WorkspaceSetting, ADAPT_KEY)
    if row is None:
        session.add(WorkspaceSetting(key=ADAPT_KEY, value={"adapt": enabled}))
    else:
        row.value = {**row.value, "adapt": enabled}
    append_event(session, actor=actor, action="sentiment.adapt" if enabled else "sentiment.reset",
                 entity_type="model", entity_id="sentiment", details={})  # fmt: skip


def analyzer_spec(session: Session, *, idf: bool = True) -> AnalyzerSpec:
    """What this workspace's Analyzer is made of: watch lists, words, names, IDF, corrections.

    idf=False leaves out the learnt keyword statistics (the largest part, and the only one an
    analyzer in use already holds more recent than the stored copy).
    """
    from crisisdesk.services.triage import corrections_for_model

    own: list[str] = []
    for name, display in session.execute(select(Account.name, Account.display_name)).all():
        own.extend([name, display.lstrip("@")])
    return AnalyzerSpec(
        watch_lists=watch_lists(session),
        user_words=custom_words(session),
        own_names=own,
        idf_state=stored_idf(session) if idf else None,
        corrections=corrections_for_model(session) if adaptation_enabled(session) else [],
    )


def stored_idf(session: Session) -> dict[str, Any] | None:
    """The keyword statistics saved by save_idf_state, if any."""
    row = session.get(WorkspaceSetting, IDF_KEY)
    return row.value if row is not None and isinstance(row.value, dict) else None


def workspace_analyzer(session: Session) -> Analyzer:
    """An Analyzer for this workspace: its watch lists, words, account names, IDF, corrections."""
    return analyzer_spec(session).build()


def save_idf_state(session: Session, state: dict[str, Any]) -> None:
    """Keep keyword statistics (an Analyzer's idf_state()), the most frequent terms only."""
    df = state.get("df", {})
    if len(df) > IDF_KEEP:
        top = sorted(df.items(), key=lambda kv: kv[1], reverse=True)[:IDF_KEEP]
        state = {**state, "df": dict(top)}
    row = session.get(WorkspaceSetting, IDF_KEY)
    if row is None:
        session.add(WorkspaceSetting(key=IDF_KEY, value=state))
    else:
        row.value = state
