"""The analysis process: the same readings as in-process, in order, and failure that loses nothing."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import wait
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite as sqlite_dialect

from crisisdesk.analysis.pipeline import Analyzer
from crisisdesk.analysis.process import (
    PIPE_BYTES,
    AnalysisProcess,
    AnalysisProcessError,
    decode_line,
    encode_line,
    widen_pipe,
)
from crisisdesk.analysis.spec import AnalyzerSpec
from crisisdesk.analysis.stored_forms import analysis_json, search_text, word_count
from crisisdesk.analysis.wire import decode_page, encode_page, prepare
from crisisdesk.domain import Sentiment
from crisisdesk.storage.schema import Comment

TEXTS = [
    "社保系统什么时候能恢复？等了一上午了，滨江区政务服务中心一个人都没有",
    "请问这个政策具体怎么执行？#社保#",
    "辛苦了，感谢及时通报👍",
    "",
    "又崩了？？？[怒] @滨江发布 http://t.cn/abc",
    "broken \ud800 surrogate 投诉",
    "ＦＵＬＬ　ＷＩＤＴＨ 全角 垃圾",
]
SPEC = AnalyzerSpec(
    watch_lists={"sensitive": ["垃圾", "投诉"]},
    user_words=["滨江区政务服务中心"],
    own_names=["滨江发布"],
    corrections=[("辛苦了，感谢及时通报", Sentiment.NEGATIVE)],
)


@pytest.fixture(scope="module")
def process() -> Iterator[AnalysisProcess]:
    child = AnalysisProcess()
    child.configure(SPEC).result(timeout=120)
    yield child
    child.close()


def test_readings_and_search_documents_equal_the_in_process_ones(process: AnalysisProcess) -> None:
    local = SPEC.build()
    expected = local.analyze(TEXTS)
    got = process.analyze(TEXTS).result(timeout=60)
    assert got == [prepare(a) for a in expected]
    assert [p.folded for p in got] == [search_text(t) for t in TEXTS]
    # Watch lists, the office's words and the adapted model reached the child.
    assert [h.word for h in got[4].watch_hits] == []
    assert {h.word for h in got[6].watch_hits} == {"垃圾"}
    assert "滨江区政务服务中心" in json.loads(got[0].analysis_text)["keywords"]
    assert got[2].sentiment is Sentiment.NEGATIVE


def test_requests_are_answered_in_order_and_the_statistics_grow_as_in_process() -> None:
    child = AnalysisProcess()
    local = SPEC.build()
    try:
        child.configure(SPEC)
        batches = [TEXTS[i:] for i in range(len(TEXTS))]
        futures = [child.analyze(b) for b in batches]  # all sent before any answer is read
        wait(futures, timeout=60)
        for batch, future in zip(batches, futures, strict=True):
            assert future.result() == [prepare(a) for a in local.analyze(batch)]
        assert child.idf_state() == local.idf_state()
    finally:
        child.close()


def test_a_killed_process_fails_what_is_pending_and_then_every_request() -> None:
    child = AnalysisProcess()
    child.configure(SPEC).result(timeout=120)
    pid = child.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(AnalysisProcessError):
        child.analyze(TEXTS).result(timeout=30)
    assert child.failed
    with pytest.raises(AnalysisProcessError):
        child.analyze(["再来一条"]).result(timeout=1)
    child.close()
    child.close()  # closing twice is harmless


def test_a_program_that_cannot_start_is_a_failure_not_a_crash(tmp_path: object) -> None:
    child = AnalysisProcess([str(os.path.join(str(tmp_path), "no-such-program"))])
    with pytest.raises(AnalysisProcessError):
        child.analyze(TEXTS).result(timeout=5)
    assert child.failed


def test_a_child_that_answers_nonsense_is_stopped() -> None:
    # A stand-in child that echoes its input: not an answer the client can read.
    child = AnalysisProcess([sys.executable, "-c", "import sys\nfor l in sys.stdin: print('x')"])
    with pytest.raises(AnalysisProcessError):
        child.analyze(TEXTS).result(timeout=30)
    assert child.failed
    child.close()


def test_an_answer_no_request_could_have_stops_the_reader_without_a_hang() -> None:
    # JSON with an id that is not a request's (unhashable): the reader must not die silently.
    answers = (
        "import sys\n"
        "from crisisdesk.analysis.process import encode_line\n"
        "for line in sys.stdin:\n"
        "    sys.stdout.buffer.write(encode_line({'id': [1]}))\n"
        "    sys.stdout.buffer.flush()\n"
    )
    child = AnalysisProcess([sys.executable, "-c", answers])
    with pytest.raises(AnalysisProcessError, match="无法读取"):
        child.analyze(TEXTS).result(timeout=30)
    assert child.failed and child.pid is None
    child.close()


def test_a_child_that_never_answers_is_ended_after_the_timeout() -> None:
    silent = "import sys, time\nfor l in sys.stdin: time.sleep(3600)"
    child = AnalysisProcess([sys.executable, "-c", silent])
    first, second = child.analyze(TEXTS), child.analyze(["再来一条"])
    started = child._child
    assert started is not None
    with pytest.raises(AnalysisProcessError, match="没有应答"):
        child.wait(first, timeout=0.5)
    assert started.poll() is not None  # the hung child was ended, not left running
    with pytest.raises(AnalysisProcessError):
        second.result(timeout=1)  # what was pending behind it failed too
    with pytest.raises(AnalysisProcessError):
        child.analyze(["又一条"]).result(timeout=1)
    child.close()


def test_a_line_damaged_on_the_way_is_an_error_even_if_it_still_parses() -> None:
    line = encode_line({"id": 3, "results": [["投诉电话打不通", 0.5]]})
    assert decode_line(line) == {"id": 3, "results": [["投诉电话打不通", 0.5]]}
    body = line[9:]
    damaged = [
        line.replace("打不通".encode(), "打得通".encode()),  # still valid JSON
        line.replace(b"0.5", b"0.6"),
        line[:-1],  # cut short
        line[:9] + body[:20] + body[20:] * 2,  # bytes doubled
        body,  # no checksum
        b"zzzzzzzz " + body,
    ]
    for bad in damaged:
        with pytest.raises(ValueError):
            decode_line(bad)


def test_an_unconfigured_process_says_so() -> None:
    child = AnalysisProcess()
    try:
        with pytest.raises(AnalysisProcessError, match="not configured"):
            child.analyze(TEXTS).result(timeout=60)
        assert not child.failed  # it still answers: the caller can configure it
    finally:
        child.close()


_SQLITE = sqlite_dialect.dialect()
_JSON_COLUMN = Comment.__table__.c.analysis.type.dialect_impl(_SQLITE).bind_processor(_SQLITE)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=5))
def test_wire_round_trip(texts: list[str]) -> None:
    analyzer = Analyzer(watch_lists={"w": ["投诉", "a"]})
    results = analyzer.analyze(texts)
    page = decode_page(decode_line(encode_line(encode_page(results))), len(texts))
    assert page == [prepare(result) for result in results]
    for result, back in zip(results, page, strict=True):
        assert (back.normalized, back.sentiment, back.score, back.confidence, back.intent,
                back.watch_hits, back.simhash) == (result.normalized, result.sentiment,
                result.score, result.confidence, result.intent, result.watch_hits,
                result.simhash)  # fmt: skip
        assert back.words == word_count(result.tokens)
        assert back.folded == search_text(result.text)
        # The analysis column's text is what SQLAlchemy's JSON type writes for the dict.
        assert back.analysis_text == _JSON_COLUMN(analysis_json(result))


def _with(columns: list[list[Any]], field: int, value: object) -> list[list[Any]]:
    """The columns with the second comment's field replaced by value."""
    changed = [list(c) for c in columns]
    changed[field][1] = value
    return changed


