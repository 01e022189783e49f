"""One self-contained offline page: the file × clause matrix with colours and
each file's verdict, notes and structure findings, each cell linking to the
detail of that finding below. No external assets. The page works without
script: the "problems only" switch is a checkbox and CSS, the header row
stays in view when scrolling, and the page prints on A4 (landscape matrix,
no broken names or words in cells). A small inline script, when it runs,
makes the matrix sortable (click a column heading: by file name, by verdict
from the worst, by a clause's status) and adds a box that filters the rows
by file name or title. Waived clauses (an accepted deviation) are their own
colour and mark (◇), neither clean nor failing. Every piece of text is
escaped; the page carries the report mark (``marks.HTML_GENERATOR``), the
tool version, the check time and the configuration used."""
from __future__ import annotations

import datetime
from html import escape

from keiyaku_lint import __version__
from keiyaku_lint.marks import HTML_GENERATOR
from keiyaku_lint.model import ClauseResult, FileResult, Report
from keiyaku_lint.report.common import (clause_order, error_message, ocr_mark, settings_line, status_word,
                                        summary_line, verdict_word, waiver_text, where, word)
from keiyaku_lint.textsafe import display_path, visible

MARK = {"present": "✓", "weak": "△", "missing": "✗", "error": "!", "not_contract": "－", "waived": "◇"}
VERDICT_MARK = {"clean": "✓", "weak": "△", "missing": "✗", "error": "!", "not_contract": "－", "waived": "◇"}
# sort keys: the worst first
RANK = {"error": 0, "missing": 1, "weak": 2, "waived": 3, "clean": 4, "present": 4, "not_contract": 5, "": 6}

CSS = """
body{font-family:"Hiragino Sans","Yu Gothic","Noto Sans CJK JP",Meiryo,sans-serif;margin:1.5em;color:#222}
.meta{color:#555;font-size:.9em}
table.matrix{border-collapse:collapse;margin:1em 0}
.matrix th,.matrix td{border:1px solid #bbb;padding:.35em .6em;text-align:center;white-space:nowrap}
.matrix thead th{position:sticky;top:0;background:#f4f4f4;z-index:1}
.matrix th.file{text-align:left;font-weight:normal;min-width:14em;max-width:28em;white-space:normal;overflow-wrap:anywhere}
.matrix td a{text-decoration:none;color:inherit;display:block}
.present,.clean{background:#d9f2d9}.weak{background:#fff0b3}.missing{background:#f8c9c9}.error{background:#ddd}
.not_contract{background:#e8e8f4}.waived{background:#dbe9f7}
.matrix th button.sort{font:inherit;font-weight:bold;border:0;background:none;cursor:pointer;padding:0}
.matrix th button.sort::after{content:" ↕";color:#888;font-weight:normal}
#filter{margin-left:1.5em;width:18em}
#only-problems:checked ~ table.matrix tr.ok{display:none}
#only-problems:checked ~ section.file.ok{display:none}
section.file{border-top:2px solid #888;margin-top:2em}
.clause{margin:.8em 0 .8em 1em;padding:.4em .8em;border-left:6px solid #bbb}
.clause.present{border-color:#3a3}.clause.weak{border-color:#d9a400}.clause.missing{border-color:#c33}
.clause.waived{border-color:#4a7fc1}
details.clause summary{cursor:pointer}
blockquote{margin:.3em 0 .3em 1em;color:#444}
.suggestion{background:#eef5ff;padding:.4em .8em;white-space:pre-wrap}
.notice{background:#f3eefc;padding:.3em .6em;margin:.3em 0}
.summary{font-weight:bold}
@media print{
  @page{size:A4 landscape;margin:12mm}
  body{margin:0;font-size:9pt}
  label.switch,#only-problems,#filter{display:none}
  .matrix th button.sort::after{content:""}
  .matrix thead{display:table-header-group}
  .matrix tr{break-inside:avoid}
  .matrix th,.matrix td{padding:.2em .35em}
  section.file{break-before:auto;break-inside:auto}
  .clause{break-inside:avoid}
  a{color:inherit;text-decoration:none}
}
"""


