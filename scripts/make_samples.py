#!/usr/bin/env python
"""Generate the sample contracts in samples/ and samples/expected.json.

Each contract is defined once below as data (title, parties, preamble,
articles with paragraphs and items, annexes, closing and signature) together
with what its author intends the tools to find (references, clause verdicts).
Renderers turn that data into the formats each sample needs:

  text      UTF-8 / UTF-8 with BOM / CP932 plain text, or Markdown
  docx      python-docx plus raw XML for Word automatic numbering
            (numbering.xml), tracked changes (w:ins / w:del), tables and
            header / footer parts with a PAGE field
  pdf       LibreOffice (soffice --headless) from a DOCX rendering

Run from the repository root:

    python scripts/make_samples.py            # regenerate samples/
    python scripts/make_samples.py --no-pdf   # keep the committed PDFs

The output is deterministic: DOCX zip entries carry a fixed timestamp and fixed
core properties, and the PDF's creation dates and /ID are overwritten with
fixed values of the same length. If LibreOffice is not installed the existing
PDFs are kept (and their page facts read back from them when poppler's
pdftotext is available).

The contract texts were written for this project; they copy no third-party
contract.
"""
from __future__ import annotations

import argparse
import copy
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
OUT = SAMPLES  # where build() writes; --out changes it
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_DT = datetime(2026, 1, 1, 0, 0, 0)
FIXED_PDF_DATE = b"D:20260101000000"

# ---------------------------------------------------------------------------
# Data model of a sample contract
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    text: str
    sub: tuple["Item", ...] = ()

    def count(self) -> int:
        return 1 + sum(s.count() for s in self.sub)


@dataclass(frozen=True)
class Para:
    """One 項. text may hold tracked changes: [-deleted-] and [+inserted+];
    the accepted reading drops the first and keeps the second."""

    text: str
    items: tuple[Item, ...] = ()
    table: Optional[tuple[tuple[str, ...], ...]] = None  # rows, first row = header


@dataclass(frozen=True)
class Article:
    number: str  # "3", "5-2"
    heading: Optional[str]
    paras: tuple[Para, ...]

    def n_items(self) -> int:
        return sum(i.count() for p in self.paras for i in p.items)


@dataclass(frozen=True)
class Annex:
    label: str  # 別記 / 別紙
    title: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Ref:
    """A cross reference as the author means it: written in article/paragraph
    ``source``, pointing at ``targets``. range=True for 第3条から第5条まで.
    external=True for a reference to a statute (著作権法第27条), which points
    at no article of this contract and must not be reported as broken.
    broken=True for a reference to an article the contract does not have."""

    text: str
    source: tuple[str, str]
    targets: tuple[tuple[str, ...], ...] = ()
    range: bool = False
    external: bool = False
    broken: bool = False


@dataclass(frozen=True)
class Party:
    alias: str
    name: str
    role: str  # client | contractor
    address: str


@dataclass(frozen=True)
class Clause:
    status: str  # present | weak | missing
    where: Optional[str] = None  # article number ("8", "別記 第2")
    missing: tuple[str, ...] = ()
    note: Optional[str] = None


@dataclass(frozen=True)
class Contract:
    key: str
    title: str
    parties: tuple[Party, ...]
    preamble: tuple[str, ...]
    articles: tuple[Article, ...]
    closing: str
    date: str
    refs: tuple[Ref, ...]
    clauses: dict
    annexes: tuple[Annex, ...] = ()
    summary_ja: str = ""
    summary_en: str = ""


def A(number, heading, *paras):
    return Article(str(number), heading, tuple(p if isinstance(p, Para) else Para(p) for p in paras))


def P(text, *items, table=None):
    return Para(text, tuple(i if isinstance(i, Item) else Item(i) for i in items), table)


def I(text, *sub):
    return Item(text, tuple(s if isinstance(s, Item) else Item(s) for s in sub))


CLAUSE_IDS = (
    "confidentiality",
    "subcontracting",
    "safeguards",
    "incident_reporting",
    "deletion_return",
    "survival",
    "liability",
)

# ---------------------------------------------------------------------------
# The contracts
# ---------------------------------------------------------------------------

OUTSOURCING_FULL = Contract(
    key="outsourcing_full",
    title="業務委託契約書",
    parties=(
        Party("甲", "株式会社みなと商事", "client", "東京都港区〇〇一丁目1番1号"),
        Party("乙", "株式会社ひかりデータサービス", "contractor", "大阪府大阪市北区〇〇二丁目2番2号"),
    ),
    preamble=(
        "委託者 株式会社みなと商事（以下「甲」という。）と受託者 株式会社ひかりデータサービス（以下「乙」という。）とは、"
        "甲が乙に委託する顧客管理システムの運用及びデータ入力業務（以下「本業務」という。）に関し、"
        "次のとおり業務委託契約（以下「本契約」という。）を締結する。",
    ),
    articles=(
        A(1, "目的",
          "本契約は、甲が乙に本業務を委託するにあたり、本業務の遂行に関して乙が取り扱う個人情報及び機密情報の"
          "適正な取扱いを確保するとともに、本業務に関する甲乙間の権利義務を定めることを目的とする。"),
        A(2, "定義",
          P("本契約において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。",
            "「個人情報」とは、生存する個人に関する情報であって、当該情報に含まれる氏名、生年月日その他の記述等により"
            "特定の個人を識別することができるもの（他の情報と容易に照合することができ、それにより特定の個人を識別する"
            "ことができることとなるものを含む。）をいう。",
            "「機密情報」とは、本業務に関連して甲が乙に開示し、又は乙が知り得た甲の技術上、営業上その他一切の情報であって、"
            "公知でないものをいう。",
            "「本件情報」とは、個人情報及び機密情報を総称していう。")),
        A(3, "委託業務の内容",
          P("甲は、乙に対し、次の各号に掲げる業務を委託し、乙はこれを受託する。",
            "甲の顧客管理システムの運用及び監視",
            "甲が提供する申込書等に基づくデータ入力及び照合",
            "その他これらに付随する業務であって、甲乙協議のうえ書面により定めるもの"),
          "本業務の詳細な仕様、作業手順及び納期は、甲乙協議のうえ別途定める仕様書によるものとする。"),
        A(4, "委託料及び支払方法",
          "甲は、乙に対し、本業務の対価として、月額金400,000円（消費税別）を支払う。",
          "乙は、毎月末日をもって締め切り、当月分の委託料を翌月10日までに甲に請求し、甲は、請求を受けた月の末日までに"
          "乙の指定する銀行口座に振り込む方法により支払う。振込手数料は甲の負担とする。"),
        A(5, "業務の遂行",
          "乙は、本業務を善良な管理者の注意をもって遂行するとともに、個人情報の保護に関する法律その他の関係法令及び"
          "甲の指示を遵守しなければならない。",
          "乙は、本業務の責任者を定め、本契約締結後速やかに書面により甲に通知する。責任者を変更するときも同様とする。"),
        A(6, "業務の報告",
          "乙は、毎月10日までに、前月における本業務の実施状況を書面により甲に報告する。",
          "甲は、前項に定めるほか、必要があると認めるときは、乙に対し、本業務の実施状況について報告を求めることができる。"),
        A(7, "再委託",
          "乙は、甲の事前の書面による承認を得た場合を除き、本業務の全部又は一部を第三者に再委託してはならない。",
          "乙は、前項の承認を得て本業務を再委託する場合には、再委託先との間で書面により契約を締結し、再委託先に対し、"
          "本契約に基づき乙が負う安全管理措置及び秘密保持の義務と同等の義務を課さなければならない。",
          "乙は、再委託先の行為について、自らの行為と同様に甲に対して責任を負う。",
          "乙は、再委託先において本件情報の漏えい、紛失その他の事故が発生し、又は発生したおそれがあるときは、"
          "直ちに甲に報告しなければならない。"),
        A(8, "秘密保持",
          "乙は、本件情報を秘密として保持し、甲の事前の書面による承諾なく第三者に開示し、又は漏えいしてはならない。"
          "また、乙は、本件情報を本業務の遂行以外の目的に使用してはならない。",
          P("前項の規定にかかわらず、次の各号のいずれかに該当する情報（個人情報を除く。）については、乙は前項の義務を負わない。",
            "開示を受けた時点で既に公知であった情報",
            "開示を受けた後、乙の責めによらずに公知となった情報",
            "正当な権限を有する第三者から秘密保持義務を負うことなく適法に取得した情報",
            "法令又は裁判所その他の公的機関の命令により開示を求められた情報（ただし、開示に先立ち甲に通知した場合に限る。）")),
        A(9, "安全管理措置",
          "乙は、本件情報の漏えい、滅失又は毀損の防止その他の安全管理のため、甲の個人情報保護規程及び情報セキュリティ規程と"
          "同等以上の水準の安全管理措置を講じなければならない。",
          P("乙は、前項の安全管理措置として、少なくとも次の各号に掲げる措置を講じるものとする。",
            "本件情報を取り扱う従業者の限定及び当該従業者に対する教育",
            "本件情報を保管する区域への入退室管理及び施錠管理",
            "本件情報を取り扱う情報システムへのアクセス制御、アクセス記録の保存及び不正アクセスの防止",
            "本件情報の持出し及び複製の禁止（甲が書面により承認した場合を除く。）"),
          "甲は、乙における安全管理措置の実施状況を確認するため、乙に対し報告を求め、又は乙の事業所に立ち入り調査することが"
          "できる。乙は、正当な理由なくこれを拒んではならない。"),
        A(10, "事故発生時の措置",
          "乙は、本件情報の漏えい、紛失、不正アクセスその他の事故が発生し、又は発生したおそれがあることを知ったときは、"
          "直ちに甲に報告し、その指示に従わなければならない。",
          "乙は、前項の事故について、甲と協力してその原因を究明し、被害の拡大防止のための措置及び再発防止策を講じるとともに、"
          "その内容を書面により甲に報告しなければならない。",
          "甲は、第1項の事故が発生した場合において、必要があると認めるときは、本人への通知及び事故の公表を行うことができる。"),
        A(11, "契約期間",
          "本契約の有効期間は、2026年4月1日から2027年3月31日までとする。ただし、期間満了の1か月前までに甲乙いずれからも"
          "書面による別段の意思表示がないときは、本契約は同一条件でさらに1年間更新されるものとし、以後も同様とする。"),
        A(12, "資料等の返還及び削除",
          "乙は、本契約が終了したとき、又は甲から請求があったときは、甲の指示に従い、本件情報（その複製物を含む。）を"
          "甲に返却し、又は復元不能な方法により削除若しくは廃棄しなければならない。",
          "乙は、前項の返却又は削除若しくは廃棄を、本契約の終了日又は甲の請求の日から30日以内に完了し、その完了後速やかに、"
          "削除証明書又は完了報告書を甲に提出しなければならない。"),
        A(13, "契約の解除",
          P("甲又は乙は、相手方が次の各号のいずれかに該当したときは、何らの催告を要せず、直ちに本契約の全部又は一部を"
            "解除することができる。",
            "本契約に違反し、相当の期間を定めて催告したにもかかわらず、当該期間内に是正されないとき",
            "第8条又は第9条の規定に違反したとき",
            "支払停止若しくは支払不能の状態に陥ったとき、又は破産手続開始、民事再生手続開始若しくは会社更生手続開始の"
            "申立てがあったとき",
            "差押え、仮差押え、仮処分又は競売の申立てを受けたとき")),
        A(14, "反社会的勢力の排除",
          "甲及び乙は、自ら又はその役員が、暴力団、暴力団員、暴力団関係企業その他これらに準ずる者（以下「反社会的勢力」という。）"
          "に該当しないこと、及び反社会的勢力と社会的に非難されるべき関係を有しないことを表明し、将来にわたっても該当しないことを"
          "確約する。",
          "甲又は乙は、相手方が前項の表明又は確約に違反したときは、何らの催告を要せず、直ちに本契約を解除することができる。"),
        A(15, "損害賠償",
          "甲又は乙は、本契約に違反し、又は本業務の遂行に関し故意若しくは過失により相手方に損害を与えたときは、"
          "その損害を賠償しなければならない。",
          "乙の責めに帰すべき事由により本件情報の漏えい等の事故が発生した場合には、乙は、当該事故により甲に生じた損害"
          "（本人への対応、事故調査及び再発防止に要した合理的な費用を含む。）を賠償するものとする。",
          "第1項及び前項に基づく損害賠償の額は、故意又は重大な過失による場合を除き、損害発生の直前12か月間に甲が乙に支払った"
          "委託料の総額を上限とする。"),
        A(16, "存続条項",
          "第8条、第12条及び第15条の規定は、本契約終了後も5年間有効に存続する。"),
        A(17, "権利義務の譲渡禁止",
          "甲及び乙は、相手方の事前の書面による承諾を得ないで、本契約上の地位又は本契約に基づく権利若しくは義務を"
          "第三者に譲渡し、承継させ、又は担保に供してはならない。"),
        A(18, "合意管轄",
          "本契約に関する一切の紛争については、東京地方裁判所を第一審の専属的合意管轄裁判所とする。"),
        A(19, "協議",
          "本契約に定めのない事項又は本契約の解釈について疑義が生じた事項については、甲乙誠実に協議のうえ解決するものとする。"),
    ),
    closing="本契約締結の証として本書2通を作成し、甲乙記名押印のうえ、各1通を保有する。",
    date="2026年4月1日",
    refs=(
        Ref("前項", ("6", "2"), (("6", "1"),)),
        Ref("前項", ("7", "2"), (("7", "1"),)),
        Ref("前項", ("8", "2"), (("8", "1"),)),
        Ref("前項", ("8", "2"), (("8", "1"),)),
        Ref("前項", ("9", "2"), (("9", "1"),)),
        Ref("前項", ("10", "2"), (("10", "1"),)),
        Ref("第1項", ("10", "3"), (("10", "1"),)),
        Ref("前項", ("12", "2"), (("12", "1"),)),
        Ref("第8条", ("13", "1"), (("8",),)),
        Ref("第9条", ("13", "1"), (("9",),)),
        Ref("前項", ("14", "2"), (("14", "1"),)),
        Ref("第1項", ("15", "3"), (("15", "1"),)),
        Ref("前項", ("15", "3"), (("15", "2"),)),
        Ref("第8条", ("16", "1"), (("8",),)),
        Ref("第12条", ("16", "1"), (("12",),)),
        Ref("第15条", ("16", "1"), (("15",),)),
    ),
    clauses={
        "confidentiality": Clause("present", "8"),
        "subcontracting": Clause("present", "7"),
        "safeguards": Clause("present", "9"),
        "incident_reporting": Clause("present", "10"),
        "deletion_return": Clause("present", "12"),
        "survival": Clause("present", "16", note="第16条が第8条・第12条・第15条を条番号で列挙し、終了後5年間の存続を定める"),
        "liability": Clause("present", "15"),
    },
    summary_ja="7条項すべてを備えた業務委託契約書。DOCXは第N条をWordの自動番号（numbering.xml の「第%1条」）で振り、号は「(%2)」。PDFはそのDOCXをLibreOfficeで変換したもの（長い段落の折返し、表題のヘッダー、ページ番号のフッター）。存続条項は条番号の列挙（第8条、第12条及び第15条）。",
    summary_en="Outsourcing contract with all seven clauses. The DOCX numbers articles with Word automatic numbering (numbering.xml lvlText 第%1条, items (%2)); the PDF is LibreOffice's rendering of that DOCX (wrapped paragraphs, running header with the title, footer with a PAGE field). Survival lists article numbers.",
)

