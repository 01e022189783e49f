"""What every report format shares: words, locations, the summary, exit status."""
from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Optional

from keiyaku_lint.model import ClauseLocation, ClauseResult, FileResult, Finding, Report, Settings
from keiyaku_lint.textsafe import display_path, json_path

SCHEMA = "keiyaku-lint/report/1"

WORDS = {
    "ja": {
        "present": "あり", "weak": "不十分", "missing": "なし", "error": "読めない",
        "clean": "問題なし", "not_found": "見つかりません", "suggestion": "推奨文言",
        "lacking": "不足", "structure": "構造の指摘", "profile": "プロファイル",
        "summary": "まとめ", "files": "ファイル", "skipped": "スキップ",
        "interrupted": "中断しました（ここまでの結果です）",
        "hidden": "隠しファイル", "lock_file": "Word の一時ファイル", "documentation": "説明ファイル（README など）",
        "symlink_loop": "シンボリックリンクの循環", "not_a_file": "通常のファイルではない",
        "own_output": "keiyaku-lint の出力ファイル", "own_output_folder": "--annotate-dir の出力フォルダ",
        "own_report": "keiyaku-lint が書いた検査結果", "own_annotated": "keiyaku-lint が作ったコメント付きコピー",
        "legacy_word": "旧形式の Word 文書（.doc）。Word で .docx に保存し直すと検査できます",
        "rtf": "RTF 文書。Word で .docx に保存し直すと検査できます",
        "other_document": "この形式は読めません。Word（.docx）か PDF にすると検査できます",
        "spreadsheet": "表計算ファイル（契約書として検査しません）",
        "presentation": "プレゼンテーション（契約書として検査しません）",
        "image": "画像ファイル（OCR を使えないため読んでいません。Tesseract と日本語データを入れるとスキャンとして検査します）",
        "archive": "圧縮ファイル。展開してから検査してください",
        "email": "メールファイル。添付の契約書を保存してから検査してください",
        "not_contract": "契約書ではない", "notices": "注意",
        "waived": "例外承認", "waived_line": "例外承認 {n}", "waiver_by": "承認",
        "waiver_expires": "期限", "lacking_elements": "不足している要素", "verdict_id": "判定ID",
        "config": "設定", "config_none": "設定ファイルなし", "added": "追加", "ignored": "除外",
        "severity_changed": "重要度",
        "page": "{n}ページ", "paragraph": "第{n}段落", "line": "{n}行目",
        "clause": "条項", "file": "ファイル", "verdict": "判定", "location": "箇所",
        "evidence": "根拠", "elements": "要素", "findings": "その他の指摘",
        "title": "契約書チェック結果", "details": "詳細", "error_code": "エラー",
        "summary_line": "{files} ファイル: 問題なし {clean} / 不十分あり {weak} / 欠落あり {missing} / 読めない {error}",
        "not_contract_line": "契約書ではない {n}",
        "skipped_line": "スキップ {n} 件",
    },
    "en": {
        "present": "present", "weak": "weak", "missing": "missing", "error": "unreadable",
        "clean": "clean", "not_found": "not found", "suggestion": "Recommended wording",
        "lacking": "lacking", "structure": "Structure findings", "profile": "profile",
        "summary": "Summary", "files": "files", "skipped": "skipped",
        "interrupted": "Interrupted (results so far)",
        "hidden": "hidden file", "lock_file": "Word lock file", "documentation": "documentation file (README etc.)",
        "symlink_loop": "symbolic link loop", "not_a_file": "not a regular file",
        "own_output": "keiyaku-lint's output file", "own_output_folder": "the --annotate-dir folder",
        "own_report": "a report keiyaku-lint wrote", "own_annotated": "a commented copy keiyaku-lint made",
        "legacy_word": "legacy Word document (.doc): save it as .docx in Word to check it",
        "rtf": "RTF document: save it as .docx in Word to check it",
        "other_document": "a format this tool cannot read: save it as Word (.docx) or PDF to check it",
        "spreadsheet": "spreadsheet (not checked as a contract)",
        "presentation": "presentation (not checked as a contract)",
        "image": "image file (not read: OCR is not available; with Tesseract and its Japanese data installed it is checked as a scan)",
        "archive": "archive: extract it, then check the files",
        "email": "e-mail file: save the attached contract, then check it",
        "not_contract": "not a contract", "notices": "Notes",
        "waived": "waived", "waived_line": "{n} waived", "waiver_by": "approved by",
        "waiver_expires": "expires", "lacking_elements": "lacking elements", "verdict_id": "verdict id",
        "config": "config", "config_none": "no configuration file", "added": "added", "ignored": "ignored",
        "severity_changed": "severity",
        "page": "page {n}", "paragraph": "paragraph {n}", "line": "line {n}",
        "clause": "Clause", "file": "File", "verdict": "Verdict", "location": "Location",
        "evidence": "Evidence", "elements": "Elements", "findings": "Other findings",
        "title": "Contract check results", "details": "Details", "error_code": "Error",
        "summary_line": "{files} {files_word}: {clean} clean / {weak} weak / {missing} missing a clause / {error} unreadable",
        "not_contract_line": "{n} not a contract",
        "skipped_line": "{n} skipped",
    },
}


