"""Text normalisation: fold widths, simplify, strip platform markup into features."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# Every Normalized.features dict has exactly these keys, so callers may index without .get().
FEATURE_KEYS: tuple[str, ...] = ("urls", "mentions", "reposts", "hashtags", "emoticons")


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised text and the platform features taken out of it."""

    text: str
    features: dict[str, list[str]] = field(default_factory=dict)


def _build_pre_table() -> dict[int, Any]:
    """Characters to drop or blank before NFKC: surrogates, controls, invisible format marks."""
    table: dict[int, Any] = {}
    for cp in range(0xD800, 0xE000):  # lone surrogates (valid pairs never reach a str as two)
        table[cp] = None
    for cp in (*range(0x00, 0x20), *range(0x7F, 0xA0)):
        table[cp] = " "
    # Zero-width and bidi controls hide or reorder text; variation selectors and skin tones
    # only change how an emoji looks, and dropping them gives one name per emoji.
    for cp in (
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        *range(0xFE00, 0xFE10),
        *range(0x1F3FB, 0x1F400),
        *range(0xE0000, 0xE0080),
        0x00AD,
        0xFEFF,
        0xFFFC,
        0xFFFD,  # a replacement character stands for bytes that were lost; it carries no meaning
        0x180E,
    ):
        table[cp] = None
    return table


_PRE_TABLE = _build_pre_table()
# Only texts that contain one of these need the (slower) translate pass above.
_SPECIAL_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufe00-\ufe0f\ufeff\ufffc\ufffd\ud800-\udfff\U0001f3fb-\U0001f3ff\U000e0000-\U000e007f]"
)
# The full-width forms Chinese text is full of, folded by plain replace() before the general
# check: after them most comments are already NFKC and skip the normaliser.
_COMMON_WIDE = (
    ("，", ","),
    ("？", "?"),
    ("！", "!"),
    ("：", ":"),
    ("；", ";"),
    ("（", "("),
    ("）", ")"),
)

_URL_RE = re.compile(
    r"(?:https?://|www\.|\bt\.cn/)[^\s<>\"'\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+",
    re.ASCII | re.IGNORECASE,
)
# Weibo repost chain: "own words//@name:reposted words//@name2:older words".
_REPOST_RE = re.compile(r"//@([^\s:/@]{1,30}):?")
# A mention ends at whitespace or punctuation, as on Weibo; an email address is not a mention.
_MENTION_RE = re.compile(
    r"(?<![A-Za-z0-9_.\-])@([^\s@:,.!?;()\[\]<>#/\\\"'、，。！？；：（）【】《》“”‘’]{1,30})"
)
# "回复@name:" opens a reply inside a comment thread; the name is a mention, not content.
_REPLY_PREFIX_RE = re.compile(r"^\s*回复\s*@([^\s:@]{1,30})\s*:")
_HASHTAG_RE = re.compile(r"#([^#\n]{1,60}?)#|#([^\s#,.!?;:，。！？；：、]{1,30})(?=\s|$)")
_BRACKET_EMOTICON_RE = re.compile(r"\[([a-z\u4e00-\u9fff][a-z0-9\u4e00-\u9fff ]{0,9})\]")
_EMOJI_RE = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u231a\u231b\u23e9-\u23fa\u3030\u303d]"
)

_converter: Any = None
_traditional: frozenset[str] = frozenset()
_converter_lock = threading.Lock()


def _build_traditional() -> tuple[dict[str, Any], dict[str, Any]]:
    """Every CJK character that OpenCC's t2s changes on its own (about 4,500)."""
    chars = [
        chr(cp)
        for low, high in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))
        for cp in range(low, high)
    ]
    converted = str(_converter.convert("\n".join(chars))).split("\n")
    if len(converted) != len(chars):
        return {c: 1 for c in chars}, {}
    return {c: 1 for c, s in zip(chars, converted, strict=True) if c != s}, {}


def _load_converter() -> None:
    global _converter, _traditional
    with _converter_lock:
        if _converter is None:
            import opencc

            from crisisdesk.analysis.table_cache import cached_table

            _converter = opencc.OpenCC("t2s")
            version = getattr(opencc, "__version__", "unknown")
            table, _ = cached_table(
                "opencc-t2s-chars", f"opencc-{version}", "b", _build_traditional
            )
            _traditional = frozenset(table)


def _t2s(text: str) -> str:
    """Traditional -> simplified with OpenCC's phrase-aware t2s, only for texts that need it.

    A text goes through OpenCC only if it has a character that t2s changes on its own; a
    traditional phrase made only of characters that are also simplified (乾 in 乾燥 is
    caught, being converted alone too) is the rare case this skips.
    """
    if _converter is None:
        _load_converter()
    if _traditional.isdisjoint(text):
        return text
    return str(_converter.convert(text))


def normalize(text: str) -> Normalized:
    """Fold, simplify and clean one comment; platform markup goes into ``features``."""
    features: dict[str, list[str]] = {key: [] for key in FEATURE_KEYS}
    if not isinstance(text, str) or not text:
        return Normalized("", features)
    s = text.translate(_PRE_TABLE) if _SPECIAL_RE.search(text) else text
    if not s.isascii():
        for wide, narrow in _COMMON_WIDE:
            if wide in s:
                s = s.replace(wide, narrow)
        if not unicodedata.is_normalized("NFKC", s):
            s = unicodedata.normalize("NFKC", s)
            # NFKC can produce characters the first pass removes (e.g. compatibility controls).
            if _SPECIAL_RE.search(s):
                s = s.translate(_PRE_TABLE)
        s = _t2s(s)
    s = s.lower()

    if "http" in s or "www." in s or "t.cn/" in s:
        features["urls"] = _URL_RE.findall(s)
        s = _URL_RE.sub(" ", s)
    if "@" in s:
        marker = _REPOST_RE.search(s)
        if marker is not None:
            features["reposts"] = _REPOST_RE.findall(s, marker.start())
            s = s[: marker.start()]
        mentions: list[str] = []
        reply = _REPLY_PREFIX_RE.match(s)
        if reply is not None:
            mentions.append(reply.group(1))
            s = s[reply.end() :]
        if "@" in s:
            mentions.extend(_MENTION_RE.findall(s))
            s = _MENTION_RE.sub(" ", s)
        features["mentions"] = mentions
    if "#" in s:
        features["hashtags"] = [
            topic for pair in _HASHTAG_RE.findall(s) if (topic := (pair[0] or pair[1]).strip())
        ]
        s = _HASHTAG_RE.sub(r" \1\2 ", s)
    emoticons: list[str] = []
    if "[" in s:
        emoticons = [name.strip() for name in _BRACKET_EMOTICON_RE.findall(s)]
        s = _BRACKET_EMOTICON_RE.sub(" ", s)
    if not s.isascii():
        found = _EMOJI_RE.findall(s)
        if found:
            emoticons.extend(found)
            s = _EMOJI_RE.sub(" ", s)
    features["emoticons"] = emoticons
    return Normalized(" ".join(s.split()), features)
