"""Exchanging template libraries: YAML and XLSX export/import with conflicts, and the default library."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crisisdesk.domain import Changes
from crisisdesk.errors import InputFileError
from crisisdesk.paths import RESOURCES
from crisisdesk.services.events import BUS
from crisisdesk.services.templates import (
    actor_name,
    create_template,
    edit_template,
    find_by_name,
    include_resolver,
    latest_version,
)
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.schema import Template, WorkspaceSetting, utcnow
from crisisdesk.templating.library import (
    SCHEMA_VERSION,
    EntryError,
    LibraryEntry,
    entry_to_record,
    parse_document,
    validate_records,
)
from crisisdesk.templating.syntax import parse

DEFAULT_LIBRARY = RESOURCES / "templates" / "default_library.yaml"
DEFAULT_SOURCE = "default-library"
DEFAULT_MARKER = "templates.default_library"
MAX_FILE_BYTES = 20 * 1024 * 1024
SHEET = "模板"
FORMAT_SHEET = "格式"
COLUMNS = (
    ("name", "名称"),
    ("category", "分类"),
    ("body", "正文"),
    ("weibo", "微博版本"),
    ("wechat", "微信公众号版本"),
    ("douyin", "抖音版本"),
    ("variables", "变量"),
    ("tags", "标签"),
    ("scenario_tags", "场景标签"),
    ("shared", "共享"),
    ("team", "团队"),
    ("note", "说明"),
)


class OnConflict(enum.Enum):
    """What to do with a template whose name exists with different text."""

    STOP = "stop"  # list the conflicts, import nothing
    NEW_VERSION = "new-version"  # save the file's text as a new version of ours
    SKIP = "skip"  # keep ours, import the rest


class ImportFileInvalid(InputFileError):
    """An import file has errors; nothing was imported."""

    def __init__(self, path: Path, errors: Sequence[EntryError | str]) -> None:
        lines = [str(e) for e in errors]
        shown = lines[:50] + ([f"……另有 {len(lines) - 50} 处问题"] if len(lines) > 50 else [])
        super().__init__(
            f"文件 {path.name} 有 {len(lines)} 处问题，未导入任何模板：\n"
            + "\n".join(f"  - {x}" for x in shown),
            hint="请修正后重新导入。",
        )
        self.errors = lines


class ImportConflicts(InputFileError):
    """Same names, different text: the operator must choose; nothing was imported."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__(
            f"以下 {len(names)} 个模板与本工作区的同名模板内容不同，未导入任何模板：\n"
            + "\n".join(f"  - {n}" for n in names),
            hint="可加 --on-conflict new-version 作为新版本导入，或 --on-conflict skip 跳过这些模板。",
        )
        self.names = list(names)


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the person who ran the import."""
        return (
            f"新增 {len(self.created)} 个，新版本 {len(self.new_versions)} 个，"
            f"内容相同未改动 {len(self.unchanged)} 个，跳过 {len(self.skipped)} 个。"
        )


# --- reading --------------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ImportFileInvalid(path, ["文件不是 UTF-8 编码的文本"]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else "文件"
        raise ImportFileInvalid(path, [f"{where}：YAML 格式有误，无法解析"]) from exc


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, bool) else str(value)


def _read_xlsx(path: Path) -> list[tuple[str, Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileInvalid(path, ["文件不是有效的 Excel（.xlsx）工作簿"]) from exc
    try:
        if FORMAT_SHEET not in book.sheetnames or SHEET not in book.sheetnames:
            raise ImportFileInvalid(
                path, [f"工作簿缺少“{SHEET}”或“{FORMAT_SHEET}”工作表，不是模板库导出文件"]
            )
        fmt = {
            str(r[0]): r[1] for r in book[FORMAT_SHEET].iter_rows(values_only=True) if r and r[0]
        }
        version = fmt.get("schema_version")
        if str(version) != str(SCHEMA_VERSION):
            raise ImportFileInvalid(
                path, [f"格式版本为“{version}”，本程序只能读取版本 {SCHEMA_VERSION}"]
            )
        rows = book[SHEET].iter_rows(values_only=True)
        header = [str(h or "").strip() for h in next(rows, ())]
        by_label = {label: key for key, label in COLUMNS}
        missing = [label for key, label in COLUMNS[:3] if label not in header]
        if missing:
            raise ImportFileInvalid(path, [f"表头缺少必需的列：{'、'.join(missing)}"])
        records: list[tuple[str, Any]] = []
        for number, row in enumerate(rows, start=2):
            values = {
                by_label[h]: _cell(v) for h, v in zip(header, row, strict=False) if h in by_label
            }
            if not any(v not in (None, "") for v in values.values()):
                continue
            variants = {p: values.pop(p, None) for p in ("weibo", "wechat", "douyin")}
            values["variants"] = {p: text for p, text in variants.items() if text}
            records.append((f"第 {number} 行", values))
        if not records:
            raise ImportFileInvalid(path, ["工作表中没有任何模板"])
        return records
    finally:
        book.close()


def read_library_file(path: Path, session: Session | None = None) -> list[LibraryEntry]:
    """Read and validate a whole file; raise ImportFileInvalid listing every problem."""
    if not path.is_file():
        raise InputFileError(f"找不到文件 {path}。")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileInvalid(path, ["文件超过 20 MB，不像是模板库文件"])
    resolve = include_resolver(session) if session is not None else None
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        entries, errors = parse_document(_read_yaml(path), resolve=resolve)
    elif suffix == ".xlsx":
        entries, errors = validate_records(_read_xlsx(path), resolve)
    else:
        raise InputFileError(
            f"不支持的文件类型：{path.suffix or '无扩展名'}", hint="请使用 .yaml 或 .xlsx 文件。"
        )
    if errors:
        raise ImportFileInvalid(path, errors)
    return entries


# --- importing --------------------------------------------------------------------------------


def _dependency_order(entries: Sequence[LibraryEntry]) -> list[LibraryEntry]:
    """Entries ordered so that an included template is created before the one that includes it."""
    by_name = {e.name: e for e in entries}
    ordered: list[LibraryEntry] = []
    done: set[str] = set()

    def visit(entry: LibraryEntry) -> None:
        if entry.name in done:
            return
        done.add(entry.name)  # cycles were refused during validation
        for text in (entry.body, *entry.variants.values()):
            for inc in parse(text).includes:
                if inc.name in by_name:
                    visit(by_name[inc.name])
        ordered.append(entry)

    for e in entries:
        visit(e)
    return ordered


def import_entries(
    session: Session,
    entries: Sequence[LibraryEntry],
    *,
    on_conflict: OnConflict = OnConflict.STOP,
    by: int | None = None,
    source: str,
    dry_run: bool = False,
) -> ImportReport:
    """Plan first, then write everything in the caller's one transaction (or nothing)."""
    report = ImportReport()
    plan: list[tuple[str, LibraryEntry, Template | None]] = []
    for entry in _dependency_order(entries):
        existing = find_by_name(session, entry.name)
        if existing is None:
            plan.append(("create", entry, None))
            continue
        current = latest_version(session, existing.id)
        same = (current.body, dict(current.variants or {}), dict(current.variables or {})) == (
            entry.body,
            entry.variants,
            entry.variables,
        )
        if same:
            report.unchanged.append(entry.name)
        else:
            report.conflicts.append(entry.name)
            plan.append(("conflict", entry, existing))
    if report.conflicts and on_conflict is OnConflict.STOP:
        raise ImportConflicts(report.conflicts)
    for action, entry, _existing in plan:
        if action == "create":
            report.created.append(entry.name)
        elif on_conflict is OnConflict.NEW_VERSION:
            report.new_versions.append(entry.name)
        else:
            report.skipped.append(entry.name)
    if dry_run:
        return report
    for action, entry, existing in plan:
        if action == "create":
            create_template(
                session,
                name=entry.name,
                category=entry.category,
                body=entry.body,
                variants=entry.variants,
                variables=entry.variables,
                tags=entry.tags,
                scenario_tags=entry.scenario_tags,
                shared=entry.shared,
                team=entry.team,
                by=by,
                source=source,
                note=entry.note,
                emit=False,
            )
        elif existing is not None and on_conflict is OnConflict.NEW_VERSION:
            edit_template(
                session,
                existing.id,
                body=entry.body,
                variants=entry.variants,
                variables=entry.variables,
                by=by,
                note=entry.note or f"导入自 {source}",
                emit=False,
            )
    append_event(
        session,
        actor=actor_name(session, by),
        action="template.import",
        entity_type="template",
        entity_id="library",
        details={
            "source": source,
            "created": len(report.created),
            "new_versions": len(report.new_versions),
            "skipped": len(report.skipped),
        },
    )
    BUS.emit(Changes(templates=True))
    return report


