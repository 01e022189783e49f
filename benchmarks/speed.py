#!/usr/bin/env python3
"""Checking speed against GiNZA and SudachiPy over the same text, in one run.

    python benchmarks/speed.py [--corpus ../shared/corpus/dev/txt] [--scaling 125,250,500,1000]
                               [--skip-ginza]

Three measurements, each in its own fresh process so that each pays for one
model load (imports included) and none profits from another's warm caches:

  (a) keiyaku-lint's check: keiyaku_lint.api over every file (load ->
      structure -> analyze -> JSON report), with the time per stage;
  (b) GiNZA's full pipeline (spacy.load("ja_ginza"), every component) over
      the same text, cut at line ends into chunks under Sudachi's input limit;
  (c) SudachiPy tokenizing the same chunks (Dictionary(dict="core"),
      SplitMode.C), reading each morpheme's surface and normalized form.

"The same text" is what keiyaku-lint's loader reads from each file (its text
blocks, one a line); the parent process writes it to a temporary JSON file
that (b) and (c) read. Prints each time (wall clock and CPU), characters a
second, peak memory (ru_maxrss), the ratios (b)/(a) and (a)/(c), and the
targets: (b)/(a) >= 10 and (a)/(c) <= 2.

--scaling checks synthetic contracts of the given numbers of articles
(``synthetic_contract`` below: realistic articles written for this script,
each copy numbered on and naming its own project) in one process after one
warm-up, and prints seconds and characters a second for each, to show
whether the check is linear in the text's size.

The corpus is read at run time only; nothing of it is copied into the project.
The machine may be shared: compare CPU seconds when the wall clock is noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUDACHI_MAX_BYTES = 40_000  # Sudachi refuses inputs over ~49,149 bytes


# --- a synthetic contract of any length ---------------------------------------------------

# (heading, paragraphs); {p} names the copy's project, {a_*} the numbers of this copy's articles.
ARTICLES = [
    ("目的", ["本契約は、甲が乙に委託する{p}の情報処理業務（以下「本業務」という。）の遂行に関し、"
              "甲乙間の権利義務を定めることを目的とする。"]),
    ("定義", ["本契約において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。",
              "(1)　「秘密情報」とは、{p}に関して甲が乙に開示した技術上又は営業上の情報であって、公知でないものをいう。",
              "(2)　「個人情報」とは、個人情報の保護に関する法律第2条第1項に定める個人情報であって、"
              "本業務に関して乙が取り扱うものをいう。"]),
    ("委託料", ["甲は、乙に対し、{p}の対価として、月額金{fee}円（消費税別）を翌月末日までに支払う。"]),
    ("秘密保持", ["乙は、{p}に関して甲から開示を受けた秘密情報を厳に秘密として保持し、甲の書面による事前の承諾なく"
                "第三者に開示し、又は漏えいしてはならない。",
                "2　乙は、秘密情報を本業務の目的以外に使用してはならない。"]),
    ("再委託の制限", ["乙は、甲の書面による事前の承諾を得ることなく、{p}の全部又は一部を第三者に再委託してはならない。",
                  "2　乙は、前項の承諾を得て再委託するときは、再委託先に本契約に基づく乙の義務と同等の義務を負わせ、"
                  "再委託先の行為について甲に対し責任を負う。",
                  "3　乙は、再委託先において個人情報の漏えいその他の事故が発生したときは、直ちに甲に報告しなければならない。"]),
    ("安全管理措置", ["乙は、{p}で取り扱う個人情報の漏えい、滅失又は毀損の防止その他の安全管理のために必要かつ適切な"
                  "措置を講じなければならない。",
                  "2　乙は、個人情報を取り扱う従業者を限定し、その者に対して必要な教育及び監督を行うものとする。"]),
    ("事故時の報告", ["乙は、{p}に関し個人情報の漏えい等の事故が発生し、又は発生したおそれがあることを知ったときは、"
                  "直ちに甲に報告し、甲の指示に従って必要な措置を講じなければならない。"]),
    ("資料等の返還", ["乙は、本契約が終了したときは、{p}に関して甲から提供を受けた資料及び個人情報を含む一切のデータを"
                  "速やかに甲に返還し、又は甲の指示に従い消去し、その旨を書面で甲に報告しなければならない。"]),
    ("損害賠償", ["乙は、本契約に違反し、又は乙の責めに帰すべき事由により甲に損害を与えたときは、甲に対し、"
              "その損害を賠償しなければならない。",
              "2　再委託先の行為により甲に損害が生じたときは、乙は、再委託先と連帯してその損害を賠償する責任を負う。"]),
    ("存続", ["第{a_conf}条の規定は本契約の終了後も5年間、第{a_ret}条及び第{a_dmg}条の規定は本契約の終了後も、"
              "なお効力を有する。"]),
    ("有効期間", ["本契約の有効期間は、{p}の開始日から1年間とする。"]),
    ("協議", ["本契約に定めのない事項及び本契約の解釈に疑義が生じた事項については、甲乙誠実に協議のうえ解決する。"]),
]
CLAUSE_OF_HEADING = {"秘密保持": "confidentiality", "再委託の制限": "subcontracting",
                     "安全管理措置": "safeguards", "事故時の報告": "incident_reporting",
                     "資料等の返還": "deletion_return", "存続": "survival", "損害賠償": "liability"}


def synthetic_contract(n_articles: int, omit=()) -> str:
    """A contract of ``n_articles`` articles (第1条…第n条): the twelve articles
    above over and over, each copy about its own project (案件1, 案件2, …) so
    that no two copies read the same. ``omit``: clause ids whose article is
    left out of every copy."""
    lines = ["業務委託契約書", "",
             "株式会社あおば商事（以下「甲」という。）と株式会社みどり情報サービス（以下「乙」という。）とは、"
             "甲が乙に委託する業務に関し、次のとおり契約を締結する。", ""]
    keep = [a for a in ARTICLES if CLAUSE_OF_HEADING.get(a[0]) not in omit]
    no = copy = 0
    while no < n_articles:
        copy += 1
        num = {h: no + i + 1 for i, (h, _) in enumerate(keep)}
        for heading, paras in keep:
            if no >= n_articles:
                break
            no += 1
            lines.append(f"第{no}条（{heading}）")
            for para in paras:
                lines.append(para.format(p=f"案件{copy}", fee=f"{300 + copy},000",
                                         a_conf=num.get("秘密保持", 1), a_ret=num.get("資料等の返還", 1),
                                         a_dmg=num.get("損害賠償", 1)))
    lines += ["", "本契約締結の証として本書2通を作成し、甲乙記名押印のうえ各1通を保有する。", "",
              "甲　株式会社あおば商事", "乙　株式会社みどり情報サービス"]
    return "\n".join(lines) + "\n"


# --- the children ---------------------------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _chunks(text: str) -> list[str]:
    """The text cut at line ends into pieces under Sudachi's byte limit."""
    out, cur, size = [], [], 0
    for line in text.split("\n"):
        while len(line.encode("utf-8")) > SUDACHI_MAX_BYTES:  # one huge line: cut it
            out.append(line[:SUDACHI_MAX_BYTES // 4])
            line = line[SUDACHI_MAX_BYTES // 4:]
        n = len(line.encode("utf-8")) + 1
        if cur and size + n > SUDACHI_MAX_BYTES:
            out.append("\n".join(cur))
            cur, size = [], 0
        cur.append(line)
        size += n
    if cur and "".join(cur).strip():
        out.append("\n".join(cur))
    return out


def child_check(files: list[str], started: float) -> dict:
    """(a): as api.lint does it (load -> structure -> lint_contract), timed per stage."""
    from functools import lru_cache

    t = time.perf_counter()
    from keiyaku_lint import api
    from keiyaku_lint.analyze import engine, nlp
    from keiyaku_lint.config import Config
    from keiyaku_lint.load import load
    from keiyaku_lint.model import Report
    from keiyaku_lint.report import render
    from keiyaku_lint.structure import parse

    stage = {"import": time.perf_counter() - t, "normalize": 0.0, "parse": 0.0}
    # Time the two language layers by wrapping them where the engine calls them
    # (module attributes, looked up at each call): no change to the code measured.
    raw_normalize = nlp.normalize_text.__wrapped__
    raw_parse_many = nlp.parse_many
    parsed = {"sentences": 0, "chars": 0}

    @lru_cache(maxsize=nlp.normalize_text.cache_info().maxsize)
    def timed_normalize(text):
        t0 = time.perf_counter()
        try:
            return raw_normalize(text)
        finally:
            stage["normalize"] += time.perf_counter() - t0

    def timed_parse_many(texts):
        texts = list(texts)
        todo = [x for x in dict.fromkeys(texts) if x and x not in nlp._parse_cache]
        parsed["sentences"] += len(todo)
        parsed["chars"] += sum(map(len, todo))
        t0 = time.perf_counter()
        try:
            return raw_parse_many(texts)
        finally:
            stage["parse"] += time.perf_counter() - t0

    nlp.normalize_text = timed_normalize
    nlp.parse_many = timed_parse_many

    config = Config()
    t = time.perf_counter()
    engine.get_library(config)
    stage["load library"] = time.perf_counter() - t
    t = time.perf_counter()
    nlp._get_tokenizer()
    stage["load SudachiPy"] = time.perf_counter() - t
    t = time.perf_counter()
    nlp.get_parser()
    stage["load GiNZA"] = time.perf_counter() - t
    stage.update({"read file": 0.0, "structure": 0.0, "analyze": 0.0, "report": 0.0})
    results, chars = [], 0
    for path in files:
        t = time.perf_counter()
        doc = load(path)
        stage["read file"] += time.perf_counter() - t
        chars += len(doc.text)
        t = time.perf_counter()
        contract = parse(doc)
        stage["structure"] += time.perf_counter() - t
        t = time.perf_counter()
        results.append(api.lint_contract(contract, config))
        stage["analyze"] += time.perf_counter() - t
    t = time.perf_counter()
    report = Report(files=tuple(results), profile=config.profile)
    render(report, "json")
    render(report, "text")
    stage["report"] = time.perf_counter() - t
    stage["rules"] = stage.pop("analyze") - stage["normalize"] - stage["parse"]
    verdicts = [c.status for r in results for c in r.clauses]
    return {"chars": chars, "stages": stage, "parsed": parsed, "files": len(files),
            "errors": sum(1 for r in results if r.error),
            "verdicts": {v: verdicts.count(v) for v in sorted(set(verdicts))}}


def child_ginza(texts: list[str], started: float) -> dict:
    """(b): every component of ja_ginza, as it comes."""
    t = time.perf_counter()
    import spacy

    nlp = spacy.load("ja_ginza")
    load = time.perf_counter() - t
    chunks = [c for text in texts for c in _chunks(text)]
    tokens = 0
    for doc in nlp.pipe(chunks, batch_size=8):
        tokens += len(doc)
    return {"chars": sum(map(len, texts)), "stages": {"load GiNZA": load}, "tokens": tokens,
            "pipeline": nlp.pipe_names, "chunks": len(chunks)}


def child_sudachi(texts: list[str], started: float) -> dict:
    """(c): SudachiPy alone, reading each morpheme as a user of it would."""
    t = time.perf_counter()
    from sudachipy import Dictionary, SplitMode

    tok = Dictionary(dict="core").create(SplitMode.C)
    load = time.perf_counter() - t
    chunks = [c for text in texts for c in _chunks(text)]
    morphemes = 0
    for chunk in chunks:
        for m in tok.tokenize(chunk):
            m.surface()
            m.normalized_form()
            morphemes += 1
    return {"chars": sum(map(len, texts)), "stages": {"load SudachiPy": load}, "tokens": morphemes,
            "chunks": len(chunks)}


def child_spacy_tokenizer(texts: list[str], started: float) -> dict:
    """(c2): SudachiPy as spaCy runs it (spacy.blank("ja"): Sudachi behind
    spaCy's Japanese tokenizer, making Doc objects), with one load: what
    tokenizing costs a spaCy/GiNZA user, for comparison with (c)."""
    t = time.perf_counter()
    import spacy

    nlp = spacy.blank("ja")
    load = time.perf_counter() - t
    chunks = [c for text in texts for c in _chunks(text)]
    tokens = 0
    for doc in nlp.pipe(chunks):
        tokens += len(doc)
    return {"chars": sum(map(len, texts)), "stages": {"load spaCy ja": load}, "tokens": tokens,
            "chunks": len(chunks)}


def child_scaling(sizes: list[int], started: float) -> dict:
    from keiyaku_lint import api

    api.warm_up()
    rows = []
    for n in sizes:
        text = synthetic_contract(n)
        t, c = time.perf_counter(), time.process_time()
        result = api.lint_text(text)
        rows.append({"articles": n, "chars": len(text), "seconds": time.perf_counter() - t,
                     "cpu": time.process_time() - c, "error": result.error,
                     "statuses": sorted({cl.status for cl in result.clauses})})
    return {"rows": rows}


def run_child(argv: list[str]) -> None:
    started = time.perf_counter()
    cpu0 = time.process_time()
    mode, data_file = argv[0], argv[1]
    data = json.loads(Path(data_file).read_text(encoding="utf-8"))
    fn = {"check": child_check, "ginza": child_ginza, "sudachi": child_sudachi,
          "spacy_tokenizer": child_spacy_tokenizer, "scaling": child_scaling}[mode]
    out = fn(data, started)
    out["seconds"] = time.perf_counter() - started
    out["cpu"] = time.process_time() - cpu0
    out["peak_mb"] = _peak_mb()
    print(json.dumps(out, ensure_ascii=False))


# --- the parent -----------------------------------------------------------------------------


def spawn(mode: str, data, tmp: Path) -> dict:
    data_file = tmp / f"{mode}.json"
    data_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", mode, str(data_file)],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"({mode}) failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_wall"] = wall
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dev" / "txt"))
    ap.add_argument("--skip-ginza", action="store_true", help="leave out (b), the slow one")
    ap.add_argument("--scaling", default="", help="numbers of articles, e.g. 125,250,500,1000")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        run_child(args.child)
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from keiyaku_lint.load import load

    files = sorted(str(p) for p in Path(args.corpus).iterdir()
                   if p.is_file() and p.suffix.lower() in (".txt", ".docx", ".pdf", ".md"))
    if not files:
        sys.exit(f"no contracts in {args.corpus}")
    texts = [load(f).text for f in files]
    chars = sum(map(len, texts))
    print(f"{len(files)} files, {chars:,} characters ({args.corpus})")
    with tempfile.TemporaryDirectory(prefix="keiyaku-speed-") as tmp:
        tmp = Path(tmp)
        res = {"a": spawn("check", files, tmp), "c": spawn("sudachi", texts, tmp),
               "c2": spawn("spacy_tokenizer", texts, tmp)}
        if not args.skip_ginza:
            res["b"] = spawn("ginza", texts, tmp)
        names = {"a": "(a) keiyaku-lint check", "b": "(b) GiNZA full pipeline", "c": "(c) SudachiPy tokenize",
                 "c2": "(c2) spaCy ja tokenizer"}
        print(f"\n{'':26}{'wall s':>8}{'cpu s':>8}{'chars/s':>9}{'peak MB':>9}")
        for k in ("a", "b", "c", "c2"):
            if k in res:
                r = res[k]
                print(f"{names[k]:26}{r['seconds']:8.2f}{r['cpu']:8.2f}{chars / r['seconds']:9,.0f}"
                      f"{r['peak_mb']:9.0f}")
        a = res["a"]
        print("\n(a) per stage (s):  " + "  ".join(f"{k} {v:.2f}" for k, v in a["stages"].items()))
        print(f"(a) sentences parsed: {a['parsed']['sentences']} ({a['parsed']['chars']:,} characters, "
              f"{a['parsed']['chars'] / max(chars, 1):.0%} of the text); verdicts {a['verdicts']}, "
              f"{a['errors']} errors")
        if "b" in res:
            b = res["b"]
            print(f"(b) pipeline {b['pipeline']}, load {b['stages']['load GiNZA']:.2f} s, "
                  f"{b['chunks']} chunks, {b['tokens']:,} tokens")
        c = res["c"]
        print(f"(c) load {c['stages']['load SudachiPy']:.2f} s, {c['tokens']:,} morphemes")
        print()
        if "b" in res:
            ba, bac = res["b"]["seconds"] / a["seconds"], res["b"]["cpu"] / a["cpu"]
            print(f"(b)/(a) = {ba:.1f}x wall, {bac:.1f}x cpu   (target >= 10)")
        ac, acc = a["seconds"] / c["seconds"], a["cpu"] / c["cpu"]
        print(f"(a)/(c) = {ac:.1f}x wall, {acc:.1f}x cpu   (target <= 2)")
        c2 = res["c2"]
        print(f"(a)/(c2) = {a['seconds'] / c2['seconds']:.1f}x wall, {a['cpu'] / c2['cpu']:.1f}x cpu   "
              f"(SudachiPy through spaCy's Japanese tokenizer, {c2['tokens']:,} tokens)")
        if args.scaling:
            sizes = [int(x) for x in args.scaling.split(",") if x.strip()]
            rows = spawn("scaling", sizes, tmp)["rows"]
            print("\nscaling (synthetic contracts, one process, after warm-up):")
            base = None
            for r in rows:
                per = r["seconds"] / r["chars"] * 1e6
                base = base or per
                print(f"  {r['articles']:5} articles {r['chars']:8,} chars  {r['seconds']:6.2f} s  "
                      f"cpu {r['cpu']:6.2f} s  {r['chars'] / r['seconds']:8,.0f} chars/s  "
                      f"(time per char x{per / base:.2f})  {r['statuses']}{' ERROR' if r['error'] else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
