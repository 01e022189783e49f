"""Japanese language processing for the rules, built so that the expensive
part runs only where it can matter.

Two layers:

* ``Normalizer`` (SudachiPy alone, ~40,000 characters a second): every
  sentence is turned into a *surface* string (NFKC, no spaces) and a *norm*
  string (Sudachi's normalized form of each token, joined), so that spelling
  variants agree: 漏えい / 漏洩, および / 及び, き損 / 毀損. Terms in
  clause_library are normalized the same way, and a term matches a sentence
  when it stands in either string.
* ``Parser`` (GiNZA's dependency parse, ~2,400 characters a second without
  ``ner``): run only on sentences whose terms already matched a pattern that
  asks about modality or the bearer of the duty. ``predicate_info`` reads the
  parse around the matched predicate: is it an obligation (〜しなければならない,
  〜ものとする, plain 〜する), a prohibition (〜してはならない, 〜しない), a
  permission (〜することができる), or only a condition (〜する場合), and who
  is its subject (乙は / 受託者は / 甲及び乙は)?

Both are loaded lazily, once per process.
"""
from __future__ import annotations

import contextlib
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from keiyaku_lint.errors import KeiyakuError

_lock = threading.Lock()
_tokenizer = None
_nlp = None

# Sudachi refuses inputs over ~49,000 bytes; sentences are far shorter, but a
# "sentence" of a broken file may not be: cut it (the rest is unlikely to matter).
MAX_SENTENCE_CHARS = 4000

_COMMA_RE = re.compile(r"(?<=[^\x00-\x7f]),\s*|,\s*(?=[^\x00-\x7f])")
_SPACE_RE = re.compile(r"[\s\u3000]+")
_JA = r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f、。「」『』（）()・]"
_JA_SPACE_RE = re.compile(rf"(?<={_JA})[ ]+|[ ]+(?={_JA})")


def nfkc(text: str) -> str:
    """NFKC with the spaces Japanese does not use removed, and the Western
    comma of some drafting styles read as 、."""
    t = unicodedata.normalize("NFKC", text).replace("，", "、")
    # each step can make another apply again (a comma next to a removed space;
    # a combining mark meeting a new base once a space between them is gone):
    # run them to a fixed point, so nfkc(nfkc(s)) == nfkc(s). A pass that
    # changes something removes a comma or a space or composes characters, so
    # it ends; the bound is only a guard.
    for _ in range(16):
        u = _COMMA_RE.sub("、", t)
        u = _SPACE_RE.sub(" ", u)
        u = _JA_SPACE_RE.sub("", u)
        u = unicodedata.normalize("NFKC", u.strip()).replace("，", "、")
        if u == t:
            break
        t = u
    return t.strip()


def _get_tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                try:
                    from sudachipy import Dictionary, SplitMode

                    _tokenizer = (Dictionary(dict="core").create(SplitMode.C), )
                except Exception as exc:  # noqa: BLE001 - reported with a code
                    raise KeiyakuError("E306", reason=f"SudachiPy: {exc}") from None
    return _tokenizer[0]


@dataclass(frozen=True)
class Normalized:
    surface: str  # NFKC text without spaces
    norm: str  # normalized forms joined
    # for each character of norm, the surface offset of the token it came from
    norm_to_surface: tuple[int, ...]
    # a provision says something: it has a verb or an auxiliary. A caption, a
    # table header or a list of nouns (「列の順: 秘密保持 再委託 …」) does not.
    has_predicate: bool = True


# The title of a statute is a name, not a provision: 「損害賠償責任の制限…に関する法律」
# must not read as a liability clause. Such titles are masked (same length) before matching.
_STATUTE = re.compile(r"[^、。「」()\s]{2,60}?に関する法律|[^、。「」()\s]{1,30}?法(?:律)?施行(?:令|規則)"
                      r"|[一-龥]{2,20}法(?=\((?:明治|大正|昭和|平成|令和)[^)]{0,20}法律第)")


# 「原契約第18条（損害賠償）は変更しない」「第8条（再委訳）及び本条」: the heading cited
# after an article number names that article; it is not a provision about it.
_CITED_HEADING = re.compile(r"(?<=条)\(([^()]{1,20})\)|(?<=条の[0-9])\(([^()]{1,20})\)")


def _mask_statutes(s: str) -> str:
    s = _STATUTE.sub(lambda m: "〇" * len(m.group(0)), s)
    return _CITED_HEADING.sub(lambda m: "(" + "〇" * (len(m.group(0)) - 2) + ")", s)


