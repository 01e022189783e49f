"""The fields a template takes, as data: what each one is, whether it is
required, what values it allows, its default, and what it means (ja/en).

A schema is a tuple of ``Field``. Names are dotted paths into the data
mapping ("client.name" is ``data["client"]["name"]``). ``validate`` checks a
data mapping against a schema and returns the normalized values (defaults
filled, dates as ``datetime.date``); the first problem found raises a
KeiyakuError that names the field (E504 wrong value, E505 missing, E506
unknown field); several problems are reported together (E525), so a data
file is fixed in one go.

Sizes are bounded: a ``str`` value at most MAX_STR characters, a ``text``
value MAX_TEXT, a list MAX_ITEMS entries (the generated document must stay
readable by ``keiyaku-lint check``).

Types:
    str     one line of text (a newline is refused: E504)
    text    free text; a newline becomes a line break in the same paragraph
    int     an integer (``min`` / ``max`` bound it)
    bool    true / false
    date    a date: YAML/TOML date, "2025-04-01", "2025/4/1" or "2025年4月1日"
    choice  one of ``choices``
    list    a list of strings (``choices`` restricts each one) or, with
            ``item`` (a schema), a list of mappings
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any, Optional

from keiyaku_lint.errors import Bi, KeiyakuError

MAX_STR = 10_000  # characters of a one-line value
MAX_TEXT = 100_000  # characters of a text value (about 50 pages)
MAX_ITEMS = 1_000  # entries of a list
MAX_DIGITS = 100  # digits of a number written as text ("3,600,000"); as for YAML numbers (safeyaml)

TYPES = ("str", "text", "int", "bool", "date", "choice", "list")
_MISSING = object()


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description_ja: str
    description_en: str
    required: bool = False
    default: Any = None
    choices: tuple = ()
    choice_labels: tuple = ()  # ja labels for choices, same order (documentation)
    min: Optional[int] = None
    max: Optional[int] = None
    item: tuple = ()  # for list of mappings: the item schema
    example: Any = None
    required_if: Optional[tuple] = None  # (other field, value): required when other == value

    def description(self, lang: str = "ja") -> str:
        return self.description_en if lang == "en" else self.description_ja

    def type_label(self) -> str:
        if self.type == "choice":
            return "choice(" + "|".join(str(c) for c in self.choices) + ")"
        if self.type == "list" and self.item:
            return "list[mapping]"
        if self.type == "list" and self.choices:
            return "list[" + "|".join(self.choices) + "]"
        return self.type


# Control characters cannot stand in a DOCX (XML 1.0) and docxtpl would turn
# \a and \f into new paragraphs / page breaks: each becomes U+FFFD. A tab
# stays a tab; CR / CRLF become a newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("\ufffd", value)


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def parse_date(value) -> Optional[_dt.date]:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        s = value.strip().translate(str.maketrans("０１２３４５６７８９／－", "0123456789/-"))
        for pat in _DATE_PATTERNS:
            m = pat.match(s)
            if m:
                try:
                    return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    return None
    return None


def _fail(field_name: str, problem_ja: str, problem_en: str):
    raise KeiyakuError("E504", field=field_name, problem=problem_ja, problem_en=problem_en)


def shown_value(v) -> str:
    """A value as the user wrote it in YAML: true, not True; at most 40 characters."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    source = getattr(v, "source", None)
    if source is not None:
        return str(source)[:40]
    if isinstance(v, str):
        return repr(v[:40] + ("…" if len(v) > 40 else ""))
    return repr(v)[:40]


_BOOL_WORDS = {"true": True, "yes": True, "on": True, "はい": True,
               "false": False, "no": False, "off": False, "いいえ": False}


def _check_length(name: str, value, limit: int, unit_ja="文字", unit_en="characters"):
    if len(value) > limit:
        _fail(name, f"長すぎます（{len(value):,} {unit_ja}。上限は {limit:,} {unit_ja}）",
              f"is too long ({len(value):,} {unit_en}; the limit is {limit:,})")