OUTSOURCING_WEAK = Contract(
    key="outsourcing_weak",
    title="業務委託契約書",
    parties=(
        Party("発注者", "株式会社さくら物流", "client", "神奈川県横浜市中区〇〇町3丁目4番5号"),
        Party("受注者", "株式会社ミライソリューションズ", "contractor", "東京都品川区〇〇四丁目6番7号"),
    ),
    preamble=(
        "株式会社さくら物流（以下「発注者」という。）及び株式会社ミライソリューションズ（以下「受注者」という。）は、"
        "発注者の配送管理システムの保守業務の委託に関し、以下のとおり契約（以下「本契約」という。）を締結する。",
    ),
    articles=(
        A(1, "目的",
          "発注者は、受注者に対し、発注者の配送管理システムの保守業務（以下「本業務」という。）を委託し、受注者はこれを受託する。"),
        A(2, "業務内容",
          P("本業務の内容は、次表のとおりとする。",
            table=(("区分", "内容", "実施頻度"),
                   ("障害対応", "障害発生時の原因調査及び復旧作業", "随時"),
                   ("定期保守", "ログの確認及びセキュリティ更新プログラムの適用", "毎月"),
                   ("問合せ対応", "発注者担当者からの操作方法に関する問合せへの回答", "平日9時から18時まで"))),
          "前項に定めのない業務については、発注者及び受注者が協議のうえ定める。"),
        A(3, "委託料",
          "発注者は、受注者に対し、本業務の委託料として月額金250,000円（消費税別）を、当月末日締め翌月末日払いにて、"
          "受注者の指定する銀行口座に振り込む方法により支払う。"),
        A(4, "秘密保持",
          "受注者は、本業務の遂行上知り得た発注者の営業上及び技術上の情報並びに個人情報（以下「秘密情報等」という。）を"
          "第三者に開示し、又は漏えいしてはならず、本業務以外の目的に利用してはならない。",
          "受注者は、その従業員に対し、前項の義務を遵守させるものとする。"),
        A(5, "再委託",
          "[-受注者は、発注者の書面による事前の承諾を得ることなく、本業務を第三者に再委託してはならない。-]"
          "[+受注者は、発注者に事前に通知することにより、本業務の全部又は一部を第三者に再委託することができる。+]",
          "受注者は、発注者の求めがあったときは、再委託先の名称及び所在地を発注者に通知する。"),
        A(6, "情報の管理",
          "受注者は、秘密情報等を善良な管理者の注意をもって適切に管理するものとする。"),
        A(7, "事故の報告",
          "受注者は、本業務に関して秘密情報等の漏えいその他の事故が発生したときは、発注者に報告するものとする。"
          "[+この場合、受注者は、発注者と協力して原因を究明し、再発防止策を講じるものとする。+]"),
        A(8, "資料の返還",
          "受注者は、本契約が終了したときは、発注者から提供を受けた資料及びデータを返還又は削除するものとする。"),
        A(9, "損害賠償",
          "発注者及び受注者は、本契約に違反して相手方に損害を与えたときは、その損害を賠償する責任を負う。"
          "ただし、受注者の賠償責任は、故意又は重大な過失による場合を除き、直近3か月分の委託料相当額を上限とする。"),
        A(10, "有効期間",
          "本契約の有効期間は、令和8年4月1日から令和9年3月31日までとする。",
          "第４条及び第８条の規定は、本契約終了後もなお効力を有する。"),
        A(11, "協議",
          "本契約に定めのない事項及び本契約の各条項の解釈に疑義が生じた事項については、発注者及び受注者が誠実に協議のうえ解決する。"),
    ),
    closing="本契約締結の証として本書2通を作成し、発注者及び受注者が記名押印のうえ、各1通を保有する。",
    date="令和8年4月1日",
    refs=(
        Ref("前項", ("2", "2"), (("2", "1"),)),
        Ref("前項", ("4", "2"), (("4", "1"),)),
        Ref("第４条", ("10", "2"), (("4",),)),
        Ref("第８条", ("10", "2"), (("8",),)),
    ),
    clauses={
        "confidentiality": Clause("present", "4"),
        "subcontracting": Clause("weak", "5", ("prior_approval", "flowdown", "responsibility", "incident_flowdown"),
                                 note="変更履歴で事前承諾の文が削除され（w:del）、通知のみで再委託できる文が挿入された（w:ins）。承諾済みの読みでは事前承認がない"),
        "safeguards": Clause("present", "6", (), note="善管注意による「適切に管理」: 情報の管理義務として安全管理措置に数える（規程と同等水準の明記はない）"),
        "incident_reporting": Clause("weak", "7", ("prompt",), note="協力して原因究明・再発防止の文は変更履歴の挿入（w:ins）。報告の速やかさがない"),
        "deletion_return": Clause("weak", "8", ("evidence", "deadline"), note="「返還又は削除」: 返還を選べるので方法は足りるが、証明書と期限がない"),
        "survival": Clause("weak", "10", ("period",), note="第10条第2項「終了後もなお効力を有する」に期間がない"),
        "liability": Clause("present", "9"),
    },
    summary_ja="発注者・受注者の契約で、いくつかの条項が弱いもの（通知だけで再委託可、方法・証明・期限のない削除、速やかさのない事故報告、期間のない存続）。見出しは条番号の前の行（（目的）／第１条 …）、条番号は全角数字、「及び」「並びに」。DOCXには変更履歴（w:ins による文の追加、w:del による文の削除）と業務内容の表がある。",
    summary_en="Client/contractor (発注者/受注者) contract with several weak clauses. Headings on the line before the full-width 第１条 label; tracked changes (w:ins adds a sentence, w:del removes one) and a 業務内容 table in the DOCX.",
)

WEB_SIMPLE = Contract(
    key="web_simple",
    title="Webサイト制作業務委託契約書",
    parties=(
        Party("甲", "株式会社あおば工務店", "client", "埼玉県さいたま市浦和区〇〇5丁目6番7号"),
        Party("乙", "株式会社ピクセルデザイン", "contractor", "東京都渋谷区〇〇二丁目8番9号"),
    ),
    preamble=(
        "株式会社あおば工務店（以下「甲」という。）と株式会社ピクセルデザイン（以下「乙」という。）は、"
        "甲のコーポレートサイトの制作業務（以下「本業務」という。）の委託について、次のとおり契約を締結する。",
    ),
    articles=(
        A(1, "委託業務",
          "甲は、乙に対し、本業務を委託し、乙はこれを受託する。本業務の内容は、甲乙間で別途合意する制作仕様書に定めるとおりとする。"),
        A(2, "納期",
          "乙は、2026年7月31日までに、本業務の成果物（以下「成果物」という。）を甲に納品する。"),
        A(3, "委託料",
          "甲は、乙に対し、本業務の委託料として金1,200,000円（消費税別）を支払う。",
          "甲は、第4条の検収完了後、乙の請求書を受領した日の属する月の翌月末日までに、前項の委託料を乙の指定する銀行口座に振り込む。"),
        A(4, "検収",
          "甲は、成果物の納品を受けた日から10営業日以内に検査を行い、合格したときは検収完了の旨を乙に通知する。",
          "検査の結果、成果物に不備が認められたときは、乙は、甲の指定する期限までに無償で修補する。"),
        A(5, "著作権",
          "成果物に関する著作権（著作権法第27条及び第28条に定める権利を含む。）は、委託料の支払完了をもって乙から甲に移転する。"
          "ただし、乙が従前から保有していた素材等の著作権は乙に留保される。",
          "乙は、甲及び甲の指定する者に対し、成果物について著作者人格権を行使しない。"),
        A(6, "損害賠償",
          "甲又は乙は、本契約に違反して相手方に損害を与えたときは、相手方に対し、その損害を賠償する。"
          "ただし、乙が負う損害賠償の額は、本契約の委託料の額を上限とする。"),
        A(7, "協議",
          "本契約に定めのない事項は、甲乙協議のうえ決定する。"),
    ),
    closing="本契約の成立を証するため本書2通を作成し、甲乙記名押印のうえ、各1通を保有する。",
    date="2026年5月1日",
    refs=(
        Ref("第4条", ("3", "2"), (("4",),)),
        Ref("前項", ("3", "2"), (("3", "1"),)),
        Ref("第27条", ("5", "1"), external=True),
        Ref("第28条", ("5", "1"), external=True),
    ),
    clauses={
        "confidentiality": Clause("missing"),
        "subcontracting": Clause("missing"),
        "safeguards": Clause("missing"),
        "incident_reporting": Clause("missing"),
        "deletion_return": Clause("missing"),
        "survival": Clause("missing"),
        "liability": Clause("present", "6"),
    },
    summary_ja="小規模なWeb制作の業務委託契約書。損害賠償（上限付き）以外の必須条項がない。CP932（Shift_JIS）・CRLFのテキスト。「著作権法第27条」は法令の条への参照で、契約の条ではない。",
    summary_en="Small web-design contract missing every clause but liability. CP932 (Shift_JIS) text with CRLF line ends. 著作権法第27条 refers to a statute, not to an article of the contract.",
)

