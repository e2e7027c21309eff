"""Importing and exporting template libraries (YAML/XLSX): conflicts are shown before anything is written."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.errors import UserFacingError
from crisisdesk.services import template_io
from crisisdesk.services.template_io import ImportReport, OnConflict
from crisisdesk.services.templates import find_by_name, latest_version
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.ops import report_error, run_op
from crisisdesk.ui.panes.templates_text import show_diff


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What an import would do, and for each conflict how the file's text differs from ours."""

    path: Path
    report: ImportReport
    diffs: dict[str, str]


def _lines(body: str, variants: Mapping[str, str], variables: Mapping[str, str]) -> list[str]:
    out = ["[" + QCoreApplication.translate("TemplateImportDialog", "正文") + f"]\n{body}"]
    out += [f"[{key}]\n{variants[key]}" for key in sorted(variants)]
    if variables:
        out.append("[" + QCoreApplication.translate("TemplateImportDialog", "变量") + "]\n" + "\n".join(f"{k}={d}" for k, d in sorted(variables.items())))
    return "\n".join(out).splitlines()


def plan_import(db: Database, path: Path) -> ImportPlan:
    """Read and check the whole file and plan the import without writing anything."""
    with db.session() as session:
        entries = template_io.read_library_file(path, session)
        report = template_io.import_entries(
            session, entries, on_conflict=OnConflict.SKIP, source="preview", dry_run=True
        )
        diffs = {}
        by_name = {e.name: e for e in entries}
        for name in report.conflicts:
            ours = find_by_name(session, name)
            if ours is None:
                continue
            current = latest_version(session, ours.id)
            theirs = by_name[name]
            diffs[name] = "\n".join(
                difflib.unified_diff(
                    _lines(current.body, current.variants or {}, current.variables or {}),
                    _lines(theirs.body, theirs.variants, theirs.variables),
                    fromfile=QCoreApplication.translate(
                        "TemplateImportDialog", "本工作区（第 {number} 版）"
                    ).format(number=current.number),
                    tofile=QCoreApplication.translate("TemplateImportDialog", "文件 {name}").format(
                        name=path.name
                    ),
                    lineterm="",
                )
            )
        session.rollback()
    return ImportPlan(path, report, diffs)


def run_import(db: Database, path: Path, on_conflict: OnConflict, by: int | None) -> ImportReport:
    """Import the file in one transaction (all or nothing)."""
    with db.session() as session:
        return template_io.import_file(session, path, on_conflict=on_conflict, by=by)


def export_library(db: Database, path: Path, by: int | None) -> int:
    """Write the shared library to a .yaml or .xlsx file."""
    with db.session() as session:
        return template_io.export_file(session, path, by=by)


