"""One row per file, two columns per clause (status, location), for Excel:
UTF-8 with a BOM and CRLF line ends. Status is present / weak / missing /
error (error: the file could not be analysed; the error column says why).

Every cell goes through ``textsafe.csv_cell``: a cell that would start with
= + - @ (a formula to Excel), a tab or a line break is prefixed with an
apostrophe, and control characters are made visible; the file name is shown
as a person reads it (a CP932 name in its CP932 reading)."""
from __future__ import annotations

import csv
import io

from keiyaku_lint.model import Report
from keiyaku_lint.report.common import clause_order, error_message, ocr_mark, settings_line, where, word
from keiyaku_lint.textsafe import csv_cell, display_path


def render(report: Report, lang: str = "ja", color: bool = False, library=None) -> bytes:
    clauses = clause_order(report, library)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    head = [word("file", lang), word("verdict", lang)]
    for cid, ja, en in clauses:
        title = en if lang == "en" else ja
        head += [f"{title} ({cid})", f"{title} ({cid}) {word('location', lang)}"]
    head += [word("findings", lang), word("error_code", lang), word("notices", lang), word("config", lang)]
    w.writerow([csv_cell(h) for h in head])
    for f in report.files:
        by_id = {c.id: c for c in f.clauses}
        row = [display_path(f.path), f.verdict]
        for cid, _, _ in clauses:
            c = by_id.get(cid)
            if not f.ok:
                row += ["error", ""]
            elif c is None:
                row += ["", ""]
            else:
                loc = where(c.location, lang) if c.status != "missing" else ""
                row += [c.status, " ".join(x for x in (loc, ocr_mark(c, lang)) if x)]
        row.append(len(f.findings))
        row.append("" if f.ok else f"[{(f.error or {}).get('code', '')}] {error_message(f, lang)}")
        row.append(" / ".join(f"[{n.code}] {n.message(lang)}" for n in f.notices))
        row.append(settings_line(f.settings, lang) if f.settings is not None else "")
        w.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8", "backslashreplace")