NDA = Contract(
    key="nda",
    title="秘密保持契約書",
    parties=(
        Party("開示者", "株式会社北斗システムズ", "client", "福岡県福岡市博多区〇〇一丁目10番11号"),
        Party("受領者", "株式会社しおかぜ企画", "contractor", "兵庫県神戸市中央区〇〇通3丁目12番"),
    ),
    preamble=(
        "株式会社北斗システムズ（以下「開示者」という。）と株式会社しおかぜ企画（以下「受領者」という。）は、"
        "開示者が受領者に委託を検討している販売促進業務（以下「本件取引」という。）に関して開示者が受領者に開示する"
        "秘密情報の取扱いについて、次のとおり契約（以下「本契約」という。）を締結する。",
    ),
    articles=(
        A(1, "秘密情報の定義",
          P("本契約において「秘密情報」とは、本件取引に関し、開示者が受領者に対し書面、電磁的記録その他の方法により開示した"
            "技術上又は営業上の情報（顧客に関する個人情報を含む。）をいう。ただし、次の各号のいずれかに該当するものを除く。",
            "開示の時点で既に公知であったもの",
            "開示の後に受領者の責めによらずに公知となったもの",
            "開示の時点で既に受領者が正当に保有していたもの",
            "正当な権限を有する第三者から秘密保持義務を負うことなく取得したもの")),
        A(2, "秘密保持義務",
          "受領者は、秘密情報を厳に秘密として保持し、開示者の事前の書面による承諾なく、第三者に開示し、又は漏えいしてはならない。",
          "受領者は、秘密情報を本件取引の検討の目的以外に使用してはならない。",
          "受領者は、本件取引の検討のために秘密情報を知る必要のある自己の役員及び従業員に限り、秘密情報を開示することができる。"
          "この場合、受領者は、当該役員及び従業員に対し、本契約に基づく義務と同等の義務を遵守させなければならない。"),
        A(3, "秘密情報の管理",
          "受領者は、秘密情報を善良な管理者の注意をもって管理し、開示者の事前の書面による承諾なく複製してはならない。"),
        A(4, "返還及び破棄",
          "受領者は、本契約が終了したとき、又は開示者から請求があったときは、本契約が終了した日又は請求を受けた日から14日以内に、"
          "開示者の指示に従い、秘密情報（その複製物を含む。）を返還し、又は復元不能な方法により破棄しなければならない。",
          "受領者は、前項の規定により秘密情報を破棄したときは、遅滞なく、破棄したことを証する書面を開示者に提出しなければならない。"),
        A(5, "損害賠償",
          "受領者が本契約に違反したことにより開示者に損害が生じたときは、受領者は、開示者に対し、その損害（合理的な弁護士費用を含む。）"
          "を賠償しなければならない。"),
        A(6, "有効期間",
          "本契約の有効期間は、本契約締結の日から1年間とする。",
          "前項の規定にかかわらず、第2条、第4条及び第5条の規定は、本契約終了後も3年間効力を有する。"),
        A(7, "協議及び管轄",
          "本契約に定めのない事項については、開示者及び受領者が誠実に協議して定める。",
          "本契約に関する紛争については、東京地方裁判所を第一審の専属的合意管轄裁判所とする。"),
    ),
    closing="本契約締結の証として本書2通を作成し、両者記名押印のうえ、各1通を保有する。",
    date="2026年3月15日",
    refs=(
        Ref("前項", ("4", "2"), (("4", "1"),)),
        Ref("前項", ("6", "2"), (("6", "1"),)),
        Ref("第2条", ("6", "2"), (("2",),)),
        Ref("第4条", ("6", "2"), (("4",),)),
        Ref("第5条", ("6", "2"), (("5",),)),
    ),
    clauses={
        "confidentiality": Clause("present", "2"),
        "subcontracting": Clause("missing"),
        "safeguards": Clause("present", "3", (), note="善管注意による管理: 情報の管理義務として安全管理措置に数える（規程と同等水準の明記はない）"),
        "incident_reporting": Clause("missing"),
        "deletion_return": Clause("present", "4"),
        "survival": Clause("present", "6", note="第6条第2項が第2条を含む条を列挙し、終了後3年間の存続を定める"),
        "liability": Clause("present", "5", (), note="違反した受領者が賠償する: 責任の所在は定まっている（上限の定めはない）"),
    },
    summary_ja="開示者・受領者の秘密保持契約書（秘密保持、期間付きの存続、返還・破棄と証明書、損害賠償）。再委託と事故報告の条項はない。DOCXとUTF-8（BOM付き）テキスト。",
    summary_en="One-way NDA between a discloser (開示者) and a recipient (受領者): confidentiality, survival with a period, return/destruction with a certificate, damages. DOCX and UTF-8-with-BOM text.",
)

MEMO_ANNEX = Contract(
    key="memo_annex",
    title="覚書",
    parties=(
        Party("甲", "株式会社東西サービス", "client", "愛知県名古屋市中区〇〇三丁目4番5号"),
        Party("乙", "株式会社アクアテック", "contractor", "静岡県静岡市葵区〇〇町6番7号"),
    ),
    preamble=(
        "株式会社東西サービス（以下「甲」という。）と株式会社アクアテック（以下「乙」という。）は、甲乙間で令和8年4月1日付けで"
        "締結した業務委託契約（以下「原契約」という。）に基づき甲が乙に委託する業務（以下「委託業務」という。）における"
        "個人情報の取扱いについて、次のとおり覚書（以下「本覚書」という。）を締結する。",
    ),
    articles=(
        A(1, "特記事項の遵守",
          "乙は、委託業務の実施にあたり、別記「個人情報の取扱いに関する特記事項」を遵守しなければならない。"),
        A(2, "優先関係",
          "本覚書の定めと原契約の定めとが抵触するときは、本覚書の定めが優先する。"),
        A(3, "有効期間",
          "本覚書の有効期間は、原契約の有効期間と同一とする。"),
    ),
    annexes=(
        Annex("別記", "個人情報の取扱いに関する特記事項", (
            A(1, "基本的事項",
              "乙は、個人情報の保護の重要性を認識し、委託業務の実施にあたっては、個人の権利利益を侵害することのないよう、"
              "個人情報を適正に取り扱わなければならない。"),
            A(2, "秘密の保持",
              "乙は、委託業務に関して知り得た個人情報をみだりに他人に知らせ、又は漏えいしてはならず、委託業務の目的以外の目的に"
              "利用してはならない。これらの義務は、原契約が終了し、又は解除された後も5年間存続する。"),
            A(3, "再委託の制限",
              P("乙は、委託業務の再委託について、次に掲げる事項を遵守しなければならない。",
                "甲の事前の書面による承認を得なければ、委託業務の全部又は一部を第三者に再委託しないこと。",
                "甲の承認を得て再委託する場合は、再委託先に対し、この特記事項に定める安全管理措置及び秘密の保持の義務と"
                "同等の義務を課すとともに、再委託先の行為について自らの行為と同様に甲に対して責任を負うこと。",
                "再委託先において個人情報の漏えいその他の事故が発生したときは、直ちに甲に報告すること。")),
            A(4, "安全管理措置",
              P("乙は、甲の個人情報保護規程及び情報セキュリティ規程と同等の水準により、個人情報の漏えい、滅失又は毀損の防止"
                "その他の安全管理のために必要かつ適切な措置として、次に掲げる措置を講じなければならない。",
                I("組織的安全管理措置",
                  "個人情報の取扱いに関する責任者の設置",
                  "個人情報を取り扱う従業者の範囲の明確化"),
                I("人的安全管理措置",
                  "従業者に対する定期的な教育及び研修の実施"),
                I("物理的及び技術的安全管理措置",
                  "個人情報を取り扱う区域の管理及び機器の盗難防止",
                  "アクセス制御及び不正アクセスからの保護",
                  "個人情報を記録した媒体の暗号化"))),
            A(5, "事故発生時の報告",
              "乙は、個人情報の漏えい、滅失、毀損、不正アクセスその他の事故が発生し、又は発生するおそれがあることを知ったときは、"
              "速やかに甲に報告し、甲の指示に従うとともに、甲と協力して原因の究明及び再発防止策の実施にあたらなければならない。"),
            A(6, "資料等の返還等",
              P("乙は、原契約の終了の日から30日以内に、甲の指示に従い、個人情報が記録された資料等を次のいずれかの方法により処理し、"
                "その結果を記載した完了報告書を甲に提出しなければならない。",
                "甲への返還",
                "復元不能な方法による消去又は廃棄")),
            A(7, "損害賠償",
              "乙は、この特記事項に違反したことにより甲に損害を与えたときは、その損害を賠償しなければならない。再委託先の責めに"
              "帰すべき事由により甲に損害が生じたときも、同様とする。ただし、甲の責めに帰すべき事由による損害については、この限りでない。"),
            A(8, "調査",
              "甲は、必要があると認めるときは、乙に対し個人情報の取扱状況について報告を求め、又は乙の事業所を調査することができる。"),
        )),
    ),
    closing="本覚書締結の証として本書2通を作成し、甲乙記名押印のうえ、各1通を保有する。",
    date="令和8年4月1日",
    refs=(),
    clauses={
        "confidentiality": Clause("present", "別記 第2"),
        "subcontracting": Clause("present", "別記 第3"),
        "safeguards": Clause("present", "別記 第4"),
        "incident_reporting": Clause("present", "別記 第5"),
        "deletion_return": Clause("present", "別記 第6"),
        "survival": Clause("present", "別記 第2"),
        "liability": Clause("present", "別記 第7"),
    },
    summary_ja="本文3条の覚書に、別記「個人情報の取扱いに関する特記事項」（第1 基本的事項／第2 秘密の保持／…、号は(1)、細目はア・イ）を添付したもの。必須条項はすべて別記の中にある。テキストとPDF（別記は改ページして次ページから）。",
    summary_en="A three-article memorandum (覚書) whose annex 別記 個人情報の取扱いに関する特記事項 (sections 第1, 第2, … with (1) items and ア sub-items) holds all seven clauses. Text and PDF (the annex starts on a new page).",
)

