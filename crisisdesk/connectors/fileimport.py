"""Import comment lists exported from platform dashboards: CSV (UTF-8/BOM/GB18030/UTF-16), XLSX, JSON."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from crisisdesk.connectors.base import RemoteComment, RemotePost
from crisisdesk.connectors.timeparse import parse_flexible
from crisisdesk.errors import InputFileError

# field -> header spellings seen in Weibo/WeChat/Douyin dashboard exports and hand-made sheets.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "text": (
        "评论内容",
        "留言内容",
        "内容",
        "评论",
        "留言",
        "正文",
        "comment",
        "content",
        "text",
        "message",
    ),
    "created_at": (
        "评论时间",
        "留言时间",
        "发布时间",
        "创建时间",
        "时间",
        "日期",
        "created_at",
        "create_time",
        "time",
        "date",
        "datetime",
        "timestamp",
    ),
    "author_name": (
        "用户昵称",
        "昵称",
        "用户名",
        "评论者",
        "评论人",
        "留言人",
        "作者",
        "author",
        "nickname",
        "nick_name",
        "screen_name",
        "username",
        "user",
        "name",
    ),
    "author_id": ("用户ID", "用户id", "用户编号", "UID", "openid", "user_id", "author_id", "uid"),
    "like_count": ("点赞数", "点赞", "赞", "获赞", "likes", "like_count", "digg_count", "like"),
    "external_id": ("评论ID", "评论id", "留言ID", "留言id", "评论编号", "comment_id", "id"),
    "post_title": (
        "所属内容",
        "作品标题",
        "文章标题",
        "视频标题",
        "微博内容",
        "原微博",
        "所属作品",
        "所属文章",
        "标题",
        "post",
        "post_title",
        "title",
        "article",
    ),
    "reply_text": ("回复内容", "作者回复", "官方回复", "reply", "reply_text", "reply_content"),
}
FIELD_LABELS = {
    "text": "评论内容",
    "created_at": "评论时间",
    "author_name": "用户昵称",
    "author_id": "用户ID",
    "like_count": "点赞数",
    "external_id": "评论ID",
    "post_title": "所属内容",
    "reply_text": "回复内容",
}
REQUIRED = ("text", "created_at")
PROGRESS_EVERY = 1000


def _norm(header: str) -> str:
    return re.sub(r"[\s_\-（）()：:]+", "", header).lower()


@dataclass
class ColumnMapping:
    """Which file column feeds which comment field (field -> header); the user may correct it."""

    columns: dict[str, str] = field(default_factory=dict)

    def missing(self) -> list[str]:
        """Required fields with no column."""
        return [f for f in REQUIRED if not self.columns.get(f)]


def detect_mapping(headers: Sequence[str]) -> ColumnMapping:
    """Guess the mapping from header names (exact alias first, then an alias inside the header)."""
    normed = {_norm(h): h for h in headers if h}
    used: set[str] = set()
    columns: dict[str, str] = {}
    for passes in ("exact", "contains"):
        for name, aliases in HEADER_ALIASES.items():
            if name in columns:
                continue
            for alias in aliases:
                key = _norm(alias)
                hits = [
                    h for n, h in normed.items() if (n == key if passes == "exact" else key in n)
                ]
                hits = [h for h in hits if h not in used]
                # "contains" only for aliases long enough not to match by accident ("id", "赞").
                if hits and (
                    passes == "exact" or (len(key) >= 2 and not key.isascii()) or len(key) >= 4
                ):
                    columns[name] = hits[0]
                    used.add(hits[0])
                    break
    return ColumnMapping(columns)


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row that was not imported: its line (CSV/XLSX row; JSON record number) and why."""

    line: int
    reason: str


@dataclass
class ImportResult:
    """Comments read from a file, the posts they belong to, and the rows that were skipped."""

    comments: list[RemoteComment]
    bad_rows: list[BadRow]
    posts: list[RemotePost] = field(default_factory=list)
    encoding: str = ""


