"""The template library format (YAML and spreadsheet rows): validation into plain entries."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crisisdesk.domain import Intent, Platform, TemplateCategory
from crisisdesk.templating.render import check, check_length

SCHEMA_VERSION = 1
MAX_NAME_LENGTH = 128
MAX_BODY_LENGTH = 5000
# Variants are written for the platforms that have their own voice; the others use the body.
VARIANT_PLATFORMS = (Platform.WEIBO, Platform.WECHAT, Platform.DOUYIN)

_CATEGORY_BY_TEXT: dict[str, TemplateCategory] = {
    **{c.value: c for c in TemplateCategory},
    **{c.label: c for c in TemplateCategory},
}
_PLATFORM_BY_TEXT: dict[str, Platform] = {
    **{p.value: p for p in VARIANT_PLATFORMS},
    **{p.label: p for p in VARIANT_PLATFORMS},
    "微信": Platform.WECHAT,
}


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One template as a library file describes it (no ids, no history)."""

    name: str
    category: TemplateCategory
    body: str
    variants: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    scenario_tags: tuple[str, ...] = ()
    shared: bool = True
    team: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class EntryError:
    """What is wrong with one entry of a file; where says which entry or row."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


def category_from_text(text: str) -> TemplateCategory | None:
    """A category from its stored value or its Chinese label."""
    return _CATEGORY_BY_TEXT.get(text.strip())


def platform_from_text(text: str) -> Platform | None:
    """A variant platform from its stored value or its Chinese label."""
    return _PLATFORM_BY_TEXT.get(text.strip().lower()) or _PLATFORM_BY_TEXT.get(text.strip())


def split_list(value: Any) -> tuple[str, ...]:
    """A list from YAML or a cell: a real list, or text separated by 、 ， , ; ；."""
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        items = [str(v).strip() for v in value]
    else:
        text = str(value)
        for sep in "、，,；;\n":
            text = text.replace(sep, "\x00")
        items = [t.strip() for t in text.split("\x00")]
    return tuple(dict.fromkeys(i for i in items if i))


_INTENT_BY_LABEL = {i.label: i.value for i in Intent} | {"质疑": "doubt", "谣言": "doubt"}


def scenario_tags(value: Any) -> tuple[str, ...]:
    """Scenario tags with intents stored by their value (投诉 -> complaint); crisis types as written."""
    return tuple(dict.fromkeys(_INTENT_BY_LABEL.get(t, t) for t in split_list(value)))


def _as_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"是", "共享", "true", "yes", "1"}:
        return True
    if text in {"否", "私有", "false", "no", "0"}:
        return False
    return None


def _as_mapping(value: Any, what: str, errors: list[str]) -> dict[str, str]:
    if value is None or value == "":
        return {}
    if isinstance(value, Mapping):
        return {str(k).strip(): "" if v is None else str(v) for k, v in value.items()}
    if isinstance(value, str):
        # Spreadsheet cells: 名称=默认值；名称=默认值
        result: dict[str, str] = {}
        for item in split_list(value.replace("、", "\x01")):
            key, sep, default = item.partition("=")
            if not sep:
                errors.append(f"{what}“{item}”应写成“名称=默认值”")
                continue
            result[key.strip()] = default.strip()
        return result
    errors.append(f"{what}应为“名称: 默认值”的映射")
    return {}


def entry_from_record(
    raw: Any, where: str, *, resolve: Callable[[str], str | None] | None = None
) -> tuple[LibraryEntry | None, list[EntryError]]:
    """Validate one record (a YAML mapping or a spreadsheet row as a dict)."""
    if not isinstance(raw, Mapping):
        return None, [EntryError(where, "应为一个包含名称、分类、正文的条目")]
    msgs: list[str] = []
    name = str(raw.get("name") or "").strip()
    if not name:
        msgs.append("缺少模板名称")
    elif len(name) > MAX_NAME_LENGTH:
        msgs.append(f"模板名称过长（不超过 {MAX_NAME_LENGTH} 个字）")
    cat_text = str(raw.get("category") or "").strip()
    category = category_from_text(cat_text)
    if category is None:
        allowed = "、".join(c.label for c in TemplateCategory)
        msgs.append(f"分类“{cat_text}”无法识别（可选：{allowed}）" if cat_text else "缺少分类")
    body = "" if raw.get("body") is None else str(raw.get("body"))
    variables = _as_mapping(raw.get("variables"), "变量", msgs)
    variants_raw = _as_mapping(raw.get("variants"), "平台版本", msgs)
    variants: dict[str, str] = {}
    for key, text in variants_raw.items():
        platform = platform_from_text(key)
        if platform is None:
            msgs.append(f"平台版本“{key}”无法识别（可选：微博、微信公众号、抖音）")
        elif text.strip():
            variants[platform.value] = text
    shared = _as_bool(raw.get("shared"))
    if shared is None:
        msgs.append(f"“共享”一栏应填“是”或“否”，而不是“{raw.get('shared')}”")
    team = str(raw.get("team") or "").strip() or None
    msgs.extend(
        content_problems(body, variants, variables, resolve=resolve, self_name=name or None)
    )
    if msgs or category is None:
        return None, [EntryError(where, m) for m in msgs]
    return (
        LibraryEntry(
            name=name,
            category=category,
            body=body,
            variants=variants,
            variables=variables,
            tags=split_list(raw.get("tags")),
            scenario_tags=scenario_tags(raw.get("scenario_tags")),
            shared=bool(shared),
            team=team,
            note=str(raw.get("note") or "").strip(),
        ),
        [],
    )


def content_problems(
    body: str,
    variants: Mapping[str, str],
    variables: Mapping[str, str],
    *,
    resolve: Callable[[str], str | None] | None = None,
    self_name: str | None = None,
) -> list[str]:
    """Every blocking problem in a body and its variants, as messages."""
    msgs: list[str] = []
    if len(body) > MAX_BODY_LENGTH:
        msgs.append(f"正文过长（不超过 {MAX_BODY_LENGTH} 个字）")
    for p in check(body, declared=variables, resolve=resolve, self_name=self_name):
        if p.severity == "error":
            msgs.append(f"正文{p.message}" if p.code == "empty_body" else f"正文：{p.message}")
    for key, text in variants.items():
        platform = Platform(key)
        for p in check(text, declared=variables, resolve=resolve, self_name=self_name):
            if p.severity == "error":
                msgs.append(f"{platform.label}版本：{p.message}")
        limit = platform.reply_limit
        if limit is not None:
            too_long = check_length(
                text, limit, label=platform.label, declared=variables, resolve=resolve
            )
            if too_long is not None:
                msgs.append(too_long.message)
    return msgs


def parse_document(
    data: Any, *, resolve: Callable[[str], str | None] | None = None
) -> tuple[list[LibraryEntry], list[EntryError]]:
    """Validate a whole YAML document; entries only count when the file has no error at all."""
    if not isinstance(data, Mapping):
        return [], [EntryError("文件", "内容不是模板库格式（缺少 schema_version 与 templates）")]
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        return [], [
            EntryError(
                "文件",
                f"格式版本为“{version}”，本程序只能读取版本 {SCHEMA_VERSION}；"
                "请用相同版本的 CrisisDesk 导出后再导入",
            )
        ]
    items = data.get("templates")
    if not isinstance(items, list) or not items:
        return [], [EntryError("文件", "没有找到任何模板（templates 列表为空或缺失）")]
    return validate_records([(f"第 {i} 个模板", raw) for i, raw in enumerate(items, 1)], resolve)


def validate_records(
    records: Sequence[tuple[str, Any]], resolve: Callable[[str], str | None] | None = None
) -> tuple[list[LibraryEntry], list[EntryError]]:
    """Validate records; includes may name other records of the same file."""
    bodies: dict[str, str] = {}
    for _, raw in records:
        if isinstance(raw, Mapping) and raw.get("name") and raw.get("body") is not None:
            bodies.setdefault(str(raw["name"]).strip(), str(raw["body"]))

    def resolve_all(name: str) -> str | None:
        if name in bodies:
            return bodies[name]
        return resolve(name) if resolve else None

    entries: list[LibraryEntry] = []
    errors: list[EntryError] = []
    seen: dict[str, str] = {}
    for where, raw in records:
        entry, errs = entry_from_record(raw, where, resolve=resolve_all)
        errors.extend(errs)
        if entry is None:
            continue
        if entry.name in seen:
            errors.append(EntryError(where, f"模板名称“{entry.name}”与{seen[entry.name]}重复"))
            continue
        seen[entry.name] = where
        entries.append(entry)
    return entries, errors


def entry_to_record(entry: LibraryEntry) -> dict[str, Any]:
    """The YAML mapping of one entry (the inverse of entry_from_record)."""
    record: dict[str, Any] = {
        "name": entry.name,
        "category": entry.category.value,
        "body": entry.body,
    }
    if entry.variants:
        record["variants"] = dict(entry.variants)
    if entry.variables:
        record["variables"] = dict(entry.variables)
    if entry.tags:
        record["tags"] = list(entry.tags)
    if entry.scenario_tags:
        record["scenario_tags"] = list(entry.scenario_tags)
    if not entry.shared:
        record["shared"] = False
    if entry.team:
        record["team"] = entry.team
    if entry.note:
        record["note"] = entry.note
    return record
