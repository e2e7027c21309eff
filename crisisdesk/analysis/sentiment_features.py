"""Vectorised features of the sentiment model: hashed character n-grams and lexicon cues.

A whole batch of texts is joined into one array of code points, framed as
``BOS text EOS BOS text EOS ...``; every 1-, 2- and 3-gram gets a 64-bit polynomial hash
computed with numpy in one pass, and its weight is found by the top bits of that hash
(the hashing trick, 2**22 buckets). Lexicon cues (polar words, negators, degree words,
sarcasm and question markers) are n-grams too: they are found by exact 64-bit hash
lookup, so the same pass serves both, and no Python loop runs per character.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

# Longer texts are cut to their first MAX_CHARS characters: opinion shows early, and the cut
# keeps a 100,000-character paste from costing more than a page of comments does.
MAX_CHARS = 2000
BUCKET_BITS = 22
BUCKETS = 1 << BUCKET_BITS
BOS = "\x02"
EOS = "\x03"

_P = np.uint64(1000003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SALTS = (np.uint64(0x51ED2701), np.uint64(0x2545F491), np.uint64(0x7FEB352D))
_SHIFT = np.uint64(64 - BUCKET_BITS)

# Flag bits of lexicon n-grams.
POS, NEG, NEGATOR, DEGREE, SARCASM, COMPLAINT, ASKING, QMARK, BOUNDARY = (1 << i for i in range(9))
_POLAR = POS | NEG

# The rule features ("cues"), in the order of the cue columns.
CUES: tuple[str, ...] = (
    "L+", "L-", "D+", "D-", "N+", "N-", "E+", "E-",
    "S", "S+", "MIX", "CQ", "CW", "Q", "Q-", "NQ", "NONE", "EMPTY",
)  # fmt: skip
_CUE = {name: i for i, name in enumerate(CUES)}
CUE_CAP = 3.0
_BOUNDARY_CHARS = " ,.!?;:~、，。！？；：…\n\t" + BOS + EOS

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


def _codes(text: str) -> U64:
    """Code points of ``text`` (lone surrogates included) as uint64."""
    raw = text.encode("utf-32-le", "surrogatepass")
    return np.frombuffer(raw, dtype="<u4").astype(np.uint64)


def gram_hashes(codes: U64) -> tuple[U64, U64, U64]:
    """64-bit hashes of the 1-, 2- and 3-grams starting at each position (lengths n, n-1, n-2)."""
    x1 = codes * _P
    x2 = (x1[:-1] + codes[1:]) * _P
    x3 = (x2[:-1] + codes[2:]) * _P
    return (x1 + _SALTS[0]) * _MIX, (x2 + _SALTS[1]) * _MIX, (x3 + _SALTS[2]) * _MIX


def bucket(hashes: U64) -> npt.NDArray[np.intp]:
    """Weight-table index of each hash (its top BUCKET_BITS bits)."""
    return (hashes >> _SHIFT).astype(np.intp)


def hash_gram(gram: str) -> int:
    """The 64-bit hash of one 1-3 character string, as gram_hashes computes it (pure Python)."""
    if not 1 <= len(gram) <= 3:
        raise ValueError(f"n-gram must have 1 to 3 characters: {gram!r}")
    mask = (1 << 64) - 1
    x = 0
    for char in gram:
        x = ((x + ord(char)) * int(_P)) & mask
    return ((x + int(_SALTS[len(gram) - 1])) * int(_MIX)) & mask


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The hand-written word lists, compiled into a sorted table of flagged n-gram hashes."""

    hashes: U64
    flags: npt.NDArray[np.uint16]
    flag_of: dict[int, int]
    marked: npt.NDArray[np.bool_]  # per weight bucket: does a lexicon n-gram fall in it?
    emoticon_polarity: dict[str, int]
    sarcastic_emoticons: frozenset[str]

    @classmethod
    def from_file(cls, path: Path) -> Lexicon:
        """Read the lexicon JSON shipped in resources/analysis/sentiment/."""
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return cls.from_mapping(raw)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Lexicon:
        """Build from the lexicon's JSON object; entries longer than 3 characters are ignored."""
        table: dict[str, int] = {}

        def add(words: Iterable[Any], flag: int) -> None:
            for word in words:
                text = str(word)
                if 1 <= len(text) <= 3:
                    table[text] = table.get(text, 0) | flag

        add(raw.get("positive", []), POS)
        add(raw.get("negative", []), NEG)
        add((w for w in raw.get("negators", []) if len(str(w)) == 1), NEGATOR)
        add(raw.get("degree", []), DEGREE)
        add(raw.get("sarcasm_patterns", []), SARCASM)
        add(raw.get("complaint_questions", []), COMPLAINT)
        add(raw.get("neutral_questions", []), ASKING)
        add(["?", "吗" + EOS, "呢" + EOS, "么" + EOS, "吗?", "呢?"], QMARK)
        add(_BOUNDARY_CHARS, BOUNDARY)
        pairs = sorted((hash_gram(w), f) for w, f in table.items())
        emoticons: dict[str, int] = {}
        for name in raw.get("emoticons_positive", []):
            emoticons[str(name).lower()] = 1
        for name in raw.get("emoticons_negative", []):
            emoticons[str(name).lower()] = -1
        return cls(
            hashes=np.array([h for h, _ in pairs], dtype=np.uint64),
            flags=np.array([f for _, f in pairs], dtype=np.uint16),
            flag_of=dict(pairs),
            marked=_marked_buckets([h for h, _ in pairs]),
            emoticon_polarity=emoticons,
            sarcastic_emoticons=frozenset(
                str(e).lower() for e in raw.get("emoticons_sarcastic", [])
            ),
        )

    def lookup(self, hashes: U64, buckets: npt.NDArray[np.intp]) -> npt.NDArray[np.uint16]:
        """The flags of each hash (0 for n-grams not in the lexicon); ``buckets`` = bucket(hashes)."""
        out = np.zeros(len(hashes), dtype=np.uint16)
        if not len(self.hashes) or not len(hashes):
            return out
        # The bucket filter leaves a handful of candidates for the exact binary search.
        candidates = np.flatnonzero(self.marked[buckets])
        if len(candidates):
            wanted = hashes[candidates]
            index = np.searchsorted(self.hashes, wanted)
            np.minimum(index, len(self.hashes) - 1, out=index)
            found = self.hashes[index] == wanted
            out[candidates[found]] = self.flags[index[found]]
        return out


