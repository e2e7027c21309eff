"""jieba's HMM for unknown words (jieba.finalseg), loaded without importing the jieba package.

``import jieba`` pulls in ``pkg_resources`` (about 0.1 s) just to locate its data files; at
start-up only the HMM's three probability tables are needed, so they are loaded straight
from jieba's own modules and ``cut`` reproduces ``jieba.finalseg.cut`` (same Viterbi, same
tie-breaking; tests/analysis/test_segment.py compares the two).
"""

from __future__ import annotations

import importlib.util
import re
import threading
from pathlib import Path
from typing import Any

MIN_FLOAT = -3.14e100
_RE_HAN = re.compile("([\u4e00-\u9fd5]+)")
_RE_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")

_lock = threading.Lock()
_tables: tuple[dict[str, float], dict[str, dict[str, float]], dict[str, dict[str, float]]] | None
_tables = None


def jieba_dir() -> Path:
    """jieba's package directory, found without running its __init__."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _table(name: str) -> Any:
    """The ``P`` dict of one of jieba's finalseg probability modules (a plain dict literal)."""
    path = jieba_dir() / "finalseg" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_crisisdesk_jieba_{name}", path)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.P


def _load() -> tuple[dict[str, float], dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = (_table("prob_start"), _table("prob_trans"), _table("prob_emit"))
    return _tables


def _viterbi(obs: str) -> str:
    """The most likely B/M/E/S tag of each character (jieba.finalseg.viterbi).

    Same sums in the same order as jieba, so the same floats and the same ties; a tie goes
    to the later state letter, as Python's max() over (prob, state) tuples does in jieba.
    Back-pointers replace jieba's copied path lists.
    """
    start_p, trans_p, emit_p = _load()
    e_b, e_m, e_e, e_s = emit_p["B"], emit_p["M"], emit_p["E"], emit_p["S"]
    t_bm = trans_p["B"].get("M", MIN_FLOAT)
    t_be = trans_p["B"].get("E", MIN_FLOAT)
    t_mm = trans_p["M"].get("M", MIN_FLOAT)
    t_me = trans_p["M"].get("E", MIN_FLOAT)
    t_eb = trans_p["E"].get("B", MIN_FLOAT)
    t_es = trans_p["E"].get("S", MIN_FLOAT)
    t_sb = trans_p["S"].get("B", MIN_FLOAT)
    t_ss = trans_p["S"].get("S", MIN_FLOAT)
    first = obs[0]
    v_b = start_p["B"] + e_b.get(first, MIN_FLOAT)
    v_m = start_p["M"] + e_m.get(first, MIN_FLOAT)
    v_e = start_p["E"] + e_e.get(first, MIN_FLOAT)
    v_s = start_p["S"] + e_s.get(first, MIN_FLOAT)
    back: list[tuple[str, str, str, str]] = []
    for char in obs[1:]:
        # B <- E|S, M <- M|B, E <- B|M, S <- S|E  (jieba's PrevStatus)
        em = e_b.get(char, MIN_FLOAT)
        from_e, from_s = v_e + t_eb + em, v_s + t_sb + em
        n_b, p_b = (from_s, "S") if from_s >= from_e else (from_e, "E")
        em = e_m.get(char, MIN_FLOAT)
        from_m, from_b = v_m + t_mm + em, v_b + t_bm + em
        n_m, p_m = (from_m, "M") if from_m >= from_b else (from_b, "B")
        em = e_e.get(char, MIN_FLOAT)
        from_b, from_m = v_b + t_be + em, v_m + t_me + em
        n_e, p_e = (from_m, "M") if from_m >= from_b else (from_b, "B")
        em = e_s.get(char, MIN_FLOAT)
        from_s, from_e = v_s + t_ss + em, v_e + t_es + em
        n_s, p_s = (from_s, "S") if from_s >= from_e else (from_e, "E")
        back.append((p_b, p_m, p_e, p_s))
        v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
    state = "S" if v_s >= v_e else "E"
    tags = [state]
    column = "BMES"
    for pointers in reversed(back):
        state = pointers[column.index(state)]
        tags.append(state)
    return "".join(reversed(tags))


def _cut_han(sentence: str) -> list[str]:
    tags = _viterbi(sentence)
    words: list[str] = []
    begin = next_index = 0
    for i, char in enumerate(sentence):
        tag = tags[i]
        if tag == "B":
            begin = i
        elif tag == "E":
            words.append(sentence[begin : i + 1])
            next_index = i + 1
        elif tag == "S":
            words.append(char)
            next_index = i + 1
    if next_index < len(sentence):
        words.append(sentence[next_index:])
    return words


def cut(sentence: str) -> list[str]:
    """Split a run of characters the dictionary does not know into likely words."""
    words: list[str] = []
    for block in _RE_HAN.split(sentence):
        if _RE_HAN.match(block):
            words.extend(_cut_han(block))
        else:
            words.extend(piece for piece in _RE_SKIP.split(block) if piece)
    return words
