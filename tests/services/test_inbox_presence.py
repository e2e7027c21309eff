"""Presence: who else is viewing or drafting on a comment, fresh within a minute."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crisisdesk.errors import UserFacingError
from crisisdesk.services import presence
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import utcnow
from tests.services import test_inbox_fixtures
from tests.services.test_inbox_fixtures import fill, operator

module_db = test_inbox_fixtures.module_db


def test_others_on_a_comment_heartbeat_and_cleanup(module_db: Database) -> None:
    db = module_db
    (cid,) = fill(db, ["请问社保怎么交"], account="在线测试")
    me, li, zhao = operator(db, "wang"), operator(db, "li"), operator(db, "zhao")
    now = utcnow()
    presence.touch(db, cid, me, "viewing", now=now)
    presence.touch(db, cid, li, "viewing", now=now - timedelta(seconds=30))
    presence.touch(db, cid, li, "drafting", now=now - timedelta(seconds=10))  # heartbeat upsert
    presence.touch(db, cid, zhao, "viewing", now=now - timedelta(seconds=90))  # stale
    others = presence.others_on(db, cid, me, now=now)
    assert [(o.operator_id, o.kind) for o in others] == [(li, "drafting")]
    assert others[0].label == "li同志 正在撰写回复"
    assert [o.operator_id for o in presence.others_on(db, cid, li, now=now)] == [me]
    presence.leave(db, cid, li)
    assert presence.others_on(db, cid, me, now=now) == []
    assert presence.cleanup(db, now=now + timedelta(minutes=30)) == 2
    with pytest.raises(UserFacingError):
        presence.touch(db, cid, me, "typing")
