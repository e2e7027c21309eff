"""The GUI process's one connector pool: sync and sending share each account's HTTP session."""

from __future__ import annotations

import threading

from crisisdesk.services.accounts import ConnectorPool

_lock = threading.Lock()
_pool: ConnectorPool | None = None


def shared_pool() -> ConnectorPool:
    """The pool every GUI component uses (created on first use, with the system keyring)."""
    global _pool
    with _lock:
        if _pool is None:
            from crisisdesk.connectors.credentials import CredentialStore

            _pool = ConnectorPool(CredentialStore())
        return _pool


def set_shared_pool(pool: ConnectorPool | None) -> None:
    """Replace the pool (tests point it at fake servers; None closes and forgets it)."""
    global _pool
    with _lock:
        old, _pool = _pool, pool
    if old is not None and old is not pool:
        old.close_all()