@lru_cache(maxsize=20000)
def normalize_text(text: str) -> Normalized:
    surface = _mask_statutes(nfkc(text)[:MAX_SENTENCE_CHARS])
    if not surface:
        return Normalized("", "", (), False)
    tok = _get_tokenizer()
    norm_parts: list[str] = []
    mapping: list[int] = []
    try:
        morphemes = tok.tokenize(surface)
    except Exception:  # noqa: BLE001 - Sudachi limits: fall back to the surface
        return Normalized(surface, surface, tuple(range(len(surface))))
    has_pred = False
    for m in morphemes:
        if m.part_of_speech()[0] in ("動詞", "助動詞"):
            has_pred = True
        nf = m.normalized_form()
        # Sudachi normalizes some function words to kanji forms (する -> 為る);
        # keep them as written so terms like 「こと」「もの」 stay readable.
        if m.part_of_speech()[0] in ("助詞", "助動詞", "補助記号"):
            nf = m.surface()
        norm_parts.append(nf)
        mapping.extend([m.begin()] * len(nf))
    return Normalized(surface, "".join(norm_parts), tuple(mapping), has_pred)


@lru_cache(maxsize=4096)
def normalize_term(term: str) -> tuple[str, str]:
    """(surface, norm) of a term from the clause library."""
    n = normalize_text(term)
    return n.surface, n.norm


def find_term(sent: Normalized, term: str) -> Optional[tuple[int, int]]:
    """The surface span (start, end) where the term stands in the sentence, or None."""
    t_surface, t_norm = normalize_term(term)
    if t_surface:
        i = sent.surface.find(t_surface)
        if i >= 0:
            return i, i + len(t_surface)
    if t_norm and sent.norm != sent.surface:
        j = sent.norm.find(t_norm)
        if j >= 0:
            start = sent.norm_to_surface[j]
            end_idx = j + len(t_norm) - 1
            end = sent.norm_to_surface[end_idx] + 1
            # extend to the end of the last token's surface
            k = end_idx + 1
            nxt = sent.norm_to_surface[k] if k < len(sent.norm_to_surface) else len(sent.surface)
            return start, max(end, nxt)
    return None


# --- the dependency parse ---------------------------------------------------------


def get_parser():
    """GiNZA without the components the rules never read (named entities)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                try:
                    import spacy
                    from thinc.api import use_ops

                    # compound_splitter and bunsetu_recognizer only re-label
                    # (dep "nsubj_bunsetu" -> "nsubj"), which _dep undoes anyway.
                    # The encoder's matrix products run ~3x faster on NumPy's
                    # BLAS, held to one thread while parsing (see parse_many).
                    with use_ops("numpy", use_blis=not _one_blas_thread()):
                        _nlp = spacy.load("ja_ginza", exclude=_EXCLUDE)
                except Exception as exc:  # noqa: BLE001 - reported with a code
                    raise KeiyakuError("E306", reason=str(exc).splitlines()[0][:200]) from None
    return _nlp


# "strings": the vocabulary's 600,000 stored strings (0.6 s to load, ~60 MB);
# the model reads hashes, and each parsed sentence adds the strings it needs.
_EXCLUDE = ["ner", "compound_splitter", "bunsetu_recognizer", "strings"]
_blas = None  # threadpoolctl's controller, when installed


def _one_blas_thread() -> bool:
    """Can NumPy's BLAS be held to one thread while parsing? More threads only
    fight a batch's other workers for the cores (and a busy machine's cores
    make them spin)."""
    global _blas
    if _blas is None:
        try:
            from threadpoolctl import ThreadpoolController

            _blas = ThreadpoolController()
        except Exception:  # noqa: BLE001 - not installed: blis, one thread by design
            _blas = False
    return bool(_blas)


def _blas_limit():
    return _blas.limit(limits=1, user_api="blas") if _blas else contextlib.nullcontext()


_parse_cache: dict[str, object] = {}
_PARSE_CACHE_MAX = 5000


def parse_many(texts) -> None:
    """Parse the sentences not parsed yet, in one nlp.pipe batch."""
    todo = [t for t in dict.fromkeys(texts) if t and t not in _parse_cache]
    if not todo:
        return
    nlp = get_parser()
    if len(_parse_cache) + len(todo) > _PARSE_CACHE_MAX:
        _parse_cache.clear()  # memory stays flat across a batch
    with _blas_limit():
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=64)):
            _parse_cache[text] = doc


def parse(text: str):
    if text not in _parse_cache:
        parse_many([text])
    return _parse_cache[text]


def release() -> None:
    """Drop cached parses (between documents of a batch)."""
    _parse_cache.clear()
    normalize_text.cache_clear()


def _dep(tok) -> str:
    return tok.dep_.replace("_bunsetu", "")


# Modality read from the tokens that follow the predicate in its own phrase.
_PROHIBIT = re.compile(r"(て|で)は(なら|いけ|な)(ない|ず|ぬ)|ことが?(でき|出来)(ない|ず|ません)|べからず|禁(止|ず)")
_NEGATE = re.compile(r"(ない|ず|ぬ|ません|ないこと|ないもの|ないよう)")
_PERMIT = re.compile(r"ことが?(でき|出来)る?|ことも?(でき|出来)|得る|うる|差し支えない|妨げない|構わない|よい|ものではない")
_OBLIGE = re.compile(r"(なけれ|ね)ばならない|なければならず|ものとする|ものとし|こととする|こととし|べき|義務を負う|負う|を要する")
_DISJUNCTION = re.compile(r"又は|または|若しくは|もしくは|或いは|あるいは|ないし|・|/|、?又|乃至")
_CONDITION = re.compile(r"^(した?|する|される|された|しよう)?とき|場合|際")

_TAIL_LEMMAS = {"こと", "もの", "と", "する", "為る", "なる", "成る", "できる", "出来る", "得る", "ない",
                "無い", "ぬ", "ず", "べし", "いける", "よい", "良い", "差し支える", "妨げる", "構う", "負う",
                "要する", "ます", "いたす", "致す", "れる", "られる", "せる", "させる", "た", "ある", "有る", "いる", "居る",
                "の", "は", "も", "が", "て", "で", "ん", "とき", "時", "場合", "際"}


@dataclass(frozen=True)
class PredicateInfo:
    modality: str  # obliged | prohibited | permitted | conditional | stated
    tail: str  # the text that decided it
    subject: Optional[str]  # the party alias that bears it, if written
    causative: bool  # 〜させる: the subject makes another party do it
    token_index: int
    obj: Optional[str] = None  # the predicate's own を-object as written, when the parse finds one


def _tail(doc, tok) -> str:
    """Surface of the function words after the predicate, up to the phrase's end."""
    out = []
    for t in doc[tok.i + 1:]:
        if t.pos_ == "PUNCT" or t.text in ("、", "。"):
            out.append(t.text)
            break
        if (t.pos_ in ("AUX", "SCONJ", "ADP", "PART") or _dep(t) in ("aux", "mark", "fixed", "cop")
                or t.lemma_ in _TAIL_LEMMAS):
            out.append(t.text)
            if len(out) > 12:
                break
            continue
        break
    return "".join(out)


