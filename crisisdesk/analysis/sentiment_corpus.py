"""The team's own labelled social-media corpus: comments generated from hand-written templates.

Templates, not generated rows, are split between train, dev and test, so evaluation never sees a
sentence pattern the model was trained on. A separate file of fully hand-written comments (no
generator involved) is the final check.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crisisdesk.analysis.normalize import normalize
from crisisdesk.domain import Sentiment
from crisisdesk.paths import RESOURCES

CORPUS_DIR = RESOURCES / "analysis" / "sentiment"
TEMPLATE_FILE = CORPUS_DIR / "social_templates.yaml"
HANDWRITTEN_FILE = CORPUS_DIR / "social_handwritten_test.tsv"
HANDWRITTEN_DEV_FILE = CORPUS_DIR / "social_handwritten_dev.tsv"
SEED = 20261121
VARIANTS = {"train": 36, "dev": 12, "test": 12}

_ALTERNATIVE_RE = re.compile(r"\(([^()]*)\)")
_SLOT_RE = re.compile(r"\{(\w+)\}")

_EMOTICONS = {
    Sentiment.POSITIVE: ["[赞]", "[心]", "[鼓掌]", "[good]", "[给力]", "[爱你]", "👍", "❤️", "🙏", "[哈哈]", "[威武]"],
    Sentiment.NEGATIVE: ["[怒]", "[泪]", "[抓狂]", "[衰]", "[怒骂]", "[失望]", "[白眼]", "😡", "😭", "[吐]", "[允悲]"],
    Sentiment.NEUTRAL: ["[思考]", "[疑问]", "[吃瓜]", "[话筒]", "[围观]", "🤔"],
}
_SARCASTIC = ["[微笑]", "[doge]", "[呵呵]", "[二哈]", "🙂", "[笑cry]"]
_SARCASM_WORDS = ("呵呵", "“", "666", "不愧", "厉害", "谢谢", "真是", "笑死", "绝了", "服了", "好家伙", "佩服", "高，实在", "真棒", "可真")
_OTHER_TEXTS = ["同问", "转发微博", "顶上去", "赞同", "说得对", "关注后续", "没人管吗", "太好了", "+1"]


@dataclass(frozen=True, slots=True)
class SocialExample:
    """One labelled social comment, already normalised."""

    text: str
    emoticons: tuple[str, ...]
    label: Sentiment
    template: str
    raw: str  # the comment as posted, before normalisation


@dataclass(slots=True)
class SocialCorpus:
    """Generated train/dev/test rows (by template) and the hand-written dev and test comments."""

    train: list[SocialExample] = field(default_factory=list)
    dev: list[SocialExample] = field(default_factory=list)
    test: list[SocialExample] = field(default_factory=list)
    handwritten: list[SocialExample] = field(default_factory=list)
    handwritten_dev: list[SocialExample] = field(default_factory=list)


def template_split(template: str) -> str:
    """'train', 'dev' or 'test' for a template, by a stable hash of its text."""
    bucket = int.from_bytes(hashlib.blake2b(template.encode("utf-8"), digest_size=4).digest(), "big") % 100
    if bucket < 15:
        return "test"
    if bucket < 30:
        return "dev"
    return "train"


def _fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    """One concrete sentence from a template."""
    text = _ALTERNATIVE_RE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return _SLOT_RE.sub(lambda m: rng.choice(slots.get(m.group(1), [m.group(1)])), text)


def _decorate(text: str, label: Sentiment, slots: dict[str, list[str]], rng: random.Random) -> str:
    """Add the platform decoration real comments carry."""
    names = slots.get("name", ["网友"])
    sarcastic = label is Sentiment.NEGATIVE and any(w in text for w in _SARCASM_WORDS)
    roll = rng.random()
    if roll < 0.25:
        pool = _SARCASTIC if sarcastic and rng.random() < 0.7 else _EMOTICONS[label]
        text += "".join(rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 3))))
    elif roll < 0.32:
        text = rng.choice(_EMOTICONS[label]) + text
    punct = rng.random()
    if punct < 0.12:
        text = text.replace("！", "!!!").replace("？", "???")
    elif punct < 0.2:
        text = text.rstrip("！？。")
    elif punct < 0.26:
        text = text.replace("，", " ")
    prefix = rng.random()
    if prefix < 0.12:
        text = f"回复@{rng.choice(names)}:{text}"
    elif prefix < 0.2:
        text = f"@{rng.choice(slots.get('dept', ['官方']))} {text}"
    elif prefix < 0.25:
        text = f"#{rng.choice(slots.get('topic', ['话题']))}# {text}"
    if rng.random() < 0.15:
        text += f"//@{rng.choice(names)}:{rng.choice(_OTHER_TEXTS)}"
    return text


def _example(raw: str, label: Sentiment, template: str) -> SocialExample | None:
    """Normalise one raw comment the way the pipeline will."""
    norm = normalize(raw)
    if not norm.text and not norm.features["emoticons"]:
        return None
    return SocialExample(norm.text, tuple(norm.features["emoticons"]), label, template, raw)


def load_templates(path: Path = TEMPLATE_FILE) -> tuple[dict[str, list[str]], list[tuple[Sentiment, str]]]:
    """(slots, [(label, template)]) from the YAML file."""
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    slots = {str(k): [str(v) for v in values] for k, values in raw["slots"].items()}
    templates = []
    for line in raw["templates"]:
        label, _, template = str(line).partition("|")
        templates.append((Sentiment(label), template))
    return slots, templates


def load_handwritten(path: Path = HANDWRITTEN_FILE) -> list[SocialExample]:
    """Hand-written comments of one file (the test file unless told otherwise)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, comment = line.partition("\t")
        example = _example(comment, Sentiment(label.strip()), "handwritten")
        if example is not None:
            rows.append(example)
    return rows


def social_corpus(seed: int = SEED) -> SocialCorpus:
    """Generate the corpus deterministically; duplicates within a part are dropped."""
    slots, templates = load_templates()
    corpus = SocialCorpus()
    seen: dict[str, set[str]] = {"train": set(), "dev": set(), "test": set()}
    for label, template in templates:
        part = template_split(template)
        rng = random.Random(f"{seed}:{template}")
        target = getattr(corpus, part)
        for _ in range(VARIANTS[part]):
            raw = _decorate(_fill(template, slots, rng), label, slots, rng)
            example = _example(raw, label, template)
            if example is None or example.text in seen[part]:
                continue
            seen[part].add(example.text)
            target.append(example)
    # A text that a training template can also produce is not a fair test row.
    corpus.dev = [e for e in corpus.dev if e.text not in seen["train"]]
    corpus.test = [e for e in corpus.test if e.text not in seen["train"]]
    corpus.handwritten = [e for e in load_handwritten() if e.text not in seen["train"]]
    corpus.handwritten_dev = load_handwritten(HANDWRITTEN_DEV_FILE)
    return corpus
