"""Every domain value the interface shows has a translated label, in Chinese as the domain has it."""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from crisisdesk import domain
from crisisdesk.analysis.signals.index import INDICATOR_LABELS
from crisisdesk.analysis.signals.rules import KIND_LABELS
from crisisdesk.connectors.fileimport import FIELD_LABELS
from crisisdesk.domain import (
    AccountStatus,
    ActivityKind,
    ActivityStatus,
    AlertStatus,
    CommentStatus,
    IncidentStatus,
    Intent,
    Platform,
    ReplyState,
    Role,
    Sentiment,
    Severity,
    TemplateCategory,
    WarningLevel,
)
from crisisdesk.services.inbox_values import Sort
from crisisdesk.services.incidents import DEADLINE_LABELS
from crisisdesk.ui import labels
from crisisdesk.ui.application import install_translators
from crisisdesk.ui.panes.templates_editor import scenario_tags

CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _by_value(function: Callable[[str], str]) -> Callable[[Any], str]:
    return lambda member: function(member.value)


# Each enum the interface shows, and the labels function that shows it.
ENUMS: dict[type[enum.Enum], Callable[[Any], str]] = {
    Platform: _by_value(labels.platform),
    Sentiment: _by_value(labels.sentiment),
    Intent: _by_value(labels.intent),
    CommentStatus: _by_value(labels.comment_status),
    ReplyState: _by_value(labels.reply_state),
    Role: _by_value(labels.role),
    AccountStatus: _by_value(labels.account_status),
    WarningLevel: labels.warning_level,
    AlertStatus: _by_value(labels.alert_status),
    Severity: labels.severity,
    IncidentStatus: _by_value(labels.incident_status),
    TemplateCategory: _by_value(labels.template_category),
    ActivityKind: _by_value(labels.activity_kind),
    ActivityStatus: _by_value(labels.activity_status),
    Sort: _by_value(labels.sort),
}

# Label tables of the lower layers, and the labels function that shows their keys.
TABLES: list[tuple[dict[str, str], Callable[[str], str]]] = [
    (INDICATOR_LABELS, labels.indicator),
    (KIND_LABELS, labels.rule_kind),
    (DEADLINE_LABELS, labels.deadline),
    (FIELD_LABELS, labels.import_field),
]


def _members() -> list[tuple[enum.Enum, Callable[[Any], str]]]:
    return [(member, show) for kind, show in ENUMS.items() for member in kind]


def _keys() -> list[tuple[str, str, Callable[[str], str]]]:
    return [(key, text, show) for table, show in TABLES for key, text in table.items()]


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The English catalogue installed for one test."""
    translators = install_translators(qapp, "en_US")
    assert translators, "the English catalogue did not load"
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def test_every_labelled_domain_enum_is_covered() -> None:
    labelled = {
        cls
        for _name, cls in inspect.getmembers(domain, inspect.isclass)
        if issubclass(cls, enum.Enum) and isinstance(getattr(cls, "label", None), property)
    }
    assert labelled - set(ENUMS) == set()


@pytest.mark.parametrize(("member", "show"), _members(), ids=repr)
def test_chinese_label_matches_the_domain(qapp: QApplication, member: Any, show: Any) -> None:
    text = show(member)
    assert text and text != str(member.value)
    if isinstance(getattr(type(member), "label", None), property):
        assert text == member.label


@pytest.mark.parametrize(("key", "text", "show"), _keys(), ids=repr)
def test_chinese_table_label_matches_the_lower_layer(
    qapp: QApplication, key: str, text: str, show: Any
) -> None:
    assert show(key) == text


@pytest.mark.parametrize(("member", "show"), _members(), ids=repr)
def test_english_label_is_not_chinese(english: None, member: Any, show: Any) -> None:
    text = show(member)
    assert text.strip() and not CHINESE.search(text), text


@pytest.mark.parametrize(("key", "text", "show"), _keys(), ids=repr)
def test_english_table_label_is_not_chinese(english: None, key: str, text: str, show: Any) -> None:
    shown = show(key)
    assert shown.strip() and not CHINESE.search(shown), shown


def test_unknown_values_are_shown_as_stored(qapp: QApplication) -> None:
    assert labels.account_status("mystery") == "mystery"
    assert labels.severity(9) == "9"
    assert labels.indicator("mystery") == "mystery"


def test_rule_names_translate_only_the_default(english: None) -> None:
    assert labels.rule("评论量突增", "spike") == "Comment spike"
    # A name the office gave the rule is its own words, shown as written.
    assert labels.rule("夜间值班突增", "spike") == "夜间值班突增"


def test_scenario_tags_store_intents_by_value_in_either_language(english: None) -> None:
    typed = "、".join((labels.intent(Intent.HELP.value), "服务故障", "投诉"))
    assert typed.startswith("Help request、")
    assert scenario_tags(typed) == ["help", "服务故障", "投诉"]
    assert scenario_tags("停水 停电, Complaint；Doubt / rumour") == ["停水", "停电", "complaint", "doubt"]
