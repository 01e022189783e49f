"""Make scanned-looking pages at test time: Japanese text drawn with a CJK
font by PIL (horizontal, or vertical 縦書き column by column), a PDF page
rendered to an image with pypdfium2, then a scanner's faults (a small
rotation, blur, noise), a red seal (印影) stamped on a page, and pages saved
as an image-only PDF or a (multi-page) TIFF. Nothing made here is committed.

    font = cjk_font()                  # None when no CJK font is installed
    img = text_page(lines, font)       # a white A4 page at 200 dpi
    img = degrade(img, angle=0.7)      # rotated, blurred, noisy (grayscale)
    img = stamp_seal(img, (x, y))      # a red seal (the page becomes RGB)
    image_pdf([img, ...], path)        # no text layer
"""
from __future__ import annotations

import glob
import os
import random
from typing import Optional, Sequence

A4_MM = (210, 297)

_FONT_GLOBS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/**/NotoSansCJK*Regular*.tt[cf]",
    "/usr/share/fonts/**/NotoSerifCJK*Regular*.tt[cf]",
    "/usr/share/fonts/**/ipa*.ttf",
    "/usr/share/fonts/**/*Gothic*.tt[cf]",
    "/System/Library/Fonts/*Hiragino*.tt[cf]",
    "C:/Windows/Fonts/msgothic.ttc",
    "C:/Windows/Fonts/YuGothM.ttc",
)
# index of the Japanese face in Noto's collections
_JP_INDEX = {"NotoSerifCJK-Regular.ttc": 0, "NotoSansCJK-Regular.ttc": 0}


def cjk_font_path() -> Optional[tuple[str, int]]:
    for pattern in _FONT_GLOBS:
        for path in sorted(glob.glob(pattern, recursive=True)):
            if os.path.isfile(path):
                return path, _JP_INDEX.get(os.path.basename(path), 0)
    return None


def cjk_font(size_px: int = 40):
    """A Japanese font at ``size_px`` pixels, or None."""
    from PIL import ImageFont

    found = cjk_font_path()
    if found is None:
        return None
    path, index = found
    try:
        font = ImageFont.truetype(path, size_px, index=index)
    except OSError:
        return None
    # Noto CJK collections: pick the JP face when the collection has it
    for i in range(12):
        try:
            f = ImageFont.truetype(path, size_px, index=i)
        except OSError:
            break
        if "JP" in " ".join(f.getname()):
            return f
    return font


def page_size(dpi: int = 200) -> tuple[int, int]:
    return round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi)


def _wrap(text: str, font, width: int) -> list[str]:
    out, line = [], ""
    for ch in text:
        if line and font.getlength(line + ch) > width and ch not in "、。）」":
            out.append(line)
            line = ""
        line += ch
    if line or not out:
        out.append(line)
    return out


def text_pages(paragraphs: Sequence[str], dpi: int = 200, size_pt: float = 10.5,
               font_path: Optional[tuple[str, int]] = None) -> list:
    """Horizontal pages (A4, 25 mm margins) holding ``paragraphs`` wrapped
    the way a word processor wraps them, one line pitch 1.7 em."""
    from PIL import Image, ImageDraw

    px = round(size_pt / 72 * dpi)
    font = cjk_font(px)
    if font is None:
        raise RuntimeError("no CJK font")
    w, h = page_size(dpi)
    margin = round(25 / 25.4 * dpi)
    pitch = round(px * 1.7)
    pages, img, y = [], None, 0
    for para in paragraphs:
        for line in _wrap(para, font, w - 2 * margin) if para else [""]:
            if img is None or y + pitch > h - margin:
                img = Image.new("L", (w, h), 255)
                pages.append(img)
                y = margin
            ImageDraw.Draw(img).text((margin, y), line, font=font, fill=0)
            y += pitch
    return pages


_VERTICAL = {"、": "︑", "。": "︒", "（": "︵", "）": "︶", "「": "﹁", "」": "﹂", "ー": "丨",
             "(": "︵", ")": "︶", "『": "﹃", "』": "﹄", "【": "︻", "】": "︼", "…": "︙", "：": "︓"}


