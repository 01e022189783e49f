"""SARIF 2.1.0 for code scanning (GitHub and others).

One rule per clause (ruleId = the clause id, stable) with the clause library's
words as descriptions and help (the regulation's words and the recommended
wording); one rule per structure finding code. A weak or missing clause is a
result at the clause's line (line 1 when missing), a present clause a result
of kind "pass"; a waived clause a result with an accepted external
suppression (its reason, approver and dates); a file that could not be analysed is a tool execution
notification carrying its error code.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from keiyaku_lint import __version__
from keiyaku_lint.model import ClauseLocation, ClauseResult, FileResult, Report
from keiyaku_lint.report.common import clause_order, error_message, ocr_mark, where, word

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A relative URI when the file is under the current folder (what code
    scanning wants), else an absolute file:// URI. The file name's bytes are
    percent-encoded as they are, so a name that is not UTF-8 still gives a
    valid URI that names the file exactly."""
    p = Path(os.path.abspath(path))  # not resolve(): a symlink loop must not stop the report
    try:
        rel = p.relative_to(Path(os.path.abspath(os.getcwd())))
        return quote(os.fsencode(PurePosixPath(*rel.parts).as_posix()))
    except ValueError:
        return "file://" + quote(os.fsencode(p.as_posix()))


def _start_line(loc: ClauseLocation | None) -> int:
    if loc is not None and loc.line and loc.line >= 1:
        return int(loc.line)
    return 1


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _rule_for_clause(cid: str, ja: str, en: str, lang: str, library) -> dict:
    title = en if lang == "en" else ja
    rule = {"id": cid, "name": "".join(w.capitalize() for w in cid.split("_")),
            "shortDescription": {"text": title}}
    spec = library.clauses.get(cid) if library is not None else None
    if spec is not None:
        desc = spec.description.get(lang) or spec.title.get(lang)
        sugg = spec.suggestion("standard")
        strict = spec.suggestions.get("strict")
        help_lines = []
        if spec.regulation:
            help_lines.append(("Regulation: " if lang == "en" else "規程: ") + spec.regulation)
        help_lines.append(("Elements: " if lang == "en" else "要素: ")
                          + ", ".join(e.name.get(lang) for e in spec.elements))
        if sugg:
            help_lines.append(f"{word('suggestion', lang)}: {sugg.get(lang)}")
        if strict:
            label = "Recommended wording (strict)" if lang == "en" else "推奨文言（厳格）"
            help_lines.append(f"{label}: {strict.get(lang)}")
        rule["fullDescription"] = {"text": desc}
        rule["help"] = {"text": "\n".join(help_lines),
                        "markdown": "\n\n".join(help_lines)}
        rule["defaultConfiguration"] = {"level": LEVEL.get(spec.severity, "warning")}
        rule["properties"] = {"tags": ["contract", "keiyaku-lint"], "title_ja": spec.title.ja,
                              "title_en": spec.title.en}
    else:
        rule["fullDescription"] = {"text": title}
        rule["help"] = {"text": title}
    return rule


def _clause_result(f: FileResult, c: ClauseResult, uri: str, index: int, lang: str) -> dict:
    loc_text = where(c.location, lang)
    if c.status == "present":
        msg = f"{c.title(lang)}: {word('present', lang)} {loc_text}".strip()
    elif c.status == "missing":
        msg = f"{c.title(lang)}: {word('missing', lang)} ({word('not_found', lang)})"
    else:
        lacking = "; ".join(e.message(lang) for e in c.elements if not e.ok)
        msg = f"{c.title(lang)}: {word('weak', lang)} {loc_text}".strip()
        if lacking:
            msg += f" — {word('lacking', lang)}: {lacking}"
    if c.ocr is not None:
        msg += f" {ocr_mark(c, lang)}"
    sugg = c.suggestion(lang)
    if sugg and c.status != "present":
        msg += f"\n{word('suggestion', lang)}: {sugg}"
    res = {
        "ruleId": c.id,
        "ruleIndex": index,
        "kind": "pass" if c.status == "present" else "fail",
        "level": "none" if c.status == "present" else LEVEL.get(c.severity, "warning"),
        "message": {"text": msg},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": _start_line(c.location)},
        }}],
        "partialFingerprints": {"keiyakuLintClause/v1": _fingerprint(uri, c.id)},
        "properties": {"status": c.status},
    }
    if c.ocr is not None:
        res["properties"]["ocr"] = c.ocr.to_dict()
    if c.location is not None and c.location.ref:
        res["locations"][0]["logicalLocations"] = [{"name": c.location.ref, "kind": "member"}]
    if c.waived:  # an accepted deviation: a suppressed result, as code scanning shows it
        w = c.waiver
        res["suppressions"] = [{"kind": "external", "status": "accepted",
                                "justification": f"{w.reason} ({w.approver}, {w.date}"
                                                 + (f", expires {w.expires}" if w.expires else "") + ")"}]
        res["properties"]["waiver"] = w.to_dict()
    return res


def render(report: Report, lang: str = "ja", color: bool = False, library=None) -> str:
    clauses = clause_order(report, library)
    rules = [_rule_for_clause(cid, ja, en, lang, library) for cid, ja, en in clauses]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results, notifications = [], []
    for f in report.files:
        uri = artifact_uri(f.path)
        if not f.ok:
            code = (f.error or {}).get("code", "")
            notifications.append({
                "level": "error",
                "message": {"text": f"[{code}] {error_message(f, lang)}"},
                "descriptor": {"id": code},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            })
            continue
        for n in f.notices:
            notifications.append({
                "level": "warning" if n.code.startswith("W1") else "note",
                "message": {"text": f"[{n.code}] {n.message(lang)}"},
                "descriptor": {"id": n.code},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            })
        if f.kind != "contract":
            continue
        for c in f.clauses:
            if c.id not in index:
                index[c.id] = len(rules)
                rules.append(_rule_for_clause(c.id, c.title_ja, c.title_en, lang, library))
            results.append(_clause_result(f, c, uri, index[c.id], lang))
        for x in f.findings:
            if x.code not in index:
                index[x.code] = len(rules)
                rules.append({"id": x.code, "name": "".join(w.capitalize() for w in x.code.replace("_", "-").split("-")),
                              "shortDescription": {"text": x.code},
                              "fullDescription": {"text": x.message(lang)},
                              "help": {"text": x.message(lang)}})
            results.append({
                "ruleId": x.code,
                "ruleIndex": index[x.code],
                "kind": "fail",
                "level": LEVEL.get(x.severity, "warning"),
                "message": {"text": x.message(lang)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": _start_line(x.location)},
                }}],
                "partialFingerprints": {"keiyakuLintFinding/v1": _fingerprint(
                    uri, x.code, x.location.ref if x.location else "", x.message_en)},
            })
    run = {
        "tool": {"driver": {"name": "keiyaku-lint", "version": __version__, "rules": rules}},
        "results": results,
        "invocations": [{"executionSuccessful": all(f.ok for f in report.files) and not report.interrupted,
                         "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
    }
    if report.settings is not None:
        run["properties"] = {"settings": report.settings.to_dict()}
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    out = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return re.sub("[\ud800-\udfff]", "\ufffd", out)  # always valid UTF-8
