"""`crisisdesk alerts backtest`: CSV in, `timestamp,level,rule,value,baseline` out, no database."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from crisisdesk.cli import main


def _write_series(path: Path, *, surge_at: int | None, negative: bool = False) -> list[str]:
    rng = np.random.default_rng(3)
    n = 9 * 288
    hours = (np.arange(n) % 288) / 12.0
    mean = 10.0 + 15.0 * np.exp(-0.5 * ((hours - 14.0) / 3.0) ** 2)
    if surge_at is not None:
        mean[surge_at : surge_at + 24] += 90.0
    counts = rng.poisson(mean)
    stamps = [f"{1_767_225_600 + 300 * i}" for i in range(n)]
    lines = ["timestamp,count,negative" if negative else "timestamp,count"]
    for i, (t, c) in enumerate(zip(stamps, counts.tolist(), strict=True)):
        if negative:
            neg = c if surge_at is not None and surge_at <= i < surge_at + 24 else c // 10
            lines.append(f"{t},{c},{neg}")
        else:
            lines.append(f"{t},{c}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return stamps


def test_backtest_prints_the_alerts_of_the_default_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    series = tmp_path / "s.csv"
    surge = 8 * 288 + 150
    stamps = _write_series(series, surge_at=surge)
    assert main(["alerts", "backtest", "--series", str(series)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "timestamp,level,rule,value,baseline"
    rows = [line.split(",") for line in out[1:]]
    assert rows and all(len(r) == 5 for r in rows)
    first = rows[0]
    assert first[0] in stamps[surge : surge + 3]  # the input's own timestamp text
    assert first[1] in {"blue", "yellow", "orange", "red"} and first[2] == "spike"
    assert float(first[3]) > float(first[4]) > 0


def test_backtest_one_rule_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    series, out = tmp_path / "s.csv", tmp_path / "alerts.csv"
    _write_series(series, surge_at=8 * 288 + 150, negative=True)
    assert (
        main(
            [
                "alerts",
                "backtest",
                "--series",
                str(series),
                "--rule",
                "negative_share",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "timestamp,level,rule,value,baseline"
    assert lines[1:] and all(line.split(",")[2] == "negative_share" for line in lines[1:])
    assert "已写入" in capsys.readouterr().err


def test_calm_series_gives_only_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    series = tmp_path / "calm.csv"
    _write_series(series, surge_at=None)
    assert main(["alerts", "backtest", "--series", str(series), "--rule", "spike"]) == 0
    assert capsys.readouterr().out.splitlines() == ["timestamp,level,rule,value,baseline"]


def test_bad_rows_are_reported_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    series = tmp_path / "bad.csv"
    series.write_text(
        "timestamp,count\n2026-01-01T00:00:00,3\nnot-a-time,4\n"
        "2026-01-01T00:05:00,abc\n2026-01-01T00:10:00,5\n",
        encoding="utf-8",
    )
    assert main(["alerts", "backtest", "--series", str(series)]) == 0
    err = capsys.readouterr().err
    assert "第 3 行" in err and "第 4 行" in err


def test_unusable_files_and_unknown_rules_fail_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("timestamp,count\n", encoding="utf-8")
    assert main(["alerts", "backtest", "--series", str(empty)]) == 2
    assert "不足两行" in capsys.readouterr().err
    assert main(["alerts", "backtest", "--series", str(tmp_path / "missing.csv")]) == 2
    assert "无法读取" in capsys.readouterr().err
    ok = tmp_path / "ok.csv"
    ok.write_text("0,1\n60,2\n120,3\n", encoding="utf-8")
    assert main(["alerts", "backtest", "--series", str(ok), "--rule", "nonesuch"]) == 2
    assert "spike" in capsys.readouterr().err


def test_evaluate_list_and_ack_on_a_workspace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime

    from crisisdesk.storage.db import open_database
    from crisisdesk.storage.schema import Operator, Wave

    url = "sqlite:///" + str(tmp_path / "x.sqlite3")
    now = datetime.now(UTC)
    db = open_database(url)
    with db.session() as s:
        s.add(Operator(username="li", display_name="李明", roles=["crisis_lead"]))
        s.add(
            Wave(
                simhash=5,
                representative_text="统一口径的评论",
                size=20,
                distinct_authors=12,
                first_seen=now,
                last_seen=now,
            )
        )
    db.dispose()
    assert main(["alerts", "evaluate", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "疑似水军" in out and "当前预警等级：" in out
    assert main(["alerts", "list", "--db", url, "--status", "open"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 1 and listed[0].startswith("#1\t")
    assert main(["alerts", "ack", "1", "--note", "已核实", "--as", "li", "--db", url]) == 0
    assert "已确认预警 #1" in capsys.readouterr().out
    assert main(["alerts", "ack", "99", "--as", "li", "--db", url]) == 2
    assert "不存在" in capsys.readouterr().err
    assert main(["incidents", "crisis-mode", "start", "--db", url]) == 2
    assert "--as" in capsys.readouterr().err
