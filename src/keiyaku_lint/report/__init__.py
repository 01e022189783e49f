"""Reports: one small module per output format behind one dispatcher.

    render(report, fmt, lang, color=False, library=None) -> str | bytes

``text`` (for people at a terminal), ``compact`` (one line per finding,
``path:line: clause status message``, for editors and grep), ``json`` (for tools; schema
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
    "compact": "keiyaku_lint.report.compact",
    "json": "keiyaku_lint.report.jsonfmt",
    "csv": "keiyaku_lint.report.csvfmt",
    "html": "keiyaku_lint.report.html",
    "sarif": "keiyaku_lint.report.sarif",
}


def render(report: Report, fmt: str = "text", lang: str = "ja", color: bool = False,
           library=None, width=None, quiet: bool = False) -> Union[str, bytes]:
    """The report in one format. ``library`` (analyze.library.Library), when
    given, adds what the clause files say (SARIF rule help, HTML details,
    the names of lacking elements in CSV). For the text report, ``width``
    is the terminal's width to wrap to once (None: no wrapping, for files
    and pipes) and ``quiet`` keeps only the problems (-q)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; known: {', '.join(FORMATS)}")
    module = importlib.import_module(FORMATS[fmt])
    if fmt in ("text", "compact"):
        return module.render(report, lang=lang, color=color, library=library, width=width, quiet=quiet)
    return module.render(report, lang=lang, color=color, library=library)
