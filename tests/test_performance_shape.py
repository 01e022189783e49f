"""The shape of the check's cost, not its speed (speed is measured by
benchmarks/speed.py and benchmarks/memory.py): the light commands never load
spaCy, a contract of a thousand articles is checked (nothing quadratic) with
the right verdicts, only a small share of the sentences reaches the dependency
parser, mostly in one batch, caches are dropped between files, and the parser's
trimmed pipeline reads sentences exactly as the full one does."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from keiyaku_lint.analyze import engine, nlp
from keiyaku_lint.api import lint, lint_text
from keiyaku_lint.config import Config
from keiyaku_lint.structure import parse

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEVEN = ("confidentiality", "subcontracting", "safeguards", "incident_reporting", "deletion_return",
         "survival", "liability")


def _speed_module():
    """benchmarks/speed.py, for its synthetic contract (one generator, shared)."""
    spec = importlib.util.spec_from_file_location("keiyaku_speed_bench", ROOT / "benchmarks" / "speed.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


synthetic_contract = _speed_module().synthetic_contract


# --- startup -------------------------------------------------------------------------------

LIGHT = [["--help"], ["--version"], ["check", "--help"], ["rules"], ["rules", "confidentiality"],
         ["rules", "--lang", "en"], ["outline", str(SAMPLES / "outsourcing_full.txt")],
         ["outline", str(SAMPLES / "nda.docx")]]


@pytest.mark.parametrize("argv", LIGHT, ids=lambda a: " ".join(a[:2]).replace(str(SAMPLES) + "/", ""))
def test_light_commands_do_not_import_spacy(argv):
    code = ("import sys\n"
            "from keiyaku_lint.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'ginza'))\n"
            "print('HEAVY', heavy, 'EXIT', code, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120)
    last = r.stderr.strip().splitlines()[-1]
    assert last.endswith("EXIT 0") or last.endswith("EXIT None"), r.stderr[-2000:]
    assert last.startswith("HEAVY []"), last
    assert r.stdout.strip(), "the command printed nothing"


# --- a very long contract ------------------------------------------------------------------


def _statuses(text):
    r = lint_text(text)
    assert r.error is None, r.error
    return {c.id: c for c in r.clauses}


def test_thousand_article_contract_is_checked_with_the_right_verdicts():
    text = synthetic_contract(1000)
    assert "第1000条" in text and "第1001条" not in text
    contract = parse(_as_document(text))
    assert len([n for n in contract.nodes if n.kind == "article"]) == 1000
    got = _statuses(text)
    assert {k: c.status for k, c in got.items()} == {k: "present" for k in SEVEN}
    # the evidence is the first article that bears each clause (the first copy)
    assert got["confidentiality"].location.ref.startswith("第4条")
    assert got["subcontracting"].location.ref.startswith("第5条")
    assert got["liability"].location.ref.startswith("第9条")


def test_thousand_article_contract_without_two_clauses():
    got = _statuses(synthetic_contract(1000, omit=("safeguards", "survival")))
    want = {k: "present" for k in SEVEN}
    want.update(safeguards="missing", survival="missing")
    assert {k: c.status for k, c in got.items()} == want


def _as_document(text):
    from keiyaku_lint.model import Block, LoadedDocument, Location

    blocks = tuple(Block(ln.strip(), Location(line=i + 1)) for i, ln in enumerate(text.splitlines())
                   if ln.strip())
    return LoadedDocument(path="<text>", format="text", blocks=blocks)


# --- what reaches the parser ---------------------------------------------------------------


@pytest.fixture
def parse_log(monkeypatch):
    """Every nlp.parse_many call, with the sentences it actually had to parse."""
    calls = []
    real = nlp.parse_many

    def logged(texts):
        texts = list(texts)
        calls.append([t for t in dict.fromkeys(texts) if t and t not in nlp._parse_cache])
        return real(texts)

    monkeypatch.setattr(nlp, "parse_many", logged)
    return calls


def _mostly_one_batch(parse_log):
    """The pre-parse sends the first candidate of each article in one nlp.pipe
    batch; the few later candidates an article needs are parsed one by one."""
    batches = [c for c in parse_log if c]
    assert batches
    assert len(batches[0]) * 3 >= sum(map(len, batches)) * 2, [len(b) for b in batches]


def _sentence_count(path_or_text):
    from keiyaku_lint.load import load

    doc = load(path_or_text) if isinstance(path_or_text, Path) else _as_document(path_or_text)
    return sum(len(u.sentences) for u in engine.build_units(parse(doc)))


@pytest.mark.parametrize("name", ["outsourcing_full.txt", "outsourcing_full.docx", "kanji.txt"])
def test_few_sentences_reach_the_parser_in_one_batch(parse_log, name):
    # samples are short and dense with the seven clauses: the share is larger
    # than in a real contract (about a fifth of the dev corpus's text is parsed)
    path = SAMPLES / name
    r = lint(path, Config())
    assert r.error is None
    parsed = [t for call in parse_log for t in call]
    total = _sentence_count(path)
    assert total >= 25
    assert 0 < len(parsed) <= total // 2, (len(parsed), total)
    _mostly_one_batch(parse_log)
    assert len(set(parsed)) == len(parsed)  # no sentence parsed twice


def test_long_contract_parses_only_clause_sentences(parse_log):
    text = synthetic_contract(240)
    assert _statuses(text)["confidentiality"].status == "present"
    parsed = [t for call in parse_log for t in call]
    total = _sentence_count(text)
    assert 0 < len(parsed) <= total * 2 // 5, (len(parsed), total)
    _mostly_one_batch(parse_log)
    # articles that name no clause (purpose, fee, term, consultation) never reach it
    for plain in ("目的とする", "月額金", "有効期間は", "協議のうえ解決"):
        assert not [t for t in parsed if plain in t], plain


def test_caches_are_dropped_between_files():
    for name in ("outsourcing_full.txt", "nda.txt"):
        assert lint(SAMPLES / name, Config()).error is None
        assert nlp._parse_cache == {}
        assert nlp.normalize_text.cache_info().currsize == 0


# --- the trimmed parser reads as the full one ------------------------------------------------

SENTENCES = [
    "乙は、甲の書面による事前の承諾なく、本業務の全部又は一部を第三者に再委託してはならない。",
    "受託者は、個人情報の漏えい等の事故が発生したときは、直ちに委託者に報告し、その指示に従うものとする。",
    "甲及び乙は、本契約の終了後も5年間、相手方の秘密情報を第三者に開示し、又は漏洩しない。",
    "乙は、契約が終了したときは、甲から預託された資料を返還し、複製物を消去しなければならない。",
    "乙は、再委託先をして本契約と同等の安全管理措置を講じさせることができる。",
]


def _reading(doc):
    return [(t.text, t.pos_, nlp._dep(t), t.head.i, t.lemma_) for t in doc]


def test_trimmed_pipeline_reads_like_the_full_one():
    import spacy

    full = spacy.load("ja_ginza", exclude=["ner"])  # blis, every component but ner
    ours = nlp.get_parser()
    assert "bunsetu_recognizer" in full.pipe_names and "bunsetu_recognizer" not in ours.pipe_names
    for s in SENTENCES:
        assert _reading(ours(s)) == _reading(full(s)), s
    del full