def vertical_pages(paragraphs: Sequence[str], dpi: int = 200, size_pt: float = 10.5) -> list:
    """Vertical (縦書き) pages: columns top to bottom, right to left, with the
    vertical forms of 、。（）「」 and ー."""
    import unicodedata

    from PIL import Image, ImageDraw

    px = round(size_pt / 72 * dpi)
    font = cjk_font(px)
    if font is None:
        raise RuntimeError("no CJK font")
    w, h = page_size(dpi)
    margin = round(25 / 25.4 * dpi)
    pitch = round(px * 1.8)
    per_column = (h - 2 * margin) // px
    pages, img, x = [], None, 0
    for para in paragraphs:
        text = unicodedata.normalize("NFKC", para)
        text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)  # full width, upright
        columns = [text[i:i + per_column] for i in range(0, max(len(text), 1), per_column)]
        for col in columns:
            if img is None or x - pitch < margin:
                img = Image.new("L", (w, h), 255)
                pages.append(img)
                x = w - margin
            draw = ImageDraw.Draw(img)
            for k, ch in enumerate(col):
                draw.text((x - px, margin + k * px), _VERTICAL.get(ch, ch), font=font, fill=0)
            x -= pitch
    return pages


def render_pdf(path: str, dpi: int = 200) -> list:
    """Every page of a PDF as a grayscale image (the scanner's view of it)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()


def degrade(img, angle: float = 0.6, blur: float = 0.7, noise: float = 10.0, seed: int = 0):
    """A scanner's faults: a small rotation, blur, noise (grayscale out)."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    g = img.convert("L")
    if angle:
        g = g.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if blur:
        g = g.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        a = np.asarray(g).astype(np.float32) + rng.normal(0, noise, (g.height, g.width))
        g = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return g


def stamp_seal(img, centre: Optional[tuple[int, int]] = None, radius: int = 0, text: str = "印", seed: int = 1):
    """A red round seal (印影) over ``img`` (made RGB): a ring and a
    character or two inside, a little faded, as a seal pressed on a
    signature. Default: right of the page, low on it."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    rgb = img.convert("RGB")
    w, h = rgb.size
    radius = radius or max(20, w // 22)
    cx, cy = centre or (int(w * 0.78), int(h * 0.80))
    layer = Image.new("L", rgb.size, 0)
    d = ImageDraw.Draw(layer)
    d.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=255, width=max(3, radius // 9))
    font = cjk_font(int(radius * (1.1 if len(text) == 1 else 0.75)))
    if font is not None:
        if len(text) == 1:
            d.text((cx, cy), text, font=font, fill=255, anchor="mm")
        else:
            step = radius * 0.75
            for k, ch in enumerate(text[:2]):
                d.text((cx, cy + (k - 0.5) * step), ch, font=font, fill=255, anchor="mm")
    # faded ink: drop a few specks
    px = layer.load()
    for _ in range(radius * 6):
        x, y = rng.randrange(cx - radius, cx + radius), rng.randrange(cy - radius, cy + radius)
        if 0 <= x < w and 0 <= y < h:
            px[x, y] = 0
    red = Image.new("RGB", rgb.size, (205, 35, 40))
    return Image.composite(red, rgb, layer.point(lambda v: int(v * 0.85)))


def image_pdf(images: Sequence, path: str, dpi: int = 200) -> str:
    """Save pages as a PDF of images only (no text layer), as a scanner does."""
    imgs = [i.convert("RGB") if i.mode not in ("L", "RGB") else i for i in images]
    imgs[0].save(path, "PDF", save_all=True, append_images=list(imgs[1:]), resolution=float(dpi))
    return path


def tiff(images: Sequence, path: str, dpi: int = 200) -> str:
    """A (multi-page) TIFF, as an office scanner writes one."""
    imgs = list(images)
    imgs[0].save(path, "TIFF", save_all=True, append_images=imgs[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    return path
