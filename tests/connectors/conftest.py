"""Fixtures for the connector tests: the fakes (from tests.fakes.fixtures) and fast HTTP settings."""

from __future__ import annotations

from typing import Any

from tests.fakes.fixtures import douyin_fake, memory_keyring, wechat_fake, weibo_fake

__all__ = ["FAST", "douyin_fake", "memory_keyring", "timeouts_for", "wechat_fake", "weibo_fake"]

# No back-off sleeps keep the fault tests fast; timeouts stay generous against a busy machine.
FAST: dict[str, Any] = {"timeout": 3.0, "connect_timeout": 3.0, "retries": 2, "backoff": 0.0}
# For the timeout faults only: the fake delays 0.8 s, longer than this read timeout.
SHORT_TIMEOUT: dict[str, Any] = {"timeout": 0.3, "connect_timeout": 1.0, "retries": 1}


def timeouts_for(kind: str) -> dict[str, Any]:
    """Short timeouts for the "delay" fault, the normal ones otherwise."""
    return SHORT_TIMEOUT if kind == "delay" else {}
