"""Scenario validation and the simulator connector on an injected clock."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from crisisdesk.connectors.errors import PermanentError, ReplyRejected, ScenarioError
from crisisdesk.connectors.registry import create_connector
from crisisdesk.connectors.scenario import SCENARIO_DIR, expand, list_scenarios, load_scenario
from crisisdesk.connectors.simulator import SimulatorConnector
from crisisdesk.domain import Platform, Sentiment


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_shipped_scenarios_cover_the_crisis_types() -> None:
    scenarios = list_scenarios()
    assert {s.id for s in scenarios} >= {
        "social_security_outage",
        "policy_misread",
        "staff_statement",
        "flood_rumour",
    }
    for s in scenarios:
        timeline = expand(s)
        assert len(timeline) >= 300
        moods = Counter(c.sentiment for c in timeline)
        assert moods[Sentiment.NEGATIVE] and moods[Sentiment.NEUTRAL] and moods[Sentiment.POSITIVE]
        # Copy-paste waves: one text (give or take a prefix/suffix) from many different authors.
        pasted = [c for c in timeline if "复制粘贴" in c.wave]
        assert len({c.author_id for c in pasted}) == len(pasted) > 50
        assert len(timeline) == len({c.external_id for c in timeline})
        assert expand(s) == timeline  # deterministic


def _drain(conn: SimulatorConnector) -> list[Any]:
    got: list[Any] = []
    cursor = None
    while True:
        page = conn.fetch(conn.scopes()[0], cursor)
        got.extend(page.comments)
        cursor = page.cursor
        if page.done:
            return got


def test_comments_are_dated_when_they_arrive_unless_scenario_time_is_asked() -> None:
    clock = Clock()
    live = SimulatorConnector(settings={"scenario": "flood_rumour", "speed": 60}, clock=clock)
    review = SimulatorConnector(
        settings={"scenario": "flood_rumour", "speed": 60, "timestamps": "scenario"}, clock=clock
    )
    clock.now += 90  # ninety real seconds: an hour and a half of the scenario
    now = live._at(90)  # the real clock now, as a datetime
    arrived, scripted = _drain(live), _drain(review)
    assert arrived and len(arrived) == len(scripted)
    # Live: nothing dated in the console's future; the whole release fits in the real 90 s.
    assert all(c.created_at <= now for c in arrived)
    assert (arrived[-1].created_at - arrived[0].created_at).total_seconds() <= 90
    # Review: the scripted times, so the curve spans the scenario's hour and a half.
    assert (scripted[-1].created_at - scripted[0].created_at).total_seconds() > 1800
    with pytest.raises(PermanentError):
        SimulatorConnector(settings={"scenario": "flood_rumour", "timestamps": "later"})


def test_compressed_playback_releases_comments_on_time() -> None:
    clock = Clock()
    conn = SimulatorConnector(settings={"scenario": "flood_rumour", "speed": 60}, clock=clock)
    assert conn.reply_limit == 140  # plays a Weibo account
    scope = conn.scopes()[0]
    first = conn.fetch(scope, None)
    assert first.done
    clock.now += 60  # one real minute = one scenario hour
    got: list[Any] = []
    cursor = first.cursor
    while True:
        page = conn.fetch(scope, cursor)
        got.extend(page.comments)
        cursor = page.cursor
        if page.done:
            break
    assert got and all(c.created_at <= conn.virtual_now() for c in got)
    assert all((c.created_at - conn._at(0)).total_seconds() <= 3600 for c in got)
    assert [c.created_at for c in got] == sorted(c.created_at for c in got)
    clock.now += 10_000
    rest = []
    while True:
        page = conn.fetch(scope, cursor)
        rest.extend(page.comments)
        cursor = page.cursor
        if page.done:
            break
    assert len(got) + len(rest) == len(conn.timeline) and conn.finished()
    # Crash safety: refetching from an old cursor repeats, never skips.
    again = conn.fetch(scope, first.cursor)
    assert again.comments[0].external_id == got[0].external_id


def test_replies_are_recorded_with_response_time() -> None:
    clock = Clock()
    conn = SimulatorConnector(settings={"scenario": "staff_statement", "speed": 60}, clock=clock)
    clock.now += 120
    comment = conn.fetch(conn.scopes()[0], None).comments[0]
    sent = conn.post_reply(
        comment_external_id=comment.external_id,
        post_external_id=None,
        text="您好，已转交核实。",
        idempotency_key="k",
    )
    assert (
        conn.find_reply(
            comment_external_id=comment.external_id,
            post_external_id=None,
            text="您好，已转交核实。",
        )
        == sent
    )
    assert (
        conn.post_reply(
            comment_external_id=comment.external_id,
            post_external_id=None,
            text="您好，已转交核实。",
            idempotency_key="k",
        )
        == sent
    )
    assert len(conn.replies) == 1 and conn.replies[0].response_seconds >= 0
    assert conn.expected_sentiment(comment.external_id) in set(Sentiment)
    with pytest.raises(ReplyRejected):
        conn.post_reply(
            comment_external_id=comment.external_id,
            post_external_id=None,
            text="长" * 141,
            idempotency_key="x",
        )
    with pytest.raises(PermanentError):
        conn.post_reply(
            comment_external_id="nope", post_external_id=None, text="好", idempotency_key="y"
        )
    assert conn.check().ok


def test_registry_builds_simulator_and_second_account() -> None:
    conn = create_connector(
        Platform.SIMULATOR, settings={"scenario": "social_security_outage", "account": "rsj_wechat"}
    )
    assert isinstance(conn, SimulatorConnector) and conn.reply_limit == 600
    with pytest.raises(PermanentError):
        create_connector(
            Platform.SIMULATOR, settings={"scenario": "social_security_outage", "account": "x"}
        )
    with pytest.raises(PermanentError):
        create_connector(Platform.FILE, settings={})


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _valid() -> dict[str, Any]:
    loaded = yaml.safe_load((SCENARIO_DIR / "flood_rumour.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(extra_field=1), "scenario.extra_field"),
        (lambda d: d.pop("title"), "scenario.title"),
        (lambda d: d["waves"][0].update(post="nope"), "waves[0].post"),
        (lambda d: d["waves"][1].update(pace="zigzag"), "waves[1].pace"),
        (lambda d: d["waves"][0].update(end=10_000), "waves[0].start/end"),
        (
            lambda d: d["waves"][0]["texts"].update(negative=["{nowhere}去哪了"]),
            "waves[0].texts.negative",
        ),
        (lambda d: d["waves"][0].update(count="many"), "waves[0].count"),
        (lambda d: d["waves"][0]["mix"].update(angry=1), "waves[0].mix.angry"),
        (lambda d: d["posts"][0].update(account="ghost"), "posts[0].account"),
        (lambda d: d["waves"][3].update(start=100), "waves[3].start"),
    ],
)
def test_invalid_scenarios_name_file_and_field(tmp_path: Path, mutate: Any, expected: str) -> None:
    data = _valid()
    mutate(data)
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, data))
    assert "bad.yaml" in info.value.message and expected in info.value.message


def test_unparseable_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "broken.yaml" in info.value.message
    with pytest.raises(ScenarioError):
        load_scenario("no_such_scenario")
    with pytest.raises(ScenarioError):
        load_scenario(_write(tmp_path, ["a", "list"]))
    # safe_load: a python tag is refused, not executed.
    path.write_text("id: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(ScenarioError):
        load_scenario(path)
