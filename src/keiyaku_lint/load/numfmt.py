"""Word's number formats (w:numFmt) rendered as Word displays them.

Every formatter is bounded for any int: ``format_number`` first clamps the
value to 0..MAX_VALUE (Word's counters start at 0..32767 and grow by one per
paragraph, so no real document gets near the bound), and no format yields
more than MAX_CHARS characters (Word repeats letters: 27 -> "aa", so a large
counter in a letter format would otherwise grow without limit).
"""
from __future__ import annotations

MAX_VALUE = 999_999_999
MAX_CHARS = 64

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_KANJI_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "〇壱弐参四伍六七八九"
# Word's aiueo / iroha sequences (46 / 48 kana); the plain formats use
# half-width katakana, the *FullWidth ones full-width.
_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン"
_HALF_KANA = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンヰヱ",
    "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｲｴ",
))
_TEN_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"


def _circled(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def _kanji_counting(n: int, digits: str = _KANJI_DIGITS) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 百五, 2000 -> 二千, 120000 -> 十二万,
    300000000 -> 三億 (n is at most MAX_VALUE: no unit above 億 is needed)."""
    if n <= 0:
        return digits[0]
    out = []
    for big, unit in ((100_000_000, "億"), (10_000, "万")):
        q, n = divmod(n, big)
        if q:
            out.append(_below_10000(q, digits) + unit)
    out.append(_below_10000(n, digits))
    return "".join(out)


def _below_10000(n: int, digits: str) -> str:
    out = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out.append(("" if q == 1 else digits[q]) + unit)
    if n:
        out.append(digits[n])
    return "".join(out)


def _letters(n: int, base: str) -> str:
    # Word repeats the letter: 27 -> aa, 28 -> bb (never more than MAX_CHARS)
    if n <= 0:
        return str(n)
    q, r = divmod(n - 1, 26)
    return base[r] * min(q + 1, MAX_CHARS)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        q, n = divmod(n, value)
        out.append(sym * q)
    return "".join(out)


def _cycle(seq: str, n: int) -> str:
    return seq[(n - 1) % len(seq)] if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """The text Word shows for counter value ``n`` in number format ``fmt``.
    Unknown formats fall back to decimal, as Word does. ``n`` is clamped to
    0..MAX_VALUE first, so the result is short for any int."""
    n = min(max(int(n), 0), MAX_VALUE)
    if fmt in ("decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(_FULLWIDTH)
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt in ("japaneseCounting", "chineseCounting", "chineseCountingThousand",
               "taiwaneseCounting", "ideographLegalTraditional"):
        return _kanji_counting(n)
    if fmt == "japaneseLegal":
        return _kanji_counting(n, _LEGAL_DIGITS)
    if fmt in ("japaneseDigitalTenThousand", "taiwaneseDigital", "ideographDigital"):
        return "".join(_KANJI_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _circled(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "aiueoFullWidth":
        return _cycle(_AIUEO, n)
    if fmt == "aiueo":
        return _HALF_KANA.get(_cycle(_AIUEO, n), _cycle(_AIUEO, n))
    if fmt == "irohaFullWidth":
        return _cycle(_IROHA, n)
    if fmt == "iroha":
        return _HALF_KANA.get(_cycle(_IROHA, n), _cycle(_IROHA, n))
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "ideographTraditional":
        return _cycle(_TEN_STEMS, n)
    if fmt == "ideographZodiac":
        return _cycle(_ZODIAC, n)
    if fmt == "none":
        return ""
    return str(n)