KANJI = Contract(
    key="kanji",
    title="個人情報の取扱いを伴う業務委託契約書",
    parties=(
        Party("甲", "株式会社やまびこ保険サービス", "client", "宮城県仙台市青葉区〇〇一丁目2番3号"),
        Party("乙", "株式会社つばさコールセンター", "contractor", "北海道札幌市中央区〇〇四条西5丁目6番地"),
    ),
    preamble=(
        "委託者株式会社やまびこ保険サービス（以下「甲」という。）と受託者株式会社つばさコールセンター（以下「乙」という。）とは、"
        "甲が乙に委託する業務に関し、次のとおり契約（以下「本契約」という。）を締結する。",
    ),
    articles=(
        A("1", "目的",
          "本契約は、甲が乙に委託する保険契約者からの問合せ対応業務（以下「本業務」という。）の遂行にあたり、"
          "乙が取り扱う個人情報その他の情報の適正な取扱いに関し必要な事項を定めることを目的とする。"),
        A("2", "定義",
          P("本契約において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。",
            "個人情報　個人情報の保護に関する法律（平成十五年法律第五十七号）第二条第一項に規定する個人情報をいう。",
            "機密情報　本業務に関して甲が乙に開示した情報であって、個人情報以外のものをいう。",
            "本件情報　個人情報及び機密情報をいう。")),
        A("3", "秘密保持",
          "乙は、本件情報を秘密として保持し、甲の書面による事前の承諾を得ないで第三者に開示し、又は漏えいしてはならない。",
          "乙は、本件情報を本業務の遂行以外の目的に利用し、又は複製してはならない。"),
        A("4", "安全管理措置",
          "乙は、甲の個人情報保護規程及び情報セキュリティ規程に定める水準と同等の安全管理措置を講じ、本件情報の漏えい、"
          "滅失及び毀損を防止しなければならない。",
          "乙は、本件情報を取り扱う従業者を必要最小限の者に限定し、当該従業者に対し、本件情報の適正な取扱いについて"
          "必要な教育及び監督を行わなければならない。"),
        A("5", "再委託",
          "乙は、甲の書面による事前の承認を得た場合を除き、本業務の全部又は一部を第三者に再委託してはならない。",
          "乙は、前項の承認を得て再委託するときは、再委託先に対し、第三条及び前条に定める義務と同等の義務を書面により"
          "課さなければならない。",
          "乙は、再委託先の行為について、自己の行為と同様の責任を負う。"),
        A("5-2", "再委託先における事故",
          "乙は、前条第一項の承認を得て再委託した場合において、再委託先において本件情報の漏えいその他の事故が発生したときは、"
          "直ちに甲に報告しなければならない。"),
        A("6", "事故発生時の措置",
          "乙は、前条に定める場合のほか、本件情報について漏えい、滅失、毀損、不正アクセスその他の事故が発生し、"
          "又は発生したおそれがあるときは、直ちに甲に報告しなければならない。",
          "乙は、前項の事故について、甲と協力して原因を究明し、再発防止策を講じなければならない。"),
        A("7", "監査",
          "甲は、乙における本件情報の取扱状況を確認するため、必要に応じて、乙に対し報告を求め、又は乙の事業所に立ち入り"
          "検査をすることができる。",
          "乙は、前項の報告の求め又は検査に協力しなければならない。"),
        A("8", "返還及び削除",
          "乙は、本契約が終了したときは、その終了の日から三十日以内に、本件情報を甲に返還し、又は復元不能な方法により"
          "削除しなければならない。",
          "乙は、前項の規定により本件情報を削除したときは、削除の日時、方法及び対象を記載した削除証明書を甲に提出しなければならない。"),
        A("9", "解除",
          P("甲は、乙が次の各号のいずれかに該当するときは、催告を要しないで本契約を解除することができる。",
            "第三条から第五条までの規定に違反したとき。",
            "手形又は小切手が不渡りとなったとき。",
            "破産手続開始、民事再生手続開始又は会社更生手続開始の申立てがあったとき。")),
        A("10", "損害賠償",
          "乙は、本契約に違反し、又は本業務に関し乙の責めに帰すべき事由により甲に損害を与えたときは、その損害を賠償しなければならない。",
          "前項の損害賠償の額は、本契約に基づき甲が乙に支払った委託料の総額を上限とする。ただし、乙の故意又は重大な過失による"
          "損害については、この限りでない。"),
        A("11", "存続条項",
          "第三条から第五条まで、第八条及び第十条第二項の規定は、本契約終了後も三年間なお効力を有する。"),
        A("12", "協議",
          "本契約に定めのない事項及び本契約の解釈について疑義が生じた事項については、甲乙誠実に協議のうえ解決する。"),
    ),
    closing="本契約締結の証として本書二通を作成し、甲乙記名押印のうえ、各一通を保有する。",
    date="令和八年四月一日",
    refs=(
        Ref("第二条第一項", ("2", "1"), external=True),
        Ref("前項", ("5", "2"), (("5", "1"),)),
        Ref("第三条", ("5", "2"), (("3",),)),
        Ref("前条", ("5", "2"), (("4",),)),
        Ref("前条第一項", ("5-2", "1"), (("5", "1"),)),
        Ref("前条", ("6", "1"), (("5-2",),)),
        Ref("前項", ("6", "2"), (("6", "1"),)),
        Ref("前項", ("7", "2"), (("7", "1"),)),
        Ref("前項", ("8", "2"), (("8", "1"),)),
        Ref("第三条から第五条まで", ("9", "1"), (("3",), ("4",), ("5",)), range=True),
        Ref("前項", ("10", "2"), (("10", "1"),)),
        Ref("第三条から第五条まで", ("11", "1"), (("3",), ("4",), ("5",)), range=True),
        Ref("第八条", ("11", "1"), (("8",),)),
        Ref("第十条第二項", ("11", "1"), (("10", "2"),)),
    ),
    clauses={
        "confidentiality": Clause("present", "3"),
        "subcontracting": Clause("present", "5", note="事故の報告は第五条の二"),
        "safeguards": Clause("present", "4"),
        "incident_reporting": Clause("present", "6"),
        "deletion_return": Clause("present", "8"),
        "survival": Clause("present", "11", note="期間は漢数字（三年間）、対象は「第三条から第五条まで」の範囲参照"),
        "liability": Clause("present", "10"),
    },
    summary_ja="漢数字の条番号（第一条〜第十二条）と挿入条（第五条の二）、全角の項番号（２・３）、漢数字の号（一・二・三）。参照は「前条」「前項」「第十条第二項」「第三条から第五条まで」。第六条の「前条」は第五条の二を指す。第二条の「第二条第一項」は法律の条で、契約の条ではない。テキスト・Markdown・DOCX。",
    summary_en="Kanji numerals: 第一条 … 第十二条 with an inserted 第五条の二, paragraphs ２/３, items 一/二/三, references 前条 / 前項 / 第十条第二項 / 第三条から第五条まで (前条 in 第六条 means 第五条の二; 第二条第一項 in the definitions is a statute's article). Text, Markdown and DOCX.",
)

NUMBERED_PLAIN = Contract(
    key="numbered_plain",
    title="業務委託に関する取決め",
    parties=(
        Party("甲", "株式会社こだま出版", "client", "京都府京都市中京区〇〇町12番地"),
        Party("乙", "有限会社ことのは編集室", "contractor", "京都府宇治市〇〇34番地の5"),
    ),
    preamble=(
        "株式会社こだま出版（以下「甲」という。）と有限会社ことのは編集室（以下「乙」という。）は、甲が乙に委託する"
        "読者アンケートの集計業務（以下「本業務」という。）について、以下のとおり取り決める。",
    ),
    articles=(
        A(1, "業務の内容",
          P("甲は、乙に対し、次の業務を委託する。",
            "読者アンケート（紙及びWeb）の回答データの入力",
            "回答データの集計及び集計表の作成",
            "自由記述欄の分類")),
        A(2, "委託料",
          "本業務の委託料は、回答1件あたり金80円（消費税別）とし、甲は、毎月末日締めで翌月末日までに乙に支払う。"),
        A(3, "秘密の保持",
          "乙は、本業務を通じて知り得た甲の情報及びアンケート回答者の個人情報を、第三者に開示又は漏洩してはならず、"
          "本業務以外の目的に使用してはならない。"),
        A(4, "再委託",
          "乙は、本業務の全部又は一部を第三者に委託するときは、事前に甲の書面による承諾を得なければならない。"),
        A(5, "情報の管理",
          P("乙は、甲の個人情報保護規程及び情報セキュリティ規程と同等の安全管理措置を講じ、次の事項を守らなければならない。",
            "回答データは、甲が指定する暗号化されたストレージにのみ保存すること。",
            "回答データを取り扱う端末には、最新のウイルス対策ソフトを導入すること。",
            "回答用紙は、施錠できる保管庫に保管すること。")),
        A(6, "事故の報告",
          "乙は、個人情報の漏洩、紛失その他の事故が発生し、又はそのおそれがあるときは、速やかに甲に報告し、"
          "甲と協力して原因の究明及び再発防止策の策定を行う。"),
        A(7, "業務終了時の取扱い",
          "乙は、本業務が終了したときは、回答用紙を甲に返却し、回答データを復元不能な方法により消去する。"),
        A(8, "損害賠償",
          "乙は、乙の責めに帰すべき事由により甲に損害を与えたときは、その損害を賠償する。ただし、賠償額は、"
          "当該損害が発生した月の委託料の額を上限とする。"),
        A(9, "有効期間",
          "この取決めの有効期間は、2026年6月1日から2027年5月31日までとする。"),
        A(10, "その他",
          "この取決めに定めのない事項は、甲乙協議のうえ定める。"),
    ),
    closing="以上の取決めの証として本書2通を作成し、甲乙記名押印のうえ、各1通を保有する。",
    date="2026年6月1日",
    refs=(),
    clauses={
        "confidentiality": Clause("present", "3", note="「漏洩」の表記"),
        "subcontracting": Clause("weak", "4", ("flowdown", "responsibility", "incident_flowdown")),
        "safeguards": Clause("present", "5"),
        "incident_reporting": Clause("present", "6", note="「漏洩」の表記"),
        "deletion_return": Clause("weak", "7", ("evidence", "deadline")),
        "survival": Clause("missing"),
        "liability": Clause("present", "8"),
    },
    summary_ja="「第N条」のない、1. 2. 3. で番号を振った取決め。号は（１）（２）、「漏洩」の表記。再委託は事前承諾のみ、削除は証明書と期限がなく、存続条項はない。",
    summary_en="A 1. 2. 3. numbered agreement with no 第N条, items （１）, the 漏洩 spelling; subcontracting has only prior approval, deletion lacks a certificate and a deadline, no survival clause.",
)

