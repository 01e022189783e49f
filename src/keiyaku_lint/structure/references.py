"""Cross references inside the contract, resolved to node paths.

    第5条 / 第5条の2 / 第5条第2項 / 第5条第2項第3号 / 前条 / 次条 / 本条 / 同条
    前項 / 次項 / 前各項 / 前二項 / 本項 / 同項 / 第3号 / 前号 / 前各号
    lists:  第8条、第12条及び第15条 / 第3条第2項及び第4項
    ranges: 第5条から第8条まで / 第5条乃至第8条 / 第5条ないし第8条 / 第5条～第8条

A reference right after the name of a law or another document (民法第536条,
個人情報保護法第2条, 著作権法第27条および第28条, 基本契約第3条) is external and
ignored; 本契約第5条 is internal. A reference to an article or paragraph that
does not exist is a "broken-reference" finding (条ずれ).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional

from keiyaku_lint.model import Contract, Location, Node, Reference, StructureFinding
from keiyaku_lint.structure.api import annex_key, article_ref, iter_paths, node_at
from keiyaku_lint.structure.lines import NUM
from keiyaku_lint.structure.numerals import parse_number

_S = r"[ \u3000]*"
_ART = rf"(?:第{_S}(?P<an>{NUM}){_S}条(?:{_S}の{_S}(?P<asub>{NUM}))?|(?P<arel>前条|次条|本条|同条))"


def _para(k: str) -> str:
    return rf"(?:第{_S}(?P<pn{k}>{NUM}){_S}項|(?P<prel{k}>前各項|前[二三四五六七八九]項|前項|次項|本項|同項))"


def _item(k: str) -> str:
    return rf"(?:第{_S}(?P<in{k}>{NUM}){_S}号|(?P<irel{k}>前各号|前号|次号|本号|同号|各号))"


UNIT = re.compile(rf"(?:{_ART}(?:{_S}{_para('1')})?(?:{_S}{_item('1')})?|{_para('2')}(?:{_S}{_item('2')})?|{_item('3')})")


def _g(m: re.Match, name: str) -> Optional[str]:
    for k in "123":
        try:
            v = m.group(name + k)
        except IndexError:
            continue
        if v:
            return v
    return None
LIST_SEP = re.compile(r"^[ \u3000]*(?:、|，|,|・|及び|および|及|並びに|ならびに|又は|または|若しくは|もしくは|と|或いは|あるいは)[ \u3000]*$")
RANGE_SEP = re.compile(r"^[ \u3000]*(?:から|乃至|ないし|～|〜|~|－|-|―)[ \u3000]*$")
UNTIL = re.compile(r"^[ \u3000]*まで")

# Names of laws and other documents: a reference right after one is external.
EXTERNAL_BEFORE = re.compile(
    r"(法|法律|令|規則|条例|規程|規約|約款|要綱|要領|基準|指針|ガイドライン|協定|条約|契約|契約書|覚書|仕様書|規定|告示|通達|憲法|民法|商法|同法)$"
)
INTERNAL_BEFORE = re.compile(r"(本|この|当|同)(契約書?|規約|覚書|特記事項|特約|約款|書|要領|仕様書|基準)$")
ANNEX_BEFORE = re.compile(rf"(別{_S}紙|別{_S}記|別{_S}添|別{_S}表)(?P<n>{NUM})?{_S}$")


@dataclass
class Unit:
    start: int
    end: int
    art: Optional[str] = None  # "5", "5-2"
    arel: Optional[str] = None
    para: Optional[int] = None
    prel: Optional[str] = None
    item: Optional[int] = None
    irel: Optional[str] = None
    range_to_next: bool = False


def _unit(m: re.Match) -> Optional[Unit]:
    u = Unit(m.start(), m.end())
    if m.group("an"):
        n = parse_number(m.group("an"))
        if n is None:
            return None
        u.art = str(n)
        if m.group("asub"):
            s = parse_number(m.group("asub"))
            if s is None:
                return None
            u.art += "-" + str(s)
    u.arel = m.group("arel")
    if _g(m, "pn"):
        u.para = parse_number(_g(m, "pn"))
        if u.para is None:
            return None
    u.prel = _g(m, "prel")
    if _g(m, "in"):
        u.item = parse_number(_g(m, "in"))
        if u.item is None:
            return None
    u.irel = _g(m, "irel")
    if u.irel == "各号":
        return None  # 次の各号: a lead-in, not a reference
    return u


@dataclass
class Ctx:
    """Where a reference stands."""

    container: tuple  # () for the main body, (annex key,) for an annex
    articles: list  # [(path, node)] of the container
    art_index: Optional[int]  # index in articles of the enclosing article
    para: Optional[int]  # index of the enclosing paragraph in the article's paragraphs
    item_path: Optional[tuple]  # path of the enclosing item
    source_path: tuple


def _paragraphs(art: Node) -> list[Node]:
    return [c for c in art.children if c.kind == "paragraph"]


def find_references(contract: Contract) -> tuple[tuple[Reference, ...], tuple[StructureFinding, ...]]:
    doc = contract.document
    text = doc.text
    offsets = doc.offsets
    paths = {id(n): p for p, n in iter_paths(contract)}
    containers: dict[tuple, list] = {(): []}
    for p, n in iter_paths(contract):
        if n.kind == "article":
            containers.setdefault(p[:-1], []).append((p, n))
    labels = set()
    for _, n in iter_paths(contract):
        if n.kind == "article" and n.label:
            pos = text.find(n.label, n.start, n.end)
            if pos >= 0:
                labels.add(pos)

    def loc(pos: int) -> Location:
        i = max(0, bisect.bisect_right(offsets, pos) - 1)
        return doc.blocks[i].location if doc.blocks else Location()

    refs: list[Reference] = []
    findings: list[StructureFinding] = []
    units = [u for u in (_unit(m) for m in UNIT.finditer(text)) if u is not None]
    # group units into chains joined by list / range words
    chains: list[list[Unit]] = []
    for u in units:
        if u.start in labels:
            continue
        if chains:
            prev = chains[-1][-1]
            gap = text[prev.end:u.start]
            if "\n" not in gap and (LIST_SEP.match(gap) or RANGE_SEP.match(gap)):
                if RANGE_SEP.match(gap):
                    prev.range_to_next = True
                chains[-1].append(u)
                continue
        chains.append([u])
    for chain in chains:
        start, end = chain[0].start, chain[-1].end
        m = UNTIL.match(text, end)
        if m and chain[-1] is not chain[0] and any(u.range_to_next for u in chain):
            end = m.end()
        before = text[max(0, start - 40):start]
        annex_target = None
        if chain[0].art is not None or chain[0].arel is None:
            kind = _before_kind(before)
            if kind == "external":
                continue
            if kind and kind.startswith("annex:"):
                annex_target = kind[6:]
        chain_nodes = node_at(contract, start)
        ctx = _context(chain_nodes, paths, containers)
        if annex_target is not None:
            key = next((k for k in containers if k and k[0] == annex_target), None)
            if key is None:
                continue  # an annex without articles: nothing to check
            ctx = Ctx(key, containers[key], None, None, None, ctx.source_path)
        targets, missing = _resolve(chain, ctx, contract)
        if targets is None:
            continue  # not a reference we can place (no articles at all)
        written = text[start:end]
        ref = Reference(written, start, end, loc(start), ctx.source_path, tuple(targets), not missing)
        refs.append(ref)
        if missing:
            where = article_ref(contract, ctx.source_path) if ctx.source_path else "前文"
            where_en = article_ref(contract, ctx.source_path, "en") if ctx.source_path else "the preamble"
            related = _nearest_location(ctx, missing[0])
            findings.append(StructureFinding(
                "broken-reference",
                f"{where}の「{written}」が指す{'、'.join(missing)}はこの文書にありません（条ずれの可能性）。"
                "参照先の条・項の番号を確認してください。",
                f"「{written}」 in {where_en} points to {', '.join(missing)}, which does not exist in this document "
                "(the numbering may have shifted). Check the article / paragraph number it refers to.",
                loc(start), related))
    return tuple(refs), tuple(findings)


def _before_kind(before: str) -> Optional[str]:
    b = before.rstrip(" \u3000")
    # skip one bracketed insertion: 個人情報の保護に関する法律（平成15年法律第57号）第2条
    if b.endswith(("）", ")")):
        depth, i = 0, len(b) - 1
        while i >= 0:
            if b[i] in "）)":
                depth += 1
            elif b[i] in "（(":
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        if i > 0:
            b = b[:i].rstrip(" \u3000")
    m = ANNEX_BEFORE.search(b)
    if m:
        label = re.sub(r"[ \u3000]", "", m.group(1))
        if m.group("n"):
            label += str(parse_number(m.group("n")))
        return "annex:" + label
    if INTERNAL_BEFORE.search(b):
        return None
    if EXTERNAL_BEFORE.search(b) or re.search(r"[A-Za-z]$", b):
        return "external"  # 民法第536条, GDPR 第46条
    return None


def _context(chain_nodes: list[Node], paths: dict, containers: dict) -> Ctx:
    art_node = next((n for n in chain_nodes if n.kind == "article"), None)
    if art_node is None:
        annex = next((n for n in chain_nodes if n.kind == "annex"), None)
        key = (annex_key(annex),) if annex is not None else ()
        key = key if key in containers else ()
        return Ctx(key, containers.get(key, []), None, None, None, ())
    ap = paths.get(id(art_node), ())
    key = ap[:-1]
    arts = containers.get(key, [])
    idx = next((i for i, (p, n) in enumerate(arts) if n is art_node), None)
    para_node = next((n for n in chain_nodes if n.kind == "paragraph"), None)
    para_idx = None
    if para_node is not None:
        paras = _paragraphs(art_node)
        para_idx = next((i for i, p in enumerate(paras) if p is para_node), None)
    items = [n for n in chain_nodes if n.kind == "item"]
    item_path = paths.get(id(items[-1])) if items else None
    deepest = next((n for n in reversed(chain_nodes) if id(n) in paths), art_node)
    return Ctx(key, arts, idx, para_idx, item_path, paths.get(id(deepest), ap))


@dataclass
class _Cursor:
    art: Optional[int] = None  # index into ctx.articles
    para: Optional[int] = None  # index into paragraphs


def _resolve(chain: list[Unit], ctx: Ctx, contract: Contract):
    """(targets, missing descriptions), or (None, None) when the document has
    no articles to resolve against."""
    if not ctx.articles:
        if any(u.art is not None or u.arel is not None for u in chain):
            return None, None
    targets: list[tuple] = []
    missing: list[str] = []
    cur = _Cursor(ctx.art_index, ctx.para)
    last_art: Optional[int] = ctx.art_index
    last_para: Optional[int] = ctx.para
    pending_range: Optional[tuple] = None
    arts = ctx.articles
    prefix = ctx.container

    def art_index_of(number: str) -> Optional[int]:
        return next((i for i, (p, n) in enumerate(arts) if p[-1] == number), None)

    for u in chain:
        got: list[tuple] = []
        # article part
        a_idx: Optional[int] = None
        if u.art is not None:
            a_idx = art_index_of(u.art)
            if a_idx is None:
                missing.append(_jo(u.art))
                pending_range = None
                continue
        elif u.arel is not None:
            base = cur.art
            if u.arel == "同条":
                a_idx = last_art
            elif base is None:
                return None, None
            elif u.arel == "本条":
                a_idx = base
            elif u.arel == "前条":
                a_idx = base - 1 if base > 0 else None
                if a_idx is None:
                    missing.append("前条（この条より前の条）")
                    continue
            else:  # 次条
                a_idx = base + 1 if base + 1 < len(arts) else None
                if a_idx is None:
                    missing.append("次条（この条より後の条）")
                    continue
        else:
            a_idx = last_art if (u.para is not None or u.prel is not None or u.item is not None or u.irel) else None
            if u.para is None and u.prel is None:
                # an item alone: in the current / last paragraph
                a_idx = last_art
        if a_idx is None:
            return None, None
        art_path, art_node = arts[a_idx]
        paras = _paragraphs(art_node)
        p_idx: Optional[list[int]] = None
        if u.para is not None:
            if 1 <= u.para <= len(paras) and paras[u.para - 1].number == str(u.para):
                p_idx = [u.para - 1]
            else:
                p_idx = [i for i, p in enumerate(paras) if p.number == str(u.para)][:1]
                if not p_idx:
                    missing.append(f"{_jo(art_path[-1])}第{u.para}項")
                    continue
        elif u.prel is not None:
            here = cur.para if (u.art is None and u.arel is None) else None
            if u.prel in ("本項",):
                p_idx = [here] if here is not None else None
            elif u.prel == "同項":
                p_idx = [last_para] if last_para is not None else None
            elif u.prel == "次項":
                p_idx = [here + 1] if here is not None and here + 1 < len(paras) else None
                if here is not None and p_idx is None:
                    missing.append("次項（この項より後の項）")
                    continue
            else:
                count = {"前項": 1, "前各項": here or 0}.get(u.prel)
                if count is None:
                    count = parse_number(u.prel[1]) or 1
                if here is None:
                    return None, None
                if here - count < 0 or count == 0:
                    missing.append(f"{u.prel}（この項より前の項）")
                    continue
                p_idx = list(range(here - count, here))
            if p_idx is None:
                return None, None
        elif u.item is not None or u.irel is not None:
            p_idx = [last_para] if last_para is not None else ([0] if paras else None)
        if p_idx is None:
            got.append(art_path)
        else:
            for pi in p_idx:
                ppath = art_path + (paras[pi].number,)
                if u.item is not None:
                    ipath = ppath + (str(u.item),)
                    if any(ip == ipath for ip, _ in _items(paras[pi], ppath)):
                        got.append(ipath)
                    else:
                        got.append(ppath)  # the item is not marked as such: point at its paragraph
                elif u.irel is not None and ctx.item_path is not None and u.irel in ("前号", "前各号", "次号", "本号", "同号"):
                    got.append(ppath)
                else:
                    got.append(ppath)
        # range: expand from the previous unit's last target to this one
        if pending_range is not None and got:
            lo_t, hi_t = pending_range, got[-1]
            span = _expand(lo_t, hi_t, arts, contract)
            targets.extend(t for t in span if t not in targets)
        else:
            targets.extend(t for t in got if t not in targets)
        pending_range = got[-1] if (u.range_to_next and got) else None
        last_art = a_idx
        last_para = p_idx[-1] if p_idx else None
        cur = _Cursor(ctx.art_index, ctx.para)
    return targets, missing


def _items(node: Node, prefix: tuple):
    for c in node.children:
        if c.kind == "item":
            p = prefix + (c.number,)
            yield p, c
            yield from _items(c, p)


def _expand(lo: tuple, hi: tuple, arts: list, contract: Contract) -> list[tuple]:
    """Every article (or paragraph of one article) from lo to hi inclusive."""
    if len(lo) == len(hi) and lo[:-1] == hi[:-1] and len(lo) >= 1:
        idx = {p: i for i, (p, _) in enumerate(arts)}
        if lo in idx and hi in idx:
            a, b = idx[lo], idx[hi]
            return [arts[i][0] for i in range(min(a, b), max(a, b) + 1)]
        # paragraphs of one article
        art = next((n for p, n in arts if p == lo[:-1]), None)
        if art is not None:
            nums = [p.number for p in _paragraphs(art)]
            if lo[-1] in nums and hi[-1] in nums:
                a, b = nums.index(lo[-1]), nums.index(hi[-1])
                return [lo[:-1] + (nums[i],) for i in range(min(a, b), max(a, b) + 1)]
    return [lo, hi]


def _jo(number: str) -> str:
    main, _, sub = number.partition("-")
    return f"第{main}条" + (f"の{sub}" if sub else "")


def _nearest_location(ctx: Ctx, missing: str) -> Optional[Location]:
    """The article nearest below the missing number, to show where the
    numbering went wrong; else the article the reference stands in."""
    m = re.match(r"第(\d{1,15})条", missing)
    if m and ctx.articles:
        want = int(m.group(1))
        below = [n for p, n in ctx.articles if (p[-1].split("-")[0]).isdigit() and int(p[-1].split("-")[0]) < want]
        if below:
            return below[-1].location
    if ctx.art_index is not None:
        return ctx.articles[ctx.art_index][1].location
    return None
