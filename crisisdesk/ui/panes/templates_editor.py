"""The template editor: details, the body and its platform versions, checks while typing, a live preview."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import Intent, Platform, TemplateCategory
from crisisdesk.services.templates import TemplateInfo
from crisisdesk.storage.db import Database
from crisisdesk.templating import KNOWN_VARIABLES, Problem
from crisisdesk.ui import labels
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.templates_data import (
    VARIANT_KEYS,
    Draft,
    DraftReport,
    TemplateBundle,
    check_draft,
    format_variables,
    parse_variables,
    save_draft,
    split_tags,
)
from crisisdesk.ui.panes.templates_preview import PreviewBox
from crisisdesk.ui.panes.templates_text import CheckedTextEdit

CHECK_DELAY_MS = 250
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def scenario_tags(text: str) -> list[str]:
    """Scenario tags as typed; an intent written by its interface name is stored by its value."""
    # Whole items first: an English intent name ("Help request") holds a space, where split_tags
    # would cut it.
    by_name = {labels.intent(i.value): i.value for i in Intent}
    out: list[str] = []
    for item in re.split("[、,，;；]", text):
        name = item.strip()
        out.extend([by_name[name]] if name in by_name else split_tags(name))
    return out


class TemplateEditor(QWidget):
    """Edits one template (or a new one); saving makes a new version and emits `saved(template_id)`."""

    saved = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.operator_id: int | None = None
        self.template_id: int | None = None
        self.retired = False
        self._generation = 0
        self._loading = False
        self.dirty = False  # typed since the last load or save
        self.last_report: DraftReport | None = None

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("例如：停水抢修进展说明"))
        self.category = QComboBox()
        for cat in TemplateCategory:
            self.category.addItem(labels.template_category(cat.value), cat.value)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("检索与推荐用的关键词，用顿号分隔，如：停水、抢修"))
        self.scenario_tags = QLineEdit()
        self.scenario_tags.setPlaceholderText(self.tr("适用的事件类型或诉求，如：服务故障、投诉"))
        self.shared = QCheckBox(self.tr("共享给本单位"))
        self.shared.setChecked(True)
        self.team = QLineEdit()
        self.team.setPlaceholderText(self.tr("仅限某一小组时填写"))
        self.variables = QLineEdit()
        self.variables.setPlaceholderText(self.tr("本模板自有的变量及默认值，如：活动时间=本周六"))
        sharing = QHBoxLayout()
        sharing.addWidget(self.shared)
        sharing.addWidget(QLabel(self.tr("小组：")))
        sharing.addWidget(self.team, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        top = QHBoxLayout()
        top.addWidget(self.name, 3)
        top.addWidget(QLabel(self.tr("分类：")))
        top.addWidget(self.category, 1)
        form.addRow(self.tr("名称："), top)
        form.addRow(self.tr("标签："), self.tags)
        form.addRow(self.tr("场景标签："), self.scenario_tags)
        form.addRow(self.tr("范围："), sharing)
        form.addRow(self.tr("自有变量："), self.variables)

        self.texts: dict[str, CheckedTextEdit] = {"body": CheckedTextEdit()}
        self.texts["body"].setPlaceholderText(
            self.tr(
                "回复正文。变量写作 {用户昵称} 或 {用户昵称|网友}，引用其他模板写作 {>标准结束语}。"
            )
        )
        for key in VARIANT_KEYS:
            edit = CheckedTextEdit()
            edit.setPlaceholderText(
                self.tr("留空则在{platform}使用通用正文。").format(platform=labels.platform(key))
            )
            self.texts[key] = edit
        self.text_tabs = QTabWidget()
        self.text_tabs.addTab(self.texts["body"], self.tr("通用正文"))
        for key in VARIANT_KEYS:
            self.text_tabs.addTab(self.texts[key], self._tab_title(key, None))
        self.insert_button = QToolButton()
        self.insert_button.setText(self.tr("插入变量"))
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.insert_button)
        for spec in KNOWN_VARIABLES.values():
            action = menu.addAction(f"{spec.name} — {spec.description}")
            action.triggered.connect(lambda _c=False, n=spec.name: self.insert_variable(n))
        self.insert_button.setMenu(menu)
        self.text_tabs.setCornerWidget(self.insert_button)
        self.count_label = _plain(QLabel())
        self.problems = QListWidget()
        self.problems.setMaximumHeight(84)
        self.problems.itemActivated.connect(self._go_to_problem)
        self.problems.itemClicked.connect(self._go_to_problem)

        self.preview_box = PreviewBox(db)
        self.preview_box.changed.connect(self._schedule)
        # Short names for what tests and the pane read most.
        self.comment_picker = self.preview_box.comment_picker
        self.preview = self.preview_box.preview
        self.preview_label = self.preview_box.preview_label
        self.office_button = self.preview_box.office_button

        edit_box = QWidget()
        edit_layout = QVBoxLayout(edit_box)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        edit_layout.addWidget(self.text_tabs, 1)
        edit_layout.addWidget(self.count_label)
        edit_layout.addWidget(self.problems)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(edit_box)
        splitter.addWidget(self.preview_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("修改说明（记入版本历史），如：补充办理时限"))
        self.save_button = QPushButton(self.tr("保存为新版本"))
        self.save_button.setToolTip(self.tr("保存（Ctrl+S）：正文有改动时生成新版本，原有版本保留"))
        self.save_button.clicked.connect(self.save)
        self.status = _plain(QLabel())
        save_row = QHBoxLayout()
        save_row.addWidget(self.note, 1)
        save_row.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addLayout(save_row)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        for edit in self.texts.values():
            edit.textChanged.connect(self._on_text_changed)
        for line in (self.name, self.tags, self.scenario_tags, self.team, self.variables):
            line.textEdited.connect(self._mark_dirty)
        self.category.activated.connect(self._mark_dirty)
        self.shared.clicked.connect(self._mark_dirty)
        self.name.textChanged.connect(self._schedule)
        self.variables.textChanged.connect(self._schedule)
        self.text_tabs.currentChanged.connect(self._schedule)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.new_template()

    # --- filling ------------------------------------------------------------------------------

    def load_comments(self) -> None:
        """Fill the preview's comment picker with the newest comments."""
        self.preview_box.load_comments()

    def new_template(self, category: str | None = None) -> None:
        """Start a new template."""
        self._loading = True
        self.template_id = None
        self.retired = False
        self.name.clear()
        self.name.setReadOnly(False)
        index = self.category.findData(category) if category else 0
        self.category.setCurrentIndex(max(0, index))
        for widget in (self.tags, self.scenario_tags, self.team, self.variables, self.note):
            widget.clear()
        self.shared.setChecked(True)
        for edit in self.texts.values():
            edit.setPlainText("")
        self._loading = False
        self.dirty = False
        self.save_button.setText(self.tr("创建模板"))
        self._set_editable(True)
        self.status.setText(self.tr("新模板：保存后生成第 1 版。"))
        self.text_tabs.setCurrentIndex(0)
        self.check_now()

    def show_template(self, bundle: TemplateBundle) -> None:
        """Show a template's newest version for editing."""
        info = bundle.info
        self._loading = True
        self.template_id = info.id
        self.retired = info.retired
        self.name.setText(info.name)
        self.category.setCurrentIndex(max(0, self.category.findData(info.category.value)))
        self.tags.setText("、".join(info.tags))
        # Intents are stored by value (complaint) and written by their name (投诉 / Complaint).
        intents = {i.value for i in Intent}
        self.scenario_tags.setText(
            "、".join(labels.intent(t) if t in intents else t for t in info.scenario_tags)
        )
        self.shared.setChecked(info.shared)
        self.team.setText(info.team or "")
        self.variables.setText(format_variables(info.latest.variables))
        self.texts["body"].setPlainText(info.latest.body)
        for key in VARIANT_KEYS:
            self.texts[key].setPlainText(info.latest.variants.get(key, ""))
        self.note.clear()
        self._loading = False
        self.dirty = False
        self.save_button.setText(self.tr("保存为新版本"))
        self._set_editable(not info.retired)
        self.status.setText(
            self.tr("该模板已停用：可查看历史，恢复后才能编辑。")
            if info.retired
            else self.tr("正在编辑第 {n} 版；正文有改动时保存为第 {m} 版。").format(
                n=info.latest.number, m=info.latest.number + 1
            )
        )
        self.check_now()  # a freshly opened template shows its problems and preview at once

    def _set_editable(self, editable: bool) -> None:
        for edit in self.texts.values():
            edit.setReadOnly(not editable)
        for line in (
            self.name,
            self.tags,
            self.scenario_tags,
            self.team,
            self.variables,
            self.note,
        ):
            line.setReadOnly(not editable)
        for widget in (self.category, self.shared, self.save_button, self.insert_button):
            widget.setEnabled(editable)

    def set_operator(self, operator_id: int, *, is_admin: bool) -> None:
        """Who saves versions; only an admin may change the office-wide values."""
        self.operator_id = operator_id
        self.preview_box.set_operator(operator_id, is_admin=is_admin)

    def insert_variable(self, name: str) -> None:
        """Insert `{name}` at the cursor of the text being edited."""
        edit = self.current_edit()
        if not edit.isReadOnly():
            edit.insertPlainText("{" + name + "}")
            edit.setFocus()

    def current_key(self) -> str:
        """ "body" or the platform whose version is being edited."""
        return ("body", *VARIANT_KEYS)[max(0, self.text_tabs.currentIndex())]

    def current_edit(self) -> CheckedTextEdit:
        """The text editor on the visible tab."""
        return self.texts[self.current_key()]

    # --- checking -------------------------------------------------------------------------------

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading:
            self.dirty = True

    def _on_text_changed(self) -> None:
        self._mark_dirty()
        edit = self.current_edit()
        self.count_label.setText(
            self.tr("已输入 {n} 字（不含变量展开）").format(n=len(edit.toPlainText()))
        )
        self._schedule()

    def _schedule(self) -> None:
        if not self._loading:
            self._timer.start()

    def _tab_title(self, key: str, length: int | None) -> str:
        name = self.tr("{platform}版本").format(platform=labels.platform(key))
        limit = Platform(key).reply_limit
        if length is None or limit is None:
            return name
        return self.tr("{name}（约 {n}/{limit} 字）").format(name=name, n=length, limit=limit)

    def draft(self) -> Draft:
        """What the editor holds now."""
        variables, _bad = parse_variables(self.variables.text())
        return Draft(
            template_id=self.template_id,
            name=self.name.text().strip(),
            category=TemplateCategory(self.category.currentData()),
            tags=split_tags(self.tags.text()),
            scenario_tags=scenario_tags(self.scenario_tags.text()),
            shared=self.shared.isChecked(),
            team=self.team.text(),
            body=self.texts["body"].toPlainText(),
            variants={
                k: self.texts[k].toPlainText()
                for k in VARIANT_KEYS
                if self.texts[k].toPlainText().strip()
            },
            variables=variables,
            note=self.note.text().strip(),
        )

    @Slot()
    def check_now(self) -> None:
        """Check the draft and refresh the preview (runs in the background)."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        draft = self.draft()
        key = self.current_key()
        comment_id = self.preview_box.comment_id()
        run_op(
            lambda: check_draft(
                self.db,
                name=draft.name,
                body=draft.body,
                variants=draft.variants,
                variables=draft.variables,
                preview_key=key,
                comment_id=comment_id,
            ),
            on_done=lambda report: self._on_report(generation, report),
            parent=self,
        )

    def _on_report(self, generation: int, report: DraftReport) -> None:
        if generation != self._generation:
            return  # the text changed again; a newer check is on its way
        self.last_report = report
        self.problems.clear()
        _variables, bad = parse_variables(self.variables.text())
        for part in bad:
            item = QListWidgetItem(
                self.tr("自有变量：“{part}”应写作 名称=默认值").format(part=part)
            )
            item.setForeground(QColor("#c81e1e"))
            self.problems.addItem(item)
        for index, key in enumerate(("body", *VARIANT_KEYS)):
            found = report.problems.get(key, [])
            self.texts[key].set_problems(found)
            title = (
                self.tr("通用正文")
                if key == "body"
                else self._tab_title(key, report.lengths.get(key))
            )
            self.text_tabs.setTabText(index, title)
            self.text_tabs.tabBar().setTabTextColor(index, QColor("#c81e1e") if found else QColor())
            for problem in sorted(found, key=lambda p: (p.line, p.column)):
                self._add_problem(key, problem)
        if self.problems.count() == 0:
            item = QListWidgetItem(self.tr("未发现问题。"))
            item.setForeground(QColor("#1e6b2e"))
            self.problems.addItem(item)
        self.preview_box.show_report(report)

    def _add_problem(self, key: str, problem: Problem) -> None:
        where = self.tr("通用正文") if key == "body" else labels.platform(key)
        text = self.tr("{where} 第 {line} 行第 {column} 列：{message}").format(
            where=where, line=problem.line, column=problem.column, message=problem.message
        )
        item = QListWidgetItem(text)
        item.setData(PROBLEM_ROLE, (key, problem.start))
        item.setForeground(QColor("#c81e1e" if problem.severity == "error" else "#b06000"))
        self.problems.addItem(item)

    @Slot(QListWidgetItem)
    def _go_to_problem(self, item: QListWidgetItem) -> None:
        target = item.data(PROBLEM_ROLE)
        if not target:
            return
        key, offset = target
        self.text_tabs.setCurrentIndex(("body", *VARIANT_KEYS).index(key))
        self.texts[key].go_to(int(offset))

    # --- saving ---------------------------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        """Create the template or save a new version (in the background, on the writer thread)."""
        if not self.save_button.isEnabled():
            return
        draft = self.draft()
        _variables, bad = parse_variables(self.variables.text())
        if bad:
            self.status.setText(self.tr("自有变量的写法有误，请按“名称=默认值”填写后再保存。"))
            return
        by = self.operator_id
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("正在保存……"))
        run_op(
            lambda: save_draft(self.db, draft, by=by),
            on_done=self._on_saved,
            on_error=self._on_save_failed,
            parent=self,
            write=True,
        )

    def _on_saved(self, info: TemplateInfo) -> None:
        self.save_button.setEnabled(True)
        self.template_id = info.id
        self.dirty = False
        self.note.clear()
        self.status.setText(
            self.tr("已保存：“{name}”当前为第 {n} 版。").format(
                name=info.name, n=info.latest.number
            )
        )
        self.saved.emit(info.id)

    def _on_save_failed(self, exc: BaseException) -> None:
        from crisisdesk.errors import UserFacingError
        from crisisdesk.ui.ops import report_error

        self.save_button.setEnabled(True)
        if isinstance(exc, UserFacingError):
            self.status.setText(str(exc))
        else:
            self.status.setText(self.tr("保存未完成。"))
            report_error(exc, parent=self)