def word(key: str, lang: str = "ja", **kw) -> str:
    w = WORDS["en" if lang == "en" else "ja"][key]
    return w.format(**kw) if kw else w


def place(loc: Optional[ClauseLocation], lang: str = "ja") -> str:
    """Page / paragraph / line of a location, for people: 「2ページ, 第15段落」.
    Paragraph numbers are shown 1-based (the model keeps them 0-based)."""
    if loc is None:
        return ""
    parts = []
    if loc.page is not None:
        parts.append(word("page", lang, n=loc.page))
    if loc.paragraph is not None:
        parts.append(word("paragraph", lang, n=loc.paragraph + 1))
    if loc.line is not None and loc.page is None and loc.paragraph is None:
        parts.append(word("line", lang, n=loc.line))
    return ", ".join(parts)


def where(loc: Optional[ClauseLocation], lang: str = "ja") -> str:
    """「第9条第2項」（2ページ） or the English equivalent."""
    if loc is None:
        return ""
    p = place(loc, lang)
    ref = f"「{loc.ref}」" if lang != "en" and loc.ref else (loc.ref or "")
    if p:
        return f"{ref}（{p}）" if lang != "en" else f"{ref} ({p})".strip()
    return ref


def ocr_mark(cl: ClauseResult, lang: str = "ja") -> str:
    """「OCRで読み取り（3ページ、平均信頼度 91%）」 for a verdict on text read
    by OCR (model.OcrMark), else ""."""
    m = getattr(cl, "ocr", None)
    if m is None:
        return ""
    from keiyaku_lint.load.pdf import _page_list

    pages = _page_list(list(m.pages))
    if lang == "en":
        return f"[read by OCR: page{'s' if len(m.pages) > 1 else ''} {pages}, mean confidence {m.confidence:.0f}%]"
    return f"［OCRで読み取り: {pages}ページ、平均信頼度 {m.confidence:.0f}%］"


def error_message(result: FileResult, lang: str = "ja") -> str:
    err = result.error or {}
    return err.get("message_en" if lang == "en" else "message_ja") or err.get("message", "")


def counts(report: Report) -> dict:
    c = Counter(f.verdict for f in report.files)
    return {"files": len(report.files), "clean": c["clean"], "weak": c["weak"],
            "missing": c["missing"], "error": c["error"], "not_contract": c["not_contract"],
            "waived": c["waived"]}