class TemplateImportDialog(QDialog):
    """Choose a file, see what it would add and where it conflicts, then decide and import."""

    def __init__(
        self,
        db: Database,
        *,
        by: int | None,
        path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.by = by
        self.plan: ImportPlan | None = None
        self.result_report: ImportReport | None = None
        self.setWindowTitle(self.tr("导入模板库"))
        self.resize(820, 600)
        self.file_label = QLabel(self.tr("尚未选择文件。"))
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        choose = QPushButton(self.tr("选择文件…"))
        choose.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(120)
        self.conflicts = QListWidget()
        self.conflicts.currentTextChanged.connect(self._show_conflict)
        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.conflicts)
        split.addWidget(self.diff_view)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        self.conflict_title = QLabel(self.tr("同名但内容不同的模板（导入前请逐一查看差异）："))
        self.skip = QRadioButton(self.tr("跳过这些模板，保留本工作区的内容"))
        self.new_version = QRadioButton(
            self.tr("作为新版本导入：原有版本全部保留，新版本需重新审核")
        )
        self.skip.setChecked(True)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.skip)
        self.choice.addButton(self.new_version)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.conflict_title)
        layout.addWidget(split, 1)
        layout.addWidget(self.skip)
        layout.addWidget(self.new_version)
        layout.addWidget(self.buttons)
        self._show_conflict_controls(False)
        if path is not None:
            self.load(path)

    def _show_conflict_controls(self, visible: bool) -> None:
        for widget in (
            self.conflict_title,
            self.conflicts,
            self.diff_view,
            self.skip,
            self.new_version,
        ):
            widget.setEnabled(visible)

    @Slot()
    def choose_file(self) -> None:
        """Ask for a .yaml or .xlsx library file."""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择模板库文件"),
            str(Path.home()),
            self.tr("模板库文件 (*.yaml *.yml *.xlsx)"),
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Check the file and show what importing it would do (nothing is written)."""
        self.plan = None
        self.import_button.setEnabled(False)
        self.file_label.setText(str(path))
        self.summary.setPlainText(self.tr("正在检查文件……"))
        self.conflicts.clear()
        self.diff_view.clear()
        run_op(
            lambda: plan_import(self.db, path),
            on_done=self._on_plan,
            on_error=self._on_plan_error,
            parent=self,
        )

    def _on_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        r = plan.report
        lines = [
            self.tr("将新增 {n} 个模板。").format(n=len(r.created)),
            self.tr("内容与本工作区相同、不作改动 {n} 个。").format(n=len(r.unchanged)),
            self.tr("同名但内容不同 {n} 个，请在下方选择处理方式。").format(n=len(r.conflicts))
            if r.conflicts
            else self.tr("没有冲突。"),
        ]
        if r.created:
            lines.append(self.tr("新增：") + labels.listed(r.created))
        self.summary.setPlainText("\n".join(lines))
        self.conflicts.addItems(r.conflicts)
        self._show_conflict_controls(bool(r.conflicts))
        if r.conflicts:
            self.conflicts.setCurrentRow(0)
        self.import_button.setEnabled(bool(r.created or r.conflicts))

    def _on_plan_error(self, exc: BaseException) -> None:
        if isinstance(exc, UserFacingError):
            self.summary.setPlainText(str(exc))
        else:
            self.summary.setPlainText(self.tr("无法读取该文件。"))
            report_error(exc, parent=self)

    @Slot(str)
    def _show_conflict(self, name: str) -> None:
        if self.plan is None or not name:
            return
        show_diff(self.diff_view, self.plan.diffs.get(name, ""), self.tr("没有差异。"))

    def on_conflict(self) -> OnConflict:
        """The user's choice for conflicting templates."""
        return OnConflict.NEW_VERSION if self.new_version.isChecked() else OnConflict.SKIP

    @Slot()
    def do_import(self) -> None:
        """Import with the chosen handling of conflicts."""
        if self.plan is None:
            return
        path, choice, by = self.plan.path, self.on_conflict(), self.by
        self.import_button.setEnabled(False)
        run_op(
            lambda: run_import(self.db, path, choice, by),
            on_done=self._on_imported,
            on_error=self._on_import_error,
            parent=self,
            write=True,
        )

    def _on_imported(self, report: ImportReport) -> None:
        self.result_report = report
        self.summary.setPlainText(self.tr("导入完成：") + report.summary())
        self.accept()

    def _on_import_error(self, exc: BaseException) -> None:
        self.import_button.setEnabled(True)
        self._on_plan_error(exc)


def ask_export_path(parent: QWidget) -> Path | None:
    """Ask where to write the library; .yaml unless the user picks .xlsx."""
    name, chosen = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("TemplateImportDialog", "导出模板库"),
        str(Path.home() / QCoreApplication.translate("TemplateImportDialog", "模板库.yaml")),
        "YAML (*.yaml);;Excel (*.xlsx)",
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in {".yaml", ".yml", ".xlsx"}:
        path = path.with_suffix(".xlsx" if "xlsx" in chosen else ".yaml")
    return path
