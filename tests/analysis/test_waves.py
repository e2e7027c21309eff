"""Near-duplicate fingerprints and copy-paste wave grouping."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.analysis.normalize import normalize
from crisisdesk.analysis.segment import Segmenter
from crisisdesk.analysis.waves import (
    WaveAssignment,
    WaveDetector,
    fingerprint,
    fingerprint_many,
    hamming,
    to_signed,
)

T0 = datetime(2026, 11, 21, 8, 0, 0)
SEG = Segmenter()

TEMPLATE = (
    "强烈支持市政府的整治决定，这次老旧小区改造工作推进及时、措施得力，"
    "充分体现了为民办实事的担当，我们全体居民都非常满意，希望继续保持，为家乡的发展点赞！"
)


def fp(text: str) -> int:
    return fingerprint(SEG.cut(normalize(text).text))


def test_signed_64_bit() -> None:
    values = [fp(t) for t in ("政务大厅排队太久", "感谢网格员", TEMPLATE, "a b c d e f")]
    assert all(-(2**63) <= v < 2**63 for v in values)
    assert to_signed(2**64 - 1) == -1 and to_signed(5) == 5
    assert fp("") == 0 and fp("😀😀") == 0 and fp("!!!") == 0


def test_batch_equals_single() -> None:
    texts = ["政务大厅排队太久", "", TEMPLATE, "感谢网格员"]
    tokens = [SEG.cut(normalize(t).text) for t in texts]
    assert fingerprint_many(tokens) == [fingerprint(t) for t in tokens]
    assert fingerprint_many([]) == []


@pytest.mark.parametrize(
    "variant",
    [
        TEMPLATE.replace("，", ",").replace("！", "!!!"),  # punctuation
        TEMPLATE + "👍👍[赞]",  # emoji and platform emoticon
        "  " + TEMPLATE.replace("、", " ") + "\u200b",  # spacing, invisible characters
        "強烈支持市政府的整治決定，" + TEMPLATE[13:],  # traditional characters
        TEMPLATE + "//@某网友:转发",  # reposted
    ],
)
def test_cosmetic_variants_have_the_same_fingerprint(variant: str) -> None:
    assert fp(variant) == fp(TEMPLATE)


def test_one_word_changed_mostly_stays_within_three_bits() -> None:
    # The fingerprint is probabilistic: each changed word moves a bit with probability
    # (1 - J) / 2, so most, not all, one-word variants of a 30-word comment stay within 3.
    tokens = SEG.cut(normalize(TEMPLATE).text)
    base = fingerprint(tokens)
    positions = [i for i, t in enumerate(tokens) if t.isalnum()]
    distances = []
    for i in positions:
        variant = [*tokens[:i], "某某", *tokens[i + 1 :]]
        distances.append(hamming(fingerprint(variant), base))
    assert len(positions) >= 25
    assert sum(d <= 3 for d in distances) >= 0.8 * len(distances)


def test_realistic_one_word_variants() -> None:
    for variant in (
        TEMPLATE.replace("全体居民", "全体业主"),
        TEMPLATE.replace("家乡", "城市"),
    ):
        assert hamming(fp(variant), fp(TEMPLATE)) <= 3


def test_unrelated_comments_are_far_apart() -> None:
    other = "小区门口的路灯坏了三个月了还没人来修，打了好几次电话都没有回应"
    assert hamming(fp(other), fp(TEMPLATE)) > 10


def test_wave_of_variants_from_different_authors() -> None:
    det = WaveDetector()
    first = det.add(1, "user_a", fp(TEMPLATE), T0)
    assert first == WaveAssignment(1, 1, 1)
    variants = [
        TEMPLATE + "👍",
        TEMPLATE.replace("，", ","),
        TEMPLATE.replace("全体居民", "全体业主"),
        TEMPLATE.replace("家乡", "城市"),
    ]
    for n, text in enumerate(variants, start=2):
        got = det.add(n, f"user_{n}", fp(text), T0 + timedelta(seconds=n))
        assert got == WaveAssignment(1, n, n)
    other = det.add(99, "user_z", fp("请问社保卡丢了怎么补办"), T0)
    assert other == WaveAssignment(99, 1, 1)


def test_same_author_counts_once_in_distinct_authors() -> None:
    det = WaveDetector()
    h = fp(TEMPLATE)
    det.add(1, "a", h, T0)
    assert det.add(2, "a", h, T0) == WaveAssignment(1, 2, 1)
    assert det.add(3, "b", h, T0) == WaveAssignment(1, 3, 2)


def test_eviction_slides_the_window() -> None:
    det = WaveDetector()
    h = fp(TEMPLATE)
    for i in range(5):
        det.add(i + 1, f"u{i}", h, T0 + timedelta(minutes=i))
    assert len(det) == 5
    assert det.evict_before(T0 + timedelta(minutes=3)) == 3
    assert len(det) == 2
    assert det.add(10, "u9", h, T0 + timedelta(minutes=9)) == WaveAssignment(1, 3, 3)
    det.evict_before(T0 + timedelta(hours=1))
    assert len(det) == 0
    assert det._prints == {} and det._buckets == {}
    assert det.add(11, "u1", h, T0 + timedelta(hours=2)) == WaveAssignment(11, 1, 1)


def test_empty_fingerprint_forms_no_wave() -> None:
    det = WaveDetector()
    assert det.add(1, "a", 0, T0) == WaveAssignment(1, 1, 1)
    assert det.add(2, "b", 0, T0) == WaveAssignment(2, 1, 1)
    assert len(det) == 0


def test_bucketed_lookup_scales() -> None:
    det = WaveDetector()
    import random

    rng = random.Random(7)
    for i in range(20_000):
        det.add(i + 1, f"u{i}", to_signed(rng.getrandbits(64)), T0)
    assert max(len(b) for b in det._buckets.values()) < 10
    assert len(det._buckets) > 60_000


def test_rejects_distances_the_buckets_cannot_guarantee() -> None:
    with pytest.raises(ValueError):
        WaveDetector(max_distance=4)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(-(2**63), 2**63 - 1), st.sampled_from("abc")), max_size=40))
def test_any_fingerprints_keep_the_state_consistent(items: list[tuple[int, str]]) -> None:
    det = WaveDetector()
    for n, (value, author) in enumerate(items):
        got = det.add(n + 1, author, value, T0 + timedelta(seconds=n))
        assert 1 <= got.distinct_authors <= got.size
    kept = [i for i in items if i[0] != 0]
    assert len(det) == len(kept)
    det.evict_before(T0 + timedelta(seconds=len(items)))
    assert len(det) == 0 and det._prints == {} and det._buckets == {}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=10))
def test_any_unicode_fingerprints(texts: list[str]) -> None:
    tokens = [SEG.cut(normalize(t).text) for t in texts]
    values = fingerprint_many(tokens)
    assert len(values) == len(texts)
    assert all(-(2**63) <= v < 2**63 for v in values)


def test_a_huge_wave_keeps_its_buckets_bounded_and_stays_one_wave() -> None:
    from datetime import UTC, datetime, timedelta

    from crisisdesk.analysis import Analyzer

    base = "社保缴费系统从早上就登不上去今天是最后一天逾期了算谁的请尽快给个说法"
    texts = [f"{base} 第{i}位网友" for i in range(3000)]
    results = Analyzer().analyze(texts)
    detector = WaveDetector()
    t0 = datetime(2026, 11, 21, tzinfo=UTC)
    waves = [
        detector.add(i, f"author{i}", r.simhash, t0 + timedelta(seconds=i)).wave_key
        for i, r in enumerate(results)
    ]
    assert max(len(b) for b in detector._buckets.values()) <= WaveDetector.BUCKET_CAP * 4
    biggest = max(set(waves), key=waves.count)
    assert waves.count(biggest) >= 0.9 * len(waves)


@pytest.mark.parametrize("seed", range(8))
def test_long_buckets_scanned_in_numpy_find_what_a_loop_finds(seed: int) -> None:
    """Many fingerprints that share a block but are not near each other (a campaign's
    numbered copies) make long buckets, scanned in numpy: every comment joins the same wave
    as with the plain loop, through filings and evictions alike."""
    import random

    from crisisdesk.analysis import waves as waves_module

    rng = random.Random(seed)
    shared = rng.getrandbits(16)
    values = []
    for _ in range(400):
        other = rng.getrandbits(48)
        if values and rng.random() < 0.3:  # near an earlier one: 1-3 bits flipped
            other = (values[rng.randrange(len(values))] >> 16) & (2**48 - 1)
            for bit in rng.sample(range(16, 64), rng.randint(1, 4)):
                other ^= 1 << (bit - 16)
        values.append(((other << 16) | shared) - (2**63 if rng.random() < 0.5 else 0))
    t0 = datetime(2026, 11, 21)

    def run(vector_from: int) -> list[int]:
        old = waves_module._Bucket.VECTOR_FROM
        waves_module._Bucket.VECTOR_FROM = vector_from
        try:
            detector = WaveDetector()
            keys = []
            for i, value in enumerate(values):
                if i % 97 == 96:  # the window slides: buckets lose entries, arrays rebuild
                    detector.evict_before(t0 + timedelta(seconds=i - 150))
                got = detector.add(i + 1, f"a{i % 7}", value or 1, t0 + timedelta(seconds=i))
                keys.append(got.wave_key)
            assert max(len(b) for b in detector._buckets.values()) > 48
            return keys
        finally:
            waves_module._Bucket.VECTOR_FROM = old

    assert run(10**9) == run(1) == run(48)
