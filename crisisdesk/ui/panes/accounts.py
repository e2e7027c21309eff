"""账号管理 (accounts): every connected account, its sync state, and the actions on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.connectors.base import AccountCheck
from crisisdesk.domain import AccountStatus, Changes, Platform
from crisisdesk.services.accounts import AccountView, list_accounts, remove_account
from crisisdesk.services.authorize import OAUTH_PLATFORMS
from crisisdesk.services.sync import SyncOutcome
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.dialogs.common import ResultLabel, check_text, local_time
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.base import Pane
from crisisdesk.ui.sync_runner import REFRESH_WARN_DAYS, TOKEN_WARN_DAYS, SyncRunner
from crisisdesk.ui.widgets.empty_state import EmptyStateStack
from crisisdesk.ui.widgets.record_model import Column, RecordTableModel

STATUS_COLOURS = {
    AccountStatus.OK: "#1e6b2e",
    AccountStatus.NEVER: "#5f6368",
    AccountStatus.PAUSED: "#5f6368",
    AccountStatus.RATE_LIMITED: "#9a5b00",
    AccountStatus.ERROR: "#b3261e",
    AccountStatus.AUTH_EXPIRED: "#b3261e",
}
WARN_COLOUR = "#9a5b00"
EXPIRED_COLOUR = "#b3261e"
STATUS_COLUMN = 2
EXPIRY_COLUMN = 5


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def expiry_state(view: AccountView, now: datetime | None = None) -> str:
    """Return "expired", "soon" or "" for the account's access/refresh token."""
    now = now or datetime.now(UTC)
    token, refresh = view.token_expires_at, view.refresh_expires_at
    if token is not None and _aware(token) <= now and (refresh is None or _aware(refresh) <= now):
        return "expired"
    if (token is not None and _aware(token) - now < timedelta(days=TOKEN_WARN_DAYS)) or (
        refresh is not None and _aware(refresh) - now < timedelta(days=REFRESH_WARN_DAYS)
    ):
        return "soon"
    return ""



def expiry_text(view: AccountView, now: datetime | None = None) -> str:
    """The token expiry as the table shows it, with a warning when it runs out soon."""
    if view.token_expires_at is None and view.refresh_expires_at is None:
        return "" if view.platform in (Platform.FILE, Platform.SIMULATOR) else QCoreApplication.translate("AccountsPane", "未知")
    text = local_time(view.token_expires_at) if view.token_expires_at else ""
    if view.refresh_expires_at is not None:
        text += QCoreApplication.translate("AccountsPane", "（刷新令牌 {when}）").format(when=local_time(view.refresh_expires_at))
    state = expiry_state(view, now)
    if state == "expired":
        return QCoreApplication.translate("AccountsPane", "已过期 {text}").format(text=text)
    if state == "soon":
        return QCoreApplication.translate("AccountsPane", "即将到期 {text}").format(text=text)
    return text


class AccountTableModel(RecordTableModel):
    """The account rows, with the status and the expiry coloured."""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            view: AccountView = self.record(index.row())
            if index.column() == STATUS_COLUMN:
                return QBrush(QColor(STATUS_COLOURS[view.status]))
            if index.column() == EXPIRY_COLUMN:
                state = expiry_state(view)
                if state:
                    return QBrush(QColor(EXPIRED_COLOUR if state == "expired" else WARN_COLOUR))
        return super().data(index, role)


