"""The bundled templates: for each one its DOCX file, its fields (schema), an
example, the lint profile its output must pass (contracts only) and how the
validated data becomes the template's context.

The wording and layout live in the DOCX templates (templates/, built by
scripts/make_templates.py); this module only describes and prepares data.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Callable, Optional

from keiyaku_lint.errors import Bi
from keiyaku_lint.generate import dates
from keiyaku_lint.generate.schema import Field, field_error


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    file: str
    title_ja: str
    title_en: str
    schema: tuple
    profile: Optional[str] = None  # lint profile the output must pass (contracts)
    numbering: str = "article"  # "article" (第5条) | "annex" (第5)
    build: Callable[[dict], dict] = lambda v: v
    check: Callable[[dict], None] = lambda v: None

    def title(self, lang: str = "ja") -> str:
        return self.title_en if lang == "en" else self.title_ja


def F(name, type_, ja, en, **kw) -> Field:
    return Field(name=name, type=type_, description_ja=ja, description_en=en, **kw)


# required unless the document is made as a blank form (field "blank")
UNLESS_BLANK = ("blank", False)


def _need(blank_form: bool) -> dict:
    return {"required_if": UNLESS_BLANK} if blank_form else {"required": True}


def party(prefix: str, ja: str, en: str, example: dict, manager: bool = False, blank_form: bool = False) -> list:
    need = _need(blank_form)
    out = [
        F(f"{prefix}.name", "str", f"{ja}の名称（商号）", f"{en}: name", example=example["name"], **need),
        F(f"{prefix}.address", "str", f"{ja}の住所", f"{en}: address", example=example["address"], **need),
        F(f"{prefix}.representative", "str", f"{ja}の代表者（役職・氏名）", f"{en}: representative (title, name)",
          example=example["representative"], **need),
    ]
    if manager:
        out.append(F(f"{prefix}.manager", "str", f"{ja}の責任者（部署・氏名）", f"{en}: person in charge",
                     default="", example=example.get("manager")))
    return out


CLIENT = {"name": "株式会社みなと商事", "address": "東京都港区芝公園一丁目2番3号",
          "representative": "代表取締役　山田太郎"}
CONTRACTOR = {"name": "さくらデータサービス株式会社", "address": "大阪府大阪市北区梅田二丁目4番5号",
              "representative": "代表取締役　佐藤花子", "manager": "業務推進部長　鈴木一郎"}

DATE_STYLE = F("date_style", "choice", "日付の書き方", "How dates are printed", default="wareki",
               choices=dates.STYLES, choice_labels=dates.STYLE_LABELS)
SIGNING_CHOICES = ("paper", "electronic")
SIGNING_LABELS = ("書面（記名押印）", "電子契約（電子署名）")


def signing_field(ja: str = "締結方法") -> Field:
    return F("signing", "choice", ja, "How the document is signed", default="paper", choices=SIGNING_CHOICES,
             choice_labels=SIGNING_LABELS)


BLANK = F("blank", "bool", "記入用の様式（空欄）として作る（はい / いいえ）", "Make a blank form to fill in by hand",
          default=False)

# --- options that change the contract's text -------------------------------------

CLAUSE_OPTIONS = [
    F("subcontracting", "choice", "再委託の扱い", "Subcontracting", default="approval",
      choices=("approval", "prohibited"),
      choice_labels=("甲の事前の書面による承認を得た場合に限り可", "一切禁止")),
    F("survival_years", "int", "契約終了後に秘密保持義務が存続する年数", "Years the confidentiality duty survives the end",
      default=5, min=1, max=99),
    F("deletion_days", "int", "契約終了後、秘密情報等を返却・削除するまでの日数", "Days after the end to return / delete the data",
      default=30, min=1, max=365),
    F("deletion_method", "choice", "契約終了時の処理方法", "Return / deletion at the end", default="either",
      choices=("either", "return", "delete"),
      choice_labels=("甲の指示により返却又は削除", "返却（電子データは削除）", "削除・廃棄")),
    F("liability_cap", "choice", "損害賠償の上限", "Cap on damages", default="none",
      choices=("none", "fee_total", "amount"),
      choice_labels=("上限なし", "委託料の総額", "金額を指定（liability_cap_amount）")),
    F("liability_cap_amount", "int", "損害賠償の上限額（円）", "Cap on damages, in yen", min=1,
      required_if=("liability_cap", "amount")),
]


def label_of(schema, name: str) -> Bi:
    f = next((g for g in schema if g.name == name), None)
    return f.label if f is not None else Bi(name)


def _no_dates_backwards(schema, v: dict, start: str, end: str):
    if v.get(start) and v.get(end) and v[end] < v[start]:
        s, e = label_of(schema, start), label_of(schema, end)
        raise field_error(end, e, f"「{s.get('ja')}」（{start}）より後の日付にしてください",
                          f"must be after {start} ({s.get('en')})")


OUTSOURCING_SCHEMA = tuple(
    party("client", "委託者（甲）", "Client (甲)", CLIENT)
    + party("contractor", "受託者（乙）", "Contractor (乙)", CONTRACTOR, manager=True)
    + [
        F("contract_date", "date", "契約締結日", "Date of the contract", required=True, example="令和7年4月1日"),
        F("work_title", "str", "委託する業務の名称", "Name of the outsourced work", required=True,
          example="顧客管理システムの運用保守業務"),
        F("work_description", "text", "業務の内容（別紙に記載）", "What the work is (shown in the 別紙)",
          required=True, example="顧客管理システムの運用監視、障害対応及びデータ入力作業\n月次の稼働報告書の作成"),
        F("work_location", "str", "作業場所", "Where the work is done", default="乙の事業所",
          example="乙の大阪本社（大阪府大阪市北区梅田二丁目4番5号）"),
        F("data_items", "text", "取り扱う個人情報等の項目", "Personal / confidential data handled",
          required=True, example="顧客の氏名、住所、電話番号、メールアドレス及び購入履歴"),
        F("start_date", "date", "契約期間の開始日", "First day of the term", required=True, example="令和7年4月1日"),
        F("end_date", "date", "契約期間の終了日", "Last day of the term", required=True, example="令和8年3月31日"),
        F("fee", "int", "委託料（円、税抜）", "Fee in yen, before tax", required=True, min=0, example=3600000),
        F("payment_terms", "text", "支払条件", "Payment terms",
          default="甲は、乙から毎月末日締めで請求書を受領した月の翌月末日までに、乙の指定する銀行口座に振り込む方法"
                  "により支払う。振込手数料は甲の負担とする。"),
        F("court", "str", "専属的合意管轄裁判所", "Court of exclusive jurisdiction", default="東京地方裁判所"),
        signing_field(),
        DATE_STYLE,
    ]
    + CLAUSE_OPTIONS
)

ANNEX_SCHEMA = tuple(
    party("client", "委託者", "Client", CLIENT)
    + party("contractor", "受託者", "Contractor", CONTRACTOR)
    + [
        F("party_style", "choice", "当事者の呼び方（原契約に合わせる）", "How the parties are called (as in the base contract)",
          default="koo_otsu", choices=("koo_otsu", "itaku", "hacchu"),
          choice_labels=("甲・乙", "委託者・受託者", "発注者・受注者")),
        F("base_contract_title", "str", "原契約の名称", "Title of the contract the annex is attached to",
          required=True, example="ウェブサイト制作業務委託契約書"),
        F("base_contract_date", "date", "原契約の締結日", "Date of the base contract", required=True,
          example="令和7年4月1日"),
        F("signature", "bool", "特記事項に記名押印欄を付けるか（はい / いいえ）", "Add a signature block to the annex",
          default=True),
        F("agreement_date", "date", "特記事項の合意日（記名押印欄を付けるとき）", "Date of the annex (with a signature block)",
          required_if=("signature", True), example="令和7年4月1日"),
        signing_field("特記事項の締結方法（記名押印欄を付けるとき）"),
        DATE_STYLE,
    ]
    + CLAUSE_OPTIONS
)

NDA_SCHEMA = tuple(
    party("discloser", "開示者（相互開示では甲）", "Disclosing party (甲 when mutual)", CLIENT)
    + party("recipient", "受領者（相互開示では乙）", "Receiving party (乙 when mutual)", CONTRACTOR)
    + [
        F("mutual", "bool", "相互開示（甲乙）にするか。いいえ なら開示者・受領者の一方向", "Mutual (甲乙) or one-way",
          default=False),
        F("purpose", "str", "秘密情報を開示する目的", "Purpose of the disclosure", required=True,
          example="顧客管理システムの運用保守業務の委託に関する検討"),
        F("contract_date", "date", "契約締結日", "Date of the contract", required=True, example="令和7年3月1日"),
        F("start_date", "date", "有効期間の開始日", "First day of the term", required=True, example="令和7年3月1日"),
        F("term_years", "int", "有効期間（年）", "Term in years", default=1, min=1, max=99),
        F("survival_years", "int", "終了後に秘密保持義務が存続する年数", "Years the confidentiality duty survives",
          default=3, min=1, max=99),
        F("deletion_days", "int", "終了後、秘密情報を返還・削除するまでの日数", "Days to return / delete after the end",
          default=14, min=1, max=365),
        F("liability_cap", "choice", "損害賠償の上限", "Cap on damages", default="none", choices=("none", "amount"),
          choice_labels=("上限なし", "金額を指定（liability_cap_amount）")),
        F("liability_cap_amount", "int", "損害賠償の上限額（円）", "Cap on damages, in yen", min=1,
          required_if=("liability_cap", "amount")),
        F("court", "str", "専属的合意管轄裁判所", "Court of exclusive jurisdiction", default="東京地方裁判所"),
        signing_field(),
        DATE_STYLE,
    ]
)

METHOD_LABELS = {"return": "返却", "overwrite": "上書き消去", "crypto_erase": "暗号化消去",
                 "physical_destruction": "物理破壊", "deletion": "削除（復元不能な方法）",
                 "shredding": "裁断・溶解（紙媒体）"}

DELETION_ITEM = (
    F("name", "str", "情報の名称・内容", "What data", required=True),
    F("location", "str", "媒体・保存場所", "Medium / where it was stored", required=True),
    F("quantity", "str", "件数・数量", "Number of records / items", default=""),
    F("method", "choice", "処理方法", "Method", required=True, choices=tuple(METHOD_LABELS),
      choice_labels=tuple(METHOD_LABELS.values())),
    F("date", "date", "実施日", "Date done", required=True),
)
BACKUPS = {"deleted": "全て削除済み", "none": "複製物・バックアップなし"}
AT_SUBCONTRACTOR = {"done": "再委託先でも同様に処理し、証跡を受領済み", "none": "再委託なし"}
BLANK_ROWS = 6  # item rows of a blank deletion certificate

DELETION_SCHEMA = tuple(
    [BLANK]
    + party("client", "委託者（報告先）", "Client (addressee)", CLIENT, blank_form=True)
    + party("contractor", "受託者（報告者）", "Contractor (reporting)", CONTRACTOR, blank_form=True)
    + [
        F("report_date", "date", "報告日", "Date of the report", example="令和8年4月20日", **_need(True)),
        F("base_contract_title", "str", "対象となる契約の名称", "Title of the contract", example="業務委託契約書",
          **_need(True)),
        F("base_contract_date", "date", "対象となる契約の締結日", "Date of the contract", example="令和7年4月1日",
          **_need(True)),
        F("base_contract_article", "str", "根拠となる条項（例: 第9条）", "The article requiring it (e.g. 第9条)",
          default="", example="第9条"),
        F("data_items", "list", "返却・削除した情報（1件ごと）", "Data returned or deleted, one entry each",
          item=DELETION_ITEM, default=[], example=[
              {"name": "顧客データベース（氏名、住所、電話番号、購入履歴）", "location": "乙データセンターのDBサーバ",
               "quantity": "約12,000件", "method": "暗号化消去", "date": "令和8年4月15日"},
              {"name": "作業用ファイル一式", "location": "作業用ノートPC 2台", "quantity": "2台",
               "method": "上書き消去", "date": "令和8年4月16日"},
              {"name": "受領した紙の申込書", "location": "施錠キャビネット", "quantity": "350枚",
               "method": "返却", "date": "令和8年4月17日"},
          ], **_need(True)),
        F("method_detail", "text", "処理方法の詳細（ツール、規格等）", "Details of the method (tool, standard)",
          default="", example="DBサーバのストレージは暗号鍵を破棄する方法で消去し、ノートPCは消去ツールで全領域を"
                              "1回上書きした。紙媒体は原本を返却した。", **_need(True)),
        F("backups", "choice", "複製物・バックアップの処理", "Copies and backups", default="deleted",
          choices=tuple(BACKUPS), choice_labels=tuple(BACKUPS.values())),
        F("subcontractor", "choice", "再委託先における処理", "At subcontractors", default="none",
          choices=tuple(AT_SUBCONTRACTOR), choice_labels=tuple(AT_SUBCONTRACTOR.values())),
        F("place", "str", "実施場所", "Where it was done", default="", example="乙大阪本社及びデータセンター",
          **_need(True)),
        F("performed_by.name", "str", "実施者の氏名", "Who did it: name", default="", example="高橋次郎",
          **_need(True)),
        F("performed_by.department", "str", "実施者の部署", "Who did it: department", default="",
          example="情報システム部"),
        F("witness", "str", "確認者（立会者）", "Witness / checker", default="", example="情報セキュリティ管理責任者　伊藤三郎"),
        F("attachments", "text", "添付資料", "Attached evidence", default="作業記録、消去ツールの実行ログ"),
        DATE_STYLE,
    ]
)

# --- the vendor assessment: the regulation's six selection criteria and four ways of investigating ---

SURVEY_METHODS = {"document": "①書面確認", "questionnaire": "②アンケート", "hearing": "③ヒアリング",
                  "evidence": "④参考資料"}
SURVEY_METHODS_LONG = {  # the regulation's words (選定のための調査)
    "document": "会社概要、規程類、体制図等の書面による確認",
    "questionnaire": "アンケート方式による自己点検表・チェックリストの提出依頼",
    "hearing": "オンライン又は対面での面談によるヒアリング",
    "evidence": "認証取得状況、実績資料等の提出依頼",
}
RATINGS = ("A", "B", "C")
RATING_LABELS = ("適合", "一部改善を要する", "不適合")
CRITERIA = ("security", "compliance", "finance", "antisocial", "track_record", "quality")
# key -> (the regulation's criterion, what to look at)
CRITERIA_TEXT = {
    "security": ("情報セキュリティ及び個人情報保護に関する管理体制",
                 "責任者の設置、規程類、教育、アクセス管理、事故対応体制"),
    "compliance": ("関係法令・ガイドライン等の遵守状況", "個人情報保護法等の遵守、行政処分・事故の履歴"),
    "finance": ("経営状況及び継続的な業務遂行能力", "財務状況、事業継続計画、体制の安定性"),
    "antisocial": ("反社会的勢力との関係の有無", "表明確約書、反社チェックの結果"),
    "track_record": ("類似業務の受託実績及び専門性", "類似業務の実績、有資格者、認証取得状況"),
    "quality": ("業務品質及びサービス水準", "品質管理体制、SLA、苦情・障害対応"),
}
CRITERIA_JA = {k: v[0] for k, v in CRITERIA_TEXT.items()}
CRITERIA_EXAMPLE = {  # rating, methods, findings, evidence
    "security": ("A", ["書面確認", "アンケート", "参考資料"], "管理体制図、規程類及び教育記録を確認。事故対応手順あり。",
                 "情報セキュリティ基本方針、ISMS 認証書"),
    "compliance": ("A", ["書面確認", "ヒアリング"], "過去5年間に行政処分及び漏えい事故なし。", "ヒアリング記録（令和7年2月3日）"),
    "finance": ("B", ["書面確認"], "営業利益は黒字だが自己資本比率がやや低い。", "直近3期の決算書"),
    "antisocial": ("A", ["書面確認"], "社内の反社チェックで該当なし。", "表明確約書"),
    "track_record": ("A", ["参考資料", "ヒアリング"], "同種の運用保守業務の受託実績10件以上。", "実績一覧"),
    "quality": ("B", ["ヒアリング"], "SLA は提示されたが障害報告の様式が未整備。改善を依頼。", "SLA 案"),
}
DECISIONS = {"select": "選定する", "conditional": "条件付きで選定する", "reject": "選定しない"}


def _vendor_schema():
    out = [BLANK] + party("vendor", "委託先候補", "Vendor", CONTRACTOR, blank_form=True)
    out += [
        F("work_title", "str", "委託予定業務", "Work to outsource", example="顧客管理システムの運用保守業務",
          **_need(True)),
        F("data_handled", "text", "取り扱う個人情報・機密情報", "Personal / confidential data to be handled",
          default="", example="顧客の氏名、住所、電話番号、メールアドレス及び購入履歴（約12,000件）", **_need(True)),
        F("certifications", "str", "認証取得状況（ISMS、プライバシーマーク等）", "Certifications", default="",
          example="ISMS（ISO/IEC 27001）"),
        F("assessment_date", "date", "評価日", "Date of the assessment", example="令和7年2月10日", **_need(True)),
        F("evaluator.name", "str", "評価者の氏名", "Evaluator: name", default="", example="田中美咲", **_need(True)),
        F("evaluator.department", "str", "評価者の部署", "Evaluator: department", default="", example="情報システム部"),
    ]
    for i, key in enumerate(CRITERIA, 1):
        rating, methods, comment, evidence = CRITERIA_EXAMPLE[key]
        label = f"選定基準{i}「{CRITERIA_JA[key]}」"
        out += [
            F(f"criteria.{key}.rating", "choice", f"{label}の評価", f"criterion {i} ({key}): rating",
              choices=RATINGS, choice_labels=RATING_LABELS, example=rating, **_need(True)),
            F(f"criteria.{key}.methods", "list", f"{label}の調査方法", f"criterion {i} ({key}): how it was investigated",
              choices=tuple(SURVEY_METHODS), choice_labels=tuple(SURVEY_METHODS.values()), default=[],
              example=methods, **_need(True)),
            F(f"criteria.{key}.comment", "text", f"{label}の所見", f"criterion {i} ({key}): findings",
              default="", example=comment),
            F(f"criteria.{key}.evidence", "text", f"{label}の根拠資料", f"criterion {i} ({key}): evidence seen",
              default="", example=evidence),
        ]
    out += [
        F("serious_concern", "bool", "個人情報・機密情報の取扱いに関する重大な懸念があるか（はい / いいえ）",
          "Serious concern about the handling of personal / confidential data", default=False),
        F("decision", "choice", "総合判定", "Decision", choices=tuple(DECISIONS),
          choice_labels=tuple(DECISIONS.values()), example="条件付きで選定する", **_need(True)),
        F("conditions", "text", "条件・改善要請事項", "Conditions / improvements requested", default="",
          example="契約締結までに障害報告の様式を整備すること。"),
        F("approver", "str", "承認者", "Approver", default="", example="情報セキュリティ委員長　中村健"),
        F("retention_years", "int", "評価記録の保存期間（年）", "Years to keep this record", default=5, min=1, max=99),
        DATE_STYLE,
    ]
    return tuple(out)


VENDOR_SCHEMA = _vendor_schema()


def _check_vendor(v: dict):
    if v.get("blank"):
        return
    label = label_of(VENDOR_SCHEMA, "decision")
    if v["serious_concern"] and v["decision"] != "reject":
        raise field_error("decision", label,
                          "重大な懸念がある場合は選定できません（委託先管理規程）。「選定しない」（reject）にしてください",
                          "must be reject when there is a serious concern (the regulation forbids selecting such "
                          "a vendor)")
    for i, key in enumerate(CRITERIA, 1):
        if v["criteria"][key]["rating"] == "C" and v["decision"] == "select":
            raise field_error("decision", label,
                              f"選定基準{i}「{CRITERIA_JA[key]}」が C（不適合）のときは「選定する」にできません。"
                              "「条件付きで選定する」（conditional）か「選定しない」（reject）にしてください",
                              f"cannot be select while criteria.{key} is C; use conditional or reject")


def boxes(options: dict, chosen, sep: str = "　") -> str:
    """「■選定する　□条件付きで選定する　□選定しない」: every option with a box,
    the chosen ones (a value or a collection of them) filled."""
    picked = set(chosen) if isinstance(chosen, (list, tuple, set)) else {chosen}
    return sep.join(("■" if k in picked else "□") + lab for k, lab in options.items())


def _build_vendor(v: dict) -> dict:
    counts = {r: 0 for r in RATINGS}
    for key in CRITERIA:
        c = v["criteria"][key]
        c["methods_box"] = boxes(SURVEY_METHODS, c["methods"] or (), sep="\n")
        c["methods_label"] = "、".join(SURVEY_METHODS[m] for m in c["methods"] or ())
        if c["rating"]:
            counts[c["rating"]] += 1
        else:
            c["rating"] = "\n".join(RATINGS)  # a form: the letters to circle
    v["rating_counts"] = "　".join(f"{r}（{lab}）" + ("　　件" if v.get("blank") else f"{counts[r]}件")
                                  for r, lab in zip(RATINGS, RATING_LABELS))
    v["serious_concern_label"] = (boxes({True: "あり", False: "なし"}, None if v.get("blank") else v["serious_concern"]))
    v["decision_label"] = DECISIONS.get(v["decision"], "")
    v["decision_box"] = boxes(DECISIONS, v["decision"])
    return v


# --- the self-check list of the periodic supervision ------------------------------

ANSWERS = {"yes": "はい", "no": "いいえ", "na": "該当なし"}
# id, category, question: the rows of the list (scripts/make_templates.py prints them)
CHECK_ITEMS = (
    ("q01", "秘密保持", "秘密情報等を委託業務の目的以外に使用していない。"),
    ("q02", "秘密保持", "秘密情報等を第三者に開示し、又は漏えいしていない。"),
    ("q03", "秘密保持", "秘密情報等を取り扱う従業者から秘密保持の誓約書を取得している。"),
    ("q04", "組織的安全管理", "個人情報保護及び情報セキュリティの責任者を定め、規程を整備している。"),
    ("q05", "組織的安全管理", "秘密情報等の取扱状況（アクセス、持出し、廃棄等）を記録し、保存している。"),
    ("q06", "人的安全管理", "秘密情報等を取り扱う従業者に対し、年1回以上の教育を実施している。"),
    ("q07", "物理的安全管理", "秘密情報等を取り扱う区域の入退室を管理している。"),
    ("q08", "物理的安全管理", "書類及び電子媒体の持出しを管理し、施錠して保管している。"),
    ("q09", "技術的安全管理", "アクセス権限を必要最小限に設定し、定期的に見直している。"),
    ("q10", "技術的安全管理", "不正アクセス及びマルウェアへの対策を講じている。"),
    ("q11", "技術的安全管理", "秘密情報等を保存時及び通信時に暗号化している。"),
    ("q12", "再委託", "再委託は委託元の事前の書面による承認を得て行っている。"),
    ("q13", "再委託", "再委託先と同等水準の安全管理措置及び秘密保持義務を定めた契約を締結している。"),
    ("q14", "再委託", "再委託先における安全管理措置の実施状況を把握している。"),
    ("q15", "事故対応", "事故発生時の報告手順及び委託元の連絡先を定め、従業者に周知している。"),
    ("q16", "事故対応", "点検対象期間中に漏えい、紛失、不正アクセスその他の事故は発生していない。"),
    ("q17", "返却・削除", "不要となった秘密情報等を復元不能な方法で削除又は廃棄し、記録している。"),
    ("q18", "返却・削除", "契約終了時の返却・削除の手順及び削除証明書の提出方法を定めている。"),
)
CHECK_IDS = tuple(q for q, _, _ in CHECK_ITEMS)
REVIEW_METHODS = {"report": "定期報告", "checklist": "自己点検チェックリスト", "hearing": "ヒアリング",
                  "visit": "現地訪問"}
CORRECTIVE = {"none": "不要", "required": "要（内容を確認結果に記載）"}
SELF_CHECK_EXAMPLE = {q: "はい" for q in CHECK_IDS} | {"q12": "該当なし", "q13": "該当なし", "q14": "該当なし"}


def _self_check_schema():
    out = [BLANK] + (party("client", "委託元", "Client", CLIENT, blank_form=True)[:1]
                     + party("vendor", "委託先", "Vendor", CONTRACTOR, blank_form=True)[:1])
    out += [
        F("work_title", "str", "委託業務", "Outsourced work", example="顧客管理システムの運用保守業務", **_need(True)),
        F("period_start", "date", "点検対象期間の開始日", "Period checked: from", example="令和7年4月1日", **_need(True)),
        F("period_end", "date", "点検対象期間の終了日", "Period checked: to", example="令和7年9月30日", **_need(True)),
        F("check_date", "date", "点検実施日（空欄なら記入欄）", "Date of the check (blank: to fill in)",
          example="令和7年10月10日"),
        F("respondent.name", "str", "回答者の氏名", "Respondent: name", default="", example="鈴木一郎"),
        F("respondent.department", "str", "回答者の部署", "Respondent: department", default="", example="業務推進部"),
    ]
    for i, (q, cat, text) in enumerate(CHECK_ITEMS, 1):
        out.append(F(f"answers.{q}", "choice", f"点検項目{i}（{cat}）「{text}」の回答（空欄なら記入欄）",
                     f"answer to item {i} ({q}; blank: to fill in)",
                     choices=tuple(ANSWERS), choice_labels=tuple(ANSWERS.values()), example=SELF_CHECK_EXAMPLE[q]))
    for i, (q, _cat, _text) in enumerate(CHECK_ITEMS, 1):
        out.append(F(f"notes.{q}", "text", f"点検項目{i}の備考", f"note on item {i} ({q})", default="",
                     example="再委託なし" if q == "q12" else None))
    out += [
        F("review.methods", "list", "委託元の確認方法", "How the client reviewed it", default=[],
          choices=tuple(REVIEW_METHODS), choice_labels=tuple(REVIEW_METHODS.values()),
          example=["自己点検チェックリスト", "ヒアリング"]),
        F("review.result", "text", "確認結果", "Result of the review", default="",
          example="全項目で適切に運用されていることを確認した。"),
        F("review.corrective", "choice", "是正措置の要否", "Corrective action needed",
          choices=tuple(CORRECTIVE), choice_labels=tuple(CORRECTIVE.values()), example="不要"),
        F("review.next_date", "date", "次回点検予定日", "Next check", example="令和8年4月10日"),
        F("review.reviewer", "str", "確認者", "Reviewer", default="", example="情報システム部　田中美咲"),
        DATE_STYLE,
    ]
    return tuple(out)


SELF_CHECK_SCHEMA = _self_check_schema()


def _build_self_check(v: dict) -> dict:
    v["a"] = {q: boxes(ANSWERS, v["answers"][q], sep=" ") for q in CHECK_IDS}
    r = v["review"]
    r["methods_label"] = boxes(REVIEW_METHODS, r["methods"] or ())
    r["corrective_label"] = boxes({"none": "不要", "required": "要"}, r["corrective"])
    return v


def _check_self_check(v: dict):
    _no_dates_backwards(SELF_CHECK_SCHEMA, v, "period_start", "period_end")


def _build_deletion(v: dict) -> dict:
    for d in v["data_items"]:
        d["method_label"] = METHOD_LABELS[d["method"]]
    v["rows"] = v["data_items"] or [
        {"name": "", "location": "", "quantity": "", "method_label": "", "date": None} for _ in range(BLANK_ROWS)]
    v["numbered"] = bool(v["data_items"])
    v["backups_label"] = boxes(BACKUPS, None if v.get("blank") else v["backups"])
    v["subcontractor_label"] = boxes(AT_SUBCONTRACTOR, None if v.get("blank") else v["subcontractor"])
    v["methods_legend"] = "、".join(METHOD_LABELS.values())
    if v.get("blank") and v["attachments"] == _default(DELETION_SCHEMA, "attachments"):
        v["attachments"] = ""  # a form to fill in: no example values
    return v


def _default(schema, name: str):
    return next(f.default for f in schema if f.name == name)


PARTY_STYLES = {"koo_otsu": ("甲", "乙"), "itaku": ("委託者", "受託者"), "hacchu": ("発注者", "受注者")}


def _build_annex(v: dict) -> dict:
    v["A"], v["B"] = PARTY_STYLES[v["party_style"]]
    return v


def _check_annex(v: dict):
    pass


def _check_outsourcing(v: dict):
    _no_dates_backwards(OUTSOURCING_SCHEMA, v, "start_date", "end_date")


def _check_nda(v: dict):
    pass


TEMPLATES: dict[str, TemplateSpec] = {s.name: s for s in (
    TemplateSpec("outsourcing", "outsourcing.docx", "業務委託契約書（7つの必須条項つき）",
                 "Outsourcing contract with the seven required clauses", OUTSOURCING_SCHEMA,
                 profile="outsourcing", check=_check_outsourcing),
    TemplateSpec("annex", "annex.docx", "個人情報等の取扱いに関する特記事項（既存契約に添付）",
                 "Annex on personal data handling, to attach to an existing contract", ANNEX_SCHEMA,
                 profile="outsourcing", numbering="annex", build=_build_annex, check=_check_annex),
    TemplateSpec("nda", "nda.docx", "秘密保持契約書", "Non-disclosure agreement", NDA_SCHEMA, profile="nda",
                 check=_check_nda),
    TemplateSpec("deletion-certificate", "deletion-certificate.docx", "データ返却・削除完了報告書（削除証明書）",
                 "Data return / deletion report (certificate)", DELETION_SCHEMA, build=_build_deletion),
    TemplateSpec("vendor-assessment", "vendor-assessment.docx", "委託先選定評価シート",
                 "Vendor selection assessment sheet", VENDOR_SCHEMA, build=_build_vendor, check=_check_vendor),
    TemplateSpec("self-check", "self-check.docx", "委託先自己点検チェックリスト",
                 "Vendor self-check list for periodic supervision", SELF_CHECK_SCHEMA, build=_build_self_check,
                 check=_check_self_check),
)}


def supports_blank(spec: Optional[TemplateSpec]) -> bool:
    """Whether the template can be made as a blank form (its field "blank")."""
    return spec is not None and any(f.name == "blank" for f in spec.schema)


def format_dates(value, style: str = "seireki"):
    """Dates become Japanese text for the document: 令和7年4月1日 (style
    "wareki") or 2025年4月1日 ("seireki")."""
    if isinstance(value, _dt.date):
        return dates.format_date(value, style)
    if isinstance(value, dict):
        return {k: format_dates(v, style) for k, v in value.items()}
    if isinstance(value, list):
        return [format_dates(v, style) for v in value]
    return value
