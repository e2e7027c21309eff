"""Filling templates for a real comment: variable values, preview, composing several into a reply."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from crisisdesk.domain import Platform
from crisisdesk.services.template_policy import get_policy, sendable_version
from crisisdesk.services.templates import TemplateError, actor_name, include_resolver
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.schema import Account, Comment, Incident, TemplateVersion, WorkspaceSetting
from crisisdesk.templating import (
    KNOWN_VARIABLES,
    OFFICE_DEFAULTS,
    Problem,
    check,
    check_length,
    compose,
    render,
)
from crisisdesk.templating.syntax import make_problem

OFFICE_KEY = "templates.variables"  # workspace setting: office-wide values such as 联系电话
# Offices in mainland China date their replies in Beijing time, whatever the machine's zone.
OFFICE_TZ = ZoneInfo("Asia/Shanghai")
EXCERPT_CHARS = 20


@dataclass(frozen=True, slots=True)
class Preview:
    """A reply as it would be sent, with every problem that blocks sending."""

    text: str
    platform: Platform | None
    length: int
    limit: int | None
    problems: tuple[Problem, ...]
    version_ids: tuple[int, ...]

    @property
    def ok(self) -> bool:
        """True when nothing blocks sending."""
        return not any(p.severity == "error" for p in self.problems)


def office_values(session: Session) -> dict[str, str]:
    """The office's own values for office variables (办理单位, 联系电话 ...)."""
    row = session.get(WorkspaceSetting, OFFICE_KEY)
    stored = row.value if row is not None and isinstance(row.value, dict) else {}
    values = dict(OFFICE_DEFAULTS)
    values.update({str(k): str(v) for k, v in stored.items() if v is not None and str(v).strip()})
    return values


def set_office_values(
    session: Session, values: Mapping[str, str], *, by: int | None = None
) -> None:
    """Store office-wide variable values; names must be known office variables."""
    unknown = [
        k for k in values if k not in KNOWN_VARIABLES or KNOWN_VARIABLES[k].source != "office"
    ]
    if unknown:
        allowed = "、".join(k for k, s in KNOWN_VARIABLES.items() if s.source == "office")
        raise TemplateError(f"不能设置这些变量：{'、'.join(unknown)}。", hint=f"可设置：{allowed}")
    clean = {k: v.strip() for k, v in values.items()}
    row = session.get(WorkspaceSetting, OFFICE_KEY)
    if row is None:
        session.add(WorkspaceSetting(key=OFFICE_KEY, value=clean))
    else:
        row.value = {**row.value, **clean}
    session.flush()
    append_event(
        session,
        actor=actor_name(session, by),
        action="template.office_values",
        entity_type="setting",
        entity_id=OFFICE_KEY,
        details=clean,
    )


def _date(when: datetime) -> str:
    local = when.astimezone(OFFICE_TZ)
    return f"{local.year}年{local.month}月{local.day}日"


def context_for_comment(
    session: Session, comment_id: int, *, now: datetime | None = None
) -> dict[str, str]:
    """Variable values for a reply to this comment: the comment, its account, incident and office."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise TemplateError(f"找不到编号为 {comment_id} 的评论。")
    values = office_values(session)
    clock = now or datetime.now(OFFICE_TZ)
    values["日期"] = _date(clock)
    values["时间"] = clock.astimezone(OFFICE_TZ).strftime("%H:%M")
    # Public nicknames are data: inserted as they are, never parsed as template text.
    if comment.author_name.strip():
        values["用户昵称"] = comment.author_name.strip()
    text = " ".join(comment.text.split())
    values["评论摘要"] = text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
    values["评论日期"] = _date(comment.created_at)
    account = session.get(Account, comment.account_id)
    if account is not None:
        values["账号名称"] = account.display_name
        try:
            values["平台"] = Platform(account.platform).label
        except ValueError:
            values["平台"] = account.platform
    if comment.incident_id is not None:
        incident = session.get(Incident, comment.incident_id)
        if incident is not None:
            values["事件名称"] = incident.title
    return values


def _platform_of(session: Session, comment_id: int | None) -> Platform | None:
    if comment_id is None:
        return None
    comment = session.get(Comment, comment_id)
    try:
        return Platform(comment.platform) if comment is not None else None
    except ValueError:
        return None


def _pick_body(version: TemplateVersion, platform: Platform | None) -> str:
    variants: dict[str, Any] = version.variants or {}
    if platform is not None and variants.get(platform.value):
        return str(variants[platform.value])
    return version.body


def preview(
    session: Session,
    *,
    template_ids: Sequence[int],
    comment_id: int | None = None,
    values: Mapping[str, str] | None = None,
    platform: Platform | None = None,
    separator: str = "",
    now: datetime | None = None,
) -> Preview:
    """Render one or more templates (in order) for a comment, as the reply would read.

    Each template contributes its sendable version (approved only, if policy says so) and the
    platform's own variant when it has one. Values typed by the operator override the context.
    """
    if not template_ids:
        raise TemplateError("请至少选择一个模板。")
    if comment_id is not None:
        context = context_for_comment(session, comment_id, now=now)
    else:
        clock = now or datetime.now(OFFICE_TZ)
        context = {
            **office_values(session),
            "日期": _date(clock),
            "时间": clock.astimezone(OFFICE_TZ).strftime("%H:%M"),
        }
    context.update({k: v for k, v in (values or {}).items() if v is not None})
    platform = platform or _platform_of(session, comment_id)
    # Included templates follow the same policy as the ones chosen directly.
    resolve = include_resolver(session, approved_only=get_policy(session).require_approval)
    parts = []
    version_ids: list[int] = []
    for tid in template_ids:
        version = sendable_version(session, tid)
        version_ids.append(version.id)
        body = _pick_body(version, platform)
        parts.append(render(body, context, declared=version.variables or {}, resolve=resolve))
    combined = compose(parts, separator)
    text = combined.text.strip()
    problems = list(combined.problems)
    limit = platform.reply_limit if platform is not None else None
    if limit is not None and len(text) > limit:
        problems.append(
            make_problem(
                text,
                "too_long",
                f"回复共 {len(text)} 字，超过{platform.label if platform else ''}每条 {limit} 字的限制，请删减。",
                0,
                len(text),
            )
        )
    if not text:
        problems.append(make_problem(text, "empty_body", "回复内容为空。", 0, 0))
    return Preview(text, platform, len(text), limit, tuple(problems), tuple(version_ids))


def draft_problems(
    session: Session,
    *,
    body: str,
    variants: Mapping[str, str] | None = None,
    variables: Mapping[str, str] | None = None,
    name: str | None = None,
) -> dict[str, list[Problem]]:
    """What to underline while a template is being edited: "body" and each platform's version."""
    resolve = include_resolver(session)
    declared = dict(variables or {})
    result = {"body": check(body, declared=declared, resolve=resolve, self_name=name)}
    for key, text in (variants or {}).items():
        problems = check(text, declared=declared, resolve=resolve, self_name=name)
        try:
            platform = Platform(key)
        except ValueError:
            problems.append(make_problem(text, "bad_platform", f"未知平台“{key}”。", 0, len(text)))
            result[key] = problems
            continue
        limit = platform.reply_limit
        if limit is not None:
            too_long = check_length(
                text, limit, label=platform.label, declared=declared, resolve=resolve
            )
            if too_long is not None:
                problems.append(too_long)
        result[key] = problems
    return result
