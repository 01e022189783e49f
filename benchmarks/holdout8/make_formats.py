#!/usr/bin/env python3
"""Make docx/ID.docx and pdf/ID.pdf from txt/ID.txt for the holdout8 set: holdout5's tool, run on this folder.

    python benchmarks/holdout8/make_formats.py [options of benchmarks/holdout5/make_formats.py]

Word automatic numbering 「第%1条」 for the documents whose articles run
第1条..第N条 with one heading line each (AUTO_NUMBERED); for S001 and S013
the paragraph numbers 「２　」 and the items 「(1)　」 are Word numbering too
(PARA_NUMBERED). Every other document keeps its typed numbering (第一条,
第１条, 第1, 1.1, 条項1, ①, 1.), one paragraph a line. S016's TAB lines
become a Word table. PDF: LibreOffice with a private profile.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _reuse import reuse  # noqa: E402

_tool = reuse("holdout5/make_formats.py", __file__,
              AUTO_NUMBERED={"S001", "S006", "S010", "S011", "S013", "S014", "S018"},
              PARA_NUMBERED={"S001", "S013"})
globals().update({k: v for k, v in vars(_tool).items() if not k.startswith("__")})

if __name__ == "__main__":
    sys.exit(_tool.main())