MARU = Contract(
    key="maru",
    title="個人情報取扱業務委託契約書",
    parties=(
        Party("委託者", "株式会社ふたば不動産", "client", "千葉県千葉市中央区〇〇二丁目3番4号"),
        Party("受託者", "株式会社ひまわりシステム", "contractor", "東京都新宿区〇〇五丁目6番7号"),
    ),
    preamble=(
        "株式会社ふたば不動産（以下「委託者」という。）と株式会社ひまわりシステム（以下「受託者」という。）は、"
        "委託者が受託者に委託する入居者管理データベースの運用業務（以下「本業務」という。）について、次のとおり契約"
        "（以下「本契約」という。）を締結する。",
    ),
    articles=(
        A(1, "目的",
          "本契約は、委託者が受託者に本業務を委託するにあたり、本業務において取り扱う個人情報の保護に関する両者の権利義務を"
          "定めることを目的とする。"),
        A(2, "業務内容",
          P("受託者は、次の業務を行う。",
            "入居者管理データベースの稼働監視及び障害対応",
            "データのバックアップ及びリストア",
            "委託者の指示に基づくデータの抽出及び帳票の作成")),
        A(3, "秘密保持",
          "受託者は、本業務に関して知り得た委託者の秘密及び入居者の個人情報を、委託者の事前の書面による承諾なく第三者に開示し、"
          "又は漏えいしてはならない。",
          "受託者は、その役員及び従業員に対し、前項の義務を遵守させなければならない。"),
        A(4, "再委託",
          "受託者は、委託者の事前の書面による承諾を得た場合に限り、本業務の一部を第三者に再委託することができる。",
          "受託者は、前項により再委託する場合、再委託先に対し、本契約に定める秘密保持及び安全管理措置に関する義務と同等の義務を"
          "負わせなければならない。",
          "受託者は、再委託先の行為について自己の行為と同様の責任を負うものとし、再委託先において事故が発生したときは、"
          "速やかに委託者に報告しなければならない。"),
        A(5, "安全管理措置",
          "受託者は、委託者の個人情報保護規程及び情報セキュリティ規程と同等の水準の安全管理措置を講じなければならない。",
          P("受託者は、前項の措置として、次に掲げる措置を講じる。",
            "取扱者の限定及び教育",
            "入退室管理及び端末の盗難防止",
            "アクセス制御及び通信の暗号化")),
        A(6, "事故時の対応",
          "受託者は、個人情報の漏えい、紛失、不正アクセスその他の事故が発生したことを知ったときは、直ちに委託者に報告しなければならない。",
          "受託者は、前項の事故の原因を究明し、委託者と協議のうえ再発防止策を講じなければならない。"),
        A(7, "返還及び消去",
          "受託者は、本契約が終了したときは、終了日から30日以内に、委託者から預託された個人情報を返還し、又は復元不能な方法により"
          "消去しなければならない。",
          "受託者は、前項の消去を行ったときは、消去証明書を委託者に提出する。"),
        A(8, "損害賠償",
          "委託者又は受託者は、本契約に違反して相手方に損害を与えたときは、その損害を賠償する責任を負う。",
          "前項の規定にかかわらず、受託者の責めに帰すべき事由による個人情報の漏えいについては、受託者がその一切の責任を負い、"
          "委託者に生じた損害を賠償する。"),
        A(9, "有効期間",
          "本契約の有効期間は、2026年4月1日から1年間とする。",
          "第3条及び第7条の規定は、本契約終了後も3年間効力を有する。"),
        A(10, "協議",
          "本契約に定めのない事項については、委託者と受託者が協議して定める。"),
    ),
    closing="本契約締結の証として本書2通を作成し、委託者及び受託者が記名押印のうえ、各1通を保有する。",
    date="2026年4月1日",
    refs=(
        Ref("前項", ("3", "2"), (("3", "1"),)),
        Ref("前項", ("4", "2"), (("4", "1"),)),
        Ref("前項", ("5", "2"), (("5", "1"),)),
        Ref("前項", ("6", "2"), (("6", "1"),)),
        Ref("前項", ("7", "2"), (("7", "1"),)),
        Ref("前項", ("8", "2"), (("8", "1"),)),
        Ref("第3条", ("9", "2"), (("3",),)),
        Ref("第7条", ("9", "2"), (("7",),)),
    ),
    clauses={
        "confidentiality": Clause("weak", "3", ("non_use",), note="第三者への開示・漏えいの禁止はあるが、目的外使用の禁止がない"),
        "subcontracting": Clause("present", "4"),
        "safeguards": Clause("present", "5"),
        "incident_reporting": Clause("present", "6"),
        "deletion_return": Clause("present", "7"),
        "survival": Clause("present", "9"),
        "liability": Clause("present", "8"),
    },
    summary_ja="項を①②③、号をア・イ・ウで表し、当事者を甲乙ではなく「委託者」「受託者」と呼ぶ契約書。秘密保持に目的外使用の禁止がない。DOCX。",
    summary_en="Paragraphs marked ①②③ and items ア イ ウ; the parties are called 委託者 / 受託者 (no 甲乙). Confidentiality lacks the non-use duty. DOCX.",
)

BROKEN_REF = Contract(
    key="broken_ref",
    title="業務委託契約書",
    parties=(
        Party("甲", "株式会社くすのき製作所", "client", "広島県広島市中区〇〇一丁目7番8号"),
        Party("乙", "株式会社ペイロールワークス", "contractor", "岡山県岡山市北区〇〇町9番10号"),
    ),
    preamble=(
        "株式会社くすのき製作所（以下「甲」という。）と株式会社ペイロールワークス（以下「乙」という。）は、"
        "甲が乙に委託する給与計算業務について、次のとおり契約（以下「本契約」という。）を締結する。",
    ),
    articles=(
        A(1, "目的",
          "甲は、甲の従業員に係る給与計算業務（以下「本業務」という。）を乙に委託し、乙はこれを受託する。"),
        A(2, "委託料",
          "甲は、本業務の委託料として、月額金150,000円（消費税別）を翌月末日までに乙に支払う。"),
        A(3, "資料の提供",
          "甲は、本業務の遂行に必要な勤怠データその他の資料（以下「提供資料」という。）を、毎月5日までに乙に提供する。"),
        A(4, "秘密保持",
          "乙は、提供資料及び本業務に関して知り得た甲の従業員の個人情報を、第三者に開示し、又は漏えいしてはならず、"
          "本業務の目的以外に使用してはならない。"),
        A(5, "再委託",
          "乙は、甲の事前の書面による承認を得なければ、本業務を第三者に再委託してはならない。",
          "乙は、前項の承認を得て再委託したときは、再委託先に第4条及び第6条と同等の義務を負わせ、再委託先の行為について"
          "自らの行為と同様の責任を負うとともに、再委託先で事故が発生したときは、直ちに甲に報告しなければならない。"),
        A(6, "安全管理措置",
          "乙は、甲の個人情報保護規程及び情報セキュリティ規程と同等の安全管理措置を講じなければならない。"),
        A(7, "事故の報告",
          "乙は、提供資料又は個人情報について漏えい、紛失、不正アクセスその他の事故が生じたときは、直ちに甲に報告し、"
          "甲と協力して原因の究明及び再発防止策の実施にあたる。"),
        A(8, "資料の返還及び削除",
          "乙は、本契約が終了したときは、終了日から30日以内に、提供資料を甲に返還するとともに、そのデータを復元不能な方法で削除し、"
          "削除証明書を甲に提出する。"),
        A(9, "損害賠償",
          "甲又は乙は、その責めに帰すべき事由により相手方に損害を与えたときは、その損害を賠償する。",
          "前項の賠償額は、乙の故意又は重大な過失による場合を除き、本契約に基づく委託料の12か月分を上限とする。"),
        A(10, "解除",
          "甲は、乙が第4条から第8条まで又は第20条の規定に違反したときは、直ちに本契約を解除することができる。"),
        A(11, "存続",
          "第4条、第8条及び第9条の規定は、本契約終了後も2年間効力を有する。"),
        A(12, "管轄",
          "本契約に関する紛争は、甲の本店所在地を管轄する地方裁判所を第一審の専属的合意管轄裁判所とする。"),
    ),
    closing="本契約締結の証として本書2通を作成し、甲乙記名押印のうえ、各1通を保有する。",
    date="2026年4月1日",
    refs=(
        Ref("前項", ("5", "2"), (("5", "1"),)),
        Ref("第4条", ("5", "2"), (("4",),)),
        Ref("第6条", ("5", "2"), (("6",),)),
        Ref("前項", ("9", "2"), (("9", "1"),)),
        Ref("第4条から第8条まで", ("10", "1"), (("4",), ("5",), ("6",), ("7",), ("8",)), range=True),
        Ref("第20条", ("10", "1"), broken=True),
        Ref("第4条", ("11", "1"), (("4",),)),
        Ref("第8条", ("11", "1"), (("8",),)),
        Ref("第9条", ("11", "1"), (("9",),)),
    ),
    clauses={
        "confidentiality": Clause("present", "4"),
        "subcontracting": Clause("present", "5"),
        "safeguards": Clause("present", "6"),
        "incident_reporting": Clause("present", "7"),
        "deletion_return": Clause("present", "8"),
        "survival": Clause("present", "11", note="第4条を含む条を列挙し、終了後2年間の存続を定める"),
        "liability": Clause("present", "9"),
    },
    summary_ja="全12条の契約で、第10条が存在しない「第20条」を参照している（参照切れ）。見出しは半角括弧「第1条(目的)」。",
    summary_en="A 12-article contract whose article 10 refers to a non-existent 第20条 (broken reference). Headings in half-width brackets 第1条(目的).",
)

CONTRACTS = (OUTSOURCING_FULL, OUTSOURCING_WEAK, WEB_SIMPLE, NDA, MEMO_ANNEX, KANJI, NUMBERED_PLAIN, MARU, BROKEN_REF)

# ---------------------------------------------------------------------------
# Numbering styles
# ---------------------------------------------------------------------------

_FW = str.maketrans("0123456789", "０１２３４５６７８９")
_KANJI_DIGITS = "〇一二三四五六七八九"
_MARU = "①②③④⑤⑥⑦⑧⑨⑩"
_KANA = "アイウエオカキクケコ"


def kanji_num(n: int) -> str:
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    out = ""
    if tens:
        out += ("" if tens == 1 else _KANJI_DIGITS[tens]) + "十"
    if ones:
        out += _KANJI_DIGITS[ones]
    return out


def numeral(n: int, kind: str) -> str:
    if kind == "ascii":
        return str(n)
    if kind == "full":
        return str(n).translate(_FW)
    if kind == "kanji":
        return kanji_num(n)
    if kind == "maru":
        return _MARU[n - 1]
    if kind == "kana":
        return _KANA[n - 1]
    raise ValueError(kind)


@dataclass(frozen=True)
class Style:
    """How one contract is written down as lines.

    head: "line"   第1条（目的） on its own line, body on the next
          "before" （目的） on its own line, then 第1条 followed by the body
          "same"   第1条（目的）　body on one line
          "dotted" 1. 目的 on its own line, body on the next
          "md"     ## 第一条（目的） as a Markdown heading, blank lines between blocks
    """

    numerals: str = "ascii"  # article numerals
    head: str = "line"
    brackets: tuple[str, str] = ("（", "）")
    label_sep: str = ""  # between 第1条 and （目的）
    body_sep: str = "　"  # between the label (and heading) and the body, same-line styles
    para: str = "ascii"  # paragraph numerals (2, ２, ②)
    para_sep: str = "　"
    mark_first: bool = False  # ① on the first paragraph too (when there are several)
    item: str = "({n})"
    item_numerals: str = "ascii"
    item_sep: str = "　"
    sub: str = "{n}"
    sub_numerals: str = "kana"
    body_indent: str = ""
    blank_between_articles: bool = False
    annex_label: str = "第{n}"


def article_label(num: str, st: Style) -> str:
    if st.head == "dotted":
        return f"{num}."
    base, _, branch = num.partition("-")
    out = f"第{numeral(int(base), st.numerals)}条"
    if branch:
        out += "の" + numeral(int(branch), st.numerals)
    return out


def para_marker(i: int, n_paras: int, st: Style) -> str:
    if i == 1 and not (st.mark_first and n_paras > 1):
        return ""
    return numeral(i, st.para) + st.para_sep


