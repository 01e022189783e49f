"""The data that flows through keiyaku-lint: load -> structure -> analyze -> report.

Every stage is a function from one of these models to the next. Models are
frozen dataclasses (tuples instead of lists) so a stage can never change what
an earlier stage produced, and every piece keeps the place in the source file
it came from, so every finding can point back into the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Location:
    """Where a piece of text stands in the source file.

    paragraph: DOCX body paragraph index (0-based, counting table-cell
               paragraphs in document order); None for other formats.
    page:      PDF page (1-based); None for other formats.
    line:      line in the loaded text (1-based): the text file's line, or the
               block's line in the document text the loader produced.
    table:     for text from a DOCX table: (table index, row, column).
    box:       for text read by OCR: (x0, top, x1, bottom) on its page, in
               points (1/72 inch) from the page's top left.
    """

    paragraph: Optional[int] = None
    page: Optional[int] = None
    line: Optional[int] = None
    table: Optional[tuple[int, int, int]] = None
    box: Optional[tuple[float, float, float, float]] = None

    def to_dict(self) -> dict:
        d = {"paragraph": self.paragraph, "page": self.page, "line": self.line}
        if self.table is not None:
            d["table"] = list(self.table)
        if self.box is not None:
            d["box"] = list(self.box)
        return d


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of text as the loader read it.

    text never contains a newline. kind is "paragraph" or "table_cell".
    style is a hint from the source (e.g. "title" for a DOCX Title style or a
    bold centred first line), or None.
    """

    text: str
    location: Location
    kind: str = "paragraph"
    style: Optional[str] = None


@dataclass(frozen=True)
class Notice:
    """A per-file note that is not a clause verdict: text the loader could not
    read or read in a particular way (an embedded document skipped, a PDF
    read column by column), or a hint about the check itself (an NDA checked
    under the outsourcing profile). Codes are W1xx (load) and W3xx (analysis);
    the messages come from ``errors.NOTICES``. Every report format shows them.
    """

    code: str
    message_ja: str
    message_en: str
    location: Optional[Location] = None

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja


@dataclass(frozen=True)
class LoadedDocument:
    """A file turned into text blocks. ``text`` is the blocks joined by "\n";
    block i starts at ``offsets[i]`` in it. ``warnings`` are the loader's
    notes on what it skipped or read specially (``Notice``)."""

    path: str
    format: str  # "docx" | "pdf" | "text" | "image"
    blocks: tuple[Block, ...]
    warnings: tuple[Notice, ...] = ()
    ocr: tuple[tuple[int, float], ...] = ()  # (page, mean OCR confidence 0-100) of each page read by OCR

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def offsets(self) -> tuple[int, ...]:
        out, pos = [], 0
        for b in self.blocks:
            out.append(pos)
            pos += len(b.text) + 1
        return tuple(out)


@dataclass(frozen=True)
class Node:
    """A node of the contract's legal structure.

    kind:    "title" | "preamble" | "article" | "paragraph" | "item" | "annex"
             | "signature" | "text"
    label:   the numbering as written ("第3条", "2", "(1)", "別紙1"), or None
    number:  normalized number as a string ("3", "3-2" for 第3条の2, "1" for ①)
    heading: the heading without brackets ("秘密保持"), or None
    text:    the node's own text (its first line without the label / heading,
             and any continuation lines), not its children's
    start, end: character offsets of the whole node (children included) in
             LoadedDocument.text
    """

    kind: str
    label: Optional[str]
    number: Optional[str]
    heading: Optional[str]
    text: str
    location: Location
    start: int
    end: int
    children: tuple["Node", ...] = ()

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def full_text(self) -> str:
        """The node's text with all its descendants', one line each."""
        parts = [self.text] if self.text else []
        for c in self.children:
            label = c.label or ""
            t = c.full_text()
            parts.append((label + " " + t).strip() if label and c.kind in ("item",) else t)
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Party:
    """A party of the contract: the role it plays and the names the contract
    gives it. role is "client" (委託者 / 発注者 / 開示者 side), "contractor"
    (受託者 / 受注者 / 受領者 side) or None when it cannot be told."""

    alias: str  # the short name the contract uses: 甲, 乙, 委託者, ...
    name: Optional[str]  # the full name when written (株式会社…), or None
    role: Optional[str]
    location: Optional[Location] = None


