"""What kind of document was given, before and after its clauses are judged.

* ``enough_japanese``: a document is analysed when its Japanese part is a
  real text, whatever else it holds: a Japanese contract with a long English
  annex is analysed (the English part gets a notice); a document with almost
  no Japanese is E308.
* ``is_own_report``: keiyaku-lint's own report, given back to it, is not a
  contract (it quotes every clause's evidence and would pass as "clean").
* ``judge``: a document in which no clause was found at all and that shows
  no sign of being a contract (no articles 第N条 / numbered sections, no
  contract word in its title, no parties, hardly any provision phrased as a
  duty) is reported as "not a contract" instead of seven "missing"; the
  verdicts stay in the result for tools. The test is deliberately narrow: a
  contract that lacks every clause still has articles, parties or a title
  that says what it is, and stays a contract.
* An NDA checked under the outsourcing profile gets a hint to use
  ``--profile nda``.
"""
from __future__ import annotations

import re

from keiyaku_lint.errors import notice
from keiyaku_lint.marks import is_report_text
from keiyaku_lint.model import Contract

_JA = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
MIN_JAPANESE = 20  # characters: less is never a Japanese text
JAPANESE_PART = 200  # characters: a Japanese part this long is analysed whatever else the file holds

_CONTRACT_TITLE = re.compile(
    r"契約|約款|規約|規程|覚書|覚え書|誓約|合意|協定|特記事項|念書|確認書|同意書|取決|取り決|"
    r"agreement|contract|terms|addendum|memorandum", re.I)
_DUTY = re.compile(r"なければならない|てはならない|ものとする|ことができる|負う|いたします|いたしません|します。|しません。")
_NDA_TITLE = re.compile(r"秘密保持|機密保持|守秘義務|秘密情報の取扱い|NDA|non[- ]?disclosure|confidentiality agreement", re.I)
_OUTSOURCING_TITLE = re.compile(r"委託|請負|業務|委任|取扱い|取扱")


_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+")
_SEPARATOR = re.compile(r"[\s,.;:'’\"“”()\-/&]{1,4}")


def japanese_share(text: str) -> tuple[int, int]:
    """(Japanese characters, letters of prose in other scripts) in ``text``.
    Only prose counts as the other language: runs of four or more words of
    two letters or more, separated by spaces or punctuation. A long line of
    letters without spaces, list labels (aaaa…), codes and product names
    are not a text in another language. One pass over the words: linear."""
    ja = len(_JA.findall(text))
    other = 0
    run_letters, run_words, last_end = 0, 0, -10
    for m in _WORD.finditer(text):
        gap = text[last_end:m.start()]
        joined = last_end >= 0 and (m.start() == last_end or _SEPARATOR.fullmatch(gap) is not None)
        if not joined or len(m.group()) < 2:
            if run_words >= 4:
                other += run_letters
            run_letters, run_words = 0, 0
        if len(m.group()) >= 2:
            run_letters += len(m.group())
            run_words += 1
        last_end = m.end()
    if run_words >= 4:
        other += run_letters
    return ja, other


def enough_japanese(ja: int, other: int) -> bool:
    if ja < MIN_JAPANESE:
        return False
    return ja >= JAPANESE_PART or ja >= 0.15 * (ja + other)


def is_own_report(contract: Contract) -> bool:
    return is_report_text(contract.document.text)


def own_report_notice():
    return notice("W302")


def _looks_like_contract(contract: Contract) -> bool:
    # 第N条, or numbered sections with headings (1. 目的): a list of numbered
    # points in a memo is not an article structure
    articles = sum(1 for a, _ in contract.articles() if (a.label or "").startswith("第") or a.heading)
    if articles >= 2:
        return True
    if contract.title and _CONTRACT_TITLE.search(contract.title):
        return True
    if any(p.role for p in contract.parties) or len(contract.parties) >= 2:
        return True
    head = contract.document.text[:400]
    if _CONTRACT_TITLE.search(head) and len(_DUTY.findall(contract.document.text)) >= 3:
        return True
    return len(_DUTY.findall(contract.document.text)) >= 6


def judge(contract: Contract, profile: str, clauses, ja: int, other: int):
    """(kind, notices) of an analysed document."""
    notices = []
    kind = "contract"
    if clauses and all(c.status == "missing" for c in clauses) and not _looks_like_contract(contract):
        kind = "not_contract"
        notices.append(notice("W301"))
    title = (contract.title or contract.document.text[:60]).strip("\ufeff \u3000")
    if (kind == "contract" and profile == "outsourcing" and _NDA_TITLE.search(title)
            and not _OUTSOURCING_TITLE.search(title.replace("取扱いに関する", ""))):
        notices.append(notice("W304", title=title[:40]))
    if ja and other > ja:  # a long part in another language (an English annex, a translation)
        notices.append(notice("W303", share=round(100 * other / (ja + other))))
    cut = cut_off(contract)
    if kind == "contract" and cut:
        notices.append(notice("W305", where=cut))
    return kind, tuple(notices)


_FINAL = tuple("。．.」』）)!！?？")
_NOT_PROSE = re.compile(r"署名|記名|住所|所在地|代表者|代表取締役|理事長|㊞|印$|株式会社|有限会社|合同会社|"
                        r"[0-9０-９〇一二三四五六七八九十元]+年[0-9０-９〇一二三四五六七八九十]+月|@|https?:|電話|TEL|FAX|〒")


def cut_off(contract: Contract):
    """The article a document ends inside, mid-sentence (a page excerpt, a
    file cut short), or None: its last node is an article whose last line
    has no sentence-final mark. What follows the cut was not read."""
    if not contract.nodes or contract.nodes[-1].kind != "article":
        return None
    art = contract.nodes[-1]
    last = [n for n in art.walk() if n.text.strip()]
    if not last:
        return None
    tail = last[-1].text.strip().splitlines()[-1].strip()
    # prose cut short, not a signature, address, date or contact line without a full stop
    if len(tail) < 15 or tail.endswith(_FINAL) or "、" not in tail or _NOT_PROSE.search(tail):
        return None
    from keiyaku_lint.analyze.engine import _article_label

    return _article_label(art) + (f"（{art.heading}）" if art.heading else "")