# sorting and filtering, when script runs; the page is complete without it
SCRIPT = """
(function(){
  var t=document.querySelector("table.matrix"); if(!t) return;
  var body=t.tBodies[0], heads=t.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads,function(th,col){
    var b=document.createElement("button"); b.type="button"; b.className="sort";
    while(th.firstChild) b.appendChild(th.firstChild); th.appendChild(b);
    b.addEventListener("click",function(){
      var dir=th.getAttribute("aria-sort")==="ascending"?-1:1;
      Array.prototype.forEach.call(heads,function(h){h.removeAttribute("aria-sort");});
      th.setAttribute("aria-sort",dir===1?"ascending":"descending");
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[col].getAttribute("data-v")||a.cells[col].textContent,
            y=b.cells[col].getAttribute("data-v")||b.cells[col].textContent;
        var nx=parseFloat(x), ny=parseFloat(y);
        var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,"ja");
        return c*dir||(a.getAttribute("data-i")-b.getAttribute("data-i"));
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  var f=document.createElement("input"); f.type="search"; f.id="filter";
  f.placeholder=document.documentElement.lang==="en"?"Filter by file name or title":"ファイル名・表題で絞り込み";
  var sw=document.querySelector("label.switch"); sw.parentNode.insertBefore(f,sw.nextSibling);
  f.addEventListener("input",function(){
    var q=f.value.toLowerCase();
    Array.prototype.forEach.call(body.rows,function(r){
      r.hidden=q!==""&&r.cells[0].textContent.toLowerCase().indexOf(q)<0;
    });
  });
})();
"""


def _id(i: int, cid: str = "") -> str:
    return f"f{i}" + (f"-{cid}" if cid else "")


def _text(s) -> str:
    return escape(visible(s))


