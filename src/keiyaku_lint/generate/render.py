"""Rendering a DOCX template safely.

* The Jinja environment is a ``SandboxedEnvironment`` (a template cannot reach
  Python internals) with ``StrictUndefined`` (a field the data does not fill
  is an error, never an empty string).
* Every value is inserted as text: ``finalize`` escapes it for XML (& < > " ')
  and writes { } % as character references, so a value containing "{{", "{%",
  "<", "&" can neither open a tag nor survive docxtpl's own post-processing
  ("{_{" -> "{{"). Control characters were replaced by U+FFFD when the data was
  validated (schema.clean_text); a newline is refused in one-line fields
  (type str) and becomes a line break (w:br, same paragraph) in text fields.
* Article numbers and cross references are computed: the template calls
  ``article("confidentiality")`` where an article starts (it prints "第5条" or,
  in an annex, "第5") and ``ref("confidentiality")`` / ``refs("a", "b")`` where
  it refers to one. Rendering runs twice: the first pass numbers the articles
  in document order (conditional articles that are left out take no number),
  the second prints the references with those numbers. ``para()`` prints a
  paragraph's number ("" for the first paragraph of an article, then "2", ...)
  and ``item()`` an item's "（1）", "（2）"...
* Word splits "{{ name }}" across runs when the text was edited; docxtpl joins
  a tag split across runs of one paragraph (its patch_xml), and we also drop
  Word's proofing / bookmark marks between the braces first. A tag split across
  paragraphs is reported by ``lint_template`` (unbalanced tags).
"""
from __future__ import annotations

import io
import re
from typing import Optional

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from keiyaku_lint.errors import KeiyakuError

_XML_ESCAPES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "{": "&#123;", "}": "&#125;", "%": "&#37;",
}
_XML_RE = re.compile(r"[&<>\"'{}%]")


def xml_text(value) -> Markup:
    """A value as XML character data that no later step can read as markup or
    template syntax."""
    if value is None:
        s = ""
    elif isinstance(value, Markup):  # produced by our own helpers
        return value
    else:
        from keiyaku_lint.generate.schema import clean_text

        s = clean_text(str(value))
    return Markup(_XML_RE.sub(lambda m: _XML_ESCAPES[m.group(0)], s))


def make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, finalize=xml_text, undefined=StrictUndefined,
                               keep_trailing_newline=True)
    env.filters["yen"] = lambda v: f"{int(v):,}" if v not in (None, "") else ""
    return env


# --- numbering -------------------------------------------------------------------

_KANJI_AND = "及び"


class Numbering:
    """Article / paragraph / item numbers and cross references for one
    rendering. ``style`` is "article" (第5条) or "annex" (第5)."""

    def __init__(self, style: str = "article", known: Optional[dict] = None,
                 headings: Optional[dict] = None):
        self.style = style
        self.known = dict(known or {})  # key -> number, from the first pass
        self.headings: dict = dict(headings or {})  # key -> heading, from the first pass
        self.order: list[str] = []
        self.para_no = 0
        self.item_no = 0
        self.unresolved: set[str] = set()

    def label(self, n) -> str:
        return f"第{n}条" if self.style == "article" else f"第{n}"

    def article(self, key: str, heading: str = "") -> Markup:
        if key in self.order:
            raise KeiyakuError("E514", reason=f"article({key!r}) appears twice")
        self.order.append(key)
        if heading:
            self.headings.setdefault(key, str(heading))
        n = len(self.order)
        self.para_no = 0
        self.item_no = 0
        text = self.label(n) + (f"（{heading}）" if heading else "")
        return xml_text(text)

    def para(self) -> Markup:
        self.para_no += 1
        self.item_no = 0
        return Markup("") if self.para_no <= 1 else xml_text(f"{self.para_no}\u3000")

    def item(self) -> Markup:
        self.item_no += 1
        return xml_text(f"（{self.item_no}）")

    def number(self, key: str) -> Optional[int]:
        if key in self.known:
            return self.known[key]
        self.unresolved.add(key)
        return None

    def ref(self, key: str, heading: bool = False) -> Markup:
        """第5条, or with heading=True 第5条（秘密保持）."""
        n = self.number(key)
        text = self.label(n if n is not None else "?")
        if heading and self.headings.get(key):
            text += f"（{self.headings[key]}）"
        return xml_text(text)

    def refs(self, *keys: str) -> Markup:
        """Several references, in article order, joined the Japanese way:
        第3条、第5条及び第9条. Keys of articles the document leaves out are
        dropped (an optional article may be absent)."""
        nums = sorted({self.known[k] for k in keys if k in self.known})
        if not self.known:  # first pass
            return xml_text("第?条")
        labels = [self.label(n) for n in nums]
        if not labels:
            return xml_text("")
        if len(labels) == 1:
            return xml_text(labels[0])
        return xml_text("、".join(labels[:-1]) + _KANJI_AND + labels[-1])

    def has(self, key: str) -> bool:
        return key in self.known

    def functions(self) -> dict:
        return {"article": self.article, "para": self.para, "item": self.item,
                "ref": self.ref, "refs": self.refs, "has_article": self.has}


HELPERS = ("article", "para", "item", "ref", "refs", "has_article")


# --- template handling -------------------------------------------------------------

_WORD_NOISE = re.compile(
    r"<w:proofErr\b[^>]*/>|<w:bookmark(?:Start|End)\b[^>]*/>|<w:lastRenderedPageBreak/>"
    r"|<w:noProof/>")


