"""``keiyaku-lint generate --lint-template FILE``: check a (company's own)
DOCX template before use.

Problems reported, each with where it is:
    unbalanced-tag     a paragraph opens {{ / {% without closing it (often a
                       tag Word split across paragraphs), or closes one it
                       never opened
    fullwidth-brace    ｛｛ ｝｝ typed with the Japanese IME (not a tag)
    syntax             a Jinja syntax error (unclosed {% if %}, typo)
    unknown-field      a field the template's schema does not know
    render             the template fails to render with the example data
                       (e.g. ref() to an article it does not have)
    clause             the rendered contract misses or weakly states a clause
                       of its profile (contracts: outsourcing, annex, nda)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from keiyaku_lint.errors import KeiyakuError

_OPEN = re.compile(r"\{\{|\{%|\{#")
_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}


@dataclass(frozen=True)
class Problem:
    kind: str
    where: str
    message_ja: str
    message_en: str

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja


def _paragraphs(doc):
    """(where, text) for every paragraph, body and table cells, headers and footers."""
    body = doc.element.body
    from docx.text.paragraph import Paragraph

    for i, p in enumerate(body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")):
        yield f"段落 {i + 1}", Paragraph(p, doc).text
    for si, sec in enumerate(doc.sections):
        for part_name, part in (("ヘッダー", sec.header), ("フッター", sec.footer)):
            for pi, p in enumerate(part.paragraphs):
                yield f"{part_name} {si + 1}-{pi + 1}", p.text


def _balance(text: str) -> Optional[str]:
    """The first unbalanced tag in one paragraph's text, or None."""
    pos = 0
    while True:
        m = _OPEN.search(text, pos)
        close_any = re.search(r"\}\}|%\}|#\}", text[pos:])
        if m is None:
            if close_any:
                return text[pos + close_any.start():][:20]
            return None
        if close_any and pos + close_any.start() < m.start():
            return text[pos + close_any.start():][:20]
        end = text.find(_PAIRS[m.group(0)], m.end())
        if end < 0:
            return text[m.start():][:30]
        pos = end + 2


def lint_template(path, name: Optional[str] = None, lang: str = "ja") -> list[Problem]:
    """Check template ``path`` as template ``name`` (default: its file name's
    stem). Returns the problems; raises KeiyakuError when it cannot be opened."""
    from keiyaku_lint.generate import Found, render_document, self_check
    from keiyaku_lint.generate.render import _load_template, make_env, template_source, unfilled_fields, HELPERS
    from keiyaku_lint.generate.schema import example_data
    from keiyaku_lint.generate.specs import TEMPLATES
    from keiyaku_lint.generate import prepare_context
    from jinja2 import TemplateSyntaxError

    p = Path(path)
    if not p.is_file():
        raise KeiyakuError("E508", path=str(p), reason="file not found")
    name = name or p.stem
    spec = TEMPLATES.get(name)
    tpl = _load_template(p)
    problems: list[Problem] = []

    for where, text in _paragraphs(tpl.docx):
        bad = _balance(text)
        if bad is not None:
            problems.append(Problem("unbalanced-tag", where,
                                    f"タグの開きと閉じが対応していません: 「{bad}」（段落をまたいだタグは使えません）",
                                    f"unbalanced tag: \"{bad}\" (a tag cannot span paragraphs)"))
        if re.search(r"｛[｛％]|[｝％]｝", text):
            problems.append(Problem("fullwidth-brace", where,
                                    "全角の ｛ ｝ が使われています。タグは半角の {{ }} / {% %} で書いてください",
                                    "full-width braces ｛ ｝: write tags with ASCII {{ }} / {% %}"))

    env = make_env()
    try:
        source = template_source(tpl)
        env.parse(source)
    except TemplateSyntaxError as exc:
        problems.append(Problem("syntax", f"line {exc.lineno}", f"書式の誤り: {exc.message}",
                                f"syntax error: {exc.message}"))
        return problems

    if spec is None:
        problems.append(Problem("unknown-field", p.name,
                                f"テンプレート名「{name}」に対応する項目定義がありません（{', '.join(TEMPLATES)} の"
                                "いずれかの名前にすると、その項目と検査が使われます）。項目の検査は行いません",
                                f"no schema for the name \"{name}\" (name it one of {', '.join(TEMPLATES)} to use "
                                "that template's fields and checks); fields were not checked"))
        return problems

    data = example_data(spec.schema)
    variants = (False, True) if spec.profile else (False,)
    ctx = prepare_context(spec, data, strict=False)
    # every optional field is known, even when the example leaves it empty
    missing = unfilled_fields(env, source, {**ctx, **{h: None for h in HELPERS}})
    for f in missing:
        problems.append(Problem("unknown-field", f, f"項目「{f}」は {name} の項目定義にありません",
                                f"field \"{f}\" is not a field of {name}"))
    if missing:
        return problems

    for strict in variants:
        label = "strict" if strict else "standard"
        found = Found(name, p, spec, True)
        try:
            out = render_document(found, data, strict=strict)
        except KeiyakuError as err:
            problems.append(Problem("render", label, err.message("ja"), err.message("en")))
            continue
        if spec.profile:
            try:
                self_check(out, spec.profile, label)
            except KeiyakuError as err:
                problems.append(Problem("clause", label, err.message("ja"), err.message("en")))
    return problems