_MUST = re.compile(r"(なけれ|ね)ばなら(ない|ず)|なくてはなら(ない|ず)|ないといけない")
# A pledge's nominalized negation: 「第三者に開示することは一切いたしません」, 「委託することは
# 決してしない」: the action is the subject of a negated light verb, so it is forbidden.
_NOMINAL_NEGATION = re.compile(
    r"^[\u3041-\u3093]{0,4}?こと(?:は|を|も)、?"
    r"(?:一切|決して|絶対に|けっして|何ら|断じて|いかなる(?:場合|理由)(?:に|で)?も)?、?"
    r"(?:し|いたし|致し|行い|行わ|おこない|おこなわ)(?:ません|ない|ず)(?:ものとします|ものとする|こととします|こととする|ことを誓約します|ことを誓います)?[。」）)]")


def classify_tail(tail: str) -> str:
    core = tail.rstrip("、。")
    if _CONDITION.search(core):
        return "conditional"
    if _PROHIBIT.search(core):
        return "prohibited"
    if _MUST.search(core):
        return "obliged"
    if _PERMIT.search(core):
        if _NEGATE.search(core.split("でき")[-1] if "でき" in core else ""):
            return "prohibited"
        return "permitted"
    if _NEGATE.search(core):
        return "prohibited"
    if _OBLIGE.search(core):
        return "obliged"
    return "stated"


def _subject(doc, tok, aliases) -> Optional[str]:
    """The party alias written as the subject of tok's clause, following the
    head chain up to the sentence root (乙は、…し、…しなければならない)."""
    seen = set()
    cur = tok
    while cur is not None and cur.i not in seen:
        seen.add(cur.i)
        for child in cur.children:
            if _dep(child) in ("nsubj", "dislocated", "obl", "nmod") and child.i < cur.i:
                # 甲及び乙は / 受託者は: look at the child's own compounds and conjuncts
                span = doc[child.left_edge.i: child.i + 1].text
                for alias in aliases:
                    if span.endswith(alias) and _dep(child) in ("nsubj", "dislocated"):
                        return span
                    if (_dep(child) in ("obl", "nmod") and span.endswith(alias)
                            and child.i + 1 < len(doc) and doc[child.i + 1].text == "は"):
                        return span
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return None


_ITEM_LABEL = re.compile(r"^(?:[(（]?[0-9０-９一二三四五六七八九十]+[)）.．]?|[①-⑳]|[ア-ン][.．、]?)?\s*")


