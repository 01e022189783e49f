"""The parties and the names the contract gives them.

    株式会社A（以下「甲」という。）と株式会社B（以下「乙」という。）は、…
    委託者（甲）／ 甲（委託者）／ 発注者：株式会社A（以下「甲」という）

Roles: "client" for the side that entrusts the work or discloses (委託者,
発注者, 注文者, 開示者 …), "contractor" for the side that takes it on or
receives (受託者, 受注者, 請負人, 受領者 …): the words are the one table in
clause_library/parties.yaml (``structure.roles``), the same the engine reads
duties with. 甲 / 乙 get a role from the words written next to them, from
the sentence 「甲は乙に…を委託し、乙はこれを受託する」, and otherwise, in an
outsourcing contract, 甲 = client and 乙 = contractor.
"""
from __future__ import annotations

import re
from typing import Optional

from keiyaku_lint.model import Contract, Location, Party
from keiyaku_lint.structure.roles import SYMBOLS, Parties, bundled

_Q_OPEN, _Q_CLOSE = "「『\"“", "」』\"”"
DEF = re.compile(
    r"[（(]\s*以下[、,，]?\s*[「『\"“]?(?P<alias>[^」』\"”）)、。]{1,12})[」』\"”]?\s*(?:と(?:いう|いい|称する|する)|という)?[。．]?\s*[）)]"
)


class _Words:
    """The role words of one party table, and the patterns built from them."""

    def __init__(self, table: Parties):
        self.client = table.words("client")
        self.contractor = table.words("contractor")
        self.roles = self.client + self.contractor
        self.aliases = SYMBOLS + self.roles
        alt = "|".join(re.escape(w) for w in sorted(self.roles, key=len, reverse=True))
        self.role_pair = re.compile(
            rf"(?P<sym>[甲乙丙丁])\s*[（(：:]\s*(?P<role>{alt})"
            rf"|(?P<role2>{alt})\s*[（(：:]\s*(?P<sym2>[甲乙丙丁])\s*[）)]?"
        )

    def role_of(self, w: str) -> Optional[str]:
        if any(w.startswith(c) or c in w for c in self.client):
            return "client"
        if any(w.startswith(c) or c in w for c in self.contractor):
            return "contractor"
        return None


_WORDS: dict = {}


def _words(table: Optional[Parties]) -> _Words:
    table = table or bundled()
    key = id(table)
    if key not in _WORDS or _WORDS[key][0] is not table:
        _WORDS[key] = (table, _Words(table))
    return _WORDS[key][1]
ENTRUST = re.compile(
    r"(?P<a>[甲乙丙丁])(?:は|が)[、,]?\s*(?P<b>[甲乙丙丁])(?:に対し(?:て)?|に)[、,]?[^。]{0,80}?(?<!再)委託(?!先)"
)  # 「乙は、甲に通知して第三者に再委託できる」 entrusts nothing to 甲
ACCEPT = re.compile(r"(?P<b>[甲乙丙丁])(?:は|が)[、,]?\s*(?:これを|本業務を|当該業務を)?受託(?![者側人先])")
_NAME_STRIP = re.compile(r"^[、。，,\s\u3000]*(?:と|及び|および|並びに)?[\s\u3000]*")


def find_parties(contract: Contract, table: Optional[Parties] = None) -> tuple[Party, ...]:
    words = _words(table)
    doc = contract.document
    text = doc.text
    offsets = doc.offsets
    # Where to look for definitions: everything before the first annex (the
    # preamble usually, but a 当事者 table or the first article also do).
    limit = next((n.start for n in contract.nodes if n.kind == "annex"), len(text))
    head = text[:limit]
    found: dict[str, dict] = {}

    def loc(pos: int) -> Location:
        import bisect

        i = max(0, bisect.bisect_right(offsets, pos) - 1)
        return doc.blocks[i].location if doc.blocks else Location()

    for m in DEF.finditer(head):
        alias = m.group("alias").strip()
        if alias not in words.aliases:
            continue
        line_start = head.rfind("\n", 0, m.start()) + 1
        before = head[line_start:m.start()]
        # the name: the text since the last sentence break or the previous definition
        cut = max(before.rfind(c) for c in "。、）)」")
        name = _NAME_STRIP.sub("", before[cut + 1:]).strip(" \u3000：:")
        role_hint = None
        for w in words.roles:
            if name.startswith(w):
                role_hint = words.role_of(w)
                name = name[len(w):].strip(" \u3000：:")
                break
        name = re.sub(r"^(?:が|は|を|に|と|も|の)(?=\S)", "", name) if name else name
        if not name or name == alias or set(name) <= set("＿_ 　○〇●△□×・-") or len(name) > 60:
            name = None
        entry = found.setdefault(alias, {"name": name, "role": None, "pos": m.start()})
        if entry["name"] is None and name:
            entry["name"] = name
        if role_hint and entry["role"] is None:
            entry["role"] = role_hint
        if alias in words.roles and entry["role"] is None:
            entry["role"] = words.role_of(alias)
    for m in words.role_pair.finditer(text):
        sym = m.group("sym") or m.group("sym2")
        word = m.group("role") or m.group("role2")
        if sym in found or (sym in ("甲", "乙") and re.search(sym + r"(は|が|及び|および|と|に)", text)):
            entry = found.setdefault(sym, {"name": None, "role": None, "pos": m.start()})
            if entry["role"] is None:
                entry["role"] = words.role_of(word)
    # 甲 / 乙 used without a definition (甲と乙は、…)
    for sym in ("甲", "乙"):
        if sym not in found and re.search(rf"(^|[^\w]){sym}(は|が|及び|および|と|に対し)", head, re.M):
            found[sym] = {"name": None, "role": None, "pos": head.find(sym)}
    # 甲は乙に…を委託し、乙はこれを受託する
    for m in ENTRUST.finditer(head):
        a, b = m.group("a"), m.group("b")
        if a != b and a in found and b in found:
            if found[a]["role"] is None and found[b]["role"] is None:
                found[a]["role"], found[b]["role"] = "client", "contractor"
            break
    for m in ACCEPT.finditer(head):
        b = m.group("b")
        if b in found and found[b]["role"] is None:
            found[b]["role"] = "contractor"
            others = [s for s in ("甲", "乙") if s != b and s in found and found[s]["role"] is None]
            if len(others) == 1:
                found[others[0]]["role"] = "client"
        break
    # An outsourcing contract with no word on who is who: 甲 entrusts, 乙 takes on.
    title = contract.title or ""
    outsourcing = re.search(r"委託|請負|発注|委任", title) or (not title and re.search(r"委託|請負|発注", head[:300]))
    if outsourcing and "甲" in found and "乙" in found \
            and found["甲"]["role"] is None and found["乙"]["role"] is None:
        found["甲"]["role"], found["乙"]["role"] = "client", "contractor"
    # Two parties, one of them named by its role (委託者 and 乙): the other is the other side.
    if len(found) == 2:
        (a, ea), (b, eb) = found.items()
        opposite = {"client": "contractor", "contractor": "client"}
        if ea["role"] in opposite and eb["role"] is None:
            eb["role"] = opposite[ea["role"]]
        elif eb["role"] in opposite and ea["role"] is None:
            ea["role"] = opposite[eb["role"]]
    parties = sorted(found.items(), key=lambda kv: (kv[0] not in SYMBOLS, SYMBOLS.index(kv[0]) if kv[0] in SYMBOLS else 0, kv[1]["pos"]))
    return tuple(Party(alias, e["name"], e["role"], loc(e["pos"]) if e["pos"] >= 0 else None) for alias, e in parties)
