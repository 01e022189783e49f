"""``tests/battery`` through ``POST /api/check`` gives the outcomes the CLI
gives (each case's ``expect``, ``verdicts``, ``notices`` and ``document``,
as ``tests/test_battery.py`` checks them through ``api.lint``): the server
adds nothing and loses nothing, never shows a traceback or a server path,
and goes on serving after every hostile file.

Cases that are not files (a FIFO, a symbolic link, a folder) cannot be
uploaded: the server never opens a path the client names, so they have no
API equivalent and are listed as skipped."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "battery"))
import make_battery as mb  # noqa: E402

from serve_helpers import make_client, make_service  # noqa: E402

CASES = {c.name: c for c in mb.case_list()}


def sent_name(case) -> str:
    """The name a browser sends: UTF-8. A name that is not (CP932 bytes from
    a Windows ZIP) arrives as the OS shows it, read as CP932."""
    from keiyaku_lint.textsafe import display_path

    try:
        case.filename.encode("utf-8")
        return case.filename
    except UnicodeEncodeError:
        return display_path(case.filename)
UPLOADABLE = [c.name for c in CASES.values() if c.expect != "skipped" and c.kind == "file"]
NOT_FILES = [c.name for c in CASES.values() if c.expect != "skipped" and c.kind != "file"]


def _secrets() -> list:
    try:
        lines = Path("/etc/passwd").read_text(errors="replace").splitlines()
    except OSError:
        return []
    return [":".join(ln.split(":")[:4]) for ln in lines if ln.count(":") >= 4][:5]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("battery-serve")
    built = {c.name: c for c in mb.build(folder, only=set(UPLOADABLE))}
    service = make_service(2)
    client, _ = make_client(service, max_upload_mb=100, max_files=500)
    out = {}
    try:
        with client:
            names = sorted(built)
            small = [n for n in names if built[n].path(folder).stat().st_size < (40 << 20)]
            big = [n for n in names if n not in small]
            batches = [small[i:i + 40] for i in range(0, len(small), 40)] + [[n] for n in big]
            for batch in batches:
                files = [("file", (sent_name(built[n]), built[n].path(folder).read_bytes())) for n in batch]
                r = client.post("/api/check", files=files)
                assert r.status_code == 200, r.text[:500]
                text = r.text
                assert "Traceback" not in text and tempfile.gettempdir() + "/keiyaku-serve" not in text
                for s in _secrets():
                    assert s not in text, "local file content leaked"
                data = json.loads(text)
                assert [f["path"] for f in data["files"]] == [sent_name(built[n]) for n in batch]
                for n, f in zip(batch, data["files"]):
                    out[n] = f
                assert client.get("/healthz").json()["status"] == "ok"
    finally:
        service.stop()
    return out


@pytest.mark.parametrize("name", UPLOADABLE)
def test_case_through_the_api(results, name):
    case = CASES[name]
    f = results[name]
    assert f["kind"] == case.document
    if case.notices is not None:
        assert tuple(sorted({n["code"] for n in f["notices"]})) == tuple(sorted(case.notices)), f["notices"]
    if case.expect == "analysis":
        assert f["ok"], f["error"]
        assert {c["id"]: c["status"] for c in f["clauses"]} == case.verdicts
    else:
        assert not f["ok"] and f["error"]["code"] == case.expect, f["error"]
        assert sent_name(case) in f["error"]["message"]  # the uploaded name, not a server path
        assert "{" not in f["error"]["message"]


def test_the_cases_that_are_not_files_cannot_be_uploaded():
    assert NOT_FILES, "the battery has special files (FIFO, links, a folder)"
    assert all(CASES[n].kind in ("fifo", "symlink", "dir") for n in NOT_FILES)
    assert len(UPLOADABLE) >= 60
