"""本单位变量: the office-wide values ({联系电话}, {办理单位} ...) every template preview and reply uses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.errors import UserFacingError
from crisisdesk.services.template_preview import office_values, set_office_values
from crisisdesk.storage.db import Database
from crisisdesk.templating import KNOWN_VARIABLES
from crisisdesk.ui.ops import report_error, run_op

OFFICE_NAMES = tuple(name for name, spec in KNOWN_VARIABLES.items() if spec.source == "office")


def load_values(db: Database) -> dict[str, str]:
    """The office's current values (defaults where none were set)."""
    with db.session() as session:
        return office_values(session)


def save_values(db: Database, values: dict[str, str], by: int | None) -> None:
    """Store the office's values (recorded in the audit trail)."""
    with db.session() as session:
        set_office_values(session, values, by=by)


class OfficeValuesDialog(QDialog):
    """One field per office variable, with what it means and a typical value as the hint."""

    def __init__(self, db: Database, *, by: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.by = by
        self.saved = False
        self.setWindowTitle(self.tr("本单位变量"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr("这些取值用于所有模板的预览和回复，例如 {联系电话}。留空的变量在回复前须补充。")
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name in OFFICE_NAMES:
            spec = KNOWN_VARIABLES[name]
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("如：{sample}").format(sample=spec.sample))
            edit.setToolTip(spec.description)
            self.fields[name] = edit
            form.addRow(f"{{{name}}}", edit)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        run_op(lambda: load_values(db), on_done=self._on_values, parent=self)

    def _on_values(self, values: dict[str, str]) -> None:
        for name, edit in self.fields.items():
            edit.setText(values.get(name, ""))

    @Slot()
    def save(self) -> None:
        """Store the values and close."""
        values = {name: edit.text().strip() for name, edit in self.fields.items()}
        by = self.by

        def on_done(_result: object) -> None:
            self.saved = True
            self.accept()

        def on_error(exc: BaseException) -> None:
            if isinstance(exc, UserFacingError):
                self.status.setText(str(exc))
            else:
                report_error(exc, parent=self)

        run_op(
            lambda: save_values(self.db, values, by),
            on_done=on_done,
            on_error=on_error,
            parent=self,
            write=True,
        )
