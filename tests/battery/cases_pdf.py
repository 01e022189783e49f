"""Battery cases: PDF layouts: vertical, two-column, rotated pages, annotations, Type3 fonts.

Built at test time from code (nothing but this script is committed); see
make_battery.py for ``Case`` and the helpers, and pdfgen.py for the PDF
writer. ``case_list(big)`` returns them.

Each layout holds the full battery contract (``FULL_CONTRACT``): read in
reading order it gets all seven clauses present, with the notice saying how
the pages were read. Text that cannot be read in order, or not extracted at
all, is refused with its code, never judged "missing".
"""
from __future__ import annotations

import make_battery as mb
import pdfgen

ALL = mb.ALL_PRESENT


def _vertical_with_page_numbers() -> bytes:
    return pdfgen.vertical_pdf(mb.FULL_CONTRACT, mode="positioned", digits="tcy", footer=True)


def _truncated_vertical() -> bytes:
    data = pdfgen.vertical_pdf(mb.FULL_CONTRACT)
    return data[: data.rindex(b"%%EOF")]


def _watermarked() -> bytes:
    doc = pdfgen.Doc()
    pages = pdfgen.flow_horizontal(pdfgen.single_frame(), pdfgen.contract_lines(mb.FULL_CONTRACT, 42), doc)
    for p in pages:
        pdfgen.watermark(p)
    return doc.bytes()


def _mixed_directions() -> bytes:
    """Vertical columns on the right half, horizontal lines on the left."""
    doc = pdfgen.Doc()
    w, h = pdfgen.A4
    pdfgen.flow_vertical([[pdfgen.Frame(300, 72, w - 72, h - 72)]], pdfgen.contract_lines(mb.FULL_CONTRACT, 40)[:14],
                         doc)
    for i, ln in enumerate(pdfgen.contract_lines(mb.FULL_CONTRACT, 18)[40:80]):
        doc.pages[0].text(72, 72 + 16 * i, ln.text)
    return doc.bytes()


def _english_annex() -> bytes:
    doc = pdfgen.Doc()
    pdfgen.flow_horizontal(pdfgen.single_frame(), pdfgen.contract_lines(mb.FULL_CONTRACT, 42), doc)
    page = doc.page()
    for i, para in enumerate((mb.ENGLISH_CONTRACT.splitlines() * 3)[:45]):
        page.text(72, 72 + 14 * i, para[:95], 10, font="L")
    return doc.bytes()


def case_list(big: bool = True) -> list:
    cases: list = []

    def add(name, what, make, expect="analysis", verdicts=ALL, notices=()):
        cases.append(mb.Case(name, f"{name}.pdf", expect, what, verdicts=verdicts if expect == "analysis" else None,
                             notices=tuple(notices), extra={"make": lambda path: path.write_bytes(make())}))

    contract = mb.FULL_CONTRACT
    # vertical writing (縦書き)
    add("pdf_vertical", "the contract in vertical writing (Identity-V font, sideways digits)",
        lambda: pdfgen.vertical_pdf(contract), notices=("W122",))
    add("pdf_vertical_tcy", "vertical, every glyph placed on its own, 縦中横 digits, horizontal page numbers",
        _vertical_with_page_numbers, notices=("W122",))
    add("pdf_vertical_at_font", "vertical as Word writes it: a Windows \"@\" font drawn turned 90°, 縦中横 digits",
        lambda: pdfgen.vertical_pdf(contract, mode="at-font", digits="tcy", footer=True), notices=("W122",))
    add("pdf_vertical_tiers", "vertical in two tiers (段) per page",
        lambda: pdfgen.vertical_pdf(contract, tiers=2, size=9), notices=("W122", "W124"))
    add("pdf_vertical_cover", "a vertical title page, then the contract set horizontally",
        lambda: pdfgen.vertical_cover_pdf(contract), notices=("W122",))
    # columns
    add("pdf_two_columns", "two columns under a full-width title, a page number in the gutter",
        lambda: pdfgen.columns_pdf(contract, 2), notices=("W124",))
    add("pdf_three_columns", "three columns, the last one short", lambda: pdfgen.columns_pdf(contract, 3, size=10),
        notices=("W124",))
    # rotation
    add("pdf_rotate_90", "every page /Rotate 90", lambda: pdfgen.horizontal_pdf(contract, rotate=90, footer=True),
        notices=("W123",))
    add("pdf_rotate_270", "every page /Rotate 270", lambda: pdfgen.horizontal_pdf(contract, rotate=270, footer=True),
        notices=("W123",))
    add("pdf_rotations_mixed", "pages at /Rotate 0, 90, 180 and 270", lambda: pdfgen.mixed_rotations_pdf(contract),
        notices=("W123",))
    add("pdf_rotated_content", "landscape pages whose content is drawn turned 90° (no /Rotate)",
        lambda: pdfgen.rotated_content_pdf(contract, 90), notices=("W123",))
    add("pdf_skewed_text_layer", "every page's text set 2° askew (a scan's text layer)",
        lambda: pdfgen.skewed_pdf(contract, 2.0), notices=("W123",))
    add("pdf_watermark", "a diagonal watermark across every page", _watermarked, notices=("W127",))
    add("pdf_mixed_directions", "vertical columns beside horizontal lines on one page", _mixed_directions,
        expect="E120")
    # annotations and form fields
    add("pdf_freetext_article", "the confidentiality article only in a FreeText annotation",
        lambda: pdfgen.freetext_pdf(contract, "第2条"), notices=("W125",))
    add("pdf_freetext_hidden", "the confidentiality article only in a Hidden FreeText annotation",
        lambda: pdfgen.freetext_pdf(contract, "第2条", hidden=True),
        verdicts=dict(ALL, confidentiality="missing", survival="missing"))
    add("pdf_form_field_article", "the confidentiality article only in a text form field's value",
        lambda: pdfgen.freetext_pdf(contract, "第2条", as_field=True), notices=("W126",))
    # text that cannot be extracted
    add("pdf_type3_unnamed", "a Type3 font whose glyphs have no names and no ToUnicode map",
        lambda: pdfgen.unreadable_pdf(contract[:600], "type3"), expect="E112")
    add("pdf_tounicode_fffd", "a ToUnicode map to U+FFFD", lambda: pdfgen.unreadable_pdf(contract, "fffd"),
        expect="E112")
    add("pdf_tounicode_pua", "a ToUnicode map to private-use codes", lambda: pdfgen.unreadable_pdf(contract, "pua"),
        expect="E112")
    add("pdf_broken_cmap_latin", "a broken ToUnicode map: Japanese glyphs read as Latin letters",
        lambda: pdfgen.unreadable_pdf(contract, "latin"), expect="E112")
    add("pdf_one_page_unreadable", "page 2 of 4 in a font without a usable character map",
        lambda: pdfgen.unreadable_pdf(contract, "fffd", pages={2}), expect="E121")
    add("pdf_english_annex", "the contract and a page of English (a Latin font): not unreadable", _english_annex,
        notices=("W303",))  # the English part is said to be judged by the Japanese part
    add("pdf_truncated_vertical", "a vertical contract whose %%EOF is cut off", _truncated_vertical,
        notices=("W121", "W122"))
    return cases
