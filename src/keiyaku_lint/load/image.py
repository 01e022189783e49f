"""Image files (a scanned contract: PNG, JPEG, TIFF, multi-page TIFF
included) -> text blocks, read with OCR (``ocr.py``, whose docstring is the
spec of each page).

Each frame of the file is a page (at most ocr.MAX_PAGES; a frame of more
than ocr.MAX_IMAGE_PIXELS pixels is E109, before it is decoded). Pages are
read at the file's own resolution (see ``ocr.image_dpi`` /
``ocr.scaled_for_ocr``); their lines are then put together exactly as a
PDF's are (``pdf.py`` steps 2 and 3: running headers and page numbers
dropped, wrapped lines joined), and every block keeps its page and its box.

Failures: OCR unavailable or ``--ocr never`` -> E130 (with how to enable
it); a file PIL cannot decode -> E135; no text found -> E131; mostly
unreadable -> E132 (``ocr.assess``).
"""
from __future__ import annotations

import warnings

from ..errors import LoadError
from ..model import LoadedDocument
from . import ocr

KINDS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "TIFF": "TIFF"}


def load_image(path: str, mode: str = "auto", kind: str = "image") -> LoadedDocument:
    if mode == "never":
        raise LoadError("E130", path=path, kind=kind, hint=ocr.NEVER_HINT)
    try:
        session = ocr.Session(path)
    except ocr.OcrUnavailable:
        raise LoadError("E130", path=path, kind=kind, hint=ocr.unavailable_hint(mode)) from None
    from PIL import Image, ImageSequence

    pages: list[ocr.OcrPage] = []
    pending: list = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, ocr.MAX_IMAGE_PIXELS // 2)
            with Image.open(path) as im:
                if im.format not in KINDS:
                    raise LoadError("E135", path=path, reason=f"format {im.format}")
                for i, frame in enumerate(ImageSequence.Iterator(im), start=1):
                    if i > ocr.MAX_PAGES:
                        raise LoadError("E109", path=path, reason=f"more than {ocr.MAX_PAGES} pages")
                    w, h = frame.size
                    if w * h > ocr.MAX_IMAGE_PIXELS:
                        raise LoadError("E109", path=path, reason=f"page {i} is {w}x{h} pixels")
                    dpi = ocr.image_dpi(frame)
                    frame.load()
                    if frame.mode in ("L", "RGB"):
                        img = frame.copy()
                    elif frame.mode in ("P", "PA", "RGBA", "LA", "CMYK", "YCbCr"):
                        img = frame.convert("RGB")  # a red seal stays red, to be told from text
                    else:  # 1-bit, 16-bit, float
                        img = frame.convert("L")
                    img, dpi = ocr.scaled_for_ocr(img, dpi)
                    pending.append((img, i, dpi))
                    if len(pending) >= ocr.parallel():
                        pages += _read(session, pending)
                        pending = []
                pages += _read(session, pending)
    except LoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise LoadError("E109", path=path, reason=str(e)[:160]) from None
    except (OSError, ValueError, SyntaxError, EOFError) as e:  # PIL's ways of saying "broken"
        if not pages:
            raise LoadError("E135", path=path, reason=f"{type(e).__name__}: {e}"[:200]) from None
        raise LoadError("E135", path=path, reason=f"page {len(pages) + 1}: {type(e).__name__}: {e}"[:200]) from None
    ocr.assess(pages, path, len(pages))
    from .pdf import blocks_from_lines

    blocks = blocks_from_lines([p.layout().lines for p in pages], ocr_boxes=_boxes(pages))
    if not blocks:
        raise LoadError("E131", path=path, pages=ocr._page_list([p.number for p in pages]))
    return LoadedDocument(path=path, format="image", blocks=tuple(blocks), warnings=tuple(ocr.notices(pages)),
                          ocr=ocr.confidences(pages))


def _read(session, pending: list) -> list:
    """OCR the pages in ``pending`` ((image, number, dpi)), side by side when
    ocr.parallel() allows."""
    if len(pending) <= 1:
        return [ocr.read_page(session, img, n, dpi) for img, n, dpi in pending]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(pending)) as pool:
        return list(pool.map(lambda item: ocr.read_page(session, item[0], item[1], item[2]), pending))


def _boxes(pages: list) -> dict:
    out: dict = {}
    for p in pages:
        out.update(p.boxes)
    return out
