"""A real sync process killed with SIGKILL at random moments loses and duplicates nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crisisdesk.services.workspace import open_workspace
from crisisdesk.storage.schema import Comment
from tests.fakes.sync_process import ROOT, child_sync_workspace
from tests.fakes.weibo import WeiboFake

COMMENTS = 100_000


@pytest.mark.slow
def test_sigkill_during_a_100k_sync_neither_loses_nor_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = WeiboFake()
    try:
        fake.add_comments(COMMENTS)
        url, cmd, env = child_sync_workspace(
            tmp_path,
            monkeypatch,
            name="滨江发布",
            base_url=fake.url,
            settings={"page_size": 200, "requests_per_hour": 36_000_000, "burst": 100_000},
            credentials={"access_token": "good-token", "uid": fake.uid},
        )
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