def _marked_buckets(hashes: Sequence[int]) -> npt.NDArray[np.bool_]:
    """A per-bucket filter: True where one of ``hashes`` falls."""
    marked = np.zeros(BUCKETS, dtype=bool)
    if hashes:
        marked[bucket(np.array(hashes, dtype=np.uint64))] = True
    return marked


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch of texts encoded for the model."""

    starts: I64  # position of each text's BOS in the joined array
    ends: I64  # position of each text's EOS
    hashes: tuple[U64, U64, U64]
    buckets: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]
    cues: F64  # (texts, len(CUES)) cue counts
    emoticons: list[list[str]]

    @property
    def size(self) -> int:
        """Number of texts."""
        return len(self.starts)

    def gram_counts(self) -> I64:
        """How many n-grams each text has (3 * length + 1)."""
        return 3 * (self.ends - self.starts - 1) + 1


def emoticon_names(features: object) -> list[str]:
    """The emoticon names of a features mapping, tolerating missing or odd values."""
    if not isinstance(features, Mapping):
        return []
    raw = features.get("emoticons", ())
    if not raw:
        return []
    if isinstance(raw, str) or not isinstance(raw, Iterable):
        return []
    return [e.strip().lower() for e in raw if isinstance(e, str)][:50]


def _shift(values: npt.NDArray[Any], by: int) -> npt.NDArray[Any]:
    """values[j - by] at j (zero/False before the start)."""
    out = np.zeros_like(values)
    out[by:] = values[:-by]
    return out


def _pad(values: npt.NDArray[Any], length: int) -> npt.NDArray[Any]:
    """values padded with zeros/False to ``length``."""
    out = np.zeros(length, dtype=values.dtype)
    out[: len(values)] = values
    return out


def encode(
    lexicon: Lexicon, texts: Sequence[str], emoticons: Sequence[Sequence[str]]
) -> Batch:
    """Hash every n-gram of ``texts`` and count their cues (texts already normalised, str)."""
    cut = [t[:MAX_CHARS] for t in texts]
    lengths = np.fromiter(map(len, cut), dtype=np.int64, count=len(cut)) + 2
    ends = np.cumsum(lengths) - 1
    starts = ends - lengths + 1
    codes = _codes(BOS + (EOS + BOS).join(cut) + EOS)
    hashes = gram_hashes(codes)
    buckets = (bucket(hashes[0]), bucket(hashes[1]), bucket(hashes[2]))
    cues = _cue_counts(lexicon, hashes, buckets, starts, len(cut))
    emo = [list(e) for e in emoticons]
    _emoticon_cues(lexicon, emo, cues)
    _interactions(cues, np.asarray(lengths - 2))
    return Batch(starts, ends, hashes, buckets, cues, emo)


def _cue_counts(
    lexicon: Lexicon,
    hashes: tuple[U64, U64, U64],
    buckets: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]],
    starts: I64,
    size: int,
) -> F64:
    """Lexicon cue counts per text: polar words (plain, degree-marked, negated) and markers."""
    n = len(hashes[0])
    f1, f2, f3 = (lexicon.lookup(h, b) for h, b in zip(hashes, buckets, strict=True))
    cues = np.zeros((size, len(CUES)), dtype=np.float64)

    def text_of(positions: I64) -> I64:
        return np.searchsorted(starts, positions, side="right") - 1

    # Longest match wins: a word inside a longer lexicon word is not counted again.
    hit3 = _pad((f3 & _POLAR) != 0, n)
    hit2raw = _pad((f2 & _POLAR) != 0, n)
    hit2 = hit2raw & ~hit3 & ~_shift(hit3, 1)
    hit1 = ((f1 & _POLAR) != 0) & ~hit3 & ~_shift(hit3, 1) & ~_shift(hit3, 2)
    hit1 &= ~hit2raw & ~_shift(hit2raw, 1)
    positions: list[I64] = []
    polarity: list[npt.NDArray[np.int64]] = []
    covered = np.zeros(n, dtype=bool)
    for order, hit, flags in ((1, hit1, f1), (2, hit2, f2), (3, hit3, f3)):
        at = np.flatnonzero(hit)
        if not len(at):
            continue
        positions.append(at)
        polarity.append(np.where((flags[at] & POS) != 0, 1, -1))
        for offset in range(order):
            covered[np.minimum(at + offset, n - 1)] = True
    if positions:
        at = np.concatenate(positions)
        pol = np.concatenate(polarity)
        # Negators and degree words within three characters before the word, same clause;
        # a negator that belongs to another polar word ("不错不错") does not count.
        negator = ((f1 & NEGATOR) != 0) & ~covered
        boundary = (f1 & BOUNDARY) != 0
        degree1 = (f1 & DEGREE) != 0
        degree2 = _pad((f2 & DEGREE) != 0, n)
        alive = ~boundary[at - 1]
        negations = (negator[at - 1] & alive).astype(np.int64)
        degree = degree1[at - 1] & alive
        alive &= ~boundary[at - 2]
        negations += negator[at - 2] & alive
        degree |= degree2[at - 2] & alive
        alive &= ~boundary[at - 3]
        negations += negator[at - 3] & alive
        negated = (negations % 2) == 1
        final = np.where(negated, -pol, pol)
        kind = np.where(negated, 4, np.where(degree, 2, 0)) + (final < 0)
        np.add.at(cues, (text_of(at), kind), 1.0)
    for flag, column in ((SARCASM, "S"), (COMPLAINT, "CQ"), (ASKING, "NQ"), (QMARK, "Q")):
        marked = [np.flatnonzero((f & flag) != 0) for f in (f1, f2, f3)]
        at = np.concatenate(marked)
        if len(at):
            np.add.at(cues, (text_of(at), np.full(len(at), _CUE[column])), 1.0)
    return cues


def _emoticon_cues(lexicon: Lexicon, emoticons: list[list[str]], cues: F64) -> None:
    """Polarity and sarcasm of the platform emoticons normalisation took out of the texts."""
    polarity = lexicon.emoticon_polarity
    sarcastic = lexicon.sarcastic_emoticons
    for row, names in enumerate(emoticons):
        for name in names:
            value = polarity.get(name, 0)
            if value > 0:
                cues[row, _CUE["E+"]] += 1
            elif value < 0:
                cues[row, _CUE["E-"]] += 1
            if name in sarcastic:
                cues[row, _CUE["S"]] += 1


def _interactions(cues: F64, lengths: I64) -> None:
    """Derived cues a linear model cannot form itself (sarcasm with praise, complaint questions)."""
    col = _CUE
    pos = cues[:, col["L+"]] + cues[:, col["D+"]] + cues[:, col["N+"]] + cues[:, col["E+"]]
    neg = cues[:, col["L-"]] + cues[:, col["D-"]] + cues[:, col["N-"]] + cues[:, col["E-"]]
    sarcastic = cues[:, col["S"]] > 0
    question = cues[:, col["Q"]] > 0
    complaint = cues[:, col["CQ"]] > 0
    cues[:, col["S"]] = sarcastic
    cues[:, col["S+"]] = sarcastic & (pos > 0)
    cues[:, col["MIX"]] = (pos > 0) & (neg > 0)
    cues[:, col["CQ"]] = complaint & question
    cues[:, col["CW"]] = complaint & ~question
    cues[:, col["Q"]] = question & ~complaint & (neg == 0)
    cues[:, col["Q-"]] = question & ~complaint & (neg > 0)
    cues[:, col["NQ"]] = cues[:, col["NQ"]] > 0
    empty = lengths == 0
    cues[:, col["EMPTY"]] = empty
    cues[:, col["NONE"]] = (pos == 0) & (neg == 0) & ~sarcastic & ~empty
    # A long review repeats its words; past a few, more of the same cue is no new evidence.
    np.minimum(cues, CUE_CAP, out=cues)


def gram_sums(batch: Batch, table: npt.NDArray[np.complex64]) -> npt.NDArray[np.complex128]:
    """Per text, the sum of its n-grams' weights (unigrams exclude BOS/EOS)."""
    total = np.zeros(batch.size, dtype=np.complex128)
    s, e = batch.starts, batch.ends
    # For the n-grams starting at j in [first, last], sum = prefix[last + 1] - prefix[first].
    for buckets, first, last in (
        (batch.buckets[0], s + 1, e - 1),
        (batch.buckets[1], s, e - 1),
        (batch.buckets[2], s, e - 2),
    ):
        prefix = np.zeros(len(buckets) + 1, dtype=np.complex128)
        np.cumsum(table[buckets], out=prefix[1:])
        total += np.where(last >= first, prefix[np.maximum(last + 1, first)] - prefix[first], 0)
    return total


