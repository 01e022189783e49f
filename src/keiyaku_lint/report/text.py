"""The report for people at a terminal: per file, per clause ✓ / △ / ✗ with
where it was found, the decisive sentence, what is lacking and the
recommended wording; then structure findings and notes; then a summary line.

The first line names the report (``marks.REPORT_MARK``) and the
configuration that decided the check, so a report left in a folder is known
for what it is, and a configuration never switches clauses off unseen.
Everything that comes from a contract or a file name goes through
``textsafe.visible``: no escape sequence, line break or bidi override from a
document reaches the terminal or the file raw.

``width``: at a terminal, its width; every line is wrapped once to fit it
(indent included, wide characters counted as two), so the terminal never
wraps a line again. None (a file or a pipe): no wrapping, one line per
sentence. ``quiet`` (-q): only the problems: files with a weak or missing
clause, a structure finding or an error, and in them only those; no header,
no passing clauses, no summary.
"""
from __future__ import annotations

import click

from keiyaku_lint.marks import REPORT_MARK
from keiyaku_lint.model import ClauseResult, FileResult, Report
from keiyaku_lint.report.common import (error_message, ocr_mark, settings_line, status_word, summary_line,
                                        waiver_text, where, word, wrap)
from keiyaku_lint.textsafe import display_path, path_is_not_utf8, visible

MARK = {"present": ("✓", "green"), "weak": ("△", "yellow"), "missing": ("✗", "red"), "waived": ("◇", "blue")}
EVIDENCE_MAX = 160


def render(report: Report, lang: str = "ja", color: bool = False, library=None, width=None,
           quiet: bool = False) -> str:
    style = (lambda s, **kw: click.style(s, **kw)) if color else (lambda s, **kw: s)
    out: list[str] = []
    if not quiet:
        title = "keiyaku-lint report" if lang == "en" else "keiyaku-lint 検査結果"
        out.append(style(f"{title} — {REPORT_MARK}", dim=True))
        if report.settings is not None:
            out.append(style(settings_line(report.settings, lang), dim=True))
        out.append("")
    for f in report.files:
        if quiet and f.verdict in ("clean", "not_contract", "waived"):
            continue
        out.extend(_file(f, lang, style, report, width, quiet))
        out.append("")
    if report.interrupted:
        out.append(style(word("interrupted", lang), fg="yellow", bold=True))
    if quiet:
        return "\n".join(_fit(out, width)) + ("\n" if out else "")
    for path, reason in report.skipped:
        out.extend(_wrapped(f"- {word('skipped', lang)}: {display_path(path)}: {word(reason, lang)}", "", "  ", width))
    tally = _tally(report, lang)
    if tally:
        out.append(tally)
    out.append(style(f"{word('summary', lang)}: {summary_line(report, lang)}", bold=True))
    return "\n".join(_fit(out, width)) + "\n"


def _tally(report: Report, lang: str) -> str:
    """Per clause, how many files have it missing, weak or waived (like
    ruff --statistics), when more than one contract was checked:
    「条項別: 再委託の制限 なし 3・不十分 2 / 秘密保持 不十分 1」."""
    from collections import Counter

    contracts = [f for f in report.files if f.ok and f.kind == "contract"]
    if len(contracts) < 2:
        return ""
    titles, counts = {}, {}
    for f in contracts:
        for c in f.clauses:
            titles.setdefault(c.id, c.title(lang))
            key = "waived" if c.waived else c.status
            if key != "present":
                counts.setdefault(c.id, Counter())[key] += 1
    if not counts:
        return ""
    sep, inner = (" / ", ", ") if lang == "en" else (" / ", "・")
    parts = [f"{titles[cid]} " + inner.join(f"{word(k, lang)} {n}" for k in ("missing", "weak", "waived")
                                             if (n := counts[cid][k]))
             for cid in titles if cid in counts]
    return ("By clause: " if lang == "en" else "条項別: ") + sep.join(parts)


_ANSI = __import__("re").compile(r"\x1b\[[0-9;]*m")


def _fit(lines: list, width) -> list:
    """Every line at most width - 1 columns: a line still longer (a heading
    with a long file name or location) is wrapped under its own indent, in
    plain text."""
    if width is None:
        return lines
    from keiyaku_lint.report.common import display_width

    out = []
    for ln in lines:
        plain = _ANSI.sub("", ln)
        if display_width(plain) <= width - 1:
            out.append(ln)
            continue
        indent = plain[:len(plain) - len(plain.lstrip(" "))]
        room = max(width - 1 - len(indent) - 2, 10)
        for i, part in enumerate(wrap(plain.strip(), room)):
            out.append((indent if i == 0 else indent + "  ") + part)
    return out


