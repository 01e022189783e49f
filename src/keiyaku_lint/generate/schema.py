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
    bool    true / false, はい / いいえ (also yes / no, する / しない, あり / なし)
    date    a date: YAML/TOML date, 西暦 ("2025-04-01", "2025/4/1", "2025年4月1日")
            or 和暦 ("令和7年4月1日", "R7.4.1", "令和元年5月1日"): see dates.py
    choice  one of ``choices``, given as its id (electronic) or as its
            Japanese label (電子契約（電子署名）, or the part before or inside
            the brackets: 電子契約, 電子署名)
    list    a list of strings (``choices`` restricts each one; a string
            "書面確認、ヒアリング" is split at 、 and ,) or, with ``item`` (a
            schema), a list of mappings

Every data error names the field by its Japanese label and its key
(「契約締結日」（contract_date）) and says what to write there; an unknown key
suggests the nearest field (by key or by Japanese label).
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
UNSET = _MISSING  # what _get returns for a key the data does not have


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

    @property
    def label(self) -> Bi:
        """The field as a person names it: 「契約締結日」 / "Date of the contract"."""
        return Bi(self.description_ja or self.name, self.description_en or self.name)

    def choice_aliases(self) -> dict:
        """What a user may write for each choice: its id (any case, full-width
        too), its Japanese label, and the label's parts before and inside
        brackets (電子契約（電子署名） -> 電子契約, 電子署名). An alias that two
        choices share is dropped."""
        import unicodedata

        seen: dict = {}
        clash: set = set()

        def add(alias, choice):
            key = unicodedata.normalize("NFKC", str(alias)).strip().lower()
            if not key:
                return
            if key in seen and seen[key] != choice:
                clash.add(key)
            seen[key] = choice

        for i, c in enumerate(self.choices):
            add(c, c)
            label = self.choice_labels[i] if i < len(self.choice_labels) else ""
            if label:
                add(label, c)
                for part in re.split(r"[（）()]", label):
                    if part.strip() and not re.fullmatch(r"[A-Za-z0-9_ .]+", part.strip()):
                        add(part, c)
                add(re.sub(r"^[①-⑳]", "", label), c)
        return {k: v for k, v in seen.items() if k not in clash}

    def resolve_choice(self, value):
        """The choice id a value means, or None."""
        import unicodedata

        if isinstance(value, bool):
            if set(self.choices) >= {"yes", "no"}:
                return "yes" if value else "no"
            return None
        if value in self.choices:
            return value
        if not isinstance(value, (str, int)):
            return None
        key = unicodedata.normalize("NFKC", str(getattr(value, "source", value))).strip().lower()
        return self.choice_aliases().get(key)

    def choices_text(self, lang: str = "ja") -> str:
        """「paper（書面（記名押印））、electronic（電子契約（電子署名））」"""
        parts = []
        for i, c in enumerate(self.choices):
            label = self.choice_labels[i] if i < len(self.choice_labels) else ""
            if lang == "en" or not label:
                parts.append(f"{c}" + (f" ({label})" if label and lang == "en" else ""))
            else:
                parts.append(f"{label}（{c}）")
        return ("、" if lang != "en" else ", ").join(parts)

    def how_to_write(self) -> Bi:
        """What to write in this field, for error messages and prompts."""
        t = self.type
        ex = self.example if self.example is not None and not isinstance(self.example, (list, dict)) else None
        if t == "date":
            return Bi("令和7年4月1日、R7.4.1、2025-04-01 のいずれかの形で書いてください",
                      "write a date such as 2025-04-01, 令和7年4月1日 or R7.4.1")
        if t == "int":
            rng_ja = rng_en = ""
            if self.min is not None and self.max is not None:
                rng_ja, rng_en = f"{self.min}〜{self.max} の", f" from {self.min} to {self.max}"
            elif self.min is not None:
                rng_ja, rng_en = f"{self.min} 以上の", f" of at least {self.min}"
            e = ex if isinstance(ex, int) and not isinstance(ex, bool) else (self.min if self.min is not None else 1)
            return Bi(f"{rng_ja}整数を半角数字で書いてください（例: {e}。「円」「年」などの単位は付けません）",
                      f"write a whole number{rng_en} in digits (e.g. {e}; no units)")
        if t == "bool":
            return Bi("はい か いいえ（true / false）で書いてください", "write true or false (はい / いいえ)")
        if t == "choice":
            return Bi(f"次のどれかを書いてください: {self.choices_text('ja')}",
                      f"write one of: {self.choices_text('en')}")
        if t == "list" and self.choices:
            return Bi(f"次の中から1つ以上を、行ごとに「- 」を付けて書いてください: {self.choices_text('ja')}",
                      f"write one or more of these, each on a line starting with \"- \": {self.choices_text('en')}")
        if t == "list":
            return Bi("1件ごとに「- 」で始めて書いてください（`--example` の記入例を参照）",
                      "write one entry per line starting with \"- \" (see `--example`)")
        if t == "str":
            return Bi("1行の文字で書いてください" + (f"（例: {ex}）" if ex else ""),
                      "write one line of text" + (f" (e.g. {ex})" if ex else ""))
        return Bi("文字で書いてください（複数行は「|」の次の行から字下げして書きます）",
                  "write text (several lines: after \"|\", indented on the next lines)")

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


