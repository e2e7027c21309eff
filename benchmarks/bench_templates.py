"""Template suggestions: top-3 category hit rate on held-out comments, and latency with 2,000 templates.

Quality: every comment of tests/data/template_suggest_labeled.yaml (written for the tests, never
used for tuning) is analysed and ranked against the default library in a fresh workspace; a hit
is any of the top 3 suggestions having the expected category. Baseline, same run: the analysis
intent mapped straight to its three usual categories (no keywords, no scenarios).

Speed: the library is varied into 2,000 templates; each comment's suggestion is timed end to end
through the service (analysis, cache check, ranking), and the ranking step alone. Baseline, same
run: ranking without an index, scanning every template's tags against the comment in Python with
the rows already in memory.

Run: .venv/bin/python benchmarks/bench_templates.py [--tuning]
"""

from __future__ import annotations

import argparse
import heapq
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crisisdesk.services.template_io import ensure_default_library, read_library_file
from crisisdesk.services.template_suggest import (
    build_index,
    load_cues,
    read_text,
    suggest_for_text,
)
from crisisdesk.storage.db import open_database
from crisisdesk.storage.schema import Template, TemplateVersion
from crisisdesk.templating.suggest import Query

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TARGET_HIT = 0.80
TARGET_MS = 20.0
N_TEMPLATES = 2000
REGIONS = ("东城", "西城", "南湖", "北山", "高新", "滨江", "开发区", "老城", "新区", "港区")


def load_items(path: Path) -> list[dict[str, str]]:
    """The labeled comments of a data file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [dict(item) for item in data["items"]]


def quality(
    db: Any, items: list[dict[str, str]]
) -> tuple[float, float, Counter[str], Counter[str]]:
    """Top-3 hit rate of the ranking and of the intent-only baseline."""
    cues = load_cues()
    hits = base_hits = 0
    misses: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    with db.session() as session:
        for item in items:
            expected = item["category"]
            totals[expected] += 1
            found = suggest_for_text(session, item["text"], top=3)
            if expected in {s.category for s in found}:
                hits += 1
            else:
                misses[expected] += 1
            intent = read_text(item["text"]).intent or "other"
            if expected in cues.intent_categories.get(intent, ())[:3]:
                base_hits += 1
    return hits / len(items), base_hits / len(items), misses, totals


def grow_library(db: Any, target: int) -> None:
    """Vary the default library (region names, extra tags) until it holds `target` templates."""
    entries = read_library_file(
        Path(__file__).resolve().parent.parent / "resources/templates/default_library.yaml"
    )
    with db.session() as session:
        count = session.query(Template).count()
        k = 0
        while count < target:
            e = entries[k % len(entries)]
            region = REGIONS[(k // len(entries)) % len(REGIONS)]
            t = Template(
                name=f"{e.name}（{region}{k}）",
                category=e.category.value,
                tags=[*e.tags, f"{region}{e.tags[0]}" if e.tags else region],
                scenario_tags=list(e.scenario_tags),
                source="bench",
            )
            session.add(t)
            session.flush()
            session.add(
                TemplateVersion(
                    template_id=t.id,
                    number=1,
                    body=e.body.replace("您好", f"您好（{region}）"),
                    variants=dict(e.variants),
                    variables=dict(e.variables),
                )
            )
            count += 1
            k += 1


def latency(db: Any, texts: list[str]) -> tuple[float, float, float, float, float]:
    """Index build; mean and p95 end to end; ranking alone; naive scan alone (ms per comment)."""
    with db.session() as session:
        for t in texts[:5]:
            read_text(t)  # load the analyzer before timing
        t0 = time.perf_counter()
        build_index(session)
        build_ms = (time.perf_counter() - t0) * 1000
        times = []
        for _ in range(3):
            for text in texts:
                t0 = time.perf_counter()
                suggest_for_text(session, text, top=5)
                times.append((time.perf_counter() - t0) * 1000)
        rows = [(t.id, list(t.tags)) for t in session.query(Template).all()]
        readings = [read_text(t) for t in texts]
        index, _ = build_index(session)
        t0 = time.perf_counter()
        for r in readings:
            index.suggest(Query(r.normalized, r.intent, r.keywords), top=5)
        rank_ms = (time.perf_counter() - t0) * 1000 / len(readings)
        # Baseline: no index, every template's tags scanned against the comment for each comment.
        t0 = time.perf_counter()
        for r in readings:
            heapq.nlargest(
                5, ((sum(tag in r.normalized for tag in tags), tid) for tid, tags in rows)
            )
        naive_ms = (time.perf_counter() - t0) * 1000 / len(readings)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return build_ms, statistics.fmean(times), p95, rank_ms, naive_ms


def _analysis_state() -> str:
    """Whether the analysis package answered (without it, ranking uses cue words and tags only)."""
    reading = read_text("请问办理居住证需要什么材料")
    return "available" if reading.intent else "UNAVAILABLE (cue words and tags only; baseline void)"


def main() -> int:
    """Print the figures, their targets and the baselines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tuning", action="store_true", help="measure on the tuning set instead")
    args = parser.parse_args()
    name = "template_suggest_tuning.yaml" if args.tuning else "template_suggest_labeled.yaml"
    items = load_items(DATA / name)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        try:
            with db.session() as session:
                loaded = ensure_default_library(session)
            hit, base, misses, totals = quality(db, items)
            print(
                f"data set: {name} ({len(items)} comments, default library of {loaded} templates)"
            )
            print(f"analysis intent: {_analysis_state()}")
            print(
                f"top-3 category hit rate: {hit:.1%}   target >= {TARGET_HIT:.0%}   "
                f"baseline (intent -> categories only): {base:.1%}"
            )
            print(
                "  misses by category: "
                + ", ".join(f"{c} {misses[c]}/{totals[c]}" for c in sorted(totals))
            )
            grow_library(db, N_TEMPLATES)
            build_ms, mean_ms, p95_ms, rank_ms, naive_ms = latency(db, [i["text"] for i in items])
            print(
                f"suggestion latency with {N_TEMPLATES} templates, end to end (analysis, cache "
                f"check, ranking): mean {mean_ms:.2f} ms, p95 {p95_ms:.2f} ms   "
                f"target <= {TARGET_MS:.0f} ms"
            )
            print(
                f"  ranking alone (precomputed index): mean {rank_ms:.3f} ms   "
                f"baseline (no index: scan every template's tags): mean {naive_ms:.3f} ms"
            )
            print(f"  index build (once per library change): {build_ms:.0f} ms")
        finally:
            db.dispose()
    return 0 if hit >= TARGET_HIT and p95_ms <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
