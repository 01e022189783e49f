"""The web app in a real browser: Debian's Chromium driven by Playwright
(never a downloaded browser). Starts ``keiyaku-lint serve`` as a user would,
uploads a Word contract with missing clauses, reads its verdicts, opens the
evidence in the text, downloads the commented copy, and generates an
outsourcing contract through the form. Screenshots of the check, result and
generate pages are saved under the test's tmp folder (and copied to
$KEIYAKU_LINT_SHOTS when set)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from serve_helpers import ROOT, SAMPLES

CHROMIUM = os.environ.get("KEIYAKU_LINT_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not os.path.exists(CHROMIUM):
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium; .ci/run does it as root)",
                allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("serve-cwd")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    p = subprocess.Popen([sys.executable, "-m", "keiyaku_lint", "serve", "--no-browser", "--port", "0", "--jobs", "2"],
                         cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = None
    deadline = time.monotonic() + 240
    lines = []
    while time.monotonic() < deadline and url is None:
        line = p.stderr.readline()
        if not line:
            break
        lines.append(line)
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if m:
            url = m.group(1).rstrip("/")
    if url is None:
        p.kill()
        pytest.fail("the server did not start: " + "".join(lines))
    yield url
    p.terminate()
    try:
        p.wait(30)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 0, p.stderr.read()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=FLAGS, headless=True, locale="ja-JP",
            viewport={"width": 1440, "height": 900}, accept_downloads=True)
        yield context
        context.close()


def _shot(page, tmp_path: Path, name: str, full: bool = False) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=full)
    keep = os.environ.get("KEIYAKU_LINT_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(keep) / name)
    return path


def test_check_a_contract_read_the_verdicts_open_the_evidence_download_the_copy(server, browser, tmp_path):
    contract = tmp_path / "業務委託契約書_案.docx"
    shutil.copyfile(SAMPLES / "nda.docx", contract)  # an NDA: subcontracting and incident reporting are missing
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "契約書を検査する"
    _shot(page, tmp_path, "check.png", full=True)

    page.set_input_files("#pick-files", str(contract))
    page.wait_for_url(re.compile(r".*/results/[^/]+/files/0$"), timeout=120_000)
    assert "業務委託契約書_案.docx" in page.locator("h1").inner_text()
    assert page.locator(".verdict-badge").inner_text().strip() == "✗ 欠落した条項あり"
    assert page.locator("#clause-subcontracting .status").inner_text() == "なし"
    assert page.locator("#clause-incident_reporting .status").inner_text() == "なし"
    assert page.locator("#clause-confidentiality .status").inner_text() == "あり"
    assert page.locator("#clause-subcontracting .suggestion").inner_text().strip()

    page.click("#clause-confidentiality a.evidence-link")
    active = page.locator("#doc-text mark.active")
    active.first.wait_for(state="visible", timeout=10_000)
    assert active.count() >= 1 and "秘密" in active.first.inner_text() or "開示" in active.first.inner_text()
    page.wait_for_timeout(600)  # the smooth scroll ends
    _shot(page, tmp_path, "result.png")

    assert page.locator("a[href='/?profile=nda']").count() == 1  # W304: the way to check it as an NDA, on the page
    page.click("#clause-subcontracting button.copy")
    assert page.locator("#clause-subcontracting button.copy").inner_text() == "コピーしました"

    with page.expect_download() as info:
        page.click("#download-annotated")
    download = info.value
    assert download.suggested_filename == "業務委託契約書_案_指摘.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    import docx

    comments = [c.text for c in docx.Document(str(saved)).part._comments_part.comments]
    assert any("再委託" in c for c in comments) and any("事故" in c for c in comments)
    assert not errors, errors
    page.close()


def test_many_files_give_a_sortable_filterable_matrix(server, browser, tmp_path):
    page = browser.new_page()
    page.goto(server + "/")
    files = [str(SAMPLES / n) for n in ("outsourcing_full.docx", "outsourcing_weak.docx", "nda.txt", "kanji.md")]
    page.set_input_files("#pick-files", files)
    page.wait_for_url(re.compile(r".*/results/[^/]+$"), timeout=180_000)
    rows = page.locator("#matrix tbody tr")
    assert rows.count() == 4
    page.check("#only-problems")
    visible = [r for r in range(4) if rows.nth(r).is_visible()]
    assert 0 < len(visible) < 4
    page.uncheck("#only-problems")
    page.click("#matrix thead th:nth-child(2)")  # by verdict
    first = page.locator("#matrix tbody tr").first.locator("td").first.inner_text()
    assert "欠落" in first
    _shot(page, tmp_path, "results.png")
    page.locator("#matrix tbody tr").first.locator("th a").click()
    page.wait_for_url(re.compile(r".*/files/\d+$"))
    assert page.locator(".clause").count() == 7
    page.close()


def test_generate_an_outsourcing_contract_through_the_form(server, browser, tmp_path):
    page = browser.new_page()
    page.goto(server + "/generate")
    page.click("a[href='/generate/outsourcing']")
    page.click("#generate-submit")  # nothing filled in: every problem at once, beside its field
    page.wait_for_selector("#error-summary")
    assert page.locator(".field-error").count() >= 8
    assert page.locator("#f-client-name ~ .field-error, .field.has-error #f-client-name").count() >= 1
    page.click("text=記入例で埋める")
    page.wait_for_url(re.compile(r".*example=1$"))
    page.wait_for_load_state("load")  # the page's script is in (it draws the date previews)
    page.fill("#f-client-name", "株式会社テスト商事")
    page.fill("#f-contract_date", "令和7年4月1日")
    page.wait_for_function("document.querySelector(\".date-preview[data-for='f-contract_date']\").textContent.includes('2025年4月1日')",
                           timeout=10_000)
    page.click("#generate-submit")
    page.wait_for_selector("#generated", timeout=120_000)
    assert page.locator(".self-check li").count() == 7
    _shot(page, tmp_path, "generate.png")
    with page.expect_download() as info:
        page.click("#download-docx")
    saved = tmp_path / "generated.docx"
    info.value.save_as(str(saved))
    import docx

    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    assert "株式会社テスト商事" in text and "令和7年4月1日" in text  # contract dates print in 和暦 by default
    page.goto(server + "/generate/outsourcing")
    page.click("#generate-submit")
    page.wait_for_selector("#error-summary")
    _shot(page, tmp_path, "generate-errors.png")
    page.close()


def test_english_switch_and_rules(server, browser, tmp_path):
    page = browser.new_page()
    page.goto(server + "/rules")
    assert page.locator("details.rule").count() == 7
    page.click("header .lang")
    assert page.locator("h1").inner_text() == "Rules"
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Check contracts"  # the switch is remembered
    page.click("header .lang")
    assert page.locator("h1").inner_text() == "契約書を検査する"
    page.close()
