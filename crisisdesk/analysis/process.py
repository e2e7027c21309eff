"""Analysis in a child process, so a sync stores one page while the next is being read.

A sync's own process fetches and stores; reading the comments (segmentation, keywords,
intent, sentiment) is the other half of the work and needs no database, so it runs on the
second core in `crisisdesk.analysis.process_main`. Requests are answered in the order they
were sent, so the child's learnt keyword statistics grow exactly as they would in-process.
If the child cannot start or dies, every request still pending fails with
AnalysisProcessError and the caller analyses in its own process: nothing is lost.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import IO, Any

from crisisdesk.analysis.spec import AnalyzerSpec
from crisisdesk.analysis.wire import Prepared, decode_page

log = logging.getLogger(__name__)

# Frozen builds have no `-m`: their executable takes this flag (see crisisdesk/__main__.py).
FROZEN_FLAG = "--analysis-process"


def encode_line(message: object) -> bytes:
    """One message as a line: its JSON's CRC-32 in hex, a space, the JSON.

    A comment's broken UTF-16 (lone surrogates) survives. The checksum makes a line damaged
    on the way (bytes lost or doubled in the pipe, as seen with a debugger attached) an
    error, even where what is left would still parse as JSON.
    """
    body = json.dumps(message, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def decode_line(line: bytes) -> Any:
    """encode_line's message back (ValueError if the line is damaged or not JSON)."""
    body = line[9:-1] if line.endswith(b"\n") else b""
    try:
        intact = line[8:9] == b" " and int(line[:8], 16) == zlib.crc32(body)
    except ValueError:
        intact = False
    if not intact:
        raise ValueError("a message line is damaged (its checksum does not match)")
    return json.loads(body.decode("utf-8", "surrogatepass"))


# A page's answer is ~140 KB, and Linux pipes hold 64 KB by default: the child would stop
# in the middle of writing each answer until this process's reader thread (which shares the
# interpreter lock with fetching and storing) came round to read it, instead of reading the
# next page. Answers for several pages fit in a pipe of this size.
PIPE_BYTES = 1 << 20


def widen_pipe(fd: int, size: int = PIPE_BYTES) -> int | None:
    """Ask the kernel to let the pipe hold size bytes (Linux); its capacity now, or None."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    setting = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setting is None:
        return None  # not Linux: pipes keep their size, answers are written in parts
    try:
        return int(fcntl.fcntl(fd, setting, size))
    except OSError:
        # Above /proc/sys/fs/pipe-max-size (or the user's pipe quota): keep the default.
        return None


# However many requests wait before it, one answer comes within this long or the child is
# taken for hung (a page takes milliseconds): it is ended, and the caller reads in-process.
ANSWER_TIMEOUT = 60.0


class AnalysisProcessError(RuntimeError):
    """The analysis process could not answer; the caller analyses in-process instead."""


def default_command() -> list[str]:
    """How to start the child with this interpreter (or this frozen program)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_FLAG]
    return [sys.executable, "-m", "crisisdesk.analysis.process_main"]


