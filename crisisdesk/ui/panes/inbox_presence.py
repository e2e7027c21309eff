"""Presence on the open comment: this operator's heartbeat, and who else is viewing or drafting."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from crisisdesk.services import presence
from crisisdesk.services.presence import PresenceInfo
from crisisdesk.storage.db import Database
from crisisdesk.ui.ops import run_op
from crisisdesk.ui.panes.inbox_queries import Me

HEARTBEAT_MS = 20_000  # presence.FRESH_SECONDS is 60: three beats may be missed


class PresenceTracker(QObject):
    """Beats for the comment being looked at; `others(comment_id, list)` after each beat."""

    others = Signal(int, object)

    def __init__(self, db: Database, me: Callable[[], Me | None], parent: QObject) -> None:
        super().__init__(parent)
        self.db = db
        self._me = me
        self.comment_id: int | None = None
        self.drafting = False
        self.timer = QTimer(self)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self.beat)
        self.timer.start()

    def follow(self, comment_id: int | None) -> None:
        """The operator moved to another comment (None: to none); the old one is left."""
        previous, me = self.comment_id, self._me()
        self.comment_id = comment_id
        if previous is not None and previous != comment_id and me is not None:
            db, me_id = self.db, me.id
            run_op(
                lambda: presence.leave(db, previous, me_id),
                on_done=lambda _r: None,
                parent=self,
                write=True,
            )
        self.beat()

    def set_drafting(self, on: bool) -> None:
        """Viewing or drafting a reply; told to the others at once."""
        self.drafting = on
        self.beat()

    @Slot()
    def beat(self) -> None:
        """One heartbeat, and who else is on the comment."""
        comment_id, me = self.comment_id, self._me()
        if comment_id is None or me is None:
            return
        kind, db = ("drafting" if self.drafting else "viewing"), self.db

        def work() -> list[PresenceInfo]:
            presence.touch(db, comment_id, me.id, kind)
            return presence.others_on(db, comment_id, me.id)

        run_op(
            work,
            on_done=lambda found: self.others.emit(comment_id, found),
            parent=self,
            write=True,
        )
