"""Word copies with the findings as comments, for legal staff who work in Word.

    annotate_docx(source, result, target, lang) -> number of comments
    annotate_report(report, folder, lang, force) -> [Note]

The original file is only read. One comment (author "keiyaku-lint") per
finding: a weak clause on the paragraph of its evidence, a missing clause on
the title paragraph (the first non-empty one), a structure finding on its
paragraph. Paragraph numbers are indexes into the body's paragraphs counted in
document order, table-cell paragraphs included: ``body.iter(w:p)``.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.model import FileResult, Report
from keiyaku_lint.report.common import word

AUTHOR = "keiyaku-lint"
INITIALS = "KL"


def comments_for(result: FileResult, lang: str = "ja") -> list[tuple[Optional[int], str]]:
    """(paragraph index or None for the title paragraph, comment text) for
    every finding of a file: weak and missing clauses, structure findings."""
    out: list[tuple[Optional[int], str]] = []
    for cl in result.clauses:
        if cl.status == "present":
            continue
        mark = "△" if cl.status == "weak" else "✗"
        lines = [f"{mark} {cl.title(lang)} [{cl.id}]: {word(cl.status, lang)}"]
        if cl.status == "weak":
            lines += [f"・{word('lacking', lang)}: {e.message(lang)}" for e in cl.elements if not e.ok]
        else:
            lines.append(word("not_found", lang))
        sugg = cl.suggestion(lang)
        if sugg:
            lines.append(f"{word('suggestion', lang)}: {sugg}")
        para = cl.location.paragraph if (cl.status == "weak" and cl.location) else None
        out.append((para, "\n".join(lines)))
    for x in result.findings:
        para = x.location.paragraph if x.location else None
        ref = f"{x.location.ref}: " if x.location and x.location.ref else ""
        out.append((para, f"! {ref}{x.message(lang)}"))
    return out


def annotate_docx(source, result: FileResult, target, lang: str = "ja") -> int:
    """Write ``target``: a copy of ``source`` with the findings as comments."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    with open(source, "rb") as fh:  # read-only: the original is never touched
        document = docx.Document(fh)
    body = document.element.body
    paragraphs = list(body.iter(qn("w:p")))
    title = next((p for p in paragraphs if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()),
                 paragraphs[0] if paragraphs else None)
    count = 0
    for index, text in comments_for(result, lang):
        p = paragraphs[index] if index is not None and 0 <= index < len(paragraphs) else title
        if p is None:
            p = body.add_p() if hasattr(body, "add_p") else document.add_paragraph()._p
            paragraphs.append(p)
            title = p
        para = Paragraph(p, document._body)
        runs = para.runs
        if not runs:  # text only inside tracked insertions / hyperlinks, or empty
            runs = [para.add_run("")]
        document.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)
        count += 1
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        document.save(tmp)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return count


@dataclass(frozen=True)
class Note:
    source: str
    target: Optional[str]
    comments: int = 0
    renamed: bool = False  # the target name got a suffix because the plain name existed
    error: Optional[KeiyakuError] = None

    def message(self, lang: str = "ja") -> str:
        if self.error is not None:
            return f"[{self.error.code}] {self.error.message(lang)}"
        if lang == "en":
            extra = " (a file of that name already existed, so a suffix was added)" if self.renamed else ""
            return f"wrote {self.target}: {self.comments} comments{extra}"
        extra = "（同名のファイルがあったため名前に番号を付けました）" if self.renamed else ""
        return f"{self.target} を書きました: コメント {self.comments} 件{extra}"


def target_path(folder: Path, source: str, force: bool = False, taken=()) -> tuple[Path, bool]:
    """Where the copy of ``source`` goes: folder/name.docx, or name-1.docx,
    name-2.docx ... when that exists (unless ``force``) or another file of the
    batch already took it."""
    name = Path(source).name
    stem, suffix = Path(name).stem, Path(name).suffix
    cand = folder / name
    n = 0
    while str(cand) in taken or (cand.exists() and not force):
        n += 1
        cand = folder / f"{stem}-{n}{suffix}"
    return cand, n > 0


def annotate_report(report: Report, folder, lang: str = "ja", force: bool = False) -> list[Note]:
    """A commented copy in ``folder`` of every DOCX of the report that was analysed."""
    folder = Path(folder)
    notes: list[Note] = []
    taken: set[str] = set()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        err = KeiyakuError("E407", path=str(folder), reason=exc.strerror or str(exc))
        return [Note(source=str(folder), target=None, error=err)]
    src_real = {os.path.realpath(f.path) for f in report.files}
    for f in report.files:
        if not f.ok or not f.path.lower().endswith(".docx"):
            continue
        target, renamed = target_path(folder, f.path, force, taken)
        if os.path.realpath(target) in src_real:  # never write over an input file
            target, renamed = target_path(folder, f.path, False, taken | {str(target)})
        taken.add(str(target))
        try:
            n = annotate_docx(f.path, f, target, lang)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the rest
            err = KeiyakuError("E410", path=f.path, reason=f"{type(exc).__name__}: {exc}")
            notes.append(Note(source=f.path, target=None, error=err))
            continue
        notes.append(Note(source=f.path, target=str(target), comments=n, renamed=renamed))
    return notes
