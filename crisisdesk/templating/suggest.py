"""Ranking templates for a comment: a precomputed index over tags, scenarios, cues and history."""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from crisisdesk.domain import Intent, TemplateCategory

MAX_TERM = 12

# Weights chosen on the tuning set (tests/data/template_suggest_tuning.yaml), never on the test set.
W_TAG = 2.0
W_CRISIS_TEXT = 1.5
W_CRISIS_INCIDENT = 3.0
W_INTENT_TAG = 1.2
W_INTENT_PRIOR = (1.0, 0.6, 0.3)
W_CATEGORY_CUE = 1.6
W_HISTORY = 1.5
SAME_CATEGORY_DAMPING = 0.8  # later picks of a category already shown count a little less


def fold(text: str) -> str:
    """Width- and case-folded text, so cue words match whatever the public typed."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True, slots=True)
class TemplateDoc:
    """What the ranking needs to know about one template."""

    id: int
    name: str
    category: str
    tags: tuple[str, ...] = ()
    scenario_tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Cues:
    """Cue words: crisis types and categories, and which categories answer which intent."""

    crisis_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    category_cues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    intent_categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Cues:
        """Read the cue file's mapping (resources/templates/suggest_cues.yaml)."""

        def words(section: Any) -> dict[str, tuple[str, ...]]:
            if not isinstance(section, Mapping):
                return {}
            return {
                str(k): tuple(fold(str(w)) for w in (v or []) if str(w).strip())
                for k, v in section.items()
            }

        intent_categories = {
            str(k): tuple(str(c) for c in (v or []))
            for k, v in (data.get("intent_categories") or {}).items()
        }
        return cls(
            words(data.get("crisis_types")), words(data.get("category_cues")), intent_categories
        )