@pytest.mark.parametrize(
    "damage",
    [
        lambda cols: cols[:-1],  # a field missing
        lambda cols: [*cols, cols[0]],  # one too many
        lambda cols: [c[:1] for c in cols],  # fewer comments than texts sent
        lambda cols: [cols[0][:1], *cols[1:]],  # one column short
        lambda cols: _with(cols, 0, 7),
        lambda cols: _with(cols, 1, "furious"),
        lambda cols: _with(cols, 1, ["negative"]),
        lambda cols: _with(cols, 2, "0.5"),
        lambda cols: _with(cols, 3, None),
        lambda cols: _with(cols, 4, "venting"),
        lambda cols: _with(cols, 5, [["w", "l", "0", 1]]),
        lambda cols: _with(cols, 5, [["w", "l", 0]]),
        lambda cols: _with(cols, 5, "投诉"),
        lambda cols: _with(cols, 6, 1.5),
        lambda cols: _with(cols, 6, True),
        lambda cols: _with(cols, 7, "6"),
        lambda cols: _with(cols, 8, None),
        lambda cols: _with(cols, 9, {"not": "text"}),
        lambda cols: "not columns",
        lambda cols: {"columns": cols},
    ],
)
def test_a_damaged_page_is_an_error(damage: Callable[[Any], Any]) -> None:
    results = Analyzer(watch_lists={"w": ["投诉"]}).analyze(["投诉 一下", "再投诉一次", "谢谢"])
    columns = encode_page(results)
    assert decode_page(columns, 3) == [prepare(r) for r in results]
    with pytest.raises(ValueError):
        decode_page(damage(columns), 3)