def item_marker(i: int, st: Style) -> str:
    return st.item.format(n=numeral(i, st.item_numerals)) + st.item_sep


def sub_marker(i: int, st: Style) -> str:
    return st.sub.format(n=numeral(i, st.sub_numerals)) + st.item_sep


_TRACK = re.compile(r"\[-(.*?)-\]|\[\+(.*?)\+\]")


def accepted(text: str) -> str:
    """The reading with every tracked change accepted."""
    return _TRACK.sub(lambda m: m.group(2) or "", text)


# ---------------------------------------------------------------------------
# Contract -> lines (the logical layout shared by text and typed DOCX)
# ---------------------------------------------------------------------------


@dataclass
class Line:
    text: str  # may hold tracked-change markup
    kind: str  # title blank preamble head heading body para item sub closing date sig annex_label annex_title pagebreak table
    article: Optional[tuple] = None  # (annex label or None, number)
    table: Optional[tuple] = None
    heading: Optional[str] = None  # for kind "head" in auto-numbered DOCX


def layout(c: Contract, st: Style, *, annex_pagebreak: bool = False) -> list[Line]:
    md = st.head == "md"
    out: list[Line] = []

    def add(text, kind, **kw):
        out.append(Line(text, kind, **kw))
        if md and kind not in ("blank", "pagebreak"):
            out.append(Line("", "blank"))

    add(("# " if md else "") + c.title, "title")
    if not md:
        add("", "blank")
    for p in c.preamble:
        add(st.body_indent + p, "preamble")
    if not md:
        add("", "blank")

    def articles(arts, annex_label=None, section_style=False):
        for k, a in enumerate(arts):
            key = (annex_label, a.number)
            if section_style:
                label = st.annex_label.format(n=a.number)
                add(f"{label}　{a.heading}", "head", article=key)
                first_on_head = False
            else:
                label = article_label(a.number, st)
                h = f"{st.brackets[0]}{a.heading}{st.brackets[1]}" if a.heading else ""
                if st.head == "before":
                    add(h, "heading", article=key)
                    first_on_head = True
                elif st.head == "same":
                    first_on_head = True
                elif st.head == "dotted":
                    add(f"{label} {a.heading}", "head", article=key)
                    first_on_head = False
                else:
                    add(("## " if md else "") + label + st.label_sep + h, "head", article=key)
                    first_on_head = False
            for i, p in enumerate(a.paras, 1):
                marker = para_marker(i, len(a.paras), st)
                if i == 1 and first_on_head:
                    prefix = label + (h if st.head == "same" else "") + st.body_sep
                    add(prefix + p.text, "head", article=key)
                else:
                    add((st.body_indent if not marker else "") + marker + p.text, "body" if i == 1 else "para", article=key)
                if p.table:
                    add("", "table", article=key, table=p.table)
                for j, it in enumerate(p.items, 1):
                    add(item_marker(j, st) + it.text, "item", article=key)
                    for s, sub in enumerate(it.sub, 1):
                        add(sub_marker(s, st) + sub.text, "sub", article=key)
            if st.blank_between_articles and k + 1 < len(arts):
                add("", "blank")

    articles(c.articles)
    if not md:
        add("", "blank")
    add(c.closing, "closing")
    if not md:
        add("", "blank")
    add(c.date, "date")
    if not md:
        add("", "blank")
    for n, party in enumerate(c.parties):
        pad = "　" * len(party.alias)
        add(f"{party.alias}　住所　{party.address}", "sig")
        add(f"{pad}　名称　{party.name}", "sig")
        add(f"{pad}　代表取締役　〇〇 〇〇　　　印", "sig")
        if n + 1 < len(c.parties) and not md:
            add("", "blank")
    for annex in c.annexes:
        if annex_pagebreak:
            out.append(Line("", "pagebreak"))
        else:
            add("", "blank")
        add(annex.label, "annex_label")
        add(annex.title, "annex_title")
        articles(annex.articles, annex.label, section_style=True)
    return out


def render_text(lines: list[Line]) -> tuple[str, dict]:
    """Lines -> file text; and for each article key the 1-based line numbers
    of its first line and of its label line."""
    text_lines: list[str] = []
    where: dict = {}
    for ln in lines:
        if ln.kind == "pagebreak":
            continue
        if ln.kind == "table":
            raise ValueError("tables are only rendered to DOCX")
        text_lines.append(accepted(ln.text))
        if ln.article is not None and ln.kind in ("head", "heading"):
            w = where.setdefault(ln.article, {"first": len(text_lines)})
            if ln.kind == "head":
                w["label"] = len(text_lines)
    return "\n".join(text_lines) + "\n", where

# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------

TRACK_AUTHOR = "受注者 法務担当"
TRACK_DATE = "2026-03-10T09:00:00Z"
CHAR = 10.5  # pt, one full-width character at the body size


def _docx_imports():
    import docx  # noqa: F401  (python-docx)
    from docx.enum.section import WD_SECTION  # noqa: F401
    from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: F401
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm, Pt, RGBColor

    return docx, WD_ALIGN_PARAGRAPH, WD_BREAK, OxmlElement, parse_xml, nsdecls, qn, Mm, Pt, RGBColor


def _set_run_fonts(rpr, qn, OxmlElement, east_asia="ＭＳ 明朝", ascii_font="Century"):
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), ascii_font)
    fonts.set(qn("w:hAnsi"), ascii_font)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "ja-JP")


class DocxWriter:
    """A Japanese contract document: A4, 明朝 10.5pt, fixed metadata."""

    def __init__(self, title: str, *, header_footer: bool):
        (docx, self.ALIGN, self.BREAK, self.OxmlElement, self.parse_xml, self.nsdecls, self.qn,
         Mm, self.Pt, RGBColor) = _docx_imports()
        self.doc = docx.Document()
        doc = self.doc
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin = sec.bottom_margin = Mm(25)
        sec.left_margin = sec.right_margin = Mm(22)
        sec.header_distance = sec.footer_distance = Mm(12)
        normal = doc.styles["Normal"]
        normal.font.size = self.Pt(CHAR)
        _set_run_fonts(normal.element.get_or_add_rPr(), self.qn, self.OxmlElement)
        normal.paragraph_format.space_after = self.Pt(0)
        normal.paragraph_format.space_before = self.Pt(0)
        normal.paragraph_format.line_spacing = 1.15
        title_style = doc.styles["Title"]
        title_style.font.size = self.Pt(16)
        title_style.font.bold = True
        title_style.font.color.rgb = RGBColor(0, 0, 0)
        _set_run_fonts(title_style.element.get_or_add_rPr(), self.qn, self.OxmlElement)
        ppr = title_style.element.get_or_add_pPr()
        for b in ppr.findall(self.qn("w:pBdr")):
            ppr.remove(b)
        title_style.paragraph_format.alignment = self.ALIGN.CENTER
        title_style.paragraph_format.space_after = self.Pt(12)
        cp = doc.core_properties
        cp.title = title
        cp.author = "keiyaku-lint samples"
        cp.last_modified_by = "keiyaku-lint samples"
        cp.created = FIXED_DT
        cp.modified = FIXED_DT
        cp.last_printed = FIXED_DT
        cp.revision = 1
        cp.comments = ""
        if header_footer:
            self._header_footer(title)
        self.next_track_id = 1

    # -- header and footer with a PAGE field --------------------------------
    def _header_footer(self, title: str):
        sec = self.doc.sections[0]
        hp = sec.header.paragraphs[0]
        hp.alignment = self.ALIGN.RIGHT
        r = hp.add_run(title)
        r.font.size = self.Pt(8)
        fp = sec.footer.paragraphs[0]
        fp.alignment = self.ALIGN.CENTER
        fp.add_run("- ")
        for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
            run = fp.add_run()
            if kind == "instr":
                el = self.OxmlElement("w:instrText")
                el.set(self.qn("xml:space"), "preserve")
                el.text = text
            elif kind == "text":
                el = self.OxmlElement("w:t")
                el.text = text
            else:
                el = self.OxmlElement("w:fldChar")
                el.set(self.qn("w:fldCharType"), kind)
            run._r.append(el)
        fp.add_run(" -")

    # -- paragraphs -----------------------------------------------------------
    def paragraph(self, text: str = "", *, style=None, bold=False, align=None, left=0.0, first=0.0,
                  keep_next=False, size=None):
        p = self.doc.add_paragraph(style=style)
        pf = p.paragraph_format
        if left:
            pf.left_indent = self.Pt(left)
        if first:
            pf.first_line_indent = self.Pt(first)
        if align == "center":
            p.alignment = self.ALIGN.CENTER
        elif align == "right":
            p.alignment = self.ALIGN.RIGHT
        if keep_next:
            pf.keep_with_next = True
        self._add_text(p, text, bold=bold, size=size)
        return p

    def _add_text(self, p, text: str, *, bold=False, size=None):
        pos = 0
        for m in _TRACK.finditer(text):
            if m.start() > pos:
                self._run(p, text[pos:m.start()], bold, size)
            if m.group(1) is not None:
                self._tracked(p, "w:del", m.group(1))
            else:
                self._tracked(p, "w:ins", m.group(2))
            pos = m.end()
        if pos < len(text) or not text:
            if text[pos:]:
                self._run(p, text[pos:], bold, size)

    def _run(self, p, text, bold, size):
        r = p.add_run(text)
        if bold:
            r.bold = True
        if size:
            r.font.size = self.Pt(size)
        return r

    def _tracked(self, p, tag: str, text: str):
        wrap = self.OxmlElement(tag)
        wrap.set(self.qn("w:id"), str(self.next_track_id))
        wrap.set(self.qn("w:author"), TRACK_AUTHOR)
        wrap.set(self.qn("w:date"), TRACK_DATE)
        self.next_track_id += 1
        r = self.OxmlElement("w:r")
        t = self.OxmlElement("w:delText" if tag == "w:del" else "w:t")
        t.set(self.qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        wrap.append(r)
        p._p.append(wrap)

    def page_break(self):
        p = self.doc.add_paragraph()
        p.add_run().add_break(self.BREAK.PAGE)
        return p

    def table(self, rows):
        t = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = self.doc.styles["Table Grid"]
        for i, row in enumerate(rows):
            for j, cell_text in enumerate(row):
                cell = t.cell(i, j)
                cell.paragraphs[0].add_run(cell_text).bold = i == 0
        return t

    # -- Word automatic numbering: 第%1条 / (%2) --------------------------------
    def article_numbering(self) -> int:
        numbering = self.doc.part.numbering_part.element
        qn = self.qn
        abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
        num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        aid = max(abstract_ids + [0]) + 1
        nid = max(num_ids + [0]) + 1
        abstract = self.parse_xml(
            f'<w:abstractNum {self.nsdecls("w")} w:abstractNumId="{aid}">'
            '<w:multiLevelType w:val="multilevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="第%1条"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="(%2)"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="840" w:hanging="630"/></w:pPr></w:lvl>'
            "</w:abstractNum>"
        )
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(self.parse_xml(
            f'<w:num {self.nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>'))
        return nid

    def set_num(self, p, num_id: int, level: int):
        numpr = self.parse_xml(
            f'<w:numPr {self.nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
        ppr = p._p.get_or_add_pPr()
        # numPr goes after pStyle / keepNext / keepLines / pageBreakBefore / framePr / widowControl
        anchor = None
        for tag in ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl"):
            el = ppr.find(self.qn(tag))
            if el is not None:
                anchor = el
        if anchor is not None:
            anchor.addnext(numpr)
        else:
            ppr.insert(0, numpr)

    def paragraph_index(self, p) -> int:
        """0-based index among the body's paragraphs, table cells included."""
        body = self.doc.element.body
        for i, el in enumerate(body.iter(self.qn("w:p"))):
            if el is p._p:
                return i
        raise LookupError

    def save(self, path: Path):
        buf = io.BytesIO()
        self.doc.save(buf)
        path.write_bytes(normalize_zip(buf.getvalue()))


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def build_docx_typed(c: Contract, st: Style, *, header_footer=False, annex_pagebreak=False):
    """A DOCX whose numbering is typed text: one paragraph per line of the layout."""
    w = DocxWriter(c.title, header_footer=header_footer)
    marks: dict = {}
    for ln in layout(c, st, annex_pagebreak=annex_pagebreak):
        k = ln.kind
        if k == "pagebreak":
            w.page_break()
            continue
        if k == "table":
            w.table(ln.table)
            continue
        if k == "title":
            p = w.paragraph(ln.text, bold=True, align="center", size=14)
        elif k == "annex_label":
            p = w.paragraph(ln.text)
        elif k == "annex_title":
            p = w.paragraph(ln.text, bold=True, align="center", size=12)
        elif k in ("head", "heading"):
            if k == "head" and st.head == "same" or (k == "head" and st.head == "before"):
                p = w.paragraph(ln.text, left=CHAR, first=-CHAR)
            else:
                p = w.paragraph(ln.text, keep_next=True, bold=(st.head != "before"))
        elif k == "body":
            p = w.paragraph(ln.text, first=CHAR)
        elif k == "para":
            p = w.paragraph(ln.text, left=CHAR, first=-CHAR)
        elif k == "item":
            p = w.paragraph(ln.text, left=3 * CHAR, first=-2 * CHAR)
        elif k == "sub":
            p = w.paragraph(ln.text, left=4 * CHAR, first=-CHAR)
        elif k == "date":
            p = w.paragraph(ln.text, left=CHAR)
        elif k == "sig":
            p = w.paragraph(ln.text, left=8 * CHAR)
        elif k == "preamble":
            p = w.paragraph(ln.text, first=CHAR)
        else:
            p = w.paragraph(ln.text)
        if ln.article is not None and k in ("head", "heading"):
            m = marks.setdefault(ln.article, {"first": p})
            if k == "head":
                m["label"] = p
    return w, {key: {n: w.paragraph_index(p) for n, p in m.items()} for key, m in marks.items()}


def build_docx_autonumbered(c: Contract, *, para_numerals="full") -> tuple[DocxWriter, dict]:
    """第N条 and (n) come from Word automatic numbering; the article paragraph's
    own text is only the heading （秘密保持）."""
    assert not c.annexes
    w = DocxWriter(c.title, header_footer=True)
    num_id = w.article_numbering()
    marks: dict = {}
    w.paragraph(c.title, style="Title")
    for p in c.preamble:
        w.paragraph(p, first=CHAR)
    w.paragraph("")
    for a in c.articles:
        hp = w.paragraph(f"（{a.heading}）", keep_next=True)
        w.set_num(hp, num_id, 0)
        marks[(None, a.number)] = {"first": hp, "label": hp}
        lists = 0
        for i, para in enumerate(a.paras, 1):
            if i == 1:
                w.paragraph(para.text, first=CHAR)
            else:
                w.paragraph(numeral(i, para_numerals) + "　" + para.text, left=CHAR, first=-CHAR)
            if para.items:
                lists += 1
                assert lists == 1, "one item list per article: level 1 restarts only at level 0"
            for it in para.items:
                assert not it.sub
                ip = w.paragraph(it.text)
                w.set_num(ip, num_id, 1)
    w.paragraph("")
    w.paragraph(c.closing, first=CHAR)
    w.paragraph("")
    w.paragraph(c.date, left=CHAR)
    w.paragraph("")
    for n, party in enumerate(c.parties):
        pad = "　" * len(party.alias)
        w.paragraph(f"{party.alias}　住所　{party.address}", left=8 * CHAR)
        w.paragraph(f"{pad}　名称　{party.name}", left=8 * CHAR)
        w.paragraph(f"{pad}　代表取締役　〇〇 〇〇　　　印", left=8 * CHAR)
        if n + 1 < len(c.parties):
            w.paragraph("")
    return w, {key: {n: w.paragraph_index(p) for n, p in m.items()} for key, m in marks.items()}

# ---------------------------------------------------------------------------
# PDF (LibreOffice)
# ---------------------------------------------------------------------------


def soffice() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_path: Path, pdf_path: Path) -> None:
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="keiyaku-samples-") as tmp:
        tmp = Path(tmp)
        profile = (tmp / "profile").as_uri()
        subprocess.run(
            [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp), str(docx_path)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
        )
        data = (tmp / (docx_path.stem + ".pdf")).read_bytes()
    pdf_path.write_bytes(fix_pdf_metadata(data))


