"""回复模板 (reply templates): the library by category, the editor, versions and review, usage, trials."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.domain import Changes, TemplateCategory
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.changes import ChangesBridge
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.base import Pane
from crisisdesk.ui.panes.templates_data import (
    LibraryData,
    Me,
    TemplateBundle,
    current_username,
    find_me,
    load_library,
    load_template,
    who_am_i,
)
from crisisdesk.ui.panes.templates_editor import TemplateEditor
from crisisdesk.ui.panes.templates_import import (
    TemplateImportDialog,
    ask_export_path,
    export_library,
)
from crisisdesk.ui.panes.templates_library import LibraryModel, approved_latest
from crisisdesk.ui.panes.templates_trial import TrialPanel
from crisisdesk.ui.panes.templates_usage import UsagePanel
from crisisdesk.ui.panes.templates_versions import VersionsPanel
from crisisdesk.ui.widgets.empty_state import EmptyStateStack

SEARCH_DELAY_MS = 300
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1


class TemplatesPane(Pane):
    """Library on the left (category filter, search); the selected template's tabs on the right."""

    def __init__(
        self,
        db: Database,
        changes: ChangesBridge,
        parent: QWidget | None = None,
        *,
        username: str | None = None,
    ) -> None:
        super().__init__(db, changes, parent)
        self.me: Me | None = None
        self._username = username
        self._selected_id: int | None = None
        self._category: str | None = None
        self._generation = 0

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索名称、正文或标签（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._schedule_search)
        self.show_retired = QCheckBox(self.tr("显示已停用"))
        self.show_retired.toggled.connect(self.reload)
        self.new_button = QPushButton(self.tr("新建模板"))
        self.new_button.setToolTip(self.tr("新建模板（Ctrl+Shift+N）"))
        self.new_button.clicked.connect(self.new_template)
        self.import_button = QPushButton(self.tr("导入…"))
        self.import_button.setToolTip(self.tr("导入 YAML 或 Excel 模板库；导入前列出冲突"))
        self.import_button.clicked.connect(self.import_library)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setToolTip(self.tr("把本单位共享的模板导出为 YAML 或 Excel"))
        self.export_button.clicked.connect(self.export_library)
        self.me_label = QLabel()
        self.me_label.setTextFormat(Qt.TextFormat.PlainText)
        self.me_label.setStyleSheet("color: #5f6368;")
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.search, 2)
        toolbar.addWidget(self.show_retired)
        toolbar.addStretch(1)
        toolbar.addWidget(self.me_label)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.import_button)
        toolbar.addWidget(self.export_button)

        self.categories = QListWidget()
        self.categories.setMaximumWidth(150)
        self.categories.currentItemChanged.connect(self._on_category)
        self._fill_categories({}, 0)

        # The model belongs to its view, so the view never outlives it during teardown.
        self.view = QTableView()
        self.model = LibraryModel(self.view)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        # The name matters most: it keeps a generous width and the scenario column takes the rest.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 190)
        for column in (1, 3, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setStyleSheet("color: #5f6368;")
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.view, 1)
        table_layout.addWidget(self.count_label)
        self.table_stack = EmptyStateStack(table_box, self.tr("没有符合条件的模板。"))

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.editor = TemplateEditor(db)
        self.body = self.editor.texts["body"]
        self.editor.saved.connect(self._on_saved)
        self.versions = VersionsPanel(db)
        self.versions.changed.connect(self._reload_selected)
        self.usage = UsagePanel(db)
        self.usage.open_template.connect(self.open_template)
        self.trial = TrialPanel(db)
        self.trial.open_template.connect(self.open_template)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, self.tr("编辑与预览"))
        self.tabs.addTab(self.versions, self.tr("版本与审核"))
        self.tabs.addTab(self.usage, self.tr("使用情况"))
        self.tabs.addTab(self.trial, self.tr("试一试"))
        self.tabs.currentChanged.connect(self._on_tab)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.meta)
        right_layout.addWidget(self.tabs, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.categories)
        splitter.addWidget(self.table_stack)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([130, 520, 750])
        splitter.setChildrenCollapsible(False)
        # With no templates at all there is nothing to filter or edit: one message fills the pane.
        self.list_stack = EmptyStateStack(
            splitter,
            self.tr("暂无模板。\n导入单位的回复口径库或新建模板并经审核后，模板将显示在这里。"),
        )
        self.list_stack.set_empty(False)
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.list_stack, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        for keys, slot in (("Ctrl+F", self._focus_search), ("Ctrl+Shift+N", self.new_template)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        changes.changed.connect(self.on_changes)
        self.editor.load_comments()
        self._find_me(username or current_username())

    # --- loading ------------------------------------------------------------------------------

    def _find_me(self, name: str) -> None:
        """Look the operator up; only a first visit creates the row (on the writer thread)."""

        def found(me: Me | None) -> None:
            if me is not None:
                self._on_me(me)
            else:
                run_op(
                    lambda: who_am_i(self.db, name), on_done=self._on_me, parent=self, write=True
                )

        run_op(lambda: find_me(self.db, name), on_done=found, parent=self)

    def _on_me(self, me: Me) -> None:
        self.me = me
        self.editor.set_operator(me.id, is_admin=me.is_admin)
        self.trial.viewer_id = me.id
        self.versions.set_me(me)
        roles = labels.listed(labels.role(r) for r in sorted(me.roles))
        self.me_label.setText(
            self.tr("当前：{name}（{roles}）").format(name=me.display_name, roles=roles)
        )
        self.reload()

    def _fill_categories(self, counts: dict[str, int], total: int) -> None:
        self.categories.blockSignals(True)
        self.categories.clear()
        entries: list[tuple[str | None, str]] = [(None, self.tr("全部"))]
        entries += [(c.value, labels.template_category(c.value)) for c in TemplateCategory]
        for key, label in entries:
            n = total if key is None else counts.get(key, 0)
            item = QListWidgetItem(self.tr("{label}（{n}）").format(label=label, n=n))
            item.setData(CATEGORY_ROLE, key)
            self.categories.addItem(item)
            if key == self._category:
                self.categories.setCurrentItem(item)
        self.categories.blockSignals(False)

    @Slot()
    def _schedule_search(self) -> None:
        self._search_timer.start()

    @Slot()
    def reload(self) -> None:
        """Search the library again with the current words, category and retired switch."""
        self._search_timer.stop()
        self._generation += 1
        generation = self._generation
        query, category = self.search.text().strip(), self._category
        retired = self.show_retired.isChecked()
        viewer = self.me.id if self.me else None
        run_op(
            lambda: load_library(
                self.db, query=query, category=category, viewer_id=viewer, include_retired=retired
            ),
            on_done=lambda data: self._on_list(generation, query, data),
            parent=self,
        )

    def _on_list(self, generation: int, query: str, data: LibraryData) -> None:
        if generation != self._generation:
            return  # a newer search is on its way
        self._fill_categories(data.counts, data.total)
        self.model.set_records(data.templates)
        self.list_stack.set_empty(
            data.total == 0 and not query and not self.show_retired.isChecked()
        )
        self.table_stack.set_empty(not data.templates)
        self.count_label.setText(self.tr("共 {n} 个模板").format(n=len(data.templates)))
        row = self.model.row_of(self._selected_id) if self._selected_id is not None else -1
        if row < 0 and data.templates and not self.editor.dirty:
            row = 0  # never replace wording the user is still typing
        if row >= 0:
            self.view.selectRow(row)
        self.mark_loaded()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_category(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self._category = current.data(CATEGORY_ROLE) if current is not None else None
        self.reload()

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        template_id = self.model.record(rows[0].row()).id
        if template_id == self._selected_id and self.editor.template_id == template_id:
            return
        if self.editor.dirty and not self._confirm_discard():
            self._reselect(self._selected_id)
            return
        self._selected_id = template_id
        self._load_bundle(template_id, into_editor=True)

    def _confirm_discard(self) -> bool:
        """Ask before unsaved wording is replaced (on a display with nobody to ask: go ahead)."""
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QMessageBox

        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            return True
        answer = QMessageBox.question(
            self,
            self.tr("放弃修改"),
            self.tr("当前模板有尚未保存的修改，确定放弃这些修改吗？"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _reselect(self, template_id: int | None) -> None:
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        self.view.clearSelection()
        row = self.model.row_of(template_id) if template_id is not None else -1
        if row >= 0:
            self.view.selectRow(row)
        selection.blockSignals(False)

    def _load_bundle(self, template_id: int, *, into_editor: bool) -> None:
        run_op(
            lambda: load_template(self.db, template_id),
            on_done=lambda bundle: self._on_bundle(template_id, bundle, into_editor),
            parent=self,
        )

    def _on_bundle(self, template_id: int, bundle: TemplateBundle, into_editor: bool) -> None:
        if template_id != self._selected_id:
            return
        info = bundle.info
        self.title.setText(info.name)
        self.meta.setText(self._meta_text(bundle))
        if into_editor or not self.editor.dirty:
            self.editor.show_template(bundle)
        self.versions.show_bundle(bundle)

    def _meta_text(self, bundle: TemplateBundle) -> str:
        info, names = bundle.info, bundle.names
        approved = info.approved
        if approved is None:
            review = self.tr("尚无审核通过的版本")
        else:
            review = self.tr("第 {n} 版已于 {when} 由 {who} 审核通过").format(
                n=approved.number,
                when=labels.when(approved.approved_at),
                who=names.get(approved.approved_by_id or 0, self.tr("审核人")),
            )
        parts = [
            labels.template_category(info.category.value),
            self.tr("最新第 {n} 版（共 {count} 个版本）").format(
                n=info.latest.number, count=info.version_count
            ),
            review,
        ]
        if bundle.policy.require_approval and not approved_latest(info):
            parts.append(self.tr("按本单位规定，回复只能使用审核通过的版本"))
        if info.retired:
            parts.append(self.tr("已停用"))
        return " · ".join(parts)

    # --- actions ------------------------------------------------------------------------------

    @Slot()
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot()
    def new_template(self) -> None:
        """Clear the editor for a new template (in the category being shown)."""
        if self.editor.dirty and not self._confirm_discard():
            return
        self._selected_id = None
        self.view.clearSelection()
        self.title.setText(self.tr("新建模板"))
        self.meta.setText(self.tr("保存后生成第 1 版；按本单位规定可能需要审核后才能用于回复。"))
        self.editor.new_template(self._category)
        self.versions.show_bundle(None)
        self.tabs.setCurrentWidget(self.editor)
        self.editor.name.setFocus()

    @Slot(int)
    def open_template(self, template_id: int) -> None:
        """Show a template (from the usage table or a suggestion) in the editor."""
        if self.editor.dirty and not self._confirm_discard():
            return
        self._selected_id = template_id
        self.tabs.setCurrentWidget(self.editor)
        row = self.model.row_of(template_id)
        if row >= 0:
            self.view.selectRow(row)
        self._load_bundle(template_id, into_editor=True)

    @Slot(int)
    def _on_saved(self, template_id: int) -> None:
        self._selected_id = template_id
        self.reload()
        self._load_bundle(template_id, into_editor=True)

    @Slot()
    def _reload_selected(self) -> None:
        self.reload()
        if self._selected_id is not None:
            self._load_bundle(self._selected_id, into_editor=False)

    @Slot()
    def import_library(self) -> None:
        """Open the import dialog (conflicts are listed before anything is written)."""
        dialog = TemplateImportDialog(self.db, by=self.me.id if self.me else None, parent=self)
        if dialog.exec():
            self.reload()

    @Slot()
    def export_library(self) -> None:
        """Export the shared library to YAML or XLSX."""
        path = ask_export_path(self)
        if path is None:
            return
        by = self.me.id if self.me else None
        run_op(
            lambda: export_library(self.db, path, by),
            on_done=lambda n: self.count_label.setText(
                self.tr("已导出 {n} 个模板到 {file}").format(n=n, file=path.name)
            ),
            parent=self,
            write=True,
        )

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.usage:
            self.usage.reload()

    @Slot(object, object)
    def on_changes(self, changes: Changes, initiator: object | None) -> None:
        """Template edits, approvals and usage reload the list and the open template."""
        if not changes.templates:
            return
        self.reload()
        if self._selected_id is not None:
            self._load_bundle(self._selected_id, into_editor=False)
        if self.tabs.currentWidget() is self.usage:
            self.usage.reload()
