"""The platform-specific part of the add-account form: settings and credentials per platform."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from crisisdesk.connectors.base import TokenBundle
from crisisdesk.connectors.errors import PermanentError
from crisisdesk.domain import Platform
from crisisdesk.ui import labels
from crisisdesk.ui.dialogs.common import secret_field


def _lines(edit: QPlainTextEdit) -> list[str]:
    """Non-empty lines (commas and spaces also separate), duplicates dropped, order kept."""
    raw = edit.toPlainText().replace("，", ",").replace(",", "\n").split()
    return list(dict.fromkeys(part.strip() for part in raw if part.strip()))


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("QLabel { color: #5f6368; }")
    return label


class PlatformPage(QWidget):
    """One platform's fields; the dialog asks it for settings and credentials."""

    platform: Platform

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)

    def settings(self) -> dict[str, Any]:
        """Connection settings stored with the account (never secrets)."""
        return {}

    def credentials(self) -> TokenBundle | None:
        """What goes to the keyring (None: nothing to store)."""
        return None

    def problem(self) -> str | None:
        """Why the fields cannot be saved yet, or None."""
        return None


class WeiboPage(PlatformPage):
    """Weibo: the app's key and secret (for authorisation) and, if the office has one, a token."""

    platform = Platform.WEIBO

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_key = QLineEdit()
        self.app_secret = secret_field(
            QCoreApplication.translate("AccountPages", "开放平台应用的 App Secret")
        )
        self.token = secret_field(
            QCoreApplication.translate("AccountPages", "已有访问令牌时填写；否则保存后点击“授权…”")
        )
        self.uid = QLineEdit()
        self.uid.setPlaceholderText(
            QCoreApplication.translate("AccountPages", "填写访问令牌时一并填写；授权时自动获得")
        )
        self.form.addRow(QCoreApplication.translate("AccountPages", "App Key："), self.app_key)
        self.form.addRow(
            QCoreApplication.translate("AccountPages", "App Secret："), self.app_secret
        )
        self.form.addRow(QCoreApplication.translate("AccountPages", "访问令牌："), self.token)
        self.form.addRow(QCoreApplication.translate("AccountPages", "账号 UID："), self.uid)
        self.form.addRow(
            _note(
                QCoreApplication.translate(
                    "AccountPages",
                    "填写 App Key 和 App Secret 后，可在账号列表中点击“授权…”完成微博授权。",
                )
            )
        )

    def credentials(self) -> TokenBundle | None:
        bundle: TokenBundle = {}
        if self.app_key.text().strip():
            bundle["client_id"] = self.app_key.text().strip()
        if self.app_secret.text().strip():
            bundle["client_secret"] = self.app_secret.text().strip()
        if self.token.text().strip():
            bundle["access_token"] = self.token.text().strip()
        if self.uid.text().strip():
            bundle["uid"] = self.uid.text().strip()  # marks our own replies among the comments
        return bundle or None

    def problem(self) -> str | None:
        has_app = bool(self.app_key.text().strip() and self.app_secret.text().strip())
        if not has_app and not self.token.text().strip():
            return QCoreApplication.translate(
                "AccountPages", "请填写访问令牌，或填写 App Key 和 App Secret 以便随后授权。"
            )
        return None


class WeChatPage(PlatformPage):
    """WeChat Official Account: AppID, AppSecret and the articles whose comments are watched."""

    platform = Platform.WECHAT

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.appid = QLineEdit()
        self.appid.setPlaceholderText("wx...")
        self.secret = secret_field(
            QCoreApplication.translate("AccountPages", "公众号后台“开发—基本配置”中的 AppSecret")
        )
        self.articles = QPlainTextEdit()
        self.articles.setPlaceholderText(
            QCoreApplication.translate(
                "AccountPages", "每行一篇，格式为 msg_data_id:序号，如 2247483650:0"
            )
        )
        self.articles.setFixedHeight(72)
        self.form.addRow(QCoreApplication.translate("AccountPages", "AppID："), self.appid)
        self.form.addRow(QCoreApplication.translate("AccountPages", "AppSecret："), self.secret)
        self.form.addRow(QCoreApplication.translate("AccountPages", "关注的文章："), self.articles)

    def settings(self) -> dict[str, Any]:
        return {"appid": self.appid.text().strip(), "articles": _lines(self.articles)}

    def credentials(self) -> TokenBundle | None:
        if not self.secret.text().strip():
            return None
        return {"appid": self.appid.text().strip(), "secret": self.secret.text().strip()}

    def problem(self) -> str | None:
        if not self.appid.text().strip() or not self.secret.text().strip():
            return QCoreApplication.translate("AccountPages", "请填写公众号的 AppID 和 AppSecret。")
        from crisisdesk.connectors.wechat import parse_scope

        for article in _lines(self.articles):
            try:
                parse_scope(article)
            except PermanentError as exc:
                return f"{exc.message}\n{exc.hint}"
        return None


