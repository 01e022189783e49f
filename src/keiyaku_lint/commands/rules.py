"""``keiyaku-lint rules [ID]``: the clauses of the active profile, or what one
clause checks, why (the regulation's words), its elements (by name) and
messages, the recommended wording, and the passing and failing examples the
clause file carries, all from the clause library data. ID may be the clause
id, its Japanese title or a word of it (``rules 再委託``, ``rules 損害賠償``).
Never imports spaCy: the library reader is plain YAML."""
from __future__ import annotations

import os
import sys

import click

from keiyaku_lint.config import LANGS
from keiyaku_lint.errors import KeiyakuError, format_error

SEV = {"ja": {"error": "エラー", "warning": "警告", "info": "情報"},
       "en": {"error": "error", "warning": "warning", "info": "info"}}


def _fail(err: KeiyakuError, lang: str):
    click.echo(format_error(err, lang), err=True)
    sys.exit(2)


@click.command("rules", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("clause_id", required=False, metavar="[ID|条項名]")
@click.option("--lang", type=click.Choice(LANGS), default=None, help="言語 / language (default: ja)")
@click.option("--profile", default=None, help="条項プロファイル / clause profile")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="設定ファイル / configuration file")
def rules(clause_id, lang, profile, config_file):
    """条項ルールの一覧（ID か条項名を指定するとその説明と合格・不合格の例）を表示します。

    \b
    例: keiyaku-lint rules / keiyaku-lint rules subcontracting / keiyaku-lint rules 再委託

    List the clauses of the active profile, or explain one clause (by id or
    title) with its passing and failing examples."""
    from keiyaku_lint.analyze.library import load_library
    from keiyaku_lint.config import load_config

    try:
        config = load_config(os.getcwd(), {"lang": lang, "profile": profile}, config_file=config_file)
    except KeiyakuError as err:
        _fail(err, lang or "ja")
    lang = config.lang
    try:
        library = load_library(config.clause_dirs)
        specs = library.profile_clauses(config.profile, config.add_clauses, config.ignore_clauses,
                                        config.severities)
    except KeiyakuError as err:
        _fail(err, lang)
    if clause_id is None:
        click.echo(_listing(library, specs, config.profile, lang))
        return
    from keiyaku_lint.config import find_clause

    cid, maybe = find_clause(library, clause_id, candidates=True)
    spec = next((s for s in specs if s.id == cid), library.clauses.get(cid)) if cid else None
    if spec is None:
        known = ", ".join(f"{c}（{library.clauses[c].title.ja}）" if lang != "en" else c for c in (maybe or sorted(library.clauses)))
        _fail(KeiyakuError("E409", clause=clause_id, known=known), lang)
    click.echo(_detail(spec, lang))


def _listing(library, specs, profile: str, lang: str) -> str:
    prof = library.profiles.get(profile)
    title = prof.title.get(lang) if prof else profile
    head = (f"Profile {profile} ({title}): {len(specs)} clauses" if lang == "en"
            else f"プロファイル {profile}（{title}）: {len(specs)} 条項")
    lines = [head, ""]
    width = max((len(s.id) for s in specs), default=10)
    for s in specs:
        lines.append(f"{s.id:<{width}}  {s.title.ja}" + (f" / {s.title.en}" if lang == "en" else "")
                     + f"  [{SEV[lang if lang == 'en' else 'ja'][s.severity]}]")
        lines.append(" " * (width + 2) + ("elements: " if lang == "en" else "要素: ")
                     + ("; ".join(e.name.get("en") for e in _elements(s)) if lang == "en"
                        else "、".join(e.name.get("ja") for e in _elements(s))))
    lines.append("")
    lines.append("Run `keiyaku-lint rules ID` for details and examples." if lang == "en"
                 else "詳しい説明と合格・不合格の例は `keiyaku-lint rules ID`（例: rules 再委託）で表示します。")
    return "\n".join(lines)


def _elements(spec):
    """The elements a report shows (not the library's hidden presence test)."""
    return getattr(spec, "reported_elements", spec.elements)


def _wrap(text: str, indent: str = "  ", lang: str = "ja") -> list[str]:
    from keiyaku_lint.report.common import wrap

    return [indent + ln for ln in wrap(text.strip(), 78 - len(indent))]


def _detail(spec, lang: str) -> str:
    en = lang == "en"
    sev = SEV["en" if en else "ja"][spec.severity]
    lines = [f"{spec.id}: {spec.title.ja} / {spec.title.en}  [{sev}]", ""]
    desc = spec.description.get(lang)
    if desc:
        lines.append("What it checks:" if en else "何を検査するか:")
        lines += _wrap(desc, lang=lang)
        lines.append("")
    if spec.regulation:
        lines.append("Why (the regulation):" if en else "根拠（規程の文言）:")
        lines += _wrap(spec.regulation)
        lines.append("")
    lines.append("Elements:" if en else "要素:")
    for e in _elements(spec):
        lines.append(f"  - {e.name.get(lang)} ({e.id})")
        lines += _wrap(("when missing: " if en else "不足時: ") + e.message.get(lang), "      ", lang)
    if spec.headings:
        lines.append("")
        lines.append(("Typical headings: " if en else "よくある見出し: ") + "、".join(spec.headings))
    for variant, label in (("standard", "Recommended wording (standard)" if en else "推奨文言（標準）"),
                           ("strict", "Recommended wording (strict)" if en else "推奨文言（厳格）")):
        text = spec.suggestions.get(variant)
        if text is not None:
            lines.append("")
            lines.append(label + ":")
            lines += _wrap(text.get(lang), lang=lang)
    names = {e.id: e.name.get(lang) for e in spec.elements}
    for kind, examples in (("pass", spec.examples_pass), ("fail", spec.examples_fail)):
        if not examples:
            continue
        lines.append("")
        lines.append(("Passes (examples):" if kind == "pass" else "Fails (examples):") if en
                     else ("合格する例:" if kind == "pass" else "不合格になる例:"))
        for i, ex in enumerate(examples, 1):
            verdict = {"present": "あり", "weak": "不十分", "missing": "なし"}.get(ex.status, ex.status)
            if en:
                verdict = ex.status
            lack = ""
            if ex.missing:
                lack = ((" — lacking: " if en else "（不足: ") + ("; " if en else "、").join(
                    names.get(m, m) for m in ex.missing) + ("" if en else "）"))
            note = f" {ex.note}" if ex.note else ""
            lines.append(f"  {i}. [{verdict}]{lack}{note}")
            for ln in ex.text.strip().splitlines():
                lines += _wrap(ln, "       ", lang)
    return "\n".join(lines)