def import_file(
    session: Session,
    path: Path,
    *,
    on_conflict: OnConflict = OnConflict.STOP,
    by: int | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a YAML or XLSX library file: validated completely before anything is written."""
    entries = read_library_file(path, session)
    return import_entries(
        session,
        entries,
        on_conflict=on_conflict,
        by=by,
        source=f"import:{path.name}"[:64],
        dry_run=dry_run,
    )


# --- exporting --------------------------------------------------------------------------------


def library_entries(session: Session, *, include_private: bool = False) -> list[LibraryEntry]:
    """The active library as plain entries (newest version of each template)."""
    from crisisdesk.domain import TemplateCategory

    stmt = (
        select(Template)
        .where(Template.retired.is_(False))
        .order_by(Template.category, Template.name)
    )
    if not include_private:
        stmt = stmt.where(Template.shared.is_(True))
    entries = []
    for t in session.execute(stmt.options(selectinload(Template.versions))).scalars():
        v = t.versions[-1]
        entries.append(
            LibraryEntry(
                name=t.name,
                category=TemplateCategory(t.category),
                body=v.body,
                variants=dict(v.variants or {}),
                variables=dict(v.variables or {}),
                tags=tuple(t.tags or ()),
                scenario_tags=tuple(t.scenario_tags or ()),
                shared=t.shared,
                team=t.team,
                note=v.note,
            )
        )
    return entries


def export_file(
    session: Session, path: Path, *, include_private: bool = False, by: int | None = None
) -> int:
    """Write the library to .yaml or .xlsx; returns how many templates were written."""
    entries = library_entries(session, include_private=include_private)
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        doc = {
            "schema_version": SCHEMA_VERSION,
            "exported_at": utcnow().isoformat(timespec="seconds"),
            "templates": [entry_to_record(e) for e in entries],
        }
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
        _write_atomic(path, text.encode("utf-8"))
    elif suffix == ".xlsx":
        _write_xlsx(path, entries)
    else:
        raise InputFileError(
            f"不支持的文件类型：{path.suffix or '无扩展名'}", hint="请使用 .yaml 或 .xlsx 文件。"
        )
    append_event(
        session,
        actor=actor_name(session, by),
        action="template.export",
        entity_type="template",
        entity_id="library",
        details={"file": path.name, "count": len(entries)},
    )
    return len(entries)


def _write_atomic(path: Path, data: bytes) -> None:
    import os

    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_xlsx(path: Path, entries: Sequence[LibraryEntry]) -> None:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([label for _, label in COLUMNS])
    for e in entries:
        row = [
            e.name,
            e.category.label,
            e.body,
            e.variants.get("weibo", ""),
            e.variants.get("wechat", ""),
            e.variants.get("douyin", ""),
            "；".join(f"{k}={v}" for k, v in e.variables.items()),
            "、".join(e.tags),
            "、".join(e.scenario_tags),
            "是" if e.shared else "否",
            e.team or "",
            e.note,
        ]
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            # Text starting with "=" must stay text: a spreadsheet would otherwise run it as a formula.
            if isinstance(cell.value, str):
                cell.data_type = "s"
    fmt = book.create_sheet(FORMAT_SHEET)
    fmt.append(["schema_version", SCHEMA_VERSION])
    fmt.append(["exported_at", utcnow().isoformat(timespec="seconds")])
    buf = BytesIO()
    book.save(buf)
    _write_atomic(path, buf.getvalue())


# --- the default library ----------------------------------------------------------------------


def ensure_default_library(session: Session, *, path: Path = DEFAULT_LIBRARY) -> int:
    """Load the shipped library into a new workspace once; returns how many templates were added."""
    marker = session.get(WorkspaceSetting, DEFAULT_MARKER)
    if marker is not None:
        return 0
    entries = read_library_file(path, session)
    fresh = [e for e in entries if find_by_name(session, e.name, include_retired=True) is None]
    report = import_entries(session, fresh, on_conflict=OnConflict.SKIP, source=DEFAULT_SOURCE)
    session.add(
        WorkspaceSetting(
            key=DEFAULT_MARKER,
            value={
                "schema_version": SCHEMA_VERSION,
                "loaded": len(report.created),
                "loaded_at": utcnow().isoformat(timespec="seconds"),
            },
        )
    )
    session.flush()
    return len(report.created)
