"""The analysis engine on contracts written for these tests: spelling
variants, obligation versus permission, negation, the party that bears the
duty, survival through a list of articles, and where a clause is found."""
from __future__ import annotations

from keiyaku_lint.analyze import nlp
from keiyaku_lint.api import lint_text
from keiyaku_lint.config import Config

HEAD = "業務委託契約書\n株式会社東西商事（以下「甲」という。）と株式会社南北システム（以下「乙」という。）は、甲が乙に委託する業務について、次のとおり契約を締結する。\n"


def verdicts(body: str, **cfg):
    r = lint_text(HEAD + body, Config(**cfg))
    assert r.error is None, r.error
    return {c.id: c for c in r.clauses}


def test_spelling_variants_agree():
    a = verdicts("第3条（秘密保持）\n乙は、本業務に関して知り得た情報を第三者に漏えいしてはならず、本業務以外の目的に使用してはならない。")
    b = verdicts("第3条（秘密保持）\n乙は、本業務に関して知り得た情報を第三者に漏洩してはならず、本業務以外の目的に使用してはならない。")
    assert a["confidentiality"].status == b["confidentiality"].status == "present"
    assert nlp.normalize_text("漏えい及びき損").norm == nlp.normalize_text("漏洩および毀損").norm


def test_permission_to_disclose_is_not_confidentiality():
    v = verdicts("第3条（情報の利用）\n乙は、本業務の成果を第三者に開示することができる。")
    assert v["confidentiality"].status == "missing"


def test_prohibition_and_obligation_are_told_apart():
    for tail, want in [("開示してはならない。", "prohibited"), ("開示しないものとする。", "prohibited"),
                       ("開示することができる。", "permitted"), ("開示しなければならない。", "obliged"),
                       ("開示することはできない。", "prohibited"), ("開示する場合には", "conditional")]:
        s = "乙は、秘密情報を第三者に" + tail
        i = s.index("開示")
        assert nlp.predicate_info(s, i, i + 2, ["甲", "乙"]).modality == want, tail


def test_free_subcontracting_is_weak_on_prior_approval():
    v = verdicts("第8条（再委託）\n乙は、本業務の全部又は一部を第三者に再委託することができる。")
    sub = v["subcontracting"]
    assert sub.status == "weak"
    assert not {e.id: e.ok for e in sub.elements}["prior_approval"]
    v2 = verdicts("第8条（再委託）\n乙は、甲の事前の書面による承諾を得なければ、本業務を第三者に再委託してはならない。")
    assert {e.id: e.ok for e in v2["subcontracting"].elements}["prior_approval"]


def test_duty_on_the_client_alone_does_not_count():
    v = verdicts("第3条（秘密保持）\n甲は、乙から開示を受けた乙の技術情報を第三者に開示してはならない。")
    assert v["confidentiality"].status == "missing"
    v2 = verdicts("第3条（秘密保持）\n甲及び乙は、相手方の秘密情報を第三者に開示してはならない。")
    assert v2["confidentiality"].status != "missing"


def test_heading_alone_is_not_a_clause_and_clause_under_another_heading_is():
    v = verdicts("第5条（安全管理措置）\n安全管理措置については、甲乙別途協議する。\n"
                 "第6条（業務の実施）\n乙は、個人情報の漏えい、滅失又は毀損の防止のため、必要かつ適切な安全管理措置を講じなければならない。")
    sg = v["safeguards"]
    assert sg.status == "present"
    assert sg.location.ref == "第6条"


def test_survival_through_a_list_of_articles_is_resolved():
    body = ("第4条（秘密保持）\n乙は、本業務に関して知り得た甲の秘密情報を第三者に開示してはならない。\n"
            "第5条（損害賠償）\n乙は、本契約に違反して甲に損害を与えたときは、その損害を賠償する。\n"
            "第6条（存続条項）\n第4条及び第5条の規定は、本契約の終了後も3年間有効に存続する。\n")
    assert verdicts(body)["survival"].status == "present"
    other = body.replace("第4条及び第5条の規定", "第5条の規定")
    assert verdicts(other)["survival"].status == "missing"


def test_location_names_article_and_paragraph():
    v = verdicts("第9条（事故時の報告）\n乙は、本業務を誠実に遂行する。\n"
                 "2 乙は、個人情報の漏えいその他の事故が発生したときは、直ちに甲に報告し、甲と協力して再発防止策を講じなければならない。")
    inc = v["incident_reporting"]
    assert inc.status == "present"
    assert inc.location.ref == "第9条第2項"
    assert inc.location.line == 5
    assert "直ちに甲に報告" in inc.evidence


