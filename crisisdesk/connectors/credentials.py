"""Account secrets in the OS keyring only: one JSON token bundle per account, never plain text."""

from __future__ import annotations

import json
import threading
from typing import Any

import keyring
import keyring.backend
import keyring.errors

from crisisdesk.connectors.base import TokenBundle
from crisisdesk.connectors.errors import CredentialError
from crisisdesk.domain import Platform

SERVICE_NAME = "CrisisDesk"

_ENABLE_HINT = (
    "Windows 和 macOS 请使用系统自带的凭据管理器/钥匙串；Linux 请安装并解锁 GNOME Keyring 或 KWallet"
    "（Secret Service）。如需指定后端，可设置环境变量 PYTHON_KEYRING_BACKEND 或编辑 keyringrc.cfg"
    "（运行 `python -m keyring diagnose` 可查看其位置）。"
)
# Words in a backend's module or class name that mean secrets would sit on disk unencrypted.
_INSECURE_WORDS = ("plaintext", "uncrypted", "null", "fail")


def account_username(platform: Platform | str, account_key: str | int) -> str:
    """The keyring username for one account, e.g. "weibo:12"."""
    return f"{platform}:{account_key}"


def _describe(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__name__}"


def _priority(backend: Any) -> float:
    try:
        return float(backend.priority)
    except Exception:  # a backend whose priority check itself fails is not usable
        return -1.0


def insecure_reason(backend: Any) -> str | None:
    """Why this keyring backend must not hold secrets, or None when it is acceptable."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, chainer.ChainerBackend):
        chained = list(backend.backends)
        if not chained:
            return "没有可用的密钥存储后端"
        return insecure_reason(chained[0])
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return "没有可用的密钥存储后端"
    name = _describe(backend).lower()
    if any(word in name for word in _INSECURE_WORDS):
        return f"当前后端 {_describe(backend)} 会以明文或不可用的方式保存密钥"
    # keyring's own guidance: priority >= 1 for real stores; plaintext fallbacks sit below it.
    if _priority(backend) < 1:
        return f"当前后端 {_describe(backend)} 的安全级别过低（priority={_priority(backend):g}）"
    return None


class CredentialStore:
    """Reads and writes token bundles in the keyring that keyring's configuration selects."""

    def __init__(
        self,
        *,
        service: str = SERVICE_NAME,
        backend: keyring.backend.KeyringBackend | None = None,
    ) -> None:
        self.service = service
        self._backend = backend
        self._lock = threading.Lock()

    def backend(self) -> keyring.backend.KeyringBackend:
        """The backend in use, after checking that it is secure."""
        chosen = self._backend if self._backend is not None else keyring.get_keyring()
        reason = insecure_reason(chosen)
        if reason is not None:
            raise CredentialError(
                f"无法安全保存账号授权信息：{reason}。为保护账号安全，CrisisDesk 不会以明文保存密钥。",
                hint=_ENABLE_HINT,
            )
        return chosen

    def ensure_secure(self) -> None:
        """Raise CredentialError when the active keyring is missing or insecure."""
        self.backend()

    def get(self, account: str) -> TokenBundle | None:
        """The stored bundle for account, or None."""
        backend = self.backend()
        try:
            raw = backend.get_password(self.service, account)
        except keyring.errors.KeyringError as exc:
            raise CredentialError(
                f"读取账号“{account}”的授权信息失败（{type(exc).__name__}）。",
                hint="请确认系统钥匙串已解锁后重试。",
            ) from exc
        if raw is None:
            return None
        try:
            bundle = json.loads(raw)
        except ValueError:
            bundle = None
        if not isinstance(bundle, dict):
            raise CredentialError(
                f"账号“{account}”保存的授权信息已损坏，无法读取。",
                hint="请在“账号管理”中重新授权该账号。",
            )
        return bundle

    def set(self, account: str, bundle: TokenBundle) -> None:
        """Store bundle for account, replacing what was there."""
        backend = self.backend()
        raw = json.dumps(bundle, ensure_ascii=False, sort_keys=True)
        with self._lock:
            try:
                backend.set_password(self.service, account, raw)
            except keyring.errors.KeyringError as exc:
                raise CredentialError(
                    f"保存账号“{account}”的授权信息失败（{type(exc).__name__}）。",
                    hint="请确认系统钥匙串已解锁后重试。",
                ) from exc

    def update(self, account: str, changes: TokenBundle) -> TokenBundle:
        """Merge changes into the stored bundle (under a lock, so refreshers do not race)."""
        with self._lock:
            merged = dict(self.get(account) or {})
            merged.update(changes)
            raw = json.dumps(merged, ensure_ascii=False, sort_keys=True)
            try:
                self.backend().set_password(self.service, account, raw)
            except keyring.errors.KeyringError as exc:
                raise CredentialError(
                    f"保存账号“{account}”的授权信息失败（{type(exc).__name__}）。",
                    hint="请确认系统钥匙串已解锁后重试。",
                ) from exc
            return merged

    def delete(self, account: str) -> None:
        """Remove the account's bundle; nothing happens when none is stored."""
        backend = self.backend()
        try:
            backend.delete_password(self.service, account)
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError as exc:
            raise CredentialError(
                f"删除账号“{account}”的授权信息失败（{type(exc).__name__}）。",
                hint="请确认系统钥匙串已解锁后重试。",
            ) from exc

    def for_account(self, account: str) -> AccountTokens:
        """A TokenSource bound to one account, for a connector."""
        return AccountTokens(self, account)


class AccountTokens:
    """The TokenSource of one account, backed by a CredentialStore."""

    def __init__(self, store: CredentialStore, account: str) -> None:
        self.store = store
        self.account = account

    def load(self) -> TokenBundle | None:
        """The account's bundle."""
        return self.store.get(self.account)

    def save(self, bundle: TokenBundle) -> None:
        """Replace the account's bundle."""
        self.store.set(self.account, bundle)
