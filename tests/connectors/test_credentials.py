"""Keyring-backed credential store: secure backends only, JSON bundles, clear errors."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import chainer, fail, null

from crisisdesk.connectors.credentials import CredentialStore, account_username, insecure_reason
from crisisdesk.connectors.errors import CredentialError
from crisisdesk.domain import Platform
from tests.fakes.keyring_memory import MemoryKeyring, PlaintextKeyring


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


def test_round_trip_in_memory_keyring(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    user = account_username(Platform.WEIBO, 12)
    assert user == "weibo:12"
    assert store.get(user) is None
    store.set(user, {"access_token": "t0ken", "expires_at": 1.5})
    assert store.get(user) == {"access_token": "t0ken", "expires_at": 1.5}
    assert ("CrisisDesk", "weibo:12") in memory_keyring.store
    assert store.update(user, {"uid": "9"})["access_token"] == "t0ken"
    tokens = store.for_account(user)
    tokens.save({"access_token": "new"})
    assert tokens.load() == {"access_token": "new"}
    store.delete(user)
    store.delete(user)  # deleting twice is fine
    assert store.get(user) is None


def test_corrupt_entry_is_a_clear_error(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.store[("CrisisDesk", "douyin:1")] = "not json"
    with pytest.raises(CredentialError) as info:
        CredentialStore().get("douyin:1")
    assert "重新授权" in info.value.hint
    assert "not json" not in str(info.value)


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), PlaintextKeyring()],
    ids=["fail", "null", "plaintext"],
)
def test_insecure_backends_are_refused(restore_keyring: None, backend: object) -> None:
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    store = CredentialStore()
    with pytest.raises(CredentialError) as info:
        store.set("weibo:1", {"access_token": "x"})
    assert "明文" in info.value.message
    assert "PYTHON_KEYRING_BACKEND" in info.value.hint
    if isinstance(backend, PlaintextKeyring):
        assert backend.store == {}  # nothing written anywhere


def test_backend_checks() -> None:
    assert insecure_reason(MemoryKeyring()) is None
    assert insecure_reason(fail.Keyring()) is not None
    empty = chainer.ChainerBackend()
    if not list(empty.backends):
        assert insecure_reason(empty) is not None


def test_environment_configuration_is_honoured(
    restore_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.fakes.keyring_memory.MemoryKeyring")
    keyring.core.init_backend()
    store = CredentialStore()
    store.set("wechat:3", {"secret": "s"})
    assert type(keyring.get_keyring()).__name__ == "MemoryKeyring"
    assert store.get("wechat:3") == {"secret": "s"}
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.core.init_backend()
    with pytest.raises(CredentialError):
        store.get("wechat:3")
