"""Review data for training and evaluating the sentiment model: loading, de-duplication, fixed split."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crisisdesk.analysis.normalize import normalize
from crisisdesk.domain import Sentiment
from crisisdesk.paths import RESOURCES

DATA_DIR = Path(os.environ.get("CRISISDESK_SENTIMENT_DATA", "/work/shared/data/sentiment"))
REVIEW_SETS = ("waimai_10k.csv", "online_shopping_10_cats.csv")
SPLIT_FILE = RESOURCES / "analysis" / "sentiment" / "split.json"
SPLIT_SEED = "crisisdesk-sentiment-2026"
TEST_PERCENT = 12


@dataclass(frozen=True, slots=True)
class Example:
    """One de-duplicated labelled text (already normalised)."""

    text: str
    emoticons: tuple[str, ...]
    label: Sentiment
    source: str
    raw_hash: str
    raw: str  # the first raw row with this text (kept in memory only, never written out)
    category: str  # the `cat` column of that row ("" when the set has none)


def raw_hash(raw: str) -> str:
    """A short stable hash of a row's raw text (stored in split.json instead of the text)."""
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def is_test_text(normalized: str) -> bool:
    """Whether a normalised text belongs to the held-out side of the fixed, seeded split."""
    digest = hashlib.blake2b(
        normalized.encode("utf-8", "surrogatepass"), digest_size=8, key=SPLIT_SEED.encode()
    ).digest()
    return int.from_bytes(digest, "big") % 100 < TEST_PERCENT


def _rows(path: Path) -> Iterator[tuple[str, int, str]]:
    """(review, 0/1 label, category) rows of one CSV file; malformed rows are skipped."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            review = (row.get("review") or "").strip()
            label = (row.get("label") or "").strip()
            if review and label in ("0", "1"):
                yield review, int(label), (row.get("cat") or "").strip()


def load_reviews(name: str) -> list[Example]:
    """A review set normalised and de-duplicated; texts seen with both labels are dropped."""
    by_text: dict[str, tuple[set[int], tuple[str, ...], str]] = {}
    first_raw: dict[str, tuple[str, str]] = {}
    for review, label, category in _rows(DATA_DIR / name):
        norm = normalize(review)
        if not norm.text:
            continue
        entry = by_text.get(norm.text)
        if entry is None:
            by_text[norm.text] = ({label}, tuple(norm.features["emoticons"]), raw_hash(review))
            first_raw[norm.text] = (review, category)
        else:
            entry[0].add(label)
    examples: list[Example] = []
    for text, (labels, emoticons, digest) in by_text.items():
        if len(labels) != 1:
            continue
        polarity = Sentiment.POSITIVE if labels.pop() == 1 else Sentiment.NEGATIVE
        examples.append(Example(text, emoticons, polarity, name, digest, *first_raw[text]))
    return examples


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """(train, test) by the seeded hash of the normalised text: duplicates share a side."""
    train: list[Example] = []
    test: list[Example] = []
    for example in examples:
        (test if is_test_text(example.text) else train).append(example)
    return train, test


def write_split_file(test_sets: dict[str, list[Example]], path: Path = SPLIT_FILE) -> None:
    """Record the held-out rows (hashes of their raw text) so the benchmark uses exactly them."""
    payload = {
        "seed": SPLIT_SEED,
        "test_percent": TEST_PERCENT,
        "test_raw_hashes": {name: sorted(e.raw_hash for e in rows) for name, rows in test_sets.items()},
    }
    path.write_text(json.dumps(payload, ensure_ascii=False) + "\n", encoding="utf-8")


def load_test_set(name: str, split_file: Path = SPLIT_FILE) -> tuple[list[Example], int]:
    """The held-out rows recorded in split.json, minus any whose text also occurs in training.

    Returns the rows and how many were dropped for overlapping (0 unless normalisation changed).
    """
    payload = json.loads(split_file.read_text(encoding="utf-8"))
    wanted = set(payload["test_raw_hashes"][name])
    examples = load_reviews(name)
    test = [e for e in examples if e.raw_hash in wanted]
    train_texts = {e.text for e in examples if e.raw_hash not in wanted}
    kept = [e for e in test if e.text not in train_texts]
    return kept, len(test) - len(kept)
