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
* A template (from ``--template-dir``) is untrusted. Before docxtpl sees it:
  a regular file of at most MAX_TEMPLATE_BYTES whose zip parts are of a
  sensible size (no zip bomb), and whose tags close within MAX_TAG_SPAN
  characters (docxtpl's preprocessing is quadratic in an unclosed tag).
  While rendering: the limits of ``limits.py`` (counted loops, calls,
  sizes and output; a deadline), E521 / E522. Reaching for Python
  internals (``article.__globals__``) is E514, said before rendering.
* The result must be readable by ``keiyaku-lint check``: a document the
  DOCX loader would refuse (too large, or so repetitive that it looks like
  a zip bomb) is E523, naming the longest value, instead of a file that
  the self-check and every later check reject.
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import Optional

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from keiyaku_lint.errors import Bi, KeiyakuError
from keiyaku_lint.generate import limits
from keiyaku_lint.generate.files import NotRegular, TooLarge, os_reason, read_regular

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


def _finalize(value) -> Markup:
    """Every value a template prints: counted, then made XML text."""
    out = xml_text(value)
    limits.counted_output(len(out))
    return out


def _yen(v):
    if v in (None, ""):
        return ""
    try:
        return f"{int(v):,}"
    except (TypeError, ValueError):
        raise KeiyakuError("E514", path=_where(), reason=Bi(
            f"yen フィルタには金額（整数）を渡してください（{str(v)[:40]!r}）",
            f"the yen filter needs an amount (an integer), got {str(v)[:40]!r}")) from None


def _where() -> str:
    b = limits.current()
    return b.where if b is not None else "?"


class GuardedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox (no Python internals, no changing lists or dicts) plus the
    counted limits of ``limits``: every loop iteration, call, operator that
    can grow a value and printed value is checked."""

    intercepted_binops = frozenset({"*", "+", "%", "**"})

    def call_binop(self, context, operator, left, right):
        limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        args = limits.check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value):
        fmt = super().wrap_str_format(value)
        if fmt is None:
            return None
        template = value.__self__

        def checked(*args, **kwargs):
            limits.check_format(template, args, kwargs)
            return fmt(*args, **kwargs)

        return checked

    def _parse(self, source, name, filename):
        return limits.guard_tree(super()._parse(source, name, filename))


def _finalize_plain(value) -> str:
    """A value printed into a document property (title, author...): plain
    text, which python-docx escapes itself when it saves."""
    if value is None:
        out = ""
    elif isinstance(value, Markup):
        out = value.unescape()
    else:
        from keiyaku_lint.generate.schema import clean_text

        out = clean_text(str(value))
    limits.counted_output(len(out))
    return out


def make_env(plain: bool = False) -> GuardedEnvironment:
    """The rendering environment; ``plain`` for document properties (no XML
    escaping: python-docx escapes them, so escaping here too would show
    "A&amp;B" as the title)."""
    env = GuardedEnvironment(autoescape=not plain, finalize=_finalize_plain if plain else _finalize,
                             undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["yen"] = _yen
    env.filters = limits.guard_filters(env.filters)
    env.globals.pop("lipsum", None)  # lipsum(n) makes n paragraphs: nothing a contract needs
    env.globals["range"] = limits.safe_range
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
            raise KeiyakuError("E514", path=_where(), reason=Bi(
                f"article({key!r}) が2回あります（一つの条は一度だけ書けます）", f"article({key!r}) appears twice"))
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

MAX_TEMPLATE_BYTES = 32 << 20  # the .docx file
MAX_TEMPLATE_MEMBERS = 2_000
MAX_TEMPLATE_XML_BYTES = 8 << 20  # one XML part, decompressed (templates are far smaller)
MAX_TEMPLATE_TOTAL_BYTES = 128 << 20  # all parts, decompressed
TEMPLATE_RATIO = 200  # decompressed / compressed, for parts above 1 MB (a zip bomb)
MAX_TAG_SPAN = 8 << 10  # XML characters from a tag's {{ / {% / {# to its closing
MAX_STRAY_CLOSERS = 100

_WORD_NOISE = re.compile(
    r"<w:proofErr\b[^>]*/>|<w:bookmark(?:Start|End)\b[^>]*/>|<w:lastRenderedPageBreak/>"
    r"|<w:noProof/>")
# docxtpl's first step: {<w:r>...<w:t>{ -> {{ (a tag split across runs)
_JOIN_SPLIT = re.compile(r"(?<={)(<[^>]*>)+(?=[\{%\#])|(?<=[%\}\#])(<[^>]*>)+(?=\})")
_DELIMS = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}


def read_template(path) -> bytes:
    """The template file's bytes, after checking that it is a regular file of
    a sensible size and a zip whose parts are of a sensible size (python-docx
    reads every part into memory). Raises E508."""
    where = str(path)
    try:
        blob = read_regular(path, MAX_TEMPLATE_BYTES)
    except FileNotFoundError:
        raise KeiyakuError("E508", path=where, reason=Bi("ファイルがありません", "file not found")) from None
    except NotRegular as exc:
        raise KeiyakuError("E508", path=where, reason=Bi(
            f"通常のファイルではありません（{exc.kind.get('ja')}）", f"not a regular file ({exc.kind.get('en')})")) from None
    except TooLarge as exc:
        raise KeiyakuError("E508", path=where, reason=Bi(
            f"ファイルが大きすぎます（{exc.size / 2**20:.1f} MB。上限 {MAX_TEMPLATE_BYTES >> 20} MB）",
            f"the file is too large ({exc.size / 2**20:.1f} MB; limit {MAX_TEMPLATE_BYTES >> 20} MB)")) from None
    except OSError as exc:
        raise KeiyakuError("E508", path=where, reason=os_reason(exc)) from None
    _check_template_zip(blob, where)
    return blob


def _check_template_zip(blob: bytes, where: str) -> None:
    def bad(ja, en):
        raise KeiyakuError("E508", path=where, reason=Bi(ja, en))

    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        bad("Word 文書（zip 形式）ではありません", "not a Word document (not a zip file)")
    if len(infos) > MAX_TEMPLATE_MEMBERS:
        bad(f"zip の中のファイルが多すぎます（{len(infos):,} 個）", f"{len(infos):,} parts in the zip")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if info.flag_bits & 0x1:
            bad("パスワードで保護されています", "it is password-protected")
        is_xml = info.filename.lower().endswith((".xml", ".rels"))
        if is_xml and size > MAX_TEMPLATE_XML_BYTES:
            bad(f"{info.filename} が大きすぎます（展開すると {size / 2**20:.1f} MB。上限 {MAX_TEMPLATE_XML_BYTES >> 20} MB）",
                f"{info.filename} expands to {size / 2**20:.1f} MB (limit {MAX_TEMPLATE_XML_BYTES >> 20} MB)")
        if size > (1 << 20) and size > TEMPLATE_RATIO * max(info.compress_size, 1):
            bad(f"{info.filename} の圧縮率が異常です（{size // max(info.compress_size, 1):,}:1。zip 爆弾の可能性）",
                f"{info.filename} is compressed {size // max(info.compress_size, 1):,}:1 (a zip bomb?)")
    if total > MAX_TEMPLATE_TOTAL_BYTES:
        bad(f"展開すると大きすぎます（{total >> 20} MB）", f"its parts expand to {total >> 20} MB")


def _check_tag_spans(xml: str) -> None:
    """Every {{ / {% / {# closes within MAX_TAG_SPAN characters of XML. A tag
    that does not (often one left open) would make docxtpl's preprocessing
    scan the rest of the document once per tag: hours on a large template."""
    open_at = None
    closer = ""
    stray = 0
    for m in _DELIMS.finditer(xml):
        tok = m.group(0)
        if open_at is None:
            if tok in _PAIRS:
                open_at, closer = m.start(), _PAIRS[tok]
            elif tok == "%}" and xml[m.start() - 1:m.start()] == "-":
                stray += 1  # a "-%}" outside any tag: docxtpl scans from each one to the next text run
                if stray > MAX_STRAY_CLOSERS:
                    raise KeiyakuError("E510", path=_where(), reason=Bi(
                        f"開いていないタグの閉じ「-%}}」が {MAX_STRAY_CLOSERS} 個を超えています",
                        f"more than {MAX_STRAY_CLOSERS} \"-%}}\" that close no tag"))
        elif tok == closer:
            if m.end() - open_at > MAX_TAG_SPAN:
                _span_error(xml, open_at, closed=True)
            open_at = None
    if open_at is not None and len(xml) - open_at > MAX_TAG_SPAN:
        _span_error(xml, open_at, closed=False)


def _span_error(xml: str, at: int, closed: bool):
    snippet = _plain(xml[at:at + 2000])[:40]
    what_ja = "閉じるまでが長すぎます" if closed else "閉じられていません"
    what_en = "is too long before it closes" if closed else "is never closed"
    raise KeiyakuError("E510", path=_where(), reason=Bi(
        f"タグ「{snippet}」が{what_ja}（段落をまたいだタグは使えません）",
        f"the tag \"{snippet}\" {what_en} (a tag cannot span paragraphs)"))


def _plain(xml: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", xml).split())


def _load_template(source, where: Optional[str] = None):
    """A DocxTemplate from a path or the template's bytes (see read_template),
    whose patch_xml first removes Word's proofing and bookmark marks (they
    split tags) and checks tag lengths, then does docxtpl's own joining."""
    from docxtpl import DocxTemplate

    class _Template(DocxTemplate):
        def patch_xml(self, src_xml):
            src_xml = _JOIN_SPLIT.sub("", _WORD_NOISE.sub("", src_xml))
            _check_tag_spans(src_xml)
            return super().patch_xml(src_xml)

        def render_properties(self, context, jinja_env=None):
            super().render_properties(context, make_env(plain=True))

    if isinstance(source, (bytes, bytearray)):
        blob = bytes(source)
        where = where or "template"
    else:
        where = where or str(source)
        blob = read_template(source)
    try:
        tpl = _Template(io.BytesIO(blob))
        tpl.init_docx()
    except KeiyakuError:
        raise
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # zipfile.BadZipFile, KeyError, lxml errors ...
        text = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        raise KeiyakuError("E508", path=where, reason=Bi(f"Word 文書として読めません（{text}）", text)) from None
    return tpl


def template_source(tpl) -> str:
    """The template's Jinja source as docxtpl will render it (body, headers,
    footers), after tag joining; one line per paragraph, as docxtpl renders
    it (so an error's line number points at a paragraph)."""
    from docx.oxml import parse_xml

    xml = tpl.patch_xml(tpl.get_xml())
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _rel_key, rel in tpl.docx._part.rels.items():
            if rel.reltype == uri and rel.target_part.blob:
                xml += tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


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
        if d and d.split(".")[0] in names | _SPECIAL_NAMES:
            paths.add(d)
    return names, paths


# names a template can use that are not data: our helpers, Jinja's globals and specials
_SPECIAL_NAMES = {"self", "loop", "caller", "varargs", "kwargs", "range", "dict", "namespace",
                  "cycler", "joiner", "super"}


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


def unsafe_paths(paths, context: dict) -> list[str]:
    """Dotted paths that reach for Python internals: a part starting with
    "__", or any "_" part of something that is not data (article._x,
    self._TemplateReference__context). The sandbox refuses them anyway; we
    say so before rendering, instead of calling them unfilled fields."""
    out = []
    for p in sorted(paths):
        head, *rest = p.split(".")
        data = head in context and head not in HELPERS
        if any(r.startswith("__") or (r.startswith("_") and not data) for r in rest):
            out.append(p)
    # the shortest: "cycler.__init__", not also "cycler.__init__.__globals__"
    return [p for p in out if not any(p.startswith(q + ".") for q in out)]


def unfilled_fields(env, source: str, context: dict, fields: Optional[tuple] = None) -> list[str]:
    names, paths = fields if fields is not None else referenced_fields(env, source)
    missing = sorted(n for n in names if n not in context)
    for p in sorted(paths):
        head = p.split(".")
        if head[0] in missing or head[0] in _SPECIAL_NAMES or head[-1] in _METHODS:
            continue
        if any(part.startswith("_") for part in head[1:]) and head[0] in HELPERS:
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


def _unsafe_what(message: str) -> str:
    m = re.search(r"attribute '([^']+)' of '([^']+)'", message)
    return f"{m.group(2)}.{m.group(1)}" if m else message


def sandbox_error(where: str, what: str) -> KeiyakuError:
    return KeiyakuError("E514", path=where, reason=Bi(
        f"安全のため、テンプレートから Python の内部（{what}）にはアクセスできません",
        f"for safety, a template cannot reach Python internals ({what})"))


_JINJA_JA = (
    (re.compile(r"unexpected end of template.*?'(end\w+)'", re.S),
     lambda m: f"{{% {m.group(1)} %}} がないままテンプレートが終わっています"),
    (re.compile(r"unexpected end of template", re.S), lambda m: "タグが閉じないままテンプレートが終わっています"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), lambda m: f"不明なタグ「{m.group(1)}」があります"),
    (re.compile(r"unexpected char '(.)'"), lambda m: f"タグの中に使えない文字「{m.group(1)}」があります"),
    (re.compile(r"unexpected '(.+?)'"), lambda m: f"タグの中の「{m.group(1)}」の位置が正しくありません"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"),
     lambda m: f"タグの書き方が正しくありません（「{m.group(2)}」の前に「{m.group(1)}」が必要です）"),
    (re.compile(r"'(\w+)' is undefined"), lambda m: f"「{m.group(1)}」は定義されていません"),
    (re.compile(r"has no attribute '(\w+)'"), lambda m: f"項目「{m.group(1)}」がありません"),
)


def _jinja_ja(message: str) -> str:
    for rx, fn in _JINJA_JA:
        m = rx.search(message)
        if m:
            return f"{fn(m)}（{message}）"
    return message


def _template_error(exc: Exception, where: str) -> KeiyakuError:
    if isinstance(exc, TemplateSyntaxError):
        snippet = ""
        if exc.source and exc.lineno:
            lines = exc.source.splitlines()
            if 0 < exc.lineno <= len(lines):
                snippet = _plain(lines[exc.lineno - 1])[:60]
        msg = exc.message or ""
        at_ja = f"「{snippet}」の段落: " if snippet else ""
        at_en = f"in the paragraph \"{snippet}\": " if snippet else ""
        return KeiyakuError("E510", path=where, reason=Bi(at_ja + _jinja_ja(msg), at_en + msg))
    if isinstance(exc, UndefinedError):
        if "unsafe" in str(exc.message):
            return sandbox_error(where, _unsafe_what(str(exc.message)))
        return KeiyakuError("E509", path=where, fields=Bi(_jinja_ja(str(exc.message)), str(exc.message)))
    if isinstance(exc, SecurityError):
        return sandbox_error(where, _unsafe_what(str(exc)))
    if isinstance(exc, TypeError) and "no loader" in str(exc):
        return KeiyakuError("E514", path=where, reason=Bi(
            "テンプレートからほかのファイルを読み込むこと（include / import / extends）はできません",
            "a template cannot load other files (include / import / extends)"))
    big = limits.int_too_big_message(exc)
    if big is not None:
        return KeiyakuError("E522", path=where, reason=big)
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return KeiyakuError("E514", path=where, reason=Bi(f"テンプレートの処理中のエラー（{text}）", text))


def render(template_path, context: dict, numbering_style: str = "article") -> bytes:
    """Render a DOCX template with ``context``; return the DOCX bytes.

    Refuses (E509) a template that reads fields the context does not fill,
    (E514) one that reaches for Python internals, (E521 / E522) one that runs
    too long or too big (see limits.py), and (E523) a result that
    ``keiyaku-lint check`` could not read back."""
    where = str(template_path)
    blob = read_template(template_path)
    with limits.limited(where):
        tpl = _render(blob, where, context, numbering_style)
        out = io.BytesIO()
        try:
            tpl.save(out)  # into memory: writing files is write_atomic's job
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:
            raise _template_error(exc, where) from None
    blob = out.getvalue()
    check_readable(blob, context)
    return blob


def _render(blob: bytes, where: str, context: dict, numbering_style: str):
    """Both passes; returns the rendered DocxTemplate."""
    env = make_env()
    tpl = _load_template(blob, where)
    try:
        source = template_source(tpl)
        fields = referenced_fields(env, source)
        unsafe = unsafe_paths(fields[1], context)
        if unsafe:
            raise sandbox_error(where, ", ".join(unsafe))
        missing = unfilled_fields(env, source, {**context, **{h: None for h in HELPERS}}, fields)
    except TemplateError as exc:
        raise _template_error(exc, where) from None
    if missing:
        raise KeiyakuError("E509", path=where, fields=", ".join(missing))

    # pass 1: number the articles in document order
    first = Numbering(numbering_style)
    _render_once(_load_template(blob, where), env, context, first, where)
    known = {k: i + 1 for i, k in enumerate(first.order)}
    # pass 2: print references with those numbers
    second = Numbering(numbering_style, known, first.headings)
    tpl = _load_template(blob, where)
    _render_once(tpl, env, context, second, where)
    if second.order != first.order:
        raise KeiyakuError("E514", path=where, reason=Bi("条の順序が1回目と2回目の展開で変わりました",
                                                          "article order changed between passes"))
    if second.unresolved:
        raise KeiyakuError("E512", path=where, keys=", ".join(sorted(second.unresolved)),
                           known=", ".join(first.order) or "-")
    return tpl


def _render_once(tpl, env, context: dict, numbering: Numbering, where: str) -> None:
    budget = limits.current()
    if budget is not None:
        budget.new_pass()
    ctx = dict(context)
    ctx.update(numbering.functions())
    try:
        tpl.render(ctx, jinja_env=env, autoescape=True)
    except KeiyakuError:
        raise
    except (MemoryError, RecursionError):
        raise  # limits.limited turns them into E522
    except TemplateError as exc:
        raise _template_error(exc, where) from None
    except Exception as exc:  # lxml errors from a template that makes broken XML, ...
        raise _template_error(exc, where) from None


# --- the result must be readable by `keiyaku-lint check` ------------------------------


def check_readable(blob: bytes, context: Optional[dict] = None) -> None:
    """Refuse (E523) a generated DOCX that the DOCX loader would refuse as too
    large or as a zip bomb (a huge repetitive value compresses past its
    ratio), naming the longest value of the data."""
    from keiyaku_lint.load import docx as loader

    problem = None
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if len(infos) > loader.MAX_MEMBERS:
        problem = Bi(f"部品が {len(infos):,} 個", f"{len(infos):,} parts")
    for info in infos:
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > loader.MAX_PART_BYTES:
            problem = Bi(f"{info.filename} が {size / 2**20:.1f} MB（上限 {loader.MAX_PART_BYTES >> 20} MB）",
                         f"{info.filename} is {size / 2**20:.1f} MB (limit {loader.MAX_PART_BYTES >> 20} MB)")
        elif size > loader.RATIO_MIN_BYTES and size > loader.MAX_RATIO * packed:
            problem = Bi(f"{info.filename} が {size / 2**20:.1f} MB で、同じ内容の繰り返しが多く {size // packed:,}:1 に"
                         f"圧縮されます（読める上限は {loader.MAX_RATIO}:1）",
                         f"{info.filename} is {size / 2**20:.1f} MB and so repetitive that it compresses "
                         f"{size // packed:,}:1 (the limit is {loader.MAX_RATIO}:1)")
    if problem is None and total > loader.MAX_TOTAL_BYTES:
        problem = Bi(f"全体で {total >> 20} MB（上限 {loader.MAX_TOTAL_BYTES >> 20} MB）",
                     f"{total >> 20} MB in all (limit {loader.MAX_TOTAL_BYTES >> 20} MB)")
    if problem is None:
        return
    name, length = longest_value(context or {})
    if name and length >= 1000:
        hint = Bi(f"最も長い項目は「{name}」（{length:,} 文字）です。その項目を短くするか、テンプレートの繰り返し"
                  "（{% for %}）を見直してください。",
                  f"The longest field is \"{name}\" ({length:,} characters): shorten it, or review the "
                  "template's loops ({% for %}).")
    else:
        hint = Bi("テンプレートの繰り返し（{% for %}）を見直してください。",
                  "Review the template's loops ({% for %}).")
    raise KeiyakuError("E523", reason=problem, hint=hint)


def longest_value(context: dict, prefix: str = "") -> tuple[str, int]:
    best = ("", 0)
    stack = [(prefix, context)]
    while stack:
        name, v = stack.pop()
        if isinstance(v, str) and len(v) > best[1]:
            best = (name, len(v))
        elif isinstance(v, dict):
            stack.extend((f"{name}.{k}" if name else str(k), x) for k, x in v.items())
        elif isinstance(v, (list, tuple)):
            stack.extend((f"{name}[{i}]", x) for i, x in enumerate(v))
    return best
