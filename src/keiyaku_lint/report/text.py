"""The report for people at a terminal: per file, per clause ✓ / △ / ✗ with
where it was found, the decisive sentence, what is lacking and the
recommended wording; then structure findings; then a summary line."""
from __future__ import annotations

import click

from keiyaku_lint.model import ClauseResult, FileResult, Report
from keiyaku_lint.report.common import error_message, summary_line, where, word, wrap

MARK = {"present": ("✓", "green"), "weak": ("△", "yellow"), "missing": ("✗", "red")}
EVIDENCE_MAX = 160


def render(report: Report, lang: str = "ja", color: bool = False, library=None) -> str:
    out: list[str] = []
    style = (lambda s, **kw: click.style(s, **kw)) if color else (lambda s, **kw: s)
    for f in report.files:
        out.extend(_file(f, lang, style))
        out.append("")
    if report.interrupted:
        out.append(style(word("interrupted", lang), fg="yellow", bold=True))
    if report.skipped:
        for path, reason in report.skipped:
            out.append(f"- {word('skipped', lang)}: {path}（{word(reason, lang)}）" if lang != "en"
                       else f"- {word('skipped', lang)}: {path} ({word(reason, lang)})")
    out.append(style(f"{word('summary', lang)}: {summary_line(report, lang)}", bold=True))
    return "\n".join(out) + "\n"


def _file(f: FileResult, lang: str, style) -> list[str]:
    head = style(f.path, bold=True)
    if not f.ok:
        code = (f.error or {}).get("code", "")
        return [head, "  " + style(f"✗ [{code}] {error_message(f, lang)}", fg="red")]
    lines = [f"{head}  ({word('profile', lang)}: {f.profile})"]
    for cl in f.clauses:
        lines.extend(_clause(cl, lang, style))
    if f.findings:
        lines.append("  " + style(word("structure", lang), bold=True))
        for x in f.findings:
            loc = where(x.location, lang)
            lines.append("    " + style("!", fg="magenta") + f" {loc + ': ' if loc else ''}{x.message(lang)}")
    return lines


def _clause(cl: ClauseResult, lang: str, style) -> list[str]:
    mark, colour = MARK.get(cl.status, ("?", None))
    name = f"{cl.title(lang)} [{cl.id}]"
    status = word(cl.status, lang)
    if cl.status == "missing":
        head = f"  {style(mark, fg=colour, bold=True)} {name}  {style(status, fg=colour)}: {word('not_found', lang)}"
    else:
        loc = where(cl.location, lang) if cl.location else ""
        head = f"  {style(mark, fg=colour, bold=True)} {name}  {style(status, fg=colour)}" + (f"  {loc}" if loc else "")
    lines = [head]
    if cl.evidence and cl.status != "missing":
        lines.append("      " + style(_quote(cl.evidence, lang), dim=True))
    if cl.status == "weak":
        for e in cl.elements:
            if not e.ok:
                lines.append(f"      - {word('lacking', lang)}: {e.message(lang)}")
    if cl.status in ("weak", "missing"):
        sugg = cl.suggestion(lang)
        if sugg:
            lines.append(f"      {word('suggestion', lang)}:")
            for ln in wrap(sugg, 80):
                lines.append("        " + style(ln, fg="cyan"))
    return lines


def _quote(text: str, lang: str) -> str:
    t = " ".join(text.split())
    if len(t) > EVIDENCE_MAX:
        t = t[: EVIDENCE_MAX - 1] + "…"
    return f"「{t}」" if lang != "en" else f"\"{t}\""
