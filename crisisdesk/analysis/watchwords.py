"""Watch-word matching: every user list in one Aho-Corasick pass over the normalised text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import ahocorasick  # type: ignore[import-not-found]

from crisisdesk.analysis.normalize import normalize
from crisisdesk.domain import WatchHit


def normalize_watch_word(word: str) -> str:
    """A watch-word folded exactly like the texts it is matched against."""
    return normalize(word).text if isinstance(word, str) else ""


class WatchMatcher:
    """Finds the words of every watch list in a text in time linear in the text, whatever the lists' size."""

    def __init__(self, lists: Mapping[str, Iterable[str]] | None = None) -> None:
        self._automaton: ahocorasick.Automaton | None = None
        self._size = 0
        if lists:
            self.set_lists(lists)

    def set_lists(self, lists: Mapping[str, Iterable[str]]) -> None:
        """Replace all lists; each word is normalised (width, script, case) before matching."""
        owners: dict[str, list[str]] = {}
        for list_name, words in lists.items():
            for raw in words:
                word = normalize_watch_word(raw)
                if not word:
                    continue
                names = owners.setdefault(word, [])
                if list_name not in names:
                    names.append(str(list_name))
        if not owners:
            self._automaton, self._size = None, 0
            return
        automaton = ahocorasick.Automaton()
        for word, names in owners.items():
            automaton.add_word(word, (word, tuple(names)))
        automaton.make_automaton()
        # One assignment: a matcher running in another thread sees the old or the new lists.
        self._automaton, self._size = automaton, len(owners)

    def __len__(self) -> int:
        return self._size

    def find(self, text: str) -> list[WatchHit]:
        """Every occurrence (overlaps included) of every watched word, in order of end offset."""
        automaton = self._automaton
        if automaton is None or not text:
            return []
        hits: list[WatchHit] = []
        for end_index, (word, names) in automaton.iter(text):
            end = end_index + 1
            start = end - len(word)
            for name in names:
                hits.append(WatchHit(word, name, start, end))
        return hits
