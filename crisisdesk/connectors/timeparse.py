"""Date/time parsing for platform payloads and imported files; results are aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

# Mainland China has no daylight saving time, so a fixed offset is exact and needs no tz database.
CHINA_TZ = timezone(timedelta(hours=8), "CST")

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_WEIBO_RE = re.compile(
    r"^\s*[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+([+-])(\d{2}):?(\d{2})\s+(\d{4})\s*$"
)
# Excel's day zero for the 1900 date system (accounts for its fictitious 29 Feb 1900).
_EXCEL_EPOCH = datetime(1899, 12, 30)
_DATE_TIME_RE = re.compile(
    r"^\s*(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:时点]\s*(\d{1,2})\s*分?(?:\s*:?\s*(\d{1,2})(?:[.,](\d{1,6}))?\s*秒?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)


def parse_weibo_time(value: str) -> datetime:
    """Parse Weibo's "Wed Jun 01 00:50:25 +0800 2011" without depending on the C locale."""
    match = _WEIBO_RE.match(value)
    if not match:
        raise ValueError(f"unrecognised Weibo time: {value!r}")
    mon, day, hh, mm, ss, sign, oh, om, year = match.groups()
    month = _MONTHS.get(mon.lower())
    if month is None:
        raise ValueError(f"unrecognised month in Weibo time: {value!r}")
    offset = timedelta(hours=int(oh), minutes=int(om))
    tz = timezone(offset if sign == "+" else -offset)
    return datetime(int(year), month, int(day), int(hh), int(mm), int(ss), tzinfo=tz).astimezone(
        UTC
    )


def from_unix(value: float) -> datetime:
    """Unix seconds, or milliseconds when the number is too large to be seconds, to UTC."""
    seconds = value / 1000.0 if abs(value) >= 1e11 else value
    return datetime.fromtimestamp(seconds, tz=UTC)


def from_excel_serial(value: float) -> datetime:
    """An Excel serial date (1900 system), read as local China time, to UTC."""
    naive = _EXCEL_EPOCH + timedelta(days=value)
    return naive.replace(tzinfo=CHINA_TZ).astimezone(UTC)


def parse_flexible(
    value: object, *, local_tz: timezone = CHINA_TZ, now: datetime | None = None
) -> datetime:
    """Parse the many ways exports write a time; naive times are local_tz; raises ValueError."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=local_tz)
        return aware.astimezone(UTC)
    if isinstance(value, bool):
        raise ValueError("布尔值不是时间")
    if isinstance(value, (int, float)):
        return _from_number(float(value))
    text = str(value).strip()
    if not text:
        raise ValueError("时间为空")
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return _from_number(float(text))
    try:
        return parse_weibo_time(text)
    except ValueError:
        pass
    match = _DATE_TIME_RE.match(text)
    if not match:
        raise ValueError(f"无法识别的时间格式：{text[:40]}")
    year_s, mon_s, day_s, hh, mi, ss, frac, tz_s = match.groups()
    reference = (now or datetime.now(tz=UTC)).astimezone(local_tz)
    year = int(year_s) if year_s else reference.year
    micro = int((frac or "0").ljust(6, "0")[:6])
    tz: timezone = local_tz
    if tz_s:
        if tz_s == "Z":
            tz = UTC
        else:
            digits = tz_s.replace(":", "")
            off = timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5]))
            tz = timezone(off if digits[0] == "+" else -off)
    result = datetime(
        year, int(mon_s), int(day_s), int(hh or 0), int(mi or 0), int(ss or 0), micro, tzinfo=tz
    )
    # "05-01 12:00" has no year: it is the latest such date not in the future.
    if not year_s and result > reference + timedelta(days=1):
        result = result.replace(year=year - 1)
    return result.astimezone(UTC)


def _from_number(number: float) -> datetime:
    # Excel serials for 1990-2100 fall in 30,000-75,000; unix seconds for the same years are far larger.
    if 20000 <= number < 80000:
        return from_excel_serial(number)
    if number >= 1e8:
        return from_unix(number)
    raise ValueError(f"无法把数字 {number:g} 识别为时间")
