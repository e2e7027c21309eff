"""Template library use cases: create, edit (new versions), approve, retire, search and diff."""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from crisisdesk.domain import Changes, Role, TemplateCategory
from crisisdesk.errors import UserFacingError
from crisisdesk.services.events import BUS
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.schema import Operator, Template, TemplateVersion, WorkspaceSetting
from crisisdesk.templating import Resolver
from crisisdesk.templating.library import (
    MAX_NAME_LENGTH,
    category_from_text,
    content_problems,
    split_list,
)
from crisisdesk.templating.library import scenario_tags as normalize_scenarios

# Changes whenever the library changes, so caches (the suggestion index) know when to rebuild,
# including caches in other workstations sharing one PostgreSQL database.
REVISION_KEY = "templates.revision"


class TemplateError(UserFacingError):
    """A template cannot be saved, approved or sent as asked; the message says why."""

    def __init__(self, message: str, *, problems: Sequence[str] = (), hint: str = "") -> None:
        full = message + ("\n" + "\n".join(f"  - {p}" for p in problems) if problems else "")
        super().__init__(full, hint=hint)
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One version of a template's text, who wrote it and who approved it."""

    id: int
    template_id: int
    number: int
    body: str
    variants: dict[str, str]
    variables: dict[str, str]
    author_id: int | None
    approved_by_id: int | None
    approved_at: datetime | None
    note: str
    created_at: datetime

    @property
    def approved(self) -> bool:
        """True once a reviewer has approved this version."""
        return self.approved_by_id is not None


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """A template with its newest version and its newest approved version."""

    id: int
    name: str
    category: TemplateCategory
    tags: tuple[str, ...]
    scenario_tags: tuple[str, ...]
    shared: bool
    owner_id: int | None
    team: str | None
    retired: bool
    source: str | None
    latest: VersionInfo
    approved: VersionInfo | None
    version_count: int


def version_info(v: TemplateVersion) -> VersionInfo:
    """The plain view of a version row."""
    return VersionInfo(
        id=v.id,
        template_id=v.template_id,
        number=v.number,
        body=v.body,
        variants={str(k): str(t) for k, t in (v.variants or {}).items()},
        variables={str(k): str(t) for k, t in (v.variables or {}).items()},
        author_id=v.author_id,
        approved_by_id=v.approved_by_id,
        approved_at=v.approved_at,
        note=v.note,
        created_at=v.created_at,
    )


def template_info(t: Template) -> TemplateInfo:
    """The plain view of a template row (versions loaded through the relationship)."""
    versions = list(t.versions)
    approved = [v for v in versions if v.approved_by_id is not None]
    return TemplateInfo(
        id=t.id,
        name=t.name,
        category=TemplateCategory(t.category),
        tags=tuple(str(x) for x in t.tags or ()),
        scenario_tags=tuple(str(x) for x in t.scenario_tags or ()),
        shared=t.shared,
        owner_id=t.owner_id,
        team=t.team,
        retired=t.retired,
        source=t.source,
        latest=version_info(versions[-1]),
        approved=version_info(approved[-1]) if approved else None,
        version_count=len(versions),
    )


def actor_name(session: Session, operator_id: int | None) -> str:
    """The username an audit event names (system work has no operator)."""
    if operator_id is None:
        return "system"
    op = session.get(Operator, operator_id)
    if op is None:
        raise TemplateError(f"找不到编号为 {operator_id} 的工作人员。")
    return op.username


def template_row(session: Session, template_id: int) -> Template:
    """The template row, or a clear error when it does not exist."""
    row = session.get(Template, template_id)
    if row is None:
        raise TemplateError(f"找不到编号为 {template_id} 的模板，可能已被删除。")
    return row


def touch_revision(session: Session) -> None:
    """Mark the library as changed (a fresh random token; concurrent writers cannot collide)."""
    token = {"token": uuid.uuid4().hex}
    row = session.get(WorkspaceSetting, REVISION_KEY)
    if row is None:
        session.add(WorkspaceSetting(key=REVISION_KEY, value=token))
    else:
        row.value = token
    session.flush()