class DouyinPage(PlatformPage):
    """Douyin: the app's client key and secret, the user's open_id and tokens, watched videos."""

    platform = Platform.DOUYIN

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client_key = QLineEdit()
        self.client_secret = secret_field(
            QCoreApplication.translate("AccountPages", "开放平台应用的 Client Secret")
        )
        self.open_id = QLineEdit()
        self.open_id.setPlaceholderText(
            QCoreApplication.translate("AccountPages", "授权后自动获得；已有时填写")
        )
        self.token = secret_field(
            QCoreApplication.translate("AccountPages", "已有访问令牌时填写；否则保存后点击“授权…”")
        )
        self.refresh_token = secret_field(QCoreApplication.translate("AccountPages", "可选"))
        self.items = QPlainTextEdit()
        self.items.setPlaceholderText(
            QCoreApplication.translate("AccountPages", "每行一个视频 item_id")
        )
        self.items.setFixedHeight(72)
        self.form.addRow(
            QCoreApplication.translate("AccountPages", "Client Key："), self.client_key
        )
        self.form.addRow(
            QCoreApplication.translate("AccountPages", "Client Secret："), self.client_secret
        )
        self.form.addRow(QCoreApplication.translate("AccountPages", "open_id："), self.open_id)
        self.form.addRow(QCoreApplication.translate("AccountPages", "访问令牌："), self.token)
        self.form.addRow(
            QCoreApplication.translate("AccountPages", "刷新令牌："), self.refresh_token
        )
        self.form.addRow(QCoreApplication.translate("AccountPages", "关注的视频："), self.items)

    def settings(self) -> dict[str, Any]:
        return {"items": _lines(self.items)}

    def credentials(self) -> TokenBundle | None:
        fields = {
            "client_key": self.client_key,
            "client_secret": self.client_secret,
            "open_id": self.open_id,
            "access_token": self.token,
            "refresh_token": self.refresh_token,
        }
        bundle = {key: edit.text().strip() for key, edit in fields.items() if edit.text().strip()}
        return bundle or None

    def problem(self) -> str | None:
        has_app = bool(self.client_key.text().strip() and self.client_secret.text().strip())
        has_token = bool(self.token.text().strip() and self.open_id.text().strip())
        if not has_app and not has_token:
            return QCoreApplication.translate(
                "AccountPages",
                "请填写 Client Key 和 Client Secret 以便随后授权，或填写 open_id 和访问令牌。",
            )
        return None


class SimulatorPage(PlatformPage):
    """模拟演练 (drill): a scripted scenario, which of its accounts to play, and how fast."""

    platform = Platform.SIMULATOR

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from crisisdesk.connectors.scenario import list_scenarios

        self.scenarios = list_scenarios()
        self.scenario = QComboBox()
        for scenario in self.scenarios:
            self.scenario.addItem(scenario.title, scenario.id)
        self.account = QComboBox()
        self.speed = QDoubleSpinBox()
        self.speed.setRange(0.5, 3600.0)
        self.speed.setDecimals(1)
        self.speed.setValue(60.0)
        self.speed.setSuffix(QCoreApplication.translate("AccountPages", " 倍速"))
        self.description = _note("")
        self.form.addRow(QCoreApplication.translate("AccountPages", "演练脚本："), self.scenario)
        self.form.addRow(QCoreApplication.translate("AccountPages", "扮演账号："), self.account)
        self.form.addRow(QCoreApplication.translate("AccountPages", "演练速度："), self.speed)
        self.form.addRow(self.description)
        self.scenario.currentIndexChanged.connect(self._scenario_changed)
        self._scenario_changed()

    def _scenario_changed(self) -> None:
        self.account.clear()
        index = self.scenario.currentIndex()
        if index < 0:
            self.description.setText(QCoreApplication.translate("AccountPages", "未找到演练脚本。"))
            return
        scenario = self.scenarios[index]
        for account in scenario.accounts:
            self.account.addItem(
                labels.noted(account.name, labels.platform(account.platform.value)), account.key
            )
        self.description.setText(
            QCoreApplication.translate("AccountPages", "{kind}：{text}").format(
                kind=scenario.crisis_type, text=" ".join(scenario.description.split())
            )
        )

    def settings(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.currentData(),
            "account": self.account.currentData(),
            "speed": self.speed.value(),
        }

    def problem(self) -> str | None:
        if self.scenario.currentIndex() < 0:
            return QCoreApplication.translate("AccountPages", "没有可用的演练脚本。")
        return None


PAGES: tuple[type[PlatformPage], ...] = (WeiboPage, WeChatPage, DouyinPage, SimulatorPage)
