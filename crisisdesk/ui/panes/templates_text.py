"""Plain-text widgets for template wording: problems underlined in place, diffs coloured by line."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QFont, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from crisisdesk.templating import Problem
from crisisdesk.ui import labels

ERROR_COLOUR = QColor("#c81e1e")
WARNING_COLOUR = QColor("#b06000")


class CheckedTextEdit(QPlainTextEdit):
    """A plain-text editor that underlines the problems found in its text and explains them on hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []
        # Template wording is text, never markup: pasted rich text arrives as plain text.
        self.setTabChangesFocus(True)

    def problems(self) -> list[Problem]:
        """The problems currently underlined."""
        return list(self._problems)

    def set_problems(self, problems: Sequence[Problem]) -> None:
        """Underline each problem's characters (a whole-text problem marks nothing in particular)."""
        self._problems = list(problems)
        selections = []
        length = len(self.toPlainText())
        for problem in self._problems:
            start, end = max(0, problem.start), min(length, problem.end)
            if problem.code in ("too_long", "empty_body") or end <= start:
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            colour = ERROR_COLOUR if problem.severity == "error" else WARNING_COLOUR
            fmt.setUnderlineColor(colour)
            fmt.setBackground(QColor(colour.red(), colour.green(), colour.blue(), 28))
            selection.format = fmt
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)

    def problem_at(self, offset: int) -> Problem | None:
        """The problem covering a character offset, if any."""
        for problem in self._problems:
            if problem.start <= offset < max(problem.end, problem.start + 1):
                return problem
        return None

    def go_to(self, offset: int) -> None:
        """Put the cursor at a character offset and show it."""
        cursor = self.textCursor()
        cursor.setPosition(min(offset, len(self.toPlainText())))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            offset = self.cursorForPosition(self.viewport().mapFrom(self, event.pos())).position()
            problem = self.problem_at(offset)
            if problem is not None:
                QToolTip.showText(event.globalPos(), labels.plain_tooltip(problem.message), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def _diff_format(line: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if line.startswith(("+++", "---")):
        fmt.setForeground(QColor("#5f6368"))
        fmt.setFontWeight(QFont.Weight.Bold)
    elif line.startswith("@@"):
        fmt.setForeground(QColor("#1f5fbf"))
    elif line.startswith("+"):
        fmt.setForeground(QColor("#1e6b2e"))
        fmt.setBackground(QColor("#e6f4ea"))
    elif line.startswith("-"):
        fmt.setForeground(QColor("#b3261e"))
        fmt.setBackground(QColor("#fce8e6"))
    elif line.startswith("[") or line.startswith(" ["):
        fmt.setFontWeight(QFont.Weight.Bold)
    return fmt


def _section_names(diff: str) -> str:
    """Platform keys in section headers ("[weibo]") shown by their names ("[微博版本]")."""
    out = []
    for line in diff.split("\n"):
        mark, rest = (line[:1], line[1:]) if line[:1] in "+- " and line[1:2] == "[" else ("", line)
        if rest.startswith("[") and rest.endswith("]") and rest[1:-1] in VARIANT_NAMES:
            name = QCoreApplication.translate("TemplateDiff", "[{platform}版本]")
            line = mark + name.format(platform=labels.platform(rest[1:-1]))
        out.append(line)
    return "\n".join(out)


VARIANT_NAMES = ("weibo", "wechat", "douyin")


def show_diff(view: QPlainTextEdit, diff: str, empty_message: str) -> None:
    """Fill a read-only view with a unified diff, each line coloured; the text stays plain text."""
    diff = _section_names(diff)
    view.clear()
    cursor = QTextCursor(view.document())
    if not diff:
        fmt = QTextCharFormat()
        fmt.setForeground(QColor("#5f6368"))
        cursor.insertText(empty_message, fmt)
        return
    lines = diff.split("\n")
    for number, line in enumerate(lines):
        cursor.insertText(line, _diff_format(line))
        if number < len(lines) - 1:
            cursor.insertText("\n", QTextCharFormat())
    view.moveCursor(QTextCursor.MoveOperation.Start)


def line_kinds(view: QPlainTextEdit) -> list[tuple[str, str]]:
    """Each line of a diff view with the colour it was given (for tests and accessibility checks)."""
    result = []
    block = view.document().firstBlock()
    while block.isValid():
        it = block.begin()
        colour = ""
        if not it.atEnd():
            colour = it.fragment().charFormat().foreground().color().name()
        result.append((block.text(), colour))
        block = block.next()
    return result
