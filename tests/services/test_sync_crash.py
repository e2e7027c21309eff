"""A real sync process killed with SIGKILL at random moments loses and duplicates nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest
from sqlalchemy import func, select

from crisisdesk.connectors.credentials import CredentialStore
from crisisdesk.domain import Platform
from crisisdesk.services.accounts import add_account
from crisisdesk.services.workspace import open_workspace
from crisisdesk.storage.schema import Comment
from tests.fakes.keyring_file import ENV, SharedFileKeyring
from tests.fakes.weibo import WeiboFake

ROOT = Path(__file__).resolve().parents[2]
COMMENTS = 100_000


@pytest.mark.slow
def test_sigkill_during_a_100k_sync_neither_loses_nor_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = WeiboFake()
    try:
        fake.add_comments(COMMENTS)
        monkeypatch.setenv(ENV, str(tmp_path / "keyring.json"))
        previous = keyring.get_keyring()
        keyring.set_keyring(SharedFileKeyring())
        url = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
        db = open_workspace(url)
        try:
            add_account(
                db,
                CredentialStore(),
                platform=Platform.WEIBO,
                name="滨江发布",
                base_url=fake.url,
                settings={"page_size": 200, "requests_per_hour": 36_000_000, "burst": 100_000},
                credentials={"access_token": "good-token", "uid": fake.uid},
                actor="tester",
            )
        finally:
            db.dispose()
            keyring.set_keyring(previous)

        env = {
            **os.environ,
            "PYTHON_KEYRING_BACKEND": "tests.fakes.keyring_file.SharedFileKeyring",
            "PYTHONPATH": str(ROOT),
        }
        cmd = [sys.executable, "-m", "crisisdesk", "sync", "--once", "--db", url]
        rng = random.Random(20261121)
        kills = 0
        for _ in range(4):
            proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(1.5, 6.0))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait(timeout=30)
        assert kills >= 2, "the sync finished before it could be killed: the test proves nothing"
        final = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert final.returncode == 0, final.stderr[-2000:]

        db = open_workspace(url)
        try:
            with db.session() as s:
                stored = set(s.execute(select(Comment.external_id)).scalars())
                rows = s.execute(select(func.count()).select_from(Comment)).scalar_one()
        finally:
            db.dispose()
        assert rows == len(stored), "a comment was stored twice"
        assert stored == fake.comment_ids(), (
            f"missing {len(fake.comment_ids() - stored)}, extra {len(stored - fake.comment_ids())}"
        )
    finally:
        fake.close()
