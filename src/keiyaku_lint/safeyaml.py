"""YAML as the program reads it: clause files, profiles, parties and
``generate --data`` files all go through ``load``.

PyYAML's SafeLoader already refuses Python tags; this loader also refuses
aliases (``*name``), which is how a "billion laughs" file of a few hundred
bytes expands to gigabytes when its values are copied, and numbers too long
to be numbers (Python refuses to convert integers of more than 4300 digits,
with a ValueError no caller expects). Both become ``yaml.YAMLError``s, so a
caller's one ``except yaml.YAMLError`` turns them into its coded error
(E302 for a clause file, E502 for a data file); ``reason`` gives the problem
in Japanese and English with its line and column.
"""
from __future__ import annotations

import re

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from keiyaku_lint.errors import Bi

MAX_NUMBER_DIGITS = 100


class AliasRefused(ComposerError):
    pass


class NumberTooLong(ConstructorError):
    pass


class SafeLoader(yaml.SafeLoader):
    """SafeLoader without aliases and without oversize numbers."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise AliasRefused(None, None, f"YAML aliases (*{event.anchor}) are not accepted",
                               event.start_mark)
        return super().compose_node(parent, index)

    def construct_yaml_int(self, node):
        value = self.construct_scalar(node)
        if len(re.sub(r"[^0-9a-fA-F]", "", str(value))) > MAX_NUMBER_DIGITS:
            raise NumberTooLong(None, None, f"a number of more than {MAX_NUMBER_DIGITS} digits",
                                node.start_mark)
        return super().construct_yaml_int(node)


SafeLoader.add_constructor("tag:yaml.org,2002:int", SafeLoader.construct_yaml_int)


def load(text: str, loader=SafeLoader):
    """Parse one YAML document with ``loader`` (SafeLoader or a subclass)."""
    return yaml.load(text, Loader=loader)


def reason(exc: BaseException) -> Bi:
    """What is wrong, with where: 「3行目 5文字目: YAML の別名（*a）は使えません」."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where_ja = f"{mark.line + 1}行目 {mark.column + 1}文字目: " if mark is not None else ""
    where_en = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    problem = " ".join(str(problem).split())
    if isinstance(exc, AliasRefused):
        ja = "YAML の別名（*名前）は使えません。値をそのまま書いてください"
    elif isinstance(exc, NumberTooLong):
        ja = f"{MAX_NUMBER_DIGITS} 桁を超える数は書けません"
    elif isinstance(exc, yaml.YAMLError):
        ja = f"YAML の書式の誤り（{problem}）"
    else:
        ja = problem
    return Bi(where_ja + ja, where_en + problem)
