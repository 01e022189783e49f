"""The analysis stage: Contract + clause library -> FileResult.

The engine knows a few generic kinds of check; what a clause is lives in
clause_library/. For each clause of the profile:

1. Every sentence of every article (and of the text outside articles) is
   normalized (nlp.Normalizer). A pattern's term groups must all stand in one
   sentence (or one article, with ``scope: article``); ``none`` terms must not.
2. Only sentences whose terms matched a pattern that asks about modality or
   the duty's bearer go to the dependency parser, in one ``nlp.pipe`` batch.
3. An article *bears* the clause when one of the clause's anchor elements
   holds in it: a heading alone never does. The clause's other elements are
   looked for in the articles that bear it and in those whose heading names it.
4. All elements hold: present; some do not: weak (each missing element with
   its message); no article bears it: missing. Weak and missing carry the
   recommended wording.

Articles are the unit of evidence; the location names the 条・項・号 of the
decisive sentence, plus its page / paragraph / line in the file.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from keiyaku_lint.analyze import nlp
from keiyaku_lint.analyze.library import ClauseSpec, Element, Library, Pattern, load_library
from keiyaku_lint.config import Config
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.model import (
    ClauseLocation,
    ClauseResult,
    Contract,
    ElementResult,
    FileResult,
    Finding,
    Node,
)

_library_cache: dict = {}


def get_library(config: Config) -> Library:
    key = tuple(config.clause_dirs)
    if key not in _library_cache:
        _library_cache[key] = load_library(config.clause_dirs)
    return _library_cache[key]


def warm_up(config: Config) -> None:
    get_library(config)
    nlp.normalize_text("乙は、甲の書面による事前の承諾なく再委託してはならない。")
    nlp.get_parser()


# --- the document as units and sentences ---------------------------------------------

_TITLE_LINE = re.compile(r"^[（(【\[〔][^）)】\]〕]*[）)】\]〕]$")
_SENT_END = re.compile(r"(?<=。)(?![」』）)])")
_ARTICLE_NO = re.compile(r"^第\s*([0-9０-９一二三四五六七八九十百〇]+)\s*条(?:\s*の\s*([0-9０-９一二三四五六七八九十]+))?")


@dataclass
class Sentence:
    text: str
    start: int  # offset in LoadedDocument.text
    end: int
    node: Node  # the deepest node it stands in
    path: tuple  # (article, paragraph, item) nodes
    unit: "Unit" = None  # type: ignore[assignment]
    lead: Optional[str] = None  # for an item (号): the sentence that introduces the list (柱書)
    _norm: Optional[nlp.Normalized] = None
    _ctx: Optional[nlp.Normalized] = None
    _definition: Optional[bool] = None

    @property
    def norm(self) -> nlp.Normalized:
        if self._norm is None:
            self._norm = nlp.normalize_text(self.text)
        return self._norm

    @property
    def is_definition(self) -> bool:
        if self._definition is None:
            self._definition = bool(_DEFINITION.search(self.norm.surface))
        return self._definition

    @property
    def context(self) -> Optional[nlp.Normalized]:
        """An item read together with its 柱書, as legal Japanese reads it."""
        if self.lead is None:
            return None
        if self._ctx is None:
            self._ctx = nlp.normalize_text(self.lead + self.text)
        return self._ctx


@dataclass
class Unit:
    """An article (the unit of evidence), or a stretch of text outside articles."""

    node: Optional[Node]
    annex: Optional[Node]
    heading: str
    number: Optional[str]
    sentences: list = field(default_factory=list)
    index: int = 0

    def text_norm(self) -> str:
        return nlp.nfkc(self.heading)


def _split_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _SENT_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.start()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _own_text_offset(doc_text: str, node: Node) -> int:
    if not node.text:
        return node.start
    i = doc_text.find(node.text, node.start, max(node.end, node.start + len(node.text)) + 1)
    if i < 0:
        i = doc_text.find(node.text, node.start)
    return i if i >= 0 else node.start


_WHOLE_AGREEMENT = re.compile(r"本(契約|誓約書?|覚書|合意書?|特記事項|規約|約款|書)(に基づく|上の|の)"
                              r"[^、。]{0,8}?(義務|規定|定め|条項|各項目|項目|各項|事項)")
_DEFINITION = re.compile(r"^[^。]{0,40}?とは[、]?[^。]*(をいう|をいい|を指す|を意味する|のことである)(。|$)")
_LEAD_PROHIBITS = re.compile(r"(て|で)はならない|禁止|してはならず|行わない|しないこと|しないものとする")
_LIST_LEAD = re.compile(r"(次|左|下記|以下)の|次に|いずれか|各号|[:：]$")


def _collect(doc_text: str, node: Node, path: tuple, unit: Unit, lead: Optional[str] = None) -> None:
    if node.kind == "signature":
        return
    own = node.text or ""
    first = len(unit.sentences)
    if own.strip():
        base = _own_text_offset(doc_text, node)
        for line_start, line in _lines_with_offsets(own):
            if _TITLE_LINE.match(line.strip()):
                continue  # a bracketed caption such as （様式1：…） is a title, not a provision
            for a, b in _split_sentences(line):
                s = Sentence(text=line[a:b].strip(), start=base + line_start + a,
                             end=base + line_start + b, node=node, path=path + (node,), unit=unit,
                             lead=lead if node.kind == "item" else None)
                unit.sentences.append(s)
    own_sentences = unit.sentences[first:]
    child_lead = lead
    if own_sentences and _LIST_LEAD.search(nlp.nfkc(own_sentences[-1].text)):
        child_lead = own_sentences[-1].text
    for child in node.children:
        if child.kind == "article":
            continue  # articles are their own units
        _collect(doc_text, child, path + (node,), unit, child_lead if child.kind == "item" else None)


_CONTINUATION = re.compile(r"^[\u3041-\u3093ー]")  # a line starting in hiragana goes on from the last
_STARTS_UNIT = re.compile(r"^([0-9０-９]|[(（［\[【〔・●■◆※]|[①-⑳]|[一二三四五六七八九十]+[\s\u3000、.．]|[ア-ン][\s\u3000、.．)）]|第)")
_LINE_ENDS = ("。", "」", "）", ")", "：", ":")


def _lines_with_offsets(text: str):
    """Logical lines of a node's text: a line cut inside a sentence (a PDF
    table cell that wrapped: 「…漏らしてはなら」「ない。」) is joined again."""
    pos = 0
    cur_start, cur = None, None
    lines = text.split("\n")
    width = max((len(x.strip()) for x in lines), default=0)
    last = ""
    for line in lines:
        # the line ran to the edge of its column (a page or a narrow table cell)
        wrapped = len(last.strip()) >= min(12, max(8, int(width * 0.85)))
        if (cur is not None and cur and not cur.rstrip().endswith(_LINE_ENDS) and line.strip()
                and (_CONTINUATION.match(line.strip()) or wrapped)
                and not line.strip().startswith(("ただし", "但し")) and not _STARTS_UNIT.match(line.strip())):
            cur += line.strip()
        else:
            if cur is not None:
                yield cur_start, cur
            cur_start, cur = pos, line
        last = line
        pos += len(line) + 1
    if cur is not None:
        yield cur_start, cur


def build_units(contract: Contract) -> list[Unit]:
    doc_text = contract.document.text
    units: list[Unit] = []

    def add_article(node: Node, annex: Optional[Node]):
        u = Unit(node=node, annex=annex, heading=node.heading or "", number=node.number)
        _collect(doc_text, node, (), u)
        units.append(u)

    def add_loose(node: Node, annex: Optional[Node]):
        u = Unit(node=None, annex=annex, heading=node.heading or "", number=None)
        _collect(doc_text, node, (), u)
        if u.sentences:
            units.append(u)

    for top in contract.nodes:
        if top.kind == "article":
            add_article(top, None)
        elif top.kind == "annex":
            loose = Node(kind="text", label=None, number=None, heading=top.heading, text=top.text,
                         location=top.location, start=top.start, end=top.end,
                         children=tuple(c for c in top.children if c.kind != "article"))
            add_loose(loose, top)
            for c in top.children:
                if c.kind == "article":
                    add_article(c, top)
        elif top.kind in ("title", "signature"):
            continue
        else:
            add_loose(top, None)
    for i, u in enumerate(units):
        u.index = i
    return units


# --- where a sentence stands -----------------------------------------------------------


def _article_label(node: Node) -> str:
    label = nlp.nfkc(node.label or "")
    m = _ARTICLE_NO.match(label)
    if m and node.number:
        main, _, sub = node.number.partition("-")
        return f"第{main}条" + (f"の{sub}" if sub else "")
    return label or (f"第{node.number}" if node.number else "")


def ref_for(sentence: Sentence) -> str:
    parts = []
    unit = sentence.unit
    if unit.annex is not None:
        parts.append(nlp.nfkc(unit.annex.label or unit.annex.heading or "別紙"))
    for n in sentence.path:
        if n.kind == "article":
            parts.append(_article_label(n))
        elif n.kind == "paragraph" and n.number:
            parent = sentence.path[sentence.path.index(n) - 1] if sentence.path.index(n) else None
            siblings = [c for c in parent.children if c.kind == "paragraph"] if parent is not None else []
            if len(siblings) > 1 or n.number != "1":
                parts.append(f"第{n.number}項")
        elif n.kind == "item" and n.number:
            parts.append(f"第{n.number}号" if _is_article_style(sentence) else f"({n.number})")
    if not parts:
        return "前文" if sentence.node.kind == "preamble" else "本文"
    ref = parts[0]
    for p in parts[1:]:
        ref += p if p.startswith("第") or p.startswith("(") else " " + p
    return ref


def _is_article_style(sentence: Sentence) -> bool:
    for n in sentence.path:
        if n.kind == "article":
            return bool(_ARTICLE_NO.match(nlp.nfkc(n.label or "")))
    return False


class _Locator:
    def __init__(self, contract: Contract):
        self.contract = contract
        self._refs: dict[int, str] = {}
        self.blocks = contract.document.blocks
        self.offsets = contract.document.offsets

    def block_index(self, offset: int) -> int:
        i = bisect.bisect_right(self.offsets, offset) - 1
        return max(0, min(i, len(self.blocks) - 1))

    def ref(self, sentence: Sentence) -> str:
        """「第9条第2項」, 「別記 第6(1)」: named by the structure stage."""
        key = id(sentence.node)
        if key not in self._refs:
            from keiyaku_lint.structure import article_ref

            try:
                self._refs[key] = article_ref(self.contract, sentence.node)
            except Exception:  # noqa: BLE001 - a name is never worth a crash
                self._refs[key] = ref_for(sentence)
        return self._refs[key]

    def location(self, sentence: Sentence) -> ClauseLocation:
        bi = self.block_index(sentence.start)
        loc = self.blocks[bi].location if self.blocks else None
        return ClauseLocation(ref=self.ref(sentence), page=loc.page if loc else None,
                              paragraph=loc.paragraph if loc else None, line=loc.line if loc else None)


# --- matching ----------------------------------------------------------------------------


@dataclass
class Match:
    sentence: Sentence
    key_span: Optional[tuple[int, int]] = None


_TERMS_CACHE: dict = {}


def _normalized_terms(p: Pattern):
    """The pattern's terms with their normalized forms, computed once per pattern."""
    got = _TERMS_CACHE.get(id(p))
    if got is None or got[0] is not p:
        def norm(t):
            ts, tn = nlp.normalize_term(t)
            return (t, ts, tn)
        got = (p, [norm(t) for t in p.none], [[norm(t) for t in g] for g in p.all])
        _TERMS_CACHE[id(p)] = got
    return got[1], got[2]


