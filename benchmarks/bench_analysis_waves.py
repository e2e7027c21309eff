"""Copy-paste wave detection: fingerprint recall against classic SimHash, and WaveDetector speed.

Recall: real comments (the shared review corpus; synthetic comments when it is absent) with
one word replaced by another word of the corpus; a variant is caught when its fingerprint is
within 3 bits of the original. Measured for the shipped one-bit MinHash fingerprint and, as
the baseline, a classic 64-bit SimHash over the same words, by comment length. False
matches: pairs of distinct comments within 3 bits. Speed: WaveDetector.add with its bucketed
lookup beside a linear scan of the window, at 20,000 comments in the window.

Run: .venv/bin/python benchmarks/bench_analysis_waves.py [--quick]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis_comments import comments  # noqa: E402

from crisisdesk.analysis.normalize import normalize  # noqa: E402
from crisisdesk.analysis.segment import Segmenter  # noqa: E402
from crisisdesk.analysis.waves import (  # noqa: E402
    WaveDetector,
    fingerprint_many,
    fingerprint_tokens,
    hamming,
    to_signed,
)

REVIEWS = Path("/work/shared/data/sentiment/waimai_10k.csv")
BANDS = ((5, 10), (10, 20), (20, 40), (40, 80))


def classic_simhash(tokens: list[str]) -> int:
    """Charikar's SimHash over the same words, term-frequency weighted (the baseline)."""
    sums = [0] * 64
    for token in fingerprint_tokens(tokens):
        digest = hashlib.blake2b(token.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        for bit in range(64):
            sums[bit] += 1 if value >> bit & 1 else -1
    return to_signed(sum(1 << bit for bit in range(64) if sums[bit] > 0))


def _texts(limit: int) -> tuple[str, list[str]]:
    if REVIEWS.exists():
        with REVIEWS.open(encoding="utf-8", newline="") as f:
            rows = [row[1] for row in csv.reader(f) if len(row) >= 2][1:]
        return "shared review corpus", rows[:limit]
    return "synthetic comments", comments(limit)


def recall(token_lists: list[list[str]], rng: random.Random, per_band: int) -> bool:
    """Print the share of one-word variants caught, ours against SimHash, per length band."""
    vocabulary = [t for tokens in token_lists for t in fingerprint_tokens(tokens)]
    better = True
    for low, high in BANDS:
        chosen = [t for t in token_lists if low <= len(fingerprint_tokens(t)) < high][:per_band]
        if not chosen:
            continue
        variants = []
        for tokens in chosen:
            positions = [i for i, t in enumerate(tokens) if t.isalnum()]
            variant = list(tokens)
            variant[rng.choice(positions)] = rng.choice(vocabulary)
            variants.append(variant)
        ours = fingerprint_many(chosen)
        ours_v = fingerprint_many(variants)
        caught = sum(hamming(a, b) <= 3 for a, b in zip(ours, ours_v, strict=True)) / len(chosen)
        base = sum(
            hamming(classic_simhash(a), classic_simhash(b)) <= 3
            for a, b in zip(chosen, variants, strict=True)
        ) / len(chosen)
        better &= caught >= base
        print(
            f"one-word variants caught, {low}-{high - 1} words ({len(chosen)} comments): "
            f"{caught:.0%} (target >= SimHash baseline: {base:.0%}) {'PASS' if caught >= base else 'FAIL'}"
        )
    return better


def false_matches(token_lists: list[list[str]], limit: int) -> bool:
    """Print the share of distinct-comment pairs within 3 bits, ours against SimHash."""
    distinct = list(
        {" ".join(fingerprint_tokens(t)): t for t in token_lists if len(t) >= 3}.values()
    )
    distinct = distinct[:limit]

    def rate(values: list[int]) -> float:
        array = np.array(values, dtype=np.int64).view(np.uint64)
        close = pairs = 0
        for i in range(len(array) - 1):
            xor = array[i] ^ array[i + 1 :]
            bits = np.unpackbits(xor.view(np.uint8).reshape(-1, 8), axis=1).sum(axis=1)
            close += int((bits <= 3).sum())
            pairs += len(bits)
        return close / max(pairs, 1)

    ours = rate(fingerprint_many(distinct))
    base = rate([classic_simhash(t) for t in distinct])
    ok = ours <= max(base * 2, 1e-5)
    print(
        f"false matches among {len(distinct)} distinct comments: {ours:.6%} of pairs "
        f"(target <= 2x SimHash baseline: {base:.6%}) {'PASS' if ok else 'FAIL'}"
    )
    return ok


def detector_speed(count: int, rng: random.Random) -> bool:
    """Print WaveDetector.add rate at ``count`` comments in the window beside a linear scan."""
    values = [to_signed(rng.getrandbits(64)) for _ in range(count)]
    start_time = datetime(2026, 11, 21, 8, 0)
    detector = WaveDetector()
    began = time.perf_counter()
    for i, value in enumerate(values):
        detector.add(i + 1, f"u{i % 977}", value, start_time + timedelta(seconds=i))
    ours = count / (time.perf_counter() - began)

    # Fresh fingerprints: like most new comments, they match nothing, so the scan is full.
    probe = [to_signed(rng.getrandbits(64)) for _ in range(200)]
    began = time.perf_counter()
    for value in probe:
        for other in values:
            if hamming(value, other) <= 3:
                break
    linear = len(probe) / (time.perf_counter() - began)
    ok = ours >= 10 * linear
    print(
        f"wave detector: {ours:.0f} comments/s with {count} in the window "
        f"(target >= 10x linear scan = {10 * linear:.0f}/s; linear scan: {linear:.0f}/s) "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer comments")
    args = parser.parse_args()
    rng = random.Random(20261121)
    label, texts = _texts(4_000 if args.quick else 10_000)
    segmenter = Segmenter()
    token_lists = [segmenter.cut(normalize(t).text) for t in texts]
    print(f"corpus: {label}, {len(texts)} comments")
    results = [
        recall(token_lists, rng, 150 if args.quick else 400),
        false_matches(token_lists, 1_500 if args.quick else 3_000),
        detector_speed(5_000 if args.quick else 20_000, rng),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