def parse_date(value) -> Optional[_dt.date]:
    """A date written as 西暦 or 和暦 (see dates.py), or None."""
    from keiyaku_lint.generate import dates

    return dates.parse(value)[0]


def field_error(name: str, label, problem_ja: str, problem_en: str) -> KeiyakuError:
    """E504 for the field ``name`` (its dotted key) called ``label`` (Bi)."""
    if not isinstance(label, Bi):
        label = Bi(str(label or name))
    return KeiyakuError("E504", field=name, label=label, problem=problem_ja, problem_en=problem_en)


def _fail(field_name: str, problem_ja: str, problem_en: str, label=None):
    raise field_error(field_name, label, problem_ja, problem_en)


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


_BOOL_WORDS = {"true": True, "yes": True, "on": True, "はい": True, "する": True, "あり": True, "有": True,
               "有り": True, "付ける": True, "○": True,
               "false": False, "no": False, "off": False, "いいえ": False, "しない": False, "なし": False,
               "無": False, "無し": False, "付けない": False, "×": False}


def bool_word(value):
    """True / False for a word meaning yes or no (はい, いいえ, yes, no, ...), else None."""
    import unicodedata

    if not isinstance(value, str):
        return None
    return _BOOL_WORDS.get(unicodedata.normalize("NFKC", value).strip().lower())


def _check_length(name: str, value, limit: int, unit_ja="文字", unit_en="characters", label=None):
    if len(value) > limit:
        _fail(name, f"長すぎます（{len(value):,} {unit_ja}。上限は {limit:,} {unit_ja}）",
              f"is too long ({len(value):,} {unit_en}; the limit is {limit:,})", label)


def _split_list(value: str) -> list:
    return [x.strip() for x in re.split(r"[、，,・\n]", value) if x.strip()]


