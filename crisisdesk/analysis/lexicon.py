"""The word table shared by segmentation and keywords: one entry per word, loaded once.

A dict maps each word to its row; two columns hold, per row:

- ``log_p``: log probability of the word in jieba's dictionary (``dict.txt``) with
  ``resources/analysis/domain_dict.txt`` merged in, as jieba's segmenter would compute it;
  ``PREFIX`` (a positive number) for an entry that is not a word of the dictionary (a
  prefix of one, which the segmenter needs, or a word only jieba's IDF table knows);
- ``prior_df``: jieba's IDF (``analyse/idf.txt``) as pseudo-document counts,
  ``PRIOR_DOCUMENTS * exp(-idf)``, or the count of a word the IDF table does not know.

One table instead of two saves start-up time (the dict is the expensive part to load), and
the keyword step finds each token where segmentation has just looked it up. The table is
built with jieba on first use and cached in the user cache directory (see table_cache).
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crisisdesk.analysis.hmm import jieba_dir
from crisisdesk.analysis.table_cache import Columns, cached_columns
from crisisdesk.paths import RESOURCES

DOMAIN_DICT = RESOURCES / "analysis" / "domain_dict.txt"
# How many documents jieba's IDF table is worth: after ~1,000 comments of its own the
# workspace's statistics weigh as much as the general-corpus table.
PRIOR_DOCUMENTS = 1000.0
# Marks an entry that is not a word; real entries are log probabilities <= 0.
PREFIX = 1.0


@dataclass(frozen=True, slots=True)
class WordTable:
    """Rows of the word table: ``index[word]`` is the row of ``log_p`` and ``prior_df``."""

    index: dict[str, int]
    log_p: list[float]
    prior_df: array[float]
    log_total: float  # log of jieba's total count: -log_total is a count of 1
    unknown_prior: float  # prior_df of a word jieba's IDF table does not know


_lock = threading.Lock()
_table: WordTable | None = None


def jieba_dict_path() -> Path:
    """jieba's main dictionary file."""
    return jieba_dir() / "dict.txt"


def jieba_idf_path() -> Path:
    """jieba's IDF table."""
    return jieba_dir() / "analyse" / "idf.txt"


def domain_entries(path: Path = DOMAIN_DICT) -> list[tuple[str, int | None, str | None]]:
    """Entries of a jieba-format dictionary: ``word [freq] [tag]``; '#' starts a comment."""
    entries: list[tuple[str, int | None, str | None]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        freq: int | None = None
        tag: str | None = None
        if len(parts) > 1 and parts[-1].isascii() and parts[-1].isalpha():
            tag = parts.pop()
        if len(parts) > 1 and parts[-1].isdigit():
            freq = int(parts.pop())
        entries.append((" ".join(parts), freq, tag))
    return entries


def build_jieba_tokenizer() -> Any:
    """A plain jieba.Tokenizer over jieba's dictionary plus ours (slow: seconds, no cache)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with jieba_dict_path().open("rb") as f:
        freq, total = tokenizer.gen_pfdict(f)
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    for word, count, _tag in domain_entries():
        tokenizer.add_word(word, count)
    return tokenizer


def _read_idf() -> dict[str, float]:
    idf: dict[str, float] = {}
    for line in jieba_idf_path().read_text(encoding="utf-8").splitlines():
        word, _, value = line.rpartition(" ")
        try:
            idf[word] = float(value)
        except ValueError:
            continue
    return idf


def _build() -> Columns:
    tokenizer = build_jieba_tokenizer()
    log_total = math.log(tokenizer.total)
    idf = _read_idf()
    values = sorted(idf.values())
    median = values[len(values) // 2] if values else 10.0
    unknown = PRIOR_DOCUMENTS * math.exp(-median)
    keys = list(tokenizer.FREQ)
    log_p = array("d", (math.log(c) - log_total if c else PREFIX for c in tokenizer.FREQ.values()))
    prior = array("d", (PRIOR_DOCUMENTS * math.exp(-idf[w]) if w in idf else unknown for w in keys))
    known = set(keys)
    for word, value in idf.items():
        # Words the segmenter may still produce (through the HMM); single characters are
        # never keywords. Not prefixes of anything, so segmentation output is unchanged.
        if len(word) > 1 and word not in known and "\n" not in word:
            keys.append(word)
            log_p.append(PREFIX)
            prior.append(PRIOR_DOCUMENTS * math.exp(-value))
    return Columns(keys, [log_p, prior], {"log_total": log_total, "unknown_prior": unknown})


def _source_key() -> str:
    """What the cached table was built from."""
    digest = hashlib.sha256(DOMAIN_DICT.read_bytes()).hexdigest()[:16]
    parts = []
    for path in (jieba_dict_path(), jieba_idf_path()):
        stat = path.stat()
        parts.append(f"{stat.st_size}-{int(stat.st_mtime)}")
    return f"jieba-{'-'.join(parts)}-domain-{digest}-prior-{PRIOR_DOCUMENTS:g}"


def word_table() -> WordTable:
    """The shared word table, loaded once per process."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                got = cached_columns("lexicon", _source_key(), "d", 2, _build)
                _table = WordTable(
                    index=dict(zip(got.keys, range(len(got.keys)), strict=True)),
                    log_p=got.columns[0].tolist(),
                    prior_df=got.columns[1],
                    log_total=float(got.extra["log_total"]),
                    unknown_prior=float(got.extra["unknown_prior"]),
                )
    return _table