def _load_template(source):
    """A DocxTemplate whose patch_xml first removes Word's proofing and
    bookmark marks (they split tags), then does docxtpl's own joining."""
    from docxtpl import DocxTemplate

    class _Template(DocxTemplate):
        def patch_xml(self, src_xml):
            return super().patch_xml(_WORD_NOISE.sub("", src_xml))

    try:
        tpl = _Template(source)
        tpl.init_docx()
    except KeiyakuError:
        raise
    except Exception as exc:  # zipfile.BadZipFile, KeyError, lxml errors ...
        raise KeiyakuError("E508", path=str(getattr(source, "name", source)),
                           reason=type(exc).__name__ + (f": {exc}" if str(exc) else "")) from None
    return tpl


def template_source(tpl) -> str:
    """The template's Jinja source as docxtpl will render it (body, headers,
    footers), after tag joining."""
    from docx.oxml import parse_xml

    xml = tpl.patch_xml(tpl.get_xml())
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel_key, rel in tpl.docx._part.rels.items():
            if rel.reltype == uri and rel.target_part.blob:
                xml += tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    return xml


def _dotted(node) -> Optional[str]:
    parts = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            parts.append(node.arg.value)
        else:
            return None
        node = node.node
    if isinstance(node, nodes.Name):
        parts.append(node.name)
        return ".".join(reversed(parts))
    return None


def referenced_fields(env, source: str) -> tuple[set, set]:
    """(top-level names the template reads from the context, dotted paths
    "client.name" it reads). Raises TemplateSyntaxError."""
    ast = env.parse(source)
    names = meta.find_undeclared_variables(ast)
    paths = set()
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        d = _dotted(node)
        if d and d.split(".")[0] in names:
            paths.add(d)
    # keep only the longest paths (client.name, not also client)
    return names, paths


def _lookup(context: dict, dotted: str) -> bool:
    cur = context
    for part in dotted.split("."):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif not isinstance(cur, dict) and hasattr(cur, part):
            cur = getattr(cur, part)
        else:
            return False
    return True


_METHODS = {"items", "keys", "values", "get"}


def unfilled_fields(env, source: str, context: dict) -> list[str]:
    names, paths = referenced_fields(env, source)
    missing = sorted(n for n in names if n not in context)
    for p in sorted(paths):
        head = p.split(".")
        if head[0] in missing or head[-1] in _METHODS:
            continue
        if not _lookup(context, p) and not any(p.startswith(m + ".") for m in missing):
            # report the shortest missing prefix
            for i in range(1, len(head) + 1):
                pre = ".".join(head[:i])
                if not _lookup(context, pre):
                    if pre not in missing:
                        missing.append(pre)
                    break
    return sorted(set(missing))


def _template_error(exc: Exception, where: str) -> KeiyakuError:
    if isinstance(exc, TemplateSyntaxError):
        snippet = re.sub(r"<[^>]+>", "", exc.source.splitlines()[exc.lineno - 1])[:80] if (
            exc.source and exc.lineno) else ""
        return KeiyakuError("E510", path=where, reason=f"{exc.message} — {snippet}".strip(" —"))
    if isinstance(exc, UndefinedError):
        if "unsafe" in str(exc.message):
            return KeiyakuError("E514", reason=f"{where}: {exc.message}")
        return KeiyakuError("E509", path=where, fields=str(exc.message))
    if isinstance(exc, SecurityError):
        return KeiyakuError("E514", reason=f"{where}: {exc}")
    return KeiyakuError("E514", reason=f"{where}: {type(exc).__name__}: {exc}")


def render(template_path, context: dict, numbering_style: str = "article") -> bytes:
    """Render a DOCX template with ``context``; return the DOCX bytes.

    Refuses (E509) a template that reads fields the context does not fill."""
    where = str(template_path)
    env = make_env()
    tpl = _load_template(template_path)
    try:
        source = template_source(tpl)
        missing = unfilled_fields(env, source, {**context, **{h: None for h in HELPERS}})
    except TemplateError as exc:
        raise _template_error(exc, where) from None
    if missing:
        raise KeiyakuError("E509", path=where, fields=", ".join(missing))

    # pass 1: number the articles in document order
    first = Numbering(numbering_style)
    _render_once(_load_template(template_path), env, context, first, where)
    known = {k: i + 1 for i, k in enumerate(first.order)}
    # pass 2: print references with those numbers
    second = Numbering(numbering_style, known, first.headings)
    tpl = _load_template(template_path)
    _render_once(tpl, env, context, second, where)
    if second.order != first.order:
        raise KeiyakuError("E514", reason=f"{where}: article order changed between passes")
    if second.unresolved:
        raise KeiyakuError("E512", path=where, keys=", ".join(sorted(second.unresolved)),
                           known=", ".join(first.order) or "-")
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def _render_once(tpl, env, context: dict, numbering: Numbering, where: str) -> None:
    ctx = dict(context)
    ctx.update(numbering.functions())
    try:
        tpl.render(ctx, jinja_env=env, autoescape=True)
    except KeiyakuError:
        raise
    except TemplateError as exc:
        raise _template_error(exc, where) from None
    except Exception as exc:  # lxml errors from a template that makes broken XML
        raise KeiyakuError("E514", reason=f"{where}: {type(exc).__name__}: {exc}") from None