def _wrapped(text: str, first: str, rest: str, width, paint=lambda s: s) -> list[str]:
    """``text`` after the indent ``first`` (then ``rest``), wrapped once to
    ``width`` columns (None: one line)."""
    if width is None:
        return [first + paint(text)]
    from keiyaku_lint.report.common import display_width

    room = max(width - 1 - max(display_width(first), display_width(rest)), 20)
    lines = wrap(text, room)
    return [(first if i == 0 else rest) + paint(ln) for i, ln in enumerate(lines)]


def _file(f: FileResult, lang: str, style, report: Report, width=None, quiet=False) -> list[str]:
    name = display_path(f.path)
    if path_is_not_utf8(f.path):
        name += " (file name not in UTF-8)" if lang == "en" else "（ファイル名が UTF-8 ではありません）"
    head = style(name, bold=True)
    if not f.ok:
        code = (f.error or {}).get("code", "")
        return [head] + _wrapped(f"[{code}] {visible(error_message(f, lang))}", "  ✗ ", "    ", width,
                                 lambda s: style(s, fg="red"))
    own = ""
    if f.settings is not None and report.settings is not None and f.settings != report.settings:
        own = f" / {settings_line(f.settings, lang)}"
    lines = [f"{head}  ({word('profile', lang)}: {f.profile}{own})"]
    if f.kind != "contract":
        lines.append("  " + style(f"- {word('not_contract', lang)}", fg="magenta", bold=True))
    if not quiet:
        for n in f.notices:
            lines.extend(_wrapped(f"[{n.code}] {visible(n.message(lang))}", "  " + style("※", fg="magenta") + " ",
                                  "    ", width))
    if f.kind != "contract":
        return lines
    for cl in f.clauses:
        if quiet and (cl.status == "present" or cl.waived):
            continue
        lines.extend(_clause(cl, lang, style, width))
    if f.findings:
        lines.append("  " + style(word("structure", lang), bold=True))
        for x in f.findings:
            loc = where(x.location, lang)
            lines.extend(_wrapped(f"{loc + ': ' if loc else ''}{visible(x.message(lang))}",
                                  "    " + style("!", fg="magenta") + " ", "      ", width))
    return lines


def _clause(cl: ClauseResult, lang: str, style, width=None) -> list[str]:
    mark, colour = MARK.get("waived" if cl.waived else cl.status, ("?", None))
    name = f"{visible(cl.title(lang))} [{cl.id}]"
    status = status_word(cl, lang)
    if cl.status == "missing":
        head = f"  {style(mark, fg=colour, bold=True)} {name}  {style(status, fg=colour)}: {word('not_found', lang)}"
    else:
        loc = visible(where(cl.location, lang)) if cl.location else ""
        head = f"  {style(mark, fg=colour, bold=True)} {name}  {style(status, fg=colour)}" + (f"  {loc}" if loc else "")
    mark_ocr = ocr_mark(cl, lang)
    if mark_ocr:
        head += "  " + style(mark_ocr, fg="magenta")
    lines = [head]
    if cl.waived:
        lines.extend(_wrapped(visible(waiver_text(cl, lang)), "      ", "      ", width))
        return lines
    if cl.evidence and cl.status != "missing":
        lines.extend(_wrapped(_quote(cl.evidence, lang), "      ", "       ", width))
    if cl.status == "weak":
        for e in cl.elements:
            if not e.ok:
                lines.extend(_wrapped(f"{word('lacking', lang)}: {visible(e.message(lang))}", "      - ", "        ",
                                      width))
    if cl.status in ("weak", "missing"):
        # the wording to paste is Japanese, as the contract is; in English reports its meaning follows
        sugg = cl.suggestion("ja")
        if sugg:
            label = "Recommended wording (Japanese, to paste into the contract)" if lang == "en" else word("suggestion", lang)
            lines.append(f"      {label}:")
            for para in sugg.strip().splitlines():
                lines.extend(_wrapped(visible(para), "        ", "        ", width, lambda s: style(s, fg="cyan")))
            if lang == "en" and cl.suggestion("en") and cl.suggestion("en") != sugg:
                lines.append("      In English:")
                for para in cl.suggestion("en").strip().splitlines():
                    lines.extend(_wrapped(visible(para), "        ", "        ", width))
    return lines
def _quote(text: str, lang: str) -> str:
    t = visible(" ".join(text.split()))
    if len(t) > EVIDENCE_MAX:
        t = t[: EVIDENCE_MAX - 1] + "…"
    return f"「{t}」" if lang != "en" else f"\"{t}\""
