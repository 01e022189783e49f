#!/usr/bin/env python
"""Build the DOCX templates in templates/ (run from the repository root):

    python scripts/make_templates.py

The templates are ordinary Word documents with Jinja tags (docxtpl). A
company can open one in Word, change the wording or layout, and pass the
folder with --template-dir. Inside a template:

    {{ article("confidentiality", "秘密保持") }}   starts an article: 第5条（秘密保持）
    {{ ref("incident_reporting") }}               a cross reference: 第8条
    {{ refs("deletion_return", "liability") }}    several: 第9条及び第10条
    {{ para() }}                                  a paragraph number ("" for the first, then 2, 3 ...)
    {{ item() }}                                  an item number: （1）, （2） ...
    {%p if strict %} ... {%p endif %}             paragraphs kept only for the strict wording
    {%p if paper %} ... {%p endif %}              only when signed on paper (signing: paper)

Numbers are never typed: they are computed when the document is generated.
The clause wording is written once here and used by the outsourcing contract
and the annex (特記事項); 甲 / 乙 become {{ A }} / {{ B }} in the annex. The
questions of the self-check list and the criteria of the vendor assessment
come from keiyaku_lint.generate.specs, where the data file's fields are
described with the same words.

Layout, as a legal department files these documents:

* A4, 明朝 10.5 pt, page numbers 「- N -」 in the footer.
* Contracts: the closing sentence, the date and the signature block (the
  parties side by side, 記名押印 with ㊞ on paper, no seal for an electronic
  signature) are kept on one page with the last article (keep with next,
  rows that do not split); a paper contract has a box for the 収入印紙 on its
  first page; the annex's 以上 comes after its signatures.
* Forms: tables with column widths fitted to their content (a fixed grid,
  so Word and LibreOffice agree), a header row repeated on every page, rows
  that never split across pages, and check boxes that fit on one line.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from keiyaku_lint.generate import specs  # noqa: E402  (the questions and criteria: one source)

OUT = ROOT / "templates"
FONT = "ＭＳ 明朝"
TABLE_PT = 9  # text in form tables


# --- a small writer over python-docx --------------------------------------------


def _el(tag: str, **attrs):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k), str(v))
    return e


class Writer:
    def __init__(self, title_prop: str, margins_mm: tuple = (25, 25, 25, 25)):
        d = Document()
        sec = d.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        top, right, bottom, left = margins_mm
        sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = Mm(top), Mm(right), Mm(bottom), Mm(left)
        sec.footer_distance = Mm(10)
        self.text_width_mm = 210 - left - right
        st = d.styles["Normal"]
        st.font.name = FONT
        st.font.size = Pt(10.5)
        rpr = st.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
        pf = st.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing = 1.25
        pf.widow_control = True
        d.core_properties.title = title_prop
        d.core_properties.author = "keiyaku-lint"
        d.core_properties.comments = ""
        self._page_number_footer(sec)
        self.d = d

    @staticmethod
    def _page_number_footer(sec):
        """「- N -」, centred."""
        p = sec.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("- ")
        fld = _el("w:fldSimple", **{"w:instr": "PAGE"})
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        p._p.append(fld)
        p.add_run(" -")

    def p(self, text="", *, align=None, bold=False, size=None, indent=0.0, hanging=0.0,
          before=0, after=0, keep_next=False, keep_lines=False, container=None, char_pt=10.5):
        para = (container or self.d).add_paragraph()
        _format(para, text, align=align, bold=bold, size=size, indent=indent, hanging=hanging, before=before,
                after=after, keep_next=keep_next, keep_lines=keep_lines, char_pt=char_pt)
        return para

    def title(self, text, after=18):
        self.p(text, align="center", bold=True, size=16, after=after, keep_next=True)

    def tag(self, text, keep_next=False):
        """A paragraph holding only a {%p ... %} tag (docxtpl removes it)."""
        self.p(text, keep_next=keep_next)

    def heading(self, key, heading, keep=False):
        self.p(f'{{{{ article("{key}", "{heading}") }}}}', bold=True, before=8, keep_next=True, keep_lines=True)

    def para(self, text, keep=False):
        self.p("{{ para() }}" + text, hanging=1, align="justify", keep_next=keep, keep_lines=keep)

    def item(self, text, keep=False):
        self.p("{{ item() }}" + text, indent=1, hanging=2, align="justify", keep_next=keep, keep_lines=keep)

    def page_break(self):
        self.d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, rows, widths, header=False, label_cols=(0,), size=TABLE_PT, after=6, align=None,
              borders=True, center_cols=(), keep_together=False, min_height_mm=None):
        """A table with a fixed grid of ``widths`` (mm; they should add up to
        the text width), rows that do not split across pages and, with
        ``header``, a first row repeated on each page. A row shorter than the
        grid has its last cell spanning the rest. A cell's text may hold
        "\n" for separate lines. ``label_cols``: columns that are labels
        (bold, shaded). ``keep_together``: the whole table on one page.
        ``min_height_mm``: rows at least that high (room to write by hand)."""
        t = self.d.add_table(rows=0, cols=len(widths))
        if borders:
            t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        _fixed_grid(t, widths)
        for ri, row in enumerate(rows):
            r = t.add_row()
            head = header and ri == 0
            _row_props(r, cant_split=True, header=head)
            if min_height_mm and not head:
                r._tr.get_or_add_trPr().append(_el("w:trHeight", **{"w:val": int(Mm(min_height_mm).twips),
                                                                      "w:hRule": "atLeast"}))
            cells = list(r.cells)
            for ci, w in enumerate(widths):
                _cell_width(cells[ci], w)
            if len(row) < len(widths):  # the last cell spans the rest of the row
                merged = cells[len(row) - 1].merge(cells[-1])
                for extra in merged.paragraphs[1:]:
                    extra._p.getparent().remove(extra._p)
                cells = cells[:len(row) - 1] + [merged]
            for ci, text in enumerate(row):
                cell = cells[ci]
                is_tag = text.startswith("{%")
                label = ci in label_cols and not is_tag and not head
                _cell_text(cell, text, bold=head or label, size=size,
                           align="center" if head or ci in center_cols else align)
                if head or label:
                    _shade(cell, "F2F2F2")
                if keep_together and ri < len(rows) - 1:
                    _keep_cell_with_next(cell)
        if after is not None:
            self.p("", size=4 if not after else None, after=after)
        return t

    def save(self, name):
        body = self.d.element.body
        last = [e for e in body if e.tag != qn("w:sectPr")][-1]
        if last.tag == qn("w:tbl"):  # Word shows a paragraph after a final table: make it take no room
            para = self.d.add_paragraph()
            para.paragraph_format.line_spacing = Pt(1)
            para.add_run("").font.size = Pt(1)
        OUT.mkdir(exist_ok=True)
        self.d.save(OUT / name)


def _format(para, text, *, align=None, bold=False, size=None, indent=0.0, hanging=0.0, before=0, after=0,
            keep_next=False, keep_lines=False, char_pt=10.5):
    lines = text.split("\n") if text else []
    for i, line in enumerate(lines):
        run = para.add_run(line)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break()
    if align == "center":
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "justify":
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf = para.paragraph_format
    if indent or hanging:
        pf.left_indent = Pt(char_pt * (indent + hanging))
        pf.first_line_indent = Pt(-char_pt * hanging)
    if before:
        pf.space_before = Pt(before)
    if after:
        pf.space_after = Pt(after)
    if keep_next:
        pf.keep_with_next = True
    if keep_lines:
        pf.keep_together = True
    return para


# CT_TblPr's children in the schema's order: what may follow each one we add
_TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_AFTER = {tag: _TBLPR_ORDER[_TBLPR_ORDER.index(tag) + 1:] for tag in _TBLPR_ORDER}


def _fixed_grid(t, widths):
    """Column widths Word and LibreOffice both keep: tblGrid, tblW and a fixed layout."""
    tbl = t._tbl
    grid = tbl.tblGrid
    for gc in list(grid):
        grid.remove(gc)
    for w in widths:
        grid.append(_el("w:gridCol", **{"w:w": int(Mm(w).twips)}))
    tblPr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        old = tblPr.find(qn(tag))
        if old is not None:
            tblPr.remove(old)
    # in the schema's order (Word refuses a document whose elements are out of order)
    tblPr.insert_element_before(_el("w:tblW", **{"w:w": int(Mm(sum(widths)).twips), "w:type": "dxa"}),
                                *_AFTER["w:tblW"])
    tblPr.insert_element_before(_el("w:tblLayout", **{"w:type": "fixed"}), *_AFTER["w:tblLayout"])


def _row_props(row, cant_split=True, header=False):
    trPr = row._tr.get_or_add_trPr()
    if cant_split:
        trPr.append(_el("w:cantSplit"))
    if header:
        trPr.append(_el("w:tblHeader"))


def _cell_width(cell, mm):
    cell.width = Mm(mm)


def _cell_text(cell, text, bold=False, size=TABLE_PT, align=None):
    para = cell.paragraphs[0]
    para.text = ""
    _format(para, text, bold=bold, size=size, align=align)
    pf = para.paragraph_format
    pf.line_spacing = 1.05


def _shade(cell, fill):
    tcPr = cell._tc.get_or_add_tcPr()
    tcPr.append(_el("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill}))


def _no_borders(t):
    tblPr = t._tbl.tblPr
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", **{"w:val": "nil"}))
    tblPr.insert_element_before(borders, *_AFTER["w:tblBorders"])


def _keep_cell_with_next(cell):
    for para in cell.paragraphs:
        para.paragraph_format.keep_with_next = True
        para.paragraph_format.keep_together = True


# --- the clause wording: one list of operations per article ----------------------
#
# ("h", key, heading)  article heading       ("p", text)   paragraph
# ("i", text)          item                  ("t", tag)    a {%p ... %} line
#
# 《契約》 is the contract whose term ends (本契約 / 原契約) and 《本書》 the document
# whose duties are broken (本契約 / 本特記事項); the annex build replaces them.

CONFIDENTIALITY = [
    ("h", "confidentiality", "秘密保持"),
    ("p", "乙は、秘密情報等を厳に秘密として保持し、甲の事前の書面による承諾を得ることなく、第三者に開示し、"
          "提供し、又は漏えいしてはならない。"),
    ("p", "乙は、秘密情報等を本業務の遂行の目的以外に使用し、又は加工し、若しくは複製してはならない。"
          "ただし、本業務の遂行に必要な範囲で複製する場合はこの限りでない。"),
    ("t", "{%p if strict %}"),
    ("p", "乙は、秘密情報等に接する従業者を本業務の遂行に必要な最小限の者に限定し、当該従業者から秘密保持に関する"
          "誓約書を取得するとともに、在職中及び退職後も本条と同等の秘密保持義務を負わせなければならない。"),
    ("t", "{%p else %}"),
    ("p", "乙は、秘密情報等を取り扱う従業者に対し、本条に定める義務を遵守させなければならない。"),
    ("t", "{%p endif %}"),
    ("p", "前各項の規定にかかわらず、機密情報のうち次の各号のいずれかに該当するものについては、前各項の規定は"
          "適用しない。ただし、個人情報についてはこの限りでない。"),
    ("i", "開示を受けた時点で既に公知であったもの"),
    ("i", "開示を受けた後、乙の責めに帰すべき事由によらずに公知となったもの"),
    ("i", "正当な権限を有する第三者から秘密保持義務を負うことなく適法に取得したもの"),
]

SUBCONTRACTING = [
    ("t", "{%p if subcontracting == \"prohibited\" %}"),
    ("h", "subcontracting", "再委託の禁止"),
    ("p", "乙は、本業務の全部又は一部を第三者に再委託してはならない。"),
    ("p", "乙は、乙の子会社、関連会社その他乙と資本関係を有する者に対しても、本業務の全部又は一部を委託しては"
          "ならない。"),
    ("p", "乙が前2項に違反して第三者に本業務の全部又は一部を行わせたときは、乙は、当該第三者に《本書》に基づき乙が"
          "負う義務と同等の安全管理措置及び秘密保持義務を遵守させ、当該第三者の行為について自らの行為と同様の責任を"
          "負い、当該第三者において事故が発生したときは直ちに甲に報告しなければならない。この場合においても、甲は、"
          "{{ ref(\"termination\") if has_article(\"termination\") else \"法令\" }}に基づき"
          "《契約》を解除することができる。"),
    ("t", "{%p else %}"),
    ("h", "subcontracting", "再委託"),
    ("p", "乙は、本業務の全部又は一部を第三者に再委託してはならない。ただし、あらかじめ甲の書面による承認を得た"
          "場合はこの限りでない。"),
    ("p", "乙は、前項ただし書の承認を求めるときは、再委託先の名称及び所在地、再委託する業務の範囲、再委託先が"
          "取り扱う秘密情報等の項目並びに再委託先における安全管理措置の内容を記載した書面を甲に提出しなければ"
          "ならない。"),
    ("p", "乙は、再委託先との間で書面により契約を締結し、再委託先に対し、《本書》に基づき乙が負う義務と同等の"
          "安全管理措置及び秘密保持義務を課さなければならない。"),
    ("p", "乙は、再委託先における安全管理措置の実施状況を定期的に把握し、甲の求めに応じてその結果を甲に報告"
          "しなければならない。"),
    ("p", "乙は、再委託先において{{ ref(\"incident_reporting\") }}に定める事故が発生したときは、直ちに甲に報告"
          "しなければならない。"),
    ("t", "{%p if strict %}"),
    ("p", "乙は、再委託先の行為を乙の行為とみなし、再委託先の行為について甲に対し一切の責任を負う。"
          "再委託先が更に第三者に委託することは、甲の書面による承認がない限り認めない。"),
    ("t", "{%p else %}"),
    ("p", "乙は、再委託先の行為について、自らの行為と同様の責任を負う。"),
    ("t", "{%p endif %}"),
    ("t", "{%p endif %}"),
]

SAFEGUARDS = [
    ("h", "safeguards", "安全管理措置"),
    ("p", "乙は、秘密情報等の漏えい、滅失又は毀損の防止その他の秘密情報等の安全管理のため、甲の個人情報保護規程"
          "及び情報セキュリティ規程と同等水準の安全管理措置を講じなければならない。"),
    ("p", "乙は、前項の安全管理措置として、少なくとも次の各号に掲げる措置を講じなければならない。"),
    ("i", "秘密情報等を取り扱う責任者及び従業者の指定並びに従業者に対する教育及び監督"),
    ("i", "秘密情報等を取り扱う区域の管理並びに機器及び電子媒体等の盗難等の防止"),
    ("i", "アクセス制御、不正アクセス等の防止並びに保存時及び通信時の暗号化"),
    ("i", "秘密情報等の取扱状況の記録及びその保存"),
    ("t", "{%p if strict %}"),
    ("i", "甲の書面による承認を得ない秘密情報等の作業場所外への持出し及び私物端末による取扱いの禁止"),
    ("t", "{%p endif %}"),
    ("p", "甲は、必要があると認めるときは、乙に対し、安全管理措置の実施状況について報告を求め、又は乙の事業所に"
          "立ち入り、調査することができる。乙は、正当な理由なくこれを拒んではならない。"),
    ("p", "乙は、甲の求めに応じ、{% if strict %}年2回{% else %}年1回{% endif %}以上、甲所定の自己点検チェックリスト"
          "により安全管理措置の実施状況を甲に報告しなければならない。"),
    ("p", "甲は、前2項の報告又は調査の結果、安全管理措置に不備があると認めるときは、乙に対し、その是正を求める"
          "ことができる。乙は、速やかに是正措置を講じ、その結果を甲に報告しなければならない。"),
]

INCIDENT = [
    ("h", "incident_reporting", "事故発生時の報告"),
    ("p", "乙は、秘密情報等の漏えい、紛失、不正アクセスその他の事故（以下「事故」という。）が発生し、又は発生"
          "したおそれがあることを知ったときは、{% if strict %}直ちに（遅くとも事故を知った時から24時間以内に）"
          "{% else %}直ちに{% endif %}甲に報告し、甲の指示に従わなければならない。"),
    ("p", "乙は、前項の報告の後、遅滞なく、事故の内容、発生日時、原因、影響の範囲及び対応状況を記載した書面を"
          "甲に提出しなければならない。"),
    ("p", "乙は、甲と協力して事故の原因究明を行い、被害の拡大防止及び再発防止策を講じなければならない。"),
    ("p", "乙は、甲が本人への通知、個人情報保護委員会への報告その他の法令に基づく対応を行うときは、これに協力"
          "しなければならない。"),
]

DELETION = [
    ("h", "deletion_return", "秘密情報等の返却及び削除"),
    ("p", "乙は、《契約》が期間満了、解除その他の事由により終了したとき、又は甲から請求があったときは、"
          "その日から{{ deletion_days }}日以内に、本業務に関して取り扱った秘密情報等（複製物を含む。）を、"
          "{% if deletion_method == \"return\" %}甲に返却し、乙の保有する電子データは復元不能な方法により"
          "削除しなければならない。{% elif deletion_method == \"delete\" %}復元不能な方法により削除し、"
          "又は廃棄しなければならない。{% else %}甲の指示に従い、甲に返却し、又は復元不能な方法により削除"
          "若しくは廃棄しなければならない。{% endif %}"),
    ("p", "乙は、前項の返却又は削除を完了したときは、速やかに、対象となった秘密情報等、返却又は削除の方法及び"
          "実施日を記載した削除証明書（データ返却・削除完了報告書）を甲に提出しなければならない。"),
    ("t", "{%p if subcontracting != \"prohibited\" %}"),
    ("p", "乙は、再委託先に秘密情報等を取り扱わせた場合には、再委託先においても前2項と同様の措置を講じさせ、"
          "その証跡を甲に提出しなければならない。"),
    ("t", "{%p endif %}"),
    ("t", "{%p if strict %}"),
    ("p", "甲は、必要があると認めるときは、前各項の措置の実施状況を確認するため、乙の事業所に立ち入り、調査"
          "することができる。"),
    ("t", "{%p endif %}"),
]

LIABILITY = [
    ("h", "liability", "損害賠償"),
    ("p", "乙は、《本書》に違反し、又は乙の責めに帰すべき事由により甲に損害を与えたときは、甲に対し、その損害を"
          "賠償しなければならない。"),
    ("p", "事故が発生した場合の責任分担は、事故の原因に応じて甲乙協議の上定める。ただし、乙又は再委託先の責めに"
          "帰すべき事由により事故が発生した場合には、乙は、甲が本人その他の第三者に対して支払った損害賠償金、"
          "事故の調査及び対応に要した費用（合理的な範囲の弁護士費用を含む。）その他甲に生じた損害を賠償する。"),
    ("t", "{%p if liability_cap != \"none\" %}"),
    ("p", "前各項に基づく乙の損害賠償の額は、{% if liability_cap == \"fee_total\" %}《契約》に基づき甲が乙に"
          "支払った委託料の総額{% else %}金{{ liability_cap_amount|yen }}円{% endif %}を上限とする。ただし、乙の"
          "故意若しくは重大な過失による場合又は{{ refs(\"confidentiality\", \"safeguards\") }}に違反したことにより"
          "秘密情報等が漏えいした場合は、この限りでない。"),
    ("t", "{%p endif %}"),
]

SURVIVAL_CONTRACT = [
    ("h", "survival", "存続条項"),
    ("p", "本契約が期間満了、解除その他の事由により終了した場合であっても、"
          "{{ ref(\"confidentiality\", heading=True) }}の規定は"
          "本契約終了後{{ survival_years }}年間、{{ refs(\"deletion_return\", \"liability\", \"jurisdiction\") }}の"
          "規定は当該規定の目的が達成されるまでの間、なお効力を有する。{% if strict %}ただし、"
          "{{ ref(\"confidentiality\") }}の規定のうち個人情報に関する部分は、期間の定めなく効力を有する。"
          "{% endif %}"),
]

SURVIVAL_ANNEX = [
    ("h", "survival", "存続"),
    ("p", "原契約が期間満了、解除その他の事由により終了した場合であっても、"
          "本特記事項{{ ref(\"confidentiality\", heading=True) }}の規定は"
          "原契約終了後{{ survival_years }}年間、{{ refs(\"deletion_return\", \"liability\") }}の規定は当該規定の"
          "目的が達成されるまでの間、なお効力を有する。{% if strict %}ただし、{{ ref(\"confidentiality\") }}の規定の"
          "うち個人情報に関する部分は、期間の定めなく効力を有する。{% endif %}"),
]

DEFINITIONS = [
    ("h", "definitions", "定義"),
    ("p", "《本書》において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。"),
    ("i", "個人情報　個人情報の保護に関する法律に定める個人情報であって、乙が本業務に関して甲から提供を受け、"
          "又は本業務の遂行にあたり取得したもの"),
    ("i", "機密情報　本業務に関して甲が乙に開示した技術上、営業上その他一切の情報であって、甲が秘密である旨を"
          "明示したもの及びその性質上秘密として取り扱うべきもの"),
    ("i", "秘密情報等　個人情報及び機密情報（これらの複製物を含む。）"),
]


def emit(w: Writer, ops, annex=False, keep=False):
    """Write the operations; ``keep``: every paragraph kept with the next (the
    last article, so that it stays with the signature block)."""
    for op in ops:
        kind, *args = op
        args = [_annexify(a, annex) for a in args]
        if kind == "h":
            w.heading(*args)
        elif kind == "p":
            w.para(args[0], keep=keep)
        elif kind == "i":
            w.item(args[0], keep=keep)
        elif kind == "t":
            w.tag(args[0], keep_next=keep)
        else:
            raise ValueError(kind)


def _annexify(text: str, annex: bool) -> str:
    if not annex:
        return text.replace("《契約》", "本契約").replace("《本書》", "本契約")
    text = text.replace("《契約》", "原契約").replace("《本書》", "原契約又は本特記事項")
    text = text.replace("本条", "本特記事項")
    return text.replace("甲", "{{ A }}").replace("乙", "{{ B }}")


SEAL = "{% if paper %}　㊞{% endif %}"


def closing(w: Writer, paper_text: str, electronic_text: str, date_var: str):
    """The closing sentence (書面 / 電子契約) and the date, kept with what follows."""
    w.tag("{%p if paper %}", keep_next=True)
    w.p(paper_text, before=12, indent=1, keep_next=True, keep_lines=True)
    w.tag("{%p else %}", keep_next=True)
    w.p(electronic_text, before=12, indent=1, keep_next=True, keep_lines=True)
    w.tag("{%p endif %}", keep_next=True)
    w.p(f"{{{{ {date_var} }}}}", before=10, after=6, indent=2, keep_next=True)


def signature_block(w: Writer, parties, keep_with_following=False):
    """The parties side by side: (label, party variable) each. 住所 / 名称 /
    代表者, with ㊞ on paper; one row that never splits, kept with the lines
    before it."""
    widths = [w.text_width_mm / len(parties)] * len(parties)
    t = w.d.add_table(rows=1, cols=len(parties))
    _fixed_grid(t, widths)
    _no_borders(t)
    row = t.rows[0]
    _row_props(row, cant_split=True)
    for ci, (label, var) in enumerate(parties):
        cell = row.cells[ci]
        _cell_width(cell, widths[ci])
        cell.paragraphs[0].text = ""
        _format(cell.paragraphs[0], label, keep_next=True)
        for key, name in (("住　所", "address"), ("名　称", "name"), ("代表者", "representative")):
            seal = SEAL if name == "representative" else ""
            _format(cell.add_paragraph(), f"{key}　{{{{ {var}.{name} }}}}{seal}", indent=1, hanging=4,
                    keep_next=True, keep_lines=True)
        if not keep_with_following:
            cell.paragraphs[-1].paragraph_format.keep_with_next = False
    return t


def stamp_box(w: Writer):
    """The 収入印紙 box of a paper contract (top left of the first page)."""
    w.tag("{%p if paper %}")
    t = w.d.add_table(rows=1, cols=1)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    _fixed_grid(t, [22])
    row = t.rows[0]
    _row_props(row)
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_el("w:trHeight", **{"w:val": int(Mm(22).twips), "w:hRule": "exact"}))
    cell = row.cells[0]
    _cell_width(cell, 22)
    _cell_text(cell, "収入印紙", size=8, align="center")
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(_el("w:vAlign", **{"w:val": "center"}))
    cell.paragraphs[0].runs[0].font.color.rgb = __import__("docx").shared.RGBColor(0x80, 0x80, 0x80)
    w.tag("{%p endif %}")


# --- the documents ----------------------------------------------------------------


def outsourcing():
    w = Writer("業務委託契約書")
    stamp_box(w)
    w.title("業務委託契約書", after=12)
    w.p("{{ client.name }}（以下「甲」という。）と{{ contractor.name }}（以下「乙」という。）とは、甲が乙に委託する"
        "業務について、次のとおり業務委託契約（以下「本契約」という。）を締結する。", align="justify", after=6)
    emit(w, [
        ("h", "purpose", "目的"),
        ("p", "本契約は、甲が乙に対し、{{ work_title }}（以下「本業務」という。）を委託し、乙がこれを受託するに"
              "あたり、その条件並びに本業務において取り扱う個人情報及び機密情報の取扱いについて定めることを目的と"
              "する。"),
        ("p", "本業務の内容、作業場所及び取り扱う個人情報等の項目は、別紙のとおりとする。"),
        ("h", "term", "契約期間"),
        ("p", "本契約の有効期間は、{{ start_date }}から{{ end_date }}までとする。"),
        ("h", "fee", "委託料"),
        ("p", "甲は、本業務の対価として、乙に対し、金{{ fee|yen }}円（消費税及び地方消費税を除く。）を支払う。"),
        ("p", "{{ payment_terms }}"),
    ])
    emit(w, DEFINITIONS)
    emit(w, CONFIDENTIALITY)
    emit(w, SUBCONTRACTING)
    emit(w, SAFEGUARDS)
    emit(w, INCIDENT)
    emit(w, DELETION)
    emit(w, LIABILITY)
    emit(w, [
        ("h", "termination", "契約の解除"),
        ("p", "甲は、乙が本契約のいずれかの条項に違反し、相当の期間を定めて催告したにもかかわらず是正されないときは、"
              "本契約の全部又は一部を解除することができる。"),
        ("p", "甲は、乙による秘密情報等の取扱いに重大な問題が認められ、是正を求めても改善が見込まれないときは、"
              "催告を要せず、直ちに本契約の全部又は一部を解除することができる。"),
        ("p", "前2項の解除は、甲の乙に対する損害賠償の請求を妨げない。"),
        ("h", "antisocial", "反社会的勢力の排除"),
        ("p", "甲及び乙は、自ら又はその役員が、暴力団、暴力団員、暴力団関係企業その他の反社会的勢力に該当しない"
              "こと、及び将来にわたっても該当しないことを表明し、保証する。"),
        ("p", "甲又は乙は、相手方が前項の表明に違反したときは、何らの催告を要せず、直ちに本契約を解除することが"
              "できる。"),
    ])
    emit(w, SURVIVAL_CONTRACT)
    emit(w, [
        ("h", "consultation", "協議"),
        ("p", "本契約に定めのない事項又は本契約の解釈について疑義が生じた事項については、甲乙誠実に協議の上解決"
              "する。"),
    ])
    emit(w, [
        ("h", "jurisdiction", "合意管轄"),
        ("p", "本契約に関する一切の紛争については、{{ court }}を第一審の専属的合意管轄裁判所とする。"),
    ], keep=True)
    closing(w, "本契約の成立を証するため、本書2通を作成し、甲乙記名押印の上、各1通を保有する。",
            "本契約の締結を証するため、本電磁的記録を作成し、甲乙合意の後、電子署名を施し、各自その電磁的記録を"
            "保管する。", "contract_date")
    signature_block(w, [("甲", "client"), ("乙", "contractor")])

    w.page_break()
    w.p("別紙", bold=True)
    w.p("業務内容", align="center", bold=True, size=12, after=8)
    w.table([
        ["業務の名称", "{{ work_title }}"],
        ["業務の内容", "{{ work_description }}"],
        ["作業場所", "{{ work_location }}"],
        ["取り扱う個人情報等の項目", "{{ data_items }}"],
        ["乙の責任者", "{{ contractor.manager }}"],
        ["再委託", "{% if subcontracting == \"prohibited\" %}不可{% else %}甲の事前の書面による承認を得た場合に限り可"
                   "{% endif %}"],
        ["返却・削除の期限", "契約終了の日から{{ deletion_days }}日以内"],
    ], widths=[45, 115], size=10.5)
    w.p("以上", align="right")
    w.save("outsourcing.docx")


def annex():
    w = Writer("個人情報等の取扱いに関する特記事項")
    w.title("個人情報等の取扱いに関する特記事項")
    w.p("{{ client.name }}（以下「{{ A }}」という。）と{{ contractor.name }}（以下「{{ B }}」という。）とは、"
        "{{ base_contract_date }}付で締結した{{ base_contract_title }}（以下「原契約」という。）に基づき{{ B }}が"
        "行う業務（以下「本業務」という。）における個人情報及び機密情報の取扱いについて、原契約に付帯して、"
        "次のとおり特記事項（以下「本特記事項」という。）を定める。", align="justify", after=6)
    for block in (DEFINITIONS, CONFIDENTIALITY, SUBCONTRACTING, SAFEGUARDS, INCIDENT, DELETION, LIABILITY,
                  SURVIVAL_ANNEX):
        emit(w, block, annex=True)
    emit(w, [
        ("h", "precedence", "原契約との関係"),
        ("p", "本特記事項の定めと原契約の定めとが抵触するときは、本特記事項の定めが優先する。本特記事項に定めの"
              "ない事項は、原契約の定めによる。"),
    ], keep=True)
    w.tag("{%p if signature %}", keep_next=True)
    closing(w, "本特記事項の成立を証するため、本書2通を作成し、{{ A }}{{ B }}記名押印の上、各1通を保有する。",
            "本特記事項の締結を証するため、本電磁的記録を作成し、{{ A }}{{ B }}合意の後、電子署名を施し、各自その"
            "電磁的記録を保管する。", "agreement_date")
    signature_block(w, [("{{ A }}", "client"), ("{{ B }}", "contractor")], keep_with_following=True)
    w.tag("{%p endif %}", keep_next=True)
    w.p("以上", align="right", before=8)
    w.save("annex.docx")


def nda():
    w = Writer("秘密保持契約書")
    w.title("秘密保持契約書")
    w.tag("{%p if mutual %}")
    w.p("{{ discloser.name }}（以下「甲」という。）と{{ recipient.name }}（以下「乙」という。）とは、{{ purpose }}"
        "（以下「本目的」という。）のために相互に開示する秘密情報の取扱いについて、次のとおり秘密保持契約（以下"
        "「本契約」という。）を締結する。なお、本契約において、秘密情報を開示する当事者を「開示者」、秘密情報の"
        "開示を受ける当事者を「受領者」という。", align="justify", after=6)
    w.tag("{%p else %}")
    w.p("{{ discloser.name }}（以下「開示者」という。）と{{ recipient.name }}（以下「受領者」という。）とは、"
        "{{ purpose }}（以下「本目的」という。）のために開示者が受領者に開示する秘密情報の取扱いについて、次の"
        "とおり秘密保持契約（以下「本契約」という。）を締結する。", align="justify", after=6)
    w.tag("{%p endif %}")
    emit(w, [
        ("h", "definitions", "秘密情報"),
        ("p", "本契約において「秘密情報」とは、本目的のために開示者が受領者に対し書面、電磁的記録、口頭その他"
              "方法を問わず開示した技術上、営業上その他一切の情報であって、開示の際に秘密である旨が明示されたもの、"
              "及び開示者から提供を受けた個人情報（個人情報の保護に関する法律に定めるものをいう。）をいう。"),
        ("p", "前項の規定にかかわらず、次の各号のいずれかに該当する情報（個人情報を除く。）は、秘密情報に含まれない。"),
        ("i", "開示を受けた時点で既に公知であった情報"),
        ("i", "開示を受けた後、受領者の責めに帰すべき事由によらずに公知となった情報"),
        ("i", "開示を受けた時点で既に受領者が正当に保有していた情報"),
        ("i", "正当な権限を有する第三者から秘密保持義務を負うことなく適法に取得した情報"),
        ("h", "confidentiality", "秘密保持"),
        ("p", "受領者は、秘密情報を厳に秘密として保持し、開示者の事前の書面による承諾を得ることなく、第三者に開示"
              "し、又は漏えいしてはならない。"),
        ("p", "受領者は、秘密情報を本目的以外の目的に使用してはならない。"),
        ("p", "受領者は、本目的のために秘密情報を知る必要のある自己の役員及び従業員に限り、秘密情報を開示する"
              "ことができる。この場合、受領者は、当該役員及び従業員に本契約と同等の秘密保持義務を負わせ、その違反に"
              "ついて責任を負う。"),
        ("p", "受領者は、法令又は裁判所その他の公的機関の命令により秘密情報の開示を求められたときは、速やかに開示者"
              "に通知した上で、必要最小限の範囲で開示することができる。"),
        ("h", "safeguards", "秘密情報の管理"),
        ("p", "受領者は、秘密情報を善良な管理者の注意をもって管理し、秘密情報の漏えい、滅失又は毀損の防止のために"
              "必要かつ適切な安全管理措置を講じなければならない。"),
        ("p", "受領者は、秘密情報の漏えい、紛失、不正アクセスその他の事故が発生し、又はそのおそれがあることを知った"
              "ときは、直ちに開示者に報告し、開示者と協力して原因究明及び再発防止策を講じなければならない。"),
        ("h", "deletion_return", "秘密情報の返還及び削除"),
        ("p", "受領者は、本契約が終了したとき、又は開示者から請求があったときは、その日から{{ deletion_days }}日"
              "以内に、開示者の指示に従い、秘密情報（複製物を含む。）を開示者に返還し、又は復元不能な方法により"
              "削除若しくは廃棄しなければならない。"),
        ("p", "受領者は、前項の返還又は削除を完了したときは、速やかに、その対象、方法及び実施日を記載した削除証明書"
              "（データ返却・削除完了報告書）を開示者に提出しなければならない。"),
        ("h", "liability", "損害賠償"),
        ("p", "受領者は、本契約に違反し、又はその責めに帰すべき事由により秘密情報を漏えいして開示者に損害を与えた"
              "ときは、開示者に対し、その損害（合理的な範囲の弁護士費用を含む。）を賠償しなければならない。"),
        ("t", "{%p if liability_cap != \"none\" %}"),
        ("p", "前項に基づく損害賠償の額は、金{{ liability_cap_amount|yen }}円を上限とする。ただし、受領者の故意又は"
              "重大な過失による場合及び個人情報が漏えいした場合は、この限りでない。"),
        ("t", "{%p endif %}"),
        ("h", "term", "有効期間"),
        ("p", "本契約の有効期間は、{{ start_date }}から{{ term_years }}年間とする。"),
        ("h", "survival", "存続条項"),
        ("p", "本契約が終了した場合であっても、{{ ref(\"confidentiality\") }}及び{{ ref(\"safeguards\") }}の規定は"
              "本契約終了後{{ survival_years }}年間、{{ refs(\"deletion_return\", \"liability\", \"jurisdiction\") }}の"
              "規定は当該規定の目的が達成されるまでの間、なお効力を有する。"),
        ("h", "consultation", "協議"),
        ("p", "本契約に定めのない事項又は本契約の解釈について疑義が生じた事項については、両当事者が誠実に協議の上"
              "解決する。"),
    ])
    emit(w, [
        ("h", "jurisdiction", "合意管轄"),
        ("p", "本契約に関する一切の紛争については、{{ court }}を第一審の専属的合意管轄裁判所とする。"),
    ], keep=True)
    closing(w, "本契約の成立を証するため、本書2通を作成し、両当事者記名押印の上、各1通を保有する。",
            "本契約の締結を証するため、本電磁的記録を作成し、両当事者合意の後、電子署名を施し、各自その電磁的記録を"
            "保管する。", "contract_date")
    signature_block(w, [("{% if mutual %}甲{% else %}開示者{% endif %}", "discloser"),
                        ("{% if mutual %}乙{% else %}受領者{% endif %}", "recipient")])
    w.save("nda.docx")


FORM_MARGINS = (15, 20, 14, 20)  # top, right, bottom, left (mm): a form uses more of the page


def deletion_certificate():
    w = Writer("データ返却・削除完了報告書（削除証明書）", FORM_MARGINS)
    w.p("{{ report_date or blank_date }}", align="right")
    w.p("{% if client.name %}{{ client.name }}{% else %}　　　　　　　　　　　　{% endif %}　御中", before=6)
    w.p("所在地　{{ contractor.address }}", indent=20, hanging=4, before=6)
    w.p("名　称　{{ contractor.name }}", indent=20, hanging=4)
    w.p("代表者　{{ contractor.representative }}{% if not contractor.representative %}"
        "　　　　　　　　　　{% endif %}　㊞", indent=20, hanging=4, after=12)
    w.title("データ返却・削除完了報告書（削除証明書）", after=12)
    w.p("当社は、{{ base_contract_date or blank_date }}付で貴社と締結した"
        "{% if base_contract_title %}{{ base_contract_title }}{% else %}「　　　　　　　　　　　　」{% endif %}"
        "{% if base_contract_article %}{{ base_contract_article }}{% endif %}に基づき、同契約に関して取り扱った"
        "個人情報及び機密情報について、下記のとおり返却又は削除を完了したことを報告し、これを証明します。",
        align="justify", after=6)
    w.p("記", align="center", after=6)
    w.p("1．返却又は削除した情報", bold=True, keep_next=True)
    w.table([
        ["No.", "情報の名称・内容", "媒体・保存場所", "件数・数量", "処理方法", "実施日"],
        ["{%tr for d in rows %}", "", "", "", "", ""],
        ["{{ loop.index }}", "{{ d.name }}", "{{ d.location }}", "{{ d.quantity }}", "{{ d.method_label }}",
         "{{ d.date }}"],
        ["{%tr endfor %}", "", "", "", "", ""],
    ], widths=[10, 45, 35, 24, 24, 32], header=True, label_cols=(), center_cols=(0,), after=None, min_height_mm=7)
    w.p("処理方法の例: {{ methods_legend }}", size=8, after=8)
    w.p("2．実施内容", bold=True, keep_next=True)
    w.table([
        ["処理方法の詳細", "{{ method_detail }}"],
        ["複製物・バックアップ", "{{ backups_label }}"],
        ["再委託先における処理", "{{ subcontractor_label }}"],
        ["実施場所", "{{ place }}"],
        ["実施者", "{{ performed_by.department }}　{{ performed_by.name }}"],
        ["確認者（立会者）", "{{ witness }}"],
        ["添付資料", "{{ attachments }}"],
    ], widths=[40, 130], size=10, after=None, min_height_mm=6)
    w.p("以上", align="right", after=10)
    w.p("【委託元確認欄】", bold=True, keep_next=True)
    w.table([
        ["受領日", "{{ blank_date }}", "確認者", ""],
        ["確認結果", "□確認済　□追加確認が必要"],
    ], widths=[24, 61, 24, 61], label_cols=(0, 2), size=10, after=None, keep_together=True, min_height_mm=9)
    w.save("deletion-certificate.docx")


def vendor_assessment():
    w = Writer("委託先選定評価シート", FORM_MARGINS)
    w.title("委託先選定評価シート", after=8)
    w.p("個人情報又は機密情報を取り扱う業務の委託にあたり、委託先管理規程の選定基準に基づき委託先候補を評価する。",
        align="justify", after=4)
    w.p("1．評価対象", bold=True, keep_next=True)
    w.table([
        ["委託先候補", "{{ vendor.name }}", "代表者", "{{ vendor.representative }}"],
        ["所在地", "{{ vendor.address }}"],
        ["委託予定業務", "{{ work_title }}"],
        ["取り扱う情報", "{{ data_handled }}"],
        ["認証取得状況", "{{ certifications }}"],
        ["評価日", "{{ assessment_date or blank_date }}", "評価者",
         "{{ evaluator.department }}　{{ evaluator.name }}"],
    ], widths=[30, 60, 22, 58], label_cols=(0, 2), size=10, after=4, min_height_mm=6)
    w.p("2．選定基準ごとの評価", bold=True, keep_next=True)
    w.p("評価: A 適合　B 一部改善を要する　C 不適合　／　調査方法: "
        + "　".join(f"{lab}（{specs.SURVEY_METHODS_LONG[k]}）" for k, lab in specs.SURVEY_METHODS.items()),
        size=8, after=2, keep_next=True)
    rows = [["No.", "選定基準（確認の観点）", "調査方法", "所見", "根拠資料", "評価"]]
    for i, key in enumerate(specs.CRITERIA, 1):
        name, points = specs.CRITERIA_TEXT[key]
        rows.append([str(i), f"{name}\n（{points}）", f"{{{{ criteria.{key}.methods_box }}}}",
                     f"{{{{ criteria.{key}.comment }}}}", f"{{{{ criteria.{key}.evidence }}}}",
                     f"{{{{ criteria.{key}.rating }}}}"])
    w.table(rows, widths=[10, 47, 27, 44, 30, 12], header=True, label_cols=(), center_cols=(0, 5), after=4)
    w.p("3．総合評価", bold=True, keep_next=True)
    w.table([
        ["評価の内訳", "{{ rating_counts }}"],
        ["重大な懸念", "{{ serious_concern_label }}"],
        ["総合判定", "{{ decision_box }}"],
        ["条件・改善要請事項", "{{ conditions }}"],
        ["承認者", "{{ approver }}", "記録の保存期間", "{{ retention_years }}年間"],
    ], widths=[36, 62, 30, 42], label_cols=(0, 2), size=10, after=None, keep_together=True, min_height_mm=6)
    w.p("※調査の結果、個人情報・機密情報の取扱いに関して重大な懸念があると判断した場合は、委託先として選定しない。"
        "調査結果は本シートにより記録し、上記の期間保存する。", size=8, before=3)
    w.save("vendor-assessment.docx")


def self_check():
    w = Writer("委託先自己点検チェックリスト", FORM_MARGINS)
    w.title("委託先自己点検チェックリスト", after=8)
    w.table([
        ["委託元", "{{ client.name }}", "委託先", "{{ vendor.name }}"],
        ["委託業務", "{{ work_title }}"],
        ["点検対象期間", "{{ period_start or blank_date }}から{{ period_end or blank_date }}まで"],
        ["点検実施日", "{{ check_date or blank_date }}", "回答者", "{{ respondent.department }}　{{ respondent.name }}"],
    ], widths=[30, 55, 22, 63], label_cols=(0, 2), size=10, after=4, min_height_mm=6)
    w.p("各項目について該当する回答の□を■にし、「いいえ」又は「該当なし」の場合は備考欄に理由又は改善予定を記入"
        "してください。", align="justify", after=4, size=9.5)
    rows = [["No.", "点検項目", "回答", "備考"]]
    category_rows = []
    last = None
    for i, (qid, cat, q) in enumerate(specs.CHECK_ITEMS, 1):
        if cat != last:
            category_rows.append(len(rows))
            rows.append([f"【{cat}】"])
            last = cat
        rows.append([str(i), q, f"{{{{ a.{qid} }}}}", f"{{{{ notes.{qid} }}}}"])
    t = w.table(rows, widths=[10, 92, 44, 24], header=True, label_cols=(), center_cols=(0,), after=4)
    for ri in category_rows:  # a category row: shaded, left-aligned, kept with its first question
        cell = t.rows[ri].cells[0]
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
        for run in cell.paragraphs[0].runs:
            run.bold = True
        _shade(cell, "F2F2F2")
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    w.p("【委託元記入欄】", bold=True, before=4, keep_next=True)
    w.table([
        ["確認方法", "{{ review.methods_label }}"],
        ["確認結果", "{{ review.result }}"],
        ["是正措置の要否", "{{ review.corrective_label }}", "次回点検予定", "{{ review.next_date or blank_date }}"],
        ["確認者", "{{ review.reviewer }}"],
    ], widths=[30, 55, 26, 59], label_cols=(0, 2), size=10, after=None, keep_together=True, min_height_mm=6)
    w.p("※本チェックリストによる確認結果は記録として保存する。重大な問題が認められた場合は是正措置を求め、"
        "改善が見込まれないときは契約の見直し又は解除を検討する。", size=8, before=3)
    w.save("self-check.docx")


def main(argv=None):
    outsourcing()
    annex()
    nda()
    deletion_certificate()
    vendor_assessment()
    self_check()
    for p in sorted(OUT.glob("*.docx")):
        print(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