def _check_value(f: Field, name: str, value, problems: Optional[list] = None):
    t = f.type
    label = f.label
    how = f.how_to_write()

    def fail(problem_ja: str, problem_en: str):
        _fail(name, f"{problem_ja}。{how.get('ja')}", f"{problem_en}: {how.get('en')}", label)

    if t in ("str", "text"):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            fail(f"文字列ではありません（{shown_value(value)}）", f"must be a string (got {shown_value(value)})")
        # a number keeps the digits the user wrote (017, 1_000), not the YAML value (15, 1000)
        value = clean_text(str(getattr(value, "source", value)))
        _check_length(name, value, MAX_STR if t == "str" else MAX_TEXT, label=label)
        if t == "str" and "\n" in value:
            _fail(name, "改行は使えません（1行で書いてください）", "must be one line (newlines are not allowed in this field)",
                  label)
        if f.required and not value.strip():
            _fail(name, "空にできません。" + how.get("ja"), "must not be empty: " + how.get("en"), label)
        return value
    if t == "int":
        if isinstance(value, bool):
            fail("整数ではありません", "must be an integer")
        if isinstance(value, str):
            import unicodedata

            text = unicodedata.normalize("NFKC", value)
            if re.fullmatch(r"\s*-?[\d,]+\s*", text):
                digits = sum(c.isdigit() for c in text)
                if digits > MAX_DIGITS:
                    _fail(name, f"桁が多すぎます（{digits:,} 桁。{MAX_DIGITS} 桁まで）",
                          f"has too many digits ({digits:,}; at most {MAX_DIGITS})", label)
                value = int(text.replace(",", ""))
        if not isinstance(value, int):
            fail(f"整数として読めません（{shown_value(value)}）", f"must be an integer (got {shown_value(value)})")
        if f.min is not None and value < f.min:
            fail(f"{f.min} 以上にしてください（{value}）", f"must be at least {f.min} (got {value})")
        if f.max is not None and value > f.max:
            fail(f"{f.max} 以下にしてください（{value}）", f"must be at most {f.max} (got {value})")
        return value
    if t == "bool":
        word = bool_word(value)
        if word is not None:
            return word
        if not isinstance(value, bool):
            fail(f"{shown_value(value)} は使えません", f"{shown_value(value)} is not allowed")
        return value
    if t == "date":
        from keiyaku_lint.generate import dates

        d, problem = dates.parse(value)
        if d is None:
            if problem is dates.HOW:
                fail(f"日付として読めません（{shown_value(value)}）", f"is not a date ({shown_value(value)})")
            _fail(name, f"{problem.get('ja')}（{shown_value(value)}）",
                  f"is not a valid date ({shown_value(value)}): {problem.get('en')}", label)
        return d
    if t == "choice":
        c = f.resolve_choice(value)
        if c is None:
            fail(f"{shown_value(value)} は使えません", f"{shown_value(value)} is not allowed")
        return c
    if t == "list":
        if isinstance(value, str) and f.choices:
            value = _split_list(value)  # 「書面確認、ヒアリング」
        if not isinstance(value, list):
            fail("リストではありません", "must be a list")
        _check_length(name, value, MAX_ITEMS, "件", "entries", label)
        own = problems is None
        problems = [] if own else problems
        out = []
        for i, v in enumerate(value):
            iname = f"{name}[{i}]"
            ilabel = Bi(f"{label.get('ja')}の{i + 1}件目", f"{label.get('en')}, entry {i + 1}")
            try:
                if f.item:
                    if not isinstance(v, dict):
                        _fail(iname, "1件ごとにキーと値の組（「name: …」の形）で書いてください",
                              "must be a mapping (name: ...)", ilabel)
                    out.append(_validate(f.item, v, iname + ".", problems, label_prefix=ilabel))
                elif f.choices:
                    c = f.resolve_choice(v)
                    if c is None:
                        _fail(iname, f"{shown_value(v)} は使えません。{how.get('ja')}",
                              f"{shown_value(v)} is not allowed: {how.get('en')}", ilabel)
                    if c not in out:
                        out.append(c)
                else:
                    out.append(_check_value(Field(iname, "str", ilabel.get("ja"), ilabel.get("en"), required=True),
                                            iname, v))
            except KeiyakuError as err:
                problems.append(err)
        if own and problems:
            raise_problems(problems)
        if f.required and not out:
            _fail(name, "1件以上書いてください。" + how.get("ja"), "needs at least one entry: " + how.get("en"), label)
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
    """One problem raises its own error; several raise E525 listing them all,
    each with the field's Japanese label and what to write."""
    if len(problems) == 1:
        raise problems[0]
    lines_ja, lines_en = [], []
    for err in problems:
        lines_ja.append(f"  [{err.code}] {err.message('ja')}")
        lines_en.append(f"  [{err.code}] {err.message('en')}")
    raise KeiyakuError("E525", count=len(problems), problems=Bi("\n".join(lines_ja), "\n".join(lines_en)))


def _example_line(f: Field, key: str) -> Bi:
    """「contract_date: 令和7年4月1日」: the line to add for a missing field."""
    v = f.example if f.example is not None else f.default
    if f.type == "date":
        v_ja, v_en = "令和7年4月1日", "2025-04-01"
    elif isinstance(v, (list, dict)) or v is None or v == "":
        return Bi(f"{f.how_to_write().get('ja')}（`--example` で記入例を表示できます）",
                  f"{f.how_to_write().get('en')} (`--example` prints a filled example)")
    else:
        v_ja = v_en = _yaml_scalar(v)
    short = key.rsplit(".", 1)[-1]
    where_ja = f"「{key.rsplit('.', 1)[0]}:」の下に" if "." in key and "[" not in key else ""
    where_en = f" under \"{key.rsplit('.', 1)[0]}:\"" if "." in key and "[" not in key else ""
    return Bi(f"{where_ja}「{short}: {v_ja}」のように書き加えてください",
              f"add a line such as \"{short}: {v_en}\"{where_en}")