@dataclass(frozen=True)
class Reference:
    """A cross reference written in the text (第5条第2項, 前条, ...)."""

    text: str  # as written
    start: int
    end: int
    location: Location
    source_path: tuple[str, ...]  # path of the node it stands in, e.g. ("12", "2")
    targets: tuple[tuple[str, ...], ...]  # resolved node paths, ("8",), ("8", "2")
    resolved: bool


@dataclass(frozen=True)
class StructureFinding:
    code: str  # e.g. "broken-reference"
    message_ja: str
    message_en: str
    location: Location
    related: Optional[Location] = None


@dataclass(frozen=True)
class Contract:
    path: str
    format: str
    title: Optional[str]
    parties: tuple[Party, ...]
    nodes: tuple[Node, ...]  # top level: title, preamble, articles, annexes, signature
    references: tuple[Reference, ...]
    findings: tuple[StructureFinding, ...]
    document: LoadedDocument

    def articles(self):
        """Every article, including those inside annexes, in document order,
        with the annex node they belong to (or None)."""
        for n in self.nodes:
            if n.kind == "article":
                yield n, None
            elif n.kind == "annex":
                for c in n.children:
                    if c.kind == "article":
                        yield c, n


# --- analysis results ---------------------------------------------------------


@dataclass(frozen=True)
class ClauseLocation:
    """Where a clause was found: ref like 「第9条第2項」 (or 「別紙 第3」), plus
    the page (PDF) or paragraph (DOCX) or line (text) of the decisive sentence."""

    ref: str
    page: Optional[int] = None
    paragraph: Optional[int] = None
    line: Optional[int] = None

    def to_dict(self) -> dict:
        return {"ref": self.ref, "page": self.page, "paragraph": self.paragraph, "line": self.line}


@dataclass(frozen=True)
class ElementResult:
    id: str
    ok: bool
    message_ja: str  # what is missing (when not ok) or what was found
    message_en: str
    evidence: Optional[str] = None
    # set when the element cannot apply (a total ban on subcontracting leaves no
    # subcontractor to bind): ok is True and this says why, in (ja, en)
    not_applicable: Optional[tuple[str, str]] = None

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja


@dataclass(frozen=True)
class Waiver:
    """An accepted deviation recorded for an audit (``[[waiver]]`` in
    keiyaku-lint.toml): for the files matching ``file`` (a pattern relative
    to the configuration's folder), the clause ``clause`` may be weak or
    missing, because ``reason``, approved by ``approver`` on ``date``, until
    ``expires`` (ISO dates; no expiry when None). ``source``: the file that
    records it."""

    file: str
    clause: str
    reason: str
    approver: str
    date: str
    expires: Optional[str] = None
    source: Optional[str] = None
    base: Optional[str] = None  # the folder ``file`` is relative to

    def to_dict(self) -> dict:
        return {"file": self.file, "clause": self.clause, "reason": self.reason, "approver": self.approver,
                "date": self.date, "expires": self.expires, "source": self.source}


@dataclass(frozen=True)
class OcrMark:
    """A verdict on text read by OCR: the pages it rests on (the evidence's
    page; for a clause not found, every page read by OCR) and their mean
    OCR confidence (0-100). Reports show it as 「OCRで読み取り」."""

    pages: tuple[int, ...]
    confidence: float

    def to_dict(self) -> dict:
        return {"pages": list(self.pages), "confidence": round(self.confidence, 1)}