def test_progress_report_is_not_incident_reporting():
    v = verdicts("第7条（報告）\n乙は、毎月末日までに本業務の進捗状況を書面により甲に報告しなければならない。")
    assert v["incident_reporting"].status == "missing"


def test_items_are_read_with_their_lead_sentence():
    v = verdicts("第7条（禁止事項）\n乙は、次に掲げる行為をしてはならない。\n(1) 甲の秘密情報を第三者に開示すること。\n"
                 "(2) 甲の秘密情報を本業務以外の目的に利用すること。")
    assert v["confidentiality"].status == "present"


def test_english_text_is_an_error_not_a_missing_verdict():
    r = lint_text("NON-DISCLOSURE AGREEMENT\n1. The Recipient shall keep the information confidential.\n"
                  "2. This Agreement is governed by the laws of Japan.", Config())
    assert r.error is not None and r.error["code"] == "E308"
    assert r.clauses == ()


def test_nda_profile_selects_four_clauses_and_unknown_profile_is_an_error():
    r = lint_text(HEAD + "第1条（目的）\n本契約は秘密情報の取扱いを定める。", Config(profile="nda"))
    assert [c.id for c in r.clauses] == ["confidentiality", "survival", "deletion_return", "liability"]
    bad = lint_text(HEAD + "第1条（目的）\n本契約は秘密情報の取扱いを定める。", Config(profile="nosuch"))
    assert bad.error["code"] == "E303"


def test_recommended_wording_uses_the_contracts_own_party_names():
    text = ("業務委託契約書\n株式会社東西商事（以下「発注者」という。）と株式会社南北システム（以下「受注者」という。）は、"
            "発注者が受注者に委託する業務について、次のとおり契約を締結する。\n"
            "第1条（目的）\n発注者は、受注者に対し、給与計算業務を委託する。")
    r = lint_text(text, Config())
    sub = {c.id: c for c in r.clauses}["subcontracting"]
    assert sub.status == "missing"
    assert "受注者は" in sub.suggestion_ja and "乙" not in sub.suggestion_ja
    assert "Contractor" in sub.suggestion_en


def test_reading_without_the_parse_agrees_with_the_parse_where_it_is_used():
    aliases = ["受託者", "委託者", "甲", "乙"]
    sentences = ["乙は、秘密情報を第三者に開示してはならない。", "乙は、秘密情報を第三者に開示しないものとする。",
                 "受託者は、個人情報を本業務以外の目的に利用することができる。",
                 "乙は、安全管理措置を講じなければならない。", "甲は、乙に対し、資料の返還を求めることができる。",
                 "乙は、本業務を第三者に再委託することはできない。"]
    for s in sentences:
        for term in ("開示", "利用", "講じ", "求める", "再委託"):
            i = s.find(term)
            if i < 0:
                continue
            quick = nlp.quick_predicate_info(s, i, i + len(term), aliases, need_subject=True)
            full = nlp.predicate_info(s, i, i + len(term), aliases)
            assert quick is not None, s
            assert (quick.modality, quick.subject) == (full.modality, full.subject), s
    # where the structure matters, the quick reading declines and the parse decides
    s = "乙は、秘密情報を第三者に開示し、又は漏えいしてはならない。"
    assert nlp.quick_predicate_info(s, s.index("開示"), s.index("開示") + 2, aliases) is None
    assert nlp.predicate_info(s, s.index("開示"), s.index("開示") + 2, aliases).modality == "prohibited"


def test_a_definition_binds_no_one():
    v = verdicts("第2条（定義）\n本契約において「再委託」とは、乙が本業務の一部を第三者に委託することをいう。\n"
                 "第3条（業務）\n乙は、本業務を誠実に遂行する。")
    assert v["subcontracting"].status == "missing"


def test_handing_work_on_without_the_word_saiitaku_is_subcontracting():
    v = verdicts("第5条（業務の委託）\n乙は、本業務のうち配送を、乙の選定する運送事業者に委託することができる。")
    sub = v["subcontracting"]
    assert sub.status == "weak" and not {e.id: e.ok for e in sub.elements}["prior_approval"]


def test_damages_waived_in_an_organised_crime_article_is_not_the_liability_clause():
    v = verdicts("第13条（反社会的勢力の排除）\n甲及び乙は、相手方が反社会的勢力に該当するときは、本契約を解除することができる。\n"
                 "2　前項により本契約を解除した当事者は、相手方に生じた損害を賠償する責任を負わない。")
    assert v["liability"].status == "missing"


def test_staff_leaving_is_not_the_contract_ending():
    body = ("第6条（秘密保持）\n乙は、本業務に関して知り得た甲の秘密情報を第三者に開示してはならない。\n"
            "2　乙は、その従業者に対し、在職中及び退職後も前項の義務を遵守させる。")
    assert verdicts(body)["survival"].status == "missing"


