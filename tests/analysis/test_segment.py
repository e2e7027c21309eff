"""Segmenter: domain dictionary, user words, the frequency cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crisisdesk.analysis import lexicon, segment, table_cache
from crisisdesk.analysis.lexicon import build_jieba_tokenizer, domain_entries
from crisisdesk.analysis.segment import Segmenter


def test_domain_words_are_single_tokens() -> None:
    tokens = Segmenter().cut("12345热线说一网通办系统升级,不动产登记暂停")
    for word in ("12345热线", "一网通办", "不动产登记"):
        assert word in tokens


def test_user_words_before_and_after_first_use() -> None:
    seg = Segmenter(["蓝天街道"])
    assert "蓝天街道" in seg.cut("蓝天街道的路灯坏了")
    seg.add_words(["晨曦花园小区"])
    assert "晨曦花园小区" in seg.cut("晨曦花园小区停水三天")


def test_user_words_stay_in_their_own_segmenter() -> None:
    Segmenter(["青禾湾社区"]).cut("青禾湾社区")
    assert "青禾湾社区" not in Segmenter().cut("青禾湾社区")


def test_whitespace_dropped_punctuation_kept() -> None:
    assert Segmenter().cut("你好 ,世界") == ["你好", ",", "世界"]
    assert Segmenter().cut("") == []


def test_domain_dictionary_is_well_formed() -> None:
    entries = domain_entries()
    words = [w for w, _, _ in entries]
    assert len(words) >= 300
    assert len(words) == len(set(words))
    assert all(w == w.strip().lower() for w in words)


def test_cache_is_written_to_the_cache_dir_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_cache, "_cache_root", lambda: tmp_path)
    built: list[int] = []

    def build() -> tuple[dict[str, int], dict[str, int]]:
        built.append(1)
        return {"政务": 5, "政": 0, "a\nb": 1}, {"total": 5}

    table, extra = table_cache.cached_table("t", "k1", "q", build)
    # A key with a line break cannot be stored, so it is left out from the start.
    assert table == {"政务": 5, "政": 0} and extra == {"total": 5}
    again, _ = table_cache.cached_table("t", "k1", "q", build)
    assert again == table
    assert built == [1]
    table_cache.cached_table("t", "k2", "q", build)  # a new source key rebuilds
    assert built == [1, 1]
    assert [p.name for p in tmp_path.iterdir()] == ["t.bin"]


@pytest.mark.parametrize("damage", [b"", b"not json\n", b'{"format": 1}\n', b"\xff" * 10])
def test_damaged_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    monkeypatch.setattr(table_cache, "_cache_root", lambda: tmp_path)
    (tmp_path / "t.bin").write_bytes(damage)
    table, _ = table_cache.cached_table("t", "k", "d", lambda: ({"词": 1.5}, {}))
    assert table == {"词": 1.5}
    assert table_cache.cached_table("t", "k", "d", lambda: ({}, {}))[0] == {"词": 1.5}


def test_truncated_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_cache, "_cache_root", lambda: tmp_path)
    table_cache.cached_table("t", "k", "q", lambda: ({"一": 1, "二": 2}, {}))
    path = tmp_path / "t.bin"
    path.write_bytes(path.read_bytes()[:-3])
    assert table_cache.cached_table("t", "k", "q", lambda: ({"三": 3}, {}))[0] == {"三": 3}


def test_unwritable_cache_dir_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(table_cache, "_cache_root", lambda: blocker / "sub")
    assert table_cache.cached_table("t", "k", "q", lambda: ({"词": 1}, {}))[0] == {"词": 1}


def test_nothing_is_written_next_to_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "_table", None)
    Segmenter().cut("政务服务")
    package_dir = Path(segment.__file__).parent
    assert not [p for p in os.listdir(package_dir) if p.endswith((".cache", ".bin"))]
    assert (Path(os.environ["CRISISDESK_HOME"]) / "cache" / "analysis" / "lexicon.bin").exists()


def test_same_tokens_as_jieba_with_the_same_dictionary() -> None:
    import csv
    import random

    from crisisdesk.analysis.normalize import normalize

    texts = [
        "为什么12345热线打了三次还没修好?",
        "王小明和李建国在青禾湾社区领了居住证",
        "ios版app闪退,v2.3.1还是不行,客服电话400-800-1234",
        "东城区 长安街 路面塌陷 3.5米",
        "哈哈哈哈哈哈哈",
        "c++和python3都会,q币充值了50%",
    ]
    reviews = Path("/work/shared/data/sentiment/waimai_10k.csv")
    if reviews.exists():
        with reviews.open(encoding="utf-8", newline="") as f:
            rows = [r[1] for r in csv.reader(f) if len(r) >= 2][1:]
        texts += random.Random(3).sample(rows, 300)
    reference = build_jieba_tokenizer()
    ours = Segmenter()
    for text in texts:
        norm = normalize(text).text
        expected = [t for t in reference.lcut(norm) if not t.isspace()]
        assert ours.cut(norm) == expected, norm


def test_hmm_matches_jieba_finalseg() -> None:
    from jieba import finalseg

    from crisisdesk.analysis import hmm

    texts = ["王小明李建国", "青禾湾", "张三丰到此一游abc12.5%", "", "的的的", "蚌埠住了"]
    reviews = Path("/work/shared/data/sentiment/waimai_10k.csv")
    if reviews.exists():
        import re

        text = reviews.read_text(encoding="utf-8")[:200_000]
        texts += re.findall("[\u4e00-\u9fd5]+", text)[:3000]
    for text in texts:
        assert hmm.cut(text) == list(finalseg.cut(text)), text


def test_cold_path_does_not_import_jieba() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from crisisdesk.analysis.segment import Segmenter\n"
        "Segmenter().cut('为什么12345热线还没修好')\n"
        "print('jieba' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def test_word_table_carries_jiebas_idf() -> None:
    table = lexicon.word_table()
    log_p = lambda word: table.log_p[table.index[word]]  # noqa: E731
    assert log_p("政务服务") <= 0.0  # a word (from the domain dictionary)
    assert log_p("政务服") > 0.0  # only a prefix
    assert table.prior_df[table.index["编译"]] != table.unknown_prior  # idf.txt knows it
    assert len(table.log_p) == len(table.prior_df) == len(table.index)


def test_multi_column_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from array import array

    monkeypatch.setattr(table_cache, "_cache_root", lambda: tmp_path)
    made = table_cache.Columns(
        ["甲", "乙"], [array("d", [1.0, -3.5]), array("d", [2.0, 4.25])], {"n": 2}
    )
    first = table_cache.cached_columns("two", "k", "d", 2, lambda: made)
    again = table_cache.cached_columns("two", "k", "d", 2, lambda: table_cache.Columns([], []))
    assert first == again == made
    uneven = table_cache.Columns(["甲"], [array("d", [1.0, 2.0])])
    with pytest.raises(ValueError):
        table_cache.cached_columns("three", "k", "d", 1, lambda: uneven)
