"""The workspace's reading of incoming comments: in this process, or ahead in the analysis process.

Ingest analyses what it stores with the workspace's analyzer (watch lists, the office's
words, learnt keyword statistics, corrections). A sync can instead send each fetched page
to the analysis process (`analysis.process`) while earlier pages are being stored; what
that process learns is saved here as in-process learning would be. If it fails, pages are
analysed in-process: nothing is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from crisisdesk.connectors.base import RemoteComment
from crisisdesk.domain import AnalysisResult
from crisisdesk.services.ingest_rows import existing_ids
from crisisdesk.storage.db import Database

if TYPE_CHECKING:
    from crisisdesk.analysis import Analyzer
    from crisisdesk.analysis.process import AnalysisProcess
    from crisisdesk.analysis.spec import AnalyzerSpec
    from crisisdesk.analysis.wire import Prepared

Analyze = Callable[[Sequence[str]], list[AnalysisResult]]

log = logging.getLogger(__name__)
# A process that keeps failing is not started again in this session: ingest analyses itself.
MAX_PROCESS_STARTS = 3


@dataclass
class AnalysisAhead:
    """A page's new comments sent to the analysis process before the page is stored."""

    process: AnalysisProcess
    future: Future[list[Prepared]]
    external_ids: list[str]

    def take(self) -> dict[str, Prepared] | None:
        """The results by external id once the process answers; None if it could not."""
        from crisisdesk.analysis.process import AnalysisProcessError

        try:
            results = self.process.wait(self.future)
        except AnalysisProcessError as exc:
            log.warning("analysis process failed (%s); analysing in the sync's process", exc)
            return None
        return dict(zip(self.external_ids, results, strict=True))


class IngestAnalysis:
    """One workspace's analysis for ingest, and the keyword statistics it learns."""

    def __init__(
        self, db: Database, *, analyze: Analyze | None = None, process: AnalysisProcess | None = None
    ) -> None:
        self.db = db
        self._given = analyze  # tests and the demo pass their own; otherwise the workspace's
        self._analyzer: Analyzer | None = None
        self._learnt = False  # the in-process analyzer has seen comments since the last save
        self._process = process
        self._process_starts = 1
        self._configured = False  # the process has this pass's analyzer
        self._sent: AnalyzerSpec | None = None  # the spec it was built from, without IDF
        self._learnt_remote = False

    def analyzer(self) -> Analyzer:
        """This workspace's analyzer: its watch lists, words, learnt IDF and corrections."""
        if self._analyzer is None:
            from crisisdesk.services.lexicon import workspace_analyzer

            with self.db.session() as session:
                self._analyzer = workspace_analyzer(session)
        return self._analyzer

    def analyze(self, texts: Sequence[str]) -> list[AnalysisResult]:
        """Read texts in this process."""
        if self._given is not None:
            return self._given(texts)
        self._learnt = True
        return self.analyzer().analyze(texts)

    def refresh(self) -> None:
        """Save what was learnt; read watch lists, words and corrections again next time."""
        self.save_state()
        self._analyzer = None
        self._configured = False
        process = self._process
        if process is not None and process.failed and self._process_starts < MAX_PROCESS_STARTS:
            from crisisdesk.analysis.process import AnalysisProcess

            process.close()
            self._process = AnalysisProcess(process.command)
            self._process_starts += 1
            self._sent = None

    def save_state(self) -> None:
        """Keep the keyword statistics learnt from this workspace's comments."""
        from crisisdesk.services.lexicon import save_idf_state

        state: dict[str, Any] | None = None
        if self._learnt_remote and self._process is not None:
            from crisisdesk.analysis.process import AnalysisProcessError

            self._learnt_remote = False
            try:
                state = self._process.idf_state()
            except AnalysisProcessError as exc:
                log.warning("keyword statistics not read from the analysis process: %s", exc)
        if state is None and self._analyzer is not None and self._learnt:
            state = self._analyzer.idf_state()
        self._learnt = False
        if state is not None:
            with self.db.session() as session:
                save_idf_state(session, state)

    def warm_up(self) -> None:
        """Load the analysis now (in its process, if there is one), not on the first page."""
        if self._given is not None:
            return
        if self._process is None:
            self.analyzer().warm_up()
            return
        from crisisdesk.analysis.process import AnalysisProcessError

        with self.db.session() as session:
            sent = self._configure(session, self._process)
        try:
            if sent is not None:
                self._process.wait(sent, timeout=120)  # a first start loads the dictionary
        except AnalysisProcessError as exc:
            log.warning("analysis process did not start (%s); analysing in-process", exc)

    def process_pid(self) -> int | None:
        """The analysis process's id once it runs (for measuring it), else None."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        """Save what was learnt and end the analysis process, if there is one."""
        try:
            self.save_state()
        except Exception:  # statistics only: closing must still end the process
            log.exception("keyword statistics not saved on close")
        finally:
            if self._process is not None:
                self._process.close()

    def ahead(
        self, account_id: int, comments: Sequence[RemoteComment], seen: set[str]
    ) -> AnalysisAhead | None:
        """Send the comments not stored and not in seen to the analysis process (see Ingestor)."""
        process = self._process
        if process is None or self._given is not None or process.failed:
            return None
        wanted: dict[str, str] = {}
        for c in comments:
            if not c.is_own and c.external_id not in seen:
                wanted.setdefault(c.external_id, c.text)
        with self.db.session() as session:
            known = existing_ids(session, account_id, list(wanted))
            if not self._configured:
                self._configure(session, process)
        ids = [e for e in wanted if e not in known]
        seen.update(ids)
        self._learnt_remote = True
        return AnalysisAhead(process, process.analyze([wanted[e] for e in ids]), ids)

    def _configure(self, session: Session, process: AnalysisProcess) -> Future[None] | None:
        """Give the process this workspace's analyzer, unless it has the same one already.

        An unchanged analyzer keeps running: its keyword statistics are the newest there are.
        """
        from crisisdesk.services.lexicon import analyzer_spec, stored_idf

        spec = analyzer_spec(session, idf=False)
        self._configured = True
        if spec == self._sent:
            return None
        self._sent = spec
        return process.configure(replace(spec, idf_state=stored_idf(session)))
