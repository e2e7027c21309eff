"""`crisisdesk analyze [FILE...]`: analyse comments, one per line, and print one record per line."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from crisisdesk.errors import UserFacingError

FIELDS = ("text", "sentiment", "score", "confidence", "intent", "keywords", "watch_hits", "tokens")
BATCH = 256
# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def register(subparsers: Any) -> None:
    """Add the `analyze` subcommand."""
    parser = subparsers.add_parser(
        "analyze",
        help="分析评论文本（每行一条）并逐行输出结果",
        description=(
            "逐行读取 UTF-8 文本（未给出文件时读标准输入），每行视为一条评论，"
            "输出分词、情感、意图、关键词和关注词命中。"
            "某行不是有效的 UTF-8 时，在标准错误中报告行号，并以替换字符（�）代替无法解码的字节后照常分析。"
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="输入文件；省略时读标准输入")
    parser.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        default="jsonl",
        help="jsonl：每行一个 JSON 对象（默认）；csv：带表头的 CSV，列表字段以 JSON 编码",
    )
    parser.add_argument(
        "--watch",
        action="append",
        default=[],
        metavar="FILE",
        help="关注词表文件（每行一个词，# 开头为注释），表名取文件名；可重复指定",
    )
    parser.add_argument(
        "--user-words",
        metavar="FILE",
        help="自定义词典（每行一个词），使机构名称、地名等切分为一个词",
    )
    parser.set_defaults(func=run)


def _word_file(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserFacingError(f"无法读取词表文件 {path}：{exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UserFacingError(f"词表文件 {path} 不是 UTF-8 编码") from exc
    words = (line.strip() for line in text.splitlines())
    return [w for w in words if w and not w.startswith("#")]


def _lines(sources: list[str], stdin: IO[bytes], errors: IO[str]) -> Iterator[str]:
    """Decoded lines of every source; undecodable lines are reported and decoded with U+FFFD."""
    for source in sources or ["-"]:
        name = "标准输入" if source == "-" else source
        try:
            stream = stdin if source == "-" else open(source, "rb")  # noqa: SIM115
        except OSError as exc:
            raise UserFacingError(f"无法打开文件 {source}：{exc.strerror or exc}") from exc
        try:
            for number, raw in enumerate(stream, start=1):
                line = raw.rstrip(b"\r\n")
                if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]
                try:
                    yield line.decode("utf-8")
                except UnicodeDecodeError:
                    print(
                        f"crisisdesk analyze: {name} 第 {number} 行不是有效的 UTF-8，"
                        "已将无法解码的字节替换为“�”后分析",
                        file=errors,
                    )
                    yield line.decode("utf-8", errors="replace")
        finally:
            if stream is not stdin:
                stream.close()


def _record(result: Any) -> dict[str, Any]:
    return {
        "text": result.text,
        "sentiment": result.sentiment.value,
        "score": round(result.score, 4),
        "confidence": round(result.confidence, 4),
        "intent": result.intent.value,
        "keywords": result.keywords,
        "watch_hits": [
            {"word": h.word, "list": h.list_name, "start": h.start, "end": h.end}
            for h in result.watch_hits
        ],
        "tokens": result.tokens,
    }


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _batches(lines: Iterator[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def run(args: argparse.Namespace) -> int:
    """Analyse the input and write the records; undecodable lines are reported, not fatal."""
    from crisisdesk.analysis import Analyzer

    watch = {Path(p).stem: _word_file(Path(p)) for p in args.watch}
    user_words = _word_file(Path(args.user_words)) if args.user_words else []
    analyzer = Analyzer(watch_lists=watch, user_words=user_words)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        # Records are UTF-8 whatever the console's code page (a GBK console cannot show emoji).
        out.reconfigure(encoding="utf-8", errors="replace")
    writer = csv.writer(out, lineterminator="\n") if args.format == "csv" else None
    if writer is not None:
        writer.writerow(FIELDS)
    stdin = sys.stdin.buffer
    for batch in _batches(_lines(list(args.files), stdin, sys.stderr)):
        for result in analyzer.analyze(batch):
            record = _record(result)
            if writer is not None:
                writer.writerow([_csv_cell(record[f]) for f in FIELDS])
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return 0
