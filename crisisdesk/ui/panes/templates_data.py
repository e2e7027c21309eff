"""What the templates pane reads and writes, as plain values (runs in background ops, no Qt)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.domain import Platform, TemplateCategory
from crisisdesk.services import template_policy, template_preview, templates
from crisisdesk.services.template_policy import APPROVER_ROLES, Policy
from crisisdesk.services.templates import TemplateInfo, VersionInfo
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Comment, Operator
from crisisdesk.templating import Problem, estimated_length, render
from crisisdesk.templating.syntax import make_problem

OFFICE_TZ = ZoneInfo("Asia/Shanghai")
VARIANT_KEYS = ("weibo", "wechat", "douyin")


@dataclass(frozen=True, slots=True)
class Me:
    """The person working at this workstation, as the template rules see them."""

    id: int
    username: str
    display_name: str
    roles: frozenset[str]
    team: str | None

    @property
    def can_approve(self) -> bool:
        """Reviewers, crisis leads and admins may approve versions."""
        return bool(APPROVER_ROLES & self.roles)

    @property
    def is_admin(self) -> bool:
        """Only an admin may change the office's template policy."""
        return "admin" in self.roles


def current_username() -> str:
    """The operator name configured for this workstation, else the OS login."""
    from crisisdesk.services.workspace import local_username
    from crisisdesk.settings import load_settings

    try:
        configured = load_settings().operator
    except Exception:  # an unreadable settings file must not stop template work
        configured = None
    return local_username(configured)


def find_me(db: Database, username: str) -> Me | None:
    """The operator row for this workstation if it exists (a read: no wait for the writer)."""
    with db.session() as session:
        op = session.execute(select(Operator).where(Operator.username == username)).scalar()
        if op is None:
            return None
        return Me(op.id, op.username, op.display_name, frozenset(op.roles or ()), op.team)


def who_am_i(db: Database, username: str) -> Me:
    """The operator row for this workstation (created with every role in a one-person office)."""
    from crisisdesk.services.workspace import ensure_operator

    with db.session() as session:
        op = ensure_operator(session, username)
        return Me(op.id, op.username, op.display_name, frozenset(op.roles or ()), op.team)


def operator_names(session: Session) -> dict[int, str]:
    """Display names of every operator, by id."""
    rows = session.execute(select(Operator.id, Operator.display_name)).all()
    return {r.id: r.display_name for r in rows}


@dataclass(frozen=True, slots=True)
class LibraryData:
    """The visible templates matching a search, plus counts per category for the filter list."""

    templates: list[TemplateInfo]
    counts: dict[str, int]
    total: int


def load_library(
    db: Database,
    *,
    query: str,
    category: str | None,
    viewer_id: int | None,
    include_retired: bool,
) -> LibraryData:
    """Search the library (name, text, tags) as this viewer sees it."""
    with db.session() as session:
        found = templates.list_templates(
            session, query=query, viewer_id=viewer_id, include_retired=include_retired, limit=5000
        )
    counts: dict[str, int] = {}
    for info in found:
        counts[info.category.value] = counts.get(info.category.value, 0) + 1
    shown = [t for t in found if category is None or t.category.value == category]
    return LibraryData(shown, counts, len(found))


@dataclass(frozen=True, slots=True)
class TemplateBundle:
    """One template with its whole history, the people named in it and the office policy."""

    info: TemplateInfo
    versions: list[VersionInfo]
    names: dict[int, str]
    policy: Policy


def load_template(db: Database, template_id: int) -> TemplateBundle:
    """Everything the editor and the version list show for one template."""
    with db.session() as session:
        return TemplateBundle(
            templates.get_template(session, template_id),
            templates.versions(session, template_id),
            operator_names(session),
            template_policy.get_policy(session),
        )


@dataclass(frozen=True, slots=True)
class RecentComment:
    """A comment offered in the preview picker."""

    id: int
    platform: str
    author: str
    text: str
    created_at: datetime


def recent_comments(db: Database, *, limit: int = 60) -> list[RecentComment]:
    """The newest comments, for previewing a template against real wording."""
    with db.session() as session:
        rows = session.execute(
            select(
                Comment.id, Comment.platform, Comment.author_name, Comment.text, Comment.created_at
            )
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .limit(limit)
        ).all()
    return [RecentComment(r.id, r.platform, r.author_name, r.text, r.created_at) for r in rows]