def ensure_default_library(session: Session) -> int:
    """Load the shipped default library into a new workspace once (workspace bootstrap calls this)."""
    # Imported here: the exchange module builds on this one.
    from crisisdesk.services.template_io import ensure_default_library as load_once

    return load_once(session)


def get_template(session: Session, template_id: int) -> TemplateInfo:
    """One template by id."""
    return template_info(template_row(session, template_id))


def find_by_name(session: Session, name: str, *, include_retired: bool = False) -> Template | None:
    """The template with this exact name (the newest one if an old retired copy exists)."""
    stmt = select(Template).where(Template.name == name)
    if not include_retired:
        stmt = stmt.where(Template.retired.is_(False))
    return session.execute(stmt.order_by(Template.retired, Template.id.desc()).limit(1)).scalar()


def latest_version(session: Session, template_id: int) -> TemplateVersion:
    """The newest version row of a template."""
    v = session.execute(
        select(TemplateVersion)
        .where(TemplateVersion.template_id == template_id)
        .order_by(TemplateVersion.number.desc())
        .limit(1)
    ).scalar()
    if v is None:
        raise TemplateError(f"模板 {template_id} 没有任何版本。")
    return v


def include_resolver(session: Session, *, approved_only: bool = False) -> Resolver:
    """A resolver for `{>名称}` that reads active templates by name (memoised per call site)."""
    cache: dict[str, str | None] = {}

    def resolve(name: str) -> str | None:
        if name not in cache:
            row = find_by_name(session, name)
            body: str | None = None
            if row is not None:
                versions = [
                    v for v in row.versions if v.approved_by_id is not None or not approved_only
                ]
                body = versions[-1].body if versions else None
            cache[name] = body
        return cache[name]

    return resolve


def _validate(
    session: Session,
    *,
    name: str,
    body: str,
    variants: Mapping[str, str],
    variables: Mapping[str, str],
) -> None:
    problems: list[str] = []
    if not name.strip():
        problems.append("缺少模板名称")
    elif len(name) > MAX_NAME_LENGTH:
        problems.append(f"模板名称过长（不超过 {MAX_NAME_LENGTH} 个字）")
    problems.extend(
        content_problems(
            body, variants, variables, resolve=include_resolver(session), self_name=name.strip()
        )
    )
    if problems:
        raise TemplateError(f"模板“{name}”未保存：", problems=problems)


def _category(value: str | TemplateCategory) -> TemplateCategory:
    cat = value if isinstance(value, TemplateCategory) else category_from_text(value)
    if cat is None:
        raise TemplateError(
            f"分类“{value}”无法识别。", hint="可选：" + "、".join(c.label for c in TemplateCategory)
        )
    return cat


def create_template(
    session: Session,
    *,
    name: str,
    category: str | TemplateCategory,
    body: str,
    variants: Mapping[str, str] | None = None,
    variables: Mapping[str, str] | None = None,
    tags: Iterable[str] = (),
    scenario_tags: Iterable[str] = (),
    shared: bool = True,
    team: str | None = None,
    by: int | None = None,
    source: str | None = None,
    note: str = "",
    emit: bool = True,
) -> TemplateInfo:
    """Add a template with its first version; refuses a name already in use."""
    name = name.strip()
    cat = _category(category)
    variants = dict(variants or {})
    variables = dict(variables or {})
    _validate(session, name=name, body=body, variants=variants, variables=variables)
    if find_by_name(session, name) is not None:
        raise TemplateError(
            f"已有名为“{name}”的模板。", hint="请换一个名称，或编辑原模板（会生成新版本）。"
        )
    actor = actor_name(session, by)
    row = Template(
        name=name,
        category=cat.value,
        tags=list(split_list(list(tags))),
        scenario_tags=list(normalize_scenarios(list(scenario_tags))),
        shared=shared,
        owner_id=by,
        team=team,
        source=source,
    )
    session.add(row)
    session.flush()
    version = TemplateVersion(
        template_id=row.id,
        number=1,
        body=body,
        variants=variants,
        variables=variables,
        author_id=by,
        note=note,
    )
    session.add(version)
    session.flush()
    append_event(
        session,
        actor=actor,
        action="template.create",
        entity_type="template",
        entity_id=row.id,
        details={"name": name, "category": cat.value, "version": 1, "source": source},
    )
    touch_revision(session)
    session.refresh(row)
    if emit:
        BUS.emit(Changes(templates=True))
    return template_info(row)


