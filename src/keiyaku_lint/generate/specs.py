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

from keiyaku_lint.errors import KeiyakuError
from keiyaku_lint.generate.schema import Field


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


def party(prefix: str, ja: str, en: str, example: dict, manager: bool = False) -> list:
    out = [
        F(f"{prefix}.name", "str", f"{ja}の名称（商号）", f"{en}: name", required=True,
          example=example["name"]),
        F(f"{prefix}.address", "str", f"{ja}の住所", f"{en}: address", required=True,
          example=example["address"]),
        F(f"{prefix}.representative", "str", f"{ja}の代表者（役職・氏名）", f"{en}: representative (title, name)",
          required=True, example=example["representative"]),
    ]
    if manager:
        out.append(F(f"{prefix}.manager", "str", f"{ja}の責任者（部署・氏名）", f"{en}: person in charge",
                     default="", example=example.get("manager")))
    return out


CLIENT = {"name": "株式会社みなと商事", "address": "東京都港区芝公園一丁目2番3号",
          "representative": "代表取締役　山田太郎"}
CONTRACTOR = {"name": "さくらデータサービス株式会社", "address": "大阪府大阪市北区梅田二丁目4番5号",
              "representative": "代表取締役　佐藤花子", "manager": "業務推進部長　鈴木一郎"}

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


def _no_dates_backwards(v: dict, start: str, end: str):
    if v.get(start) and v.get(end) and v[end] < v[start]:
        raise KeiyakuError("E504", field=end, problem=f"{start} より後の日付にしてください",
                           problem_en=f"must be after {start}")


def _check_outsourcing(v: dict):
    _no_dates_backwards(v, "start_date", "end_date")


OUTSOURCING_SCHEMA = tuple(
    party("client", "委託者（甲）", "Client (甲)", CLIENT)
    + party("contractor", "受託者（乙）", "Contractor (乙)", CONTRACTOR, manager=True)
    + [
        F("contract_date", "date", "契約締結日", "Date of the contract", required=True, example="2025-04-01"),
        F("work_title", "str", "委託する業務の名称", "Name of the outsourced work", required=True,
          example="顧客管理システムの運用保守業務"),
        F("work_description", "text", "業務の内容（別紙に記載）", "What the work is (shown in the 別紙)",
          required=True, example="顧客管理システムの運用監視、障害対応及びデータ入力作業\n月次の稼働報告書の作成"),
        F("work_location", "str", "作業場所", "Where the work is done", default="乙の事業所",
          example="乙の大阪本社（大阪府大阪市北区梅田二丁目4番5号）"),
        F("data_items", "text", "取り扱う個人情報等の項目", "Personal / confidential data handled",
          required=True, example="顧客の氏名、住所、電話番号、メールアドレス及び購入履歴"),
        F("start_date", "date", "契約期間の開始日", "First day of the term", required=True, example="2025-04-01"),
        F("end_date", "date", "契約期間の終了日", "Last day of the term", required=True, example="2026-03-31"),
        F("fee", "int", "委託料（円、税抜）", "Fee in yen, before tax", required=True, min=0, example=3600000),
        F("payment_terms", "text", "支払条件", "Payment terms",
          default="甲は、乙から毎月末日締めで請求書を受領した月の翌月末日までに、乙の指定する銀行口座に振り込む方法"
                  "により支払う。振込手数料は甲の負担とする。"),
        F("court", "str", "専属的合意管轄裁判所", "Court of exclusive jurisdiction", default="東京地方裁判所"),
        F("signing", "choice", "締結方法", "How the contract is signed", default="paper",
          choices=("paper", "electronic"), choice_labels=("書面（記名押印）", "電子契約（電子署名）")),
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
          example="2025-04-01"),
        F("signature", "bool", "特記事項に記名押印欄を付けるか", "Add a signature block to the annex", default=True),
        F("agreement_date", "date", "特記事項の合意日（記名押印欄を付けるとき）", "Date of the annex (with a signature block)",
          required_if=("signature", True), example="2025-04-01"),
    ]
    + CLAUSE_OPTIONS
)