def _check_value(f: Field, name: str, value, problems: Optional[list] = None):
    t = f.type
    if t in ("str", "text"):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            _fail(name, f"文字列を指定してください（{shown_value(value)}）", "must be a string")
        # a number keeps the digits the user wrote (017, 1_000), not the YAML value (15, 1000)
        value = clean_text(str(getattr(value, "source", value)))
        _check_length(name, value, MAX_STR if t == "str" else MAX_TEXT)
        if t == "str" and "\n" in value:
            _fail(name, "改行は使えません（1行で書いてください。複数行が必要な項目は text 型です）",
                  "must be one line (newlines are not allowed in this field)")
        if f.required and not value.strip():
            _fail(name, "空にできません", "must not be empty")
        return value
    if t == "int":
        if isinstance(value, bool):
            _fail(name, "整数を指定してください", "must be an integer")
        if isinstance(value, str) and re.fullmatch(r"\s*-?[\d,]+\s*", value):
            digits = sum(c.isdigit() for c in value)
            if digits > MAX_DIGITS:
                _fail(name, f"桁が多すぎます（{digits:,} 桁。{MAX_DIGITS} 桁まで）",
                      f"has too many digits ({digits:,}; at most {MAX_DIGITS})")
            value = int(value.replace(",", ""))
        if not isinstance(value, int):
            _fail(name, f"整数を指定してください（{shown_value(value)}）",
                  f"must be an integer (got {shown_value(value)})")
        if f.min is not None and value < f.min:
            _fail(name, f"{f.min} 以上にしてください（{value}）", f"must be at least {f.min} (got {value})")
        if f.max is not None and value > f.max:
            _fail(name, f"{f.max} 以下にしてください（{value}）", f"must be at most {f.max} (got {value})")
        return value
    if t == "bool":
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            return _BOOL_WORDS[value.strip().lower()]
        if not isinstance(value, bool):
            _fail(name, f"true か false を指定してください（{shown_value(value)}）", "must be true or false")
        return value
    if t == "date":
        d = parse_date(value)
        if d is None:
            _fail(name, f"日付として読めません（{shown_value(value)}）。2025-04-01 の形で書いてください",
                  f"is not a date ({shown_value(value)}); write it as 2025-04-01")
        return d
    if t == "choice":
        if isinstance(value, bool) or value not in f.choices:
            _fail(name, f"{shown_value(value)} は使えません。使える値: {', '.join(map(str, f.choices))}",
                  f"{shown_value(value)} is not allowed; allowed values: {', '.join(map(str, f.choices))}")
        return value
    if t == "list":
        if not isinstance(value, list):
            _fail(name, "リストを指定してください", "must be a list")
        _check_length(name, value, MAX_ITEMS, "件", "entries")
        own = problems is None
        problems = [] if own else problems
        out = []
        for i, v in enumerate(value):
            iname = f"{name}[{i}]"
            try:
                if f.item:
                    if not isinstance(v, dict):
                        _fail(iname, "項目ごとにキーと値の組（マッピング）で書いてください", "must be a mapping")
                    out.append(_validate(f.item, v, iname + ".", problems))
                elif f.choices:
                    if isinstance(v, bool) or v not in f.choices:
                        _fail(iname, f"{shown_value(v)} は使えません。使える値: {', '.join(f.choices)}",
                              f"{shown_value(v)} is not allowed; allowed values: {', '.join(f.choices)}")
                    out.append(v)
                else:
                    out.append(_check_value(Field(iname, "str", "", "", required=True), iname, v))
            except KeiyakuError as err:
                problems.append(err)
        if own and problems:
            raise_problems(problems)
        if f.required and not out:
            _fail(name, "1件以上指定してください", "needs at least one entry")
        return out
    raise AssertionError(t)


def _get(data: dict, dotted: str):
    cur = data
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return _MISSING
        cur = cur[part]
    return cur


