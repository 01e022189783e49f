"""The engine's verdicts on the project's own sample contracts, in every
format, against what each sample's author intends (samples/expected.json,
written by scripts/make_samples.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from keiyaku_lint.api import lint
from keiyaku_lint.config import Config

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
FILES = sorted(name for name, e in EXPECTED["files"].items() if e.get("clauses"))


def _profile(name: str) -> str:
    return "nda" if name.startswith("nda") else "outsourcing"


@pytest.fixture(scope="module")
def results():
    return {}


@pytest.mark.parametrize("name", FILES)
def test_sample_verdicts(name, results):
    expected = EXPECTED["files"][name]["clauses"]
    result = lint(SAMPLES / name, Config(profile=_profile(name)))
    assert result.error is None, result.error
    got = {c.id: c for c in result.clauses}
    problems = []
    for cid, want in expected.items():
        if cid not in got:
            continue  # not in this profile
        c = got[cid]
        missing = sorted(e.id for e in c.elements if not e.ok)
        if c.status != want["status"]:
            problems.append(f"{cid}: {c.status} != {want['status']} ({c.evidence})")
        elif want["status"] == "weak" and missing != sorted(want["missing"]):
            problems.append(f"{cid}: missing {missing} != {sorted(want['missing'])}")
        if c.status != "missing" and want.get("where"):
            # the decisive sentence stands in the intended article
            ref = c.location.ref
            assert ref, cid
            num = want["where"]
            label = f"第{num.split('-')[0]}" if "-" not in num else f"第{num.split('-')[0]}条の{num.split('-')[1]}"
            if not (label in ref or ref.startswith(num)):
                problems.append(f"{cid}: found at {ref}, intended in {num}")
    assert not problems, problems


def test_full_contract_is_clean_and_weak_one_is_not():
    full = lint(SAMPLES / "outsourcing_full.txt")
    assert full.verdict in ("clean", "weak") and all(c.status == "present" for c in full.clauses)
    web = lint(SAMPLES / "web_simple.txt")
    statuses = {c.id: c.status for c in web.clauses}
    assert statuses["liability"] == "present"
    assert [k for k, v in statuses.items() if v == "missing"], "a contract lacking clauses must say so"
    for c in web.clauses:
        if c.status == "missing":
            assert c.suggestion_ja and c.suggestion_en