def edit_template(
    session: Session,
    template_id: int,
    *,
    body: str | None = None,
    variants: Mapping[str, str] | None = None,
    variables: Mapping[str, str] | None = None,
    by: int | None = None,
    note: str = "",
    emit: bool = True,
) -> VersionInfo:
    """Save new text as a new version (earlier versions are kept); unchanged text changes nothing."""
    row = template_row(session, template_id)
    if row.retired:
        raise TemplateError(
            f"模板“{row.name}”已停用，不能再编辑。", hint="如需继续使用，请先恢复该模板。"
        )
    current = latest_version(session, template_id)
    new_body = current.body if body is None else body
    new_variants = dict(current.variants or {}) if variants is None else dict(variants)
    new_variables = dict(current.variables or {}) if variables is None else dict(variables)
    if (new_body, new_variants, new_variables) == (
        current.body,
        current.variants,
        current.variables,
    ):
        return version_info(current)
    _validate(session, name=row.name, body=new_body, variants=new_variants, variables=new_variables)
    actor = actor_name(session, by)
    version = TemplateVersion(
        template_id=row.id,
        number=current.number + 1,
        body=new_body,
        variants=new_variants,
        variables=new_variables,
        author_id=by,
        note=note,
    )
    session.add(version)
    session.flush()
    append_event(
        session,
        actor=actor,
        action="template.edit",
        entity_type="template",
        entity_id=row.id,
        details={"version": version.number, "note": note},
    )
    touch_revision(session)
    session.expire(row, ["versions"])
    if emit:
        BUS.emit(Changes(templates=True))
    return version_info(version)


def update_details(
    session: Session,
    template_id: int,
    *,
    by: int | None = None,
    name: str | None = None,
    category: str | TemplateCategory | None = None,
    tags: Iterable[str] | None = None,
    scenario_tags: Iterable[str] | None = None,
    shared: bool | None = None,
    team: str | None = None,
) -> TemplateInfo:
    """Change what describes a template (not its text: text changes make versions)."""
    row = template_row(session, template_id)
    before = {
        "name": row.name,
        "category": row.category,
        "tags": list(row.tags),
        "scenario_tags": list(row.scenario_tags),
        "shared": row.shared,
        "team": row.team,
    }
    if name is not None and name.strip() != row.name:
        clash = find_by_name(session, name.strip())
        if clash is not None and clash.id != row.id:
            raise TemplateError(f"已有名为“{name.strip()}”的模板。")
        if not name.strip() or len(name.strip()) > MAX_NAME_LENGTH:
            raise TemplateError("模板名称不能为空，且不超过 128 个字。")
        row.name = name.strip()
    if category is not None:
        row.category = _category(category).value
    if tags is not None:
        row.tags = list(split_list(list(tags)))
    if scenario_tags is not None:
        row.scenario_tags = list(normalize_scenarios(list(scenario_tags)))
    if shared is not None:
        row.shared = shared
    if team is not None:
        row.team = team.strip() or None
    after = {
        "name": row.name,
        "category": row.category,
        "tags": list(row.tags),
        "scenario_tags": list(row.scenario_tags),
        "shared": row.shared,
        "team": row.team,
    }
    changed = {k: after[k] for k in after if after[k] != before[k]}
    if changed:
        append_event(
            session,
            actor=actor_name(session, by),
            action="template.update",
            entity_type="template",
            entity_id=row.id,
            details=changed,
        )
        touch_revision(session)
        BUS.emit(Changes(templates=True))
    return template_info(row)


