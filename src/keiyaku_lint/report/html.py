"""One self-contained offline page: the file × clause matrix with colours,
each cell linking to the detail of that finding below. No external assets;
every piece of text is escaped."""
from __future__ import annotations

from html import escape

from keiyaku_lint.model import ClauseResult, FileResult, Report
from keiyaku_lint.report.common import clause_order, error_message, summary_line, where, word

MARK = {"present": "✓", "weak": "△", "missing": "✗", "error": "!"}

CSS = """
body{font-family:"Hiragino Sans","Yu Gothic","Noto Sans CJK JP",Meiryo,sans-serif;margin:1.5em;color:#222}
table.matrix{border-collapse:collapse;margin:1em 0}
.matrix th,.matrix td{border:1px solid #bbb;padding:.35em .6em;text-align:center}
.matrix th.file{text-align:left;font-weight:normal;max-width:28em;word-break:break-all}
.matrix td a{text-decoration:none;color:inherit;display:block}
.present{background:#d9f2d9}.weak{background:#fff0b3}.missing{background:#f8c9c9}.error{background:#ddd}
section.file{border-top:2px solid #888;margin-top:2em}
.clause{margin:.8em 0 .8em 1em;padding:.4em .8em;border-left:6px solid #bbb}
.clause.present{border-color:#3a3}.clause.weak{border-color:#d9a400}.clause.missing{border-color:#c33}
blockquote{margin:.3em 0 .3em 1em;color:#444}
.suggestion{background:#eef5ff;padding:.4em .8em;white-space:pre-wrap}
.summary{font-weight:bold}
"""


def _id(i: int, cid: str = "") -> str:
    return f"f{i}" + (f"-{cid}" if cid else "")


def render(report: Report, lang: str = "ja", color: bool = False, library=None) -> str:
    clauses = clause_order(report, library)
    e = escape
    title = word("title", lang)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="summary">{e(summary_line(report, lang))}</p>',
    ]
    if report.interrupted:
        out.append(f"<p><strong>{e(word('interrupted', lang))}</strong></p>")
    out.append('<table class="matrix"><thead><tr>')
    out.append(f"<th>{e(word('file', lang))}</th>")
    for cid, ja, en in clauses:
        out.append(f'<th scope="col" title="{e(cid)}">{e(en if lang == "en" else ja)}</th>')
    out.append("</tr></thead><tbody>")
    for i, f in enumerate(report.files):
        out.append(f'<tr><th scope="row" class="file"><a href="#{_id(i)}">{e(f.path)}</a></th>')
        by_id = {c.id: c for c in f.clauses}
        for cid, _, _ in clauses:
            c = by_id.get(cid)
            status = "error" if not f.ok else (c.status if c else "")
            label = word(status, lang) if status else ""
            target = _id(i, cid) if c else _id(i)
            out.append(f'<td class="{e(status)}" data-file="{i}" data-clause="{e(cid)}" title="{e(label)}">'
                       f'<a href="#{target}">{e(MARK.get(status, ""))} {e(label)}</a></td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    if report.skipped:
        out.append("<ul>")
        for p, reason in report.skipped:
            out.append(f"<li>{e(word('skipped', lang))}: {e(p)} ({e(word(reason, lang))})</li>")
        out.append("</ul>")
    out.append(f"<h2>{e(word('details', lang))}</h2>")
    for i, f in enumerate(report.files):
        out.extend(_file(i, f, lang))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _file(i: int, f: FileResult, lang: str) -> list[str]:
    e = escape
    out = [f'<section class="file" id="{_id(i)}"><h3>{e(f.path)}</h3>']
    if not f.ok:
        code = (f.error or {}).get("code", "")
        out.append(f'<p class="error">[{e(str(code))}] {e(error_message(f, lang))}</p></section>')
        return out
    for c in f.clauses:
        out.extend(_clause(i, c, lang))
    if f.findings:
        out.append(f"<h4>{e(word('structure', lang))}</h4><ul>")
        for x in f.findings:
            loc = where(x.location, lang)
            out.append(f"<li>{e(loc + ': ' if loc else '')}{e(x.message(lang))}</li>")
        out.append("</ul>")
    out.append("</section>")
    return out


def _clause(i: int, c: ClauseResult, lang: str) -> list[str]:
    e = escape
    head = f"{MARK[c.status]} {c.title(lang)} [{c.id}] — {word(c.status, lang)}"
    out = [f'<div class="clause {e(c.status)}" id="{_id(i, c.id)}"><strong>{e(head)}</strong>']
    if c.location and c.status != "missing":
        out.append(f"<div>{e(where(c.location, lang))}</div>")
    if c.evidence and c.status != "missing":
        out.append(f"<blockquote>{e(c.evidence)}</blockquote>")
    lacking = [x for x in c.elements if not x.ok]
    if c.status == "weak" and lacking:
        out.append("<ul>" + "".join(f"<li>{e(word('lacking', lang))}: {e(x.message(lang))}</li>" for x in lacking) + "</ul>")
    sugg = c.suggestion(lang)
    if sugg and c.status != "present":
        out.append(f'<div>{e(word("suggestion", lang))}:</div><div class="suggestion">{e(sugg)}</div>')
    out.append("</div>")
    return out
