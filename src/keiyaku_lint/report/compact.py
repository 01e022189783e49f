"""One line per finding, for editors and grep (``--format compact``)::

    path:line: clause status message

* a weak clause: one line per lacking element, at the line of its evidence;
* a missing clause: one line, at line 1;
* a structure finding (a broken reference): its code and severity;
* a file that could not be read: its error code, at line 1;
* a waived clause: ``waived`` and the waiver's reason (not with -q);
* a notice (W1xx / W3xx): its code as the clause and ``notice`` (not with -q).

``line`` is the line of the loaded text (a text file's own line; for DOCX and
PDF the block's line, which `keiyaku-lint outline` shows); the message names
the article (「第9条第2項」) and the page or paragraph, which is what a Word
user looks for. Passing files print nothing, so ``grep`` and an editor's
quickfix list see only what needs work. Every piece of text is made visible
(no control characters from a contract or a file name).
"""
from __future__ import annotations

from keiyaku_lint.model import ClauseLocation, Report
from keiyaku_lint.report.common import error_message, status_word, waiver_text, where, word
from keiyaku_lint.textsafe import display_path, visible


def _line(loc) -> int:
    line = getattr(loc, "line", None) if loc is not None else None
    return int(line) if isinstance(line, int) and line >= 1 else 1


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())


def render(report: Report, lang: str = "ja", color: bool = False, library=None, width=None,
           quiet: bool = False) -> str:
    out: list[str] = []
    for f in report.files:
        path = display_path(f.path)
        if not f.ok:
            code = (f.error or {}).get("code", "E")
            out.append(f"{path}:1: {code} error {_one_line(error_message(f, lang))}")
            continue
        if not quiet:
            for n in f.notices:
                out.append(f"{path}:{_line(n.location)}: {n.code} notice {_one_line(n.message(lang))}")
        if f.kind != "contract":
            if not quiet:
                out.append(f"{path}:1: - not_contract {word('not_contract', lang)}")
            continue
        for c in f.clauses:
            if c.status == "present":
                continue
            at = where(c.location, lang) if c.location else ""
            head = f"{path}:{_line(c.location)}: {c.id} {'waived' if c.waived else c.status}"
            title = visible(c.title(lang))
            if c.waived:
                if not quiet:
                    out.append(f"{head} {title}: {status_word(c, lang)}: {_one_line(waiver_text(c, lang))}")
                continue
            if c.status == "missing":
                out.append(f"{head} {title}: {word('not_found', lang)}")
                continue
            lacking = [e for e in c.elements if not e.ok]
            for e in lacking or [None]:
                msg = _one_line(e.message(lang)) if e is not None else word("weak", lang)
                out.append(f"{head} {title}{(' ' + at) if at else ''}: {msg}")
        for x in f.findings:
            loc = x.location if isinstance(x.location, ClauseLocation) else None
            at = where(loc, lang) if loc else ""
            out.append(f"{path}:{_line(loc)}: {x.code} {x.severity} "
                       f"{(at + ': ') if at else ''}{_one_line(x.message(lang))}")
    return "\n".join(out) + ("\n" if out else "")