@dataclass(frozen=True, slots=True)
class DraftReport:
    """Problems of a draft and its preview against one comment."""

    problems: dict[str, list[Problem]]
    lengths: dict[str, int]  # estimated length of each platform version with typical values
    preview: str
    preview_length: int
    limit: int | None
    preview_problems: list[Problem] = field(default_factory=list)


def _context(session: Session, comment_id: int | None) -> dict[str, str]:
    if comment_id is not None:
        return template_preview.context_for_comment(session, comment_id)
    now = datetime.now(OFFICE_TZ)
    return {
        **template_preview.office_values(session),
        "日期": f"{now.year}年{now.month}月{now.day}日",
        "时间": now.strftime("%H:%M"),
    }


def check_draft(
    db: Database,
    *,
    name: str,
    body: str,
    variants: Mapping[str, str],
    variables: Mapping[str, str],
    preview_key: str,
    comment_id: int | None,
) -> DraftReport:
    """Check a draft as it is typed and render the version being edited for the chosen comment."""
    with db.session() as session:
        problems = template_preview.draft_problems(
            session, body=body, variants=variants, variables=variables, name=name or None
        )
        resolve = templates.include_resolver(session)
        lengths = {
            key: estimated_length(text, declared=variables, resolve=resolve)
            for key, text in variants.items()
        }
        text = variants.get(preview_key) or body
        comment_platform: str | None = None
        if comment_id is not None:
            comment = session.get(Comment, comment_id)
            comment_platform = comment.platform if comment is not None else None
        context = _context(session, comment_id)
        rendered = render(text, context, declared=variables, resolve=resolve)
    key = preview_key if preview_key in VARIANT_KEYS else comment_platform
    try:
        platform = Platform(key) if key else None
    except ValueError:
        platform = None
    limit = platform.reply_limit if platform is not None else None
    out = rendered.text.strip()
    preview_problems = [p for p in rendered.problems if p.code == "missing_value"]
    if limit is not None and len(out) > limit:
        preview_problems.append(
            make_problem(
                out,
                "too_long",
                QCoreApplication.translate(
                    "TemplatesData", "回复共 {length} 字，超过 {limit} 字的限制。"
                ).format(length=len(out), limit=limit),
                0,
                0,
            )
        )
    return DraftReport(problems, lengths, out, len(out), limit, preview_problems)


@dataclass(frozen=True, slots=True)
class Draft:
    """What the editor holds when the user saves."""

    template_id: int | None
    name: str
    category: TemplateCategory
    tags: Sequence[str]
    scenario_tags: Sequence[str]
    shared: bool
    team: str
    body: str
    variants: dict[str, str]
    variables: dict[str, str]
    note: str


def save_draft(db: Database, draft: Draft, *, by: int | None) -> TemplateInfo:
    """Create the template, or save its text as a new version and its details in place."""
    with db.session() as session:
        if draft.template_id is None:
            return templates.create_template(
                session,
                name=draft.name,
                category=draft.category,
                body=draft.body,
                variants=draft.variants,
                variables=draft.variables,
                tags=draft.tags,
                scenario_tags=draft.scenario_tags,
                shared=draft.shared,
                team=draft.team.strip() or None,
                by=by,
                note=draft.note,
            )
        templates.edit_template(
            session,
            draft.template_id,
            body=draft.body,
            variants=draft.variants,
            variables=draft.variables,
            by=by,
            note=draft.note,
        )
        return templates.update_details(
            session,
            draft.template_id,
            by=by,
            name=draft.name,
            category=draft.category,
            tags=draft.tags,
            scenario_tags=draft.scenario_tags,
            shared=draft.shared,
            team=draft.team,
        )


def parse_variables(text: str) -> tuple[dict[str, str], list[str]]:
    """ "名称=默认值；名称=默认值" (the XLSX column's form) as a dict, with the malformed parts."""
    result: dict[str, str] = {}
    bad: list[str] = []
    for part in text.replace(";", "；").replace("\n", "；").split("；"):
        part = part.strip()
        if not part:
            continue
        name, sep, default = part.partition("=")
        if not sep or not name.strip():
            bad.append(part)
            continue
        result[name.strip()] = default.strip()
    return result, bad


def format_variables(variables: Mapping[str, str]) -> str:
    """The inverse of parse_variables."""
    return "；".join(f"{k}={v}" for k, v in variables.items())


def split_tags(text: str) -> list[str]:
    """Tags typed as "停水、停电" (or with commas or spaces)."""
    for sep in (",", "，", ";", "；", " "):
        text = text.replace(sep, "、")
    return [t.strip() for t in text.split("、") if t.strip()]
