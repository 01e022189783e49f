"""keiyaku-lint outline FILE: print a contract's structure (条・項・号, annexes,
parties, cross references). Never imports spaCy."""
from __future__ import annotations

import json
import re
import sys

import click

from keiyaku_lint.errors import KeiyakuError, format_error
from keiyaku_lint.textsafe import json_path, visible, visible_lines
from keiyaku_lint.model import Contract, LoadedDocument, Node

SCHEMA = "keiyaku-lint/outline/1"

KIND_NAMES = {
    "title": ("表題", "Title"),
    "preamble": ("前文", "Preamble"),
    "article": ("条", "Article"),
    "paragraph": ("項", "Paragraph"),
    "item": ("号", "Item"),
    "annex": ("別紙", "Annex"),
    "signature": ("署名欄", "Signature block"),
    "text": ("本文", "Text"),
}
ROLE_NAMES = {"client": ("委託者側", "client"), "contractor": ("受託者側", "contractor"), None: ("不明", "unknown")}


def load_document(path: str) -> LoadedDocument:
    from keiyaku_lint.load import load

    return load(path)


def node_to_dict(node: Node) -> dict:
    return {
        "kind": node.kind,
        "label": node.label,
        "number": node.number,
        "heading": node.heading,
        "text": node.text,
        "location": node.location.to_dict(),
        "start": node.start,
        "end": node.end,
        "children": [node_to_dict(c) for c in node.children],
    }


def outline_dict(contract: Contract) -> dict:
    return {
        "schema": SCHEMA,
        "path": json_path(contract.path),
        "format": contract.format,
        "title": contract.title,
        "parties": [
            {"alias": p.alias, "name": p.name, "role": p.role,
             "location": p.location.to_dict() if p.location else None}
            for p in contract.parties
        ],
        "nodes": [node_to_dict(n) for n in contract.nodes],
        "references": [
            {"text": r.text, "source": list(r.source_path), "targets": [list(t) for t in r.targets],
             "resolved": r.resolved, "location": r.location.to_dict(), "start": r.start, "end": r.end}
            for r in contract.references
        ],
        "findings": [
            {"code": f.code, "message_ja": f.message_ja, "message_en": f.message_en,
             "location": f.location.to_dict(), "related": f.related.to_dict() if f.related else None}
            for f in contract.findings
        ],
    }


def _where(loc, lang: str) -> str:
    if loc.page is not None:
        return f"page {loc.page}" if lang == "en" else f"{loc.page}ページ"
    if loc.paragraph is not None:  # 1-based, as check's text report counts them
        return f"paragraph {loc.paragraph + 1}" if lang == "en" else f"第{loc.paragraph + 1}段落"
    if loc.line is not None:
        return f"line {loc.line}" if lang == "en" else f"{loc.line}行目"
    return ""


def _short(s: str, n: int = 40) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def render_text(contract: Contract, lang: str = "ja") -> str:
    en = lang == "en"
    out = []
    out.append(("Title: " if en else "表題: ") + (contract.title or ("(none)" if en else "（なし）")))
    if contract.parties:
        parts = []
        for p in contract.parties:
            role = ROLE_NAMES.get(p.role, ROLE_NAMES[None])[1 if en else 0]
            name = f" = {p.name}" if p.name else ""
            parts.append(f"{p.alias}{name} ({role})" if en else f"{p.alias}{name}（{role}）")
        out.append(("Parties: " if en else "当事者: ") + ", ".join(parts))
    out.append("")

    def walk(node: Node, depth: int):
        kind = KIND_NAMES.get(node.kind, (node.kind, node.kind))[1 if en else 0]
        if node.kind in ("article", "annex", "text") and node.label:
            head = node.label + (f"（{node.heading}）" if node.heading and not en else f" ({node.heading})" if node.heading else "")
        elif node.kind in ("paragraph", "item"):
            head = node.label or (f"[{node.number}]" if node.number else "")
            if node.kind == "paragraph" and not node.label:
                head = f"({kind} {node.number})" if en else f"（第{node.number}項）"
        else:
            head = f"[{kind}]"
        text = _short(node.text) if node.text else ""
        out.append(f"{'  ' * depth}{head}  {text}".rstrip() + f"  〔{_where(node.location, lang)}〕")
        for c in node.children:
            walk(c, depth + 1)

    for n in contract.nodes:
        walk(n, 0)
    if contract.references:
        out.append("")
        out.append("References:" if en else "参照:")
        from keiyaku_lint.structure import article_ref

        for r in contract.references:
            src = article_ref(contract, r.source_path, lang) if r.source_path else ("preamble" if en else "前文")
            tg = ", ".join(article_ref(contract, t, lang) for t in r.targets) or "-"
            mark = "" if r.resolved else (" (broken)" if en else "（参照先なし）")
            out.append(f"  {src}: 「{r.text}」 -> {tg}{mark}")
    if contract.findings:
        out.append("")
        out.append("Findings:" if en else "指摘:")
        for f in contract.findings:
            msg = f.message_en if en else f.message_ja
            out.append(f"  [{f.code}] {msg}  〔{_where(f.location, lang)}〕")
    return "\n".join(out) + "\n"


@click.command("outline")
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="出力形式 / output format")
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None,
              help="メッセージの言語 / message language")
def outline(file: str, fmt: str, lang: str) -> None:
    """契約書の条・項・号の構造を表示する / print a contract's structure."""
    from keiyaku_lint.config import env_lang

    lang = lang or env_lang()
    from keiyaku_lint.structure import parse

    try:
        doc = load_document(file)
    except KeiyakuError as err:
        click.echo(visible_lines(format_error(err, lang)), err=True)
        sys.exit(2)
    contract = parse(doc)
    if fmt == "json":
        out = json.dumps(outline_dict(contract), ensure_ascii=False, indent=2)
        click.echo(re.sub("[\ud800-\udfff]", "\ufffd", out))  # always valid UTF-8
    else:
        # a document's text may hold escape sequences: shown, never acted on
        click.echo("\n".join(visible(line) for line in render_text(contract, lang).split("\n")), nl=False)
