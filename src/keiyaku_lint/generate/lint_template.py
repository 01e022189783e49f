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


_DELIMS = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")


def _balance(text: str) -> Optional[str]:
    """The first unbalanced tag in one paragraph's text, or None (one pass:
    linear in the paragraph's length)."""
    open_at = None
    closer = ""
    for m in _DELIMS.finditer(text):
        tok = m.group(0)
        if open_at is None:
            if tok in _PAIRS:
                open_at, closer = m.start(), _PAIRS[tok]
            else:
                return text[m.start():][:20]  # closes a tag it never opened
        elif tok == closer:
            open_at = None
    if open_at is not None:
        return text[open_at:][:30]
    return None


def lint_template(path, name: Optional[str] = None, lang: str = "ja") -> list[Problem]:
    """Check template ``path`` as template ``name`` (default: its file name's
    stem). Returns the problems; raises KeiyakuError when it cannot be opened
    (E508) or when reading it runs into the rendering limits (E521 / E522)."""
    from keiyaku_lint.generate import limits
    from keiyaku_lint.generate.files import shown
    from keiyaku_lint.generate.specs import TEMPLATES

    p = Path(path)
    name = name or p.stem
    spec = TEMPLATES.get(name)
    where = shown(p)
    with limits.limited(where):
        problems = _static_problems(p, where, spec, name)
    if problems is None or spec is None or any(x.kind in ("syntax", "unknown-field") for x in problems):
        return problems or []
    return problems + _render_problems(p, spec, name)


def _static_problems(p: Path, where: str, spec, name: str) -> Optional[list]:
    from jinja2 import TemplateSyntaxError

    from keiyaku_lint.generate.render import (HELPERS, _load_template, _template_error, make_env,
                                              template_source, unfilled_fields)
    from keiyaku_lint.generate import prepare_context
    from keiyaku_lint.generate.schema import example_data
    from keiyaku_lint.generate.specs import TEMPLATES

    tpl = _load_template(p, where)
    problems: list[Problem] = []
    for pwhere, text in _paragraphs(tpl.docx):
        bad = _balance(text)
        if bad is not None:
            problems.append(Problem("unbalanced-tag", pwhere,
                                    f"タグの開きと閉じが対応していません: 「{bad}」（段落をまたいだタグは使えません）",
                                    f"unbalanced tag: \"{bad}\" (a tag cannot span paragraphs)"))
        if re.search(r"｛[｛％]|[｝％]｝", text):
            problems.append(Problem("fullwidth-brace", pwhere,
                                    "全角の ｛ ｝ が使われています。タグは半角の {{ }} / {% %} で書いてください",
                                    "full-width braces ｛ ｝: write tags with ASCII {{ }} / {% %}"))

    env = make_env()
    try:
        source = template_source(tpl)
        env.parse(source)
    except KeiyakuError as err:  # a tag too long to process (E510)
        problems.append(Problem("syntax", p.name, err.message("ja"), err.message("en")))
        return problems
    except TemplateSyntaxError as exc:
        err = _template_error(exc, where)
        problems.append(Problem("syntax", f"line {exc.lineno}", err.fields["reason"].get("ja"),
                                err.fields["reason"].get("en")))
        return problems

    if spec is None:
        problems.append(Problem("unknown-field", p.name,
                                f"テンプレート名「{name}」に対応する項目定義がありません（{', '.join(TEMPLATES)} の"
                                "いずれかの名前にすると、その項目と検査が使われます）。項目の検査は行いません",
                                f"no schema for the name \"{name}\" (name it one of {', '.join(TEMPLATES)} to use "
                                "that template's fields and checks); fields were not checked"))
        return problems

    data = example_data(spec.schema)
    ctx = prepare_context(spec, data, strict=False)
    # every optional field is known, even when the example leaves it empty
    missing = unfilled_fields(env, source, {**ctx, **{h: None for h in HELPERS}})
    for f in missing:
        problems.append(Problem("unknown-field", f, f"項目「{f}」は {name} の項目定義にありません",
                                f"field \"{f}\" is not a field of {name}"))
    return problems


def _render_problems(p: Path, spec, name: str) -> list:
    """Render with the example data (under the rendering limits), then check
    a contract's clauses (outside them: the check has its own)."""
    from keiyaku_lint.generate import Found, render_document, self_check
    from keiyaku_lint.generate.schema import example_data

    problems: list[Problem] = []
    data = example_data(spec.schema)
    variants = (False, True) if spec.profile else (False,)
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