def test_spec_from_json_skips_what_it_cannot_trust() -> None:
    spec = AnalyzerSpec.from_json(
        {
            "watch_lists": {"a": ["词", 3], 5: ["x"], "b": "not a list"},
            "user_words": ["词", None],
            "own_names": "nope",
            "idf_state": [1, 2],
            "corrections": [["文本", "negative"], ["文本2", "furious"], ["only one"], 7],
        }
    )
    assert spec == AnalyzerSpec(
        watch_lists={"a": ["词"]},
        user_words=["词"],
        corrections=[("文本", Sentiment.NEGATIVE)],
    )
    assert AnalyzerSpec.from_json(SPEC.to_json()) == SPEC
    with pytest.raises(ValueError):
        AnalyzerSpec.from_json(["not", "an", "object"])


def test_the_program_itself_serves_as_the_analysis_process() -> None:
    """What a frozen build runs (`crisisdesk --analysis-process`) answers like `-m`."""
    import crisisdesk.__main__ as entry
    from crisisdesk.analysis.process import FROZEN_FLAG

    assert entry.ANALYSIS_PROCESS_FLAG == FROZEN_FLAG
    child = AnalysisProcess([sys.executable, "-m", "crisisdesk", FROZEN_FLAG])
    try:
        child.configure(SPEC).result(timeout=120)
        [prepared] = child.analyze(["请问什么时候恢复？"]).result(timeout=60)
        assert prepared == prepare(SPEC.build().analyze(["请问什么时候恢复？"])[0])
    finally:
        child.close()


def test_the_answer_pipe_holds_several_pages_of_answers() -> None:
    """On Linux the child's answer pipe is widened so the child never waits half-way through
    writing a page's answer (the default 64 KB is less than one page's)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("pipe sizes are set on Linux only")
    import fcntl

    process = AnalysisProcess()
    try:
        process.wait(process.configure(AnalyzerSpec()))
        child = process._child
        assert child is not None and child.stdout is not None
        size = fcntl.fcntl(child.stdout.fileno(), fcntl.F_GETPIPE_SZ)
        assert size >= min(PIPE_BYTES, int(Path("/proc/sys/fs/pipe-max-size").read_text()))
        [answer] = process.wait(process.analyze(["停水三天了，什么时候恢复？"]))
        assert answer.words > 0
    finally:
        process.close()



def test_a_pipe_that_cannot_be_widened_is_left_as_it_is(tmp_path: Path) -> None:
    """Where the size cannot be set (not a pipe here), nothing is raised: answers are only
    written in parts, as on systems without pipe sizes."""
    with (tmp_path / "not-a-pipe").open("wb") as f:
        assert widen_pipe(f.fileno()) is None