@dataclass(frozen=True, slots=True)
class HistoryItem:
    """A template an operator chose before, with what the comment it answered was about."""

    template_id: int
    intent: str | None
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """One comment to suggest for: its text and what analysis and triage know about it."""

    text: str
    intent: str | None = None
    keywords: tuple[str, ...] = ()
    crisis_type: str | None = None  # the linked incident's crisis type


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested template, its score and the reasons, in Chinese, that make it fit."""

    template_id: int
    name: str
    category: str
    score: float
    reasons: tuple[str, ...]


def _intent_label(value: str) -> str:
    try:
        return Intent(value).label
    except ValueError:
        return value


def _category_label(value: str) -> str:
    try:
        return TemplateCategory(value).label
    except ValueError:
        return value


Array = np.ndarray[Any, np.dtype[np.float64]]


class _Group:
    """Templates that share a tag, scenario or category: positions for numpy and for lookups."""

    __slots__ = ("idx", "members", "weight")

    def __init__(self, positions: list[int], weight: float = 0.0) -> None:
        self.idx = np.array(sorted(set(positions)), dtype=np.int64)
        self.members = frozenset(positions)
        self.weight = weight


class SuggestionIndex:
    """Everything precomputed once per library state; suggest() touches no database."""

    def __init__(
        self, docs: Sequence[TemplateDoc], cues: Cues, history: Iterable[HistoryItem] = ()
    ) -> None:
        self.docs = list(docs)
        self.cues = cues
        n = len(self.docs)
        self._n = n
        self._pos = {d.id: i for i, d in enumerate(self.docs)}
        tag_docs: dict[str, list[int]] = defaultdict(list)
        by_scenario: dict[str, list[int]] = defaultdict(list)
        by_category: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(self.docs):
            for tag in {fold(t) for t in d.tags if len(t.strip()) >= 2}:
                tag_docs[tag].append(i)
            for s in {fold(s) for s in d.scenario_tags}:
                by_scenario[s].append(i)
            by_category[d.category].append(i)
        log_n = 1.0 + math.log(max(n, 1))
        self._tags = {
            tag: _Group(ids, W_TAG * (1.0 + math.log(n / len(ids))) / log_n)
            for tag, ids in tag_docs.items()
        }
        self._scenarios = {k: _Group(v) for k, v in by_scenario.items()}
        self._categories = {k: _Group(v) for k, v in by_category.items()}
        self._cue_owner: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for crisis, words in cues.crisis_types.items():
            for w in words:
                self._cue_owner[w].append(("crisis", crisis))
        for cat, words in cues.category_cues.items():
            for w in words:
                self._cue_owner[w].append(("category", cat))
        self._vocab = set(self._tags) | set(self._cue_owner)
        self._max_term = min(MAX_TERM, max((len(t) for t in self._vocab), default=2))
        self._history_terms: dict[str, Counter[int]] = defaultdict(Counter)
        self._history_intent: dict[str, Counter[int]] = defaultdict(Counter)
        self.add_history(history)

    def add_history(self, history: Iterable[HistoryItem]) -> None:
        """Learn from templates chosen before (their comments' terms and intents)."""
        for item in history:
            pos = self._pos.get(item.template_id)
            if pos is None:
                continue
            for term in {fold(t) for t in item.terms if len(t.strip()) >= 2}:
                self._history_terms[term][pos] += 1
                if term not in self._vocab and len(term) <= MAX_TERM:
                    # Words of past comments are matched in new comments' text as well.
                    self._vocab.add(term)
                    self._max_term = max(self._max_term, len(term))
            if item.intent:
                self._history_intent[item.intent][pos] += 1

    def __len__(self) -> int:
        return self._n

    def terms(self, text: str) -> list[str]:
        """The vocabulary words (tags and cue words) found in a text, longest first at each place."""
        folded = fold(text)
        found: dict[str, None] = {}
        vocab = self._vocab
        for i in range(len(folded)):
            for j in range(min(len(folded), i + self._max_term), i + 1, -1):
                piece = folded[i:j]
                if piece in vocab:
                    found[piece] = None
        return list(found)

    def suggest(self, query: Query, top: int = 5) -> list[Suggestion]:
        """The best templates for a comment, each with the reasons it was chosen."""
        if self._n == 0 or top <= 0:
            return []
        score = np.zeros(self._n, dtype=np.float64)
        why: list[tuple[frozenset[int], str]] = []
        terms = self.terms(query.text)
        self._score_tags(terms, score, why)
        self._score_cues(terms, query, score, why)
        self._score_intent(query.intent, score, why)
        history = self._score_history(
            [*terms, *(fold(k) for k in query.keywords)], query.intent, score
        )
        return self._pick(score, why, history, top)

    def _add(
        self,
        key: Any,
        group: Mapping[Any, _Group],
        weight: float,
        score: Array,
        why: list[tuple[frozenset[int], str]],
        reason: str,
    ) -> bool:
        hit = group.get(key)
        if hit is None:
            return False
        score[hit.idx] += weight
        why.append((hit.members, reason))
        return True

    def _score_tags(
        self, terms: list[str], score: Array, why: list[tuple[frozenset[int], str]]
    ) -> None:
        for term in terms:
            hit = self._tags.get(term)
            if hit is not None:
                self._add(term, self._tags, hit.weight, score, why, f"关键词“{term}”")

    def _score_cues(
        self, terms: list[str], query: Query, score: Array, why: list[tuple[frozenset[int], str]]
    ) -> None:
        crises: set[str] = set()
        categories: Counter[str] = Counter()
        for term in terms:
            for kind, owner in self._cue_owner.get(term, ()):
                if kind == "crisis":
                    crises.add(owner)
                else:
                    categories[owner] += 1
        if query.crisis_type:
            self._add(
                fold(query.crisis_type),
                self._scenarios,
                W_CRISIS_INCIDENT,
                score,
                why,
                f"关联事件类型：{query.crisis_type}",
            )
        for crisis in sorted(crises - {query.crisis_type or ""}):
            self._add(fold(crisis), self._scenarios, W_CRISIS_TEXT, score, why, f"疑似{crisis}")
        for cat, count in categories.items():
            self._add(
                cat,
                self._categories,
                W_CATEGORY_CUE * min(count, 2),
                score,
                why,
                f"评论用语适合{_category_label(cat)}类回复",
            )

    def _score_intent(
        self, intent: str | None, score: Array, why: list[tuple[frozenset[int], str]]
    ) -> None:
        if not intent:
            return
        label = _intent_label(intent)
        self._add(fold(intent), self._scenarios, W_INTENT_TAG, score, why, f"意图：{label}")
        prior = self.cues.intent_categories.get(intent, ())[: len(W_INTENT_PRIOR)]
        for rank, cat in enumerate(prior):
            self._add(
                cat,
                self._categories,
                W_INTENT_PRIOR[rank],
                score,
                why,
                f"{label}类评论常用{_category_label(cat)}",
            )

    def _score_history(self, terms: list[str], intent: str | None, score: Array) -> Counter[int]:
        chosen: Counter[int] = Counter()
        if not self._history_terms:
            return chosen
        for term in dict.fromkeys(terms):
            chosen.update(self._history_terms.get(term, Counter()))
        if intent:
            for pos, count in self._history_intent.get(intent, Counter()).items():
                if pos in chosen:
                    chosen[pos] += count
        for pos, count in chosen.items():
            score[pos] += W_HISTORY * math.log1p(count)
        return chosen

    def _pick(
        self,
        score: Array,
        why: list[tuple[frozenset[int], str]],
        history: Counter[int],
        top: int,
    ) -> list[Suggestion]:
        # Only a handful of candidates can reach the top; damping re-ranks among them.
        pool = min(self._n, max(top * 4, 12))
        cand = np.argpartition(-score, pool - 1)[:pool] if pool < self._n else np.arange(self._n)
        remaining = sorted((int(i) for i in cand if score[i] > 0), key=lambda i: (-score[i], i))
        shown: Counter[str] = Counter()
        picked: list[Suggestion] = []
        while remaining and len(picked) < top:
            best, best_score = -1, -1.0
            for i in remaining:
                if score[i] <= best_score:
                    break  # sorted by raw score, and damping only lowers: nothing later can win
                eff = float(score[i]) * SAME_CATEGORY_DAMPING ** shown[self.docs[i].category]
                if eff > best_score:
                    best, best_score = i, eff
            remaining.remove(best)
            doc = self.docs[best]
            shown[doc.category] += 1
            reasons = [r for members, r in why if best in members]
            if history.get(best):
                reasons.append(f"同类评论曾选用 {history[best]} 次")
            picked.append(
                Suggestion(
                    doc.id,
                    doc.name,
                    doc.category,
                    round(best_score, 3),
                    tuple(dict.fromkeys(reasons)),
                )
            )
        return picked