@dataclass(frozen=True)
class ClauseResult:
    id: str
    title_ja: str
    title_en: str
    status: str  # "present" | "weak" | "missing"
    severity: str  # "error" | "warning" | "info": how a failure of this clause counts
    location: Optional[ClauseLocation]
    evidence: Optional[str]  # the decisive sentence, quoted
    elements: tuple[ElementResult, ...]
    suggestion_ja: Optional[str]  # recommended wording when weak or missing
    suggestion_en: Optional[str]
    span: Optional[tuple[int, int]] = None  # evidence offsets in LoadedDocument.text
    block_index: Optional[int] = None  # index of the evidence's block in LoadedDocument.blocks
    waiver: Optional[Waiver] = None  # a weak / missing clause accepted for this file: waived, not failing

    @property
    def waived(self) -> bool:
        return self.waiver is not None and self.status != "present"
    ocr: Optional["OcrMark"] = None  # the verdict rests on text read by OCR

    def title(self, lang: str = "ja") -> str:
        return self.title_en if lang == "en" else self.title_ja

    def suggestion(self, lang: str = "ja") -> Optional[str]:
        return self.suggestion_en if lang == "en" else self.suggestion_ja


@dataclass(frozen=True)
class Finding:
    """A finding that is not a clause verdict: e.g. a broken cross reference."""

    code: str  # stable id, e.g. "broken-reference"
    severity: str
    message_ja: str
    message_en: str
    location: Optional[ClauseLocation]
    related: Optional[ClauseLocation] = None
    block_index: Optional[int] = None

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja


@dataclass(frozen=True)
class Settings:
    """What decided a file's check, shown in every report: the configuration
    file (None: none was used), the profile, and what the configuration or
    the command line added to it, dropped from it, or re-weighted."""

    config: Optional[str] = None
    profile: str = "outsourcing"
    added: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()
    variant: str = "standard"

    def to_dict(self) -> dict:
        return {"config": self.config, "profile": self.profile, "added": list(self.added),
                "ignored": list(self.ignored), "severities": dict(self.severities),
                "variant": self.variant}


@dataclass(frozen=True)
class FileResult:
    path: str
    format: Optional[str]
    profile: str
    error: Optional[dict] = None  # {"code", "message_ja", "message_en"} when it could not be analysed
    clauses: tuple[ClauseResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    title: Optional[str] = None
    seconds: float = 0.0
    notices: tuple[Notice, ...] = ()  # loader warnings and hints, shown in every format
    kind: str = "contract"  # "contract" | "not_contract": a memo, a report, keiyaku-lint's own output
    settings: Optional[Settings] = None
    annotated: Optional[str] = None  # the commented copy written for it (--annotate-dir), if any
    ocr: tuple[tuple[int, float], ...] = ()  # (page, mean OCR confidence) of the pages read by OCR

    @property
    def ok(self) -> bool:
        """True when the file was analysed (whatever the verdict)."""
        return self.error is None

    @property
    def verdict(self) -> str:
        """"error" | "not_contract" | "missing" | "weak" | "waived" | "clean".
        "waived": every weak or missing clause is covered by a waiver (an
        accepted deviation), and nothing else fails."""
        if self.error is not None:
            return "error"
        if self.kind != "contract":
            return "not_contract"
        statuses = {c.status for c in self.clauses if not c.waived}
        if "missing" in statuses:
            return "missing"
        if "weak" in statuses or self.findings:
            return "weak"
        if any(c.waived for c in self.clauses):
            return "waived"
        return "clean"


@dataclass(frozen=True)
class Report:
    files: tuple[FileResult, ...]
    profile: str
    interrupted: bool = False
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason) of files a batch passed over
    stop_signal: int = 0  # the signal that interrupted the batch (SIGINT 2, SIGTERM 15), 0 if none
    settings: Optional[Settings] = None  # the run's configuration (files may have their own)
