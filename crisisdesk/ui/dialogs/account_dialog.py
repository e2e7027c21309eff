"""添加账号 (add account): platform, names, address, settings, credentials, a test, then save."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.connectors.base import AccountCheck, MemoryTokens, TokenBundle
from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import Platform
from crisisdesk.services.accounts import AccountView, add_account
from crisisdesk.services.authorize import OFFICIAL_HOSTS
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.dialogs.account_pages import PAGES, PlatformPage
from crisisdesk.ui.dialogs.common import ResultLabel, check_text
from crisisdesk.ui.ops import run_op


def check_unsaved(
    platform: Platform,
    *,
    base_url: str | None,
    settings: dict[str, Any],
    credentials: TokenBundle | None,
) -> AccountCheck:
    """Run a connector's check() on settings not saved yet (the secrets stay in memory)."""
    from crisisdesk.connectors.registry import create_connector

    merged = {**settings, "base_url": base_url} if base_url else dict(settings)
    tokens = MemoryTokens(credentials) if credentials is not None else None
    connector = create_connector(platform, settings=merged, credentials=tokens)
    try:
        return connector.check()
    finally:
        connector.close()


class AccountDialog(QDialog):
    """Collects a new account, lets the user test it, and saves it through the accounts service."""

    saved = Signal(object)  # AccountView

    def __init__(
        self,
        db: Database,
        *,
        store: CredentialStore,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.store = store
        self.actor = actor
        self.view: AccountView | None = None
        self.last_check: AccountCheck | None = None
        self.setWindowTitle(self.tr("添加账号"))
        self.setMinimumWidth(560)

        self.platform = QComboBox()
        self.pages: list[PlatformPage] = []
        self.stack = QStackedWidget()
        for page_type in PAGES:
            page = page_type()
            self.pages.append(page)
            self.stack.addWidget(page)
            self.platform.addItem(labels.platform(page.platform.value), page.platform.value)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("本单位对该账号的称呼，如“市政务微博”"))
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(self.tr("公众看到的名称（可不填）"))
        self.base_url = QLineEdit()

        basics = QFormLayout()
        basics.addRow(self.tr("平台："), self.platform)
        basics.addRow(self.tr("账号名称："), self.name)
        basics.addRow(self.tr("显示名称："), self.display_name)
        basics.addRow(self.tr("接口地址："), self.base_url)
        self._base_url_row = basics.rowCount() - 1
        self._basics = basics
        details = QGroupBox(self.tr("连接设置与凭据"))
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.stack)

        self.feedback = ResultLabel()
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.clicked.connect(self.test_connection)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(basics)
        layout.addWidget(details)
        layout.addWidget(self.feedback)
        layout.addWidget(self.buttons)
        self.platform.currentIndexChanged.connect(self._platform_changed)
        self._platform_changed()

    # --- form -------------------------------------------------------------------------------

    def page(self) -> PlatformPage:
        """The page of the chosen platform."""
        return self.pages[self.platform.currentIndex()]

    def set_platform(self, platform: Platform) -> None:
        """Choose a platform (as the user would with the combo box)."""
        self.platform.setCurrentIndex(self.platform.findData(platform.value))

    def _platform_changed(self) -> None:
        page = self.page()
        # A stacked widget sizes itself to its largest page; let only the shown page count.
        for other in self.pages:
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        host = OFFICIAL_HOSTS.get(page.platform)
        self._basics.setRowVisible(self._base_url_row, host is not None)
        self.base_url.setPlaceholderText(
            self.tr("默认：{host}（可填单位网关地址）").format(host=host) if host else ""
        )
        self.feedback.clear_result()
        self.adjustSize()

    def _base_url(self) -> str | None:
        text = self.base_url.text().strip().rstrip("/")
        return text if text and self.page().platform in OFFICIAL_HOSTS else None

    def _problem(self) -> str | None:
        if not self.name.text().strip():
            return self.tr("请填写账号名称。")
        url = self._base_url()
        if url is not None and not url.startswith(("https://", "http://")):
            return self.tr("接口地址应以 https:// 开头。")
        return self.page().problem()

    def _busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)

    # --- test and save ----------------------------------------------------------------------

    def test_connection(self) -> None:
        """Check the account as filled in, in the background, and show what the platform said."""
        page = self.page()
        problem = page.problem()
        if problem:
            self.feedback.show_error(problem)
            return
        platform, base_url = page.platform, self._base_url()
        settings, credentials = page.settings(), page.credentials()
        self.feedback.show_busy(self.tr("正在测试连接……"))
        self._busy(True)
        run_op(
            lambda: check_unsaved(
                platform, base_url=base_url, settings=settings, credentials=credentials
            ),
            on_done=self._tested,
            on_error=self._failed,
            parent=self,
        )

    def _tested(self, check: AccountCheck) -> None:
        self._busy(False)
        self.last_check = check
        if check.ok:
            self.feedback.show_ok(check_text(check))
        else:
            self.feedback.show_warning(check_text(check))

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.feedback.show_error(exc)

    def save(self) -> None:
        """Save the account (credentials to the keyring only); errors stay in the dialog."""
        problem = self._problem()
        if problem:
            self.feedback.show_error(problem)
            return
        page = self.page()
        db, store, actor = self.db, self.store, self.actor
        kwargs: dict[str, Any] = {
            "platform": page.platform,
            "name": self.name.text().strip(),
            "display_name": self.display_name.text().strip() or None,
            "base_url": self._base_url(),
            "settings": page.settings(),
            "credentials": page.credentials(),
        }
        self.feedback.show_busy(self.tr("正在保存……"))
        self._busy(True)
        run_op(
            lambda: add_account(db, store, actor=actor, **kwargs),
            on_done=self._saved,
            on_error=self._failed,
            parent=self,
            write=True,
        )

    def _saved(self, view: AccountView) -> None:
        self._busy(False)
        self.view = view
        self.saved.emit(view)
        self.accept()
