"""Copy-paste waves (水军): 64-bit near-duplicate fingerprints and a sliding-window grouper."""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

MAX_DISTANCE = 3
_HASH_CACHE_LIMIT = 200_000
_token_hashes: dict[str, int] = {}


def _token_hash(token: str) -> int:
    """A stable unsigned 64-bit hash (Python's hash() changes between runs)."""
    value = _token_hashes.get(token)
    if value is None:
        digest = hashlib.blake2b(token.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        if len(_token_hashes) >= _HASH_CACHE_LIMIT:
            _token_hashes.clear()
        _token_hashes[token] = value
    return value


def fingerprint_tokens(tokens: Sequence[str]) -> list[str]:
    """The tokens a fingerprint is made of: words and numbers, not punctuation or symbols."""
    return [t for t in tokens if t.isalnum()]


def to_signed(value: int) -> int:
    """An unsigned 64-bit value as the signed integer a BIGINT column stores."""
    return value - (1 << 64) if value >= 1 << 63 else value


# 64 fixed seeds: fingerprints must not change between runs or versions of Python.
_SEEDS = np.array(
    [
        int.from_bytes(hashlib.blake2b(b"crisisdesk-wave-%d" % i, digest_size=8).digest(), "little")
        for i in range(64)
    ],
    dtype=np.uint64,
)


def _mix(x: np.ndarray[Any, np.dtype[np.uint64]]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """splitmix64's finaliser: turns (token hash XOR seed) into an independent-looking 64-bit value."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def fingerprint_many(token_lists: Sequence[Sequence[str]]) -> list[int]:
    """A 64-bit near-duplicate fingerprint (signed) of each token list; 0 when it has no words.

    Each bit is a one-bit MinHash (b-bit minwise hashing, Li & König 2010): bit i is one
    bit of the smallest value of hash function i over the comment's distinct words. Two
    comments differ in a bit with probability (1 - J) / 2, J being the Jaccard similarity
    of their word sets, so one word changed in a 30-word comment costs about 1-2 bits,
    where a SimHash of the same comment moves 4-8 bits (see benchmarks/bench_analysis_waves.py).
    Punctuation, emoji and spacing are not words, so copies that differ only in those get
    the same value. Vectorised over the whole batch.
    """
    return fingerprint_words([fingerprint_tokens(tokens) for tokens in token_lists])


def fingerprint_words(word_lists: Sequence[Sequence[str]]) -> list[int]:
    """fingerprint_many() for token lists already reduced by fingerprint_tokens()."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    starts: list[int] = []
    owners: list[int] = []
    for owner, word_list in enumerate(word_lists):
        words = dict.fromkeys(word_list)
        if not words:
            continue
        starts.append(len(rows))
        owners.append(owner)
        rows.extend(vocabulary.setdefault(w, len(vocabulary)) for w in words)
    result = [0] * len(word_lists)
    if not rows:
        return result
    hashes = np.fromiter(
        (_token_hash(t) for t in vocabulary), dtype=np.uint64, count=len(vocabulary)
    )
    with np.errstate(over="ignore"):
        # The high half of each hash is enough to find the minimum (ties: ~n²/2^32) and
        # halves the memory the gather below moves.
        values = (_mix(hashes[:, None] ^ _SEEDS[None, :]) >> np.uint64(32)).astype(np.uint32)
    minima = np.minimum.reduceat(values[np.asarray(rows, dtype=np.intp)], starts, axis=0)
    # The minimum's top bits are biased towards 0; its lowest bit is as good as a coin toss.
    bits = (minima & np.uint32(1)).astype(np.uint8)
    packed = np.packbits(bits, axis=1, bitorder="little").view("<u8").ravel()
    for owner, value in zip(owners, packed.tolist(), strict=True):
        result[owner] = to_signed(int(value)) or 1
    return result


def fingerprint(tokens: Sequence[str]) -> int:
    """The near-duplicate fingerprint of one token list (see fingerprint_many)."""
    return fingerprint_many([tokens])[0]


def hamming(a: int, b: int) -> int:
    """Bits that differ between two 64-bit fingerprints (signed or not)."""
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()


@dataclass(frozen=True, slots=True)
class WaveAssignment:
    """The wave a comment joined: its key (the first comment's id) and the wave's size now."""

    wave_key: int
    size: int
    distinct_authors: int


@dataclass(slots=True, eq=False)  # compared and hashed by identity: its key can change
class _Wave:
    key: int
    authors: Counter[str] = field(default_factory=Counter)
    size: int = 0


@dataclass(slots=True)
class _Print:
    value: int
    wave: _Wave
    count: int = 0
    filed: list[int] = field(default_factory=list)  # the bucket keys it is filed under


_U64 = 0xFFFFFFFFFFFFFFFF


class _Bucket:
    """The fingerprints filed under one block value, in filing order.

    A long bucket is scanned in numpy: comments that are near one another but not near
    enough (a campaign's copies, each with its own number) share blocks, so thousands of
    waves can file under one value, and a Python loop over them was most of a sync's wave
    detection. The values array follows appends and is rebuilt after a removal.
    """

    __slots__ = ("_count", "_values", "entries")

    # Below this many entries a Python loop is faster than numpy's fixed cost per call.
    VECTOR_FROM = 48

    def __init__(self) -> None:
        self.entries: list[_Print] = []
        self._values: np.ndarray[Any, np.dtype[np.uint64]] | None = None
        self._count = 0  # entries mirrored in _values (all of them while it is not None)

    def __len__(self) -> int:
        return len(self.entries)

    def append(self, entry: _Print) -> None:
        self.entries.append(entry)
        values = self._values
        if values is not None:
            if self._count == len(values):
                values = self._values = np.concatenate([values, np.empty_like(values)])
            values[self._count] = entry.value & _U64
            self._count += 1

    def remove(self, entry: _Print) -> None:
        self.entries.remove(entry)
        self._values = None

    def first_within(self, value: int, limit: int) -> _Print | None:
        """The first entry (in filing order) within limit differing bits of value."""
        entries = self.entries
        if len(entries) < self.VECTOR_FROM:
            for candidate in entries:
                if ((value ^ candidate.value) & _U64).bit_count() <= limit:
                    return candidate
            return None
        values = self._values
        if values is None:
            values = np.empty(2 * len(entries), dtype=np.uint64)
            values[: len(entries)] = [e.value & _U64 for e in entries]
            self._values, self._count = values, len(entries)
        near = np.bitwise_count(values[: self._count] ^ np.uint64(value & _U64)) <= limit
        first = int(near.argmax())  # the first True, or 0 when there is none
        return entries[first] if near[first] else None


class WaveDetector:
    """Groups near-identical comments (Hamming distance <= 3) seen within a sliding window.

    Lookup is bucketed: each distinct fingerprint is filed under its four 16-bit blocks,
    and a candidate must share one block, so a comment is compared with a handful of
    fingerprints, not with the whole window. The state holds one entry per comment in the
    window and one per distinct fingerprint; ``evict_before`` drops what has left the window.
    A comment with no words (fingerprint 0: emoji only, empty) forms no wave.

    A big wave brings thousands of slightly different fingerprints that share blocks; each
    bucket keeps at most ``BUCKET_CAP`` of one wave's fingerprints, so lookup stays bounded
    however large the wave grows. A variant near only an unfiled member of a wave, and none
    of the filed ones, starts a new wave: the price of the bound.
    """

    BUCKET_CAP = 16

    def __init__(self, *, max_distance: int = MAX_DISTANCE) -> None:
        if not 0 <= max_distance <= MAX_DISTANCE:
            raise ValueError(f"max_distance must be between 0 and {MAX_DISTANCE}")
        self._max_distance = max_distance
        self._prints: dict[int, _Print] = {}
        self._buckets: dict[int, _Bucket] = {}
        self._filed: Counter[tuple[int, _Wave]] = Counter()  # (bucket, wave) -> prints filed
        self._waves: dict[int, _Wave] = {}  # key -> wave, while the wave has comments
        self._items: list[tuple[datetime, int, str, _Print]] = []
        self._sequence = itertools.count()

    def __len__(self) -> int:
        """Comments currently in the window."""
        return len(self._items)

    @staticmethod
    def _bucket_keys(value: int) -> tuple[int, int, int, int]:
        unsigned = value & 0xFFFFFFFFFFFFFFFF
        # Pigeonhole: within distance MAX_DISTANCE (3), one of four 16-bit blocks is equal.
        # The four blocks, each tagged with its position (unrolled: this runs per comment).
        return (
            unsigned & 0xFFFF,
            0x10000 | ((unsigned >> 16) & 0xFFFF),
            0x20000 | ((unsigned >> 32) & 0xFFFF),
            0x30000 | (unsigned >> 48),
        )

    def _nearest(self, value: int, keys: tuple[int, ...]) -> _Print | None:
        exact = self._prints.get(value)
        if exact is not None:
            return exact
        # The first fingerprint within the distance wins (buckets keep insertion order, so the
        # answer is deterministic): searching for the closest costs a full scan in busy waves.
        limit = self._max_distance
        buckets = self._buckets
        for key in keys:
            bucket = buckets.get(key)
            if bucket is not None:
                found = bucket.first_within(value, limit)
                if found is not None:
                    return found
        return None

    def add(self, item_id: int, author: str, simhash: int, at: datetime) -> WaveAssignment:
        """File one comment; returns the wave it belongs to (a new wave of one if none is near)."""
        if simhash == 0:
            return WaveAssignment(item_id, 1, 1)
        entry = self._prints.get(simhash)
        if entry is None:
            keys = self._bucket_keys(simhash)
            near = self._nearest(simhash, keys)
            if near is not None:
                wave = near.wave
            else:
                wave = self._waves[item_id] = _Wave(item_id)
            entry = _Print(simhash, wave)
            self._prints[simhash] = entry
            for key in keys:
                if self._filed[key, wave] < self.BUCKET_CAP:
                    self._filed[key, wave] += 1
                    bucket = self._buckets.get(key)
                    if bucket is None:
                        bucket = self._buckets[key] = _Bucket()
                    bucket.append(entry)
                    entry.filed.append(key)
        entry.count += 1
        wave = entry.wave
        wave.size += 1
        wave.authors[author] += 1
        heapq.heappush(self._items, (at, next(self._sequence), author, entry))
        return WaveAssignment(wave.key, wave.size, len(wave.authors))

    def evict_before(self, t: datetime) -> int:
        """Forget comments posted before ``t``; returns how many were dropped."""
        dropped = 0
        while self._items and self._items[0][0] < t:
            _, _, author, entry = heapq.heappop(self._items)
            dropped += 1
            wave = entry.wave
            wave.size -= 1
            wave.authors[author] -= 1
            if wave.authors[author] <= 0:
                del wave.authors[author]
            if wave.size <= 0 and self._waves.get(wave.key) is wave:
                del self._waves[wave.key]
            entry.count -= 1
            if entry.count <= 0:
                del self._prints[entry.value]
                for key in entry.filed:
                    bucket = self._buckets[key]
                    bucket.remove(entry)
                    if not bucket:
                        del self._buckets[key]
                    self._filed[key, wave] -= 1
                    if self._filed[key, wave] <= 0:
                        del self._filed[key, wave]
        return dropped

    def rekey(self, old: int, new: int) -> None:
        """Give the wave keyed by old (its first comment's provisional id) the key new."""
        wave = self._waves.pop(old, None)
        if wave is not None:
            wave.key = new
            self._waves[new] = wave
