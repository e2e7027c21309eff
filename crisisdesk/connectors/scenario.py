"""Simulator scenarios: strict YAML loading and deterministic expansion into a comment timeline."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml

import crisisdesk
from crisisdesk.connectors.errors import ScenarioError
from crisisdesk.domain import Platform, Sentiment

SCENARIO_DIR = Path(crisisdesk.__file__).resolve().parent.parent / "resources" / "scenarios"
PACES = ("even", "rising", "decaying", "burst")
_SLOT_RE = re.compile(r"\{(\w+)\}")
# Small edits people make when they paste a text they were sent (水军 copy-paste waves).
_PASTE_PREFIXES = ("", "", "", "转：", "转发：", "同问，", "+1 ", "顶，")
_PASTE_SUFFIXES = ("", "", "！", "！！", "!!!", "。", " ", "[怒]", "😡", "#求真相#", "（转）")
_NAME_HEADS = ("小", "老", "阿", "大", "", "", "", "")
_NAME_BODIES = (
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "周",
    "吴",
    "徐",
    "孙",
    "马",
    "胡",
    "林",
    "橘子",
    "星河",
    "晚风",
    "青柠",
    "柚子",
    "雨天",
    "山海",
    "白开水",
    "咸鱼",
    "猫咪",
)
_NAME_TAILS = (
    "",
    "同学",
    "_",
    "不吃香菜",
    "爱生活",
    "在路上",
    "今天也要加油",
    "的日常",
    "2024",
    "_88",
    "哥",
    "姐",
    "酱",
    "本人",
    "吖",
    "0531",
    "v",
    "呀",
)


@dataclass(frozen=True, slots=True)
class ScenarioAccount:
    """An account the scenario plays, imitating a platform."""

    key: str
    name: str
    platform: Platform


@dataclass(frozen=True, slots=True)
class ScenarioPost:
    """A post of ours that the waves comment on; `at` is minutes from the start."""

    id: str
    account: str
    title: str
    text: str
    at: float


@dataclass(frozen=True, slots=True)
class Wave:
    """A burst of comments on one post between start and end (minutes)."""

    name: str
    post: str
    start: float
    end: float
    count: int
    pace: str
    mix: dict[Sentiment, float]
    texts: dict[Sentiment, list[str]]
    copy_paste: bool


@dataclass(frozen=True, slots=True)
class Scenario:
    """A whole scripted crisis."""

    id: str
    title: str
    crisis_type: str
    description: str
    duration: float
    seed: int
    accounts: list[ScenarioAccount]
    posts: list[ScenarioPost]
    slots: dict[str, list[str]]
    waves: list[Wave]
    author_pool: int
    source: str


@dataclass(frozen=True, slots=True)
class ScriptedComment:
    """One comment of the timeline, `offset` seconds after the start (scenario time)."""

    offset: float
    external_id: str
    account: str
    post: str
    author_id: str
    author_name: str
    text: str
    sentiment: Sentiment
    wave: str


class _Reader:
    """Reads one mapping strictly: unknown keys and wrong types name the file and field."""

    def __init__(self, source: str, where: str, data: Any) -> None:
        self.source = source
        self.where = where
        if not isinstance(data, Mapping):
            self.fail(where, "应为键值映射（key: value）")
        self.data: Mapping[str, Any] = data

    def fail(self, field_path: str, problem: str) -> NoReturn:
        """Raise ScenarioError naming the file and the field."""
        raise ScenarioError(
            f"演练脚本“{self.source}”有误：{field_path}：{problem}",
            hint="请对照 docs/connectors.md 中的脚本格式修改后再加载。",
        )

    def only(self, *allowed: str) -> None:
        """Refuse keys other than allowed (typos must not be silently ignored)."""
        extra = sorted(set(self.data) - set(allowed))
        if extra:
            self.fail(f"{self.where}.{extra[0]}", f"未知字段（允许的字段：{', '.join(allowed)}）")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        """The value of key checked against kind; default when absent (no default: required)."""
        if key not in self.data or self.data[key] is None:
            if default is ...:
                self.fail(f"{self.where}.{key}", "缺少该字段")
            return default
        value = self.data[key]
        if isinstance(value, bool) and kind is not bool:
            self.fail(f"{self.where}.{key}", "类型不对")
        if not isinstance(value, kind):
            self.fail(f"{self.where}.{key}", f"类型不对（应为 {_kind_name(kind)}）")
        return value

    def child(self, key: str, data: Any) -> _Reader:
        """A reader for a nested mapping, for error paths like waves[2].mix."""
        return _Reader(self.source, f"{self.where}.{key}", data)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "文本", int: "整数", float: "数字", list: "列表", dict: "映射", bool: "真/假"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return "或".join(names.get(k, k.__name__) for k in kinds)


def _texts(r: _Reader, key: str, value: Any, *, allow_empty: bool = False) -> list[str]:
    """A non-empty list of strings (slot values may be "", meaning "nothing here")."""
    ok = isinstance(value, list) and bool(value)
    ok = ok and all(isinstance(t, str) and (allow_empty or t.strip()) for t in value)
    if not ok:
        r.fail(f"{r.where}.{key}", "应为非空的文本列表")
    return [str(t) for t in value]


def parse_scenario(data: Any, source: str) -> Scenario:
    """Validate a parsed YAML document and build the Scenario (raises ScenarioError)."""
    r = _Reader(source, "scenario", data)
    r.only(
        "id",
        "title",
        "crisis_type",
        "description",
        "duration_minutes",
        "seed",
        "accounts",
        "posts",
        "slots",
        "authors",
        "waves",
    )
    accounts = []
    for i, raw in enumerate(r.get("accounts", list)):
        a = r.child(f"accounts[{i}]", raw)
        a.only("key", "name", "platform")
        platform = a.get("platform", str, "weibo")
        if platform not in ("weibo", "wechat", "douyin"):
            a.fail(f"{a.where}.platform", "应为 weibo、wechat 或 douyin")
        accounts.append(ScenarioAccount(a.get("key", str), a.get("name", str), Platform(platform)))
    if not accounts:
        r.fail("scenario.accounts", "至少需要一个账号")
    keys = {a.key for a in accounts}
    posts = []
    for i, raw in enumerate(r.get("posts", list)):
        p = r.child(f"posts[{i}]", raw)
        p.only("id", "account", "title", "text", "at")
        account = p.get("account", str)
        if account not in keys:
            p.fail(f"{p.where}.account", f"没有名为“{account}”的账号")
        posts.append(
            ScenarioPost(
                str(p.get("id", (str, int))),
                account,
                p.get("title", str),
                p.get("text", str, ""),
                float(p.get("at", (int, float), 0)),
            )
        )
    post_ids = {p.id for p in posts}
    slots_raw = r.get("slots", dict, {})
    slot_reader = r.child("slots", slots_raw)
    slots = {str(k): _texts(slot_reader, str(k), v, allow_empty=True) for k, v in slots_raw.items()}
    authors = r.child("authors", r.get("authors", dict, {}))
    authors.only("pool")
    pool = authors.get("pool", int, 300)
    duration = float(r.get("duration_minutes", (int, float)))
    if duration <= 0:
        r.fail("scenario.duration_minutes", "应大于 0")
    waves = []
    for i, raw in enumerate(r.get("waves", list)):
        w = r.child(f"waves[{i}]", raw)
        w.only("name", "post", "start", "end", "count", "pace", "mix", "texts", "copy_paste")
        post = str(w.get("post", (str, int)))
        if post not in post_ids:
            w.fail(f"{w.where}.post", f"没有编号为“{post}”的内容")
        start, end = float(w.get("start", (int, float))), float(w.get("end", (int, float)))
        if not 0 <= start <= end <= duration:
            w.fail(f"{w.where}.start/end", f"应满足 0 ≤ start ≤ end ≤ {duration:g}")
        published = next(p.at for p in posts if p.id == post)
        if start < published:
            w.fail(f"{w.where}.start", f"早于所评论内容的发布时间（第 {published:g} 分钟）")
        pace = w.get("pace", str, "even")
        if pace not in PACES:
            w.fail(f"{w.where}.pace", f"应为 {'、'.join(PACES)} 之一")
        texts_raw = w.child("texts", w.get("texts", dict))
        texts_raw.only(*(s.value for s in Sentiment))
        texts = {Sentiment(k): _texts(texts_raw, k, v) for k, v in texts_raw.data.items()}
        mix_raw = w.child("mix", w.get("mix", dict, {k.value: 1.0 for k in texts}))
        mix_raw.only(*(s.value for s in Sentiment))
        mix = {Sentiment(k): float(mix_raw.get(k, (int, float))) for k in mix_raw.data}
        if any(v < 0 for v in mix.values()) or sum(mix.values()) <= 0:
            w.fail(f"{w.where}.mix", "比例不能为负，且总和应大于 0")
        for sentiment, share in mix.items():
            if share > 0 and sentiment not in texts:
                w.fail(f"{w.where}.texts.{sentiment.value}", "mix 中有该情感，但没有对应的文本")
        for sentiment, lines in texts.items():
            for line in lines:
                for slot in _SLOT_RE.findall(line):
                    if slot not in slots:
                        w.fail(
                            f"{w.where}.texts.{sentiment.value}",
                            f"文本中的 {{{slot}}} 没有在 slots 中定义",
                        )
        count = w.get("count", int)
        if count < 0:
            w.fail(f"{w.where}.count", "不能为负")
        waves.append(
            Wave(
                w.get("name", str),
                post,
                start,
                end,
                count,
                pace,
                mix,
                texts,
                bool(w.get("copy_paste", bool, False)),
            )
        )
    return Scenario(
        id=r.get("id", str),
        title=r.get("title", str),
        crisis_type=r.get("crisis_type", str),
        description=r.get("description", str, ""),
        duration=duration,
        seed=r.get("seed", int, 1),
        accounts=accounts,
        posts=posts,
        slots=slots,
        waves=waves,
        author_pool=max(1, pool),
        source=source,
    )


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a scenario by file path or by id from resources/scenarios."""
    path = Path(name_or_path)
    if not path.suffix:
        path = SCENARIO_DIR / f"{name_or_path}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(
            f"找不到演练脚本“{name_or_path}”。", hint="请确认脚本名称或文件路径。"
        ) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else "某处"
        raise ScenarioError(
            f"演练脚本“{path.name}”{where}的 YAML 格式有误。", hint="请检查缩进和引号。"
        ) from exc
    return parse_scenario(data, path.name)


