"""Analysis tests write their caches under a temporary CRISISDESK_HOME, never the user's."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    previous = os.environ.get("CRISISDESK_HOME")
    if previous is None:
        os.environ["CRISISDESK_HOME"] = str(tmp_path_factory.mktemp("crisisdesk-home"))
    yield
    if previous is None:
        os.environ.pop("CRISISDESK_HOME", None)