def test_a_sentence_wrapped_inside_a_table_cell_is_read_whole():
    v = verdicts("第4条（安全管理）\n乙は、個人情報の漏えい、滅失及び毀損を防止するため、受\n付端末の認証、記録の暗号化その他の必要な措置を講じ\nる。")
    assert v["safeguards"].status == "present"


def test_survival_listing_sections_of_a_tokki_jikou_annex():
    text = ("個人情報の取扱いに関する特記事項\n第1　基本的事項\n乙は、個人情報の保護の重要性を認識し、適正に取り扱わなければならない。\n"
            "第2　秘密の保持\n乙は、本業務に関して知り得た個人情報を第三者に漏らしてはならない。\n"
            "第3　存続\n第2の規定は、契約が終了し、又は解除された後も5年間効力を有する。\n"
            "第4　第三者への提供\n乙は、第三者に個人情報を提供してはならない。")
    r = lint_text(text, Config())
    sv = {c.id: c for c in r.clauses}["survival"]
    assert sv.status == "present", sv
    assert "第3" in sv.location.ref


def test_survival_still_knows_the_confidentiality_article_when_that_clause_is_ignored():
    body = ("第4条（秘密保持）\n乙は、本業務に関して知り得た甲の秘密情報を第三者に開示してはならない。\n"
            "第6条（存続条項）\n第4条の規定は、本契約の終了後も3年間有効に存続する。\n")
    r = lint_text(HEAD + body, Config(ignore_clauses=("confidentiality",)))
    got = {c.id: c for c in r.clauses}
    assert "confidentiality" not in got
    assert got["survival"].status == "present"


def test_words_of_other_drafting_styles():
    # 通報 is reporting; a roster (名簿) is data to return
    v = verdicts("第7条（事故時の対応）\n乙は、個人情報の漏えいが発生したときは、直ちに甲に通報しなければならない。\n"
                 "第8条（名簿の返還）\n乙は、本契約が終了したときは、甲から預かった名簿を直ちに甲に返還しなければならない。")
    assert v["incident_reporting"].status != "missing"
    assert v["deletion_return"].status != "missing"
    assert {e.id: e.ok for e in v["deletion_return"].elements}["method"]


def test_an_accident_that_is_not_about_information_is_not_incident_reporting():
    v = verdicts("第5条（衛生管理）\n乙は、食中毒その他の事故が発生したときは、直ちに甲に報告しなければならない。")
    assert v["incident_reporting"].status == "missing"


def test_every_duty_of_a_pledge_surviving_includes_its_secrecy():
    text = ("秘密保持誓約書\n株式会社東西商事 御中\n"
            "1. 当社は、貴社から開示された情報を第三者に開示しません。\n"
            "2. 本誓約書に基づく当社の義務は、本取引が終了した後も3年間存続するものとします。")
    r = lint_text(text, Config(profile="nda"))
    assert {c.id: c for c in r.clauses}["survival"].status == "present"


def test_forbidding_to_let_others_use_is_still_the_subjects_own_duty():
    text = ("クラウド保管サービス利用規約\n本規約は、株式会社雲上（以下「当社」という。）が提供する保管サービスを利用者が利用する条件を定める。\n"
            "第4条（ID等の管理）\n利用者は、ID及びパスワードを管理し、第三者に開示し、又は利用させてはならない。")
    r = lint_text(text, Config())
    assert {c.id: c for c in r.clauses}["confidentiality"].status == "missing"


def test_toosha_is_the_other_side_of_the_role_named_party():
    text = ("注文書約款\n本約款は、株式会社ハヤテ工業（以下「当社」という。）が受注者に発注する取引に適用する。\n"
            "1. 秘密\n当社は、受注者から提出された見積書を本発注の検討以外の目的に使用しない。")
    r = lint_text(text, Config())
    assert {c.id: c for c in r.clauses}["confidentiality"].status == "missing"


def test_a_heading_cited_after_an_article_number_is_not_a_provision():
    v = verdicts("第3条（変更しない条項）\n原契約第18条（損害賠償）の規定は、変更しない。")
    assert v["liability"].status == "missing"


def test_what_is_returned_must_be_information():
    v = verdicts("第15条（終了時の措置）\n乙は、本契約が終了したときは、甲から貸与を受けた業務端末及び入館証を甲に返却するとともに、"
                 "本件個人情報を甲の指示に従い消去しなければならない。")
    dr = v["deletion_return"]
    assert dr.status == "weak" and not {e.id: e.ok for e in dr.elements}["method"]
    v2 = verdicts("第15条（終了時の措置）\n乙は、本契約が終了したときは、甲から提供を受けた資料を甲に返還しなければならない。")
    assert {e.id: e.ok for e in v2["deletion_return"].elements}["method"]


