"""Chinese text analysis: normalise, segment, keywords, intent, watch-words, sentiment, waves.

The public entry points are :class:`Analyzer` (one per workspace: its IDF statistics, watch
lists and own words) and :func:`analyze` (a process-wide default analyzer). Heavy resources
(jieba's dictionary, the sentiment model) load on first use, not on import.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from crisisdesk.analysis.hotwords import HotWord, emerging_words
from crisisdesk.analysis.pipeline import Analyzer
from crisisdesk.analysis.waves import WaveAssignment, WaveDetector
from crisisdesk.domain import AnalysisResult

__all__ = [
    "AnalysisResult",
    "Analyzer",
    "HotWord",
    "WaveAssignment",
    "WaveDetector",
    "analyze",
    "default_analyzer",
    "emerging_words",
]

_default_lock = threading.Lock()
_default: Analyzer | None = None


def default_analyzer() -> Analyzer:
    """The shared analyzer behind :func:`analyze` (no watch lists, no user words)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Analyzer()
    return _default


def analyze(texts: Sequence[str]) -> list[AnalysisResult]:
    """Analyse a batch of comments with the shared default analyzer."""
    return default_analyzer().analyze(texts)
