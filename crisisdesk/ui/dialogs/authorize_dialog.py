"""授权 (authorise): the OAuth2 authorization-code flow for a Weibo or Douyin account."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.connectors.oauth import LoopbackCatcher, code_from_text, new_state
from crisisdesk.domain import Platform
from crisisdesk.services.accounts import AccountView
from crisisdesk.services.authorize import (
    DEFAULT_PORT,
    OAUTH_PLATFORMS,
    OFFICIAL_HOSTS,
    WAIT_SECONDS,
    AppKeys,
    authorize_address,
    exchange,
    load_app_keys,
    store_bundle,
)
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.dialogs.common import ResultLabel, local_time, secret_field
from crisisdesk.ui.ops import run_op


def _release(catcher: LoopbackCatcher, state: str) -> None:
    """Answer the catcher's own address once so a waiting thread returns, then stop it."""
    try:
        with urllib.request.urlopen(
            # "code=" makes the catcher parse the query (and refuse it) rather than take it as a code.
            f"{catcher.redirect_uri}?error=cancelled&code=&state={state}",
            timeout=2,
        ):
            pass
    except OSError:
        pass  # it had already stopped listening
    catcher.close()


class AuthorizeDialog(QDialog):
    """Opens the platform's consent page, catches the redirect (or takes a pasted code), stores tokens."""

    authorized = Signal(int)  # account id

    def __init__(
        self,
        db: Database,
        *,
        store: CredentialStore,
        account: AccountView,
        parent: QWidget | None = None,
        open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
        port: int = DEFAULT_PORT,
    ) -> None:
        super().__init__(parent)
        if account.platform not in OAUTH_PLATFORMS:
            raise ValueError(f"{account.platform} has no authorization-code flow")
        self.db = db
        self.store = store
        self.account = account
        self.open_url = open_url
        self.keys: AppKeys | None = None
        self.expires_at: datetime | None = None
        self._catcher: LoopbackCatcher | None = None
        self._state = ""
        self._redirect_uri = ""
        self._lock = threading.Lock()
        self.setWindowTitle(
            self.tr("授权{platform}账号“{name}”").format(
                platform=labels.platform(account.platform.value), name=account.name
            )
        )
        self.setMinimumWidth(600)

        self.client_id = QLineEdit()
        self.client_secret = secret_field()
        self.port = QSpinBox()
        self.port.setRange(1024, 65535)
        self.port.setValue(port or DEFAULT_PORT)
        self._any_port = port == 0
        app = QGroupBox(self.tr("开放平台应用"))
        app_form = QFormLayout(app)
        weibo = account.platform is Platform.WEIBO
        app_form.addRow(self.tr("App Key：") if weibo else self.tr("Client Key："), self.client_id)
        app_form.addRow(
            self.tr("App Secret：") if weibo else self.tr("Client Secret："), self.client_secret
        )
        app_form.addRow(self.tr("本机回调端口："), self.port)
        self.redirect_note = QLabel()
        self.redirect_note.setWordWrap(True)
        app_form.addRow(self.redirect_note)
        self.port.valueChanged.connect(self._update_note)

        self.start_button = QPushButton(self.tr("在浏览器中授权"))
        self.start_button.clicked.connect(self.start)
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setPlaceholderText(self.tr("点击“在浏览器中授权”后，这里显示授权页面地址"))
        browser = QGroupBox(self.tr("第一步：在浏览器中登录并同意授权"))
        browser_layout = QVBoxLayout(browser)
        browser_layout.addWidget(self.start_button)
        browser_layout.addWidget(self.address)

        self.pasted = QLineEdit()
        self.pasted.setPlaceholderText(self.tr("粘贴授权后跳转的完整地址，或其中 code= 后面的内容"))
        self.paste_button = QPushButton(self.tr("提交授权码"))
        self.paste_button.clicked.connect(self.submit_pasted)
        paste = QGroupBox(self.tr("第二步：浏览器跳转后自动完成；若未自动完成，请手动粘贴"))
        paste_layout = QHBoxLayout(paste)
        paste_layout.addWidget(self.pasted, 1)
        paste_layout.addWidget(self.paste_button)

        self.feedback = ResultLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.rejected.connect(self.reject)
        heading = QLabel(
            self.tr("账号：{name}（{platform}）").format(
                name=account.name, platform=labels.platform(account.platform.value)
            )
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(app)
        layout.addWidget(browser)
        layout.addWidget(paste)
        layout.addWidget(self.feedback)
        layout.addWidget(self.buttons)
        self._update_note()
        self._load_keys()

    # --- set-up -----------------------------------------------------------------------------

    def _update_note(self) -> None:
        self.redirect_note.setText(
            self.tr(
                "请在开放平台的应用设置中将授权回调地址登记为：http://127.0.0.1:{port}/callback"
            ).format(port=self.port.value())
        )

    def _load_keys(self) -> None:
        db, store, name = self.db, self.store, self.account.name
        self.start_button.setEnabled(False)
        run_op(
            lambda: load_app_keys(db, store, name),
            on_done=self._keys_loaded,
            on_error=self._failed,
            parent=self,
        )

    def _keys_loaded(self, keys: AppKeys) -> None:
        self.keys = keys
        self.client_id.setText(keys.client_id)
        self.client_secret.setText(keys.client_secret)
        self.start_button.setEnabled(True)

    def _base_url(self) -> str | None:
        return self.account.base_url or OFFICIAL_HOSTS.get(self.account.platform)

    def _app_problem(self) -> str | None:
        if not self.client_id.text().strip() or not self.client_secret.text().strip():
            return self.tr("请填写开放平台应用的 Key 和密钥。")
        return None

    # --- browser flow -----------------------------------------------------------------------

    def start(self) -> None:
        """Listen on the loopback address, open the consent page, and wait for the redirect."""
        problem = self._app_problem()
        if problem:
            self.feedback.show_error(problem)
            return
        self._stop_catcher()
        state = new_state()
        try:
            catcher = LoopbackCatcher(port=0 if self._any_port else self.port.value(), state=state)
        except OSError:
            self.feedback.show_error(
                self.tr(
                    "本机端口 {port} 已被占用，无法接收授权回调。\n请换一个端口并同步修改开放平台登记的回调地址，或手动粘贴授权码。"
                ).format(port=self.port.value())
            )
            return
        with self._lock:
            self._catcher, self._state = catcher, state
        self._redirect_uri = catcher.redirect_uri
        url = authorize_address(
            self.account.platform,
            client_id=self.client_id.text().strip(),
            redirect_uri=catcher.redirect_uri,
            state=state,
            base_url=self._base_url(),
        )
        self.address.setText(url)
        self.address.setCursorPosition(0)
        self.feedback.show_busy(self.tr("请在浏览器中完成授权，完成后本窗口会自动继续……"))
        self.open_url(QUrl(url))
        run_op(
            lambda: catcher.wait(WAIT_SECONDS),
            on_done=lambda code: self._caught(code, catcher),
            on_error=lambda exc: self._wait_failed(exc, catcher),
            parent=self,
        )

    def _caught(self, code: str, catcher: LoopbackCatcher) -> None:
        if self._catcher is catcher:  # else that attempt was cancelled or replaced
            self._got_code(code)

    def _wait_failed(self, exc: BaseException, catcher: LoopbackCatcher) -> None:
        if self._catcher is not catcher:
            return  # that attempt was cancelled or replaced; nothing to report
        self._stop_catcher()
        self._failed(exc)

    def submit_pasted(self) -> None:
        """Take the code from what the user pasted and exchange it."""
        problem = self._app_problem()
        if problem:
            self.feedback.show_error(problem)
            return
        try:
            code = code_from_text(self.pasted.text(), expected_state=self._state or None)
        except Exception as exc:
            self.feedback.show_error(exc)
            return
        if not self._redirect_uri:
            self._redirect_uri = f"http://127.0.0.1:{self.port.value()}/callback"
        self._stop_catcher()
        self._got_code(code)

    # --- exchange and store -----------------------------------------------------------------

    def _got_code(self, code: str) -> None:
        self._stop_catcher()
        platform, base_url = self.account.platform, self._base_url()
        client_id, secret = self.client_id.text().strip(), self.client_secret.text().strip()
        redirect_uri, store, db, name = self._redirect_uri, self.store, self.db, self.account.name

        def finish() -> datetime | None:
            bundle = exchange(
                platform,
                client_id=client_id,
                client_secret=secret,
                code=code,
                redirect_uri=redirect_uri,
                base_url=base_url,
            )
            return store_bundle(db, store, name, bundle)

        self.feedback.show_busy(self.tr("已收到授权码，正在换取访问令牌……"))
        self._set_busy(True)
        run_op(finish, on_done=self._stored, on_error=self._failed, parent=self)

    def _stored(self, expires_at: datetime | None) -> None:
        self._set_busy(False)
        self.expires_at = expires_at
        until = (
            self.tr("授权有效期至 {when}。").format(when=local_time(expires_at))
            if expires_at is not None
            else self.tr("平台未说明授权有效期。")
        )
        self.feedback.show_ok(self.tr("授权成功，访问令牌已存入系统密钥环。") + until)
        self.authorized.emit(self.account.id)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.feedback.show_error(exc)

    def _set_busy(self, busy: bool) -> None:
        self.start_button.setEnabled(not busy)
        self.paste_button.setEnabled(not busy)

    # --- closing ----------------------------------------------------------------------------

    def _stop_catcher(self) -> None:
        with self._lock:
            catcher, self._catcher = self._catcher, None
            state = self._state
        if catcher is not None:
            # Off the GUI thread: the waiting op is released by one local request, then stopped.
            run_op(
                lambda: _release(catcher, state),
                on_done=lambda _none: None,
                on_error=lambda _e: None,
            )

    def done(self, result: int) -> None:
        """Stop listening for the redirect when the dialog closes, however it closes."""
        self._stop_catcher()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_catcher()
        super().closeEvent(event)