def summary(report: Report, lang: str = "ja") -> dict:
    """The summary block of the JSON report (other formats reuse it)."""
    s = counts(report)
    per_clause: dict[str, Counter] = {}
    for f in report.files:
        for cl in f.clauses:
            per_clause.setdefault(cl.id, Counter())["waived" if cl.waived else cl.status] += 1
    s["skipped"] = len(report.skipped)
    s["skipped_files"] = [{"path": json_path(p), "reason": r, "why": word(r, lang)} for p, r in report.skipped]
    s["interrupted"] = report.interrupted
    s["clauses"] = {cid: {k: c[k] for k in ("present", "weak", "missing", "waived")}
                    for cid, c in per_clause.items()}
    return s


def summary_line(report: Report, lang: str = "ja") -> str:
    c = counts(report)
    line = word("summary_line", lang, files_word="file" if c["files"] == 1 else "files", **c)
    if c["waived"]:
        line += " / " + word("waived_line", lang, n=c["waived"])
    if c["not_contract"]:
        line += " / " + word("not_contract_line", lang, n=c["not_contract"])
    if report.skipped:
        line += (" / " if lang == "en" else " / ") + word("skipped_line", lang, n=len(report.skipped))
    return line


def settings_line(s: Optional[Settings], lang: str = "ja") -> str:
    """「設定: ./keiyaku-lint.toml（プロファイル nda、除外 liability）」: which
    configuration decided the check and what it changed."""
    if s is None:
        return ""
    parts = [f"{word('profile', lang)} {s.profile}"]
    if s.added:
        parts.append(f"{word('added', lang)} {', '.join(s.added)}")
    if s.ignored:
        parts.append(f"{word('ignored', lang)} {', '.join(s.ignored)}")
    if s.severities:
        parts.append(f"{word('severity_changed', lang)} " + ", ".join(f"{c}={v}" for c, v in s.severities))
    if s.variant != "standard":
        parts.append(s.variant)
    head = display_path(s.config) if s.config else word("config_none", lang)
    if lang == "en":
        return f"{word('config', lang)}: {head} ({'; '.join(parts)})"
    return f"{word('config', lang)}: {head}（{'、'.join(parts)}）"


def clause_fails(cl: ClauseResult, fail_on: str) -> bool:
    if fail_on == "never" or cl.severity == "info" or cl.waived:
        return False
    if fail_on == "missing":
        return cl.status == "missing"
    return cl.status in ("missing", "weak")


def finding_fails(f: Finding, fail_on: str) -> bool:
    return fail_on != "never" and f.severity != "info"


def exit_status(report: Report, fail_on: str = "weak") -> int:
    """2 when a file could not be analysed, else 1 when a clause fails per
    ``fail_on`` (or a structure finding stands), else 0. A document that is
    not a contract fails nothing (it is listed as such)."""
    if any(not f.ok for f in report.files):
        return 2
    for f in report.files:
        if f.kind != "contract":
            continue
        if any(clause_fails(c, fail_on) for c in f.clauses):
            return 1
        if any(finding_fails(x, fail_on) for x in f.findings):
            return 1
    return 0


def clause_order(report: Report, library=None) -> list[tuple[str, str, str]]:
    """(id, title_ja, title_en) of every clause in the report, in profile order."""
    seen: dict[str, tuple[str, str, str]] = {}
    for f in report.files:
        for cl in f.clauses:
            seen.setdefault(cl.id, (cl.id, cl.title_ja, cl.title_en))
    if not seen and library is not None and report.profile in getattr(library, "profiles", {}):
        for cid in library.profiles[report.profile].clauses:
            if cid in library.clauses and cid not in seen:
                spec = library.clauses[cid]
                seen[cid] = (cid, spec.title.ja, spec.title.en)
    return list(seen.values())


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


# a line never starts with these (行頭禁則): closing brackets and punctuation,
# small kana and the long-vowel mark
NO_LINE_START = set("、。，．・：；？！）」』】〕〉》］｝,.:;?!)]}ーゝゞ々ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")


