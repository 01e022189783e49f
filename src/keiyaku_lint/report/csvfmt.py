"""One row per file, for Excel: UTF-8 with a BOM and CRLF line ends.

Columns, in the report's language (Japanese by default), for people first:

    ファイル, 表題, 判定 (問題なし / 不十分あり / 欠落あり / 例外承認 / 読めない / 契約書ではない),
    for each clause: 「再委託の制限」 (あり / 不十分 / なし / 例外承認（不十分）),
                     「再委託の制限 箇所」 (「第5条第1項」（第28段落）),
                     「再委託の制限 不足・指摘」 (the lacking elements by name, 見つかりません,
                                              or the waiver's reason and approver),
    構造の指摘 (the messages), エラー, 注意, 設定,

then the ids tools read, whatever the language: ``verdict`` (clean / weak /
missing / waived / error / not_contract) and one column per clause id
(present / weak / missing / waived / error).

Every cell goes through ``textsafe.csv_cell``: a cell that would start with
= + - @ (a formula to Excel), a tab or a line break is prefixed with an
apostrophe, and control characters are made visible; the file name is shown
as a person reads it (a CP932 name in its CP932 reading)."""
from __future__ import annotations

import csv
import io

from keiyaku_lint.model import Report
from keiyaku_lint.report.common import (clause_order, error_message, lacking_names, ocr_mark, settings_line,
                                        status_word, verdict_word, waiver_text, where, word)
from keiyaku_lint.textsafe import csv_cell, display_path

def render(report: Report, lang: str = "ja", color: bool = False, library=None) -> bytes:
    clauses = clause_order(report, library)
    en = lang == "en"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    head = [word("file", lang), "title" if en else "表題", word("verdict", lang)]
    for cid, ja, en_title in clauses:
        title = en_title if en else ja
        head += [title, f"{title} {word('location', lang)}",
                 f"{title} " + ("lacking / notes" if en else "不足・指摘")]
    head += [word("structure", lang), word("error_code", lang), word("notices", lang), word("config", lang)]
    head += ["verdict"] + [cid for cid, _, _ in clauses]
    w.writerow([csv_cell(h) for h in head])
    for f in report.files:
        by_id = {c.id: c for c in f.clauses}
        row = [display_path(f.path), f.title or "", verdict_word(f.verdict, lang)]
        ids = []
        for cid, _, _ in clauses:
            c = by_id.get(cid)
            if not f.ok:
                row += [word("error", lang), "", ""]
                ids.append("error")
            elif f.kind != "contract":
                row += [word("not_contract", lang), "", ""]
                ids.append("not_contract")
            elif c is None:
                row += ["", "", ""]
                ids.append("")
            else:
                if c.waived:
                    note = waiver_text(c, lang)
                elif c.status == "missing":
                    note = word("not_found", lang)
                else:
                    note = ("、" if not en else "; ").join(lacking_names(c, lang, library))
                loc = where(c.location, lang) if c.status != "missing" else ""
                row += [status_word(c, lang), " ".join(x for x in (loc, ocr_mark(c, lang)) if x), note]
                ids.append("waived" if c.waived else c.status)
        row.append(" / ".join(f"{where(x.location, lang) + ': ' if x.location else ''}{x.message(lang)}"
                              for x in f.findings))
        row.append("" if f.ok else f"[{(f.error or {}).get('code', '')}] {error_message(f, lang)}")
        row.append(" / ".join(f"[{n.code}] {n.message(lang)}" for n in f.notices))
        row.append(settings_line(f.settings, lang) if f.settings is not None else "")
        row += [f.verdict] + ids
        w.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8", "backslashreplace")
