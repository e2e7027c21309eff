"""A fast on-disk cache for big word tables (the segmenter's dictionary, jieba's IDF).

jieba's own cache is a marshal dump that takes ~0.7 s to load on a small machine; a flat
file of newline-joined keys plus packed number columns loads the same half-million entries
in a fraction of that, and is plain data (no code objects, nothing unpickled). The cache
lives in the user cache directory; it is rebuilt when its source key changes or when it
cannot be read.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_FORMAT = 2
_MAX_HEADER = 4096


@dataclass(frozen=True, slots=True)
class Columns:
    """Keys and one or more number columns of the same length, plus a few header values."""

    keys: list[str]
    columns: list[array[Any]]
    extra: dict[str, Any] = field(default_factory=dict)


def _cache_root() -> Path:
    """The directory for analysis caches (the user cache dir, or CRISISDESK_HOME)."""
    from crisisdesk.paths import cache_dir

    return cache_dir() / "analysis"


def _read(path: Path, source_key: str, typecode: str, width: int) -> Columns | None:
    """The cached columns, or None when missing, stale or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    newline = data.find(b"\n", 0, _MAX_HEADER)
    if newline < 0:
        return None
    try:
        header = json.loads(data[:newline])
        if (
            not isinstance(header, dict)
            or header.get("format") != _FORMAT
            or header.get("key") != source_key
            or header.get("typecode") != typecode
            or header.get("columns") != width
        ):
            return None
        count = int(header["count"])
        keys_len = int(header["keys_bytes"])
        start = newline + 1
        keys = data[start : start + keys_len].decode("utf-8").split("\n") if count else []
        values = array(typecode)
        values.frombytes(data[start + keys_len :])
        extra = header.get("extra", {})
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    if len(keys) != count or len(values) != count * width or not isinstance(extra, dict):
        return None
    columns = [values[c * count : (c + 1) * count] for c in range(width)]
    return Columns(keys, columns, extra)


def _write(path: Path, source_key: str, typecode: str, table: Columns) -> None:
    """Write the columns atomically; a failure only costs the next start-up time."""
    if any("\n" in key for key in table.keys):
        log.warning("not caching %s: a key contains a line break", path.name)
        return
    header = {
        "format": _FORMAT,
        "key": source_key,
        "typecode": typecode,
        "columns": len(table.columns),
        "count": len(table.keys),
        "extra": table.extra,
    }
    keys_blob = "\n".join(table.keys).encode("utf-8")
    header["keys_bytes"] = len(keys_blob)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(json.dumps(header).encode("ascii") + b"\n")
            out.write(keys_blob)
            for column in table.columns:
                out.write(array(typecode, column).tobytes())
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write analysis cache %s: %s", path, exc)


def cached_columns(
    name: str, source_key: str, typecode: str, width: int, build: Callable[[], Columns]
) -> Columns:
    """Load ``name`` from the cache, or build (``width`` columns) and cache it."""
    path = _cache_root() / f"{name}.bin"
    cached = _read(path, source_key, typecode, width)
    if cached is not None:
        return cached
    table = build()
    if len(table.columns) != width or any(len(c) != len(table.keys) for c in table.columns):
        raise ValueError(f"{name}: columns do not match the keys")
    _write(path, source_key, typecode, table)
    return table


def cached_table(
    name: str,
    source_key: str,
    typecode: str,
    build: Callable[[], tuple[dict[str, Any], dict[str, Any]]],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A one-column cache as a dict: load it, or build and cache it; returns (table, extra)."""

    def build_columns() -> Columns:
        """The built dict as one column, keys with a line break left out."""
        table, extra = build()
        keys = [k for k in table if "\n" not in k]
        return Columns(keys, [array(typecode, (table[k] for k in keys))], dict(extra))

    got = cached_columns(name, source_key, typecode, 1, build_columns)
    return dict(zip(got.keys, got.columns[0].tolist(), strict=True)), got.extra
