"""The JSON report downstream tools read. Schema keiyaku-lint/report/1:

    {"schema", "tool": {"name", "version"}, "profile", "settings", "interrupted",
     "files": [{"path", "ok", "error": {"code", "message"} | null, "profile",
                "format", "title", "verdict", "kind", "settings",
                "notices": [{"code", "message"}], "annotated": path | null,
                "clauses": [{"id", "title", "status", "severity",
                             "location": {"ref", "page", "paragraph", "line"} | null,
                             "evidence", "elements": [{"id", "ok", "message"}],
                             "suggestion", "suggestion_ja", "waived",
                             "waiver": {"file", "clause", "reason", "approver", "date",
                                        "expires", "source"} | null,
                             "ocr": {"pages", "confidence", "label"} | null}],
                "ocr": [{"page", "confidence"}],
                "findings": [{"code", "severity", "message", "location", "related"}]}],
     "summary": {"files", "clean", "weak", "missing", "error", "skipped",
                 "skipped_files", "interrupted", "clauses"}}

Messages and titles are in the report language. ``location.paragraph`` is the
0-based DOCX paragraph index (table-cell paragraphs counted), ``page`` 1-based.
``ok`` means the file was read and analysed (whatever the verdict); ``verdict``
is clean / weak / missing / waived / error / not_contract. A clause covered by
a waiver keeps its status (weak / missing) with ``waived`` true and the
waiver; a file whose only problems are waived has the verdict "waived". ``settings`` names the
configuration file used (null: none) and what it added, ignored or re-weighted.

The output is always valid UTF-8: a file name that is not UTF-8 has its
undecodable bytes written as the text \\xNN, a lone surrogate in a document
becomes U+FFFD.
"""
from __future__ import annotations

import json
import re

from keiyaku_lint import __version__
from keiyaku_lint.model import ClauseResult, FileResult, Finding, Report
from keiyaku_lint.report.common import SCHEMA, error_message, ocr_mark, summary
from keiyaku_lint.textsafe import json_path, json_text as t


def to_dict(report: Report, lang: str = "ja") -> dict:
    return {
        "schema": SCHEMA,
        "tool": {"name": "keiyaku-lint", "version": __version__},
        "profile": report.profile,
        "settings": _settings(report.settings),
        "interrupted": report.interrupted,
        "files": [file_dict(f, lang) for f in report.files],
        "summary": summary(report, lang),
    }


def _settings(s):
    if s is None:
        return None
    d = s.to_dict()
    d["config"] = json_path(d["config"]) if d["config"] else None
    return d


def file_dict(f: FileResult, lang: str = "ja") -> dict:
    return {
        "path": json_path(f.path),
        "ok": f.ok,
        "error": None if f.ok else {"code": (f.error or {}).get("code"), "message": t(error_message(f, lang))},
        "profile": f.profile,
        "format": f.format,
        "title": t(f.title),
        "verdict": f.verdict,
        "kind": f.kind,
        "settings": _settings(f.settings),
        "notices": [{"code": n.code, "message": t(n.message(lang)),
                     "location": n.location.to_dict() if n.location else None} for n in f.notices],
        "annotated": json_path(f.annotated) if f.annotated else None,
        "clauses": [clause_dict(c, lang) for c in f.clauses],
        "findings": [finding_dict(x, lang) for x in f.findings],
        "ocr": [{"page": p, "confidence": c} for p, c in f.ocr],
    }


def clause_dict(c: ClauseResult, lang: str = "ja") -> dict:
    return {
        "id": c.id,
        "title": t(c.title(lang)),
        "status": c.status,
        "severity": c.severity,
        "location": c.location.to_dict() if c.location else None,
        "evidence": t(c.evidence),
        "elements": [{"id": e.id, "ok": e.ok, "message": t(e.message(lang)),
                      "not_applicable": (e.not_applicable[1] if lang == "en" else e.not_applicable[0])
                      if e.not_applicable else None} for e in c.elements],
        "suggestion": t(c.suggestion(lang)),
        "suggestion_ja": t(c.suggestion("ja")),  # the wording to paste: Japanese, as the contract is
        "waived": c.waived,
        "waiver": _waiver(c.waiver) if c.waived else None,
        "ocr": dict(c.ocr.to_dict(), label=ocr_mark(c, lang)) if c.ocr is not None else None,
    }


def _waiver(w) -> dict:
    d = {k: t(v) if isinstance(v, str) else v for k, v in w.to_dict().items()}
    d["source"] = json_path(w.source) if w.source else None
    return d


def finding_dict(x: Finding, lang: str = "ja") -> dict:
    return {
        "code": x.code,
        "severity": x.severity,
        "message": t(x.message(lang)),
        "location": x.location.to_dict() if x.location else None,
        "related": x.related.to_dict() if x.related else None,
    }


def render(report: Report, lang: str = "ja", color: bool = False, library=None) -> str:
    out = json.dumps(to_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
    return re.sub("[\ud800-\udfff]", "\ufffd", out)  # never invalid UTF-8, whatever slipped through
