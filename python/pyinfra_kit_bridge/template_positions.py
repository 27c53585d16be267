"""Columns and offsets of Jinja2 tokens, which the Jinja2 lexer reports by line only.

Positions sent back to pyinfra-kit are 1-based lines and columns counted in
UTF-16 code units, and 0-based UTF-16 offsets, to match JavaScript strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from jinja2.exceptions import TemplateSyntaxError

# A name token after one of these is an attribute, filter or test name, not a variable.
_NOT_VARIABLE_AFTER_OPERATORS = {".", "|"}
_NOT_VARIABLE_AFTER_NAMES = {"is", "macro", "block", "endblock", "import", "as"}
_OPENING = {"(", "[", "{"}
_CLOSING = {")", "]", "}"}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Token:
    line: int
    kind: str
    value: str
    # Offset in the template text, in code points.
    start: int


class TextPositions:
    """Converts code point offsets of one template text to the positions sent to pyinfra-kit."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        for index, character in enumerate(text):
            if character == "\n":
                self.line_starts.append(index + 1)

    def line_start(self, line: int) -> int:
        return self.line_starts[min(max(line - 1, 0), len(self.line_starts) - 1)]

    def line_end(self, line: int) -> int:
        if line < len(self.line_starts):
            return self.line_starts[line] - 1
        return len(self.text)

    def span(self, start: int, end: int) -> dict[str, int]:
        """Return the position of `text[start:end]`."""
        start_line = self._line_of(start)
        end_line = self._line_of(end)
        return {
            "line": start_line,
            "column": utf16_length(self.text[self.line_start(start_line) : start]) + 1,
            "end_line": end_line,
            "end_column": utf16_length(self.text[self.line_start(end_line) : end]) + 1,
            "offset": utf16_length(self.text[:start]),
            "end_offset": utf16_length(self.text[:end]),
        }

    def whole_line(self, line: int) -> dict[str, int]:
        """Return the position of a line without its leading and trailing white space."""
        start = self.line_start(line)
        end = self.line_end(line)
        content = self.text[start:end]
        stripped = content.strip()
        if not stripped:
            return self.span(start, start)
        first = start + (len(content) - len(content.lstrip()))
        return self.span(first, first + len(stripped))

    def _line_of(self, offset: int) -> int:
        low, high = 0, len(self.line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1


def tokenize(environment: Environment, text: str) -> list[Token]:
    """Lex the template and find where each token starts.

    The lexer drops white space that `{%-` and `-%}` strip, so each token is
    found by searching forward from the end of the one before it.
    """
    tokens: list[Token] = []
    position = 0
    try:
        for line, kind, value in environment.lexer.tokeniter(text, None):
            if not isinstance(value, str) or not value:
                continue
            found = text.find(value, position)
            if found < 0:
                continue
            tokens.append(Token(line, kind, value, found))
            position = found + len(value)
    except TemplateSyntaxError:
        # The tokens before the error still give positions on the lines before it.
        pass
    return tokens


class TokenIndex:
    """Finds the column of the n-th variable, filter or test name on a line."""

    def __init__(self, tokens: list[Token]) -> None:
        self.variables: dict[tuple[str, int], list[Token]] = {}
        self.filters: dict[tuple[str, int], list[Token]] = {}
        self.tests: dict[tuple[str, int], list[Token]] = {}
        self.strings: dict[int, list[Token]] = {}
        self.by_line: dict[int, list[Token]] = {}
        significant = [token for token in tokens if token.kind != "whitespace"]
        depth = 0
        for index, token in enumerate(significant):
            self.by_line.setdefault(token.line, []).append(token)
            if token.kind == "operator":
                if token.value in _OPENING:
                    depth += 1
                elif token.value in _CLOSING:
                    depth = max(depth - 1, 0)
                continue
            if token.kind == "string":
                self.strings.setdefault(token.line, []).append(token)
                continue
            if token.kind == "block_begin" or token.kind == "variable_begin":
                depth = 0
            if token.kind != "name":
                continue
            before = significant[index - 1] if index > 0 else None
            after = significant[index + 1] if index + 1 < len(significant) else None
            key = (token.value, token.line)
            if before is not None and before.kind == "operator" and before.value == "|":
                self.filters.setdefault(key, []).append(token)
            elif before is not None and before.kind == "name" and before.value == "is":
                self.tests.setdefault(key, []).append(token)
            elif self._is_test_after_not(significant, index):
                self.tests.setdefault(key, []).append(token)
            elif before is not None and before.kind == "operator" and before.value in _NOT_VARIABLE_AFTER_OPERATORS:
                continue
            elif before is not None and before.kind == "name" and before.value in _NOT_VARIABLE_AFTER_NAMES:
                continue
            elif depth > 0 and after is not None and after.kind == "operator" and after.value == "=":
                # A keyword argument name, as in `default(boolean=true)`.
                continue
            else:
                self.variables.setdefault(key, []).append(token)

    @staticmethod
    def _is_test_after_not(significant: list[Token], index: int) -> bool:
        if index < 2:
            return False
        not_token, is_token = significant[index - 1], significant[index - 2]
        return not_token.value == "not" and is_token.value == "is"

    def find(self, kind: str, name: str, line: int, index: int) -> Token | None:
        table = {"name": self.variables, "filter": self.filters, "test": self.tests}[kind]
        candidates = table.get((name, line), [])
        if index < len(candidates):
            return candidates[index]
        return candidates[0] if candidates else None

    def string_on_line(self, value: str, line: int) -> Token | None:
        for token in self.strings.get(line, []):
            if token.value[1:-1] == value:
                return token
        return None


def name_position(
    positions: TextPositions, tokens: TokenIndex, kind: str, name: str, line: int, index: int
) -> dict[str, Any]:
    """Return the position of a variable, filter or test name, or of its whole line when the token is not found."""
    token = tokens.find(kind, name, line, index)
    if token is None:
        return positions.whole_line(line)
    return positions.span(token.start, token.start + len(token.value))