@dataclass
class Preview:
    """The first rows of a file as the mapping would read them."""

    headers: list[str]
    mapping: ColumnMapping
    rows: list[dict[str, str]]
    encoding: str


@dataclass
class _Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str


# -- reading files -------------------------------------------------------------------------------


def _fail(path: Path, message: str, hint: str = "") -> InputFileError:
    return InputFileError(f"无法读取文件“{path.name}”：{message}", hint=hint)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise _fail(path, "文件编码无法识别", "请另存为 UTF-8 编码的 CSV 后再导入。") from exc


def _read_csv(path: Path) -> _Table:
    text, encoding = _decode(path, path.read_bytes())
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise _fail(path, "文件是空的") from exc
    except csv.Error as exc:
        raise _fail(path, f"CSV 格式有误（{exc}）") from exc

    def rows() -> Iterator[tuple[int, list[Any]]]:
        while True:
            # Report the line a record starts on, as a text editor shows it.
            start = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield start, [_CsvBroken(str(exc))]
                continue
            if any(v.strip() for v in values):
                yield start, list(values)

    return _Table(headers, rows(), encoding)


class _CsvBroken:
    """Marks a CSV record the csv module could not parse."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _read_xlsx(path: Path) -> _Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _fail(
            path, f"不是有效的 Excel 文件（{type(exc).__name__}）", "请确认文件为 .xlsx 格式。"
        ) from exc
    sheet = book.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    headers: list[str] = []
    header_line = 0
    for number, row in enumerate(it, 1):
        if any(v not in (None, "") for v in row):
            headers, header_line = [str(v).strip() if v is not None else "" for v in row], number
            break
    if not headers:
        book.close()
        raise _fail(path, "第一个工作表是空的")

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(it, header_line + 1):
                if any(v not in (None, "") for v in row):
                    yield number, list(row)
        finally:
            book.close()

    return _Table(headers, rows(), "xlsx")


def _read_json(path: Path) -> _Table:
    text, encoding = _decode(path, path.read_bytes())
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _fail(path, "JSON 格式有误", "请确认导出的是完整的 JSON 文件。") from exc
    for key in ("data", "comments", "list", "items", "records"):
        if isinstance(data, dict) and key in data:
            data = data[key]
            if isinstance(data, dict):
                data = next((data[k] for k in ("list", "comments", "items") if k in data), data)
    if not isinstance(data, list):
        raise _fail(
            path, "JSON 中没有找到评论列表", '应为对象列表，或形如 {"data": [...]} 的结构。'
        )
    headers: list[str] = []
    for item in data[:200]:
        if isinstance(item, dict):
            headers.extend(str(k) for k in item if str(k) not in headers)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, item in enumerate(data, 1):
            if isinstance(item, dict):
                yield number, [item.get(h) for h in headers]
            else:
                yield number, [_CsvBroken("该条记录不是对象")]

    return _Table(headers, rows(), encoding)


def _open(path: Path) -> _Table:
    if not path.is_file():
        raise _fail(path, "文件不存在")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".xls":
        raise _fail(path, "不支持旧版 .xls 格式", "请在 Excel 中另存为 .xlsx 或 CSV 后再导入。")
    if suffix == ".json":
        return _read_json(path)
    return _read_csv(path)


# -- turning rows into comments --------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def _likes(value: Any) -> int:
    text = _cell(value).replace(",", "").replace("，", "")
    scale = 1
    if text.endswith(("万", "w", "W")):
        text, scale = text[:-1], 10_000
    try:
        return max(0, int(float(text) * scale))
    except ValueError:
        return 0


def stable_id(created: datetime, author: str, text: str, post: str) -> str:
    """An id for rows without one: the same row always gives the same id, so re-imports add nothing."""
    key = "\x1f".join((created.isoformat(), author, text, post))
    return "h" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:31]


def _row(values: list[Any], index: Mapping[str, int], now: datetime | None) -> RemoteComment | str:
    if values and isinstance(values[0], _CsvBroken):
        return f"该行格式有误：{values[0].reason}"

    def get(name: str) -> Any:
        i = index.get(name)
        return values[i] if i is not None and i < len(values) else None

    text = _cell(get("text"))
    if not text:
        return "评论内容为空"
    raw_time = get("created_at")
    try:
        created = parse_flexible(raw_time, now=now)
    except (ValueError, OverflowError) as exc:
        return (
            f"评论时间无法识别（{_cell(raw_time)[:30] or '空'}）：{exc}"
            if _cell(raw_time)
            else "评论时间为空"
        )
    author = _cell(get("author_name"))
    author_id = _cell(get("author_id"))
    post = _cell(get("post_title"))[:200]
    external = _cell(get("external_id")) or stable_id(created, author_id or author, text, post)
    reply = _cell(get("reply_text"))
    return RemoteComment(
        external_id=external[:128],
        post_external_id=post or None,
        parent_external_id=None,
        author_id=author_id,
        author_name=author or author_id or "未知用户",
        text=text,
        created_at=created,
        like_count=_likes(get("like_count")),
        post_title=post or None,
        reply_text=reply or None,
    )


def _index(headers: list[str], mapping: ColumnMapping, path: Path) -> dict[str, int]:
    missing = mapping.missing()
    if missing:
        names = "、".join(FIELD_LABELS[f] for f in missing)
        raise InputFileError(
            f"文件“{path.name}”中没有找到“{names}”列。",
            hint="请在导入窗口中手动指定对应的列后再导入。",
        )
    index: dict[str, int] = {}
    for name, header in mapping.columns.items():
        if not header:
            continue
        if header not in headers:
            raise InputFileError(
                f"文件“{path.name}”中没有名为“{header}”的列。", hint="请重新选择列。"
            )
        index[name] = headers.index(header)
    return index


def _iter(
    table: _Table,
    index: Mapping[str, int],
    progress: Callable[[int], None] | None,
    now: datetime | None,
) -> Iterator[RemoteComment | BadRow]:
    count = 0
    for line, values in table.rows:
        result = _row(values, index, now)
        yield BadRow(line, result) if isinstance(result, str) else result
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    if progress is not None:
        progress(count)


def iter_rows(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    now: datetime | None = None,
) -> Iterator[RemoteComment | BadRow]:
    """Stream a file as comments and bad rows; progress(rows_read) every PROGRESS_EVERY rows."""
    file = Path(path)
    table = _open(file)
    index = _index(table.headers, mapping or detect_mapping(table.headers), file)
    yield from _iter(table, index, progress, now)


def read_rows(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Read a whole file; good rows become comments, bad rows are listed with line and reason."""
    file = Path(path)
    table = _open(file)
    index = _index(table.headers, mapping or detect_mapping(table.headers), file)
    comments: list[RemoteComment] = []
    bad: list[BadRow] = []
    posts: dict[str, RemotePost] = {}
    seen: set[str] = set()
    for item in _iter(table, index, progress, now):
        if isinstance(item, BadRow):
            bad.append(item)
            continue
        if item.external_id in seen:
            continue  # an export can repeat a row; the first one stands
        seen.add(item.external_id)
        comments.append(item)
        if item.post_external_id and item.post_external_id not in posts:
            title = item.post_title or item.post_external_id
            posts[item.post_external_id] = RemotePost(
                item.post_external_id, title[:40], title, None, None
            )
    return ImportResult(comments, bad, list(posts.values()), table.encoding)


def preview(path: str | Path, mapping: ColumnMapping | None = None, n: int = 20) -> Preview:
    """Headers, the (detected or given) mapping and the first n rows as field -> text."""
    file = Path(path)
    table = _open(file)
    chosen = mapping or detect_mapping(table.headers)
    rows: list[dict[str, str]] = []
    for _, values in table.rows:
        if len(rows) >= n:
            break
        if values and isinstance(values[0], _CsvBroken):
            continue
        rows.append(
            {
                name: _cell(values[table.headers.index(h)])
                if h in table.headers and table.headers.index(h) < len(values)
                else ""
                for name, h in chosen.columns.items()
            }
        )
    return Preview(table.headers, chosen, rows, table.encoding)
