"""Word copies with the findings as comments, for legal staff who work in Word.

    annotate_docx(source, result, target=None, lang) -> number of comments
                                                       (or (bytes, number) without target)
    annotate_report(report, folder, lang, force) -> [Note]

The original file is only read. One comment (author "keiyaku-lint") per
finding: a weak clause on the paragraph of its evidence, a missing clause on
the title paragraph (the first non-empty one), a structure finding on its
paragraph, the file's notices (text not read) on the title. Paragraph numbers
are indexes into the body's paragraphs counted in document order, table-cell
paragraphs included: ``body.iter(w:p)``.

The copy of 契約書.docx is 契約書_指摘.docx (契約書_annotated.docx in English),
never the original's own name; its name is claimed atomically (a hard link,
or O_EXCL), so two runs writing one folder at once each keep their copy
(-1, -2 … when the name is taken; --force replaces the plain name, never an
input). Comments an earlier run left are replaced, not doubled. The copy
carries the custom property ``marks.ANNOTATED_PROPERTY`` so a folder walk
passes over it. A file with nothing to comment on, one that is not a
contract and one that is not .docx get no copy, and a note that says so.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.model import FileResult, Report
from keiyaku_lint.report.common import word
from keiyaku_lint.textsafe import display_path

AUTHOR = "keiyaku-lint"
INITIALS = "KL"


def comments_for(result: FileResult, lang: str = "ja") -> list[tuple[Optional[int], str]]:
    """(paragraph index or None for the title paragraph, comment text) for
    every finding of a file: weak and missing clauses, structure findings."""
    out: list[tuple[Optional[int], str]] = []
    if result.notices:  # what the loader could not read, or read specially: said in Word too
        head = "※ Notes on this file" if lang == "en" else "※ このファイルについての注意"
        out.append((None, "\n".join([head] + [f"[{n.code}] {n.message(lang)}" for n in result.notices])))
    for cl in result.clauses:
        if cl.status == "present" or cl.waived:  # a waived clause was accepted: no comment
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


def annotate_docx(source, result: FileResult, target=None, lang: str = "ja"):
    """A copy of ``source`` with the findings as comments: written to
    ``target`` when given (returns the number of comments), else returned as
    (DOCX bytes, number of comments). Comments keiyaku-lint left on an
    earlier run are replaced, not doubled; the copy carries the
    ``marks.ANNOTATED_PROPERTY`` custom property, so a folder walk knows it
    for the tool's own output."""
    import io

    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    with open(source, "rb") as fh:  # read-only: the original is never touched
        document = docx.Document(fh)
    _remove_own_comments(document)
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
        document.add_comment(runs, text=_xml_safe(text), author=AUTHOR, initials=INITIALS)
        count += 1
    _mark(document, os.path.basename(os.fsdecode(source)))
    buf = io.BytesIO()
    document.save(buf)  # in memory: a failed write on disk leaves no half-open zip behind
    if target is None:
        return buf.getvalue(), count
    from keiyaku_lint.report.output import write_atomic

    write_atomic(target, buf.getvalue())
    return count


def _xml_safe(text: str) -> str:
    """Comment text XML can hold: no control characters, no lone surrogates."""
    return "".join(ch if (ch in "\t\n" or ord(ch) >= 0x20) and not 0xD800 <= ord(ch) <= 0xDFFF
                   and ch not in "\ufffe\uffff" else "\ufffd" for ch in text)


