"""Party roles come from one table (clause_library/parties.yaml), read the
same way by the structure stage (who is who) and the engine (whose duty a
sentence states). Every client name against every contractor name: a duty
put on the client alone is no confidentiality clause; the same duty on the
contractor is one. (Before the table was one, 注文者/請負人 and 依頼者/受任者
were read as the contractor's duty when they were the client's.)"""
from __future__ import annotations

import itertools

import pytest

from keiyaku_lint.api import lint_text
from keiyaku_lint.model import Block, LoadedDocument, Location
from keiyaku_lint.structure import parse
from keiyaku_lint.structure.roles import SYMBOLS, bundled

TABLE = bundled()
CLIENTS = [n for n, r in TABLE.roles.items() if r == "client"]
CONTRACTORS = [n for n, r in TABLE.roles.items() if r == "contractor"]
PAIRS = [(c, k) for c, k in itertools.product(CLIENTS, CONTRACTORS) if not (c in SYMBOLS and k in SYMBOLS) or (c, k) == ("甲", "乙")]


def contract(client: str, contractor: str, bearer: str) -> str:
    return (f"業務委託契約書\n"
            f"株式会社あおば（以下「{client}」という。）と株式会社つばさ（以下「{contractor}」という。）は、"
            f"{client}が{contractor}に委託する業務について、次のとおり契約を締結する。\n"
            f"第1条（秘密保持）\n"
            f"{bearer}は、本業務に関して知り得た秘密情報を第三者に開示してはならない。\n")


def test_the_table_has_both_sides_and_no_name_twice():
    assert len(CLIENTS) >= 10 and len(CONTRACTORS) >= 10
    for name in ("注文者", "委任者", "依頼者", "発注者", "委託者", "開示者"):
        assert TABLE.roles[name] == "client", name
    for name in ("請負人", "受任者", "受注者", "受託者", "受領者"):
        assert TABLE.roles[name] == "contractor", name


@pytest.mark.parametrize("client,contractor", PAIRS, ids=[f"{c}-{k}" for c, k in PAIRS])
def test_every_pair_reads_the_same_way_in_both_stages(client, contractor):
    text = contract(client, contractor, client)
    lines = text.splitlines()
    doc = LoadedDocument("x.txt", "text", tuple(Block(t, Location(line=i + 1)) for i, t in enumerate(lines)))
    roles = {p.alias: p.role for p in parse(doc).parties}
    assert roles.get(client) == "client" and roles.get(contractor) == "contractor", roles
    on_client = {c.id: c.status for c in lint_text(text).clauses}["confidentiality"]
    on_contractor = {c.id: c.status for c in lint_text(contract(client, contractor, contractor)).clauses}["confidentiality"]
    assert on_client == "missing", f"{client}'s duty was read as {contractor}'s"
    assert on_contractor != "missing"


def test_a_subcontracting_sentence_names_no_client():
    """「乙は、甲に通知して第三者に再委託できる」 entrusts nothing to 甲: with no
    entrusting sentence in the preamble, 甲 stays the client of an outsourcing
    contract (once 甲 was read as the contractor, and every duty flipped)."""
    text = ("業務委託契約書\n株式会社あおば（以下「甲」という。）と株式会社つばさ（以下「乙」という。）は、"
            "次のとおり契約を締結する。\n第1条（再委託）\n乙は、甲に事前に通知することにより、本業務の一部を"
            "第三者に再委託することができる。\n第2条（秘密保持）\n甲は、乙から開示された情報を第三者に開示してはならない。\n")
    lines = text.splitlines()
    doc = LoadedDocument("x.txt", "text", tuple(Block(t, Location(line=i + 1)) for i, t in enumerate(lines)))
    assert {p.alias: p.role for p in parse(doc).parties} == {"甲": "client", "乙": "contractor"}
    assert {c.id: c.status for c in lint_text(text).clauses}["confidentiality"] == "missing"
