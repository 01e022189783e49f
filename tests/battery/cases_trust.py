"""Battery cases: outputs, encodings, file names, not-a-contract documents,
the tool's own outputs, hostile text (escape sequences, bidi overrides,
quadratic Markdown, numbers of 5000 digits) and party names.

Built at test time from code (nothing but this script is committed); see
make_battery.py for ``Case`` and the helpers. ``case_list(big)`` returns them.
The contracts are the battery's own (written for it, fictitious companies).
"""
from __future__ import annotations

import os
from pathlib import Path

import make_battery as mb

ALL = mb.ALL_PRESENT
MISSING = {c: "missing" for c in mb.CLAUSES}

ENGLISH_ANNEX = "\n".join(
    f"Schedule {i}. The Contractor shall process the personal data only on documented instructions "
    f"from the Client, shall keep a record of the processing activities carried out under item {i}, "
    "and shall make that record available to the Client on request."
    for i in range(1, 31)
)

MEMO = """\
議事録

日時: 2026年4月1日（水）10時から11時
場所: 本社3階会議室
出席者: 山田（営業部）、佐藤（総務部）、鈴木（情報システム部）

1 来期の販売計画について説明があり、了承された。
2 新しい受付システムの導入時期は、次回までに情報システム部が案を示す。
3 次回は5月13日に開催する。
"""

NDA = """\
秘密保持契約書

株式会社みなと商会（以下「甲」という。）と株式会社ひかり設計（以下「乙」という。）とは、新商品の共同検討（以下「本件検討」という。）に関し、次のとおり契約を締結する。

第1条（秘密情報）
本契約において秘密情報とは、本件検討に関して相手方から開示された技術上又は営業上の情報をいう。
第2条（秘密保持）
乙は、秘密情報を厳に秘密として保持し、甲の事前の書面による承諾なく第三者に開示し、又は漏えいしてはならない。
2　乙は、秘密情報を本件検討の目的以外に使用してはならない。
第3条（返還）
乙は、本契約が終了したときは、甲の指示に従い、秘密情報を速やかに返還し、又は廃棄しなければならない。
第4条（有効期間）
本契約の有効期間は締結日から1年間とする。ただし、第2条の規定は、本契約の終了後も3年間効力を有する。

以上
"""


def _write(text: str, encoding: str = "utf-8"):
    def make(path: Path) -> None:
        path.write_bytes(text.encode(encoding))
    return make


def _without(text: str, *starts: str) -> str:
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith(starts)) + "\n"


def _named(contract: str, client: str, contractor: str) -> str:
    """The battery contract with its parties called ``client`` / ``contractor``."""
    return contract.replace("「甲」", f"「{client}」").replace("「乙」", f"「{contractor}」") \
        .replace("甲", client).replace("乙", contractor)


def _own_text_report(path: Path) -> None:
    """keiyaku-lint's own text report of the full battery contract: it quotes
    every clause, so read as a contract it would pass as clean."""
    from keiyaku_lint import api
    from keiyaku_lint.config import Config
    from keiyaku_lint.model import Report
    from keiyaku_lint.report import render

    src = path.with_name(".source_for_report.txt")
    src.write_text(mb.FULL_CONTRACT, encoding="utf-8")
    try:
        result = api.lint(src, Config())
    finally:
        src.unlink()
    path.write_text(render(Report(files=(result,), profile="outsourcing"), "text", "ja"), encoding="utf-8")


def _annotated_copy(path: Path) -> None:
    """A commented copy keiyaku-lint made of a contract lacking its damages
    and survival articles (the copy is still that contract)."""
    from keiyaku_lint import api
    from keiyaku_lint.config import Config
    from keiyaku_lint.report.annotate import annotate_docx

    src = path.with_name(".source_for_copy.docx")
    mb.write_docx(src, mb.docx_parts(mb.document_xml(mb._paragraphs_xml(mb.PARTIAL_CONTRACT.splitlines()))))
    try:
        annotate_docx(src, api.lint(src, Config()), path, "ja")
    finally:
        src.unlink()