def _remove_own_comments(document) -> None:
    """Take out the comments an earlier keiyaku-lint run left (author
    keiyaku-lint) with their ranges and reference marks; the reviewers'
    own comments stay."""
    from docx.oxml.ns import qn

    try:
        part = document.part._comments_part  # python-docx >= 1.2; None-safe below
    except Exception:  # noqa: BLE001 - no comments part
        return
    if part is None:
        return
    root = part.element
    ids = set()
    for c in list(root.iter(qn("w:comment"))):
        if c.get(qn("w:author")) == AUTHOR:
            ids.add(c.get(qn("w:id")))
            c.getparent().remove(c)
    if not ids:
        return
    for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
        for el in list(document.element.body.iter(qn(tag))):
            if el.get(qn("w:id")) in ids:
                el.getparent().remove(el)
    for ref in list(document.element.body.iter(qn("w:commentReference"))):
        if ref.get(qn("w:id")) in ids:
            run = ref.getparent()
            run.remove(ref)
            if run.tag == qn("w:r") and not [c for c in run if c.tag != qn("w:rPr")]:
                run.getparent().remove(run)


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _mark(document, source_name: str) -> None:
    """Add (or refresh) the custom property that marks the copy as
    keiyaku-lint's output, keeping any custom properties the file has."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    from keiyaku_lint import __version__
    from keiyaku_lint.marks import ANNOTATED_PROPERTY

    pkg = document.part.package
    part = None
    for rel in pkg.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            part = rel.target_part
            break
    root = None
    if part is not None:
        try:
            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            root = None
    if root is None:
        root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for prop in list(root):
        if prop.get("name") == ANNOTATED_PROPERTY:
            root.remove(prop)
    pids = [int(p.get("pid")) for p in root if (p.get("pid") or "").isdigit()]
    prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID,
                            pid=str(max(pids + [1]) + 1), name=ANNOTATED_PROPERTY)
    value = etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr")
    value.text = _xml_safe(f"keiyaku-lint {__version__}: {source_name}")
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is None:
        part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, blob, pkg)
        pkg.relate_to(part, RT.CUSTOM_PROPERTIES)
    elif hasattr(part, "_element"):
        part._element = etree.fromstring(blob)
    else:
        part._blob = blob


@dataclass(frozen=True)
class Note:
    source: str
    target: Optional[str]
    comments: int = 0
    renamed: bool = False  # the target name got a suffix because the plain name existed
    error: Optional[KeiyakuError] = None
    skipped: Optional[str] = None  # why no copy was made: "clean" | "not_docx" | "not_contract"

    def message(self, lang: str = "ja") -> str:
        src = display_path(self.source)
        if self.error is not None:
            return f"[{self.error.code}] {self.error.message(lang)}"
        if self.skipped is not None:
            why = {"clean": ("問題がないため、コメント付きのコピーは作りませんでした", "nothing to comment on: no copy made"),
                   "not_docx": ("コメント付きのコピーは Word（.docx）のファイルにだけ作れます。このファイルには作りませんでした",
                                "commented copies can be made of Word (.docx) files only: no copy made"),
                   "not_contract": ("契約書ではないため、コメント付きのコピーは作りませんでした",
                                    "not a contract: no copy made")}[self.skipped]
            return f"{src}: {why[1] if lang == 'en' else why[0]}"
        target = display_path(self.target or "")
        if lang == "en":
            extra = " (a file of that name already existed, so a suffix was added)" if self.renamed else ""
            return f"{src} -> {target}: {self.comments} comments{extra}"
        extra = "（同名のファイルがあったため名前に番号を付けました）" if self.renamed else ""
        return f"{src} → {target} を書きました: コメント {self.comments} 件{extra}"


COPY_SUFFIX = {"ja": "_指摘", "en": "_annotated"}


def copy_name(source: str, lang: str = "ja") -> str:
    """契約書.docx -> 契約書_指摘.docx: never the original's own name, so the two
    are not mixed up."""
    p = Path(os.fsdecode(source))
    return f"{p.stem}{COPY_SUFFIX['en' if lang == 'en' else 'ja']}{p.suffix}"


def _claim(folder: Path, name: str, data: bytes, force: bool, taken: set, inputs: set) -> tuple[Path, bool]:
    """Write ``data`` under ``name`` in ``folder``, or name-1, name-2 ... The
    name is claimed atomically (another run writing the same folder at the
    same moment gets the next number, never overwrites); ``force`` replaces
    an existing plain name, but never an input file nor a copy this run made."""
    from keiyaku_lint.report.output import unique_name, write_atomic

    for i, cand in enumerate(unique_name(folder, name, taken)):
        if str(cand) in taken or os.path.realpath(cand) in inputs:
            continue
        if force and i == 0 and cand.exists() and not cand.is_dir():
            write_atomic(cand, data)
            return cand, False
        try:
            write_atomic(cand, data, exclusive=True)
        except FileExistsError:
            continue
        return cand, i > 0
    raise AssertionError("unreachable")  # pragma: no cover


def annotate_report(report: Report, folder, lang: str = "ja", force: bool = False) -> list[Note]:
    """A commented copy in ``folder`` of every Word file of the report that
    was analysed and has something to comment on; a note for every other
    file saying why it got none."""
    folder = Path(folder)
    notes: list[Note] = []
    taken: set[str] = set()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        err = KeiyakuError("E407", path=str(folder), reason=exc.strerror or str(exc))
        return [Note(source=str(folder), target=None, error=err)]
    inputs = {os.path.realpath(f.path) for f in report.files}
    for f in report.files:
        if not f.ok:
            continue  # the error is reported already
        if not f.path.lower().endswith(".docx"):
            notes.append(Note(source=f.path, target=None, skipped="not_docx"))
            continue
        if f.kind != "contract":
            notes.append(Note(source=f.path, target=None, skipped="not_contract"))
            continue
        if not comments_for(f, lang):
            notes.append(Note(source=f.path, target=None, skipped="clean"))
            continue
        try:
            data, n = annotate_docx(f.path, f, None, lang)
            target, renamed = _claim(folder, copy_name(f.path, lang), data, force, taken, inputs)
        except KeiyakuError as err:
            notes.append(Note(source=f.path, target=None,
                              error=KeiyakuError("E410", path=f.path, reason=err.message(lang))))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the rest
            err = KeiyakuError("E410", path=f.path, reason=f"{type(exc).__name__}: {exc}")
            notes.append(Note(source=f.path, target=None, error=err))
            continue
        taken.add(str(target))
        notes.append(Note(source=f.path, target=str(target), comments=n, renamed=renamed))
    return notes
