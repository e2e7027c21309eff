"""Template text, pure: parse, check and render variables and includes (no database)."""

from __future__ import annotations

from crisisdesk.templating.render import (
    Rendered,
    Resolver,
    check,
    check_length,
    compose,
    estimated_length,
    render,
)
from crisisdesk.templating.syntax import Problem, escape, parse
from crisisdesk.templating.variables import KNOWN_VARIABLES, OFFICE_DEFAULTS, VariableSpec

__all__ = [
    "KNOWN_VARIABLES",
    "OFFICE_DEFAULTS",
    "Problem",
    "Rendered",
    "Resolver",
    "VariableSpec",
    "check",
    "check_length",
    "compose",
    "escape",
    "estimated_length",
    "parse",
    "render",
]