def fix_pdf_metadata(data: bytes) -> bytes:
    """Overwrite dates and the document /ID with fixed values of the same
    length, so the xref offsets stay valid and the bytes are reproducible."""
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\()D:[^)]*(?=\))", lambda m: _same_len_date(m.group(0), m.group(1)), data)
    data = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]*)(?=<)",
                  lambda m: m.group(1) + b"2026-01-01T00:00:00Z".ljust(len(m.group(2)))[: len(m.group(2))], data)
    data = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]",
                  lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1))).replace(m.group(2), b"0" * len(m.group(2))),
                  data)
    data = re.sub(rb"/DocChecksum\s*/([0-9A-Fa-f]+)", lambda m: m.group(0).replace(m.group(1), b"0" * len(m.group(1))), data)
    return data


def _same_len_date(old: bytes, prefix: bytes) -> bytes:
    body = old[len(prefix):]  # D:YYYYMMDDHHmmSS+hh'mm'
    fixed = FIXED_PDF_DATE + b"Z"
    if len(fixed) <= len(body):
        fixed = fixed[:-1] + b"+00'00'" if len(body) >= len(FIXED_PDF_DATE) + 7 else fixed
        fixed = fixed.ljust(len(body), b" ")[: len(body)]
    else:
        fixed = fixed[: len(body)]
    return prefix + fixed


