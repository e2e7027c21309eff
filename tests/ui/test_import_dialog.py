"""The import dialog: detected mapping, a column the user fixes, preview, import, bad rows, re-import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crisisdesk.connectors.fileimport import FIELD_LABELS
from crisisdesk.services.ingest import Ingestor
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, Comment
from crisisdesk.ui.dialogs.import_dialog import ImportDialog
from tests.services.test_ingest import fake_analyze

# "发生于" and "发言人" match no known header: the user has to point the dialog at them.
ROWS = [
    "评论内容,发生于,发言人,点赞",
    "停水什么时候恢复？,2026-11-20 10:00,市民甲,3",
    "<b>不是粗体</b>,2026-11-20 10:05,市民乙,1",
    ",2026-11-20 10:06,市民丙,0",
    "服务太差,不是时间,市民丁,2",
    "感谢及时通报,2026-11-20 10:10,市民戊,8",
]


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "导出.csv"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8-sig")
    return path


def _dialog(qtbot: QtBot, db: Database) -> ImportDialog:
    dialog = ImportDialog(db, actor="tester", ingestor=Ingestor(db, analyze=fake_analyze))
    qtbot.addWidget(dialog)
    return dialog


def _column(dialog: ImportDialog, field: str) -> list[str]:
    col = list(FIELD_LABELS).index(field)
    return [dialog.table.item(r, col).text() for r in range(dialog.table.rowCount())]


def test_mapping_fix_preview_import_and_reimport(
    qtbot: QtBot, empty_workspace: Database, tmp_path: Path
) -> None:
    db = empty_workspace
    dialog = _dialog(qtbot, db)
    dialog.load_file(_csv(tmp_path))
    mapping = dialog.mapping().columns
    assert mapping["text"] == "评论内容" and mapping["like_count"] == "点赞"
    assert "created_at" not in mapping and "author_name" not in mapping
    assert not dialog.import_button.isEnabled()
    assert "评论时间" in dialog.feedback.text()  # says which required column is missing

    dialog.set_column("created_at", "发生于")
    dialog.set_column("author_name", "发言人")
    assert dialog.import_button.isEnabled()
    assert dialog.table.rowCount() == 5
    assert _column(dialog, "author_name")[:2] == ["市民甲", "市民乙"]
    assert _column(dialog, "text")[1] == "<b>不是粗体</b>"  # shown as typed, never as markup
    assert _column(dialog, "created_at")[0] == "2026-11-20 10:00"

    with qtbot.waitSignal(dialog.imported, timeout=10000) as signal:
        dialog.start_import()
    summary = signal.args[0]
    assert (summary.added, summary.already_there) == (3, 0)
    assert [b.line for b in summary.bad_rows] == [4, 5]
    listed = dialog.bad_rows.toPlainText().splitlines()
    assert listed[0].startswith("第 4 行：") and "评论内容为空" in listed[0]
    assert listed[1].startswith("第 5 行：") and "评论时间" in listed[1]
    assert "新增 3 条" in dialog.feedback.text()
    dialog.copy_bad_rows()
    assert QApplication.clipboard().text() == dialog.bad_rows.toPlainText()
    with db.session() as s:
        names = {c.author_name for c in s.execute(select(Comment)).scalars()}
        account = s.execute(select(Account)).scalar_one()
    assert names == {"市民甲", "市民乙", "市民戊"} and account.name == "文件导入"

    with qtbot.waitSignal(dialog.imported, timeout=10000) as again:
        dialog.start_import()
    assert (again.args[0].added, again.args[0].already_there) == (0, 3)
    assert "新增 0 条" in dialog.feedback.text()


def test_import_into_a_named_account(
    qtbot: QtBot, empty_workspace: Database, tmp_path: Path
) -> None:
    path = tmp_path / "weibo.json"
    path.write_text(
        '{"data": [{"评论内容": "请问几点恢复", "评论时间": "2026-11-20 09:00", "用户昵称": "甲"}]}',
        encoding="utf-8",
    )
    dialog = _dialog(qtbot, empty_workspace)
    dialog.load_file(path)
    assert dialog.import_button.isEnabled()
    dialog.account.setCurrentText("市政务微博（后台导出）")
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.start_import()
    with empty_workspace.session() as s:
        assert s.execute(select(Account.name)).scalar_one() == "市政务微博（后台导出）"


def test_unreadable_file_is_explained(
    qtbot: QtBot, empty_workspace: Database, tmp_path: Path
) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    dialog = _dialog(qtbot, empty_workspace)
    dialog.load_file(path)
    assert dialog.feedback.kind == "error" and ".xlsx" in dialog.feedback.text()
    assert not dialog.import_button.isEnabled()
