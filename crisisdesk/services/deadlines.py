"""Response deadlines per comment, from the office's configurable rules (e.g. negative: 2 h)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.domain import Intent, Sentiment
from crisisdesk.storage.schema import ResponseRule

# Used when a workspace has no rules at all: the State Council's 48 h for ordinary matters.
FALLBACK_HOURS = 48.0

DEFAULT_RULES: tuple[tuple[str, dict[str, Any], float], ...] = (
    ("负面：2 小时内回应", {"sentiment": ["negative"]}, 2.0),
    ("求助：4 小时内回应", {"intent": ["help"]}, 4.0),
    ("咨询：24 小时内回应", {"intent": ["question"]}, 24.0),
    ("其他：48 小时内回应", {}, 48.0),
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One deadline rule: conditions that must all hold, and the hours allowed."""

    name: str
    sentiments: frozenset[str]
    intents: frozenset[str]
    hours: float

    def matches(self, sentiment: Sentiment, intent: Intent) -> bool:
        """True when every condition of the rule holds (an empty condition always holds)."""
        return (not self.sentiments or sentiment.value in self.sentiments) and (
            not self.intents or intent.value in self.intents
        )


def _values(conditions: Mapping[str, Any], key: str) -> frozenset[str]:
    raw = conditions.get(key) or []
    return frozenset(str(v) for v in raw) if isinstance(raw, list) else frozenset({str(raw)})


@dataclass(frozen=True)
class DeadlineRules:
    """The ordered rules of a workspace; the first that matches sets the deadline."""

    rules: Sequence[Rule]

    @classmethod
    def load(cls, session: Session) -> DeadlineRules:
        """Read the enabled rules in order."""
        rows = session.execute(
            select(ResponseRule)
            .where(ResponseRule.enabled.is_(True))
            .order_by(ResponseRule.position, ResponseRule.id)
        ).scalars()
        return cls(
            [
                Rule(r.name, _values(r.conditions, "sentiment"), _values(r.conditions, "intent"), r.hours)
                for r in rows
            ]
        )

    def hours_for(self, *, sentiment: Sentiment, intent: Intent) -> float:
        """Hours allowed for a comment with this reading."""
        for rule in self.rules:
            if rule.matches(sentiment, intent):
                return rule.hours
        return FALLBACK_HOURS

    def due_at(self, *, created_at: datetime, sentiment: Sentiment, intent: Intent) -> datetime:
        """When a comment must have been answered."""
        return created_at + timedelta(hours=self.hours_for(sentiment=sentiment, intent=intent))


def ensure_default_rules(session: Session) -> None:
    """Seed the default deadline rules into a workspace that has none."""
    if session.execute(select(ResponseRule.id).limit(1)).first() is not None:
        return
    for position, (name, conditions, hours) in enumerate(DEFAULT_RULES):
        session.add(ResponseRule(name=name, conditions=conditions, hours=hours, position=position))
    session.flush()
