"""Library exchange: YAML and XLSX round trips, conflicts, bad files, the default library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from crisisdesk.errors import InputFileError
from crisisdesk.services import templates as svc
from crisisdesk.services.template_io import (
    ImportConflicts,
    ImportFileInvalid,
    OnConflict,
    ensure_default_library,
    export_file,
    import_file,
    library_entries,
)
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import AuditEvent, Template, TemplateVersion
from tests.templating.workspace import fresh_workspace


@pytest.fixture
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp()


@pytest.fixture
def empty(base: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_workspace(base, tmp_path / "empty.sqlite3", with_library=False)
    yield database
    database.dispose()


@pytest.fixture
def library(base: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_workspace(base, tmp_path / "lib.sqlite3", with_library=True)
    yield database
    database.dispose()


def count(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (
            int(s.execute(select(func.count(Template.id))).scalar() or 0),
            int(s.execute(select(func.count(TemplateVersion.id))).scalar() or 0),
        )


def write_yaml(path: Path, templates: list[dict[str, object]], version: object = 1) -> Path:
    path.write_text(
        yaml.safe_dump({"schema_version": version, "templates": templates}, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def test_default_library_loads_once(empty: Database) -> None:
    with empty.session() as s:
        first = ensure_default_library(s)
        again = ensure_default_library(s)
    assert first >= 40 and again == 0
    assert count(empty)[0] == first
    with empty.session() as s:
        sources = set(s.execute(select(Template.source)).scalars())
        imports = (
            s.execute(select(AuditEvent).where(AuditEvent.action == "template.import"))
            .scalars()
            .all()
        )
    assert sources == {"default-library"}
    assert len(imports) == 1


def test_workspace_bootstrap_loads_the_default_library(tmp_path: Path) -> None:
    from crisisdesk.services.workspace import open_workspace

    db = open_workspace(f"sqlite:///{tmp_path / 'boot.sqlite3'}")
    try:
        assert count(db)[0] >= 40
    finally:
        db.dispose()


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_round_trip(library: Database, empty: Database, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"lib{suffix}"
    with library.session() as s:
        svc.update_details(s, svc.list_templates(s, query="文明发言")[0].id, shared=False)
        written = export_file(s, path, include_private=True)
        originals = library_entries(s, include_private=True)
    with empty.session() as s:
        report = import_file(s, path)
    assert written == len(originals) and len(report.created) == written
    with empty.session() as s:
        imported = library_entries(s, include_private=True)
    assert sorted(imported, key=lambda e: e.name) == sorted(originals, key=lambda e: e.name)
    with empty.session() as s:
        again = import_file(s, path)
    assert len(again.unchanged) == written and again.created == []


def test_export_leaves_private_templates_out_by_default(library: Database, tmp_path: Path) -> None:
    with library.session() as s:
        total = len(svc.list_templates(s))
        svc.update_details(s, svc.list_templates(s, query="文明发言")[0].id, shared=False)
        assert export_file(s, tmp_path / "x.yaml") == total - 1


def test_xlsx_text_that_looks_like_a_formula_stays_text(empty: Database, tmp_path: Path) -> None:
    with empty.session() as s:
        svc.create_template(s, name='=HYPERLINK("x")', category="guide", body="=1+1 请拨打{热线}")
        export_file(s, tmp_path / "f.xlsx")
    sheet = load_workbook(tmp_path / "f.xlsx")["模板"]
    assert sheet["A2"].data_type == "s" and sheet["C2"].data_type == "s"


def test_conflicts_are_listed_and_nothing_is_written(library: Database, tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path / "c.yaml",
        [
            {"name": "感谢表扬", "category": "thanks", "body": "谢谢您，请拨打{热线}。"},
            {"name": "全新模板", "category": "guide", "body": "请拨打{热线}。"},
        ],
    )
    before = count(library)
    with library.session() as s, pytest.raises(ImportConflicts) as err:
        import_file(s, path)
    assert err.value.names == ["感谢表扬"]
    assert "--on-conflict new-version" in str(err.value)
    assert count(library) == before
    with library.session() as s:
        dry = import_file(s, path, on_conflict=OnConflict.SKIP, dry_run=True)
    assert dry.created == ["全新模板"] and dry.skipped == ["感谢表扬"] and count(library) == before
    with library.session() as s:
        skipped = import_file(s, path, on_conflict=OnConflict.SKIP)
    assert skipped.skipped == ["感谢表扬"] and count(library) == (before[0] + 1, before[1] + 1)


def test_conflicts_can_be_imported_as_new_versions(library: Database, tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path / "v.yaml",
        [{"name": "感谢表扬", "category": "thanks", "body": "谢谢您，请拨打{热线}。"}],
    )
    with library.session() as s:
        report = import_file(s, path, on_conflict=OnConflict.NEW_VERSION)
        info = svc.list_templates(s, query="感谢表扬")[0]
    assert report.new_versions == ["感谢表扬"]
    assert info.latest.number == 2 and info.latest.body == "谢谢您，请拨打{热线}。"
    assert info.version_count == 2


def test_includes_between_new_templates_of_one_file(empty: Database, tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path / "i.yaml",
        [
            {"name": "主体", "category": "apology", "body": "抱歉。{>结尾}"},
            {"name": "结尾", "category": "guide", "body": "请拨打{热线}。"},
        ],
    )
    with empty.session() as s:
        assert sorted(import_file(s, path).created) == ["主体", "结尾"]


BAD_ROWS = [
    {"name": "好的", "category": "guide", "body": "请拨打{热线}。"},
    {"name": "括号", "category": "guide", "body": "您好{用户昵称"},
    {"name": "未知变量", "category": "guide", "body": "请联系{联系人}"},
    {"name": "空正文", "category": "guide", "body": ""},
    {"name": "太长", "category": "guide", "body": "好", "variants": {"微博": "请耐心等待" * 40}},
    {"name": "", "category": "没有这类", "body": "x"},
]


def test_a_yaml_file_with_broken_entries_imports_nothing(empty: Database, tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "bad.yaml", BAD_ROWS)
    with empty.session() as s, pytest.raises(ImportFileInvalid) as err:
        import_file(s, path)
    text = str(err.value)
    assert "未导入任何模板" in text
    for fragment in (
        "第 2 个模板",
        "没有对应的",
        "未知变量“{联系人}”",
        "模板正文为空",
        "140 字",
        "缺少模板名称",
        "分类“没有这类”",
    ):
        assert fragment in text
    assert count(empty) == (0, 0)


def test_an_xlsx_file_with_broken_rows_imports_nothing(empty: Database, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "模板"
    sheet.append(["名称", "分类", "正文", "微博版本", "标签"])
    for row in BAD_ROWS:
        variants = row.get("variants") or {}
        sheet.append([row["name"], row["category"], row["body"], variants.get("微博", ""), "a、b"])  # type: ignore[union-attr]
    book.create_sheet("格式").append(["schema_version", 1])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with empty.session() as s, pytest.raises(ImportFileInvalid) as err:
        import_file(s, path)
    assert "第 3 行：正文：" in str(err.value) and "第 7 行" in str(err.value)
    assert count(empty) == (0, 0)


def test_other_schema_versions_and_unreadable_files(empty: Database, tmp_path: Path) -> None:
    with empty.session() as s:
        with pytest.raises(ImportFileInvalid, match="格式版本为“2”"):
            import_file(s, write_yaml(tmp_path / "v2.yaml", BAD_ROWS[:1], version=2))
        broken = tmp_path / "broken.yaml"
        broken.write_text("schema_version: 1\ntemplates: [\n  - {name: x", encoding="utf-8")
        with pytest.raises(ImportFileInvalid, match="YAML 格式有误"):
            import_file(s, broken)
        fake = tmp_path / "fake.xlsx"
        fake.write_bytes(b"not a zip")
        with pytest.raises(ImportFileInvalid, match="不是有效的 Excel"):
            import_file(s, fake)
        book = Workbook()
        book.active.append(["名称"])
        book.save(tmp_path / "plain.xlsx")
        with pytest.raises(ImportFileInvalid, match="不是模板库导出文件"):
            import_file(s, tmp_path / "plain.xlsx")
        (tmp_path / "x.csv").write_text("a", encoding="utf-8")
        with pytest.raises(InputFileError, match="不支持的文件类型"):
            import_file(s, tmp_path / "x.csv")
        with pytest.raises(InputFileError, match="找不到文件"):
            import_file(s, tmp_path / "missing.yaml")
        empty_doc = write_yaml(tmp_path / "none.yaml", [])
        with pytest.raises(ImportFileInvalid, match="没有找到任何模板"):
            import_file(s, empty_doc)
    assert count(empty) == (0, 0)


def test_import_and_export_write_audit_events(empty: Database, tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "ok.yaml", BAD_ROWS[:1])
    with empty.session() as s:
        import_file(s, path)
        export_file(s, tmp_path / "out.yaml")
        acts = list(s.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())
    assert acts == ["template.create", "template.import", "template.export"]
