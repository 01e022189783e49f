"""LoadedDocument -> tree of Nodes (title, preamble, articles 条 > paragraphs 項 >
items 号, chapters, annexes, signature).

How the text is cut: every node starts at an offset in LoadedDocument.text
and runs until the next node that is not its descendant starts; its *own*
span is from its start to its first child's start. Top-level nodes therefore
tile the whole text, and so do the children of every node after its own
span: each character belongs to exactly one node's own span. A line's
trailing "\n" belongs to the node that holds the line's last character.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from keiyaku_lint.model import Block, Location, Node
from keiyaku_lint.structure import lines as L


@dataclass
class Line:
    index: int  # block index
    text: str
    start: int  # offset of the line in the document text
    location: Location
    style: Optional[str] = None

    @property
    def blank(self) -> bool:
        return not self.text.strip(L.WS)

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Builder:
    kind: str
    label: Optional[str]
    number: Optional[str]
    heading: Optional[str]
    start: int
    text_start: int  # where the node's own text begins (after label / heading)
    location: Location
    children: list["Builder"] = field(default_factory=list)
    end: int = -1

    def build(self, text: str) -> Node:
        own_end = self.children[0].start if self.children else self.end
        own = _clean(text[max(self.text_start, self.start):own_end]) if self.text_start < own_end else ""
        return Node(self.kind, self.label, self.number, self.heading, own, self.location,
                    self.start, self.end, tuple(c.build(text) for c in self.children))


def _clean(s: str) -> str:
    return "\n".join(x.strip(L.WS) for x in s.split("\n") if x.strip(L.WS))


def _close(builders: list[Builder], end: int) -> None:
    """Set each builder's end: the next sibling's start, the last one's the
    parent's end; then recurse."""
    for i, b in enumerate(builders):
        b.end = builders[i + 1].start if i + 1 < len(builders) else end
        _close(b.children, b.end)


# --- the document ---------------------------------------------------------------


def to_lines(blocks: tuple[Block, ...]) -> list[Line]:
    out, pos = [], 0
    for i, b in enumerate(blocks):
        out.append(Line(i, b.text, pos, b.location, b.style))
        pos += len(b.text) + 1
    return out


def build_tree(blocks: tuple[Block, ...]) -> tuple[Node, ...]:
    text = "\n".join(b.text for b in blocks)
    lines = to_lines(blocks)
    if not lines or not text:
        return ()
    if all(ln.blank for ln in lines):
        return (Node("text", None, None, None, "", lines[0].location, 0, len(text)),)
    tops = _document(lines)
    # The first node takes any blank lines before it.
    tops[0].start = 0
    if tops[0].text_start < 0:
        tops[0].text_start = 0
    _close(tops, len(text))
    return tuple(b.build(text) for b in tops)


def _article_lines(lines: list[Line]) -> tuple[dict[int, L.ArticleLine], dict[int, L.ArticleLine]]:
    jo, dai = {}, {}
    for k, ln in enumerate(lines):
        if ln.blank:
            continue
        a = L.article_jo(ln.text)
        if a:
            jo[k] = a
            continue
        d = L.article_dai(ln.text)
        if d:
            dai[k] = d
    return jo, dai


