"""Pytest fixtures for the fakes; import them into a conftest.py to use them (see tests/connectors)."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest

from tests.fakes.douyin import DouyinFake
from tests.fakes.keyring_memory import MemoryKeyring
from tests.fakes.wechat import WeChatFake
from tests.fakes.weibo import WeiboFake


@pytest.fixture
def weibo_fake() -> Iterator[WeiboFake]:
    """A fake api.weibo.com on 127.0.0.1."""
    fake = WeiboFake()
    yield fake
    fake.close()


@pytest.fixture
def wechat_fake() -> Iterator[WeChatFake]:
    """A fake api.weixin.qq.com on 127.0.0.1."""
    fake = WeChatFake()
    yield fake
    fake.close()


@pytest.fixture
def douyin_fake() -> Iterator[DouyinFake]:
    """A fake open.douyin.com on 127.0.0.1."""
    fake = DouyinFake()
    yield fake
    fake.close()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Install an in-memory keyring for the test, then restore the previous backend."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
