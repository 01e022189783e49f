"""Numbers as Japanese contracts write them: 12, １２, 十二, 一二, ⑫, Ⅻ ...

``parse_number`` turns any of them into an int (or None); the ``to_*``
functions render an int back in one style, which the tests use for round trips
and the outline uses nowhere else. Nothing here raises on any string.
"""
from __future__ import annotations

import unicodedata
from typing import Optional

KANJI_DIGITS = {
    "〇": 0, "零": 0,
    "一": 1, "壱": 1, "壹": 1,
    "二": 2, "弐": 2, "貳": 2,
    "三": 3, "参": 3, "參": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
KANJI_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000, "阡": 1000}
KANJI_LARGE_UNITS = {"万": 10_000, "萬": 10_000, "億": 100_000_000}

# Characters that a kanji numeral may be made of (used by the regexes of the
# structure parser as a character class).
KANJI_NUMERAL_CHARS = "".join(KANJI_DIGITS) + "".join(KANJI_SMALL_UNITS) + "".join(KANJI_LARGE_UNITS)


def _enclosed_table() -> dict[str, int]:
    table: dict[str, int] = {}
    ranges = [
        (0x2460, 1, 20),  # ① .. ⑳
        (0x3251, 21, 35),  # ㉑ .. ㉟
        (0x32B1, 36, 50),  # ㊱ .. ㊿
        (0x2474, 1, 20),  # ⑴ .. ⒇
        (0x2488, 1, 20),  # ⒈ .. ⒛
        (0x2776, 1, 10),  # ❶ .. ❿
        (0x2780, 1, 10),  # ➀ .. ➉
        (0x278A, 1, 10),  # ➊ .. ➓
        (0x24EB, 11, 20),  # ⓫ .. ⓴
        (0x2160, 1, 12),  # Ⅰ .. Ⅻ
        (0x2170, 1, 12),  # ⅰ .. ⅻ
        (0x3220, 1, 10),  # ㈠ .. ㈩
        (0x3280, 1, 10),  # ㊀ .. ㊉
    ]
    for base, first, last in ranges:
        for i, n in enumerate(range(first, last + 1)):
            table[chr(base + i)] = n
    table["⓪"] = 0
    return table


ENCLOSED = _enclosed_table()
CIRCLED_CHARS = "".join(chr(0x2460 + i) for i in range(20)) + "".join(
    chr(0x3251 + i) for i in range(15)) + "".join(chr(0x32B1 + i) for i in range(15))

# Items are also counted in the iroha order of katakana (ア, イ, ウ ... ) and
# in the old i-ro-ha order (イ, ロ, ハ ...); the first is far more common in
# contracts, the second in statutes.
AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"

_BRACKETS = "()（）[]［］【】〔〕<>＜＞〈〉《》"
_TRAILING = ".．、,，)）:："

MAX_NUMERAL = 24  # characters: 一億三千四百二十一万七千七百十一 fits, a 5000-digit string does not

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def parse_number(s: str) -> Optional[int]:
    """The integer a numeral string stands for, or None.

    Accepts Arabic digits (half or full width, with or without thousands
    separators), kanji numerals in counting form (百二十三, 二千二十六) or
    digit-by-digit form (一二三, 二〇二六), enclosed numerals (①-㊿, ⑴, ⒈, ❶),
    Roman numerals (Ⅳ, iv) and one pair of surrounding brackets or a trailing
    dot: "(12)", "（十二）", "3." all parse. A numeral longer than
    MAX_NUMERAL characters is no article, paragraph or item number (第999…条
    of 5000 digits): None, never Python's "exceeds the limit" ValueError.
    """
    if not isinstance(s, str) or len(s) > MAX_NUMERAL + 4:
        return None
    t = s.strip().strip("\u3000")
    if not t:
        return None
    if len(t) >= 2 and t[0] in _BRACKETS and t[-1] in _BRACKETS:
        t = t[1:-1].strip()
    else:
        t = t.rstrip(_TRAILING)
    if not t:
        return None
    if len(t) == 1 and t in ENCLOSED:
        return ENCLOSED[t]
    if len(t) > MAX_NUMERAL:
        return None
    ascii_t = unicodedata.normalize("NFKC", t)
    if ascii_t.isascii():
        digits = ascii_t.replace(",", "")
        if digits.isdigit() and ("," not in ascii_t or _valid_grouping(ascii_t)):
            return int(digits)
        return _parse_roman(ascii_t)
    return _parse_kanji(t)


