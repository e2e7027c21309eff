"""Reading a count series from CSV text (timestamp,count[,negative]) with every bad row reported."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from crisisdesk.analysis.signals.series import RegularSeries, regularize

TIME_NAMES = {"timestamp", "time", "datetime", "date", "ts", "时间", "时间戳"}
COUNT_NAMES = {"count", "value", "volume", "total", "n", "comments", "评论数", "数量"}
NEGATIVE_NAMES = {"negative", "neg", "negative_count", "负面", "负面数"}


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that could not be read, with its 1-based line number and the reason in Chinese."""

    line: int
    reason: str


@dataclass(slots=True)
class ParsedSeries:
    """The regular series read from a file and the rows that were left out."""

    series: RegularSeries | None
    bad_rows: list[BadRow] = field(default_factory=list)
    rows_read: int = 0


def parse_timestamp(text: str) -> float:
    """Unix seconds from ISO 8601 text or a Unix time (seconds, or milliseconds if that large).

    A time without a zone is read as UTC; only differences between times matter here.
    """
    raw = text.strip()
    if not raw:
        raise ValueError("时间为空")
    try:
        number = float(raw)
    except ValueError:
        number = math.nan
    if number == number:
        if not math.isfinite(number):
            raise ValueError(f"无法识别的时间“{raw}”")
        return number / 1000.0 if abs(number) >= 1e11 else number
    try:
        moment = datetime.fromisoformat(raw.replace("/", "-"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"无法识别的时间“{raw[:40]}”") from exc


def _number(text: str, what: str) -> float:
    try:
        value = float(text.strip())
    except ValueError as exc:
        raise ValueError(f"{what}“{text.strip()[:20]}”不是数字") from exc
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what}必须是非负数，收到 {text.strip()[:20]}")
    return value


def _columns(header: list[str]) -> tuple[int, int, int | None] | None:
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    if not any(n in TIME_NAMES | COUNT_NAMES | NEGATIVE_NAMES for n in names):
        return None

    def find(options: set[str], default: int | None) -> int | None:
        for i, n in enumerate(names):
            if n in options:
                return i
        return default

    t = find(TIME_NAMES, 0)
    c = find(COUNT_NAMES, 1)
    neg = find(NEGATIVE_NAMES, 2 if len(names) > 2 else None)
    assert t is not None and c is not None
    return t, c, neg


def parse_series_csv(text: str) -> ParsedSeries:
    """Read rows `timestamp,count[,negative]`; a header is optional; bad rows are listed."""
    body = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(body), delimiter=_delimiter(body))
    times: list[float] = []
    counts: list[float] = []
    negs: list[float] = []
    labels: list[str] = []
    bad: list[BadRow] = []
    seen: dict[float, int] = {}
    cols: tuple[int, int, int | None] = (0, 1, 2)
    has_negative: bool | None = None
    first = True
    for line_no, row in enumerate(reader, start=1):
        if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if first:
            first = False
            named = _columns(row)
            if named is not None:
                cols = named
                has_negative = named[2] is not None
                continue
            try:
                parse_timestamp(row[0])
            except ValueError:
                if len(row) > 1 and not _is_number(row[1]):
                    continue  # a header with names we do not know: skip it
        t_col, c_col, n_col = cols
        if has_negative is None:
            has_negative = n_col is not None and len(row) > n_col and bool(row[n_col].strip())
        try:
            if len(row) <= c_col:
                raise ValueError("列数不足（至少需要时间和数量两列）")
            ts = parse_timestamp(row[t_col])
            count = _number(row[c_col], "数量")
            neg = 0.0
            if has_negative and n_col is not None:
                if len(row) <= n_col or not row[n_col].strip():
                    raise ValueError("缺少负面数量")
                neg = _number(row[n_col], "负面数量")
                if neg > count:
                    raise ValueError(f"负面数量 {neg:g} 大于总数 {count:g}")
            if ts in seen:
                raise ValueError(f"时间与第 {seen[ts]} 行重复")
        except ValueError as exc:
            bad.append(BadRow(line_no, str(exc)))
            continue
        seen[ts] = line_no
        times.append(ts)
        counts.append(count)
        negs.append(neg)
        labels.append(row[t_col].strip())
    if len(times) < 2:
        return ParsedSeries(series=None, bad_rows=bad, rows_read=len(times))
    try:
        series = regularize(times, counts, negative=negs if has_negative else None, labels=labels)
    except ValueError as exc:
        bad.append(BadRow(0, f"时间间隔无法识别：{exc}"))
        return ParsedSeries(series=None, bad_rows=bad, rows_read=len(times))
    return ParsedSeries(series=series, bad_rows=bad, rows_read=len(times))


def _delimiter(text: str) -> str:
    """Comma unless the first lines are plainly separated by tabs or semicolons."""
    head = [line for line in text[:4096].splitlines()[:5] if line.strip()]
    for candidate in (",", "\t", ";"):
        if head and all(candidate in line for line in head):
            return candidate
    return ","


def _is_number(text: str) -> bool:
    try:
        float(text.strip())
    except ValueError:
        return False
    return True
