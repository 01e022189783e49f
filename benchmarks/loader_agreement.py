"""How closely the DOCX and PDF loaders reproduce the typed text of each
contract in the dev corpus (../shared/corpus/dev relative to the repo root).

For every contract with a .txt, the non-empty lines of the txt are compared
with the block texts loaded from the .docx and from the .pdf. Both sides are
compared after NFKC normalisation and whitespace collapsing: Word renders a
"decimal" number format as ASCII digits where the typed text may have
full-width ones (第１条 vs 第1条), and spaces vs full-width spaces are layout.
A document agrees when the two lists of lines are equal.

    python benchmarks/loader_agreement.py [--corpus DIR] [--only A001,B002] [-v]
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from keiyaku_lint.errors import LoadError  # noqa: E402
from keiyaku_lint.load import load  # noqa: E402


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"\s+", " ", s).strip()


def txt_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    return [n for n in (norm(l) for l in text.splitlines()) if n]


def loaded_lines(path: Path) -> list[str]:
    doc = load(path)
    return [n for n in (norm(b.text) for b in doc.blocks) if n]


def short_diff(expected: list[str], got: list[str], limit: int) -> list[str]:
    out = []
    for line in difflib.unified_diff(expected, got, "txt", "loaded", n=0, lineterm=""):
        if line.startswith(("---", "+++")):
            continue
        out.append("      " + (line if len(line) < 110 else line[:107] + "..."))
        if len(out) >= limit:
            out.append("      ...")
            break
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "dev"))
    ap.add_argument("--only", default="")
    ap.add_argument("--formats", default="docx,pdf")
    ap.add_argument("-n", "--diff-lines", type=int, default=8)
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    ids = sorted(p.stem for p in (corpus / "txt").glob("*.txt"))
    if args.only:
        wanted = set(args.only.split(","))
        ids = [i for i in ids if i in wanted]
    formats = args.formats.split(",")
    summary = {}
    for fmt in formats:
        agree, seconds, failures = 0, 0.0, []
        for doc_id in ids:
            src = corpus / fmt / f"{doc_id}.{fmt}"
            if not src.exists():
                continue
            expected = txt_lines(corpus / "txt" / f"{doc_id}.txt")
            t0 = time.perf_counter()
            try:
                got = loaded_lines(src)
            except LoadError as e:
                failures.append((doc_id, [f"      [{e.code}] {e.message('en')}"]))
                continue
            finally:
                seconds += time.perf_counter() - t0
            if got == expected:
                agree += 1
            else:
                sm = difflib.SequenceMatcher(a=expected, b=got, autojunk=False)
                head = f"      lines: txt {len(expected)}, loaded {len(got)}, line similarity {sm.ratio():.3f}"
                failures.append((doc_id, [head] + short_diff(expected, got, args.diff_lines)))
        total = agree + len(failures)
        summary[fmt] = (agree, total, seconds)
        print(f"== {fmt}: {agree}/{total} agree exactly ({seconds:.1f} s)")
        for doc_id, lines in failures:
            print(f"  {doc_id}")
            print("\n".join(lines))
    print()
    for fmt, (agree, total, seconds) in summary.items():
        print(f"{fmt}: {agree}/{total} documents agree exactly; {seconds / max(total, 1):.2f} s per file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
