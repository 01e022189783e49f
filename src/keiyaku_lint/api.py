"""The one entry point every caller uses: the CLI, the batch runner and the
generator's self-check all call ``lint``.

    lint(path, config) -> FileResult     load -> structure -> analyze
    check_file(path, config) -> (FileResult, Contract | None)

Errors a user can act on (unreadable file, bad clause library) come back as a
FileResult whose ``error`` is set, never as an exception, so a batch goes on.
"""
from __future__ import annotations

import time
from typing import Optional

from keiyaku_lint.config import Config
from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.model import Contract, FileResult, LoadedDocument


def error_result(path: str, err: KeiyakuError, profile: str, fmt: Optional[str] = None,
                 config: Optional[Config] = None) -> FileResult:
    return FileResult(path=str(path), format=fmt, profile=profile,
                      error={"code": err.code, "message_ja": err.message("ja"),
                             "message_en": err.message("en")},
                      settings=config.settings() if config is not None else None)


def lint(path, config: Optional[Config] = None) -> FileResult:
    """Check one file. Never raises for a problem with the file itself."""
    return check_file(path, config)[0]


def check_file(path, config: Optional[Config] = None) -> tuple[FileResult, Optional[Contract]]:
    """``lint``, also returning the parsed Contract (None when the file could
    not be read), for callers that show the text beside the verdicts (the
    web app's result view)."""
    config = config or Config()
    t0 = time.perf_counter()
    from keiyaku_lint.load import load
    from keiyaku_lint.structure import parse

    try:
        doc = load(path, ocr=getattr(config, "ocr", "auto"))
        contract = parse(doc, _parties(config))
    except KeiyakuError as err:
        return error_result(str(path), err, config.profile, config=config), None
    return lint_contract(contract, config, started=t0), contract


def lint_text(text: str, config: Optional[Config] = None, path: str = "<text>") -> FileResult:
    """Check a contract given as text (one paragraph a line)."""
    from keiyaku_lint.model import Block, Location
    from keiyaku_lint.structure import parse

    lines = [ln for ln in text.splitlines()]
    blocks = tuple(Block(ln.strip(), Location(line=i + 1)) for i, ln in enumerate(lines) if ln.strip())
    doc = LoadedDocument(path=path, format="text", blocks=blocks)
    config = config or Config()
    try:
        contract = parse(doc, _parties(config))
    except KeiyakuError as err:
        return error_result(path, err, config.profile, "text", config=config)
    return lint_contract(contract, config)


def _parties(config: Config):
    """The party table of the configuration's clause library (the bundled
    parties.yaml plus a company folder's own)."""
    if not config.clause_dirs:
        return None  # the bundled table: structure reads it itself
    from keiyaku_lint.analyze.engine import get_library

    return get_library(config).parties


def lint_contract(contract: Contract, config: Config, started: Optional[float] = None) -> FileResult:
    from keiyaku_lint.analyze.engine import analyze

    t0 = started if started is not None else time.perf_counter()
    try:
        result = analyze(contract, config)
    except KeiyakuError as err:
        return error_result(contract.path, err, config.profile, contract.format, config=config)
    from dataclasses import replace

    notices = tuple(contract.document.warnings) + tuple(result.notices)
    result = _mark_ocr(result, contract.document)
    return replace(result, seconds=time.perf_counter() - t0, notices=notices, settings=config.settings())


def _mark_ocr(result, doc: LoadedDocument):
    """Every verdict on text read by OCR carries its page(s) and their mean
    confidence (model.OcrMark): a found clause its evidence's page, a clause
    not found every page read by OCR (it was looked for there too)."""
    if not doc.ocr:
        return result
    from dataclasses import replace

    from keiyaku_lint.model import OcrMark

    conf = dict(doc.ocr)
    every = OcrMark(tuple(conf), sum(conf.values()) / len(conf))
    clauses = []
    for c in result.clauses:
        page = c.location.page if c.location is not None else None
        if c.status == "missing" or page is None:
            mark = every
        elif page in conf:
            mark = OcrMark((page,), conf[page])
        else:
            mark = None  # found on a typed page of a mixed PDF
        if c.status != "missing" and c.elements and any(not e.ok for e in c.elements) and mark is None:
            mark = every  # what it lacks was looked for on the scanned pages too
        clauses.append(replace(c, ocr=mark))
    return replace(result, clauses=tuple(clauses), ocr=tuple(doc.ocr))


def warm_up(config: Optional[Config] = None) -> None:
    """Load the clause library and the language model now (once per process)."""
    from keiyaku_lint.analyze.engine import warm_up as _warm

    _warm(config or Config())
