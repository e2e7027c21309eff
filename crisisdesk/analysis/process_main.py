"""The analysis process: reads requests as JSON lines on stdin, answers each on stdout, in order.

Each line is led by its checksum (see `analysis.process.encode_line`).

Requests: ``{"id": n, "op": "configure", "spec": {...}}``, ``{"id": n, "op": "analyze",
"texts": [...]}`` and ``{"id": n, "op": "idf"}``. Every request gets one answer with its id:
``{"id": n, "ok": true}``, ``{"id": n, "columns": [...]}`` (see ``analysis.wire``),
``{"id": n, "idf": {...}}`` or ``{"id": n, "error": "..."}``. The process ends when stdin
closes, so it never outlives the program that started it. Only JSON crosses the pipe.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from typing import IO, Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

_END = b""


def _read_all(source: IO[bytes], inbox: queue.Queue[bytes]) -> None:
    """Move requests off the pipe as they come, so the sender never waits on a full pipe."""
    for line in source:
        inbox.put(line)
    inbox.put(_END)


def handle(analyzer: Any, request: Any) -> tuple[Any, dict[str, Any]]:
    """Carry out one request: (the analyzer to use from now on, the answer)."""
    from crisisdesk.analysis.spec import AnalyzerSpec
    from crisisdesk.analysis.wire import encode_page

    if not isinstance(request, dict):
        return analyzer, {"id": None, "error": "request is not an object"}
    ident, op = request.get("id"), request.get("op")
    try:
        if op == "configure":
            built = AnalyzerSpec.from_json(request.get("spec")).build()
            built.warm_up()
            return built, {"id": ident, "ok": True}
        if analyzer is None:
            return None, {"id": ident, "error": "not configured"}
        if op == "analyze":
            texts = request.get("texts")
            if not isinstance(texts, list):
                return analyzer, {"id": ident, "error": "texts is not a list"}
            results = analyzer.analyze(texts)
            return analyzer, {"id": ident, "columns": encode_page(results)}
        if op == "idf":
            return analyzer, {"id": ident, "idf": analyzer.idf_state()}
        return analyzer, {"id": ident, "error": f"unknown op {op!r}"}
    except Exception as exc:  # reported to the caller, who falls back to analysing itself
        return analyzer, {"id": ident, "error": f"{type(exc).__name__}: {exc}"}


def serve(source: IO[bytes], sink: IO[bytes]) -> int:
    """Answer requests from source on sink until source closes."""
    from crisisdesk.analysis.process import decode_line, encode_line
    from crisisdesk.collector import tune_for_bulk_work

    inbox: queue.Queue[bytes] = queue.Queue()
    threading.Thread(target=_read_all, args=(source, inbox), daemon=True).start()
    analyzer: Any = None
    tuned = False
    while (line := inbox.get()) != _END:
        try:
            request = decode_line(line)
        except ValueError:
            request = None
        analyzer, answer = handle(analyzer, request)
        try:
            sink.write(encode_line(answer))
            sink.flush()
        except BrokenPipeError:
            return 0  # the program that asked has gone (closed, or killed): nothing to answer
        if analyzer is not None and not tuned:
            # The dictionary and the model are loaded now: keep them out of collections.
            tune_for_bulk_work()
            tuned = True
    return 0


def main() -> int:
    """Serve on the standard streams; anything else printed goes to stderr, not the pipe."""
    sink = sys.stdout.buffer
    sys.stdout = sys.stderr
    return serve(sys.stdin.buffer, sink)


if __name__ == "__main__":
    sys.exit(main())