def set_retired(
    session: Session, template_id: int, *, retired: bool, by: int | None = None
) -> TemplateInfo:
    """Retire a template (kept with its history and usage, hidden from suggestions) or restore it."""
    row = template_row(session, template_id)
    if row.retired == retired:
        return template_info(row)
    if not retired and find_by_name(session, row.name) is not None:
        raise TemplateError(
            f"已有同名的在用模板“{row.name}”，不能恢复。", hint="请先为其中一个改名。"
        )
    row.retired = retired
    session.flush()
    append_event(
        session,
        actor=actor_name(session, by),
        action="template.retire" if retired else "template.restore",
        entity_type="template",
        entity_id=row.id,
        details={"name": row.name},
    )
    touch_revision(session)
    BUS.emit(Changes(templates=True))
    return template_info(row)


def _visible(stmt: Any, viewer: Operator | None) -> Any:
    if viewer is None or Role.ADMIN.value in (viewer.roles or []):
        return stmt
    team_ok = or_(Template.team.is_(None), Template.team == viewer.team)
    return stmt.where(or_(Template.owner_id == viewer.id, Template.shared.is_(True) & team_ok))


def list_templates(
    session: Session,
    *,
    query: str = "",
    category: str | TemplateCategory | None = None,
    tag: str | None = None,
    viewer_id: int | None = None,
    include_retired: bool = False,
    limit: int = 500,
) -> list[TemplateInfo]:
    """Templates a viewer may see, searched by name, text or tag (every word must match)."""
    stmt = select(Template)
    if not include_retired:
        stmt = stmt.where(Template.retired.is_(False))
    if category is not None:
        stmt = stmt.where(Template.category == _category(category).value)
    viewer = session.get(Operator, viewer_id) if viewer_id is not None else None
    stmt = _visible(stmt, viewer)
    stmt = stmt.options(selectinload(Template.versions)).order_by(Template.category, Template.name)
    rows = session.execute(stmt).scalars().all()
    words = [w.casefold() for w in query.split() if w]
    wanted_tag = tag.strip().casefold() if tag else None
    result: list[TemplateInfo] = []
    for row in rows:
        info = template_info(row)
        labels = [t.casefold() for t in (*info.tags, *info.scenario_tags)]
        if wanted_tag and wanted_tag not in labels:
            continue
        # The library holds hundreds of templates at most, so matching in Python is cheap and
        # lets one search cover names, every variant and both tag lists.
        hay = "\n".join(
            [
                info.name,
                info.latest.body,
                *info.latest.variants.values(),
                *labels,
                info.category.label,
            ]
        ).casefold()
        if all(w in hay for w in words):
            result.append(info)
            if len(result) >= limit:
                break
    return result


def versions(session: Session, template_id: int) -> list[VersionInfo]:
    """Every version of a template, oldest first."""
    return [version_info(v) for v in template_row(session, template_id).versions]


def diff_versions(session: Session, old_version_id: int, new_version_id: int) -> str:
    """A unified diff between two versions' bodies and variants (empty when identical)."""
    old = session.get(TemplateVersion, old_version_id)
    new = session.get(TemplateVersion, new_version_id)
    if old is None or new is None:
        raise TemplateError("找不到要比较的模板版本。")

    def lines(v: TemplateVersion) -> list[str]:
        out = [f"[正文]\n{v.body}"]
        for key in sorted(v.variants or {}):
            out.append(f"[{key}]\n{v.variants[key]}")
        if v.variables:
            out.append("[变量]\n" + "\n".join(f"{k}={d}" for k, d in sorted(v.variables.items())))
        return "\n".join(out).splitlines(keepends=False)

    return "\n".join(
        difflib.unified_diff(
            lines(old),
            lines(new),
            fromfile=f"第 {old.number} 版",
            tofile=f"第 {new.number} 版",
            lineterm="",
        )
    )
