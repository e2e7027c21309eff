"""What a workspace's Analyzer is made of, as plain JSON values, so another process builds the same one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crisisdesk.domain import Sentiment

if TYPE_CHECKING:
    from crisisdesk.analysis.pipeline import Analyzer


@dataclass(frozen=True)
class AnalyzerSpec:
    """Watch lists, the office's words, account names, learnt IDF and sentiment corrections."""

    watch_lists: dict[str, list[str]] = field(default_factory=dict)
    user_words: list[str] = field(default_factory=list)
    own_names: list[str] = field(default_factory=list)
    idf_state: dict[str, Any] | None = None
    # Operators' corrections (normalised text, label) the sentiment model adapts to; empty:
    # the shipped model as it is.
    corrections: list[tuple[str, Sentiment]] = field(default_factory=list)

    def build(self) -> Analyzer:
        """The Analyzer this spec describes."""
        from crisisdesk.analysis.pipeline import Analyzer
        from crisisdesk.analysis.sentiment import default_model

        model = default_model().adapt(self.corrections) if self.corrections else None
        return Analyzer(
            watch_lists=self.watch_lists,
            user_words=self.user_words,
            own_names=self.own_names,
            idf_state=self.idf_state,
            sentiment_model=model,
        )

    def to_json(self) -> dict[str, Any]:
        """JSON-serialisable form (for the analysis process)."""
        return {
            "watch_lists": self.watch_lists,
            "user_words": self.user_words,
            "own_names": self.own_names,
            "idf_state": self.idf_state,
            "corrections": [[text, label.value] for text, label in self.corrections],
        }

    @classmethod
    def from_json(cls, data: object) -> AnalyzerSpec:
        """Read to_json()'s output; entries of the wrong type are skipped, never trusted."""
        if not isinstance(data, Mapping):
            raise ValueError("analyzer spec is not an object")
        lists: dict[str, list[str]] = {}
        raw_lists = data.get("watch_lists")
        if isinstance(raw_lists, Mapping):
            for name, words in raw_lists.items():
                if isinstance(name, str) and isinstance(words, list):
                    lists[name] = _strings(words)
        corrections: list[tuple[str, Sentiment]] = []
        raw_corrections = data.get("corrections")
        for item in raw_corrections if isinstance(raw_corrections, list) else []:
            if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str):
                try:
                    corrections.append((item[0], Sentiment(item[1])))
                except ValueError:
                    continue
        idf = data.get("idf_state")
        return cls(
            watch_lists=lists,
            user_words=_strings(data.get("user_words")),
            own_names=_strings(data.get("own_names")),
            idf_state=dict(idf) if isinstance(idf, Mapping) else None,
            corrections=corrections,
        )


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
