"""Drives fetch() like the sync service, with simulated crashes between fetch and commit."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from crisisdesk.connectors.base import Connector
from crisisdesk.connectors.errors import Transient


@dataclass
class Ledger:
    """What a sync service would have committed: comment ids and the last cursor per scope."""

    ids: set[str] = field(default_factory=set)
    cursors: dict[str, str | None] = field(default_factory=dict)
    fetches: int = 0
    crashes: int = 0


def drain(
    connector: Connector,
    scope: str,
    ledger: Ledger,
    *,
    crash_rate: float = 0.0,
    rng: random.Random | None = None,
    max_steps: int = 100_000,
) -> Ledger:
    """Fetch until done; a "crash" drops the fetched page uncommitted and resumes from the ledger."""
    rng = rng or random.Random(7)
    for _ in range(max_steps):
        cursor = ledger.cursors.get(scope)
        try:
            page = connector.fetch(scope, cursor)
        except Transient:
            ledger.crashes += 1
            continue
        ledger.fetches += 1
        if crash_rate and rng.random() < crash_rate:
            ledger.crashes += 1
            continue
        # One transaction: the rows and the cursor together.
        ledger.ids.update(c.external_id for c in page.comments)
        ledger.cursors[scope] = page.cursor
        if page.done:
            return ledger
    raise AssertionError("drain did not finish")
