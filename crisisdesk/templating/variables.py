"""The variables every template may use: where each value comes from and a typical value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VariableSpec:
    """A known variable: its source, what it means and a typical value for length estimates."""

    name: str
    source: str  # comment | account | incident | office | clock | manual
    description: str
    sample: str


_SPECS = (
    VariableSpec("用户昵称", "comment", "评论者的昵称", "热心市民小王"),
    VariableSpec("评论摘要", "comment", "评论正文的前 20 个字", "小区已经停水两天了没人管"),
    VariableSpec("评论日期", "comment", "评论发布的日期", "2026年11月21日"),
    VariableSpec("账号名称", "account", "本单位在该平台的账号名称", "某某市政务服务"),
    VariableSpec("平台", "account", "评论所在平台", "微博"),
    VariableSpec("日期", "clock", "今天的日期", "2026年11月21日"),
    VariableSpec("时间", "clock", "现在的时间", "14:30"),
    VariableSpec("事件名称", "incident", "评论关联的事件名称", "城区部分区域停水"),
    VariableSpec("单位名称", "office", "本单位名称", "某某市人民政府办公室"),
    VariableSpec("办理单位", "office", "负责办理的单位或部门", "市水务集团"),
    VariableSpec("联系电话", "office", "对外公开的咨询电话", "0571-12345678"),
    VariableSpec("热线", "office", "政务服务便民热线", "12345"),
    VariableSpec("办理时限", "office", "承诺的答复或办理时限", "5个工作日"),
    VariableSpec("官方网站", "office", "本单位官方网站", "www.example.gov.cn"),
    VariableSpec("办事地址", "office", "线下办事大厅地址", "市民中心一楼综合窗口"),
    VariableSpec("工单编号", "manual", "12345 或本单位的工单编号，回复时填写", "20261121001"),
    VariableSpec("办理进展", "manual", "当前办理进展，回复时填写", "已派工程人员到场抢修"),
    VariableSpec(
        "政策名称", "manual", "所涉政策文件名称，回复时填写", "《某某市住房公积金管理办法》"
    ),
)

KNOWN_VARIABLES: dict[str, VariableSpec] = {spec.name: spec for spec in _SPECS}

# Office-wide values filled in when a workspace has not set its own; the national hotline is
# the one value every office shares.
OFFICE_DEFAULTS: dict[str, str] = {"热线": "12345"}


def is_known(name: str, declared: dict[str, str] | None = None) -> bool:
    """True for a built-in variable or one the template declares itself."""
    return name in KNOWN_VARIABLES or bool(declared and name in declared)


def sample_value(name: str, declared: dict[str, str] | None = None) -> str:
    """A realistic value used to estimate a rendered length before there is a real comment."""
    if declared and declared.get(name):
        return declared[name]
    spec = KNOWN_VARIABLES.get(name)
    return spec.sample if spec else name