def _set(data: dict, dotted: str, value) -> None:
    parts = dotted.split(".")
    cur = data
    for p in parts[:-1]:
        cur = cur.setdefault(p, {})
    cur[parts[-1]] = value


def _leaves(data: dict, prefix: str = ""):
    for k, v in data.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            yield name, True
            if prefix.count(".") < 32:  # data files are nested far less deeply (load_data checks)
                yield from _leaves(v, name + ".")
        else:
            yield name, False


def validate(schema, data, prefix: str = "") -> dict:
    """Check ``data`` against ``schema``; return the values, defaults filled.
    Every problem is found before raising: one problem raises its own
    error (E504 / E505 / E506), several raise E525 listing them all."""
    problems: list = []
    out = _validate(schema, data, prefix, problems)
    if problems:
        raise_problems(problems)
    return out


def problems_of(schema, data) -> tuple[dict, list]:
    """Like ``validate``, without raising: the values (defaults filled) and
    every problem found, one KeiyakuError (E504 / E505 / E506) each, so a
    form can show each beside its field."""
    problems: list = []
    out = _validate(schema, data, "", problems)
    return out, problems


def raise_problems(problems: list):
    if len(problems) == 1:
        raise problems[0]
    lines_ja, lines_en, known = [], [], None
    for err in problems:
        f = err.fields
        if err.code == "E504":
            lines_ja.append(f"  [E504] 「{f['field']}」: {f['problem']}")
            lines_en.append(f"  [E504] \"{f['field']}\" {f['problem_en']}")
        elif err.code == "E505":
            lines_ja.append(f"  [E505] 「{f['field']}」（{f['description']}）がありません（必須）")
            lines_en.append(f"  [E505] \"{f['field']}\" ({f['description_en']}) is required")
        elif err.code == "E506":
            lines_ja.append(f"  [E506] 「{f['field']}」は不明な項目です{f.get('short', Bi('')).get('ja')}")
            lines_en.append(f"  [E506] \"{f['field']}\" is not a known field{f.get('short', Bi('')).get('en')}")
            known = f["known"]
        else:
            lines_ja.append(f"  [{err.code}] {err.message('ja')}")
            lines_en.append(f"  [{err.code}] {err.message('en')}")
    if known:
        lines_ja.append(f"  使える項目: {known}")
        lines_en.append(f"  known fields: {known}")
    raise KeiyakuError("E525", count=len(problems), problems=Bi("\n".join(lines_ja), "\n".join(lines_en)))


def _suggest(name: str, known) -> tuple[Bi, Bi]:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    if not close:
        return Bi("綴りを確認してください。", "Check its spelling. "), Bi("")
    c = close[0]
    return (Bi(f"「{c}」の書き誤りではありませんか。", f"Did you mean \"{c}\"? "),
            Bi(f"（「{c}」の書き誤り？）", f" (did you mean \"{c}\"?)"))


