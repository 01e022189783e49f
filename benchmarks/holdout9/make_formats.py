#!/usr/bin/env python3
"""Make docx/ID.docx and pdf/ID.pdf from txt/ID.txt for the holdout9 set: holdout5's tool, run on this folder.

    python benchmarks/holdout9/make_formats.py [options of benchmarks/holdout5/make_formats.py]

The documents whose articles run 第1条..第N条 with one heading line each get
Word automatic article numbering (AUTO_NUMBERED); T010, T011 and T018 also get
their 「２　」 paragraphs and 「(1)　」 items from Word numbering
(PARA_NUMBERED). The others (kanji 第一条, 1.1 / 第1.1条 sections, (a) items,
１．) keep their numbers as typed text. PDF by LibreOffice.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _reuse import reuse  # noqa: E402

_tool = reuse("holdout5/make_formats.py", __file__,
              AUTO_NUMBERED={"T002", "T003", "T007", "T010", "T011", "T012", "T014", "T015", "T018"},
              PARA_NUMBERED={"T010", "T011", "T018"})
globals().update({k: v for k, v in vars(_tool).items() if not k.startswith("__")})

if __name__ == "__main__":
    sys.exit(_tool.main())
