"""The generate page's form: fields from a template's schema, the submitted
form turned back into the data ``generate`` validates, dates in 和暦 or 西暦.

    fields_of(spec, lang)            -> groups of fields to draw
    form_to_data(spec, form)         -> data dict (empty inputs left out)
    normalize_dates(spec, data)      -> data with 和暦 dates as 2025-04-01
    field_errors(problems, lang)     -> {field name: message}
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.generate.schema import Field

MAX_ROWS = 50  # rows of a list-of-mappings field the form sends

# era, romaji initial, first day, last day
ERAS = (
    ("令和", "R", _dt.date(2019, 5, 1), None),
    ("平成", "H", _dt.date(1989, 1, 8), _dt.date(2019, 4, 30)),
    ("昭和", "S", _dt.date(1926, 12, 25), _dt.date(1989, 1, 7)),
    ("大正", "T", _dt.date(1912, 7, 30), _dt.date(1926, 12, 24)),
    ("明治", "M", _dt.date(1868, 1, 25), _dt.date(1912, 7, 29)),
)
_ERA_BY = {e[0]: e for e in ERAS} | {e[1]: e for e in ERAS}
_WAREKI = re.compile(r"^(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,2})\s*(?:年|[./\-])\s*(\d{1,2})\s*(?:月|[./\-])\s*(\d{1,2})\s*日?$",
                     re.I)
_WIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")


class WarekiError(ValueError):
    def __init__(self, ja: str, en: str):
        super().__init__(en)
        self.ja, self.en = ja, en


def parse_wareki(text: str) -> Optional[_dt.date]:
    """令和7年4月1日, 令和元年5月1日, R7.4.1, H31/4/30 -> date; None when the text
    is not a 和暦 date; WarekiError when it is one that does not exist."""
    import unicodedata

    s = unicodedata.normalize("NFKC", text).strip().translate(_WIDTH)
    m = _WAREKI.match(s)
    if not m:
        return None
    era = _ERA_BY[m.group(1).upper() if len(m.group(1)) == 1 else m.group(1)]
    n = 1 if m.group(2) == "元" else int(m.group(2))
    try:
        d = _dt.date(era[2].year + n - 1, int(m.group(3)), int(m.group(4)))
    except ValueError:
        raise WarekiError(f"{text} という日付はありません", f"{text} is not a real date") from None
    if n < 1 or d < era[2] or (era[3] is not None and d > era[3]):
        last = f"{era[3].year}年{era[3].month}月{era[3].day}日まで" if era[3] else "以降"
        raise WarekiError(f"{text} は{era[0]}の期間（{era[2].year}年{era[2].month}月{era[2].day}日〜{last if era[3] else ''}）にありません",
                          f"{text} is outside the {era[0]} era")
    return d


def wareki_of(d: _dt.date) -> str:
    for name, _, first, last in ERAS:
        if d >= first and (last is None or d <= last):
            n = d.year - first.year + 1
            return f"{name}{'元' if n == 1 else n}年{d.month}月{d.day}日"
    return ""


def _date_value(f: Field, value, name: str, problems: list):
    if not isinstance(value, str):
        return value
    try:
        d = parse_wareki(value)
    except WarekiError as exc:
        problems.append(KeiyakuError("E504", field=name, problem=exc.ja, problem_en=exc.en))
        return None
    return d.isoformat() if d is not None else value


def normalize_dates(schema, data, prefix: str = "", problems: Optional[list] = None):
    """``data`` with every 和暦 date of a date field written as 2025-04-01 (a
    new dict; the rest unchanged). Dates that do not exist go to ``problems``
    (E504) and are left out."""
    problems = [] if problems is None else problems
    if not isinstance(data, dict):
        return data
    out = _copy(data)
    for f in schema:
        if f.type == "date":
            v = _get(out, f.name)
            if v is not _MISSING:
                new = _date_value(f, v, prefix + f.name, problems)
                if new is None:
                    _delete(out, f.name)
                else:
                    _set(out, f.name, new)
        elif f.type == "list" and f.item:
            rows = _get(out, f.name)
            if isinstance(rows, list):
                _set(out, f.name, [normalize_dates(f.item, r, f"{prefix}{f.name}[{i}].", problems)
                                   for i, r in enumerate(rows)])
    return out


_MISSING = object()


def _copy(v):
    if isinstance(v, dict):
        return {k: _copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_copy(x) for x in v]
    return v


def _get(d, dotted):
    cur = d
    for p in dotted.split("."):
        if not isinstance(cur, dict) or p not in cur:
            return _MISSING
        cur = cur[p]
    return cur


def _set(d, dotted, value):
    parts = dotted.split(".")
    cur = d
    for p in parts[:-1]:
        nxt = cur.get(p)
        if not isinstance(nxt, dict):
            nxt = cur[p] = {}
        cur = nxt
    cur[parts[-1]] = value


def _delete(d, dotted):
    parts = dotted.split(".")
    cur = d
    for p in parts[:-1]:
        cur = cur.get(p) if isinstance(cur, dict) else None
        if cur is None:
            return
    if isinstance(cur, dict):
        cur.pop(parts[-1], None)


# --- the form ---------------------------------------------------------------------------

def _one(form: dict, key: str) -> Optional[str]:
    v = form.get(key)
    if not v:
        return None
    return v[-1] if isinstance(v, list) else v


def form_to_data(spec, form: dict) -> dict:
    """The submitted form ({name: [values]}) as the template's data: empty
    inputs are left out (so defaults apply and required fields are
    reported), checkbox groups always give their list, table rows that are
    all empty are dropped."""
    data: dict = {}
    for f in spec.schema:
        if f.type == "list" and f.item:
            rows = []
            for i in range(MAX_ROWS):
                row = {}
                for sub in f.item:
                    v = _one(form, f"{f.name}[{i}].{sub.name}")
                    if v is not None and v.strip():
                        row[sub.name] = v.strip() if sub.type != "text" else v
                if row:
                    rows.append(row)
            if rows or _one(form, f"{f.name}.__rows") is not None:
                _set(data, f.name, rows)
            continue
        if f.type == "list":
            if _one(form, f"{f.name}.__present") is not None:
                _set(data, f.name, [v for v in form.get(f.name, []) if v])
            continue
        v = _one(form, f.name)
        if v is None:
            continue
        if f.type == "text":
            v = v.replace("\r\n", "\n")
            if not v.strip():
                continue
        else:
            v = v.strip()
            if not v:
                continue
        _set(data, f.name, v)
    return data


def field_message(err: KeiyakuError, lang: str) -> tuple[str, str]:
    """(field, a short message for beside the field) of one problem."""
    f = err.fields
    name = str(f.get("field", ""))
    if err.code == "E504":
        return name, str(f.get("problem_en" if lang == "en" else "problem", ""))
    if err.code == "E505":
        return name, "required: fill this in" if lang == "en" else "必須項目です。入力してください"
    if err.code == "E506":
        return name, "not a field of this template" if lang == "en" else "このテンプレートにない項目です"
    return name, err.message(lang)


def field_errors(problems: list, lang: str) -> list:
    out = []
    for err in problems:
        name, msg = field_message(err, lang)
        out.append({"field": name, "code": err.code, "message": msg})
    return out


def groups_of(spec, lang: str) -> list:
    """The schema's fields grouped by their dotted prefix, in schema order:
    [(label, [Field])]; a group's label is what its fields' descriptions
    share (委託者（甲）の名称 / 委託者（甲）の住所 -> 委託者（甲）), "" for the
    top-level fields."""
    import os.path

    groups: list = []
    index: dict = {}
    for f in spec.schema:
        g = f.name.rsplit(".", 1)[0] if "." in f.name else ""
        if g not in index:
            index[g] = len(groups)
            groups.append((g, []))
        groups[index[g]][1].append(f)
    out = []
    for g, fields in groups:
        label = ""
        if g:
            texts = [f.description(lang) for f in fields]
            label = os.path.commonprefix(texts) if len(texts) > 1 else re.split(r"[の：:]", texts[0])[0]
            label = re.sub(r"[のと：:\s]+$", "", label)
            if len(label) < 2:
                label = g
        out.append((label, fields))
    return out
