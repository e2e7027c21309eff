"""Comment intent (投诉, 咨询, 求助 ...) from the editable rules in resources/analysis/intent.yaml."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick  # type: ignore[import-not-found]
import yaml

from crisisdesk.analysis.normalize import normalize
from crisisdesk.domain import Intent
from crisisdesk.paths import RESOURCES

INTENT_RULES = RESOURCES / "analysis" / "intent.yaml"
_TIER_WEIGHTS = {"strong": 3.0, "words": 2.0, "weak": 1.0}
_EMOTICON_WEIGHT = 1.0


class IntentRulesError(ValueError):
    """The intent rules file cannot be used; the message says where."""


@dataclass(frozen=True, slots=True)
class IntentDecision:
    """The chosen intent and the evidence for every intent that scored."""

    intent: Intent
    evidence: list[str]


# One lexicon cue: the intent it counts for, its weight, the evidence string it leaves.
_Cue = tuple[Intent, float, str]


@dataclass(frozen=True, slots=True)
class _Pattern:
    intent: Intent
    name: str
    regex: re.Pattern[str]
    weight: float


def _clean(word: Any) -> str:
    return normalize(str(word)).text if word is not None else ""


def _clean_emoticon(name: Any) -> str:
    """Emoticon names as normalize() reports them (platform names lower-cased, emoji bare)."""
    text = str(name).strip().strip("[]")
    found = normalize(f"[{text}]").features["emoticons"] or normalize(text).features["emoticons"]
    return found[0] if found else text.lower()


class IntentClassifier:
    """Weighted lexicon and pattern rules; the highest-scoring intent wins."""

    def __init__(
        self, rules: Mapping[str, Any] | None = None, *, path: Path = INTENT_RULES
    ) -> None:
        if rules is None:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(loaded, Mapping):
                raise IntentRulesError(f"{path}: 文件内容不是规则表")
            rules = loaded
        self._min_score = float(rules.get("min_score", 2))
        order = [Intent(p) for p in rules.get("priority", []) if p in Intent._value2member_map_]
        order += [i for i in Intent if i not in order and i is not Intent.OTHER]
        self._rank = {intent: n for n, intent in enumerate(order)}
        self._automaton: Any = None
        self._patterns: list[_Pattern] = []
        self._always: list[int] = []
        self._emoticons: dict[str, list[_Cue]] = {}
        self._compile(rules.get("intents", {}), rules.get("neutral") or [])

    def _compile(self, intents: Any, neutral: Any) -> None:
        if not isinstance(intents, Mapping):
            raise IntentRulesError("intents 应为“意图: 规则”的映射")
        if not isinstance(neutral, list):
            raise IntentRulesError("neutral 应为词语列表")
        # Neutral words score nothing; as longer matches they hide the cue words inside them.
        words: dict[str, list[_Cue]] = {word: [] for word in (_clean(w) for w in neutral) if word}
        for key, spec in intents.items():
            try:
                intent = Intent(key)
            except ValueError as exc:
                raise IntentRulesError(f"未知意图：{key}") from exc
            if not isinstance(spec, Mapping):
                raise IntentRulesError(f"意图 {key} 的规则应为映射")
            for tier, weight in _TIER_WEIGHTS.items():
                for raw in spec.get(tier) or []:
                    word = _clean(raw)
                    if word:
                        words.setdefault(word, []).append((intent, weight, f"{key}:{word}"))
            for raw in spec.get("emoticons") or []:
                name = _clean_emoticon(raw)
                self._emoticons.setdefault(name, []).append(
                    (intent, _EMOTICON_WEIGHT, f"{key}:表情:{name}")
                )
            for rule in spec.get("patterns") or []:
                try:
                    pattern = _Pattern(
                        intent, str(rule["name"]), re.compile(rule["regex"]), float(rule["weight"])
                    )
                except (KeyError, TypeError, ValueError, re.error) as exc:
                    raise IntentRulesError(f"意图 {key} 的规则 {rule!r} 无效：{exc}") from exc
                self._patterns.append(pattern)
        automaton = ahocorasick.Automaton()
        triggers: dict[str, list[int]] = {}
        for index, pattern in enumerate(self._patterns):
            literals = _leading_literals(pattern.regex.pattern)
            if literals is None:
                self._always.append(index)
            for literal in literals or ():
                triggers.setdefault(_clean(literal), []).append(index)
        for word in words.keys() | triggers.keys():
            if word:
                cues = tuple(words.get(word, ()))
                # Only lexicon and neutral words shadow shorter hits; a bare trigger does not.
                shadows = word in words
                automaton.add_word(word, (len(word), cues, tuple(triggers.get(word, ())), shadows))
        if len(automaton):
            automaton.make_automaton()
            self._automaton = automaton

    def classify(
        self, text: str, features: Mapping[str, Sequence[str]] | None = None
    ) -> IntentDecision:
        """The intent of one normalised text (and its emoticons), with the evidence that fired."""
        scores: dict[Intent, float] = {}
        evidence: list[str] = []
        cues, triggered = self._scan(text)
        for intent, weight, note in cues:
            scores[intent] = scores.get(intent, 0.0) + weight
            evidence.append(note)
        patterns = self._patterns
        for index in sorted(triggered.union(self._always)) if triggered else self._always:
            pattern = patterns[index]
            if pattern.regex.search(text):
                scores[pattern.intent] = scores.get(pattern.intent, 0.0) + pattern.weight
                evidence.append(f"{pattern.intent.value}:规则:{pattern.name}")
        emoticons = (features or {}).get("emoticons", ())
        for name in dict.fromkeys(emoticons) if emoticons else ():
            for intent, weight, note in self._emoticons.get(name, ()):
                scores[intent] = scores.get(intent, 0.0) + weight
                evidence.append(note)
        if not scores:
            return IntentDecision(Intent.OTHER, [])
        rank = self._rank
        best = min(scores, key=lambda i: (-scores[i], rank.get(i, len(rank))))
        if scores[best] < self._min_score:
            return IntentDecision(Intent.OTHER, evidence)
        return IntentDecision(best, evidence)

    def _scan(self, text: str) -> tuple[list[_Cue], set[int]]:
        """Lexicon cues (a hit inside a longer hit dropped, each word once) and triggered patterns."""
        if self._automaton is None or not text:
            return [], set()
        spans = []
        triggered: set[int] = set()
        for end_index, value in self._automaton.iter(text):
            length, cues, pattern_ids, shadows = value
            if pattern_ids:
                triggered.update(pattern_ids)
            if shadows:
                spans.append((end_index + 1 - length, -end_index, cues))
        spans.sort()
        kept: list[_Cue] = []
        seen: set[int] = set()
        reach = -1
        for _start, neg_end, cues in spans:
            end = -neg_end
            if end > reach:
                reach = end
                if cues and id(cues) not in seen:
                    seen.add(id(cues))
                    kept.extend(cues)
        return kept, triggered


_SPECIAL = frozenset(".^$*+?{}[]\\|()")


def _leading_literals(pattern: str) -> list[str] | None:
    """Literal words one of which every match starts with, or None when there is no such list.

    Handles the two shapes the rules file uses: a plain literal prefix (为...点赞) and a
    leading group of plain alternatives not followed by a quantifier ((为什么|为啥)...).
    A pattern with such words is searched only when the automaton saw one of them.
    """
    if _has_top_level_bar(pattern):
        return None
    prefix = ""
    for char in pattern:
        if char in _SPECIAL:
            break
        prefix += char
    if prefix:
        # A quantifier after the prefix applies to its last character only.
        rest = pattern[len(prefix) :]
        if rest[:1] in ("?", "*", "{"):
            prefix = prefix[:-1]
        return [prefix] if prefix else None
    if not pattern.startswith("(") or pattern.startswith("(?"):
        return None
    close = pattern.find(")")
    body = pattern[1:close] if close > 0 else ""
    if not body or pattern[close + 1 : close + 2] in ("?", "*", "{", "|"):
        return None
    options = body.split("|")
    if any(not option or any(c in _SPECIAL for c in option) for option in options):
        return None
    return options


def _has_top_level_bar(pattern: str) -> bool:
    """Whether the pattern is an alternation at its outermost level (a|b)."""
    depth = 0
    in_class = False
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False
