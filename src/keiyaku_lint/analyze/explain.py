"""Why the tool decided what it did about one clause: ``check --explain``.

    explain(contract, config, clause_id, lang) -> str

The same matcher the analysis uses (``engine._prepare``), asked again with
notes: the verdict; the articles that bear the clause (an anchor element holds
there) and those whose heading names it; then, element by element, every
article where some pattern's terms come together, with each pattern's result
on its best sentence — the terms it found, or the term group it lacks; the
predicate's modality, its bearer and its object as read (from the parse, or
read without it); and why a reading was refused (the modality, the bearer,
the object). Nothing here decides anything the analysis does not: the
refusal reasons are the engine's own (``Matcher.rejection``).
"""
from __future__ import annotations

from typing import Optional

from keiyaku_lint.analyze import nlp
from keiyaku_lint.analyze.library import REGEX_SECONDS, ClauseSpec, Element, Pattern, RegexTimeout
from keiyaku_lint.config import Config
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.model import Contract

MAX_TERMS = 6  # terms of a group shown
MAX_UNITS = 8  # candidate articles shown per element

WORDS = {
    "ja": {
        "head": "keiyaku-lint explain: {title} [{cid}] — {path}",
        "verdict": "判定: {status}{where}",
        "bearing": "この条項を担う条（アンカー要素が成り立つ条）: {units}",
        "headings": "見出しが条項名に合う条: {units}",
        "none": "なし",
        "element": "要素 {eid}（{name}）: {state}",
        "found": "あり — {where}",
        "lacking": "なし — {message}",
        "anchor": "（アンカー: この要素が成り立つ条がこの条項を担います）",
        "pattern": "  パターン{n}: {desc}",
        "sentence": "    {ref} 「{text}」",
        "terms_ok": "      語: {terms} ✓",
        "terms_lack": "      足りない語群 {k}: {terms}",
        "terms_none": "      除外語「{term}」があるため不一致",
        "no_candidate": "    （語の揃う文がありません。最も近い文: {ref} — 足りない語群 {k}: {terms}）",
        "no_terms_anywhere": "    （どの条にもこのパターンの語がそろう文はありません）",
        "reading": "      述語「{tail}」: {modality}、主体 {subject}、目的語 {obj}",
        "accepted": "      → 一致",
        "rejected": "      → 不一致（{why}）",
        "why_modality": "求める述語の種類は {want}、読み取れたのは {got}",
        "why_party": "義務を負うのが {got}（求める当事者: {want}）",
        "why_object": "目的語「{got}」が対象の語（{want}）ではない",
        "why_in_clause": "{clause} の条の中、またはそれを参照する文ではない",
        "why_definition": "定義の文（「…とは…をいう」）は義務を定めない",
        "unknown": "不明",
    },
    "en": {
        "head": "keiyaku-lint explain: {title} [{cid}] — {path}",
        "verdict": "Verdict: {status}{where}",
        "bearing": "Articles bearing the clause (an anchor element holds there): {units}",
        "headings": "Articles whose heading names the clause: {units}",
        "none": "none",
        "element": "Element {eid} ({name}): {state}",
        "found": "found — {where}",
        "lacking": "lacking — {message}",
        "anchor": "(anchor: an article where this element holds bears the clause)",
        "pattern": "  pattern {n}: {desc}",
        "sentence": "    {ref} \"{text}\"",
        "terms_ok": "      terms: {terms} ✓",
        "terms_lack": "      lacking term group {k}: {terms}",
        "terms_none": "      excluded term \"{term}\" present",
        "no_candidate": "    (no sentence has all the terms; nearest: {ref} — lacking group {k}: {terms})",
        "no_terms_anywhere": "    (no article has a sentence with this pattern's terms)",
        "reading": "      predicate \"{tail}\": {modality}, bearer {subject}, object {obj}",
        "accepted": "      -> matches",
        "rejected": "      -> does not match ({why})",
        "why_modality": "the pattern wants {want}, the predicate reads {got}",
        "why_party": "the duty is on {got} (wanted: {want})",
        "why_object": "the object \"{got}\" is not one of the pattern's ({want})",
        "why_in_clause": "not in, or referring to, the {clause} article",
        "why_definition": "a definition (…とは…をいう) binds no one",
        "unknown": "unknown",
    },
}


def _w(lang: str, key: str, **kw) -> str:
    return WORDS["en" if lang == "en" else "ja"][key].format(**kw)


def _short(text: str, n: int = 70) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _terms(group, n: int = MAX_TERMS) -> str:
    shown = " / ".join(group[:n])
    return shown + (" / …" if len(group) > n else "")


def _describe(p: Pattern) -> str:
    parts = []
    if p.all:
        parts.append(" + ".join("[" + _terms(g, 2) + "]" for g in p.all))
    if p.regex:
        parts.append(f"regex {p.regex}")
    if p.modality:
        parts.append("modality " + "|".join(p.modality))
    if p.party:
        parts.append(f"party {p.party}")
    if p.object:
        parts.append("object " + "/".join(p.object[:4]) + ("/…" if len(p.object) > 4 else ""))
    if p.scope != "sentence":
        parts.append(f"scope {p.scope}")
    if p.in_clause:
        parts.append(f"in_clause {p.in_clause}")
    return ", ".join(parts)