class RemoveAccountDialog(QDialog):
    """Asks before removing an account; comments go too only when the user ticks the box."""

    def __init__(self, view: AccountView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("删除账号"))
        self.setMinimumWidth(440)
        text = QLabel(
            self.tr(
                "确定删除{platform}账号“{name}”吗？其授权信息将同时从系统密钥环中删除。"
            ).format(platform=labels.platform(view.platform.value), name=view.name)
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        self.delete_comments = QCheckBox(
            self.tr("同时删除其评论（共 {n} 条，删除后无法恢复）").format(
                n=f"{view.comment_count:,}"
            )
        )
        self.delete_comments.setVisible(view.comment_count > 0)
        note = QLabel(self.tr("该账号下有评论。如只想停止同步，请改用“暂停”。"))
        note.setWordWrap(True)
        note.setVisible(view.comment_count > 0)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("删除"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(view.comment_count == 0)
        self.delete_comments.toggled.connect(ok.setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(note)
        layout.addWidget(self.delete_comments)
        layout.addWidget(self.buttons)


class AccountsPane(Pane):
    """The account table with add, authorise, test, sync, pause/resume, import and remove."""

    def __init__(self, db: Database, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(db, runner.changes, parent)
        self.runner = runner
        self.views: list[AccountView] = []
        self._stale = False
        self._pending_select: int | None = None  # a new account is selected when it appears
        self.model = AccountTableModel(
            [
                Column(self.tr("名称"), lambda v: labels.single_line(v.name, 60), self._name_tip),
                Column(self.tr("平台"), lambda v: labels.platform(v.platform.value)),
                Column(self.tr("状态"), lambda v: labels.account_status(v.status.value)),
                Column(
                    self.tr("上次成功"),
                    lambda v: local_time(v.last_success_at) if v.last_success_at else "—",
                ),
                Column(self.tr("下次同步"), self._next_text),
                Column(self.tr("授权到期"), expiry_text),
                Column(
                    self.tr("评论数"),
                    lambda v: f"{v.comment_count:,}",
                    align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                ),
                Column(
                    self.tr("说明"),
                    lambda v: labels.single_line(v.message or "", 120),
                    lambda v: labels.plain_tooltip(v.message) if v.message else "",
                ),
            ],
            self,
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _index: self.test_selected())
        self.stack = EmptyStateStack(
            self.view,
            self.tr(
                "尚未添加账号。\n点击“添加账号…”接入微博、微信公众号、抖音账号或模拟演练，\n或点击“导入评论文件…”导入平台后台导出的评论表格。"
            ),
        )

        self.add_button = QPushButton(self.tr("添加账号…"))
        self.authorize_button = QPushButton(self.tr("授权…"))
        self.test_button = QPushButton(self.tr("测试连接"))
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.pause_button = QPushButton(self.tr("暂停"))
        self.import_button = QPushButton(self.tr("导入评论文件…"))
        self.remove_button = QPushButton(self.tr("删除…"))
        self.add_button.clicked.connect(self.add_account)
        self.authorize_button.clicked.connect(self.authorize_selected)
        self.test_button.clicked.connect(self.test_selected)
        self.sync_button.clicked.connect(self.sync_selected)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.import_button.clicked.connect(self.import_file)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.authorize_button,
            self.test_button,
            self.sync_button,
            self.pause_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.remove_button)

        self.feedback = ResultLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.feedback)
        self.changes.changed.connect(self._on_changes)
        runner.sync_finished.connect(self._sync_done)
        self._update_buttons()
        self.reload()

    # --- data -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the accounts again in the background."""
        db = self.db

        def read() -> list[AccountView]:
            with db.session() as session:
                return list_accounts(session)

        run_op(read, on_done=self._show, on_error=self.feedback.show_error, parent=self)

    @Slot(object, object)
    def _on_changes(self, changes: Changes, initiator: Any) -> None:
        # Comment counts change with imports, which announce comments but not accounts;
        # triage also announces comments, so a hidden pane only notes that it is stale.
        if changes.accounts or (changes.comments and self.isVisible()):
            self.reload()
        elif changes.comments:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)

    def _show(self, views: list[AccountView]) -> None:
        selected = self.selected()
        self.views = views
        self.model.set_records(views)
        self.stack.set_empty(not views)
        if self._pending_select is not None and self.model.row_of(self._pending_select) >= 0:
            selected = views[self.model.row_of(self._pending_select)]
            self._pending_select = None
        if selected is not None and self.model.row_of(selected.id) >= 0:
            self.view.selectRow(self.model.row_of(selected.id))
        elif views and selected is None:
            self.view.selectRow(0)
        self._update_buttons()
        self.mark_loaded()

    def _name_tip(self, view: AccountView) -> str:
        parts = [view.display_name]
        if view.base_url:
            parts.append(self.tr("接口地址：{url}").format(url=view.base_url))
        return labels.plain_tooltip("\n".join(parts))

    def _next_text(self, view: AccountView) -> str:
        if view.platform is Platform.FILE:
            return self.tr("按需导入")
        if view.paused:
            return self.tr("已暂停")
        if view.status is AccountStatus.AUTH_EXPIRED:
            return self.tr("待重新授权")
        if view.next_attempt_at is None:
            return self.tr("即将开始")
        return local_time(view.next_attempt_at)

    # --- selection --------------------------------------------------------------------------

    def selected(self) -> AccountView | None:
        """The account on the selected row, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select(self, account_id: int) -> None:
        """Select the account with this id."""
        row = self.model.row_of(account_id)
        if row >= 0:
            self.view.selectRow(row)

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        view = self.selected()
        online = view is not None and view.platform is not Platform.FILE
        self.authorize_button.setEnabled(view is not None and view.platform in OAUTH_PLATFORMS)
        self.test_button.setEnabled(online)
        self.sync_button.setEnabled(online and not (view is not None and view.paused))
        self.pause_button.setEnabled(online)
        self.pause_button.setText(
            self.tr("恢复") if view is not None and view.paused else self.tr("暂停")
        )
        self.remove_button.setEnabled(view is not None)

    # --- actions ----------------------------------------------------------------------------

    def add_account(self) -> None:
        """Open the add-account dialog."""
        from crisisdesk.ui.dialogs.account_dialog import AccountDialog

        dialog = AccountDialog(
            self.db, store=self.runner.store, actor=self.runner.actor, parent=self
        )
        dialog.saved.connect(self._account_added)
        dialog.exec()

    def _account_added(self, view: AccountView) -> None:
        self.feedback.show_ok(
            self.tr("已添加{platform}账号“{name}”。").format(
                platform=labels.platform(view.platform.value), name=view.name
            )
        )
        self._pending_select = view.id

    def authorize_selected(self) -> None:
        """Open the authorisation dialog for the selected Weibo or Douyin account."""
        view = self.selected()
        if view is None or view.platform not in OAUTH_PLATFORMS:
            return
        from crisisdesk.ui.dialogs.authorize_dialog import AuthorizeDialog

        dialog = AuthorizeDialog(self.db, store=self.runner.store, account=view, parent=self)
        dialog.authorized.connect(self.after_authorized)
        dialog.exec()

    def after_authorized(self, account_id: int) -> None:
        """New tokens are stored: rebuild the connector and fetch at once."""
        self.runner.forget(account_id)
        self.runner.sync_now(account_id, on_error=self.feedback.show_error)

    def test_selected(self) -> None:
        """Check the selected account's authorisation in the background."""
        view = self.selected()
        if view is None or view.platform is Platform.FILE:
            return
        self.feedback.show_busy(self.tr("正在测试“{name}”的连接……").format(name=view.name))
        self.runner.test_account(view.name, on_done=self._tested, on_error=self.feedback.show_error)

    def _tested(self, check: AccountCheck) -> None:
        if check.ok:
            self.feedback.show_ok(check_text(check))
        else:
            self.feedback.show_warning(check_text(check))

    def sync_selected(self) -> None:
        """Fetch the selected account now."""
        view = self.selected()
        if view is None or view.platform is Platform.FILE:
            return
        self.feedback.show_busy(self.tr("正在同步“{name}”……").format(name=view.name))
        self.runner.sync_now(view.id, on_error=self.feedback.show_error)

    @Slot(object)
    def _sync_done(self, outcome: SyncOutcome) -> None:
        name = next((v.name for v in self.views if v.id == outcome.account_id), "")
        if outcome.status is AccountStatus.OK and outcome.message:
            self.feedback.show_ok(
                self.tr("“{name}”：{message}").format(name=name, message=outcome.message)
            )  # e.g. already syncing
        elif outcome.status is AccountStatus.OK:
            self.feedback.show_ok(
                self.tr("“{name}”同步完成，新增 {n} 条评论。").format(
                    name=name, n=outcome.new_comments
                )
            )
        else:
            self.feedback.show_warning(
                self.tr("“{name}”同步未完成（{status}）：{message}").format(
                    name=name,
                    status=labels.account_status(outcome.status.value),
                    message=outcome.message,
                )
            )

    def toggle_pause(self) -> None:
        """Pause the selected account, or resume it when it is paused."""
        view = self.selected()
        if view is None or view.platform is Platform.FILE:
            return
        paused = not view.paused
        self.runner.set_paused(view.id, paused, on_error=self.feedback.show_error)
        self.feedback.show_ok(
            (
                self.tr("已暂停“{name}”的同步。") if paused else self.tr("已恢复“{name}”的同步。")
            ).format(name=view.name)
        )

    def import_file(self) -> None:
        """Open the import dialog."""
        from crisisdesk.ui.dialogs.import_dialog import ImportDialog

        ImportDialog(self.db, actor=self.runner.actor, parent=self).exec()

    def remove_selected(self) -> None:
        """Ask, then remove the selected account (its comments only when the user ticks the box)."""
        view = self.selected()
        if view is None:
            return
        dialog = RemoveAccountDialog(view, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.remove(view, delete_comments=dialog.delete_comments.isChecked())

    def remove(self, view: AccountView, *, delete_comments: bool) -> None:
        """Remove an account through the accounts service, in the background."""
        db, store, actor, runner = self.db, self.runner.store, self.runner.actor, self.runner
        runner.forget(view.id)

        def done(count: int) -> None:
            extra = self.tr("，并删除其 {n} 条评论").format(n=f"{count:,}") if count else ""
            self.feedback.show_ok(
                self.tr("已删除账号“{name}”及其授权信息{extra}。").format(
                    name=view.name, extra=extra
                )
            )

        run_op(
            lambda: remove_account(
                db, store, view.name, actor=actor, delete_comments=delete_comments
            ),
            on_done=done,
            on_error=self.feedback.show_error,
            parent=self,
            write=True,
        )