def pdf_pages(pdf: Path) -> Optional[list[str]]:
    """Text of each page (pdftotext), or None when poppler is missing."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    text = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages


def article_pages(c: Contract, pages: list[str], st: Style, *, autonumbered: bool) -> dict:
    squashed = [re.sub(r"\s+", "", p) for p in pages]
    found: dict = {}
    start = 0
    for annex_label, arts in [(None, c.articles)] + [(a.label, a.articles) for a in c.annexes]:
        for a in arts:
            if annex_label is None:
                needle = article_label(a.number, st) + f"（{a.heading}）"
            else:
                needle = st.annex_label.format(n=a.number) + a.heading
            for i in range(start, len(squashed)):
                if needle in squashed[i]:
                    found[(annex_label, a.number)] = i + 1
                    start = i
                    break
            else:
                raise RuntimeError(f"{c.key}: {needle} not found in the PDF text")
    return found


# ---------------------------------------------------------------------------
# Checks on the data, expected.json
# ---------------------------------------------------------------------------

_N = r"[0-9０-９一二三四五六七八九十]+"
REF_LIKE = re.compile(
    rf"前条(?:第{_N}項)?|前項|次条|同条|同項"
    rf"|第{_N}条(?:の{_N})?(?:第{_N}項)?(?:第{_N}号)?(?:から第{_N}条(?:の{_N})?まで)?"
    rf"|第{_N}項"
)


def check_refs(c: Contract) -> None:
    """Every reference-like string in the articles must be declared in c.refs
    (at its article/paragraph) and vice versa, so expected.json is complete."""
    declared: dict = {}
    for r in c.refs:
        declared.setdefault(r.source, []).append(r.text)
    written: dict = {}
    for a in c.articles:
        for i, p in enumerate(a.paras, 1):
            text = accepted(p.text) + "".join(it.text + "".join(s.text for s in it.sub) for it in p.items)
            for m in REF_LIKE.finditer(text):
                written.setdefault((a.number, str(i)), []).append(m.group(0))
    for annex in c.annexes:
        for a in annex.articles:
            for p in a.paras:
                assert not REF_LIKE.search(p.text + "".join(it.text for it in p.items)), (c.key, a.number)
    for text in c.preamble + (c.closing,):
        assert not REF_LIKE.search(text), (c.key, text)
    keys = set(declared) | set(written)
    for k in keys:
        if sorted(declared.get(k, [])) != sorted(written.get(k, [])):
            raise AssertionError(f"{c.key} {k}: declared {declared.get(k)} but written {written.get(k)}")
    numbers = {a.number for a in c.articles}
    for r in c.refs:
        for t in r.targets:
            assert t[0] in numbers, (c.key, r)
            if len(t) > 1:
                art = next(a for a in c.articles if a.number == t[0])
                assert int(t[1]) <= len(art.paras), (c.key, r)


def expected_entry(c: Contract, fmt: str, locations: dict, *, encoding=None, pages=None) -> dict:
    arts = []
    for annex_label, group in [(None, c.articles)] + [(a.label, a.articles) for a in c.annexes]:
        for a in group:
            e = {
                "number": a.number,
                "heading": a.heading,
                "paragraphs": len(a.paras),
                "items": a.n_items(),
                "annex": annex_label,
            }
            e.update(locations.get((annex_label, a.number), {}))
            arts.append(e)
    out = {
        "contract": c.key,
        "format": fmt,
        "title": c.title,
        "parties": [{"alias": p.alias, "name": p.name, "role": p.role} for p in c.parties],
        "articles": arts,
        "references": [
            {"text": r.text, "source": list(r.source), "targets": [list(t) for t in r.targets], "range": r.range}
            for r in c.refs if not (r.external or r.broken)
        ],
        "external_references": [{"text": r.text, "source": list(r.source)} for r in c.refs if r.external],
        "broken_references": [{"text": r.text, "source": list(r.source)} for r in c.refs if r.broken],
        "clauses": {
            cid: {k: v for k, v in {"status": cl.status, "where": cl.where, "missing": list(cl.missing),
                                    "note": cl.note}.items() if v is not None}
            for cid, cl in ((cid, c.clauses[cid]) for cid in CLAUSE_IDS)
        },
    }
    if encoding:
        out["encoding"] = encoding
    if pages is not None:
        out["pages"] = pages
    return out


def _line_locations(where: dict) -> dict:
    return {k: {"line": v["label"], "first_line": v["first"]} for k, v in where.items()}


def _para_locations(where: dict) -> dict:
    return {k: {"paragraph": v["label"], "first_paragraph": v["first"]} for k, v in where.items()}


# ---------------------------------------------------------------------------
# The sample files
# ---------------------------------------------------------------------------

ST_FULL_TEXT = Style(head="line", para="ascii")
ST_WEAK = Style(numerals="full", head="before", para="full")
ST_WEB = Style(head="line", para="ascii", para_sep=" ", blank_between_articles=True)
ST_NDA = Style(head="line", para="ascii")
ST_MEMO = Style(head="line", para="ascii", body_indent="　")
ST_KANJI = Style(numerals="kanji", head="same", para="full", item="{n}", item_numerals="kanji")
ST_KANJI_MD = Style(numerals="kanji", head="md", para="full", item="{n}", item_numerals="kanji")
ST_PLAIN = Style(head="dotted", item="（{n}）", item_numerals="full", item_sep="", blank_between_articles=True)
ST_MARU = Style(head="line", para="maru", para_sep="", mark_first=True, item="{n}", item_numerals="kana")
ST_BROKEN = Style(head="line", brackets=("(", ")"), para="ascii", para_sep=" ")


def write_text(name: str, c: Contract, st: Style, *, encoding="utf-8", newline="\n", fmt="text") -> dict:
    text, where = render_text(layout(c, st))
    data = text.replace("\n", newline).encode(encoding)
    (OUT / name).write_bytes(data)
    return expected_entry(c, fmt, _line_locations(where), encoding=encoding)


def write_docx(name: str, w: DocxWriter, c: Contract, where: dict) -> dict:
    w.save(OUT / name)
    return expected_entry(c, "docx", _para_locations(where))


def write_pdf(name: str, w: DocxWriter, c: Contract, st: Style, *, make_pdf: bool, autonumbered: bool) -> Optional[dict]:
    pdf = OUT / name
    if not make_pdf and not pdf.exists() and (SAMPLES / name).exists():
        shutil.copyfile(SAMPLES / name, pdf)  # --no-pdf into another folder: reuse the committed PDF
    if make_pdf and soffice():
        with tempfile.TemporaryDirectory(prefix="keiyaku-samples-") as tmp:
            src = Path(tmp) / (Path(name).stem + ".docx")
            w.save(src)
            docx_to_pdf(src, pdf)
    elif not pdf.exists():
        print(f"warning: {name} not made (LibreOffice missing) and no committed copy", file=sys.stderr)
        return None
    pages = pdf_pages(pdf)
    if pages is None:
        old = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
        return old["files"].get(name)
    locs = {k: {"page": v} for k, v in article_pages(c, pages, st, autonumbered=autonumbered).items()}
    return expected_entry(c, "pdf", locs, pages=len(pages))


def build(make_pdf: bool = True, out: Path = SAMPLES) -> dict:
    global OUT
    OUT = Path(out)
    for c in CONTRACTS:
        check_refs(c)
        assert set(c.clauses) == set(CLAUSE_IDS), c.key
    OUT.mkdir(parents=True, exist_ok=True)
    files: dict = {}

    # outsourcing_full: DOCX with automatic numbering, the PDF made from it, text
    w, where = build_docx_autonumbered(OUTSOURCING_FULL)
    files["outsourcing_full.docx"] = write_docx("outsourcing_full.docx", w, OUTSOURCING_FULL, where)
    files["outsourcing_full.pdf"] = write_pdf("outsourcing_full.pdf", w, OUTSOURCING_FULL, ST_FULL_TEXT,
                                              make_pdf=make_pdf, autonumbered=True)
    files["outsourcing_full.txt"] = write_text("outsourcing_full.txt", OUTSOURCING_FULL, ST_FULL_TEXT)

    # outsourcing_weak: DOCX with tracked changes and a table
    w, where = build_docx_typed(OUTSOURCING_WEAK, ST_WEAK)
    files["outsourcing_weak.docx"] = write_docx("outsourcing_weak.docx", w, OUTSOURCING_WEAK, where)

    # web_simple: Shift_JIS (CP932) text with CRLF
    files["web_simple.txt"] = write_text("web_simple.txt", WEB_SIMPLE, ST_WEB, encoding="cp932", newline="\r\n")

    # nda: DOCX and UTF-8 with BOM
    w, where = build_docx_typed(NDA, ST_NDA)
    files["nda.docx"] = write_docx("nda.docx", w, NDA, where)
    files["nda.txt"] = write_text("nda.txt", NDA, ST_NDA, encoding="utf-8-sig")

    # memo_annex: text and PDF (annex on its own page)
    files["memo_annex.txt"] = write_text("memo_annex.txt", MEMO_ANNEX, ST_MEMO)
    w, _ = build_docx_typed(MEMO_ANNEX, ST_MEMO, header_footer=True, annex_pagebreak=True)
    files["memo_annex.pdf"] = write_pdf("memo_annex.pdf", w, MEMO_ANNEX, ST_MEMO, make_pdf=make_pdf, autonumbered=False)

    # kanji: text, Markdown, DOCX
    files["kanji.txt"] = write_text("kanji.txt", KANJI, ST_KANJI)
    files["kanji.md"] = write_text("kanji.md", KANJI, ST_KANJI_MD)
    w, where = build_docx_typed(KANJI, ST_KANJI)
    files["kanji.docx"] = write_docx("kanji.docx", w, KANJI, where)

    files["numbered_plain.txt"] = write_text("numbered_plain.txt", NUMBERED_PLAIN, ST_PLAIN)

    w, where = build_docx_typed(MARU, ST_MARU)
    files["maru.docx"] = write_docx("maru.docx", w, MARU, where)

    files["broken_ref.txt"] = write_text("broken_ref.txt", BROKEN_REF, ST_BROKEN)

    files = {k: v for k, v in files.items() if v is not None}
    expected = {
        "about": "What the author of each sample intends the tools to find. Generated by scripts/make_samples.py; "
                 "do not edit by hand. Article locations: text files give the 1-based line of the article label "
                 "(line) and of its first line (first_line, the heading line when the heading stands before the "
                 "label); DOCX files give the 0-based body paragraph index (table-cell paragraphs counted) the same "
                 "way; PDFs give the page. Reference paths are [article, paragraph] with article numbers like "
                 "\"5-2\" for 第五条の二. paragraphs counts 項 (1 for an unnumbered article), items counts every "
                 "号 including sub-items (ア under (1)).",
        "clause_ids": list(CLAUSE_IDS),
        "elements": {
            "confidentiality": ["non_disclosure", "non_use"],
            "subcontracting": ["prior_approval", "flowdown", "responsibility", "incident_flowdown"],
            "safeguards": ["measures"],
            "incident_reporting": ["report", "prompt", "cooperation"],
            "deletion_return": ["method", "evidence", "deadline"],
            "survival": ["continues", "period"],
            "liability": ["damages", "allocation"],
        },
        "files": files,
    }
    (OUT / "expected.json").write_bytes((json.dumps(expected, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    (OUT / "README.md").write_bytes(render_readme(files).encode("utf-8"))
    return expected



# ---------------------------------------------------------------------------
# samples/README.md
# ---------------------------------------------------------------------------

CLAUSE_JA = {
    "confidentiality": "秘密保持",
    "subcontracting": "再委託",
    "safeguards": "安全管理",
    "incident_reporting": "事故報告",
    "deletion_return": "削除・返却",
    "survival": "存続",
    "liability": "損害賠償",
}
STATUS_MARK = {"present": "○", "weak": "△", "missing": "×"}
FORMAT_NOTE = {
    "utf-8-sig": "UTF-8 (BOM)",
    "cp932": "CP932 / CRLF",
}


def render_readme(files: dict) -> str:
    by_contract: dict = {}
    for name, e in files.items():
        by_contract.setdefault(e["contract"], []).append(name)

    def fmt_list(names):
        out = []
        for n in names:
            enc = files[n].get("encoding")
            out.append(f"`{n}`" + (f" ({FORMAT_NOTE[enc]})" if enc in FORMAT_NOTE else ""))
        return "<br>".join(out)

    def verdicts(c):
        return " ".join(STATUS_MARK[c.clauses[cid].status] for cid in CLAUSE_IDS)

    header_ja = " ".join(CLAUSE_JA[c] for c in CLAUSE_IDS)
    lines = [
        "# サンプル契約書",
        "",
        "keiyaku-lint の動作確認とテストに使う、架空の契約書です（実在の企業・契約とは関係ありません）。"
        "どの契約書も `scripts/make_samples.py` の中で一度だけデータとして定義され、そこから各形式に書き出されます。"
        "このフォルダのファイルを手で編集せず、スクリプトを直して作り直してください。",
        "",
        "```sh",
        "python scripts/make_samples.py          # samples/ を作り直す（PDF には LibreOffice が必要）",
        "python scripts/make_samples.py --no-pdf # PDF はコミット済みのものを使う",
        "keiyaku-lint check samples/",
        "```",
        "",
        "出力は決定的です（DOCX は固定の日時とメタデータ、PDF は作成日時と /ID を固定値に置き換え）。",
        "",
        f"条項の判定（意図）: ○ あり / △ 弱い / × なし。列の順: {header_ja}",
        "",
        "| 契約書 | ファイル | 条項の判定 | 見どころ |",
        "|---|---|---|---|",
    ]
    for c in CONTRACTS:
        if c.key in by_contract:
            lines.append(f"| {c.title} | {fmt_list(by_contract[c.key])} | {verdicts(c)} | {c.summary_ja} |")
    lines += [
        "",
        "## expected.json",
        "",
        "各ファイルについて、作成者が意図した構造と判定を記録したものです（スクリプトが生成）。",
        "",
        "- `articles`: 条の並び。番号（\"3\"、第五条の二は \"5-2\"）、見出し（括弧なし、なければ null）、項の数、号の数（細目のアを含む）、"
        "別記の中なら `annex`。位置は、テキストなら条番号の行（`line`）と見出し行（`first_line`）、DOCX なら本文段落の番号"
        "（0始まり、表のセルの段落も数える）、PDF ならページ。",
        "- `parties`: 当事者の呼び名（甲、発注者、開示者 …）、名称、役割（client / contractor）。",
        "- `references`: 相互参照の文字列、書かれている [条, 項]、指す先（[\"10\", \"2\"] は第10条第2項）。"
        "`range` は「第3条から第5条まで」のような範囲。`external_references` は法令の条（著作権法第27条など）で、"
        "契約の条ではないもの。`broken_references` は存在しない条への参照。",
        "- `clauses`: 条項ごとの意図した判定（present / weak / missing）、場所、弱い場合に欠けている要素。"
        "要素の一覧は `elements` にあります。",
        "",
        "`tests/test_samples.py` が、全サンプルの全形式について構造解析の結果をこのファイルと照合します"
        "（条項の判定は解析エンジンのテストで使います）。",
        "",
        "---",
        "",
        "# Sample contracts",
        "",
        "Fictitious contracts for trying keiyaku-lint and for its tests (no real company or contract). Each contract is "
        "defined once as data in `scripts/make_samples.py` and rendered to the formats below; do not edit these files by "
        "hand, change the script and regenerate (`python scripts/make_samples.py`, or `--no-pdf` to keep the committed "
        "PDFs when LibreOffice is not installed). The output is deterministic.",
        "",
        "Intended clause verdicts: ○ present / △ weak / × missing, in the order confidentiality, subcontracting, "
        "safeguards, incident reporting, deletion/return, survival, liability.",
        "",
        "| Contract | Files | Clauses | What it shows |",
        "|---|---|---|---|",
    ]
    for c in CONTRACTS:
        if c.key in by_contract:
            lines.append(f"| {c.key} | {fmt_list(by_contract[c.key])} | {verdicts(c)} | {c.summary_en} |")
    lines += [
        "",
        "`expected.json` records, for every file, what its author intends: the article sequence (number such as "
        "\"5-2\" for 第五条の二, heading, number of paragraphs and items, location: text line, DOCX body paragraph "
        "index counting table-cell paragraphs, PDF page), the parties and their roles, each cross reference with the "
        "[article, paragraph] it stands in and the nodes it must resolve to, references to statutes that must not be "
        "reported, broken references, and the clause verdicts with the missing elements of weak clauses. "
        "`tests/test_samples.py` checks the parsed outline of every sample in every format against it; the clause part "
        "is for the analysis engine's tests.",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="keep the committed PDFs instead of running LibreOffice")
    ap.add_argument("--out", type=Path, default=SAMPLES, help="output folder (default: samples/)")
    args = ap.parse_args(argv)
    expected = build(make_pdf=not args.no_pdf, out=args.out)
    for name in sorted(expected["files"]):
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