def render(report: Report, lang: str = "ja", color: bool = False, library=None) -> str:
    clauses = clause_order(report, library)
    e = escape
    title = word("title", lang)
    when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    meta = [f"keiyaku-lint {__version__}", when]
    if report.settings is not None:
        meta.append(settings_line(report.settings, lang))
    problems_only = "Show problems only" if lang == "en" else "問題のあるファイルだけ表示"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">{HTML_GENERATOR}',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{" / ".join(_text(m) for m in meta)}</p>',
        f'<p class="summary">{e(summary_line(report, lang))}</p>',
    ]
    if report.interrupted:
        out.append(f"<p><strong>{e(word('interrupted', lang))}</strong></p>")
    out.append(f'<input type="checkbox" id="only-problems"><label class="switch" for="only-problems"> {e(problems_only)}</label>')
    out.append('<table class="matrix"><thead><tr>')
    out.append(f'<th scope="col">{e(word("file", lang))}</th><th scope="col">{e(word("verdict", lang))}</th>')
    for cid, ja, en in clauses:
        out.append(f'<th scope="col" title="{e(cid)}">{e(en if lang == "en" else ja)}</th>')
    out.append(f'<th scope="col">{e(word("findings", lang))}</th></tr></thead><tbody>')
    for i, f in enumerate(report.files):
        row_class = "ok" if f.verdict in ("clean", "not_contract", "waived") else "problem"
        v = f.verdict
        out.append(f'<tr class="{row_class}" data-i="{i}"><th scope="row" class="file"><a href="#{_id(i)}">'
                   f'{_text(display_path(f.path))}</a>'
                   + (f"<br><small>{_text(f.title)}</small>" if f.title else "") + "</th>")
        out.append(f'<td class="{e(v)}" data-v="{RANK.get(v, 6)}"><a href="#{_id(i)}">{e(VERDICT_MARK.get(v, ""))} '
                   f'{e(verdict_word(v, lang))}</a></td>')
        by_id = {c.id: c for c in f.clauses}
        for cid, _, _ in clauses:
            c = by_id.get(cid)
            status = "error" if not f.ok else ("not_contract" if f.kind != "contract" else (c.status if c else ""))
            if c is not None and c.waived and f.ok and f.kind == "contract":
                status = "waived"
            label = (status_word(c, lang) if status == "waived" else word(status, lang)) if status else ""
            target = _id(i, cid) if c and f.kind == "contract" else _id(i)
            out.append(f'<td class="{e(status)}" data-v="{RANK.get(status, 6)}" data-file="{i}" data-clause="{e(cid)}" '
                       f'title="{e(label)}"><a href="#{target}">{e(MARK.get(status, ""))} {e(label)}</a></td>')
        extra = len(f.findings) + len(f.notices)
        out.append(f'<td data-v="{extra}"><a href="#{_id(i)}">{extra or ""}</a></td></tr>')
    out.append("</tbody></table>")
    if report.skipped:
        out.append("<ul>")
        for p, reason in report.skipped:
            out.append(f"<li>{e(word('skipped', lang))}: {_text(display_path(p))} ({e(word(reason, lang))})</li>")
        out.append("</ul>")
    out.append(f"<h2>{e(word('details', lang))}</h2>")
    for i, f in enumerate(report.files):
        out.extend(_file(i, f, lang, report))
    out.append(f"<script>{SCRIPT}</script>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _file(i: int, f: FileResult, lang: str, report: Report) -> list[str]:
    e = escape
    row_class = "ok" if f.verdict in ("clean", "not_contract", "waived") else "problem"
    out = [f'<section class="file {row_class}" id="{_id(i)}"><h3>{_text(display_path(f.path))}</h3>']
    if not f.ok:
        code = (f.error or {}).get("code", "")
        out.append(f'<p class="error">[{e(str(code))}] {_text(error_message(f, lang))}</p></section>')
        return out
    if f.settings is not None and f.settings != report.settings:
        out.append(f'<p class="meta">{_text(settings_line(f.settings, lang))}</p>')
    if f.kind != "contract":
        out.append(f'<p class="notice"><strong>{e(word("not_contract", lang))}</strong></p>')
    for n in f.notices:
        out.append(f'<p class="notice">[{e(n.code)}] {_text(n.message(lang))}</p>')
    if f.kind != "contract":
        out.append("</section>")
        return out
    for c in f.clauses:
        out.extend(_clause(i, c, lang))
    if f.findings:
        out.append(f"<h4>{e(word('structure', lang))}</h4><ul>")
        for x in f.findings:
            loc = where(x.location, lang)
            out.append(f"<li>{_text(loc + ': ' if loc else '')}{_text(x.message(lang))}</li>")
        out.append("</ul>")
    out.append("</section>")
    return out


def _clause(i: int, c: ClauseResult, lang: str) -> list[str]:
    e = escape
    if c.waived:
        head = f"{MARK['waived']} {c.title(lang)} [{c.id}] — {status_word(c, lang)}"
        out = [f'<div class="clause waived" id="{_id(i, c.id)}"><strong>{_text(head)}</strong>']
        if c.location and c.status != "missing":
            out.append(f"<div>{_text(where(c.location, lang))}</div>")
        out.append(f"<div>{_text(waiver_text(c, lang))}</div></div>")
        return out
    head = f"{MARK[c.status]} {c.title(lang)} [{c.id}] — {word(c.status, lang)}"
    if c.status == "present":  # a passing clause folds away; problems stay open
        out = [f'<details class="clause present" id="{_id(i, c.id)}"><summary><strong>{_text(head)}</strong></summary>']
    else:
        out = [f'<div class="clause {e(c.status)}" id="{_id(i, c.id)}"><strong>{_text(head)}</strong>']
    if c.location and c.status != "missing":
        out.append(f"<div>{_text(where(c.location, lang))}</div>")
    if c.ocr is not None:
        out.append(f'<div class="meta ocr">{_text(ocr_mark(c, lang))}</div>')
    if c.evidence and c.status != "missing":
        out.append(f"<blockquote>{_text(c.evidence)}</blockquote>")
    lacking = [x for x in c.elements if not x.ok]
    if c.status == "weak" and lacking:
        out.append("<ul>" + "".join(f"<li>{e(word('lacking', lang))}: {_text(x.message(lang))}</li>" for x in lacking) + "</ul>")
    sugg = c.suggestion("ja")  # the wording to paste is Japanese, as the contract is
    if sugg and c.status != "present":
        label = "Recommended wording (Japanese, to paste)" if lang == "en" else word("suggestion", lang)
        out.append(f'<div>{e(label)}:</div><div class="suggestion" lang="ja">{_text(sugg)}</div>')
        if lang == "en" and c.suggestion("en") and c.suggestion("en") != sugg:
            out.append(f'<div class="meta">In English: {_text(c.suggestion("en"))}</div>')
    out.append("</details>" if c.status == "present" else "</div>")
    return out