def _suggest(name: str, known, schema=()) -> tuple[Bi, Bi]:
    """(the suggestion sentence, a short form) for an unknown key: the
    nearest key, or the field whose Japanese label the key is."""
    import difflib
    import unicodedata

    leaf = str(name)
    norm = unicodedata.normalize("NFKC", leaf).strip()
    by_label = None
    for f in schema:
        labels = {f.description_ja, f.description_ja.split("（")[0]}
        if norm and any(norm == lab or (len(norm) >= 2 and lab.startswith(norm)) for lab in labels if lab):
            by_label = f
            break
    if by_label is not None:
        key = by_label.name.rsplit(".", 1)[-1]
        return (Bi(f"項目名（キー）は英字で「{by_label.name}」と書きます（例: {key}: …）。",
                   f"\"{leaf}\" is a label, not a key: write \"{by_label.name}\" ({by_label.description_en})."),
                Bi(f"（「{by_label.name}」のこと？）", f" (did you mean \"{by_label.name}\"?)"))
    close = difflib.get_close_matches(leaf, sorted(known), n=1, cutoff=0.7)
    if not close:
        short = leaf.rsplit(".", 1)[-1]
        close = [k for k in difflib.get_close_matches(short, sorted({k.rsplit(".", 1)[-1] for k in known}), n=1,
                                                      cutoff=0.7)]
        close = [k for k in sorted(known) if close and k.rsplit(".", 1)[-1] == close[0]][:1]
    if not close:
        return Bi("綴りを確認してください（`--example` で使える項目を表示できます）。",
                  "Check its spelling (`--example` lists the fields)."), Bi("")
    c = close[0]
    f = next((g for g in schema if g.name == c), None)
    what = f"（{f.description_ja}）" if f is not None else ""
    what_en = f" ({f.description_en})" if f is not None else ""
    return (Bi(f"「{c}」{what}の書き誤りではありませんか。", f"Did you mean \"{c}\"{what_en}?"),
            Bi(f"（「{c}」の書き誤り？）", f" (did you mean \"{c}\"?)"))


def _resolved(f: Optional[Field], value):
    """A value as its field reads it, for required_if (電子契約 -> electronic, はい -> True)."""
    if f is None or value is _MISSING or value is None:
        return value
    if f.type == "bool":
        w = bool_word(value)
        return w if w is not None else value
    if f.type == "choice":
        c = f.resolve_choice(value)
        return c if c is not None else value
    return value


def _validate(schema, data, prefix: str, problems: list, label_prefix: Optional[Bi] = None) -> dict:
    def lab(f: Field) -> Bi:
        if label_prefix is None:
            return f.label
        return Bi(f"{label_prefix.get('ja')}の{f.label.get('ja')}", f"{label_prefix.get('en')}: {f.label.get('en')}")

    if not isinstance(data, dict):
        problems.append(field_error(prefix.rstrip(".") or "(top)", label_prefix or Bi("データ全体", "the data"),
                                    "キーと値の組（「キー: 値」の形）で書いてください",
                                    "must be a mapping (key: value)"))
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
            members = [f for f in schema if f.name.startswith(name + ".")]
            problems.append(field_error(prefix + str(name), Bi(name), "下の階層に項目を並べて書いてください（例: "
                                        + "、".join(f.name.rsplit(".", 1)[-1] + ": …" for f in members[:3]) + "）",
                                        "must be a mapping of its own fields (e.g. "
                                        + ", ".join(f.name.rsplit(".", 1)[-1] + ": ..." for f in members[:3]) + ")"))
            continue
        if is_group:
            bad_groups.add(name)
        suggestion, short = _suggest(name, known, schema)
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
            other_field = next((g for g in schema if g.name == other), None)
            other_value = _get(data, other)
            if other_value is _MISSING or other_value is None:
                other_value = other_field.default if other_field is not None else None
            required = _resolved(other_field, other_value) == wanted
        if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()
                                                  and f.type != "text"):
            if required:
                problems.append(KeiyakuError("E505", field=prefix + f.name, description=lab(f).get("ja"),
                                             description_en=lab(f).get("en"),
                                             write=_example_line(f, prefix + f.name)))
            _set(out, f.name, f.default)
            continue
        try:
            if label_prefix is not None:
                from dataclasses import replace

                f = replace(f, description_ja=lab(f).get("ja"), description_en=lab(f).get("en"))
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


def _need_text(f: Field, schema, lang: str) -> str:
    """「必須」, 「任意。既定: 5」, 「損害賠償の上限が「金額を指定」のとき必須」."""
    en = lang == "en"
    if f.required:
        return "required" if en else "必須"
    if f.required_if:
        other, wanted = f.required_if
        of = next((g for g in schema if g.name == other), None)
        if other == "blank" and wanted is False:
            return "required unless blank: true" if en else "記入用の様式（blank: はい）にしないときは必須"
        shown = wanted
        if of is not None and of.type == "choice" and wanted in of.choices and of.choice_labels:
            shown = of.choice_labels[of.choices.index(wanted)]
        elif isinstance(wanted, bool):
            shown = ("true" if wanted else "false") if en else ("はい" if wanted else "いいえ")
        name = of.description(lang) if of is not None else other
        wanted_en = ("true" if wanted else "false") if isinstance(wanted, bool) else wanted
        return (f"required when {other} is {wanted_en}" if en else f"{name}（{other}）が「{shown}」のとき必須")
    out = "optional" if en else "任意"
    if f.default not in (None, "", [], False) or (f.type == "bool" and f.default is not None):
        d = f.default
        if f.type == "choice" and d in f.choices and f.choice_labels and not en:
            d = f"{f.choice_labels[f.choices.index(d)]}（{d}）"
        elif f.type == "bool":
            d = ("true" if d else "false") if en else ("はい" if d else "いいえ")
        elif isinstance(d, str) and len(d) > 30:
            d = d[:30] + "…"
        out += (f"; default {d}" if en else f"。既定: {d}")
    return out