def _tokens(para: str) -> list:
    """Runs of ASCII letters and digits (an English word is not split),
    single spaces, and every other character on its own."""
    import re

    return re.findall(r"[!-~]+| |.", para)


def wrap(text: str, columns: int = 76) -> list[str]:
    """Lines of at most ``columns`` terminal columns (wide characters count
    two), so that a terminal of that width never wraps them again. Japanese
    breaks between any two characters except before closing punctuation,
    small kana and ー (the character before moves down with it); English
    breaks at spaces; a word longer than a line is cut."""
    columns = max(columns, 4)
    out: list[str] = []
    for para in text.splitlines() or [""]:
        line, width = "", 0
        for tok in _tokens(para):
            tw = display_width(tok)
            if tok == " ":
                if line and width + 1 <= columns:
                    line, width = line + " ", width + 1
                elif line:
                    out.append(line.rstrip())
                    line, width = "", 0
                continue
            if width + tw <= columns:
                line, width = line + tok, width + tw
                continue
            if tw > columns:  # a very long word: cut it
                for ch in tok:
                    cw = display_width(ch)
                    if width + cw > columns and line:
                        out.append(line.rstrip())
                        line, width = "", 0
                    line, width = line + ch, width + cw
                continue
            carry = ""
            if tok[0] in NO_LINE_START and len(line) > 1:  # kinsoku: the character before comes along
                carry, line = line[-1], line[:-1]
                while carry[0] in NO_LINE_START and len(line) > 1 and \
                        display_width(line[-1] + carry + tok) <= columns:
                    carry, line = line[-1] + carry, line[:-1]
            out.append(line.rstrip())
            line = carry + tok
            width = display_width(line)
        out.append(line.rstrip())
    return out


def status_word(cl: ClauseResult, lang: str = "ja") -> str:
    """「不十分」, or for a waived clause 「例外承認（不十分）」."""
    if cl.waived:
        return f"{word('waived', lang)}（{word(cl.status, lang)}）" if lang != "en" else \
            f"{word('waived', lang)} ({word(cl.status, lang)})"
    return word(cl.status, lang)


def waiver_text(cl: ClauseResult, lang: str = "ja") -> str:
    """「理由: 親会社保証で代替 / 承認: 法務部 山田 2025-04-01（期限 2026-03-31）」"""
    w = cl.waiver
    if w is None:
        return ""
    exp = f"（{word('waiver_expires', lang)} {w.expires}）" if w.expires and lang != "en" else \
        (f" ({word('waiver_expires', lang)} {w.expires})" if w.expires else "")
    if lang == "en":
        return f"reason: {w.reason} / {word('waiver_by', lang)} {w.approver} on {w.date}{exp}"
    return f"理由: {w.reason} / {word('waiver_by', lang)}: {w.approver} {w.date}{exp}"


def lacking_names(cl: ClauseResult, lang: str = "ja", library=None) -> list:
    """The names of the elements a weak clause lacks (委託者の事前承諾, ...),
    from the clause library when given, else the element messages' ids."""
    out = []
    spec = library.clauses.get(cl.id) if library is not None else None
    names = {}
    if spec is not None:
        for e in getattr(spec, "reported_elements", spec.elements):
            names[e.id] = e.name.get(lang)
    for e in cl.elements:
        if not e.ok:
            out.append(names.get(e.id, e.id))
    return out


VERDICT_WORD = {"ja": {"clean": "問題なし", "weak": "不十分あり", "missing": "欠落あり", "waived": "例外承認",
                       "error": "読めない", "not_contract": "契約書ではない"},
                "en": {"clean": "clean", "weak": "weak", "missing": "missing a clause", "waived": "waived",
                       "error": "unreadable", "not_contract": "not a contract"}}


def verdict_word(verdict: str, lang: str = "ja") -> str:
    """A file's verdict as the summary line says it: 欠落あり, not なし."""
    return VERDICT_WORD["en" if lang == "en" else "ja"].get(verdict, verdict)