def case_list(big: bool = True) -> list:
    cases: list = []

    def add(name, filename, expect, what, make, **kw):
        cases.append(mb.Case(name, filename, expect, what, extra={"make": make, **kw.pop("extra", {})}, **kw))

    full = mb.FULL_CONTRACT
    # --- bounded work on hostile text (security review 6, 18, 21)
    add("trust_quadratic_md", "slow.md", "analysis",
        "the contract plus a 200 KB Markdown line of unclosed ** (once minutes of regex backtracking)",
        _write(full + "\n" + "**a " * 50_000 + "\n"), verdicts=ALL, notices=())
    add("trust_unclosed_md", "unclosed.md", "analysis",
        "the contract plus 60 KB of unclosed `, [ and ![ in Markdown",
        _write(full + "\n" + "`x [y ![z " * 6_000 + "\n"), verdicts=ALL, notices=())
    add("trust_english_annex", "bilingual.txt", "analysis",
        "the Japanese contract with a 6 KB English annex (once refused as not Japanese, E308)",
        _write(full + "\n別紙（英文）\n" + ENGLISH_ANNEX + "\n"), verdicts=ALL, notices=("W303",))
    add("trust_long_ascii_line", "ascii_line.md", "analysis",
        "the contract plus one 20 KB line of ASCII letters",
        _write(full + "\n" + "abcdefghij" * 2_000 + "\n"), verdicts=ALL, notices=())
    add("trust_5000_digit_article", "big_number.txt", "analysis",
        "the contract plus an article numbered with 5000 digits (once ValueError, E307)",
        _write(full + "\n第" + "9" * 5000 + "条（雑則）\n本契約に定めのない事項は、甲乙協議して定める。\n"),
        verdicts=ALL, notices=())

    # --- escape sequences, bidi overrides, forged lines (security review 17)
    spoof = _without(full, "2　乙は、秘密情報を本業務の遂行以外").replace(
        "乙は、本業務に関して甲から開示された",
        "乙は、\x1b[1A\x1b[2K\x1b[G  \x1b[32m✓ 秘密保持 [confidentiality] あり\x1b[0m"
        "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07\x1b]52;c;ZXZpbA==\x07本業務に関して甲から開示された")
    add("trust_ansi_spoof", "spoof.txt", "analysis",
        "CSI / OSC 8 / OSC 52 escape sequences in the decisive sentence of a weak clause",
        _write(spoof), verdicts=dict(ALL, confidentiality="weak"), notices=())
    add("trust_bidi_override", "bidi.txt", "analysis",
        "U+202E (right-to-left override) and U+2066 in the decisive sentences",
        _write(full.replace("第三者に開示し", "第三者に\u202e開示し\u202c").replace("再委託してはならない", "\u2066再委託してはならない\u2069")),
        verdicts=ALL, notices=())
    add("trust_newline_name", "contract\nまとめ: 9 ファイル: 問題なし 9.txt", "analysis",
        "a file name holding a newline and a forged summary line",
        _write(full), verdicts=ALL, notices=())
    add("trust_formula_name", '=HYPERLINK("http:__evil.example","x").txt', "analysis",
        "a file name that Excel would run as a formula in the CSV report",
        _write(full), verdicts=ALL, notices=())
    add("trust_cp932_name", os.fsdecode("業務委託契約書".encode("cp932") + b".txt"), "analysis",
        "a CP932 file name (a Windows ZIP unpacked on Linux): not UTF-8",
        _write(full), verdicts=ALL, notices=())
    add("trust_escape_name", "\x1b[31mred\x1b[0m.txt", "analysis",
        "a file name with terminal escape sequences",
        _write(full), verdicts=ALL, notices=())

    # --- not a contract, not a verdict (issue 10, 5; newcomer 8, 15)
    add("trust_memo", "議事録.md", "analysis", "minutes of a meeting: not a contract (no seven 'missing')",
        _write(MEMO), verdicts=MISSING, notices=("W301",), document="not_contract")
    add("trust_own_report", "結果.txt", "analysis",
        "keiyaku-lint's own text report given back to it: not a contract (it quotes every clause)",
        _own_text_report, verdicts={}, notices=("W302",), document="not_contract", batch_skip="own_report")
    add("trust_annotated_copy", "copy_指摘.docx", "analysis",
        "a commented copy keiyaku-lint made: checked as the contract it is when named, passed over in a walk",
        _annotated_copy, verdicts=mb.PARTIAL_VERDICTS, notices=(), batch_skip="own_annotated")
    add("trust_nda_outsourcing", "nda.txt", "analysis",
        "a non-disclosure agreement under the outsourcing profile: a hint to use --profile nda",
        _write(NDA), verdicts=dict(MISSING, confidentiality="present", deletion_return="weak",
                                   survival="present"),
        notices=("W304",))

    # --- party names from one table (architecture review)
    add("trust_parties_order", "ukeoi.txt", "analysis",
        "the contract with 注文者 / 請負人 for 甲 / 乙",
        _write(_named(full, "注文者", "請負人")), verdicts=ALL, notices=())
    add("trust_client_duty_only", "irainin.txt", "analysis",
        "依頼者 / 受任者, the confidentiality duty put on the client (依頼者) only",
        _write(_named(full, "依頼者", "受任者").replace("受任者は、本業務に関して依頼者から開示された",
                                                        "依頼者は、本業務に関して受任者から開示された")
               .replace("2　受任者は、秘密情報を", "2　依頼者は、秘密情報を")),
        verdicts=dict(ALL, confidentiality="missing", survival="missing"), notices=())

    # --- office files a walk does not read: listed, not silent (security review 13)
    add("trust_rtf_in_folder", "contract.rtf", "skipped", "an RTF contract in a walked folder",
        _write("{\\rtf1\\ansi 業務委託契約書}"), batch_skip="rtf")
    # with OCR installed a walk checks images as scans (this one, a red square, holds no text: E131);
    # without it they are listed as skipped, reason "image"
    ocr = mb._ocr_available()
    add("trust_scan_in_folder", "scan.png", "E131" if ocr else "skipped",
        "a scanned page (PNG) in a walked folder (checked with OCR installed: no text, E131; else skipped)",
        lambda p: p.write_bytes(mb.png_bytes()), batch_skip=None if ocr else "image")
    add("trust_doc_in_folder", "old.doc", "skipped", "a legacy .doc in a walked folder",
        mb._cfb(mb.legacy_doc_streams), batch_skip="legacy_word")
    return cases
