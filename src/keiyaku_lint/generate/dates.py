"""Dates as a Japanese office writes them, both ways.

    parse(value) -> (date, None) | (None, problem: Bi)
    format_date(date, style)     "令和7年4月1日" (style "wareki") | "2025年4月1日" ("seireki")
    blank_date(style)            "令和　　年　　月　　日" | "　　　　年　　月　　日": a line to fill in

Accepted, with full-width or kanji digits as well (令和七年四月一日, ２０２５年):

* 和暦: 令和7年4月1日, 令和元年5月1日, 平成31年4月30日, R7.4.1, R7/4/1, R7-4-1,
  H31.4.30, S64.1.7 (令和 / 平成 / 昭和 / 大正, or R / H / S / T);
* 西暦: 2025-04-01, 2025/4/1, 2025.4.1, 2025年4月1日, and a YAML / TOML date.

A 和暦 date outside its era (令和元年4月1日: 令和 began on 1 May 2019) is refused
with the date the user probably meant, rather than silently moved to another
era.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Optional

from keiyaku_lint.errors import Bi

# era -> (first day, initial); in order, newest first
ERAS = (
    ("令和", _dt.date(2019, 5, 1), "R"),
    ("平成", _dt.date(1989, 1, 8), "H"),
    ("昭和", _dt.date(1926, 12, 25), "S"),
    ("大正", _dt.date(1912, 7, 30), "T"),
)
_BY_INITIAL = {ini: name for name, _, ini in ERAS}
_START = {name: start for name, start, _ in ERAS}
_NEXT = {ERAS[i][0]: ERAS[i - 1][1] for i in range(1, len(ERAS))}

STYLES = ("wareki", "seireki")
STYLE_LABELS = ("和暦（令和7年4月1日）", "西暦（2025年4月1日）")

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUM = re.compile(r"[〇零一二三四五六七八九十]+")

_ERA_NAMES = "|".join(name for name, _, _ in ERAS)
_WAREKI = re.compile(rf"^(?P<era>{_ERA_NAMES}|[RHST])\s*(?P<y>元|\d{{1,2}})\s*(?:年|[./\-])\s*(?P<m>\d{{1,2}})\s*"
                     rf"(?:月|[./\-])\s*(?P<d>\d{{1,2}})\s*日?$", re.I)
_SEIREKI = re.compile(r"^(?P<y>\d{4})\s*(?:年|[./\-])\s*(?P<m>\d{1,2})\s*(?:月|[./\-])\s*(?P<d>\d{1,2})\s*日?$")

HOW = Bi("令和7年4月1日、R7.4.1、2025-04-01 のいずれかの形で書いてください",
         "write it as 2025-04-01, 令和7年4月1日 or R7.4.1")


def _kanji_to_int(text: str) -> str:
    """二十五 -> 25, 二〇二五 -> 2025, 十 -> 10 (numbers as dates use them)."""
    if "十" not in text:
        return "".join(str(_KANJI_DIGITS[c]) for c in text)
    tens, _, ones = text.partition("十")
    if "十" in ones:
        return text  # not a number of a date
    t = _KANJI_DIGITS.get(tens, None) if tens else 1
    o = _KANJI_DIGITS.get(ones, None) if ones else 0
    if t is None or o is None:
        return text
    return str(t * 10 + o)


def normalize(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip()
    s = _KANJI_NUM.sub(lambda m: _kanji_to_int(m.group(0)), s)
    return s.replace("．", ".").replace("／", "/").replace("－", "-").replace("ー", "-")


def parse(value) -> tuple[Optional[_dt.date], Optional[Bi]]:
    """(the date, None), or (None, what is wrong and how to write it)."""
    if isinstance(value, _dt.datetime):
        return value.date(), None
    if isinstance(value, _dt.date):
        return value, None
    if not isinstance(value, str):
        return None, HOW
    s = normalize(value)
    m = _WAREKI.match(s)
    if m:
        era = m.group("era")
        era = _BY_INITIAL.get(era.upper(), era)
        year = 1 if m.group("y") == "元" else int(m.group("y"))
        if year < 1:
            return None, Bi(f"{era}0年はありません（最初の年は{era}元年です）", f"there is no year 0 of {era}")
        start = _START[era]
        try:
            d = _dt.date(start.year + year - 1, int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None, Bi(f"{value.strip()} という日付はありません", f"{value.strip()} is not a real date")
        if d < start:
            return None, Bi(f"{era}は{format_date(start, 'wareki')}（{start.year}年{start.month}月{start.day}日）から"
                            f"です。{format_date(d, 'wareki')}のことではありませんか",
                            f"{era} began on {start.isoformat()}; did you mean {format_date(d, 'wareki')} "
                            f"({d.isoformat()})?")
        nxt = _NEXT.get(era)
        if nxt is not None and d >= nxt:
            last = nxt - _dt.timedelta(days=1)
            return None, Bi(f"{era}は{last.year}年{last.month}月{last.day}日までです。{format_date(d, 'wareki')}の"
                            "ことではありませんか",
                            f"{era} ended before {nxt.isoformat()}; did you mean {format_date(d, 'wareki')} "
                            f"({d.isoformat()})?")
        return d, None
    m = _SEIREKI.match(s)
    if m:
        try:
            return _dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))), None
        except ValueError:
            return None, Bi(f"{value.strip()} という日付はありません", f"{value.strip()} is not a real date")
    return None, HOW


def era_of(d: _dt.date) -> tuple[str, int]:
    for name, start, _ in ERAS:
        if d >= start:
            return name, d.year - start.year + 1
    return "", d.year


def format_date(d: _dt.date, style: str = "wareki") -> str:
    if style == "wareki":
        era, year = era_of(d)
        if era:
            return f"{era}{'元' if year == 1 else year}年{d.month}月{d.day}日"
    return f"{d.year}年{d.month}月{d.day}日"


def blank_date(style: str = "wareki") -> str:
    """A date line to fill in by hand."""
    return "令和　　年　　月　　日" if style == "wareki" else "　　　　年　　月　　日"
