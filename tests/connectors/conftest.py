"""Settings for the connector tests (the fake-server fixtures come from tests/conftest.py)."""

from __future__ import annotations

from typing import Any

__all__ = ["FAST", "timeouts_for"]

# No back-off sleeps keep the fault tests fast; timeouts stay generous against a busy machine.
FAST: dict[str, Any] = {"timeout": 3.0, "connect_timeout": 3.0, "retries": 2, "backoff": 0.0}
# For the timeout faults only: the fake delays 0.8 s, longer than this read timeout.
SHORT_TIMEOUT: dict[str, Any] = {"timeout": 0.3, "connect_timeout": 1.0, "retries": 1}


def timeouts_for(kind: str) -> dict[str, Any]:
    """Short timeouts for the "delay" fault, the normal ones otherwise."""
    return SHORT_TIMEOUT if kind == "delay" else {}
