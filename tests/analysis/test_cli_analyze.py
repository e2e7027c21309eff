"""`crisisdesk analyze`: JSON lines and CSV out, stdin or files in, bad bytes reported."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crisisdesk.cli import main


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["analyze", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lines_from_a_file_with_bad_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "comments.txt"
    source.write_bytes(
        "\ufeff为什么还没修好？\n".encode()
        + b"\xff\xfe"
        + "政务大厅\r\n\n感谢网格员[赞]\n".encode()
    )
    watch = tmp_path / "事件.txt"
    watch.write_text("# 事件词\n政务大厅\n", encoding="utf-8")
    code, out, err = _run([str(source), "--watch", str(watch)], capsys)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 4
    assert list(records[0]) == [
        "text",
        "sentiment",
        "score",
        "confidence",
        "intent",
        "keywords",
        "watch_hits",
        "tokens",
    ]
    assert records[0]["text"] == "为什么还没修好？" and records[0]["intent"] == "complaint"
    assert records[1]["text"] == "\ufffd\ufffd政务大厅"
    assert records[1]["watch_hits"] == [{"word": "政务大厅", "list": "事件", "start": 0, "end": 4}]
    assert records[2]["tokens"] == [] and records[2]["intent"] == "other"
    assert records[3]["intent"] == "praise"
    assert "第 2 行" in err and "UTF-8" in err
    assert "\\u" not in out  # ensure_ascii=False


def test_csv_lists_are_json_and_formulas_are_defused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "c.txt"
    source.write_text('=HYPERLINK("x") 停水\n请问几点上班\n', encoding="utf-8")
    code, out, _ = _run(["--format", "csv", str(source)], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["text"].startswith("'=")
    assert json.loads(rows[1]["tokens"]) == ["请问", "几点", "上班"]
    assert rows[1]["intent"] == "question"


def test_missing_file_is_a_user_facing_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run([str(tmp_path / "none.txt")], capsys)
    assert code == 2 and "无法打开文件" in err


def test_user_words_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    words = tmp_path / "words.txt"
    words.write_text("青禾湾社区\n", encoding="utf-8")
    source = tmp_path / "c.txt"
    source.write_text("青禾湾社区停电\n", encoding="utf-8")
    _, out, _ = _run([str(source), "--user-words", str(words)], capsys)
    assert "青禾湾社区" in json.loads(out)["tokens"]


def test_stdin_in_a_fresh_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "crisisdesk", "analyze"],
        input="请问社保卡怎么补办？😀\n".encode(),
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    )
    record = json.loads(done.stdout.decode("utf-8"))
    assert record["intent"] == "question" and record["text"].endswith("😀")
