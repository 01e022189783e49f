"""What one line of a contract can be: an article heading (第3条（秘密保持）),
a 特記事項-style heading (第1　基本的事項), a chapter (第1章), the start of an
annex (別紙1), a heading in brackets on its own line (（秘密保持）), a numbered
paragraph or item (2　/ ２． / ② / (1) / 一 / ア), or plain text.

Every function here looks at one line only and returns offsets into that
line, so the parser can cut the document text exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from keiyaku_lint.structure.numerals import ENCLOSED, KANJI_DIGITS, KANJI_SMALL_UNITS, kana_index, parse_number

WS = " \t\u3000\u00a0"
_KNUM = "".join(k for k in KANJI_DIGITS) + "".join(KANJI_SMALL_UNITS)
NUM = rf"[0-9０-９{_KNUM}]+"
_SP = r"[ \t\u3000]*"

OPEN_BRACKETS = "（(【［〔["
CLOSE_FOR = {"（": "）", "(": ")", "【": "】", "［": "］", "〔": "〕", "[": "]"}
# A wrongly paired （…) is common in real drafts: accept either close.
CLOSERS = {"（": "）)", "(": ")）", "【": "】", "［": "］]", "〔": "〕", "[": "]］"}

ARTICLE_JO = re.compile(rf"第{_SP}(?P<n>{NUM}){_SP}条(?:{_SP}の{_SP}(?P<sub>{NUM}))?")
ARTICLE_DAI = re.compile(rf"第{_SP}(?P<n>{NUM})(?=[ \t\u3000]|$|[（(【［〔])")
CHAPTER = re.compile(rf"第{_SP}(?P<n>{NUM}){_SP}(?P<unit>[編章節款])(?=[ \t\u3000]|$|[（(【［〔])")
ANNEX = re.compile(
    rf"(?P<kind>別{_SP}紙|別{_SP}記|別{_SP}添|別{_SP}表|付{_SP}属{_SP}書|附{_SP}属{_SP}書|付{_SP}録)"
    rf"{_SP}(?:第{_SP})?(?P<n>{NUM}|[A-Za-zＡ-Ｚａ-ｚ])?(?:{_SP}号)?(?:[-－‐ー−](?P<sub>[0-9０-９]+))?"
)
SPECIAL_TERMS = re.compile(r"(特記事項|特約条項|特記仕様書)$")

# Words that end a sentence rather than a heading.
_SENTENCE_MARKS = set("。、，,．：:「」『』")


def lstrip_len(s: str) -> int:
    return len(s) - len(s.lstrip(WS))


def squash(s: str) -> str:
    """The text without any whitespace (for matching spaced-out titles: 別 記)."""
    return re.sub(r"[\s\u3000]+", "", s)


def is_heading_text(s: str) -> bool:
    """A short phrase that reads like a heading (秘密保持, 再委託の禁止), not the
    start of a sentence."""
    s = s.strip(WS)
    if not (1 <= len(s) <= 20):
        return False
    if any(c in _SENTENCE_MARKS for c in s):
        return False
    if re.search(r"[はをがへ]", s):
        return False
    if re.match(r"[0-9０-９]", s):
        return False
    return True


def bracketed(s: str, i: int) -> Optional[tuple[int, int]]:
    """If s[i] opens a bracket closed on the same line within 40 characters,
    (inner start, index after the close)."""
    if i >= len(s) or s[i] not in CLOSERS:
        return None
    closers = CLOSERS[s[i]]
    depth = 0
    for j in range(i + 1, min(len(s), i + 42)):
        if s[j] in CLOSERS:
            depth += 1
        elif s[j] in closers or (depth and s[j] in "）)】］〕]"):
            if depth:
                depth -= 1
                continue
            return i + 1, j + 1
    return None


@dataclass(frozen=True)
class ArticleLine:
    style: str  # "jo" (第3条) | "dai" (第3 特記事項 style) | "numbered" (1.)
    number: str  # "3", "3-2"
    label_start: int  # offsets in the line
    label_end: int
    heading: Optional[str]
    body_start: Optional[int]  # where the first paragraph's text starts, or None


def _after_label(line: str, end: int, style: str) -> Optional[tuple[Optional[str], Optional[int]]]:
    """Heading and body start after an article label ending at ``end``; None
    when what follows shows that the label is really a reference in running
    text (第5条の規定により…)."""
    n = len(line)
    j = end
    while j < n and line[j] in WS:
        j += 1
    spaced = j > end
    if j >= n:
        return None, None
    if line[j] in "：:.．":
        j += 1
        while j < n and line[j] in WS:
            j += 1
        spaced = True
        if j >= n:
            return None, None
    br = bracketed(line, j)
    if br is not None:
        inner = line[br[0]:br[1] - 1].strip(WS)
        k = br[1]
        while k < n and line[k] in WS:
            k += 1
        return (inner or None), (k if k < n else None)
    if not spaced:
        return None
    rest = line[j:]
    if style != "numbered" and is_heading_text(rest):
        return rest.strip(WS), None
    return None, j


_REFERENCE_GOES_ON = re.compile(r"[、，,・〜～]|及び|および|並びに|ならびに|又は|または|若しくは|もしくは|の規定|から|乃至|ないし|まで|に(定め|規定|基づ|従)")


def _goes_on(line: str, body_start: Optional[int]) -> bool:
    """第5条（秘密保持）、第6条… is a list of references, not an article."""
    return body_start is not None and bool(_REFERENCE_GOES_ON.match(line, body_start))


def article_jo(line: str) -> Optional[ArticleLine]:
    lead = lstrip_len(line)
    m = ARTICLE_JO.match(line, lead)
    if not m:
        return None
    n = parse_number(m.group("n"))
    if n is None:
        return None
    number = str(n)
    if m.group("sub"):
        sub = parse_number(m.group("sub"))
        if sub is None:
            return None
        number += "-" + str(sub)
    after = _after_label(line, m.end(), "jo")
    if after is None:
        # 第1条甲は… (no space) is still an article when a party name follows.
        if m.end() < len(line) and line[m.end()] in "甲乙丙丁本":
            after = (None, m.end())
        else:
            return None
    if _goes_on(line, after[1]):
        return None
    return ArticleLine("jo", number, m.start(), m.end(), after[0], after[1])


def article_dai(line: str) -> Optional[ArticleLine]:
    lead = lstrip_len(line)
    m = ARTICLE_DAI.match(line, lead)
    if not m:
        return None
    n = parse_number(m.group("n"))
    if n is None:
        return None
    after = _after_label(line, m.end(), "dai")
    if after is None or _goes_on(line, after[1]):
        return None
    return ArticleLine("dai", str(n), m.start(), m.end(), after[0], after[1])


def chapter(line: str) -> Optional[tuple[str, int, Optional[str]]]:
    """(label, label end, heading) of a 第1章 / 第2節 line."""
    lead = lstrip_len(line)
    m = CHAPTER.match(line, lead)
    if not m or parse_number(m.group("n")) is None:
        return None
    rest = line[m.end():].strip(WS)
    if "。" in rest or len(rest) > 30:
        return None
    if rest[:1] in CLOSERS and rest[-1:] in "）)】］〕]":
        rest = rest[1:-1]
    return line[m.start():m.end()], m.end(), (rest or None)


def annex(line: str) -> Optional[tuple[str, Optional[str], Optional[str]]]:
    """(label normalised like 別紙1, number, heading) when the line opens an
    annex: 別紙1 / 別 記 / 【別紙2】業務内容 / 別表第1."""
    s = line.strip(WS)
    if not s:
        return None
    wrapped = False
    if s[0] in "【［〔[(（<＜《" and len(s) > 2:
        s = s[1:]
        wrapped = True
    m = ANNEX.match(s)
    if not m:
        return None
    rest = s[m.end():]
    if wrapped:
        rest = rest.lstrip(WS)
        if not rest or rest[0] not in "】］〕])）>＞》":
            return None
        rest = rest[1:]
    if rest and rest[0] not in WS + "（(【［〔[：:.．":
        return None
    rest = rest.strip(WS).lstrip("：:.．").strip(WS)
    if len(rest) > 40 or "。" in rest:
        return None
    if rest and rest[0] in CLOSERS and rest[-1] in "）)】］〕]":
        rest = rest[1:-1].strip(WS)
    kind = squash(m.group("kind"))
    number = None
    if m.group("n"):
        v = parse_number(m.group("n"))
        number = str(v) if v is not None else squash(m.group("n")).upper()
        if m.group("sub"):
            number += "-" + str(parse_number(m.group("sub")))
    label = kind + (number or "")
    return label, number, (rest or None)


def special_terms_title(line: str) -> bool:
    """A line that titles a set of special terms attached to the contract
    (個人情報取扱特記事項, 情報セキュリティに関する特約条項)."""
    s = squash(line)
    if not (4 <= len(s) <= 40) or any(c in s for c in "。、，,") or marker(line) is not None:
        return False
    return s[0] not in "（(【［〔[<＜" and bool(SPECIAL_TERMS.search(s))


def bracket_heading(line: str) -> Optional[str]:
    """（秘密保持） alone on a line."""
    s = line.strip(WS)
    if len(s) < 3 or s[0] not in CLOSERS:
        return None
    br = bracketed(s, 0)
    if br is None or br[1] != len(s):
        return None
    inner = s[br[0]:br[1] - 1].strip(WS)
    if not inner or "。" in inner or "以下余白" in squash(inner):
        return None
    return inner


# --- paragraph and item markers -------------------------------------------------

ARABIC_FAMILY = {"dot", "space", "rparen"}
PARAGRAPH_TYPES = ARABIC_FAMILY | {"circled"}

_UNIT_AFTER_NUMBER = re.compile(
    r"(日|円|年|月|か月|ヶ月|ケ月|カ月|箇月|時間|時|分|秒|週|%|％|件|名|人|部|通|個|回|営業日|倍|歳|才|万|億|千|百|頁|ページ|条|項|号|本|台|枚|点|GB|MB|TB|km|m|kg|g)"
)
_KANA = "ア-ン"


@dataclass(frozen=True)
class Marker:
    type: str  # dot | space | rparen | circled | paren_arabic | kanji | paren_kanji | kana | paren_kana | alpha | paren_alpha
    number: int
    label: str  # as written
    start: int  # in the line
    text_start: int  # where the text after the marker starts (may equal len(line))

    @property
    def family(self) -> str:
        return "arabic" if self.type in ARABIC_FAMILY else self.type


_RE_ARABIC = re.compile(
    r"([0-9０-９]{1,3})(?:([.．](?![0-9０-９]+(?![.．0-9０-９])))|([)）])|(?=[ \t\u3000]))"
)
_RE_PAREN = re.compile(
    rf"[（(][ \u3000]?([0-9０-９]{{1,3}}|[一二三四五六七八九十]{{1,3}}|[{_KANA}]|[a-zａ-ｚA-ZＡ-Ｚ])[ \u3000]?[)）]"
)
_RE_KANJI = re.compile(r"([一二三四五六七八九十]{1,3})(?:(?=[ \t\u3000])|[.．、](?=\S))")
_RE_KANA = re.compile(rf"([{_KANA}])(?:(?=[ \t\u3000])|[.．](?=\S))")
_RE_ALPHA = re.compile(r"([a-zａ-ｚA-ZＡ-Ｚ])[.．)）](?=[ \t\u3000]*\S)")


def _skip_ws(line: str, j: int) -> int:
    while j < len(line) and line[j] in WS:
        j += 1
    return j


def marker(line: str) -> Optional[Marker]:
    """The paragraph / item number a line starts with, if any."""
    i = lstrip_len(line)
    if i >= len(line):
        return None
    c = line[i]
    if c in ENCLOSED:
        cp = ord(c)
        if 0x2474 <= cp <= 0x2487:
            typ = "paren_arabic"
        elif 0x2488 <= cp <= 0x249B:
            typ = "dot"
        elif 0x2160 <= cp <= 0x217B:
            return None  # Roman numerals are headings of parts, not items
        else:
            typ = "circled"
        return Marker(typ, ENCLOSED[c], c, i, _skip_ws(line, i + 1))
    m = _RE_ARABIC.match(line, i)
    if m:
        n = int(parse_number(m.group(1)) or 0)
        typ = "dot" if m.group(2) else "rparen" if m.group(3) else "space"
        j = _skip_ws(line, m.end())
        if j >= len(line):
            return None  # a lone number: a page number or a wrapped figure
        if typ == "space" and _UNIT_AFTER_NUMBER.match(line, m.end()):
            return None  # 「2日以内に…」: a quantity, not a number; 「2　本契約は…」 is a paragraph
        if typ == "rparen" and line[j] in "）)":
            return None
        return Marker(typ, n, line[i:m.end()], i, j)
    m = _RE_PAREN.match(line, i)
    if m:
        g = m.group(1)
        if re.fullmatch(r"[0-9０-９]+", g):
            typ, n = "paren_arabic", parse_number(g)
        elif re.fullmatch(r"[一二三四五六七八九十]+", g):
            typ, n = "paren_kanji", parse_number(g)
        elif re.fullmatch(rf"[{_KANA}]", g):
            typ, n = "paren_kana", kana_index(g)
        else:
            typ, n = "paren_alpha", ord(g.lower()) - ord("a") + 1 if g.isascii() else ord(g.lower()) - ord("ａ") + 1
        if n is None:
            return None
        return Marker(typ, n, m.group(0), i, _skip_ws(line, m.end()))
    m = _RE_KANJI.match(line, i)
    if m:
        n = parse_number(m.group(1))
        j = _skip_ws(line, m.end())
        if n is not None and j < len(line):
            return Marker("kanji", n, line[i:m.end()].rstrip(WS), i, j)
    m = _RE_KANA.match(line, i)
    if m:
        j = _skip_ws(line, m.end())
        n = kana_index(m.group(1))
        if n is not None and j < len(line):
            return Marker("kana", n, line[i:m.end()].rstrip(WS), i, j)
    m = _RE_ALPHA.match(line, i)
    if m:
        g = m.group(1).lower()
        n = ord(g) - ord("a") + 1 if g.isascii() else ord(g) - ord("ａ") + 1
        return Marker("alpha", n, line[i:m.end()], i, _skip_ws(line, m.end()))
    return None


# --- signature block ------------------------------------------------------------

SIG_CUE = re.compile(
    r"^(以[ \u3000]*上(?:$|[ \u3000、，,。]))|証する(ため|為)|証として|^[（(]?以下余白[）)]?$|^本書[0-9０-９一二三]通"
)
SIG_LINE = re.compile(
    r"^[（(【]?[甲乙丙丁][)）】：:\s\u3000]|^[（(【]?[甲乙丙丁][)）】]?$"
    r"|^(住[ \u3000]*所|所[ \u3000]*在[ \u3000]*地|氏[ \u3000]*名|社[ \u3000]*名|会社名|商[ \u3000]*号|名[ \u3000]*称|代表者|代表取締役|署名|記名|締結日|契約日)"
    r"|年[ \u3000_＿]*月[ \u3000_＿]*日[ \u3000]*$|[印㊞][ \u3000]*$"
    r"|^(委託者|受託者|発注者|受注者|開示者|受領者)[ \u3000]*[：:（(]"
)


def signature_cue(line: str) -> bool:
    return bool(SIG_CUE.search(line.strip(WS)))


def signature_line(line: str) -> bool:
    s = line.strip(WS)
    return bool(s) and len(s) <= 60 and "。" not in s and bool(SIG_LINE.search(s))


TITLE_WORDS = re.compile(
    r"(契約書|契約|覚書|誓約書|規約|特記事項|仕様書|要領|合意書|約款|同意書|念書|協定書|確認書|約定書|基準|特約|規程|規定)$"
)
