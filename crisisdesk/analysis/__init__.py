"""Chinese text analysis: normalise, segment, keywords, intent, watch-words, sentiment, waves.

The public entry points are :class:`Analyzer` (one per workspace: its IDF statistics, watch
lists and own words) and :func:`analyze` (a process-wide default analyzer). Heavy resources
(jieba's dictionary, the sentiment model) load on first use, not on import; the pipeline
module itself loads on first use of these names, so importing a submodule such as
``analysis.signals`` or ``analysis.waves`` stays cheap.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from crisisdesk.domain import AnalysisResult

if TYPE_CHECKING:
    from crisisdesk.analysis.hotwords import HotWord, emerging_words
    from crisisdesk.analysis.pipeline import Analyzer
    from crisisdesk.analysis.waves import WaveAssignment, WaveDetector

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

_LAZY = {
    "Analyzer": "crisisdesk.analysis.pipeline",
    "HotWord": "crisisdesk.analysis.hotwords",
    "emerging_words": "crisisdesk.analysis.hotwords",
    "WaveAssignment": "crisisdesk.analysis.waves",
    "WaveDetector": "crisisdesk.analysis.waves",
}


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


_default_lock = threading.Lock()
_default: Analyzer | None = None


def default_analyzer() -> Analyzer:
    """The shared analyzer behind :func:`analyze` (no watch lists, no user words)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                from crisisdesk.analysis.pipeline import Analyzer

                _default = Analyzer()
    return _default


def analyze(texts: Sequence[str]) -> list[AnalysisResult]:
    """Analyse a batch of comments with the shared default analyzer."""
    return default_analyzer().analyze(texts)
