"""Every clause file's pass/fail examples run as tests (proselint-style): a
clause without both kinds of example fails too."""
from __future__ import annotations

import pytest

from keiyaku_lint.analyze.library import load_library
from keiyaku_lint.api import lint_text
from keiyaku_lint.config import Config

LIBRARY = load_library()
CASES = []
for spec in LIBRARY.clauses.values():
    for i, ex in enumerate(spec.examples_pass):
        CASES.append(pytest.param(spec.id, ex, id=f"{spec.id}-pass{i}"))
    for i, ex in enumerate(spec.examples_fail):
        CASES.append(pytest.param(spec.id, ex, id=f"{spec.id}-fail{i}"))


@pytest.mark.parametrize("clause_id", sorted(LIBRARY.clauses))
def test_every_clause_has_passing_and_failing_examples(clause_id):
    spec = LIBRARY.clauses[clause_id]
    assert spec.examples_pass, f"{clause_id} has no passing example"
    assert spec.examples_fail, f"{clause_id} has no failing example"


@pytest.mark.parametrize("clause_id,example", CASES)
def test_clause_example(clause_id, example):
    text = "業務委託契約書\n株式会社甲野（以下「甲」という。）と株式会社乙山（以下「乙」という。）は、次のとおり契約を締結する。\n" + example.text
    result = lint_text(text, Config(add_clauses=(clause_id,)))
    assert result.error is None, result.error
    got = {c.id: c for c in result.clauses}[clause_id]
    assert got.status == example.status, (got.status, got.evidence, [(e.id, e.ok) for e in got.elements])
    if example.status == "weak":
        missing = sorted(e.id for e in got.elements if not e.ok)
        assert missing == sorted(example.missing)
    if example.status in ("present", "weak"):
        assert got.location is not None and got.location.ref.startswith("第")
        assert got.evidence and got.evidence in text
    else:
        assert got.suggestion_ja, "a missing clause carries the recommended wording"
