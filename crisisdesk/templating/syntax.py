"""Template syntax: parse a body into text, variables and includes, reporting every mistake."""

from __future__ import annotations

from dataclasses import dataclass

# Written by people who may not know a programming language, so the syntax stays tiny:
#   {名称}        a variable           {名称|默认值}  a variable with a fallback
#   {>模板名}     include a template   {{ and }}      a literal brace
MAX_NAME = 32
_NAME_EXTRA = frozenset("_-·")


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in a template body, with its place and a message for the editor."""

    code: str  # unbalanced_open, unbalanced_close, empty_name, bad_name, unknown_variable, ...
    message: str
    start: int  # character offset in the body
    end: int
    line: int  # 1-based
    column: int  # 1-based
    severity: str = "error"  # error | warning


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text (escapes already undone)."""

    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Variable:
    """`{name}` or `{name|fallback}`; fallback is None when no `|` was written."""

    name: str
    fallback: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Include:
    """`{>name}`: the text of another template."""

    name: str
    start: int
    end: int


Node = Text | Variable | Include


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed body: its nodes in order and the syntax problems found."""

    nodes: tuple[Node, ...]
    problems: tuple[Problem, ...]

    @property
    def variables(self) -> tuple[Variable, ...]:
        """The variables, in order."""
        return tuple(n for n in self.nodes if isinstance(n, Variable))

    @property
    def includes(self) -> tuple[Include, ...]:
        """The includes, in order."""
        return tuple(n for n in self.nodes if isinstance(n, Include))


def position(body: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of a character offset."""
    line = body.count("\n", 0, offset) + 1
    last_nl = body.rfind("\n", 0, offset)
    return line, offset - last_nl


def make_problem(
    body: str, code: str, message: str, start: int, end: int, severity: str = "error"
) -> Problem:
    """A Problem with its line and column computed from the offset."""
    line, column = position(body, start)
    return Problem(code, message, start, end, line, column, severity)


def _where(body: str, offset: int) -> str:
    line, column = position(body, offset)
    return f"第 {line} 行第 {column} 个字符"


def _check_name(body: str, name: str, start: int, end: int, what: str) -> Problem | None:
    if not name:
        return make_problem(
            body, "empty_name", f"{_where(body, start)}处的花括号内缺少{what}名称。", start, end
        )
    if len(name) > MAX_NAME:
        return make_problem(
            body,
            "bad_name",
            f"{what}名称“{name[:12]}…”过长（不超过 {MAX_NAME} 个字）。",
            start,
            end,
        )
    if any(not (ch.isalnum() or ch in _NAME_EXTRA) for ch in name):
        return make_problem(
            body,
            "bad_name",
            f"{what}名称“{name}”含有标点或空格；名称只能由文字、字母和数字组成。"
            "如需显示花括号本身，请写成“{{”和“}}”。",
            start,
            end,
        )
    return None


def _parse_field(body: str, inner: str, start: int, end: int) -> tuple[Node | None, Problem | None]:
    if inner.startswith(">"):
        name = inner[1:].strip()
        bad = _check_name(body, name, start, end, "引用模板")
        return (None, bad) if bad else (Include(name, start, end), None)
    if "|" in inner:
        raw_name, fallback = inner.split("|", 1)
        name = raw_name.strip()
        bad = _check_name(body, name, start, end, "变量")
        return (None, bad) if bad else (Variable(name, fallback, start, end), None)
    name = inner.strip()
    bad = _check_name(body, name, start, end, "变量")
    return (None, bad) if bad else (Variable(name, None, start, end), None)


def parse(body: str) -> Parsed:
    """Split a body into nodes; never raises, every mistake becomes a Problem."""
    nodes: list[Node] = []
    problems: list[Problem] = []
    buf: list[str] = []
    buf_start = 0
    i = 0
    n = len(body)

    def flush(upto: int) -> None:
        nonlocal buf_start
        if buf:
            nodes.append(Text("".join(buf), buf_start, upto))
            buf.clear()
        buf_start = upto

    while i < n:
        ch = body[i]
        if ch == "{" and body.startswith("{{", i):
            if not buf:
                buf_start = i
            buf.append("{")
            i += 2
            continue
        if ch == "}" and body.startswith("}}", i):
            if not buf:
                buf_start = i
            buf.append("}")
            i += 2
            continue
        if ch == "}":
            problems.append(
                make_problem(
                    body,
                    "unbalanced_close",
                    f"{_where(body, i)}处的“}}”没有对应的“{{”；如需显示花括号本身，请写成“}}}}”。",
                    i,
                    i + 1,
                )
            )
            i += 1
            continue
        if ch == "{":
            close = body.find("}", i + 1)
            nested = body.find("{", i + 1)
            if close == -1 or (nested != -1 and nested < close):
                problems.append(
                    make_problem(
                        body,
                        "unbalanced_open",
                        f"{_where(body, i)}处的“{{”没有对应的“}}”；如需显示花括号本身，请写成“{{{{”。",
                        i,
                        i + 1,
                    )
                )
                i += 1
                continue
            flush(i)
            node, problem = _parse_field(body, body[i + 1 : close], i, close + 1)
            if problem is not None:
                problems.append(problem)
            elif node is not None:
                nodes.append(node)
            i = close + 1
            buf_start = i
            continue
        if not buf:
            buf_start = i
        buf.append(ch)
        i += 1
    flush(n)
    return Parsed(tuple(nodes), tuple(problems))


def escape(text: str) -> str:
    """Literal text made safe to put in a template body."""
    return text.replace("{", "{{").replace("}", "}}")