def list_scenarios(directory: Path = SCENARIO_DIR) -> list[Scenario]:
    """Every valid scenario shipped in directory, sorted by id."""
    return sorted((load_scenario(p) for p in directory.glob("*.yaml")), key=lambda s: s.id)


def _fill(template: str, slots: Mapping[str, list[str]], rng: random.Random) -> str:
    return _SLOT_RE.sub(lambda m: rng.choice(slots[m.group(1)]), template)


def _shape(pace: str, u: float) -> float:
    if pace == "rising":
        return float(u**0.5)
    if pace == "decaying":
        return float(1 - (1 - u) ** 0.5)
    if pace == "burst":
        return float(u**3)
    return u


def _author_names(count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(_NAME_HEADS) + rng.choice(_NAME_BODIES) + rng.choice(_NAME_TAILS)
        if name in seen:
            name += str(rng.randint(10, 9999))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def expand(scenario: Scenario, seed: int | None = None) -> list[ScriptedComment]:
    """The scenario's comments sorted by time; the same seed always gives the same timeline."""
    rng = random.Random(scenario.seed if seed is None else seed)
    names = _author_names(scenario.author_pool, rng)
    post_account = {p.id: p.account for p in scenario.posts}
    out: list[ScriptedComment] = []
    for w_index, wave in enumerate(scenario.waves):
        sentiments = [s for s in wave.mix if wave.mix[s] > 0]
        weights = [wave.mix[s] for s in sentiments]
        pasted: dict[Sentiment, str] = {}
        paste_authors = rng.sample(range(len(names)), k=min(wave.count, len(names)))
        for n in range(wave.count):
            offset = (wave.start + (wave.end - wave.start) * _shape(wave.pace, rng.random())) * 60
            sentiment = rng.choices(sentiments, weights)[0]
            if wave.copy_paste:
                base = pasted.setdefault(
                    sentiment, _fill(rng.choice(wave.texts[sentiment]), scenario.slots, rng)
                )
                text = rng.choice(_PASTE_PREFIXES) + base + rng.choice(_PASTE_SUFFIXES)
                author = paste_authors[n % len(paste_authors)]
            else:
                text = _fill(rng.choice(wave.texts[sentiment]), scenario.slots, rng)
                author = rng.randrange(len(names))
            out.append(
                ScriptedComment(
                    offset=round(offset, 3),
                    external_id=f"sim-{scenario.id}-{w_index}-{n}",
                    account=post_account[wave.post],
                    post=wave.post,
                    author_id=f"simu{author:05d}",
                    author_name=names[author],
                    text=text.strip(),
                    sentiment=sentiment,
                    wave=wave.name,
                )
            )
    out.sort(key=lambda c: (c.offset, c.external_id))
    return out