def _topic(sentence_surface: str, aliases) -> Optional[str]:
    """The sentence-initial topic 「乙は、」 is the subject of every predicate it
    governs, coordinated ones included."""
    rest = _ITEM_LABEL.sub("", sentence_surface, count=1)
    for alias in aliases:  # longest first
        if rest.startswith(alias) and rest[len(alias):len(alias) + 1] in ("は", "が"):
            return alias
    m = re.match(r"^([^、。はが]{1,12}?(?:及び|および|並びに|と))([^、。はが]{1,8})(?:は|が)", rest)
    if m and any(m.group(1).startswith(a) for a in aliases) and any(m.group(2).startswith(a) for a in aliases):
        return m.group(0)[:-1]
    return None


_QUICK_TAIL = re.compile(r"[\u3041-\u3093]{0,16}。[」）)]?$")


def quick_predicate_info(sentence_surface: str, start: int, end: int, aliases=(),
                         need_subject: bool = False, need_object: bool = False) -> Optional[PredicateInfo]:
    """The reading the parse would give, without the parse, where the sentence
    leaves no room for doubt: the predicate ends the sentence and only
    function words follow it (「…第三者に開示してはならない。」), and the bearer,
    when asked for, is the sentence-initial topic (「乙は、」). None when the
    structure matters (〜し、 joined to a later predicate, 〜する場合, a
    subject inside the sentence): then the dependency parse decides."""
    rest = sentence_surface[end:]
    if need_object or not _QUICK_TAIL.match(rest):
        return None
    tail = rest.rstrip("」）)")
    subject = _topic(sentence_surface, aliases) if aliases else None
    if need_subject and subject is None and any(a in sentence_surface for a in aliases):
        return None  # a party is named somewhere inside: let the parse say whose duty it is
    return PredicateInfo(classify_tail(tail), tail, subject, "させ" in tail or "せる" in tail, -1)


def _modality_at(doc, tok, sentence_surface: str) -> tuple[str, str]:
    """(tail, modality) of the predicate at ``tok``: its function words, or a
    pledge's nominalized negation after it (「…することは一切いたしません」)."""
    tail = _tail(doc, tok)
    modality = classify_tail(tail)
    if modality == "stated":
        m = _NOMINAL_NEGATION.match(sentence_surface[tok.idx + len(tok.text):])
        if m:
            return m.group(0), "prohibited"
    return tail, modality


def predicate_info(sentence_surface: str, start: int, end: int, aliases=()) -> PredicateInfo:
    """What the parse says about the predicate at surface span [start, end)."""
    doc = parse(sentence_surface)
    # the last token inside the span is the predicate's head word (再委託 -> 委託)
    tok = None
    for t in doc:
        if t.idx < end and t.idx + len(t.text) > start:
            # the content word, not an auxiliary the term happens to include (知ら|せ: 知らせ)
            if tok is None or t.pos_ not in ("AUX", "PART", "ADP", "SCONJ", "PUNCT"):
                tok = t
    if tok is None:
        return PredicateInfo("stated", "", None, False, -1)
    tail, modality = _modality_at(doc, tok, sentence_surface)
    # a noun that is the next predicate's argument (損害の「賠償」を請求する), not a predicate of its own
    argument = tok.pos_ in ("NOUN", "PROPN", "PRON") and _dep(tok) in ("obj", "nmod", "obl", "compound", "nsubj")
    cur = tok
    hops = 0
    # 〜し、〜しない: a continuative predicate takes the modality of the one it joins
    # only a predicate with no marker of its own (〜し、) takes its modality from the next
    while modality == "stated" and not tail.endswith("。") and hops < 4:
        head = cur.head
        if head.i == cur.i or head.i < cur.i:
            break
        if _dep(cur) not in ("advcl", "conj", "acl", "obl", "obj", "nmod", "compound"):
            break
        if re.search(r"(場合|とき|時|際)", doc[cur.i: head.i].text):
            break
        between = doc[cur.i + 1: head.i].text
        cur = head
        tail, modality = _modality_at(doc, cur, sentence_surface)
        hops += 1
        # 「開示し、又は漏えいしてはならない」: a disjunction sits inside the
        # negation; 「破棄し、第三者に漏えいしない」: a plain conjunction does
        # not, so the first predicate is an affirmative duty. A noun that is
        # the next predicate's argument (「損害の賠償を請求することができない」)
        # is inside the negation.
        disjoined = _DISJUNCTION.search(between) is not None and len(between) <= 20
        if modality == "prohibited" and not (argument and hops == 1) and not disjoined:
            modality = "obliged"
            break
    causative = bool(re.search(r"(さ|せ)(せ|る|ない|なけれ|た)", _tail(doc, tok))) or "させ" in tail
    subject = (_subject(doc, cur, aliases) or _topic(sentence_surface, aliases)) if aliases else None
    objs = [c for c in tok.children if _dep(c) == "obj" and c.i < tok.i]
    obj = "".join(doc[c.left_edge.i: c.i + 1].text for c in objs) or None
    return PredicateInfo(modality, tail, subject, causative, tok.i, obj)