def test_lent_tools_are_not_data_but_lent_documents_are():
    tools = verdicts("第7条（貸与品）\n甲が乙に貸与する専用治具及び工具（以下「貸与品」という。）は、本件取引の完了後速やかに甲に返還しなければならない。")
    assert tools["deletion_return"].status == "missing"
    docs = verdicts("第7条（貸与品）\n甲は、本業務に必要な資料を乙に貸与する。乙は、貸与品を本業務の完了後速やかに甲に返却するものとする。")
    assert docs["deletion_return"].status != "missing"


def test_losing_a_key_is_not_an_information_incident_and_a_site_manager_is_not_a_safeguard():
    v = verdicts("第9条（鍵の管理）\n乙は、鍵を紛失したときは、直ちに甲に届け出なければならない。\n"
                 "第10条（現場責任者）\n乙は、作業員の中から現場責任者を定め、甲との連絡調整に当たらせる。")
    assert v["incident_reporting"].status == "missing"
    assert v["safeguards"].status == "missing"


def test_the_provider_of_the_service_is_the_contractor():
    text = ("広告運用代行サービス契約書\n株式会社アドヴァ（以下「当社」という。）は、申込者（以下「貴社」という。）に対し、"
            "以下の条件により広告運用代行サービスを提供する。\n"
            "第8条（当社情報の保護）\n貴社は、当社が貴社に開示したノウハウを第三者に開示してはならない。")
    r = lint_text(text, Config())
    assert {c.id: c for c in r.clauses}["confidentiality"].status == "missing"


def test_outside_hands_and_conditions_count_as_subcontracting_but_the_clients_freedom_does_not():
    v = verdicts("第6条（外部処理）\n乙は、本業務を外部の者に処理させるときは、あらかじめ甲の同意を得なければならない。")
    sub = v["subcontracting"]
    assert sub.status != "missing" and {e.id: e.ok for e in sub.elements}["prior_approval"]
    v2 = verdicts("第12条（非独占）\n甲は、本業務と同種の業務を他の事業者に委託することを妨げられない。")
    assert v2["subcontracting"].status == "missing"


def test_a_clients_own_encryption_is_not_the_contractors_safeguard():
    v = verdicts("第2条（データの交付）\n甲は、名簿データを暗号化した電子ファイルにより乙に交付する。")
    assert v["safeguards"].status == "missing"
    v2 = verdicts("第4条（名簿データの管理）\n乙は、名簿データを保存する端末をネットワークから隔離し、必要な管理を行わなければならない。")
    assert v2["safeguards"].status == "present"


def test_force_majeure_exemption_is_not_the_liability_clause():
    v = verdicts("第15条（不可抗力）\n天災地変その他いずれの責めにも帰することができない事由により履行が遅延したときは、"
                 "甲及び乙は、相手方に生じた損害について責任を負わない。")
    assert v["liability"].status == "missing"


def test_a_written_notice_of_destruction_is_evidence():
    v = verdicts("第9条（返還等）\n乙は、本契約が終了したときは、秘密情報を直ちに返還し、又は破棄するものとし、"
                 "破棄した場合には、破棄した旨を書面で甲に通知する。")
    assert {e.id: e.ok for e in v["deletion_return"].elements}["evidence"]


def test_a_company_can_add_party_names_as_data(tmp_path):
    body = ("第3条（秘密保持）\n依頼主は、業務先から受領した情報を第三者に開示してはならない。\n")
    text = "業務委託契約書\n依頼主と業務先は、次のとおり契約を締結する。\n" + body
    before = {c.id: c for c in lint_text(text, Config()).clauses}["confidentiality"]
    assert before.status != "missing"  # nobody knows that 依頼主 is the client
    (tmp_path / "parties.yaml").write_text("kind: parties\nroles:\n  client: [依頼主]\n  contractor: [業務先]\n",
                                           encoding="utf-8")
    from keiyaku_lint.analyze import engine

    engine._library_cache.clear()
    after = {c.id: c for c in lint_text(text, Config(clause_dirs=(str(tmp_path),))).clauses}["confidentiality"]
    assert after.status == "missing"  # a duty on the client alone
    (tmp_path / "parties.yaml").write_text("kind: parties\nroles:\n  boss: [依頼主]\n", encoding="utf-8")
    engine._library_cache.clear()
    bad = lint_text(text, Config(clause_dirs=(str(tmp_path),)))
    assert bad.error["code"] == "E301" and "parties.yaml" in bad.error["message_en"]