def _title_index(lines: list[Line], lo: int, hi: int, stop: int) -> Optional[int]:
    """The line that is the document's title, among the first non-blank lines
    before ``stop`` (the first article)."""
    cands = [k for k in range(lo, min(hi, stop)) if not lines[k].blank][:3]
    for k in cands:
        if lines[k].style == "title":
            return k
    for k in cands:
        s = L.squash(re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", "", lines[k].text))
        if 2 <= len(s) <= 40 and "。" not in s and L.TITLE_WORDS.search(s):
            return k
    if cands:
        k = cands[0]
        s = lines[k].text.strip(L.WS)
        if 1 <= len(s) <= 40 and "。" not in s and L.marker(s) is None and not L.signature_line(s):
            return k
    return None


def _document(lines: list[Line]) -> list[Builder]:
    n = len(lines)
    jo, dai = _article_lines(lines)
    first_article = min(list(jo) + list(dai), default=n)

    # Annex starts: an explicit 別紙 / 別記 … line, or a 特記事項 title after the
    # contract's articles have begun. The line right after an annex label is
    # that annex's title, not a new annex.
    annex_starts: dict[int, tuple[str, Optional[str], Optional[str]]] = {}
    prev_annex_line = -2
    for k, ln in enumerate(lines):
        if ln.blank or k in jo or k in dai:
            continue
        a = L.annex(ln.text)
        if a:
            annex_starts[k] = a
            prev_annex_line = k
            continue
        if k > first_article and L.special_terms_title(ln.text) and not _follows(lines, prev_annex_line, k) \
                and _articles_follow(lines, k, jo, dai):
            label = L.squash(ln.text)
            annex_starts[k] = (label, None, label)
            prev_annex_line = k
    region_bounds = [0] + sorted(annex_starts) + [n]
    tops: list[Builder] = []
    for r in range(len(region_bounds) - 1):
        lo, hi = region_bounds[r], region_bounds[r + 1]
        if lo == hi:
            continue
        if r == 0:
            tops.extend(_main_region(lines, lo, hi, jo, dai))
        else:
            tops.append(_annex_region(lines, lo, hi, annex_starts[lo], jo, dai))
    return tops


def _articles_follow(lines: list[Line], k: int, jo, dai) -> bool:
    """Special terms hold their own articles: one of the next few non-blank
    lines is an article heading."""
    seen = 0
    for j in range(k + 1, len(lines)):
        if lines[j].blank:
            continue
        if j in jo or j in dai:
            return True
        seen += 1
        if seen >= 3:
            return False
    return False


def _follows(lines: list[Line], a: int, b: int) -> bool:
    """b is the first non-blank line after a."""
    if a < 0:
        return False
    return all(lines[k].blank for k in range(a + 1, b))


def _pick_articles(lines: list[Line], lo: int, hi: int, jo, dai, after: int = -1) -> dict[int, L.ArticleLine]:
    """The article lines of one region: 第N条 if any, else 第N, else a 1. 2. 3.
    sequence of top-level numbered lines."""
    r_jo = {k: a for k, a in jo.items() if lo <= k < hi and k > after}
    if r_jo:
        return r_jo
    r_dai = {k: a for k, a in dai.items() if lo <= k < hi and k > after}
    if r_dai:
        return r_dai
    cands = []
    for k in range(max(lo, after + 1), hi):
        ln = lines[k]
        if ln.blank:
            continue
        m = L.marker(ln.text)
        if m is None or m.family != "arabic":
            continue
        body = ln.text[m.text_start:]
        cands.append((k, m, body))
    def title_like(body: str) -> bool:
        b = body.strip(L.WS)
        return 0 < len(b) <= 40 and "。" not in b and "、" not in b

    def split_heading(body: str, text_start: int):
        """「1 秘密保持 乙は、…」 (a table row, or a wrapped PDF line): a short
        heading, then the provision."""
        b = body.strip(L.WS)
        parts = re.split(r"[ \t\u3000]+", b, maxsplit=1)
        if len(parts) == 2 and len(parts[0]) <= 15 and L.is_heading_text(parts[0]) \
                and not L.is_heading_text(parts[1]):
            return parts[0], text_start + body.index(parts[1])
        return None, text_start

    headed = [c for c in cands if title_like(c[2])]
    for pool, gap in ((headed, 1), (cands, 0)):
        seq, expected, typ = [], 1, None
        for k, m, body in pool:
            if expected <= m.number <= expected + (gap if seq else 0) and (typ is None or m.type == typ):
                seq.append((k, m, body))
                expected = m.number + 1
                typ = m.type
        if len(seq) >= 2:
            out = {}
            for k, m, body in seq:
                if title_like(body):
                    heading, body_start = body.strip(L.WS), None
                else:
                    heading, body_start = split_heading(body, m.text_start)
                out[k] = L.ArticleLine("numbered", str(m.number), m.start, m.start + len(m.label),
                                       heading, body_start)
            return out
    return {}


def _heading_line(lines: list[Line], k: int, art: L.ArticleLine, floor: int) -> Optional[tuple[int, str]]:
    """A heading written on the line before the article: （秘密保持） or a short
    bare phrase."""
    if art.heading is not None or art.style == "numbered":
        return None
    j = k - 1
    while j >= floor and lines[j].blank:
        j -= 1
    if j < floor or j < 0:
        return None
    t = lines[j].text
    h = L.bracket_heading(t)
    if h:
        return j, h
    if j == k - 1 and L.is_heading_text(t) and L.marker(t) is None and not L.signature_line(t) \
            and L.article_jo(t) is None and L.article_dai(t) is None and L.chapter(t) is None:
        return j, t.strip(L.WS)
    return None


def _articles_and_chapters(lines, lo, hi, arts: dict[int, L.ArticleLine], floor: int) -> list[tuple[int, Builder, Optional[L.ArticleLine], int]]:
    """Builders (not yet filled) for the articles and chapter lines of a
    region, with the line each starts on."""
    out: list[tuple[int, Builder, Optional[L.ArticleLine], int]] = []
    first_art = min(arts, default=hi)
    taken = set(arts)
    prev_end_line = floor
    for k in range(lo, hi):
        ln = lines[k]
        if k in arts:
            a = arts[k]
            heading = a.heading
            start_line = k
            hl = _heading_line(lines, k, a, max(prev_end_line, floor))
            if hl is not None:
                start_line, heading = hl
            label = ln.text[a.label_start:a.label_end]
            if a.style == "numbered":
                label = label.strip(L.WS)
            if a.body_start is not None:
                text_at = a.body_start
            elif a.heading is not None:
                text_at = len(ln.text)
            else:
                text_at = a.label_end
            b = Builder("article", label, a.number, heading, lines[start_line].start,
                        ln.start + text_at, ln.location)
            out.append((start_line, b, a, k))
            prev_end_line = k + 1
        elif k >= floor and not ln.blank and (k > first_art or _next_is(lines, k, hi, taken)):
            c = L.chapter(ln.text)
            if c:
                label, end, heading = c
                out.append((k, Builder("text", label.strip(L.WS), None, heading, ln.start,
                                       ln.start + len(ln.text), ln.location), None, k))
                prev_end_line = k + 1
    return out


def _next_is(lines, k, hi, targets) -> bool:
    for j in range(k + 1, hi):
        if not lines[j].blank:
            return j in targets or L.chapter(lines[j].text) is not None or L.bracket_heading(lines[j].text) is not None
    return False


def _main_region(lines: list[Line], lo: int, hi: int, jo, dai) -> list[Builder]:
    tops: list[Builder] = []
    first_struct = min(list(k for k in jo if lo <= k < hi) + list(k for k in dai if lo <= k < hi), default=hi)
    t = _title_index(lines, lo, hi, first_struct)
    if t is not None and first_struct < hi and all(lines[k].blank for k in range(t + 1, first_struct)):
        # A short line right before the first article is that article's
        # heading (秘密保持 / 第3条 …) unless it names a kind of document.
        a = jo.get(first_struct) or dai.get(first_struct)
        if a is not None and a.heading is None and not L.TITLE_WORDS.search(L.squash(lines[t].text)) \
                and (L.is_heading_text(lines[t].text) or L.bracket_heading(lines[t].text)):
            t = None
    after_title = t if t is not None else lo - 1
    arts = _pick_articles(lines, lo, hi, jo, dai, after=after_title)
    units = _articles_and_chapters(lines, lo, hi, arts, floor=after_title + 1)
    body_start_line = units[0][0] if units else hi
    sig = _signature_start(lines, max([k for k in arts] + [after_title], default=lo - 1) + 1, hi, bool(arts))
    if sig is not None:
        units = [u for u in units if u[0] < sig]
        if not units:
            body_start_line = sig
    # title and whatever precedes it
    if t is not None:
        if any(not lines[k].blank for k in range(lo, t)):
            tops.append(Builder("text", None, None, None, lines[lo].start, lines[lo].start, lines[lo].location))
        tln = lines[t]
        tops.append(Builder("title", None, None, None, tln.start, tln.start, tln.location))
        pre_lo = t + 1
    else:
        pre_lo = lo
    pre_hi = body_start_line if sig is None or body_start_line <= sig else sig
    if any(not lines[k].blank for k in range(pre_lo, pre_hi)):
        first = next(k for k in range(pre_lo, pre_hi) if not lines[k].blank)
        tops.append(Builder("preamble", None, None, None, lines[pre_lo].start, lines[pre_lo].start, lines[first].location))
    for i, (start_line, b, a, label_line) in enumerate(units):
        end_line = units[i + 1][0] if i + 1 < len(units) else (sig if sig is not None else hi)
        if a is not None:
            _fill_article(b, lines, a, label_line, end_line)
        tops.append(b)
    if sig is not None:
        s = lines[sig]
        tops.append(Builder("signature", None, None, None, s.start, s.start, s.location))
    return tops


def _annex_region(lines, lo, hi, info, jo, dai) -> Builder:
    label, number, heading = info
    ln = lines[lo]
    arts = _pick_articles(lines, lo + 1, hi, jo, dai, after=lo)
    units = _articles_and_chapters(lines, lo + 1, hi, arts, floor=lo + 1)
    first_unit = units[0][0] if units else hi
    if heading is None:
        for k in range(lo + 1, first_unit):
            if lines[k].blank:
                continue
            s = lines[k].text.strip(L.WS)
            if len(s) <= 40 and "。" not in s and L.bracket_heading(s) is None and L.marker(s) is None:
                heading = L.squash(s) if re.fullmatch(r"(\S[ \u3000])+\S", s) else s
            break
    b = Builder("annex", label, number, heading, ln.start, ln.start, ln.location)
    for i, (start_line, ab, a, label_line) in enumerate(units):
        end_line = units[i + 1][0] if i + 1 < len(units) else hi
        if a is not None:
            _fill_article(ab, lines, a, label_line, end_line)
        b.children.append(ab)
    return b


def _signature_start(lines: list[Line], lo: int, hi: int, has_articles: bool) -> Optional[int]:
    for k in range(lo, hi):
        if not lines[k].blank and L.signature_cue(lines[k].text):
            return k
    for k in range(lo, hi):
        if lines[k].blank or not L.signature_line(lines[k].text):
            continue
        rest = [lines[j].text.strip(L.WS) for j in range(k, hi) if not lines[j].blank]
        if all(len(s) <= 60 and "。" not in s for s in rest):
            return k
        return None
    return None


# --- inside an article ----------------------------------------------------------


def _fill_article(art: Builder, lines: list[Line], a: L.ArticleLine, label_line: int, end_line: int) -> None:
    """Paragraphs and items of the article whose label is on ``label_line``.
    Marker offsets are relative to the line's text from ``at``."""
    ln = lines[label_line]
    body: list[tuple[Line, int, Optional[L.Marker]]] = []  # (line, start in line, marker)
    if a.body_start is not None:
        body.append((ln, a.body_start, None))
    for k in range(label_line + 1, end_line):
        body.append((lines[k], 0, None if lines[k].blank else L.marker(lines[k].text)))
    # Does the article number its paragraphs at all (2 / ２ / ②)? If not, a new
    # line after a finished sentence starts a new paragraph (Word numbering
    # that the text lost, or paragraphs without numbers).
    numbered = any(m is not None and m.type in L.PARAGRAPH_TYPES and m.number == 2 for _, _, m in body)
    paragraphs: list[Builder] = []
    stack: list[tuple[str, int, Builder]] = []  # (marker type, last number, item builder)
    prev_text = ""

    def new_paragraph(line: Line, at: int, label, number, text_at) -> Builder:
        p = Builder("paragraph", label, number, None, line.start + at, line.start + text_at, line.location)
        paragraphs.append(p)
        art.children.append(p)
        stack.clear()
        return p

    for line, at, m in body:
        s = line.text[at:]
        if not s.strip(L.WS):
            continue
        if m is not None:
            # 1. the next item of an open list
            level = next((i for i in range(len(stack) - 1, -1, -1)
                          if stack[i][0] == m.type and m.number == stack[i][1] + 1), None)
            if level is not None:
                del stack[level + 1:]
                parent = stack[level - 1][2] if level > 0 else paragraphs[-1]
                item = _item(line, at, m)
                parent.children.append(item)
                stack[level] = (m.type, m.number, item)
                prev_text = s
                continue
            # 2. the next paragraph
            fam = next((p.label_family for p in paragraphs if getattr(p, "label_family", None)), None)
            if m.type in L.PARAGRAPH_TYPES or (not paragraphs and m.number == 1) or fam == m.family:
                expected = len(paragraphs) + 1
                if m.number == expected and (fam is None or fam == m.family) and (m.number == 1 or numbered or fam):
                    p = new_paragraph(line, at, m.label.strip(L.WS), str(m.number), at + m.text_start)
                    p.label_family = m.family  # type: ignore[attr-defined]
                    prev_text = s
                    continue
            # 3. a new list (it must start at 1) or a list we lost count of
            level = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == m.type), None)
            if level is not None or m.number == 1:
                if not paragraphs:
                    new_paragraph(line, at, None, "1", at)
                if level is not None:
                    del stack[level + 1:]
                    parent = stack[level - 1][2] if level > 0 else paragraphs[-1]
                else:
                    parent = stack[-1][2] if stack else paragraphs[-1]
                    level = len(stack)
                    stack.append((m.type, 0, None))  # type: ignore[arg-type]
                item = _item(line, at, m)
                parent.children.append(item)
                stack[level] = (m.type, m.number, item)
                prev_text = s
                continue
        # plain text
        if not paragraphs:
            new_paragraph(line, at, None, "1", at)
        elif not numbered and not any(getattr(p, "label_family", None) for p in paragraphs) \
                and at == 0 and _sentence_ended(prev_text) and not _continues(s):
            new_paragraph(line, 0, None, str(len(paragraphs) + 1), 0)
        prev_text = s


def _item(line: Line, at: int, m: L.Marker) -> Builder:
    return Builder("item", m.label.strip(L.WS), str(m.number), None, line.start + at,
                   line.start + at + m.text_start, line.location)


def _sentence_ended(s: str) -> bool:
    s = s.rstrip(L.WS)
    return s.endswith(("。", "。）", "。)", "。」"))


def _continues(s: str) -> bool:
    """A line that goes on from the previous sentence rather than starting a
    new paragraph: ただし書 is part of the same paragraph."""
    s = s.lstrip(L.WS)
    return s.startswith(("ただし", "但し"))
