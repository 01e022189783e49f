"""The JSON report downstream tools read. Schema keiyaku-lint/report/1:

    {"schema", "profile", "interrupted",
     "files": [{"path", "ok", "error": {"code", "message"} | null, "profile",
                "format", "title", "verdict",
                "clauses": [{"id", "title", "status", "severity",
                             "location": {"ref", "page", "paragraph", "line"} | null,
                             "evidence", "elements": [{"id", "ok", "message"}],
                             "suggestion"}],
                "findings": [{"code", "severity", "message", "location", "related"}]}],
     "summary": {"files", "clean", "weak", "missing", "error", "skipped",
                 "skipped_files", "interrupted", "clauses"}}

Messages and titles are in the report language. ``location.paragraph`` is the
0-based DOCX paragraph index (table-cell paragraphs counted), ``page`` 1-based.
"""
from __future__ import annotations

import json

from keiyaku_lint.model import ClauseResult, FileResult, Finding, Report
from keiyaku_lint.report.common import SCHEMA, error_message, summary


def to_dict(report: Report, lang: str = "ja") -> dict:
    return {
        "schema": SCHEMA,
        "profile": report.profile,
        "interrupted": report.interrupted,
        "files": [file_dict(f, lang) for f in report.files],
        "summary": summary(report),
    }


def file_dict(f: FileResult, lang: str = "ja") -> dict:
    return {
        "path": f.path,
        "ok": f.ok,
        "error": None if f.ok else {"code": (f.error or {}).get("code"), "message": error_message(f, lang)},
        "profile": f.profile,
        "format": f.format,
        "title": f.title,
        "verdict": f.verdict,
        "clauses": [clause_dict(c, lang) for c in f.clauses],
        "findings": [finding_dict(x, lang) for x in f.findings],
    }


def clause_dict(c: ClauseResult, lang: str = "ja") -> dict:
    return {
        "id": c.id,
        "title": c.title(lang),
        "status": c.status,
        "severity": c.severity,
        "location": c.location.to_dict() if c.location else None,
        "evidence": c.evidence,
        "elements": [{"id": e.id, "ok": e.ok, "message": e.message(lang)} for e in c.elements],
        "suggestion": c.suggestion(lang),
    }


def finding_dict(x: Finding, lang: str = "ja") -> dict:
    return {
        "code": x.code,
        "severity": x.severity,
        "message": x.message(lang),
        "location": x.location.to_dict() if x.location else None,
        "related": x.related.to_dict() if x.related else None,
    }


def render(report: Report, lang: str = "ja", color: bool = False, library=None) -> str:
    return json.dumps(to_dict(report, lang), ensure_ascii=False, indent=2) + "\n"