def _valid_grouping(s: str) -> bool:
    groups = s.split(",")
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _parse_roman(s: str) -> Optional[int]:
    s = s.upper()
    if not s or any(c not in _ROMAN for c in s) or len(s) > 15:
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        if i + 1 < len(s) and _ROMAN[s[i + 1]] > v:
            total -= v
        else:
            total += v
    if total <= 0 or to_roman(total) != s:
        return None
    return total


def _parse_kanji(s: str) -> Optional[int]:
    if any(c not in KANJI_DIGITS and c not in KANJI_SMALL_UNITS and c not in KANJI_LARGE_UNITS for c in s):
        return None
    if all(c in KANJI_DIGITS for c in s):
        # digit-by-digit: 二〇二六, 一二
        if len(s) > 1 and KANJI_DIGITS[s[0]] == 0:
            return None
        n = 0
        for c in s:
            n = n * 10 + KANJI_DIGITS[c]
        return n
    total = 0  # completed large-unit groups
    section = 0  # value below the current large unit
    digit: Optional[int] = None
    last_small = 10**9
    last_large = 10**18
    for c in s:
        if c in KANJI_DIGITS:
            if digit is not None:
                return None  # two digits in a row in counting form: 二三十
            digit = KANJI_DIGITS[c]
        elif c in KANJI_SMALL_UNITS:
            unit = KANJI_SMALL_UNITS[c]
            if unit >= last_small or digit == 0:
                return None
            section += (1 if digit is None else digit) * unit
            digit = None
            last_small = unit
        else:
            unit = KANJI_LARGE_UNITS[c]
            if unit >= last_large:
                return None
            value = section + (digit or 0)
            if value == 0:
                return None
            total += value * unit
            section, digit, last_small, last_large = 0, None, 10**9, unit
    return total + section + (digit or 0)


# --- rendering ----------------------------------------------------------------

_KD = "〇一二三四五六七八九"


def to_kanji(n: int) -> str:
    """Counting-form kanji numeral: 0 -> 〇, 12 -> 十二, 2026 -> 二千二十六."""
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return "〇"
    out = []
    for unit_value, unit_char in ((100_000_000, "億"), (10_000, "万")):
        if n >= unit_value:
            out.append(_kanji_below_10000(n // unit_value) + unit_char)
            n %= unit_value
    if n:
        out.append(_kanji_below_10000(n))
    return "".join(out)


def _kanji_below_10000(n: int) -> str:
    out = []
    for value, char in ((1000, "千"), (100, "百"), (10, "十")):
        d = n // value
        if d:
            out.append(("" if d == 1 else _KD[d]) + char)
        n %= value
    if n:
        out.append(_KD[n])
    return "".join(out)


def to_kanji_digits(n: int) -> str:
    """Digit-by-digit kanji: 2026 -> 二〇二六."""
    return "".join(_KD[int(c)] for c in str(n))


def to_fullwidth(n: int) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in str(n))


def to_circled(n: int) -> str:
    """①..㊿ for 1..50."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    raise ValueError("no circled numeral for %d" % n)


def to_roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def kana_index(c: str) -> Optional[int]:
    """Position of a katakana item marker in the a-i-u-e-o order (ア=1)."""
    c = unicodedata.normalize("NFKC", c)
    i = AIUEO.find(c)
    return i + 1 if len(c) == 1 and i >= 0 else None