NDA_SCHEMA = tuple(
    party("discloser", "開示者（相互開示では甲）", "Disclosing party (甲 when mutual)", CLIENT)
    + party("recipient", "受領者（相互開示では乙）", "Receiving party (乙 when mutual)", CONTRACTOR)
    + [
        F("mutual", "bool", "相互開示（甲乙）にするか。false なら開示者・受領者の一方向", "Mutual (甲乙) or one-way",
          default=False),
        F("purpose", "str", "秘密情報を開示する目的", "Purpose of the disclosure", required=True,
          example="顧客管理システムの運用保守業務の委託に関する検討"),
        F("contract_date", "date", "契約締結日", "Date of the contract", required=True, example="2025-03-01"),
        F("start_date", "date", "有効期間の開始日", "First day of the term", required=True, example="2025-03-01"),
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

DELETION_SCHEMA = tuple(
    party("client", "委託者（報告先）", "Client (addressee)", CLIENT)
    + party("contractor", "受託者（報告者）", "Contractor (reporting)", CONTRACTOR)
    + [
        F("report_date", "date", "報告日", "Date of the report", required=True, example="2026-04-20"),
        F("base_contract_title", "str", "対象となる契約の名称", "Title of the contract", required=True,
          example="業務委託契約書"),
        F("base_contract_date", "date", "対象となる契約の締結日", "Date of the contract", required=True,
          example="2025-04-01"),
        F("base_contract_article", "str", "根拠となる条項（例: 第9条）", "The article requiring it (e.g. 第9条)",
          default="", example="第9条"),
        F("data_items", "list", "返却・削除した情報（1件ごと）", "Data returned or deleted, one entry each",
          required=True, item=DELETION_ITEM, example=[
              {"name": "顧客データベース（氏名、住所、電話番号、購入履歴）", "location": "乙データセンターのDBサーバ",
               "quantity": "約12,000件", "method": "crypto_erase", "date": "2026-04-15"},
              {"name": "作業用ファイル一式", "location": "作業用ノートPC 2台", "quantity": "2台",
               "method": "overwrite", "date": "2026-04-16"},
              {"name": "受領した紙の申込書", "location": "施錠キャビネット", "quantity": "350枚",
               "method": "return", "date": "2026-04-17"},
          ]),
        F("method_detail", "text", "処理方法の詳細（ツール、規格等）", "Details of the method (tool, standard)",
          required=True, example="DBサーバのストレージは暗号鍵を破棄する方法で消去し、ノートPCは消去ツールで全領域を"
                                 "1回上書きした。紙媒体は原本を返却した。"),
        F("backups", "choice", "複製物・バックアップの処理", "Copies and backups", default="deleted",
          choices=("deleted", "none"), choice_labels=("全て削除済み", "複製物・バックアップなし")),
        F("subcontractor", "choice", "再委託先における処理", "At subcontractors", default="none",
          choices=("done", "none"), choice_labels=("再委託先でも同様に処理し、証跡を受領済み", "再委託なし")),
        F("place", "str", "実施場所", "Where it was done", required=True, example="乙大阪本社及びデータセンター"),
        F("performed_by.name", "str", "実施者の氏名", "Who did it: name", required=True, example="高橋次郎"),
        F("performed_by.department", "str", "実施者の部署", "Who did it: department", default="",
          example="情報システム部"),
        F("witness", "str", "確認者（立会者）", "Witness / checker", default="", example="情報セキュリティ管理責任者　伊藤三郎"),
        F("attachments", "text", "添付資料", "Attached evidence", default="作業記録、消去ツールの実行ログ"),
    ]
)

SURVEY_METHODS = {"document": "①書面確認", "questionnaire": "②アンケート", "hearing": "③ヒアリング",
                  "evidence": "④参考資料"}
RATINGS = ("A", "B", "C")
CRITERIA = ("security", "compliance", "finance", "antisocial", "track_record", "quality")
CRITERIA_JA = {"security": "情報セキュリティ及び個人情報保護に関する管理体制", "compliance": "関係法令等の遵守状況",
               "finance": "経営状況及び継続的な業務遂行能力", "antisocial": "反社会的勢力との関係の有無",
               "track_record": "類似業務の受託実績及び専門性", "quality": "業務品質及びサービス水準"}
CRITERIA_EXAMPLE = {
    "security": ("A", ["document", "questionnaire", "evidence"], "情報セキュリティ基本方針、管理体制図を確認。ISMS 認証取得済み。"),
    "compliance": ("A", ["document", "hearing"], "過去5年間に行政処分及び漏えい事故なし（ヒアリング）。"),
    "finance": ("B", ["document"], "直近3期の決算書を確認。営業利益は黒字だが自己資本比率がやや低い。"),
    "antisocial": ("A", ["document"], "表明確約書を受領。社内の反社チェックで該当なし。"),
    "track_record": ("A", ["evidence", "hearing"], "同種の運用保守業務の受託実績10件以上。"),
    "quality": ("B", ["hearing"], "SLA は提示されたが障害報告の様式が未整備。改善を依頼。"),
}
DECISIONS = {"select": "選定する", "conditional": "条件付きで選定する", "reject": "選定しない"}


def _vendor_schema():
    out = party("vendor", "委託先候補", "Vendor", CONTRACTOR)
    out += [
        F("work_title", "str", "委託予定業務", "Work to outsource", required=True, example="顧客管理システムの運用保守業務"),
        F("data_handled", "text", "取り扱う個人情報・機密情報", "Personal / confidential data to be handled",
          required=True, example="顧客の氏名、住所、電話番号、メールアドレス及び購入履歴（約12,000件）"),
        F("certifications", "str", "認証取得状況（ISMS、プライバシーマーク等）", "Certifications", default="なし",
          example="ISMS（ISO/IEC 27001）"),
        F("assessment_date", "date", "評価日", "Date of the assessment", required=True, example="2025-02-10"),
        F("evaluator.name", "str", "評価者の氏名", "Evaluator: name", required=True, example="田中美咲"),
        F("evaluator.department", "str", "評価者の部署", "Evaluator: department", default="", example="情報システム部"),
    ]
    for key in CRITERIA:
        rating, methods, comment = CRITERIA_EXAMPLE[key]
        label = CRITERIA_JA[key]
        out += [
            F(f"criteria.{key}.rating", "choice", f"{label}：評価（A 適合 / B 一部改善を要する / C 不適合）",
              f"{key}: rating (A meets / B needs improvement / C fails)", required=True, choices=RATINGS,
              example=rating),
            F(f"criteria.{key}.methods", "list", f"{label}：調査方法", f"{key}: survey methods used", required=True,
              choices=tuple(SURVEY_METHODS), example=methods),
            F(f"criteria.{key}.comment", "text", f"{label}：所見・根拠資料", f"{key}: findings and evidence",
              default="", example=comment),
        ]
    out += [
        F("serious_concern", "bool", "個人情報・機密情報の取扱いに関する重大な懸念があるか",
          "Serious concern about the handling of personal / confidential data", default=False),
        F("decision", "choice", "総合判定", "Decision", required=True, choices=tuple(DECISIONS),
          choice_labels=tuple(DECISIONS.values()), example="conditional"),
        F("conditions", "text", "条件・改善要請事項", "Conditions / improvements requested", default="",
          example="契約締結までに障害報告の様式を整備すること。"),
        F("approver", "str", "承認者", "Approver", default="", example="情報セキュリティ委員長　中村健"),
        F("retention_years", "int", "評価記録の保存期間（年）", "Years to keep this record", default=5, min=1, max=99),
    ]
    return tuple(out)


def _check_vendor(v: dict):
    if v["serious_concern"] and v["decision"] != "reject":
        raise KeiyakuError("E504", field="decision",
                           problem="重大な懸念がある場合は選定できません（委託先管理規程）。reject にしてください",
                           problem_en="must be reject when there is a serious concern (the regulation forbids "
                                      "selecting such a vendor)")
    for key in CRITERIA:
        if v["criteria"][key]["rating"] == "C" and v["decision"] == "select":
            raise KeiyakuError("E504", field="decision",
                               problem=f"criteria.{key} が C（不適合）のときは select にできません。conditional か reject にしてください",
                               problem_en=f"cannot be select while criteria.{key} is C; use conditional or reject")


def _build_vendor(v: dict) -> dict:
    for key in CRITERIA:
        c = v["criteria"][key]
        c["methods_label"] = "、".join(SURVEY_METHODS[m] for m in c["methods"])
    v["serious_concern_label"] = "あり" if v["serious_concern"] else "なし"
    v["decision_label"] = DECISIONS[v["decision"]]
    return v


ANSWERS = {"yes": "はい", "no": "いいえ", "na": "該当なし"}
CHECK_IDS = tuple(f"q{i:02d}" for i in range(1, 19))
REVIEW_METHODS = {"report": "定期報告", "checklist": "自己点検チェックリスト", "hearing": "ヒアリング",
                  "visit": "現地訪問"}
SELF_CHECK_EXAMPLE = {q: "yes" for q in CHECK_IDS} | {"q12": "na", "q13": "na", "q14": "na"}


def _self_check_schema():
    out = party("client", "委託元", "Client", CLIENT)[:1] + party("vendor", "委託先", "Vendor", CONTRACTOR)[:1]
    out += [
        F("work_title", "str", "委託業務", "Outsourced work", required=True, example="顧客管理システムの運用保守業務"),
        F("period_start", "date", "点検対象期間の開始日", "Period checked: from", required=True, example="2025-04-01"),
        F("period_end", "date", "点検対象期間の終了日", "Period checked: to", required=True, example="2025-09-30"),
        F("check_date", "date", "点検実施日（空欄なら記入用の様式）", "Date of the check (blank for a form)",
          example="2025-10-10"),
        F("respondent.name", "str", "回答者の氏名", "Respondent: name", default="", example="鈴木一郎"),
        F("respondent.department", "str", "回答者の部署", "Respondent: department", default="", example="業務推進部"),
    ]
    for q in CHECK_IDS:
        out.append(F(f"answers.{q}", "choice", f"点検項目 {q} の回答（空欄なら記入用）", f"answer to item {q} (blank: a form)",
                     choices=tuple(ANSWERS), choice_labels=tuple(ANSWERS.values()), example=SELF_CHECK_EXAMPLE[q]))
    for q in CHECK_IDS:
        out.append(F(f"notes.{q}", "text", f"点検項目 {q} の備考", f"note on item {q}", default="",
                     example="再委託なし" if q == "q12" else None))
    out += [
        F("review.methods", "list", "委託元の確認方法", "How the client reviewed it", default=[],
          choices=tuple(REVIEW_METHODS), example=["checklist", "hearing"]),
        F("review.result", "text", "確認結果", "Result of the review", default="",
          example="全項目で適切に運用されていることを確認した。"),
        F("review.corrective", "choice", "是正措置の要否", "Corrective action needed",
          choices=("none", "required"), choice_labels=("不要", "要（内容を確認結果に記載）"), example="none"),
        F("review.next_date", "date", "次回点検予定日", "Next check", example="2026-04-10"),
        F("review.reviewer", "str", "確認者", "Reviewer", default="", example="情報システム部　田中美咲"),
    ]
    return tuple(out)


def _build_self_check(v: dict) -> dict:
    v["a"] = {q: "　".join(("■" if v["answers"][q] == k else "□") + lab for k, lab in ANSWERS.items())
              for q in CHECK_IDS}
    r = v["review"]
    r["methods_label"] = "　".join(("■" if m in r["methods"] else "□") + lab for m, lab in REVIEW_METHODS.items())
    r["corrective_label"] = {"none": "■不要　□要", "required": "□不要　■要", None: "□不要　□要"}[r["corrective"]]
    return v


def _check_self_check(v: dict):
    _no_dates_backwards(v, "period_start", "period_end")


def _build_deletion(v: dict) -> dict:
    for d in v["data_items"]:
        d["method_label"] = METHOD_LABELS[d["method"]]
    v["backups_label"] = {"deleted": "全て削除済み", "none": "複製物・バックアップなし"}[v["backups"]]
    v["subcontractor_label"] = {"done": "再委託先でも同様に処理し、証跡を受領済み", "none": "再委託なし"}[v["subcontractor"]]
    return v


PARTY_STYLES = {"koo_otsu": ("甲", "乙"), "itaku": ("委託者", "受託者"), "hacchu": ("発注者", "受注者")}


def _build_annex(v: dict) -> dict:
    v["A"], v["B"] = PARTY_STYLES[v["party_style"]]
    return v


def _check_annex(v: dict):
    pass


TEMPLATES: dict[str, TemplateSpec] = {s.name: s for s in (
    TemplateSpec("outsourcing", "outsourcing.docx", "業務委託契約書（7つの必須条項つき）",
                 "Outsourcing contract with the seven required clauses", OUTSOURCING_SCHEMA,
                 profile="outsourcing", check=_check_outsourcing),
    TemplateSpec("annex", "annex.docx", "個人情報等の取扱いに関する特記事項（既存契約に添付）",
                 "Annex on personal data handling, to attach to an existing contract", ANNEX_SCHEMA,
                 profile="outsourcing", numbering="annex", build=_build_annex, check=_check_annex),
    TemplateSpec("nda", "nda.docx", "秘密保持契約書", "Non-disclosure agreement", NDA_SCHEMA, profile="nda",
                 check=lambda v: None),
    TemplateSpec("deletion-certificate", "deletion-certificate.docx", "データ返却・削除完了報告書（削除証明書）",
                 "Data return / deletion report (certificate)", DELETION_SCHEMA, build=_build_deletion),
    TemplateSpec("vendor-assessment", "vendor-assessment.docx", "委託先選定評価シート",
                 "Vendor selection assessment sheet", _vendor_schema(), build=_build_vendor, check=_check_vendor),
    TemplateSpec("self-check", "self-check.docx", "委託先自己点検チェックリスト",
                 "Vendor self-check list for periodic supervision", _self_check_schema(), build=_build_self_check,
                 check=_check_self_check),
)}


def format_dates(value):
    """Dates become Japanese text (2025年4月1日) for the document."""
    if isinstance(value, _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dict):
        return {k: format_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [format_dates(v) for v in value]
    return value
