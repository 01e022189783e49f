"""Load stage: a file on disk -> ``LoadedDocument`` (text blocks with locations).

``load(path)`` is the only entry point. It decides the format from the
extension AND the content, and reads a file only when both agree:

==================  =========================================================
extension           content
==================  =========================================================
.docx .docm         a zip holding a WordprocessingML document (``docx.py``);
.dotx .dotm         templates and macro-enabled files are the same OOXML
                    format, read the same way (macros are never run)
.pdf                ``%PDF`` (``pdf.py``)
.txt .text .md      text in UTF-8 / UTF-16 / CP932 (``text.py``)
.markdown
.png .jpg .jpeg     a scan, read with OCR (``image.py``, ``ocr.py``); TIFF may
.tif .tiff          hold many pages
==================  =========================================================

Every failure is a ``LoadError`` with an E1xx code; no other exception leaves
this function (unexpected parser errors become E107 / E110 / E118):

E101 missing, E102 unreadable, E103 unsupported extension, E104 empty,
E105 legacy .doc (a Compound File without encryption streams),
E106 password-protected (an encrypted OOXML compound file, an encrypted PDF),
E107 broken DOCX, E108 content does not match the extension, E109 too large /
zip bomb, E110 broken PDF, E111 PDF without text, E112 PDF text not
extractable, E113 unknown text encoding, E114 no text at all, E115 a folder,
E116 unsafe XML, E117 took too long, E118 anything else, E120 a PDF page that
cannot be put in reading order (mixed or unclear writing directions), E121 one
PDF page's text not extractable in an otherwise readable file; OCR (scans,
image files): E130 an image without OCR, E131 no text found, E132 mostly
unreadable, E133 Tesseract failed, E134 OCR took too long, E135 a broken
image.

What a loader skipped, or read in a particular way (an embedded document, a
footnote, a PDF read as vertical writing or as columns, annotation text), is a
``model.Notice`` (W1xx) in ``LoadedDocument.warnings``; every report shows it.

Inputs are opened read-only and never written.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Union

from ..errors import LoadError
from ..model import LoadedDocument
from .sniff import cfb_is_encrypted_ooxml, sniff

__all__ = ["load", "SUPPORTED_EXTENSIONS"]

SUPPORTED_EXTENSIONS = {
    ".docx": "docx",
    ".docm": "docx",  # OOXML Word files with another main-part content type:
    ".dotx": "docx",  # read like .docx (a macro-enabled file is only read,
    ".dotm": "docx",  # nothing in it is ever run)
    ".pdf": "pdf",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
# scans, read with OCR (image.py / ocr.py); a folder walk checks them when OCR is available
IMAGE_EXTENSIONS = {".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image",
                    ".tif": "TIFF image", ".tiff": "TIFF image"}
_WORD_EXTENSIONS = {".docx", ".doc", ".docm", ".dot", ".dotx", ".dotm"}

MAX_TEXT_BYTES = 50 << 20
MAX_DOCX_BYTES = 128 << 20
MAX_PDF_BYTES = 256 << 20
MAX_IMAGE_BYTES = 256 << 20


def load(path: Union[str, os.PathLike], ocr: str = "auto") -> LoadedDocument:
    """Read ``path`` into a ``LoadedDocument``; raise ``LoadError`` otherwise.
    ``ocr`` (auto / always / never): which pages of a PDF are read with OCR,
    and whether image files are (``ocr.py``)."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise LoadError("E101", path=p) from None
    except PermissionError as e:
        raise LoadError("E102", path=p, reason=e.strerror or "permission denied") from None
    except (OSError, ValueError) as e:  # a symlink loop, a name too long, ...
        raise LoadError("E102", path=p, reason=getattr(e, "strerror", None) or str(e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError("E115", path=p)
    if not stat.S_ISREG(st.st_mode):
        raise LoadError("E102", path=p, reason="not a regular file")
    ext = Path(p).suffix.lower()
    if st.st_size == 0:
        raise LoadError("E104", path=p)

    try:
        fh = open(p, "rb")  # read-only; never written
    except PermissionError as e:
        raise LoadError("E102", path=p, reason=e.strerror or "permission denied") from None
    except IsADirectoryError:
        raise LoadError("E115", path=p) from None
    except OSError as e:
        raise LoadError("E102", path=p, reason=e.strerror or str(e)) from None
    with fh:
        try:
            head = fh.read(2048)
        except OSError as e:
            raise LoadError("E102", path=p, reason=e.strerror or str(e)) from None
        kind = sniff(head)
        if kind == "cfb":
            encrypted = cfb_is_encrypted_ooxml(fh, st.st_size)
            if ext in _WORD_EXTENSIONS:
                raise LoadError("E106" if encrypted else "E105", path=p)
            if ext in SUPPORTED_EXTENSIONS:
                actual = ("password-protected Office file" if encrypted
                          else "Microsoft Office 97-2003 file")
                raise LoadError("E108", path=p, actual=actual)
            raise LoadError("E103", path=p)
        if ext in IMAGE_EXTENSIONS:  # --- OCR: a scan saved as an image
            if kind != IMAGE_EXTENSIONS[ext]:
                raise LoadError("E108", path=p, actual=_describe(kind))
            if st.st_size > MAX_IMAGE_BYTES:
                raise LoadError("E109", path=p, reason=f"{st.st_size >> 20} MB")
            fh.close()
            from .image import load_image
            return _guard(lambda path: load_image(path, ocr, kind=IMAGE_EXTENSIONS[ext]), p, "E135")
        fmt = SUPPORTED_EXTENSIONS.get(ext)
        if fmt is None:
            raise LoadError("E103", path=p)

        if fmt == "docx":
            if kind != "zip":
                raise LoadError("E108", path=p, actual=_describe(kind))
            if st.st_size > MAX_DOCX_BYTES:
                raise LoadError("E109", path=p, reason=f"{st.st_size >> 20} MB")
            fh.close()
            from .docx import load_docx
            return _guard(load_docx, p, "E107")
        if fmt == "pdf":
            if kind != "PDF":
                raise LoadError("E108", path=p, actual=_describe(kind))
            if st.st_size > MAX_PDF_BYTES:
                raise LoadError("E109", path=p, reason=f"{st.st_size >> 20} MB")
            fh.close()
            from .pdf import load_pdf
            return _guard(lambda path: load_pdf(path, ocr), p, "E110")
        # text / markdown
        if st.st_size > MAX_TEXT_BYTES:
            raise LoadError("E109", path=p, reason=f"{st.st_size >> 20} MB (limit {MAX_TEXT_BYTES >> 20} MB)")
        if kind != "text":
            raise LoadError("E108", path=p, actual=_describe(kind))
        try:
            data = head + fh.read(MAX_TEXT_BYTES + 1 - len(head))
        except OSError as e:
            raise LoadError("E102", path=p, reason=e.strerror or str(e)) from None
        if len(data) > MAX_TEXT_BYTES:
            raise LoadError("E109", path=p, reason=f"more than {MAX_TEXT_BYTES >> 20} MB")
    from .text import load_text
    return _guard(lambda path: load_text(path, data, markdown=fmt == "markdown"), p, "E118")


def _describe(kind: str) -> str:
    return {"zip": "ZIP archive", "text": "text", "cfb": "Microsoft Office 97-2003 file"}.get(kind, kind)


def _guard(fn, path: str, fallback: str) -> LoadedDocument:
    """Run a format reader; turn anything unexpected into a LoadError."""
    try:
        doc = fn(path)
    except LoadError:
        raise
    except MemoryError:
        raise LoadError("E109", path=path, reason="out of memory") from None
    except RecursionError:
        raise LoadError(fallback, path=path, reason="structure nested too deeply") from None
    except Exception as e:  # a parser bug or an input it cannot handle
        raise LoadError(fallback, path=path, reason=f"{type(e).__name__}: {e}") from None
    if not doc.blocks:
        raise LoadError("E114", path=path)
    return doc