def gram_rows(batch: Batch) -> tuple[I64, npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """(text index, bucket, n-gram order) of every n-gram of the batch (for training/adapting)."""
    lengths = batch.ends - batch.starts + 1
    owner = np.repeat(np.arange(batch.size), lengths)
    marker = np.zeros(len(owner), dtype=bool)
    marker[batch.starts] = True
    marker[batch.ends] = True
    rows: list[I64] = []
    buckets: list[npt.NDArray[np.intp]] = []
    orders: list[npt.NDArray[np.intp]] = []
    b1, b2, b3 = batch.buckets
    for order, ids, valid in (
        (1, b1, ~marker),
        (2, b2, owner[:-1] == owner[1:]),
        (3, b3, owner[:-2] == owner[2:]),
    ):
        rows.append(owner[: len(ids)][valid])
        buckets.append(ids[valid])
        orders.append(np.full(int(valid.sum()), order, dtype=np.intp))
    return np.concatenate(rows), np.concatenate(buckets), np.concatenate(orders)


# -- one text in pure Python ---------------------------------------------------------------
# numpy's fixed costs (~100 array operations per call) dominate for a single short text, so
# predict() of one comment uses this exact re-statement of encode() for a batch of one.

_MARKERS = ((SARCASM, _CUE["S"]), (COMPLAINT, _CUE["CQ"]), (ASKING, _CUE["NQ"]), (QMARK, _CUE["Q"]))
_M64 = (1 << 64) - 1
_PI = int(_P)
_MIXI = int(_MIX)
_S1, _S2, _S3 = (int(salt) for salt in _SALTS)
_SHIFTI = 64 - BUCKET_BITS


def encode_one(lexicon: Lexicon, text: str, emoticons: Sequence[str]) -> tuple[list[int], list[float]]:
    """(weight-table buckets of the text's n-grams, cue row), equal to encode() of one text."""
    codes = [2, *map(ord, text[:MAX_CHARS]), 3]
    p, mix, m, shift = _PI, _MIXI, _M64, _SHIFTI
    x1 = [c * p for c in codes]
    x2 = [((a + b) * p) & m for a, b in zip(x1, codes[1:], strict=False)]
    x3 = [((a + b) * p) & m for a, b in zip(x2, codes[2:], strict=False)]
    h1 = [((x + _S1) * mix) & m for x in x1]
    h2 = [((x + _S2) * mix) & m for x in x2]
    h3 = [((x + _S3) * mix) & m for x in x3]
    buckets = [h >> shift for h in h1[1:-1]]
    buckets += [h >> shift for h in h2]
    buckets += [h >> shift for h in h3]
    get = lexicon.flag_of.get
    f1 = [get(h, 0) for h in h1]
    f2 = [get(h, 0) for h in h2]
    f3 = [get(h, 0) for h in h3]
    cues = [0.0] * len(CUES)
    flagged = [f for f in (*f1, *f2, *f3) if f]
    if flagged:
        _polar_cues_one(f1, f2, f3, cues)
        for flag, column in _MARKERS:
            cues[column] += sum(1 for f in flagged if f & flag)
    polarity = lexicon.emoticon_polarity
    for name in emoticons:
        value = polarity.get(name, 0)
        if value:
            cues[_CUE["E+" if value > 0 else "E-"]] += 1
        if name in lexicon.sarcastic_emoticons:
            cues[_CUE["S"]] += 1
    _interactions_one(cues, len(codes) - 2)
    return buckets, cues


def _interactions_one(c: list[float], length: int) -> None:
    """_interactions for one cue row held in a list."""
    col = _CUE
    pos = c[col["L+"]] + c[col["D+"]] + c[col["N+"]] + c[col["E+"]]
    neg = c[col["L-"]] + c[col["D-"]] + c[col["N-"]] + c[col["E-"]]
    sarcastic = c[col["S"]] > 0
    question = c[col["Q"]] > 0
    complaint = c[col["CQ"]] > 0
    c[col["S"]] = float(sarcastic)
    c[col["S+"]] = float(sarcastic and pos > 0)
    c[col["MIX"]] = float(pos > 0 and neg > 0)
    c[col["CQ"]] = float(complaint and question)
    c[col["CW"]] = float(complaint and not question)
    c[col["Q"]] = float(question and not complaint and neg == 0)
    c[col["Q-"]] = float(question and not complaint and neg > 0)
    c[col["NQ"]] = float(c[col["NQ"]] > 0)
    c[col["EMPTY"]] = float(length == 0)
    c[col["NONE"]] = float(pos == 0 and neg == 0 and not sarcastic and length != 0)
    for i, value in enumerate(c):
        if value > CUE_CAP:
            c[i] = CUE_CAP


def _polar_cues_one(f1: list[int], f2: list[int], f3: list[int], cues: list[float]) -> None:
    """The polar-word cues of one text from its n-gram flags (as _cue_counts does for a batch)."""
    hit3 = {j for j, f in enumerate(f3) if f & _POLAR}
    hit2raw = {j for j, f in enumerate(f2) if f & _POLAR}
    hits = [(j, 3, f3[j]) for j in hit3]
    hits += [(j, 2, f2[j]) for j in hit2raw if j not in hit3 and j - 1 not in hit3]
    hits += [
        (j, 1, f)
        for j, f in enumerate(f1)
        if f & _POLAR
        and not {j, j - 1, j - 2} & hit3
        and j not in hit2raw
        and j - 1 not in hit2raw
    ]
    if not hits:
        return
    covered = {j + offset for j, order, _f in hits for offset in range(order)}

    def boundary(i: int) -> bool:
        return i < 0 or bool(f1[i] & BOUNDARY)

    def negator(i: int) -> int:
        return int(i >= 0 and bool(f1[i] & NEGATOR) and i not in covered)

    for j, _order, flags in hits:
        polarity = 1 if flags & POS else -1
        alive = not boundary(j - 1)
        negations = negator(j - 1) if alive else 0
        degree = alive and bool(f1[j - 1] & DEGREE)
        alive = alive and not boundary(j - 2)
        if alive:
            negations += negator(j - 2)
            degree = degree or (j >= 2 and bool(f2[j - 2] & DEGREE))
        alive = alive and not boundary(j - 3)
        if alive:
            negations += negator(j - 3)
        negated = negations % 2 == 1
        final = -polarity if negated else polarity
        kind = (4 if negated else 2 if degree else 0) + (final < 0)
        cues[kind] += 1
