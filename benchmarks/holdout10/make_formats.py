#!/usr/bin/env python3
"""Make docx/ID.docx and pdf/ID.pdf from txt/ID.txt for the holdout10 set: holdout5's tool, run on this folder.

    python benchmarks/holdout10/make_formats.py [options of benchmarks/holdout5/make_formats.py]

Word automatic numbering 「第%1条」 for the documents whose articles run
第1条..第N条 with one heading line each (AUTO_NUMBERED); for U003, U013 and
U015 the paragraph numbers 「２　」 and the items 「(1)　」 are Word numbering
too (PARA_NUMBERED). Every other document keeps its typed numbering (第1,
第一条, 第１条, 1.1, 第1条＋1., ①, 1.＋(1), １．, the nested 第12条の2 of
U014), one paragraph a line. The TAB lines of U002 (別表) and U006 (別紙2)
become Word tables. PDF: LibreOffice with a private profile.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _reuse import reuse  # noqa: E402

_tool = reuse("holdout5/make_formats.py", __file__,
              AUTO_NUMBERED={"U003", "U009", "U010", "U013", "U015", "U018"},
              PARA_NUMBERED={"U003", "U013", "U015"})
globals().update({k: v for k, v in vars(_tool).items() if not k.startswith("__")})

if __name__ == "__main__":
    sys.exit(_tool.main())
