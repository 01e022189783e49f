"""Reports: one small module per output format behind one dispatcher.

    render(report, fmt, lang, color=False, library=None) -> str | bytes

``text`` (for people at a terminal), ``json`` (for tools; schema
keiyaku-lint/report/1), ``csv`` (one row per file, for Excel; bytes, UTF-8
with BOM), ``html`` (one self-contained page), ``sarif`` (SARIF 2.1.0 for code
scanning). ``annotate`` writes Word copies with the findings as comments.
"""
from __future__ import annotations

import importlib
from typing import Union

from keiyaku_lint.model import Report

FORMATS = {
    "text": "keiyaku_lint.report.text",
    "json": "keiyaku_lint.report.jsonfmt",
    "csv": "keiyaku_lint.report.csvfmt",
    "html": "keiyaku_lint.report.html",
    "sarif": "keiyaku_lint.report.sarif",
}


def render(report: Report, fmt: str = "text", lang: str = "ja", color: bool = False,
           library=None) -> Union[str, bytes]:
    """The report in one format. ``library`` (analyze.library.Library), when
    given, adds what the clause files say (SARIF rule help, HTML details)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
    module = importlib.import_module(FORMATS[fmt])
    return module.render(report, lang=lang, color=color, library=library)