def _validate(schema, data, prefix: str, problems: list) -> dict:
    if not isinstance(data, dict):
        problems.append(KeiyakuError("E504", field=prefix.rstrip(".") or "(top)",
                                     problem="キーと値の組（マッピング）で書いてください",
                                     problem_en="must be a mapping"))
        return {}
    known = {f.name for f in schema}
    groups = {n.rsplit(".", 1)[0] for n in known if "." in n}
    groups |= {g.rsplit(".", 1)[0] for g in list(groups) if "." in g}
    bad_groups = set()
    for name, is_group in _leaves(data):
        if name in known or (is_group and name in groups):
            continue
        if any(name.startswith(g + ".") for g in bad_groups):
            continue
        if name in groups:
            bad_groups.add(name)
            problems.append(KeiyakuError("E504", field=prefix + str(name),
                                         problem="キーと値の組（マッピング）で書いてください（例: name: ...）",
                                         problem_en="must be a mapping (e.g. name: ...)"))
            continue
        if is_group:
            bad_groups.add(name)
        suggestion, short = _suggest(name, known)
        problems.append(KeiyakuError("E506", field=prefix + str(name), suggestion=suggestion, short=short,
                                     known=", ".join(prefix + n for n in sorted(known))))
    out: dict = {}
    for f in schema:
        value = _get(data, f.name)
        if any(f.name.startswith(g + ".") for g in bad_groups):
            _set(out, f.name, f.default)  # its group was already reported
            continue
        required = f.required
        if f.required_if is not None:
            other, wanted = f.required_if
            other_value = _get(data, other)
            other_field = next((g for g in schema if g.name == other), None)
            if other_value is _MISSING:
                other_value = other_field.default if other_field is not None else None
            elif other_field is not None and other_field.type == "bool" and isinstance(other_value, str):
                other_value = _BOOL_WORDS.get(other_value.strip().lower(), other_value)  # yes / no as text
            required = other_value == wanted
        if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()
                                                  and f.type != "text"):
            if required:
                problems.append(KeiyakuError("E505", field=prefix + f.name, description=f.description_ja,
                                             description_en=f.description_en))
            _set(out, f.name, f.default)
            continue
        try:
            _set(out, f.name, _check_value(f, prefix + f.name, value, problems))
        except KeiyakuError as err:
            problems.append(err)
    return out


def example_data(schema) -> dict:
    out: dict = {}
    for f in schema:
        v = f.example if f.example is not None else f.default
        if v is not None:
            _set(out, f.name, v)
    return out


# --- the example file: YAML with each field documented -------------------------


def _yaml_scalar(v) -> str:
    import yaml

    text = yaml.safe_dump(v, allow_unicode=True, default_flow_style=True, width=10**6).strip()
    if text.endswith("\n..."):
        text = text[:-4].strip()
    return text


def example_yaml(schema, lang: str = "ja", title: str = "") -> str:
    """A filled example data file with a comment over each field: its
    description, type, whether it is required, allowed values and default."""
    import yaml

    lines = []
    if title:
        lines.append(f"# {title}")
    req = "必須" if lang != "en" else "required"
    opt = "任意" if lang != "en" else "optional"
    written_groups: set = set()
    for f in schema:
        parts = f.name.split(".")
        for depth in range(len(parts) - 1):
            g = ".".join(parts[: depth + 1])
            if g not in written_groups:
                written_groups.add(g)
                lines.append("  " * depth + f"{parts[depth]}:")
        indent = "  " * (len(parts) - 1)
        meta = [f.type_label(), req if f.required else opt]
        if f.required_if:
            meta[-1] = (f"{f.required_if[0]} = {f.required_if[1]} のとき必須" if lang != "en"
                        else f"required when {f.required_if[0]} = {f.required_if[1]}")
        if f.default is not None and not f.required:
            meta.append(("既定値 " if lang != "en" else "default ") + _yaml_scalar(f.default))
        lines.append(f"{indent}# {f.description(lang)} [{'; '.join(meta)}]")
        if f.choices and f.choice_labels:
            lines.append(indent + "#   " + ", ".join(f"{c} = {lab}" for c, lab in zip(f.choices, f.choice_labels)))
        v = f.example if f.example is not None else f.default
        if f.type == "date" and isinstance(v, str) and parse_date(v):
            v = parse_date(v)
        key = parts[-1]
        if v is None:
            lines.append(f"{indent}# {key}:")
        elif isinstance(v, (list, dict)) and v:
            dumped = yaml.safe_dump({key: v}, allow_unicode=True, sort_keys=False,
                                    default_flow_style=False, width=10**6)
            lines.extend(indent + ln for ln in dumped.rstrip("\n").split("\n"))
        elif isinstance(v, str) and "\n" in v:
            lines.append(f"{indent}{key}: |")
            lines.extend(indent + "  " + ln for ln in v.split("\n"))
        else:
            lines.append(f"{indent}{key}: {_yaml_scalar(v)}")
    return "\n".join(lines) + "\n"