def explain(contract: Contract, config: Config, clause_id: str, lang: str = "ja") -> str:
    from keiyaku_lint.analyze import engine

    library = engine.get_library(config)
    if clause_id not in library.clauses:
        raise KeiyakuError("E409", clause=clause_id, known=", ".join(sorted(library.clauses)))
    spec: ClauseSpec = library.clauses[clause_id]
    try:
        specs = library.profile_clauses(config.profile, add=config.add_clauses,
                                        ignore=config.ignore_clauses, severities=config.severities)
        if clause_id not in {s.id for s in specs}:
            specs = list(specs) + [spec]
        matcher, ordered, bearing = engine._prepare(contract, library, specs)
        locator = engine._Locator(contract)
        result = engine._evaluate_clause(matcher, spec, locator, config, bearing[spec.id])
        lines = [_w(lang, "head", title=spec.title.get(lang), cid=spec.id, path=contract.path)]
        from keiyaku_lint.report.common import where as where_text, word

        where = f" {where_text(result.location, lang)}" if result.location else ""

        lines.append(_w(lang, "verdict", status=word(result.status, lang), where=where))
        bear = bearing[spec.id]
        lines.append(_w(lang, "bearing", units=", ".join(_unit_name(u) for u, _ in bear) or _w(lang, "none")))
        heads = [u for u in matcher.units if engine._heading_matches(spec, u)]
        lines.append(_w(lang, "headings", units=", ".join(_unit_name(u) for u in heads) or _w(lang, "none")))
        by_id = {e.id: e for e in result.elements}
        for el in spec.elements:
            lines.append("")
            res = by_id.get(el.id)
            if res is None:  # the hidden presence test (detect.patterns)
                state = ""
            elif res.ok:
                state = _w(lang, "found", where=res.message(lang).split(": ", 1)[-1])
            else:
                state = _w(lang, "lacking", message=_short(res.message(lang), 90))
            lines.append(_w(lang, "element", eid=el.id, name=el.name.get(lang), state=state).rstrip(": "))
            if el.id in spec.anchors:
                lines.append(_w(lang, "anchor"))
            lines.extend(_element_trace(matcher, el, lang))
        return "\n".join(lines) + "\n"
    except RegexTimeout as exc:
        raise KeiyakuError("E309", clause_file=exc.clause_file, key=exc.key, path=contract.path,
                           seconds=int(REGEX_SECONDS)) from None
    finally:
        nlp.release()


def _unit_name(u) -> str:
    from keiyaku_lint.analyze import engine

    if u.node is None:
        return "（条の外）"
    label = engine._article_label(u.node)
    if u.annex is not None:
        label = f"{nlp.nfkc(u.annex.label or '別紙')} {label}"
    return label + (f"（{u.heading}）" if u.heading else "")


def _group_hits(matcher, p: Pattern, s) -> tuple[int, Optional[int], Optional[str]]:
    """(groups found, first lacking group index, an excluded term present)."""
    from keiyaku_lint.analyze import engine

    n = s.norm if s.lead is None or matcher._terms_match(p, s.norm) is not None else s.context
    none, groups = engine._normalized_terms(p)
    for t, ts, tn in none:
        if ((ts and ts in n.surface) or (tn and tn in n.norm)) and nlp.find_term(n, t):
            return 0, None, t
    found, lacking = 0, None
    for i, group in enumerate(groups):
        if any(((ts and ts in n.surface) or (tn and tn in n.norm)) and nlp.find_term(n, t) for t, ts, tn in group):
            found += 1
        elif lacking is None:
            lacking = i
    return found, lacking, None


def _element_trace(matcher, el: Element, lang: str) -> list[str]:
    from keiyaku_lint.analyze import engine

    out: list[str] = []
    for n, p in enumerate(el.patterns, start=1):
        out.append(_w(lang, "pattern", n=n, desc=_describe(p)))
        shown = 0
        best = None  # (groups found, unit, sentence, lacking group) over sentences without all terms
        for u in matcher.units:
            for s in u.sentences:
                spans = matcher.terms_match(p, s)
                if spans is None:
                    if p.all:
                        found, lacking, _ = _group_hits(matcher, p, s)
                        if found and lacking is not None and (best is None or found > best[0]):
                            best = (found, u, s, lacking)
                    continue
                if shown >= MAX_UNITS:
                    continue
                shown += 1
                out.append(_w(lang, "sentence", ref=engine.ref_for(s), text=_short(s.text)))
                if p.all:
                    terms = [s.norm.surface[a:b] for a, b in spans if a is not None]
                    out.append(_w(lang, "terms_ok", terms=" / ".join(terms) or "-"))
                out.extend(_reading(matcher, p, s, lang))
        if shown == 0:
            if best is not None:
                _, u, s, k = best
                out.append(_w(lang, "no_candidate", ref=engine.ref_for(s), k=k + 1, terms=_terms(p.all[k])))
            else:
                out.append(_w(lang, "no_terms_anywhere"))
    return out


def _reading(matcher, p: Pattern, s, lang: str) -> list[str]:
    """The predicate as read at each place of the key term, and the verdict."""
    if s.is_definition:
        return [_w(lang, "rejected", why=_w(lang, "why_definition"))]
    if p.in_clause and not matcher.in_clause(p.in_clause, s):
        return [_w(lang, "rejected", why=_w(lang, "why_in_clause", clause=p.in_clause))]
    if not matcher.needs_parse(p):
        return [_w(lang, "accepted")]
    reading = matcher.reading(p, s)
    out = []
    for span in matcher.key_spans(p, s)[:3]:
        info = nlp.predicate_info(reading.surface, span[0], span[1], matcher.alias_list)
        out.append(_w(lang, "reading", tail=info.tail or "-", modality=info.modality,
                      subject=info.subject or _w(lang, "unknown"), obj=info.obj or "-"))
        why = matcher.rejection(p, s, reading, span, info)
        if why is None:
            out.append(_w(lang, "accepted"))
            return out
        kind, got = why
        want = {"modality": "|".join(p.modality), "party": p.party or "", "object": "/".join(p.object[:4])}[kind]
        out.append(_w(lang, "rejected", why=_w(lang, f"why_{kind}", want=want, got=got)))
    return out
