"""Scanned contracts read with OCR (load/ocr.py, load/image.py, the OCR
hook of load/pdf.py): a scan, a mixed PDF (typed pages and a scanned
annex), a rotated page, 縦書き, image files (PNG, multi-page TIFF), a scan
with no readable text, OCR absent or switched off, the OCR mark in every
report format, and OCR inside the batch worker's bounds.

Every input is made here (``tests/ocrgen.py``: text drawn with a CJK font
by PIL, scanner faults added). Tests that run Tesseract skip, saying so,
when it (or its Japanese data, or a CJK font) is not installed.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "battery"))
import make_battery as mb  # noqa: E402
import ocrgen  # noqa: E402

from keiyaku_lint import api  # noqa: E402
from keiyaku_lint.config import Config  # noqa: E402
from keiyaku_lint.errors import LoadError  # noqa: E402
from keiyaku_lint.load import load, ocr  # noqa: E402
from keiyaku_lint.model import Report  # noqa: E402

HAVE_OCR = ocr.available()
HAVE_FONT = ocrgen.cjk_font_path() is not None
needs_ocr = pytest.mark.skipif(
    not (HAVE_OCR and HAVE_FONT),
    reason=("Tesseract with its Japanese data (tesseract-ocr, tesseract-ocr-jpn) is not installed"
            if not HAVE_OCR else "no CJK font to draw the test scans (fonts-noto-cjk)"))

CONTRACT = [p for p in mb.FULL_CONTRACT.splitlines()]
ANNEX = ["別紙　個人情報の取扱いに関する特記事項",
         "第1条（再委託の制限）",
         "乙は、甲の事前の書面による承諾を得た場合を除き、本業務の全部又は一部を第三者に再委託してはならない。",
         "2　乙は、再委託先に対し、本契約に基づき乙が負う義務と同等の義務を課さなければならない。",
         "3　乙は、再委託先の行為について、甲に対し、自らの行為と同様の責任を負う。",
         "4　乙は、再委託先に対し、個人情報の漏えいその他の事故が発生したときは直ちに乙に報告する義務を課さなければならない。"]


def scan(paragraphs, angle=0.6, seal=False, vertical=False, seed=0):
    pages = (ocrgen.vertical_pages if vertical else ocrgen.text_pages)(paragraphs)
    out = [ocrgen.degrade(p, angle=angle * (-1) ** i, seed=seed + i) for i, p in enumerate(pages)]
    if seal:
        out[-1] = ocrgen.stamp_seal(out[-1], text="印")
    return out


def statuses(result) -> dict:
    return {c.id: c.status for c in result.clauses}


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory):
    if not (HAVE_OCR and HAVE_FONT):
        pytest.skip("Tesseract or a CJK font is not installed")
    path = tmp_path_factory.mktemp("scan") / "契約書_スキャン.pdf"
    ocrgen.image_pdf(scan(CONTRACT, seal=True), str(path))
    return path


@pytest.fixture(scope="module")
def scanned_result(scanned_pdf):
    return api.lint(scanned_pdf, Config())


# --- no Tesseract needed --------------------------------------------------------------


@pytest.mark.parametrize("raw, want", [
    ("デ一タを消去する", "データを消去する"),
    ("第ー条", "第一条"),
    ("窓ロ", "窓口"),
    ("プ口グラム", "プログラム"),
    ("甲に協カする", "甲に協力する"),
    ("3カ月以内", "3カ月以内"),
    ("加エ", "加工"),
    ("工ラー", "エラー"),
    ("デー夕", "データ"),
    ("第ニ条", "第二条"),
    ("甲ヘ報告", "甲へ報告"),
    ("第l条", "第1条"),
    ("第 １ 条 秘密保持", "第1条 秘密保持"),
    ("第１２条", "第12条"),
    ("ﾃﾞｰﾀ", "データ"),
    ("皿及び乙は", "甲及び乙は"),
    ("甲ととは、", "甲と乙は、"),
    ("(以下 「本契約 」) を締結する", "(以下「本契約」)を締結する"),
    ("SNS などを", "SNS などを"),
    ("在 籍 中に入手 した", "在籍中に入手した"),
    ("第3条 業務 遂行", "第3条 業務遂行"),
    ("2 甲 及び 乙は", "2 甲及び乙は"),
])
def test_ocr_confusions_are_normalised(raw, want):
    assert ocr.normalize_ocr(raw) == want


def _page(n, conf, chars=400, **kw):
    return ocr.OcrPage(number=n, lines=[], chars=chars, confidence=conf, **kw)


def test_low_confidence_page_is_a_warning_and_mostly_unreadable_an_error():
    pages = [_page(1, 92), _page(2, 61)]
    ocr.assess(pages, "x.pdf", 2)  # readable
    codes = [n.code for n in ocr.notices(pages)]
    assert "W131" in codes and "W132" in codes
    w132 = next(n for n in ocr.notices(pages) if n.code == "W132")
    assert "2" in w132.message_ja and "61%" in w132.message_ja
    with pytest.raises(LoadError) as e:
        ocr.assess([_page(1, 92, chars=100), _page(2, 45, chars=900)], "x.pdf", 2)
    assert e.value.code == "E132"
    with pytest.raises(LoadError) as e:  # only what strokes read as: no text
        ocr.assess([_page(1, 30, chars=900)], "x.pdf", 1)
    assert e.value.code == "E131"
    with pytest.raises(LoadError) as e:
        ocr.assess([_page(1, 0, chars=0)], "x.pdf", 1)
    assert e.value.code == "E131"


def test_ocr_absent_scan_is_E111_with_how_to_enable(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "_probe", lambda: (None, ocr.Bi("Tesseract が見つかりません", "Tesseract was not found")))
    p = tmp_path / "scan.pdf"
    p.write_bytes(mb.image_only_pdf())
    with pytest.raises(LoadError) as e:
        load(p)
    assert e.value.code == "E111"
    assert "tesseract-ocr-jpn" in e.value.message("ja") and "Tesseract" in e.value.message("en")
    png = tmp_path / "scan.png"
    png.write_bytes(mb.png_bytes())
    with pytest.raises(LoadError) as e:
        load(png)
    assert e.value.code == "E130" and "brew install tesseract" in e.value.message("en")


def test_ocr_absent_folder_lists_images_as_skipped(tmp_path, monkeypatch):
    from keiyaku_lint.commands.check import _with_images
    from keiyaku_lint.batch import collect

    monkeypatch.setattr(ocr, "_probe", lambda: (None, ocr.Bi("なし", "none")))
    (tmp_path / "scan.png").write_bytes(mb.png_bytes())
    (tmp_path / "c.txt").write_text(mb.FULL_CONTRACT, encoding="utf-8")
    files, skipped = collect([str(tmp_path)], _with_images(Config()))
    assert [Path(f).name for f in files] == ["c.txt"]
    assert [(Path(p).name, r) for p, r in skipped] == [("scan.png", "image")]


def test_ocr_never_scan_is_E111_saying_so(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(mb.image_only_pdf())
    with pytest.raises(LoadError) as e:
        load(p, ocr="never")
    assert e.value.code == "E111" and "--ocr never" in e.value.message("ja")
    png = tmp_path / "scan.png"
    png.write_bytes(mb.png_bytes())
    with pytest.raises(LoadError) as e:
        load(png, ocr="never")
    assert e.value.code == "E130"


def test_ocr_config_key_and_option(tmp_path):
    from keiyaku_lint.config import load_config

    (tmp_path / "keiyaku-lint.toml").write_text('ocr = "never"\n', encoding="utf-8")
    assert load_config(tmp_path).ocr == "never"
    (tmp_path / "keiyaku-lint.toml").write_text('ocr = "sometimes"\n', encoding="utf-8")
    from keiyaku_lint.errors import KeiyakuError

    with pytest.raises(KeiyakuError) as e:
        load_config(tmp_path)
    assert e.value.code == "E402"


def test_reports_mark_verdicts_on_ocr_text():
    """Every format shows 「OCRで読み取り」 with the confidence, from the model
    alone (no Tesseract needed)."""
    from keiyaku_lint.model import OcrMark
    from keiyaku_lint.report import render

    r = api.lint_text(mb.FULL_CONTRACT, Config(), path="scan.pdf")
    clauses = tuple(replace(c, ocr=OcrMark((1,), 87.4)) for c in r.clauses)
    r = replace(r, clauses=clauses, ocr=((1, 87.4),))
    report = Report(files=(r,), profile="outsourcing")
    for fmt in ("text", "csv", "html", "sarif"):
        out = render(report, fmt, "ja")
        out = out.decode("utf-8-sig") if isinstance(out, bytes) else out
        assert "OCRで読み取り" in out and "87%" in out, fmt
        out = render(report, fmt, "en")
        out = out.decode("utf-8-sig") if isinstance(out, bytes) else out
        assert "read by OCR" in out and "87%" in out, fmt
    data = json.loads(render(report, "json", "ja"))
    f = data["files"][0]
    assert f["ocr"] == [{"page": 1, "confidence": 87.4}]
    assert all(c["ocr"]["confidence"] == 87.4 and "OCRで読み取り" in c["ocr"]["label"] for c in f["clauses"])


# --- with Tesseract -------------------------------------------------------------------


@needs_ocr
def test_scan_is_read(scanned_result, scanned_pdf):
    r = scanned_result
    assert r.ok, r.error
    assert statuses(r) == mb.ALL_PRESENT
    codes = [n.code for n in r.notices]
    assert "W131" in codes  # read by OCR, with the confidence
    assert all(c.ocr is not None and c.ocr.confidence >= ocr.LOW_CONFIDENCE for c in r.clauses)
    assert r.ocr and all(p for p, _ in r.ocr)
    doc = load(scanned_pdf)
    assert doc.ocr and all(b.location.page and b.location.box for b in doc.blocks)
    assert any(b.text.startswith("第2条") for b in doc.blocks)


@needs_ocr
def test_seal_is_not_text(scanned_pdf):
    doc = load(scanned_pdf)
    last = max(b.location.page for b in doc.blocks)
    tail = [b.text for b in doc.blocks if b.location.page == last]
    assert not any(t.strip() == "印" for t in tail)
    assert any("つばさ" in t for t in tail)  # the signature's typed text is read


@needs_ocr
def test_mixed_pdf_reads_the_scanned_annex_only(tmp_path):
    """Typed pages (a text layer) and a scanned annex: ``auto`` OCRs only
    the annex; a clause found there is marked, one on a typed page is not."""
    import pypdfium2 as pdfium

    sys.path.insert(0, str(Path(__file__).resolve().parent / "battery"))
    import pdfgen

    typed = [p for p in CONTRACT if not p.startswith(("第3条", "2　乙は、前項の承諾", "3　乙は、再委託先", "4　乙は、再委託先"))]
    doc = pdfgen.Doc()
    page = doc.page()
    y = 72.0
    for para in typed:
        for line in pdfgen.wrap(para, 40) if para else [""]:
            if y > 780:
                page, y = doc.page(), 72.0
            page.text(72, y, line)
            y += 18
    (tmp_path / "typed.pdf").write_bytes(doc.bytes())
    ocrgen.image_pdf(scan(ANNEX, angle=0.4), str(tmp_path / "annex.pdf"))
    out = pdfium.PdfDocument.new()
    for part in ("typed.pdf", "annex.pdf"):
        src = pdfium.PdfDocument(str(tmp_path / part))
        out.import_pages(src)
    mixed = tmp_path / "mixed.pdf"
    out.save(str(mixed))
    n_pages = len(out)

    r = api.lint(mixed, Config())
    assert r.ok, r.error
    w131 = next(n for n in r.notices if n.code == "W131")
    assert w131.message_en.startswith(f"Page(s) {n_pages} ")
    st = statuses(r)
    assert st["subcontracting"] == "present" and st["confidentiality"] == "present"
    by_id = {c.id: c for c in r.clauses}
    assert by_id["subcontracting"].ocr is not None and by_id["subcontracting"].ocr.pages == (n_pages,)
    assert by_id["confidentiality"].ocr is None  # found on a typed page
    assert r.ocr == tuple((p, c) for p, c in r.ocr) and [p for p, _ in r.ocr] == [n_pages]


@needs_ocr
def test_mixed_pdf_without_ocr_says_which_pages_were_not_read(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    sys.path.insert(0, str(Path(__file__).resolve().parent / "battery"))
    import pdfgen

    doc = pdfgen.Doc()
    page = doc.page()
    for k, para in enumerate(CONTRACT[:12]):
        page.text(72, 72 + 18 * k, para[:40])
    (tmp_path / "typed.pdf").write_bytes(doc.bytes())
    ocrgen.image_pdf(scan(ANNEX[:3]), str(tmp_path / "annex.pdf"))
    out = pdfium.PdfDocument.new()
    for part in ("typed.pdf", "annex.pdf"):
        out.import_pages(pdfium.PdfDocument(str(tmp_path / part)))
    out.save(str(tmp_path / "mixed.pdf"))
    r = api.lint(tmp_path / "mixed.pdf", replace(Config(), ocr="never"))
    assert r.ok
    w137 = next(n for n in r.notices if n.code == "W137")
    assert "2" in w137.message_ja and "--ocr" in w137.message_ja


@needs_ocr
@pytest.mark.parametrize("turn", [180, 90])
def test_rotated_page_is_turned_and_read(tmp_path, turn):
    pages = [p.rotate(turn, expand=True) for p in scan(CONTRACT[:14], angle=0.5)][:1]
    path = tmp_path / "rotated.png"
    pages[0].save(path, dpi=(200, 200))
    doc = load(path)
    assert doc.format == "image"
    w133 = next(n for n in doc.warnings if n.code == "W133")
    assert f"{turn}°" in w133.message_en
    text = doc.text
    assert "第2条" in text and "秘密保持" in text and "漏えい" in text


@needs_ocr
def test_image_files_png_jpeg_and_multipage_tiff(tmp_path):
    pages = scan(CONTRACT, angle=-0.5, seal=True)
    tif = ocrgen.tiff(pages, str(tmp_path / "契約書.tif"))
    r = api.lint(tif, Config())
    assert r.ok, r.error
    assert r.format == "image" and statuses(r) == mb.ALL_PRESENT
    assert len(r.ocr) == len(pages) >= 2
    jpg = tmp_path / "p1.jpg"
    pages[0].convert("RGB").save(jpg, quality=85, dpi=(200, 200))
    doc = load(jpg)
    assert doc.format == "image" and "第1条" in doc.text
    assert doc.blocks[0].location.page == 1 and doc.blocks[0].location.box


@needs_ocr
def test_vertical_scan_is_read(tmp_path):
    path = tmp_path / "tate.pdf"
    ocrgen.image_pdf(scan(CONTRACT[:9], vertical=True, angle=0.4), str(path))
    doc = load(path)
    assert "W134" in [n.code for n in doc.warnings]
    assert "秘密保持" in doc.text and "第2条" in doc.text.replace("第２条", "第2条")
    r = api.lint(path, Config())
    assert statuses(r)["confidentiality"] == "present"


@needs_ocr
def test_scan_with_no_readable_text_is_a_coded_error(tmp_path):
    p = tmp_path / "scanned.pdf"
    p.write_bytes(mb.image_only_pdf())  # boxes and strokes, no characters
    with pytest.raises(LoadError) as e:
        load(p)
    assert e.value.code in ("E131", "E132")
    from PIL import Image

    blank = tmp_path / "blank.png"
    ocrgen.degrade(Image.new("L", ocrgen.page_size(150), 255), angle=0, noise=4).save(blank, dpi=(150, 150))
    with pytest.raises(LoadError) as e:
        load(blank)
    assert e.value.code == "E131"
    r = api.lint(p, Config())
    assert not r.ok and r.error["code"] in ("E131", "E132") and not r.clauses


@needs_ocr
def test_broken_image_is_E135(tmp_path):
    p = tmp_path / "broken.png"
    p.write_bytes(mb.png_bytes()[:60])
    with pytest.raises(LoadError) as e:
        load(p)
    assert e.value.code == "E135"


@needs_ocr
def test_check_cli_walks_images_and_marks_every_format(tmp_path):
    import subprocess

    folder = tmp_path / "scans"
    folder.mkdir()
    scan(CONTRACT[:14], angle=0.3)[0].save(folder / "page.png", dpi=(200, 200))
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    out = tmp_path / "r.json"
    p = subprocess.run([sys.executable, "-m", "keiyaku_lint", "check", str(folder), "-o", str(out), "-q"],
                       capture_output=True, env=env, timeout=300)
    assert p.returncode in (0, 1), p.stderr.decode(errors="replace")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [Path(f["path"]).name for f in data["files"]] == ["page.png"]
    f = data["files"][0]
    assert f["ok"] and f["format"] == "image" and f["ocr"]
    assert any(c["ocr"] and "OCRで読み取り" in c["ocr"]["label"] for c in f["clauses"])
    assert data["summary"]["skipped"] == 0


@needs_ocr
def test_ocr_runs_under_the_worker_deadline_and_leaves_nothing_running(tmp_path):
    """A scan past --timeout is E310 for that file; the Tesseract process
    its worker started does not outlive it."""
    import time

    from keiyaku_lint import batch

    path = tmp_path / "long.pdf"
    ocrgen.image_pdf(scan(CONTRACT * 3, angle=0.8), str(path))
    cfg = replace(Config(), timeout=2.0)
    before = _tesseracts()
    report = batch.run([str(path)], cfg, jobs=1)
    assert report.files[0].error["code"] == "E310"
    for _ in range(50):  # SIGKILL reaches them with their worker (PR_SET_PDEATHSIG)
        if _tesseracts() <= before:
            break
        time.sleep(0.1)
    assert _tesseracts() <= before


def _tesseracts() -> set:
    out = set()
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            name, _, rest = stat.partition(") ")
            if name.endswith("(tesseract") and not rest.startswith(("Z", "X")):  # running, not a corpse
                out.add(int(pid))
    return out