class Matcher:
    def __init__(self, contract: Contract, units: list[Unit], aliases: dict):
        self.contract = contract
        self.units = units
        self.aliases = aliases  # alias -> role
        self.alias_list = sorted(aliases, key=len, reverse=True)
        self.bearing: dict[str, set[int]] = {}  # clause id -> unit indexes bearing it
        self.clause_terms: dict[str, tuple[str, ...]] = {}
        self.refs_by_unit: dict[int, list] = {}
        self._unit_by_article: dict[str, int] = {}
        self._ref_index: Optional[tuple[list, list]] = None  # (starts, references) by start
        self._terms_memo: dict = {}  # (pattern, id(sentence)) -> terms_match's answer
        for u in units:
            if u.node is not None and u.number and u.annex is None:
                self._unit_by_article.setdefault(u.number, u.index)
        self._articles_are_jo = any(u.node is not None and "条" in (u.node.label or "") for u in units)

    def terms_match(self, p: Pattern, s: Sentence) -> Optional[list]:
        """Term groups only: cheap, no parse. An item (号) that does not match
        alone is read with its 柱書. Asked again and again (pre-parse, anchors,
        elements): answered once per pattern and sentence."""
        key = (p, id(s))  # the sentences live as long as this Matcher
        if key in self._terms_memo:
            return self._terms_memo[key]
        if s.is_definition and not p.definitions:
            self._terms_memo[key] = None  # 「『再委託』とは…をいう。」 defines a word; it binds no one
            return None
        spans = self._terms_match(p, s.norm)
        if spans is None and s.lead is not None:
            spans = self._terms_match(p, s.context)
        self._terms_memo[key] = spans
        return spans

    def reading(self, p: Pattern, s: Sentence) -> nlp.Normalized:
        if s.lead is not None and self._terms_match(p, s.norm) is None:
            return s.context
        return s.norm

    def _terms_match(self, p: Pattern, n: nlp.Normalized) -> Optional[list]:
        if not n.has_predicate:
            return None
        none, groups = _normalized_terms(p)
        surface, norm = n.surface, n.norm
        for t, ts, tn in none:  # a plain substring test first; find_term only to confirm
            if ((ts and ts in surface) or (tn and tn in norm)) and nlp.find_term(n, t):
                return None
        spans = []
        for group in groups:
            found = None
            for t, ts, tn in group:
                if (ts and ts in surface) or (tn and tn in norm):
                    found = nlp.find_term(n, t)
                    if found:
                        break
            if not found:
                return None
            spans.append(found)
        if p.compiled is not None and not p.compiled.search(surface):
            return None
        return spans

    def needs_parse(self, p: Pattern) -> bool:
        return bool(p.modality or p.party or p.object)

    def key_spans(self, p: Pattern, s: Sentence) -> list[tuple[int, int]]:
        """Every place a term of the key group stands (a later one may pass)."""
        out = []
        reading = self.reading(p, s)
        surface = reading.surface
        for t in p.all[p.key]:
            ts, tn = nlp.normalize_term(t)
            start = 0
            while ts:
                i = surface.find(ts, start)
                if i < 0:
                    break
                out.append((i, i + len(ts)))
                start = i + 1
            sp = nlp.find_term(reading, t)
            if sp and sp not in out:
                out.append(sp)
        return sorted(set(out))

    def quick_passes(self, p: Pattern, s: Sentence) -> bool:
        """The sentence passes on a place of the key term read without the parse."""
        reading = self.reading(p, s)
        for a, b in self.key_spans(p, s):
            info = nlp.quick_predicate_info(reading.surface, a, b, self.alias_list,
                                            need_subject=p.party is not None, need_object=bool(p.object))
            if info is not None and self._accepts(p, s, reading, (a, b), info):
                return True
        return False

    def decided_without_parse(self, p: Pattern, s: Sentence) -> bool:
        """True when the sentence passes on a place of the key term that can be
        read without the parse, or when every such place can."""
        reading = self.reading(p, s)
        spans = self.key_spans(p, s)
        infos = [nlp.quick_predicate_info(reading.surface, a, b, self.alias_list,
                                          need_subject=p.party is not None, need_object=bool(p.object)) for a, b in spans]
        if any(i is not None and self._accepts(p, s, reading, span, i) for span, i in zip(spans, infos)):
            return True
        return all(i is not None for i in infos)

    def check_parse(self, p: Pattern, s: Sentence) -> Optional[tuple[int, int]]:
        """The first place of the key term whose predicate has the modality and
        bearer the pattern asks for. Places readable without the parse are
        tried first; the parse is run only when they do not settle it."""
        reading = self.reading(p, s)
        spans = self.key_spans(p, s)
        need_subject = p.party is not None
        quick = [nlp.quick_predicate_info(reading.surface, a, b, self.alias_list, need_subject=need_subject,
                                          need_object=bool(p.object))
                 for a, b in spans]
        for span, info in zip(spans, quick):
            if info is not None and self._accepts(p, s, reading, span, info):
                return span
        for span, info in zip(spans, quick):
            if info is None:
                info = nlp.predicate_info(reading.surface, span[0], span[1], self.alias_list)
                if self._accepts(p, s, reading, span, info):
                    return span
        return None

    def _accepts(self, p: Pattern, s: Sentence, reading, span, info) -> bool:
        return self.rejection(p, s, reading, span, info) is None

    def rejection(self, p: Pattern, s: Sentence, reading, span, info) -> Optional[tuple[str, str]]:
        """Why the predicate at ``span`` does not satisfy ``p`` (a reason id and
        what was read), or None when it does. ``_accepts`` and ``explain`` both
        use it: one decision, and the reason for it."""
        lead_len = len(reading.surface) - len(s.norm.surface) if reading is not s.norm else 0
        if (s.lead is not None and span[0] >= lead_len and info.modality == "stated"
                and _LEAD_PROHIBITS.search(nlp.nfkc(s.lead))):
            # 「次に掲げる行為をしてはならない。(1) 第三者に開示すること」
            info = nlp.PredicateInfo("prohibited", info.tail, info.subject, info.causative, info.token_index)
        if p.modality:
            allowed = set(p.modality)
            if "obliged" in allowed:
                allowed.add("stated")
            if info.modality not in allowed:
                return ("modality", str(info.modality))
        # 「業務端末及び入館証を返却する」: what is returned is written, and it is not data
        if p.object and info.obj is not None and not any(nlp.find_term(nlp.normalize_text(info.obj), t)
                                                        for t in p.object):
            return ("object", str(info.obj))
        if p.party in ("contractor", "client") and info.subject:
            role = self._role_of(info.subject)
            # 「甲は、乙に…を講じさせる」 puts the duty on 乙; 「利用させてはならない」 does not
            causing_other = info.causative and info.modality != "prohibited"
            if role and role != p.party and role != "both" and not causing_other:
                return ("party", f"{info.subject} ({role})")
        return None

    def _role_of(self, subject: str) -> Optional[str]:
        found = [a for a in self.alias_list if a in subject]
        # the longest name wins: 開示当事者 is the client, not 当事者 (both)
        found = [a for a in found if not any(a != b and a in b for b in found)]
        roles = set()
        for alias in found:
            r = self.aliases.get(alias)
            if r:
                roles.add(r)
        if len(roles) > 1 or "both" in roles:
            return "both"
        return roles.pop() if roles else None

    def in_clause(self, clause_id: str, s: Sentence) -> bool:
        units = self.bearing.get(clause_id, set())
        if s.unit.index in units:
            return True
        for t in self.clause_terms.get(clause_id, ()):
            if nlp.find_term(s.norm, t):
                return True
        for target in self._referenced_units(s):
            if target in units:
                return True
        # 「本誓約書に基づく義務は、…終了した後も存続する」: every duty of the document survives
        if units and _WHOLE_AGREEMENT.search(s.norm.surface):
            return True
        return False

    def _refs_in(self, start: int, end: int) -> list:
        """The cross references starting in [start, end), by bisection (not a
        scan of every reference for every sentence)."""
        if self._ref_index is None:
            refs = sorted(self.contract.references, key=lambda r: r.start)
            self._ref_index = ([r.start for r in refs], refs)
        starts, refs = self._ref_index
        return refs[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def _referenced_units(self, s: Sentence) -> list[int]:
        out = []
        for ref in self._refs_in(s.start, s.end + 1):
            if s.start <= ref.start < s.end + 1:
                for tgt in ref.targets:
                    if tgt and tgt[0] in self._unit_by_article:
                        out.append(self._unit_by_article[tgt[0]])
        if "本条" in s.text or "この条" in s.text:
            out.append(s.unit.index)
        if not out or not self._articles_are_jo:  # fall back to the numbers written in the sentence
            from keiyaku_lint.structure.numerals import parse_number

            text = nlp.nfkc(s.text)
            if not self._articles_are_jo:
                # 「1. 2. 3.」 sections are cited as 第N項 in pledges and short agreements,
                # and as 条項N, N.M or 第N.M条 in translated ones (「条項3及び条項8」「3.1及び3.2」)
                text = re.sub(r"第([0-9一二三四五六七八九十百]+)項", r"第\1条", text)
                text = re.sub(r"条項([0-9]{1,3})(?:\.[0-9]{1,3})*", r"第\1条", text)
                text = re.sub(r"第([0-9]{1,3})\.[0-9]{1,3}(?:\.[0-9]{1,3})*条", r"第\1条", text)
                text = re.sub(r"(?<![0-9.第])([0-9]{1,2})\.[0-9]{1,2}(?![0-9.%％倍])", r"第\1条", text)
                # 特記事項 style: 「第2の規定」「第2から第5まで」 cite 第2, 第5 (not 第三者)
                text = re.sub(r"第([0-9一二三四五六七八九十百]+)(?![0-9一二三四五六七八九十百条項号章節者回次期])",
                              r"第\1条", text)
            for m in re.finditer(r"第([0-9一二三四五六七八九十百]+)条(?:の([0-9一二三四五六七八九十]+))?"
                                 r"(?:(?:から|乃至|ないし|~|〜|－|-)第([0-9一二三四五六七八九十百]+)条)?", text):
                a = parse_number(m.group(1))
                if a is None:
                    continue
                if m.group(2):
                    b = parse_number(m.group(2))
                    key = f"{a}-{b}"
                    if key in self._unit_by_article:
                        out.append(self._unit_by_article[key])
                    continue
                last = parse_number(m.group(3)) if m.group(3) else a
                for k in range(a, (last or a) + 1):
                    if str(k) in self._unit_by_article:
                        out.append(self._unit_by_article[str(k)])
        return out


def _eval_pattern(m: Matcher, p: Pattern, unit: Unit) -> Optional[Match]:
    if p.scope == "sentence":
        for s in unit.sentences:
            spans = m.terms_match(p, s)
            if spans is None:
                continue
            if p.in_clause and not m.in_clause(p.in_clause, s):
                continue
            if m.needs_parse(p):
                key = m.check_parse(p, s)
                if key is None:
                    continue
                return Match(s, key)
            return Match(s, spans[p.key] if p.key is not None else (spans[0] if spans else None))
        return None
    # article / paragraph scope: groups may stand in different sentences of the unit;
    # the key group's sentence decides modality and is the evidence.
    groups_ok = []
    key_sentence = None
    for gi, group in enumerate(p.all):
        sub = Pattern(all=(group,), none=p.none, key=0 if p.modality else None,
                      modality=p.modality if gi == (p.key or 0) else (),
                      party=p.party if gi == (p.key or 0) else None)
        hit = None
        for s in unit.sentences:
            if m.terms_match(sub, s) is None:
                continue
            if gi == (p.key or 0) and p.in_clause and not m.in_clause(p.in_clause, s):
                continue
            if m.needs_parse(sub) and m.check_parse(sub, s) is None:
                continue
            hit = s
            break
        if hit is None:
            return None
        groups_ok.append(hit)
        if gi == (p.key or 0):
            key_sentence = hit
    if p.compiled is not None:
        if not any(p.compiled.search(s.norm.surface) for s in unit.sentences):
            return None
    return Match(key_sentence or groups_ok[0]) if groups_ok else None


def _key_pattern(p: Pattern) -> Pattern:
    """The key group of an article-scope pattern, as _eval_pattern checks it."""
    return Pattern(all=(p.all[p.key or 0],), none=p.none, key=0 if p.modality else None,
                   modality=p.modality, party=p.party)


def _eval_element(m: Matcher, el: Element, unit: Unit) -> Optional[Match]:
    for p in el.patterns:
        hit = _eval_pattern(m, p, unit)
        if hit is not None:
            return hit
    return None


# --- the pre-parse: only what can matter -------------------------------------------------


def _candidates(m: Matcher, elements, units) -> list[str]:
    """The sentences the evaluation of ``elements`` over ``units`` will need
    parsed, in the order it would ask: for each unit and element, pattern by
    pattern, the first sentence whose terms match. A pattern that passes
    without the parse ends the element for that unit (the later patterns are
    never tried), so nothing after it is parsed."""
    todo = []
    for u in units:
        for el in elements:
            for p in el.patterns:
                q = p if p.scope == "sentence" else _key_pattern(p)
                if p.scope != "sentence" and not _other_groups_in_unit(m, p, u):
                    continue
                settled = False
                for s in u.sentences:
                    if m.terms_match(q, s) is None:
                        continue
                    if not m.needs_parse(p):
                        settled = True
                    elif m.decided_without_parse(q, s):
                        settled = m.quick_passes(q, s)
                        if not settled:
                            continue  # this one fails without the parse: the next may pass
                    else:
                        todo.append(m.reading(q, s).surface)
                    break
                if settled:
                    break
    return todo


def _other_groups_in_unit(m: Matcher, p: Pattern, u: "Unit") -> bool:
    """An article-scope pattern needs its other term groups somewhere in the
    article before its key sentence is worth parsing."""
    key = p.key or 0
    for gi, group in enumerate(p.all):
        if gi == key:
            continue
        sub = Pattern(all=(group,), none=p.none)
        if not any(m.terms_match(sub, s) is not None for s in u.sentences):
            return False
    return True


def _prefetch(m: Matcher, specs: list[ClauseSpec]) -> None:
    """Phase 1, one parser batch: what the anchors, tried on every article, ask."""
    todo = []
    for spec in specs:
        anchors = [spec.element(a) for a in spec.anchors]
        units = [u for u in m.units if not _heading_excluded(spec, u)]
        todo += _candidates(m, anchors, units)
    if todo:
        nlp.parse_many(todo)


# --- the verdict -------------------------------------------------------------------------


def _heading_excluded(spec: ClauseSpec, unit: Unit) -> bool:
    h = unit.text_norm()
    return bool(h) and any(nlp.nfkc(x) in h for x in spec.exclude_headings)


def _heading_matches(spec: ClauseSpec, unit: Unit) -> bool:
    h = unit.text_norm()
    if not h:
        return False
    if any(nlp.nfkc(x) in h for x in spec.exclude_headings):
        return False
    return any(nlp.nfkc(x) in h for x in spec.headings)


def _find_bearing(m: Matcher, spec: ClauseSpec) -> list:
    """The articles that bear the clause: one of its anchors holds there."""
    anchors = [spec.element(a) for a in spec.anchors]
    bearing: list[tuple[Unit, Match]] = []
    for u in m.units:
        if _heading_excluded(spec, u):
            continue
        for a in anchors:
            hit = _eval_element(m, a, u)
            if hit is not None:
                bearing.append((u, hit))
                break
    m.bearing[spec.id] = {u.index for u, _ in bearing}
    return bearing


def _search_units(m: Matcher, spec: ClauseSpec, bearing: list) -> list:
    """Where the other elements may be: the bearing articles, then those whose heading names the clause."""
    units = [u for u, _ in bearing]
    return units + [u for u in m.units if u.index not in m.bearing[spec.id] and _heading_matches(spec, u)]


def _evaluate_clause(m: Matcher, spec: ClauseSpec, locator: _Locator, config: Config,
                     bearing: Optional[list] = None) -> ClauseResult:
    if bearing is None:
        bearing = _find_bearing(m, spec)
    variant = config.variant
    sugg = spec.suggestion(variant)
    if not bearing:
        elements = tuple(ElementResult(e.id, False, e.message.ja, e.message.en) for e in spec.reported_elements)
        return ClauseResult(id=spec.id, title_ja=spec.title.ja, title_en=spec.title.en, status="missing",
                            severity=spec.severity, location=None, evidence=None, elements=elements,
                            suggestion_ja=sugg.ja if sugg else None, suggestion_en=sugg.en if sugg else None)
    search_units = _search_units(m, spec, bearing)
    # the best article: most elements, then a matching heading, then the first
    scored = []
    el_hits_by_unit = {}
    for u in search_units:
        hits = {}
        for e in spec.elements:
            h = _eval_element(m, e, u)
            if h is not None:
                hits[e.id] = h
        el_hits_by_unit[u.index] = hits
        is_bearing = u.index in m.bearing[spec.id]
        scored.append((-int(is_bearing), -len(hits), -int(_heading_matches(spec, u)), u.index, u))
    scored.sort(key=lambda x: x[:4])
    best = scored[0][4]
    results = []
    for e in spec.reported_elements:
        hit = el_hits_by_unit[best.index].get(e.id)
        if hit is None:
            for *_, u in scored:
                hit = el_hits_by_unit[u.index].get(e.id)
                if hit is not None:
                    break
        if hit is None and e.anywhere:
            searched = {u.index for u in search_units}
            hit = next((h for h in (_eval_element(m, e, u) for u in m.units if u.index not in searched)
                        if h is not None), None)
        if hit is not None:
            where = locator.ref(hit.sentence)
            results.append(ElementResult(e.id, True, f"{e.name.ja}: {where}", f"{e.name.en}: {where}",
                                         evidence=hit.sentence.text))
        else:
            results.append(ElementResult(e.id, False, e.message.ja, e.message.en))
    results = _moot(m, spec, locator, bearing, results)
    anchor_hit = None
    for u, hit in bearing:
        if u is best:
            anchor_hit = hit
    if anchor_hit is None:
        anchor_hit = bearing[0][1]
    status = "present" if all(r.ok for r in results) else "weak"
    s = anchor_hit.sentence
    return ClauseResult(
        id=spec.id, title_ja=spec.title.ja, title_en=spec.title.en, status=status,
        severity=spec.severity, location=locator.location(s), evidence=s.text,
        elements=tuple(results),
        suggestion_ja=(sugg.ja if sugg and status != "present" else None),
        suggestion_en=(sugg.en if sugg and status != "present" else None),
        span=(s.start, s.end), block_index=locator.block_index(s.start),
    )


def _moot(m: Matcher, spec: ClauseSpec, locator: "_Locator", bearing: list, results: list) -> list:
    """Elements that cannot apply, by the clause's ``moot`` conditions: they
    hold (not applicable, with the reason and where) instead of lacking."""
    if not spec.moot or all(r.ok for r in results):
        return results
    for moot in spec.moot:
        where = None
        for u, _ in bearing:
            if moot.unless and any(nlp.find_term(s.norm, t) for s in u.sentences for t in moot.unless):
                continue  # an exception in the article: not a total condition
            hit = next((h for h in (_eval_pattern(m, p, u) for p in moot.patterns) if h is not None), None)
            if hit is not None:
                where = locator.ref(hit.sentence)
                break
        if where is None:
            continue
        out = []
        for r in results:
            if r.ok or r.id not in moot.elements:
                out.append(r)
                continue
            el = spec.element(r.id)
            out.append(ElementResult(r.id, True, f"{el.name.ja}: 該当なし（{moot.name.ja}: {where}）",
                                     f"{el.name.en}: not applicable ({moot.name.en}: {where})",
                                     not_applicable=(moot.reason.ja, moot.reason.en)))
        results = out
    return results


def _order(specs: list[ClauseSpec]) -> list[ClauseSpec]:
    """Clauses another clause's patterns refer to (in_clause) are evaluated first."""
    ids = {s.id for s in specs}
    deps = {s.id: {p.in_clause for e in s.elements for p in e.patterns if p.in_clause in ids} for s in specs}
    done, out = set(), []
    while len(out) < len(specs):
        progressed = False
        for s in specs:
            if s.id not in done and deps[s.id] <= done:
                out.append(s)
                done.add(s.id)
                progressed = True
        if not progressed:  # a cycle: keep the written order for the rest
            out += [s for s in specs if s.id not in done]
            break
    return out


_JA_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _party_aliases(contract: Contract, library: Library) -> dict:
    aliases = dict(library.parties.roles)
    for p in contract.parties:
        if p.alias and p.role:
            aliases[p.alias] = p.role
    # 「当社」「貴社」 are whoever wrote or received the document: the other side of
    # the role-named party the document also uses (当社 and 受注者: 当社 is the client)
    text = contract.document.text
    roles_used = {aliases[a] for a in library.parties.role_named() if len(a) > 1 and a in text}
    present = [a for a in library.parties.ambiguous if a in text and a not in aliases]
    if len(present) == 1 and len(roles_used) == 1:  # with both 当社 and 貴社, neither can be told
        aliases[present[0]] = "client" if next(iter(roles_used)) == "contractor" else "contractor"
    elif len(present) >= 2:
        # the one who entrusts the work is the client; the one who provides the service the contractor
        # 「株式会社A（以下「当社」という。）は」 reads 「当社は」
        head = re.sub(r"[^、。()]{0,40}\(以下、?「([^」]{1,10})」という。?\)", r"\1", nlp.nfkc(text[:3000]))
        for x, y, role_x in _ROLE_SENTENCES(present):
            if x not in aliases and y not in aliases and role_x.search(head):
                aliases[x] = role_x.role
                aliases[y] = "contractor" if role_x.role == "client" else "client"
                break
    return aliases


class _RoleRe:
    def __init__(self, pattern: str, role: str):
        self.re = re.compile(pattern)
        self.role = role

    def search(self, text: str):
        return self.re.search(text)


def _ROLE_SENTENCES(present):
    """(x, y, test): the sentence that tells x's role. 「当社は、貴社に対し、…サービスを提供する」
    makes 当社 the contractor; 「当社は、貴社に…を委託し」 makes 当社 the client."""
    for x in present:
        for y in present:
            if x == y:
                continue
            yield x, y, _RoleRe(rf"{x}(は|が)、?[^。]{{0,40}}?{y}に(対し)?、?[^。]{{0,80}}?(委託し|委託する|委託します)", "client")
            yield x, y, _RoleRe(rf"{x}(は|が)、?[^。]{{0,40}}?{y}に(対し)?、?[^。]{{0,80}}?(サービス|役務|業務)を(提供|行う|実施)", "contractor")
            yield x, y, _RoleRe(rf"{x}(は|が)、?[^。]{{0,40}}?{y}から[^。]{{0,60}}?(受託|請け負)", "contractor")




def _party_names(contract: Contract) -> tuple[Optional[str], Optional[str]]:
    client = next((p.alias for p in contract.parties if p.role == "client" and p.alias), None)
    contractor = next((p.alias for p in contract.parties if p.role == "contractor" and p.alias), None)
    return client, contractor


def _in_contract_names(result: ClauseResult, contract: Contract) -> ClauseResult:
    """Recommended wording and messages use 甲 / 乙; say 発注者 / 受注者 (or
    whatever the contract calls its parties) when the contract does."""
    client, contractor = _party_names(contract)
    if not client or not contractor or (client, contractor) == ("甲", "乙") or len(client) + len(contractor) < 3:
        return result
    from dataclasses import replace

    def sub(text: Optional[str]) -> Optional[str]:
        if not text:
            return text
        text = "".join(client if ch == "甲" else contractor if ch == "乙" else ch for ch in text)
        # the messages' generic 委託者 / 受託者 too, when the contract names its parties otherwise
        if len(client) > 1:
            text = re.sub(r"(?<!再)委託者", client, text)
        if len(contractor) > 1:
            text = re.sub(r"(?<!再)受託者", contractor, text)
        return text

    elements = tuple(e if e.ok else replace(e, message_ja=sub(e.message_ja)) for e in result.elements)
    return replace(result, suggestion_ja=sub(result.suggestion_ja), elements=elements)


def analyze(contract: Contract, config: Config) -> FileResult:
    from keiyaku_lint.analyze.library import RegexTimeout

    try:
        return _analyze(contract, config)
    except RegexTimeout as exc:
        from keiyaku_lint.analyze.library import REGEX_SECONDS

        raise KeiyakuError("E309", clause_file=exc.clause_file, key=exc.key, path=contract.path,
                           seconds=int(REGEX_SECONDS)) from None
    finally:
        nlp.release()


def _prepare(contract: Contract, library: Library, specs: list[ClauseSpec]):
    """The matcher over the contract's units, the clauses to evaluate in order
    (those ``specs`` stand on included), and each one's bearing articles, with
    the parser run where it can matter. Shared by ``analyze`` and ``explain``."""
    units = build_units(contract)
    matcher = Matcher(contract, units, _party_aliases(contract, library))
    # a clause another one stands on (survival on confidentiality: in_clause) is
    # evaluated even when the profile leaves it out, and not reported
    evaluated = list(specs)
    needed = [p.in_clause for sp in specs for e in sp.elements for p in e.patterns if p.in_clause]
    for cid in needed:
        if cid not in {x.id for x in evaluated} and cid in library.clauses:
            evaluated.append(library.clauses[cid])
    for spec in evaluated:
        matcher.clause_terms[spec.id] = tuple(t for t in spec.headings if len(t) >= 3)
    # two parser batches: the anchors everywhere, then the other elements where the clause lives
    _prefetch(matcher, evaluated)
    ordered = _order(evaluated)
    bearing = {spec.id: _find_bearing(matcher, spec) for spec in ordered}
    todo = []
    for spec in ordered:
        if bearing[spec.id]:
            others = [e for e in spec.elements if e.id not in spec.anchors]
            todo += _candidates(matcher, others, _search_units(matcher, spec, bearing[spec.id]))
    if todo:
        nlp.parse_many(todo)
    return matcher, ordered, bearing


def _analyze(contract: Contract, config: Config) -> FileResult:
    library = get_library(config)
    specs = library.profile_clauses(config.profile, add=config.add_clauses,
                                    ignore=config.ignore_clauses, severities=config.severities)
    text = contract.document.text
    from keiyaku_lint.analyze import document_kind

    if document_kind.is_own_report(contract):  # keiyaku-lint's own output quotes every clause
        return FileResult(path=contract.path, format=contract.format, profile=config.profile,
                          title=contract.title, kind="not_contract",
                          notices=(document_kind.own_report_notice(),))
    ja, other = document_kind.japanese_share(text)
    if not document_kind.enough_japanese(ja, other):
        raise KeiyakuError("E308", path=contract.path)
    matcher, ordered, bearing = _prepare(contract, library, specs)
    locator = _Locator(contract)
    results = {}
    for spec in ordered:
        results[spec.id] = _evaluate_clause(matcher, spec, locator, config, bearing[spec.id])
    clauses = tuple(_in_contract_names(results[s.id], contract) for s in specs)
    findings = []
    for f in contract.findings:
        bi = next((i for i, b in enumerate(contract.document.blocks) if b.location == f.location), None)
        findings.append(Finding(code=f.code, severity="warning", message_ja=f.message_ja,
                                message_en=f.message_en,
                                location=ClauseLocation(ref="", page=f.location.page,
                                                        paragraph=f.location.paragraph, line=f.location.line),
                                related=(ClauseLocation(ref="", page=f.related.page, paragraph=f.related.paragraph,
                                                        line=f.related.line) if f.related else None),
                                block_index=bi))
    kind, notices = document_kind.judge(contract, config.profile, clauses, ja, other)
    return FileResult(path=contract.path, format=contract.format, profile=config.profile,
                      clauses=clauses, findings=tuple(findings), title=contract.title,
                      kind=kind, notices=notices)
