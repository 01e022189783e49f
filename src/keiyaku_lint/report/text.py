"""The report for people at a terminal: per file, per clause ✓ / △ / ✗ with
where it was found, the decisive sentence, what is lacking and the
recommended wording; then structure findings and notes; then a summary line.

The first line names the report (``marks.REPORT_MARK``) and the
configuration that decided the check, so a report left in a folder is known
for what it is, and a configuration never switches clauses off unseen.
Everything that comes from a contract or a file name goes through
``textsafe.visible``: no escape sequence, line break or bidi override from a
document reaches the terminal or the file raw.
"""
from __future__ import annotations

import click

from keiyaku_lint.marks import REPORT_MARK
from keiyaku_lint.model import ClauseResult, FileResult, Report
from keiyaku_lint.report.common import error_message, ocr_mark, settings_line, summary_line, where, word, wrap
from keiyaku_lint.textsafe import display_path, path_is_not_utf8, visible

MARK = {"present": ("✓", "green"), "weak": ("△", "yellow"), "missing": ("✗", "red")}
EVIDENCE_MAX = 160


def render(report: Report, lang: str = "ja", color: bool = False, library=None) -> str:
    style = (lambda s, **kw: click.style(s, **kw)) if color else (lambda s, **kw: s)
    title = "keiyaku-lint report" if lang == "en" else "keiyaku-lint 検査結果"
    out: list[str] = [style(f"{title} — {REPORT_MARK}", dim=True)]
    if report.settings is not None:
        out.append(style(settings_line(report.settings, lang), dim=True))
    out.append("")
    for f in report.files:
        out.extend(_file(f, lang, style, report))
        out.append("")
    if report.interrupted:
        out.append(style(word("interrupted", lang), fg="yellow", bold=True))
    for path, reason in report.skipped:
        out.append(f"- {word('skipped', lang)}: {display_path(path)}（{word(reason, lang)}）" if lang != "en"
                   else f"- {word('skipped', lang)}: {display_path(path)} ({word(reason, lang)})")
    out.append(style(f"{word('summary', lang)}: {summary_line(report, lang)}", bold=True))
    return "\n".join(out) + "\n"


def _file(f: FileResult, lang: str, style, report: Report) -> list[str]:
    name = display_path(f.path)
    if path_is_not_utf8(f.path):
        name += " (file name not in UTF-8)" if lang == "en" else "（ファイル名が UTF-8 ではありません）"
    head = style(name, bold=True)
    if not f.ok:
        code = (f.error or {}).get("code", "")
        return [head, "  " + style(f"✗ [{code}] {visible(error_message(f, lang))}", fg="red")]
    own = ""
    if f.settings is not None and report.settings is not None and f.settings != report.settings:
        own = f" / {settings_line(f.settings, lang)}"
    lines = [f"{head}  ({word('profile', lang)}: {f.profile}{own})"]
    if f.kind != "contract":
        lines.append("  " + style(f"- {word('not_contract', lang)}", fg="magenta", bold=True))
    for n in f.notices:
        lines.append("  " + style("※", fg="magenta") + f" [{n.code}] {visible(n.message(lang))}")
    if f.kind != "contract":
        return lines
    for cl in f.clauses:
        lines.extend(_clause(cl, lang, style))
    if f.findings:
        lines.append("  " + style(word("structure", lang), bold=True))
        for x in f.findings:
            loc = where(x.location, lang)
            lines.append("    " + style("!", fg="magenta") + f" {loc + ': ' if loc else ''}{visible(x.message(lang))}")
    return lines


def _clause(cl: ClauseResult, lang: str, style) -> list[str]:
    mark, colour = MARK.get(cl.status, ("?", None))
    name = f"{visible(cl.title(lang))} [{cl.id}]"
    status = word(cl.status, lang)
    if cl.status == "missing":
        head = f"  {style(mark, fg=colour, bold=True)} {name}  {style(status, fg=colour)}: {word('not_found', lang)}"
    else:
        loc = visible(where(cl.location, lang)) if cl.location else ""
        head = f"  {style(mark, fg=colour, bold=True)} {name}  {style(status, fg=colour)}" + (f"  {loc}" if loc else "")
    mark_ocr = ocr_mark(cl, lang)
    if mark_ocr:
        head += "  " + style(mark_ocr, fg="magenta")
    lines = [head]
    if cl.evidence and cl.status != "missing":
        lines.append("      " + style(_quote(cl.evidence, lang), dim=True))
    if cl.status == "weak":
        for e in cl.elements:
            if not e.ok:
                lines.append(f"      - {word('lacking', lang)}: {visible(e.message(lang))}")
    if cl.status in ("weak", "missing"):
        # the wording to paste is Japanese, as the contract is; in English reports its meaning follows
        sugg = cl.suggestion("ja")
        if sugg:
            label = "Recommended wording (Japanese, to paste into the contract)" if lang == "en" else word("suggestion", lang)
            lines.append(f"      {label}:")
            for ln in wrap(sugg, 70):
                lines.append("        " + style(visible(ln), fg="cyan"))
            if lang == "en" and cl.suggestion("en") and cl.suggestion("en") != sugg:
                lines.append("      In English:")
                for ln in wrap(cl.suggestion("en"), 70):
                    lines.append("        " + visible(ln))
    return lines


def _quote(text: str, lang: str) -> str:
    t = visible(" ".join(text.split()))
    if len(t) > EVIDENCE_MAX:
        t = t[: EVIDENCE_MAX - 1] + "…"
    return f"「{t}」" if lang != "en" else f"\"{t}\""
