"""导入评论文件 (import a comment file): choose a file, check the columns, import, read the summary."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.connectors.fileimport import (
    FIELD_LABELS,
    REQUIRED,
    BadRow,
    ColumnMapping,
    Preview,
    preview,
)
from crisisdesk.services.accounts import AccountView, list_accounts
from crisisdesk.services.importer import DEFAULT_IMPORT_ACCOUNT, ImportSummary, import_file
from crisisdesk.services.ingest import Ingestor
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.dialogs.common import ResultLabel
from crisisdesk.ui.ops import run_op

PREVIEW_ROWS = 20


def bad_rows_text(rows: list[BadRow]) -> str:
    """One line per row that was not imported: its line number and why (for copying)."""
    line = QCoreApplication.translate("ImportDialog", "第 {line} 行：{reason}")
    return "\n".join(line.format(line=row.line, reason=row.reason) for row in rows)


class ImportDialog(QDialog):
    """Imports a CSV/XLSX/JSON export in the background; re-importing the same file adds nothing."""

    imported = Signal(object)  # ImportSummary
    _progress = Signal(int)  # rows read, emitted from the import thread

    def __init__(
        self,
        db: Database,
        *,
        actor: str,
        ingestor: Ingestor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.ingestor = ingestor
        self.path: Path | None = None
        self.preview_data: Preview | None = None
        self.summary: ImportSummary | None = None
        self._filling = False
        self.setWindowTitle(self.tr("导入评论文件"))
        self.resize(860, 640)

        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(self.tr("支持 CSV、XLSX、JSON（平台后台导出的评论表格）"))
        choose = QPushButton(self.tr("选择文件…"))
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(self.tr("文件：")))
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)

        self.combos: dict[str, QComboBox] = {}
        mapping_box = QGroupBox(self.tr("列对应关系（带 * 的为必填）"))
        mapping_form = QFormLayout(mapping_box)
        for field in FIELD_LABELS:
            combo = QComboBox()
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos[field] = combo
            mark = " *" if field in REQUIRED else ""
            label = labels.import_field(field)
            mapping_form.addRow(self.tr("{label}{mark}：").format(label=label, mark=mark), combo)
        self.file_info = QLabel()
        self.file_info.setTextFormat(Qt.TextFormat.PlainText)
        mapping_form.addRow(self.file_info)

        self.table = QTableWidget(0, len(FIELD_LABELS))
        self.table.setHorizontalHeaderLabels([labels.import_field(f) for f in FIELD_LABELS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        preview_box = QGroupBox(
            self.tr("预览（前 {n} 行，按上面的对应关系读取）").format(n=PREVIEW_ROWS)
        )
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.table)

        self.account = QComboBox()
        self.account.setEditable(True)
        self.account.addItem(DEFAULT_IMPORT_ACCOUNT)
        self.account.setToolTip(self.tr("导入到哪个账号；输入新名称将新建一个“文件导入”账号"))
        target_row = QHBoxLayout()
        target_row.addWidget(QLabel(self.tr("导入到账号：")))
        target_row.addWidget(self.account, 1)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self._progress.connect(self._show_progress)
        self.feedback = ResultLabel()
        self.bad_rows = QPlainTextEdit()
        self.bad_rows.setReadOnly(True)
        self.bad_rows.setMaximumHeight(110)
        self.bad_rows.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.import_button = QPushButton(self.tr("开始导入"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.copy_button = QPushButton(self.tr("复制未导入行"))
        self.copy_button.hide()
        self.copy_button.clicked.connect(self.copy_bad_rows)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(mapping_box)
        top.addWidget(preview_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addLayout(top, 1)
        layout.addLayout(target_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.feedback)
        layout.addWidget(self.bad_rows)
        layout.addWidget(self.buttons)
        self._load_accounts()

    # --- file and mapping -------------------------------------------------------------------

    def _load_accounts(self) -> None:
        db = self.db

        def read() -> list[AccountView]:
            with db.session() as session:
                return list_accounts(session)

        run_op(read, on_done=self._accounts_loaded, on_error=self.feedback.show_error, parent=self)

    def _accounts_loaded(self, views: list[AccountView]) -> None:
        current = self.account.currentText()
        names = [DEFAULT_IMPORT_ACCOUNT] + [
            v.name for v in views if v.name != DEFAULT_IMPORT_ACCOUNT
        ]
        self.account.clear()
        for name in names:
            self.account.addItem(name)
        self.account.setCurrentText(current)

    def choose_file(self) -> None:
        """Ask for a file, then read its columns."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择评论导出文件"),
            "",
            self.tr("评论导出文件 (*.csv *.tsv *.txt *.xlsx *.xlsm *.json);;所有文件 (*)"),
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Read the file's columns and first rows in the background with the detected mapping."""
        self.path = path
        self.file.setText(str(path))
        self.summary = None
        self._clear_summary()
        self._read_preview(None)

    def mapping(self) -> ColumnMapping:
        """The mapping as the combo boxes show it."""
        return ColumnMapping(
            {
                field: combo.currentData()
                for field, combo in self.combos.items()
                if combo.currentData()
            }
        )

    def set_column(self, field: str, header: str | None) -> None:
        """Point one field at a column (None: do not import it), as the user would."""
        combo = self.combos[field]
        combo.setCurrentIndex(combo.findData(header) if header else 0)

    def _read_preview(self, mapping: ColumnMapping | None) -> None:
        path = self.path
        if path is None:
            return
        self.import_button.setEnabled(False)
        run_op(
            lambda: preview(path, mapping, n=PREVIEW_ROWS),
            on_done=self._preview_ready,
            on_error=self._preview_failed,
            parent=self,
        )

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview_data = None
        self.table.setRowCount(0)
        self.feedback.show_error(exc)

    def _preview_ready(self, data: Preview) -> None:
        self.preview_data = data
        self._filling = True
        for field, combo in self.combos.items():
            combo.clear()
            combo.addItem(self.tr("（不导入）"), None)
            for header in data.headers:
                if header:
                    combo.addItem(header, header)
            chosen = data.mapping.columns.get(field)
            combo.setCurrentIndex(combo.findData(chosen) if chosen else 0)
        self._filling = False
        self.file_info.setText(
            self.tr("编码：{encoding}，共 {n} 列").format(
                encoding=data.encoding, n=len(data.headers)
            )
        )
        self._fill_table(data)
        self._check_ready()

    def _fill_table(self, data: Preview) -> None:
        fields = list(FIELD_LABELS)
        self.table.setRowCount(len(data.rows))
        for r, row in enumerate(data.rows):
            for c, field in enumerate(fields):
                text = row.get(field, "")
                item = QTableWidgetItem(labels.single_line(text, 120))
                item.setToolTip(labels.plain_tooltip(text) if text else "")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    @Slot()
    def _mapping_changed(self) -> None:
        if self._filling or self.path is None:
            return
        self._read_preview(self.mapping())

    def _check_ready(self) -> None:
        missing = self.mapping().missing()
        if missing:
            names = labels.listed(
                self.tr("“{field}”").format(field=labels.import_field(f)) for f in missing
            )
            self.feedback.show_warning(self.tr("请为{names}指定文件中的列。").format(names=names))
        elif self.summary is None:
            self.feedback.clear_result()
        self.import_button.setEnabled(not missing)

    # --- import -----------------------------------------------------------------------------

    def start_import(self) -> None:
        """Import the whole file in the background, showing how many rows have been read."""
        path = self.path
        if path is None or self.mapping().missing():
            return
        db, actor, ingestor, mapping = self.db, self.actor, self.ingestor, self.mapping()
        account = self.account.currentText().strip() or DEFAULT_IMPORT_ACCOUNT
        self._clear_summary()
        self.import_button.setEnabled(False)
        self.progress.setFormat(self.tr("正在导入……"))
        self.progress.show()
        self.feedback.show_busy(self.tr("正在导入，请稍候……"))
        emit = self._progress.emit
        run_op(
            lambda: import_file(
                db,
                path,
                account_name=account,
                mapping=mapping,
                actor=actor,
                ingestor=ingestor,
                progress=emit,
            ),
            on_done=self._imported,
            on_error=self._import_failed,
            parent=self,
            write=True,
        )

    @Slot(int)
    def _show_progress(self, rows: int) -> None:
        self.progress.setFormat(self.tr("已读取 {n} 行").format(n=f"{rows:,}"))

    def _import_failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.import_button.setEnabled(True)
        self.feedback.show_error(exc)

    def _imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.progress.hide()
        self.import_button.setEnabled(True)
        text = self.tr(
            "导入完成：共读取 {read} 行，新增 {added} 条评论，{already} 条此前已导入（未重复添加）。"
        ).format(
            read=f"{summary.read:,}",
            added=f"{summary.added:,}",
            already=f"{summary.already_there:,}",
        )
        if summary.bad_rows:
            text += self.tr("\n以下 {n} 行未能导入（可复制后对照原文件修改）：").format(
                n=f"{len(summary.bad_rows):,}"
            )
            self.feedback.show_warning(text)
            self.bad_rows.setPlainText(bad_rows_text(summary.bad_rows))
            self.bad_rows.show()
            self.copy_button.show()
        else:
            self.feedback.show_ok(text)
        self.imported.emit(summary)

    def _clear_summary(self) -> None:
        self.bad_rows.clear()
        self.bad_rows.hide()
        self.copy_button.hide()

    def copy_bad_rows(self) -> None:
        """Put the list of rows not imported on the clipboard."""
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.bad_rows.toPlainText())
