"""Template approval: the office's policy, approving versions, and which versions may be sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crisisdesk.domain import Changes, Role
from crisisdesk.services.events import BUS
from crisisdesk.services.templates import (
    TemplateError,
    VersionInfo,
    actor_name,
    latest_version,
    template_row,
    version_info,
)
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.schema import Operator, TemplateVersion, WorkspaceSetting, utcnow

POLICY_KEY = "templates.policy"
APPROVER_ROLES = frozenset({Role.REVIEWER.value, Role.CRISIS_LEAD.value, Role.ADMIN.value})


@dataclass(frozen=True, slots=True)
class Policy:
    """The office's template policy (workspace setting "templates.policy")."""

    require_approval: bool = False  # only approved versions may be sent
    allow_self_approval: bool = False  # a writer may approve their own version

    def to_json(self) -> dict[str, Any]:
        """The stored form of the policy."""
        return {
            "require_approval": self.require_approval,
            "allow_self_approval": self.allow_self_approval,
        }


def get_policy(session: Session) -> Policy:
    """The office's template policy; no setting means no approval needed."""
    row = session.get(WorkspaceSetting, POLICY_KEY)
    value = row.value if row is not None and isinstance(row.value, dict) else {}
    return Policy(
        require_approval=bool(value.get("require_approval", False)),
        allow_self_approval=bool(value.get("allow_self_approval", False)),
    )


def set_policy(session: Session, policy: Policy, *, by: int | None = None) -> None:
    """Store the office's template policy."""
    row = session.get(WorkspaceSetting, POLICY_KEY)
    if row is None:
        session.add(WorkspaceSetting(key=POLICY_KEY, value=policy.to_json()))
    else:
        row.value = policy.to_json()
    session.flush()
    append_event(
        session,
        actor=actor_name(session, by),
        action="template.policy",
        entity_type="setting",
        entity_id=POLICY_KEY,
        details=policy.to_json(),
    )
    BUS.emit(Changes(templates=True))


def approve_version(session: Session, version_id: int, *, by: int) -> VersionInfo:
    """Approve a version; the approver must hold a reviewing role (and not be its writer, by policy)."""
    version = session.get(TemplateVersion, version_id)
    if version is None:
        raise TemplateError(f"找不到编号为 {version_id} 的模板版本。")
    op = session.get(Operator, by)
    if op is None or not op.active:
        raise TemplateError("审核人不存在或已停用。")
    if not APPROVER_ROLES & set(op.roles or []):
        raise TemplateError(
            f"{op.display_name} 没有审核模板的权限。", hint="需要审核岗、舆情应急岗或管理员。"
        )
    if version.author_id == by and not get_policy(session).allow_self_approval:
        raise TemplateError(
            "按本单位规定，模板不能由撰写人本人审核。", hint="请另一位审核人员审核。"
        )
    if version.approved_by_id is not None:
        return version_info(version)
    version.approved_by_id = by
    version.approved_at = utcnow()
    session.flush()
    append_event(
        session,
        actor=op.username,
        action="template.approve",
        entity_type="template",
        entity_id=version.template_id,
        details={"version": version.number, "version_id": version.id},
    )
    BUS.emit(Changes(templates=True))
    return version_info(version)


def sendable_version(session: Session, template_id: int) -> TemplateVersion:
    """The version a reply may use now: the newest, or the newest approved when policy says so."""
    row = template_row(session, template_id)
    if row.retired:
        raise TemplateError(f"模板“{row.name}”已停用，不能用于回复。")
    if not get_policy(session).require_approval:
        return latest_version(session, template_id)
    approved = [v for v in row.versions if v.approved_by_id is not None]
    if not approved:
        raise TemplateError(
            f"模板“{row.name}”尚无审核通过的版本，按本单位规定不能用于回复。", hint="请先提交审核。"
        )
    return approved[-1]


def ensure_sendable(session: Session, version_ids: Sequence[int]) -> None:
    """Refuse a reply that uses a retired template or, by policy, an unapproved version."""
    require = get_policy(session).require_approval
    for vid in version_ids:
        v = session.get(TemplateVersion, vid)
        if v is None:
            raise TemplateError(f"找不到编号为 {vid} 的模板版本。")
        if v.template.retired:
            raise TemplateError(f"模板“{v.template.name}”已停用，不能用于回复。")
        if require and v.approved_by_id is None:
            raise TemplateError(
                f"模板“{v.template.name}”第 {v.number} 版尚未审核通过，按本单位规定不能发送。"
            )