class AnalysisProcess:
    """One child process answering analysis requests; thread-safe; started on first use."""

    def __init__(self, command: Sequence[str] | None = None) -> None:
        self.command = list(command or default_command())
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._pending: dict[int, tuple[Future[Any], Callable[[dict[str, Any]], Any]]] = {}
        self._next = 0
        self._failure: str | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id once started (for measuring it)."""
        child = self._child
        return child.pid if child is not None else None

    @property
    def failed(self) -> str | None:
        """Why the process stopped answering, or None while it works."""
        return self._failure

    def configure(self, spec: AnalyzerSpec) -> Future[None]:
        """Build the analyzer for the requests that follow."""
        return self._send({"op": "configure", "spec": spec.to_json()}, lambda _m: None)

    def analyze(self, texts: Sequence[str]) -> Future[list[Prepared]]:
        """The readings of texts (with their search documents), in order, once the child answers."""
        texts = [t if isinstance(t, str) else "" for t in texts]

        def read(message: dict[str, Any]) -> list[Prepared]:
            return decode_page(message.get("columns"), len(texts))

        return self._send({"op": "analyze", "texts": texts}, read)

    def idf_state(self, timeout: float | None = None) -> dict[str, Any]:
        """The keyword statistics learnt so far, after every request sent before this one.

        Waited for as `wait` waits: a child that does not answer is ended.
        """

        def read(message: dict[str, Any]) -> dict[str, Any]:
            state = message.get("idf")
            if not isinstance(state, dict):
                raise ValueError("idf state is not an object")
            return state

        state: dict[str, Any] = self.wait(self._send({"op": "idf"}, read), timeout)
        return state

    def wait(self, future: Future[Any], timeout: float | None = None) -> Any:
        """A request's answer; AnalysisProcessError if it failed or the child hung.

        A child that does not answer within timeout (ANSWER_TIMEOUT by default) is ended
        and every pending request fails, so a sync never waits on it for ever.
        """
        limit = ANSWER_TIMEOUT if timeout is None else timeout
        try:
            return future.result(limit)
        except TimeoutError:
            reason = f"分析进程 {limit:g} 秒内没有应答，已结束"
            self._stop(reason)
            self._end_child(grace=0.0)
            raise AnalysisProcessError(reason) from None

    def close(self) -> None:
        """End the child (it exits when its input closes) and fail what is still pending."""
        with self._lock:
            self._failure = self._failure or "分析进程已关闭"
        self._end_child()
        self._fail_pending("分析进程已关闭")

    # --- plumbing --------------------------------------------------------------------

    def _end_child(self, grace: float = 10.0) -> None:
        """Close the child's input (it exits when it closes); kill it if it has not after grace."""
        with self._lock:
            child, self._child = self._child, None
        if child is None:
            return
        assert child.stdin is not None
        with contextlib.suppress(OSError):
            child.stdin.close()
        try:
            child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    def _send(self, request: dict[str, Any], read: Callable[[dict[str, Any]], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._failure is not None:
                future.set_exception(AnalysisProcessError(self._failure))
                return future
            ident: int | None = None
            try:
                child = self._ensure_started()
                ident = self._next
                self._next += 1
                self._pending[ident] = (future, read)
                line = encode_line({**request, "id": ident})
                assert child.stdin is not None
                child.stdin.write(line)
                child.stdin.flush()
            except OSError as exc:
                self._failure = f"分析进程无法接收请求：{exc}"
                if ident is not None:
                    self._pending.pop(ident, None)
                future.set_exception(AnalysisProcessError(self._failure))
        return future

    def _ensure_started(self) -> subprocess.Popen[bytes]:
        if self._child is None:
            env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
            self._child = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                # Windows: no console window flashing up behind the GUI (0 elsewhere).
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )  # fmt: skip
            assert self._child.stdout is not None
            widen_pipe(self._child.stdout.fileno())
            threading.Thread(
                target=self._read_answers, args=(self._child.stdout,),
                name="analysis-answers", daemon=True,
            ).start()  # fmt: skip
        return self._child

    def _read_answers(self, stream: IO[bytes]) -> None:
        reason = ""
        try:
            for line in stream:
                try:
                    message = decode_line(line)
                    with self._lock:
                        entry = self._pending.pop(message["id"], None)
                except Exception:  # not JSON, no id, an id no request could have
                    reason = "分析进程的应答无法读取"
                    return
                if entry is None:
                    continue
                future, read = entry
                if "error" in message:
                    future.set_exception(AnalysisProcessError(str(message["error"])))
                    continue
                try:
                    future.set_result(read(message))
                except Exception as exc:  # a damaged answer fails its request, never the reader
                    future.set_exception(AnalysisProcessError(str(exc)))
        except Exception as exc:  # the pipe itself failed
            reason = f"分析进程的应答中断：{exc}"
        finally:
            # Whatever ended the reading, nobody may wait for an answer that cannot come;
            # a child whose answers cannot be read is of no more use, and one that closed
            # its output is exiting (it is reaped here, not left until close).
            self._stop(reason or "分析进程已退出")
            self._end_child(grace=0.0 if reason else 10.0)

    def _stop(self, reason: str) -> None:
        with self._lock:
            if self._failure is None and self._child is not None:
                self._failure = reason
                log.warning("%s; comments are analysed in the sync's own process", reason)
        self._fail_pending(reason)

    def _fail_pending(self, reason: str) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        for future, _read in pending.values():
            future.set_exception(AnalysisProcessError(reason))
