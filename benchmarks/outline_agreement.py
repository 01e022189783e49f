"""Do the .txt, .docx and .pdf of each dev-corpus contract parse to the same
outline? For every contract in ../shared/corpus/dev/ this runs
``parse(load(f))`` on the three files and compares the sequence of
(article path, heading). Prints one line per disagreeing contract with the
first difference, and a summary. Reads the corpus at run time only.

    python benchmarks/outline_agreement.py [--verbose] [IDS...]
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
FORMATS = ("txt", "docx", "pdf")


def norm(s):
    if s is None:
        return None
    return "".join(unicodedata.normalize("NFKC", s).split())


def signature(contract):
    from keiyaku_lint.structure import iter_paths

    return [("/".join(p), norm(n.heading)) for p, n in iter_paths(contract) if n.kind == "article"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("ids", nargs="*")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    from keiyaku_lint.errors import KeiyakuError
    from keiyaku_lint.load import load
    from keiyaku_lint.structure import parse

    ids = args.ids or sorted(p.stem for p in (CORPUS / "txt").glob("*.txt"))
    disagree, errors, t0 = [], 0, time.perf_counter()
    pair_ok = {f: 0 for f in FORMATS[1:]}
    for cid in ids:
        sigs = {}
        for fmt in FORMATS:
            path = CORPUS / fmt / f"{cid}.{fmt}"
            if not path.exists():
                continue
            try:
                sigs[fmt] = signature(parse(load(str(path))))
            except KeiyakuError as err:
                sigs[fmt] = f"error {err.code}"
                errors += 1
            except Exception:  # a bug: report it, go on
                sigs[fmt] = "EXCEPTION " + traceback.format_exc(limit=3).replace("\n", " | ")
                errors += 1
        base = sigs.get("txt")
        for f in pair_ok:
            if f in sigs and sigs[f] == base:
                pair_ok[f] += 1
        bad = {f: s for f, s in sigs.items() if s != base}
        n_art = len(base) if isinstance(base, list) else 0
        if bad:
            disagree.append(cid)
            for f, s in bad.items():
                print(f"{cid} {f}: {describe(base, s)}")
        elif args.verbose:
            print(f"{cid} ok ({n_art} articles)")
    total = len(ids)
    print(f"\n{total - len(disagree)}/{total} contracts agree across {', '.join(FORMATS)}; "
          f"{len(disagree)} disagree; {errors} load/parse errors; {time.perf_counter() - t0:.1f}s")
    for f, n in pair_ok.items():
        print(f"txt = {f}: {n}/{total}")
    if disagree:
        print("disagreeing:", " ".join(disagree))
    return 0


def describe(base, other) -> str:
    if not isinstance(base, list) or not isinstance(other, list):
        return f"txt={base if not isinstance(base, list) else len(base)} vs {other if not isinstance(other, list) else len(other)}"
    for i, (a, b) in enumerate(zip(base, other)):
        if a != b:
            return f"#{i}: txt {a} != {b} ({len(base)} vs {len(other)} articles)"
    longer = base if len(base) > len(other) else other
    return f"length {len(base)} vs {len(other)}; first extra {longer[min(len(base), len(other))]}"


if __name__ == "__main__":
    sys.exit(main())
