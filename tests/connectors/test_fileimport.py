"""Spreadsheet/JSON import: encodings, header detection, date formats, bad rows, stable ids."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from crisisdesk.connectors.fileimport import (
    BadRow,
    ColumnMapping,
    detect_mapping,
    iter_rows,
    preview,
    read_rows,
)
from crisisdesk.errors import InputFileError

NOW = datetime(2026, 7, 1, tzinfo=UTC)
CSV_TEXT = (
    "评论ID,用户昵称,评论内容,评论时间,点赞数,所属内容\n"
    "c1,小王,社保系统又崩了？？,2024-05-01 12:00,3,关于系统升级的公告\n"
    'c2,李阿姨,"请问什么时候恢复，\n急用",2024/5/1 12:05:30,1.2万,关于系统升级的公告\n'
    "c3,路人甲,,2024-05-01 12:06,0,关于系统升级的公告\n"
    "c4,张三,辛苦了👍,昨天下午,5,关于系统升级的公告\n"
    "c5,赵四,已经好了,05-01 13:00,,关于系统升级的公告\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "export.csv"
    text = CSV_TEXT.replace("👍", "") if encoding == "gb18030" else CSV_TEXT
    if encoding == "utf-16":
        text = text.replace(",", "\t")
    path.write_bytes(text.encode(encoding))
    result = read_rows(path, now=NOW)
    assert [c.external_id for c in result.comments] == ["c1", "c2", "c5"]
    assert result.encoding == {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)
    first, second, fifth = result.comments
    assert first.author_name == "小王" and first.like_count == 3
    assert first.created_at == datetime(2024, 5, 1, 4, 0, tzinfo=UTC)
    assert second.text == "请问什么时候恢复，\n急用" and second.like_count == 12000
    assert fifth.created_at == datetime(2026, 5, 1, 5, 0, tzinfo=UTC)  # no year: latest past date
    assert [b.line for b in result.bad_rows] == [5, 6]  # c2 spans lines 3-4
    assert "评论内容为空" in result.bad_rows[0].reason
    assert "时间无法识别" in result.bad_rows[1].reason
    assert result.posts[0].title == "关于系统升级的公告"


def test_reimport_without_id_column_gives_same_ids(tmp_path: Path) -> None:
    path = tmp_path / "weibo.csv"
    path.write_text(
        "昵称,内容,时间\n甲,暴雨什么时候停,2024-07-01 08:00\n乙,暴雨什么时候停,2024-07-01 08:00\n甲,暴雨什么时候停,2024-07-01 08:00\n",
        encoding="utf-8",
    )
    first = read_rows(path)
    again = read_rows(path)
    assert [c.external_id for c in first.comments] == [c.external_id for c in again.comments]
    assert len(first.comments) == 2  # the exact duplicate row is counted once
    assert first.comments[0].external_id != first.comments[1].external_id


def test_xlsx_with_datetimes_serials_and_unix(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["用户名", "留言内容", "发布时间", "likes", "文章标题", "回复内容"])
    sheet.append(["a", "第一条", datetime(2024, 5, 1, 12, 0), 2, "防汛通告", "已转交"])
    sheet.append(["b", "第二条", 45413.5, None, "防汛通告", None])
    sheet.append(["c", "第三条", 1714536000, 1, "防汛通告", None])
    sheet.append(["d", "第四条", 1714536000000, 1, "防汛通告", None])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["e", "第五条", "不是时间", 1, "防汛通告", None])
    path = tmp_path / "export.xlsx"
    book.save(path)
    result = read_rows(path)
    assert len(result.comments) == 4
    assert {c.created_at for c in result.comments} == {datetime(2024, 5, 1, 4, 0, tzinfo=UTC)}
    assert result.comments[0].reply_text == "已转交"
    assert result.bad_rows == [BadRow(7, result.bad_rows[0].reason)]


def test_json_shapes(tmp_path: Path) -> None:
    records = [
        {
            "comment_id": "x1",
            "nickname": "n",
            "content": "好",
            "create_time": 1714536000,
            "digg_count": 4,
        },
        {"comment_id": "x2", "nickname": "m", "content": "", "create_time": 1714536000},
        "garbage",
    ]
    wrapped = tmp_path / "a.json"
    wrapped.write_text(json.dumps({"data": records}, ensure_ascii=False), encoding="utf-8")
    plain = tmp_path / "b.json"
    plain.write_text(json.dumps(records), encoding="utf-8")
    for path in (wrapped, plain):
        result = read_rows(path)
        assert [c.external_id for c in result.comments] == ["x1"]
        assert result.comments[0].like_count == 4
        assert [b.line for b in result.bad_rows] == [2, 3]
    broken = tmp_path / "c.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputFileError):
        read_rows(broken)


def test_mapping_detection_and_user_fix(tmp_path: Path) -> None:
    mapping = detect_mapping(
        ["评论ID", "用户昵称", "用户ID", "评论内容", "评论时间", "点赞数", "作品标题", "回复内容"]
    )
    assert mapping.columns == {
        "text": "评论内容",
        "created_at": "评论时间",
        "author_name": "用户昵称",
        "author_id": "用户ID",
        "like_count": "点赞数",
        "external_id": "评论ID",
        "post_title": "作品标题",
        "reply_text": "回复内容",
    }
    path = tmp_path / "odd.csv"
    path.write_text("A列,B列,C列\n甲,说的好,2024-05-01 10:00\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        read_rows(path)
    assert "评论内容" in info.value.message and "评论时间" in info.value.message
    fixed = ColumnMapping({"author_name": "A列", "text": "B列", "created_at": "C列"})
    shown = preview(path, fixed, n=5)
    assert shown.rows == [{"author_name": "甲", "text": "说的好", "created_at": "2024-05-01 10:00"}]
    assert read_rows(path, fixed).comments[0].text == "说的好"
    with pytest.raises(InputFileError):
        read_rows(path, ColumnMapping({"text": "X", "created_at": "C列"}))


def test_progress_and_streaming(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    lines = ["内容,时间"] + [f"评论{i},2024-05-01 12:{i % 60:02d}" for i in range(2500)]
    path.write_text("\n".join(lines), encoding="utf-8")
    seen: list[int] = []
    items = list(iter_rows(path, progress=seen.append))
    assert len(items) == 2500 and seen == [1000, 2000, 2500]


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(InputFileError):
        read_rows(tmp_path / "none.csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputFileError) as info:
        read_rows(old)
    assert ".xlsx" in info.value.hint
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputFileError):
        read_rows(fake)
