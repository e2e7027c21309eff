"""Rendering and checking template bodies: values, fallbacks, includes, cycles and lengths."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from crisisdesk.templating.syntax import Include, Problem, Text, Variable, make_problem, parse
from crisisdesk.templating.variables import KNOWN_VARIABLES, sample_value

# An include resolver answers a template name with that template's body (None: no such template).
Resolver = Callable[[str], str | None]
MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered text and what went wrong on the way (empty problems: ready to send)."""

    text: str
    missing: tuple[str, ...]  # variables with neither a value nor a fallback
    includes: tuple[str, ...]  # every template name pulled in, in order
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when nothing blocks sending."""
        return not any(p.severity == "error" for p in self.problems)


def _known_names(declared: Mapping[str, str] | None) -> list[str]:
    return [*KNOWN_VARIABLES, *(declared or {})]


def _unknown_message(name: str, declared: Mapping[str, str] | None) -> str:
    close = difflib.get_close_matches(name, _known_names(declared), n=1, cutoff=0.5)
    hint = (
        f"是否要写“{{{close[0]}}}”？"
        if close
        else "请改用已有变量，或在模板的变量表中声明它并给出默认值。"
    )
    return f"未知变量“{{{name}}}”：{hint}"


def check(
    body: str,
    *,
    declared: Mapping[str, str] | None = None,
    resolve: Resolver | None = None,
    self_name: str | None = None,
) -> list[Problem]:
    """Every problem an editor should see: syntax, empty body, unknown variables and includes, cycles."""
    if not body.strip():
        return [make_problem(body, "empty_body", "模板正文为空，请填写回复内容。", 0, len(body))]
    parsed = parse(body)
    problems = list(parsed.problems)
    for var in parsed.variables:
        if var.name not in KNOWN_VARIABLES and not (declared and var.name in declared):
            problems.append(
                make_problem(
                    body,
                    "unknown_variable",
                    _unknown_message(var.name, declared),
                    var.start,
                    var.end,
                )
            )
    for inc in parsed.includes:
        if self_name is not None and inc.name == self_name:
            problems.append(
                make_problem(
                    body, "include_cycle", f"模板不能引用自身“{inc.name}”。", inc.start, inc.end
                )
            )
            continue
        if resolve is None:
            continue
        target = resolve(inc.name)
        if target is None:
            problems.append(
                make_problem(
                    body,
                    "unknown_include",
                    f"引用的模板“{inc.name}”不存在或已停用。",
                    inc.start,
                    inc.end,
                )
            )
            continue
        chain = _find_cycle(inc.name, resolve, [self_name] if self_name else [])
        if chain:
            problems.append(
                make_problem(
                    body,
                    "include_cycle",
                    "模板引用形成循环：" + " → ".join(chain) + "。请去掉其中一处引用。",
                    inc.start,
                    inc.end,
                )
            )
    return problems


def _find_cycle(name: str, resolve: Resolver, stack: list[str]) -> list[str] | None:
    """The chain of names that leads back to one already on the stack, if any."""
    if name in stack:
        return [*stack[stack.index(name) :], name]
    if len(stack) >= MAX_DEPTH:
        return [*stack, name]
    body = resolve(name)
    if body is None:
        return None
    for inc in parse(body).includes:
        chain = _find_cycle(inc.name, resolve, [*stack, name])
        if chain:
            return chain
    return None


def render(
    body: str,
    values: Mapping[str, str],
    *,
    declared: Mapping[str, str] | None = None,
    resolve: Resolver | None = None,
) -> Rendered:
    """Fill in a body: a value if given, else the inline fallback, else the declared default."""
    out: list[str] = []
    missing: list[str] = []
    includes: list[str] = []
    problems: list[Problem] = []
    _render_into(body, values, declared, resolve, [], out, missing, includes, problems)
    if not body.strip():
        problems.insert(0, make_problem(body, "empty_body", "模板正文为空，请填写回复内容。", 0, 0))
    return Rendered("".join(out), tuple(dict.fromkeys(missing)), tuple(includes), tuple(problems))


def _render_into(
    body: str,
    values: Mapping[str, str],
    declared: Mapping[str, str] | None,
    resolve: Resolver | None,
    stack: list[str],
    out: list[str],
    missing: list[str],
    includes: list[str],
    problems: list[Problem],
) -> None:
    parsed = parse(body)
    problems.extend(parsed.problems)
    for node in parsed.nodes:
        if isinstance(node, Text):
            out.append(node.value)
        elif isinstance(node, Variable):
            value = values.get(node.name) or ""
            if not value.strip():
                value = node.fallback if node.fallback is not None else ""
                if node.fallback is None:
                    value = (declared or {}).get(node.name, "")
            if node.fallback is None and not value:
                missing.append(node.name)
                problems.append(
                    make_problem(
                        body,
                        "missing_value",
                        f"变量“{{{node.name}}}”没有取值，也没有默认值；发送前请补充。",
                        node.start,
                        node.end,
                    )
                )
                out.append("{" + node.name + "}")
            else:
                out.append(value)
        elif isinstance(node, Include):
            _render_include(
                node, body, values, declared, resolve, stack, out, missing, includes, problems
            )


def _render_include(
    node: Include,
    body: str,
    values: Mapping[str, str],
    declared: Mapping[str, str] | None,
    resolve: Resolver | None,
    stack: list[str],
    out: list[str],
    missing: list[str],
    includes: list[str],
    problems: list[Problem],
) -> None:
    if node.name in stack:
        chain = " → ".join([*stack, node.name])
        problems.append(
            make_problem(
                body, "include_cycle", f"模板引用形成循环：{chain}。", node.start, node.end
            )
        )
        return
    if len(stack) >= MAX_DEPTH:
        problems.append(
            make_problem(
                body,
                "include_depth",
                f"模板引用层级过深（超过 {MAX_DEPTH} 层），“{node.name}”未展开。",
                node.start,
                node.end,
            )
        )
        return
    target = resolve(node.name) if resolve else None
    if target is None:
        problems.append(
            make_problem(
                body,
                "unknown_include",
                f"引用的模板“{node.name}”不存在或已停用。",
                node.start,
                node.end,
            )
        )
        return
    includes.append(node.name)
    _render_into(
        target, values, declared, resolve, [*stack, node.name], out, missing, includes, problems
    )


def compose(parts: Sequence[Rendered], separator: str = "") -> Rendered:
    """Several rendered templates joined into one reply."""
    return Rendered(
        separator.join(p.text for p in parts),
        tuple(dict.fromkeys(m for p in parts for m in p.missing)),
        tuple(i for p in parts for i in p.includes),
        tuple(pr for p in parts for pr in p.problems),
    )


def estimated_length(
    body: str, *, declared: Mapping[str, str] | None = None, resolve: Resolver | None = None
) -> int:
    """The length of a body rendered with typical values (fallbacks where written)."""
    parsed = parse(body)
    samples = {v.name: sample_value(v.name, dict(declared or {})) for v in parsed.variables}
    for inc in parsed.includes:
        target = resolve(inc.name) if resolve else None
        if target:
            samples.update(
                {
                    v.name: sample_value(v.name, dict(declared or {}))
                    for v in parse(target).variables
                }
            )
    # A written fallback is what a missing value becomes, so the sample stands in only when a value
    # is expected; nicknames and the like are usually present.
    return len(render(body, samples, declared=declared, resolve=resolve).text)


def check_length(
    body: str,
    limit: int,
    *,
    label: str,
    declared: Mapping[str, str] | None = None,
    resolve: Resolver | None = None,
) -> Problem | None:
    """A problem when a variant would exceed the platform's limit with typical values."""
    length = estimated_length(body, declared=declared, resolve=resolve)
    if length <= limit:
        return None
    return make_problem(
        body,
        "too_long",
        f"{label}版本按常见取值估算约 {length} 字，超过 {limit} 字的限制，请压缩。",
        0,
        len(body),
    )
