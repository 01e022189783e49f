"""Make the committed PDF fixtures of the load-stage tests.

    python scripts/make_load_fixtures.py

Needs LibreOffice (soffice) and a CJK font (apt-get install -y
libreoffice-writer fonts-noto-cjk). The tests themselves do not: they read
the committed files in tests/fixtures/load/.

* contract.pdf  - the made-up contract of tests/test_load_support.py
                  (sample_contract_body) printed by LibreOffice: running header
                  (the title) on every page, page number in the footer,
                  auto-numbered articles, wrapped paragraphs.
* encrypted.pdf - the same, exported with a document-open password.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_load_support import make_sample_contract  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "load"


def convert(docx: Path, outdir: Path, filter_options: str = "") -> Path:
    target = "pdf:writer_pdf_Export" + (":" + filter_options if filter_options else "")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", target, "--outdir", str(outdir), str(docx)],
            check=True, capture_output=True, timeout=180,
        )
    return outdir / (docx.stem + ".pdf")


def main() -> int:
    if shutil.which("soffice") is None:
        print("soffice not found: apt-get install -y libreoffice-writer fonts-noto-cjk", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docx = make_sample_contract(tmp / "contract.docx")
        pdf = convert(docx, tmp)
        shutil.copyfile(pdf, OUT / "contract.pdf")
        opts = json.dumps({
            "EncryptFile": {"type": "boolean", "value": "true"},
            "DocumentOpenPassword": {"type": "string", "value": "himitsu"},
        })
        enc_dir = tmp / "enc"
        enc_dir.mkdir()
        pdf = convert(docx, enc_dir, opts)
        shutil.copyfile(pdf, OUT / "encrypted.pdf")
    for f in sorted(OUT.glob("*.pdf")):
        print(f.relative_to(ROOT), f.stat().st_size, "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