def _choice_comment(f: Field, lang: str) -> Optional[str]:
    if f.type == "date":
        return ("2025-04-01, 令和7年4月1日 or R7.4.1" if lang == "en"
                else "令和7年4月1日、R7.4.1、2025-04-01 のどれでも書けます")
    if f.type == "bool":
        return "true / false (はい / いいえ)" if lang == "en" else "はい / いいえ（true / false でも可）"
    if f.type == "choice" or (f.type == "list" and f.choices):
        if lang == "en":
            return "one of: " + f.choices_text("en") if f.type == "choice" else "any of: " + f.choices_text("en")
        head = "次のどれか" if f.type == "choice" else "次から1つ以上（1行に1つ「- 」を付けて）"
        return f"{head}: {f.choices_text('ja')}（日本語のままでも、（ ）内の英字でも書けます）"
    if f.type == "int" and (f.min is not None or f.max is not None):
        if f.max is None:
            return (f"a whole number, at least {f.min}" if lang == "en"
                    else f"{f.min} 以上の整数（半角数字。「円」などの単位は付けません）")
        lo = f.min if f.min is not None else ""
        return f"a whole number {lo}-{f.max}" if lang == "en" else f"{lo}〜{f.max} の整数（半角数字。単位は付けません）"
    return None


def example_yaml(schema, lang: str = "ja", title: str = "") -> str:
    """A filled example data file with a comment over each field: its
    Japanese label, whether it is required (or its default), and what may be
    written (dates, choices and their labels, ranges); for a list of entries,
    each entry's keys."""
    import yaml

    lines = []
    if title:
        lines.append(f"# {title}")
    if lang != "en":
        lines.append("# 「#」で始まる行は説明です。値は「キー: 値」の形で書きます（キーは英字のまま）。")
    written_groups: set = set()
    for f in schema:
        parts = f.name.split(".")
        for depth in range(len(parts) - 1):
            g = ".".join(parts[: depth + 1])
            if g not in written_groups:
                written_groups.add(g)
                lines.append("  " * depth + f"{parts[depth]}:")
        indent = "  " * (len(parts) - 1)
        need = _need_text(f, schema, lang)
        lines.append(f"{indent}# {f.description(lang)}" + (f" ({need})" if lang == "en" else f"（{need}）"))
        extra = _choice_comment(f, lang)
        if extra:
            lines.append(f"{indent}#   {extra}")
        if f.type == "list" and f.item:
            lines.append(indent + ("#   one entry per \"- \", with these keys:" if lang == "en"
                                   else "#   1件ごとに「- 」で始め、次のキーを書きます:"))
            for sub in f.item:
                sub_extra = _choice_comment(sub, lang)
                sub_need = _need_text(sub, f.item, lang)
                lines.append(indent + f"#     {sub.name}: {sub.description(lang)}"
                             + (f" ({sub_need})" if lang == "en" else f"（{sub_need}）")
                             + (f": {sub_extra}" if sub_extra else ""))
        v = f.example if f.example is not None else f.default
        if lang == "en" and f.type == "date" and isinstance(v, str) and parse_date(v):
            v = parse_date(v)
        key = parts[-1]
        if v is None or (isinstance(v, (list, str)) and not v and f.type in ("list", "str", "text")
                         and not f.required):
            lines.append(f"{indent}# {key}:")
        elif isinstance(v, (list, dict)) and v:
            dumped = yaml.safe_dump({key: v}, allow_unicode=True, sort_keys=False,
                                    default_flow_style=False, width=10**6)
            lines.extend(indent + ln for ln in dumped.rstrip("\n").split("\n"))
        elif isinstance(v, str) and "\n" in v:
            lines.append(f"{indent}{key}: |")
            lines.extend(indent + "  " + ln for ln in v.split("\n"))
        elif isinstance(v, bool) and lang != "en":
            lines.append(f"{indent}{key}: {'はい' if v else 'いいえ'}")
        else:
            lines.append(f"{indent}{key}: {_yaml_scalar(v)}")
    return "\n".join(lines) + "\n"
