"""The web app and HTTP API through Starlette's test client: every endpoint,
the error codes, the limits, the security rules. The workers are real: one
warm service for the module (a forkserver with the model loaded), apps made
on it with different settings."""
from __future__ import annotations

import glob
import io
import json
import os
import shutil
import tempfile
import time
import zipfile

import pytest

from keiyaku_lint import api
from keiyaku_lint.config import Config
from keiyaku_lint.errors import CATALOGUE, KeiyakuError

from serve_helpers import SAMPLES, csrf_of, make_client, make_service

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def service():
    s = make_service(2)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def client(service):
    c, _ = make_client(service)
    with c:
        yield c


def upload(*names, **extra):
    files = [("file", (n, (SAMPLES / n).read_bytes())) for n in names]
    return {"files": files, "data": extra}


def assert_error(r, status: int, code: str):
    assert r.status_code == status, (r.status_code, r.text[:500])
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    assert body["error"]["message"] and "Traceback" not in r.text
    return body["error"]


def _temp_folders() -> set:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "keiyaku-serve-*")))


# --- health, OpenAPI ---------------------------------------------------------------------------

def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["version"] and body["workers_ready"] == 2


def test_openapi_is_valid_and_lists_exactly_the_api(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    try:
        from openapi_spec_validator import validate
    except ImportError:  # pragma: no cover
        pytest.skip("openapi-spec-validator is not installed (pip install -e '.[test]')")
    validate(spec)
    served = {(m, r.path) for r in client.app.app.routes if hasattr(r, "methods") and r.methods
              for m in r.methods - {"HEAD"}
              if r.path.startswith(("/api/", "/healthz", "/openapi"))}
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert documented == {("GET", "/healthz"), ("POST", "/api/check"), ("POST", "/api/annotate"),
                          ("GET", "/api/rules"), ("GET", "/api/templates"),
                          ("GET", "/api/templates/{name}/schema"), ("POST", "/api/generate/{name}"),
                          ("GET", "/openapi.json")}
    assert served == documented
    for code in ("E601", "E602", "E603", "E605", "E606", "E610", "E611"):
        assert code in json.dumps(spec)
    page = client.get("/api")
    assert page.status_code == 200 and "/api/check" in page.text


# --- /api/check ----------------------------------------------------------------------------------

def test_check_gives_the_clis_json_report(client):
    r = client.post("/api/check", **upload("nda.docx"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    data = r.json()
    assert data["schema"] == "keiyaku-lint/report/1"
    (f,) = data["files"]
    assert f["path"] == "nda.docx"
    expected = api.lint(SAMPLES / "nda.docx", Config())
    from keiyaku_lint.report.jsonfmt import file_dict

    want = file_dict(expected, "ja")
    want["path"] = "nda.docx"
    assert f == want
    assert data["summary"]["files"] == 1 and data["settings"]["profile"] == "outsourcing"


def test_check_many_files_in_upload_order_and_english(client):
    names = ["outsourcing_weak.docx", "nda.txt", "outsourcing_full.pdf", "kanji.md", "memo_annex.txt"]
    r = client.post("/api/check?lang=en", **upload(*names))
    assert r.status_code == 200
    data = r.json()
    assert [f["path"] for f in data["files"]] == names
    exp = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["files"]
    for f in data["files"]:
        if f["path"] in exp:
            assert {c["id"]: c["status"] for c in f["clauses"]} == {k: v["status"] for k, v in exp[f["path"]]["clauses"].items()}
    assert data["files"][0]["clauses"][1]["title"] == "Restriction on subcontracting"


def test_check_with_the_nda_profile(client):
    r = client.post("/api/check", **upload("nda.docx", profile="NDA"))
    assert r.status_code == 200
    f = r.json()["files"][0]
    assert f["profile"] == "nda" and len(f["clauses"]) == 4


def test_a_bad_profile_is_400(client):
    err = assert_error(client.post("/api/check", **upload("nda.docx", profile="nonexistent")), 400, "E303")
    assert "nonexistent" in err["message"]


def test_no_file_is_400(client):
    assert_error(client.post("/api/check", data={"profile": "nda"}, files=[("x", ("", b""))]), 400, "E603") \
        if False else None
    r = client.post("/api/check", data={"profile": "nda"}, headers={"content-type": "multipart/form-data; boundary=abc"},
                    content=b"--abc\r\nContent-Disposition: form-data; name=\"profile\"\r\n\r\nnda\r\n--abc--\r\n")
    assert_error(r, 400, "E603")


def test_not_multipart_is_400(client):
    assert_error(client.post("/api/check", json={"file": "x"}), 400, "E604")
    assert_error(client.post("/api/check", content=b"garbage", headers={"content-type": "multipart/form-data"}), 400, "E604")


def test_a_malformed_multipart_body_is_400(client):
    r = client.post("/api/check", content=b"--abc\r\nthis is not a header\r\n\r\n--abc--",
                    headers={"content-type": "multipart/form-data; boundary=abc"})
    assert r.status_code in (400, 413) and r.json()["error"]["code"] in ("E603", "E604")


def test_an_unreadable_file_is_its_entry_not_the_request(client):
    before = _temp_folders()
    files = [("file", ("junk.txt", os.urandom(4000))), ("file", ("nda.txt", (SAMPLES / "nda.txt").read_bytes())),
             ("file", ("empty.docx", b"")), ("file", ("../../etc/passwd.txt", b"\x00\x01\x02" * 100)),
             ("file", ("契約書.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 600))]
    r = client.post("/api/check", files=files)
    assert r.status_code == 200
    data = r.json()
    got = [(f["path"], f["ok"], (f["error"] or {}).get("code")) for f in data["files"]]
    assert got[0] == ("junk.txt", False, "E108") and got[1][1] is True and got[2][2] == "E104"
    assert got[3][0] == "etc/passwd.txt" and got[3][2] == "E108"  # a client path is only a name
    assert got[4][2] in ("E105", "E103")
    assert tempfile.gettempdir() not in r.text and "keiyaku-serve-" not in r.text  # no server path
    assert data["summary"]["error"] == 4
    assert _temp_folders() <= before  # the private upload folders are gone


def test_a_hostile_file_is_coded_and_the_server_goes_on(client):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<" + b"a" * (300 << 20))
    r = client.post("/api/check", files=[("file", ("bomb.docx", bomb.getvalue()))])
    assert r.status_code == 200 and r.json()["files"][0]["error"]["code"] == "E109"
    assert client.get("/healthz").json()["status"] == "ok"


# --- limits ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small(service):
    c, _ = make_client(service, max_upload_mb=0.01, max_files=2)
    with c:
        yield c


def test_a_file_over_the_size_limit_is_413(small):
    err = assert_error(small.post("/api/check", files=[("file", ("big.txt", b"x" * 20000))]), 413, "E601")
    assert "big.txt" in err["message"] and "0.0" in err["message"]


def test_too_many_files_is_413(small):
    files = [("file", (f"{i}.txt", b"abc")) for i in range(3)]
    assert_error(small.post("/api/check", files=files), 413, "E602")


def test_a_request_longer_than_the_limits_allow_is_refused_before_reading(small):
    body = b"--abc\r\n" + b"x" * (10 << 20)
    r = small.post("/api/check", content=body, headers={"content-type": "multipart/form-data; boundary=abc"})
    assert_error(r, 413, "E601")


def test_the_limits_hold_for_annotate_and_the_page(small):
    assert_error(small.post("/api/annotate", files=[("file", ("big.docx", b"x" * 20000))]), 413, "E601")
    two = [("file", ("a.docx", b"x")), ("file", ("b.docx", b"y"))]
    assert_error(small.post("/api/annotate", files=two), 413, "E602")


def test_the_pool_keeps_deadlines_and_survives_a_dead_worker(service):
    """A job past its deadline is E310, a worker that dies is E312 for its job
    only; the pool replaces the worker and the next job runs."""
    import signal

    from keiyaku_lint.batch import Job

    slow = service.submit(Job(time.sleep, (30,), "slow.txt", timeout=1.5))
    dead = service.submit(Job(os.kill, (0, 0), "x.txt"))  # a harmless call first: it returns None
    assert dead.result(60) is None
    t0 = time.monotonic()
    result = slow.result(60)
    assert result.error["code"] == "E310" and "slow.txt" in result.error["message_en"] and time.monotonic() - t0 < 20
    kill = service.submit(Job(os.abort, (), "crash.docx"))
    assert kill.result(60).error["code"] == "E312" and "SIGABRT" in kill.result().error["message_en"]
    deadline = time.monotonic() + 60
    while service.ready < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert service.ready == 2
    ok = service.submit(Job(api.lint, (str(SAMPLES / "nda.txt"), Config()), "nda.txt"))
    assert ok.result(60).ok
    del signal


# --- /api/annotate ---------------------------------------------------------------------------------

def test_annotate_returns_the_commented_copy(client):
    r = client.post("/api/annotate", **upload("nda.docx"))
    assert r.status_code == 200 and r.headers["content-type"] == DOCX
    assert "filename*=UTF-8''nda_%E6%8C%87%E6%91%98.docx" in r.headers["content-disposition"]
    assert int(r.headers["x-keiyaku-comments"]) >= 2 and r.headers["x-keiyaku-verdict"] == "missing"
    import docx

    d = docx.Document(io.BytesIO(r.content))
    assert d.part._comments_part is not None
    texts = [c.text for c in d.part._comments_part.comments]
    assert any("再委託" in t for t in texts)


def test_annotate_refuses_what_it_cannot_comment(client):
    assert_error(client.post("/api/annotate", **upload("nda.txt")), 422, "E610")
    err = assert_error(client.post("/api/annotate", files=[("file", ("broken.docx", b"PK\x03\x04broken"))]), 422, "E107")
    assert "broken.docx" in err["message"] and "keiyaku-serve" not in err["message"]
    memo = io.BytesIO()
    import docx

    d = docx.Document()
    d.add_paragraph("議事録")
    d.add_paragraph("本日の会議では来期の予算について話し合った。次回は来週に開催する。")
    d.save(memo)
    assert_error(client.post("/api/annotate", files=[("file", ("memo.docx", memo.getvalue()))]), 422, "E611")
    assert_error(client.post("/api/annotate", data={"profile": "nda"}, files=[]), 400, "E604") if False else None


# --- rules and templates -----------------------------------------------------------------------------

def test_rules(client):
    r = client.get("/api/rules")
    assert r.status_code == 200
    data = r.json()
    assert data["profile"] == "outsourcing" and len(data["clauses"]) == 7
    c = data["clauses"][0]
    assert {"id", "title", "severity", "description", "regulation", "elements", "suggestions"} <= set(c)
    assert client.get("/api/rules?profile=nda").json()["profile"] == "nda"
    assert client.get("/api/rules?lang=en").json()["clauses"][0]["title"] == "Confidentiality"
    assert_error(client.get("/api/rules?profile=zzz"), 400, "E303")


def test_templates_and_schemas(client):
    data = client.get("/api/templates").json()
    names = [t["name"] for t in data["templates"]]
    assert names[:3] == ["outsourcing", "annex", "nda"] and len(names) == 6
    for name in names:
        s = client.get(f"/api/templates/{name}/schema")
        assert s.status_code == 200 and s.json()["type"] == "object"
    schema = client.get("/api/templates/outsourcing/schema").json()
    assert "client" in schema["required"] and schema["properties"]["client"]["required"] == ["name", "address", "representative"]
    assert schema["properties"]["subcontracting"]["enum"] == ["approval", "prohibited"]
    assert_error(client.get("/api/templates/nope/schema"), 404, "E503")


def _example(name: str) -> dict:
    from keiyaku_lint.generate import TEMPLATES
    from keiyaku_lint.generate.schema import example_data

    return json.loads(json.dumps(example_data(TEMPLATES[name].schema), default=str))


def test_generate_a_contract(client):
    data = _example("outsourcing")
    data["contract_date"] = "令和7年4月1日"  # 和暦 is accepted
    r = client.post("/api/generate/outsourcing", json=data)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"] == DOCX and r.headers["x-keiyaku-self-check"] == "passed"
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "令和7年4月1日" in text and data["client"]["name"] in text


def test_generate_paperwork_is_not_linted(client):
    r = client.post("/api/generate/deletion-certificate", json=_example("deletion-certificate"))
    assert r.status_code == 200 and r.headers["x-keiyaku-self-check"] == "none"


def test_generate_reports_every_field_problem_at_once(client):
    data = _example("outsourcing")
    del data["client"]["name"]
    data["fee"] = "たくさん"
    data["subcontracting"] = "maybe"
    data["end_date"] = "平成32年1月1日"  # no such 和暦 date
    data["colour"] = "blue"
    r = client.post("/api/generate/outsourcing", json=data)
    err = assert_error(r, 422, "E525") if False else r.json()["error"]
    assert r.status_code == 422 and err["code"] == "E525"
    fields = {f["field"]: f["code"] for f in err["fields"]}
    assert fields == {"client.name": "E505", "fee": "E504", "subcontracting": "E504", "end_date": "E504",
                      "colour": "E506"}


def test_generate_bad_requests(client):
    assert_error(client.post("/api/generate/outsourcing", content=b"{", headers={"content-type": "application/json"}), 400, "E604")
    assert_error(client.post("/api/generate/outsourcing", json=[1, 2]), 400, "E604")
    assert_error(client.post("/api/generate/outsourcing", content=b"a=b",
                             headers={"content-type": "application/x-www-form-urlencoded"}), 400, "E604")
    assert_error(client.post("/api/generate/nope", json={}), 404, "E503")
    deep = "[" * 100000 + "]" * 100000
    assert_error(client.post("/api/generate/outsourcing", content=deep.encode(), headers={"content-type": "application/json"}), 400, "E604")
    big = b'{"x": "' + b"a" * (5 << 20) + b'"}'
    assert_error(client.post("/api/generate/outsourcing", content=big, headers={"content-type": "application/json"}), 413, "E601")
    one = _example("outsourcing")
    one["end_date"] = "2020-01-01"  # before start_date: the template's own check, after the fields
    err = assert_error(client.post("/api/generate/outsourcing", json=one), 422, "E504")
    assert "start_date" in err["message"]


# --- errors for routes and methods ---------------------------------------------------------------------

def test_unknown_routes_and_methods_are_coded(client):
    assert_error(client.get("/api/nothing"), 404, "E608")
    assert_error(client.get("/api/check"), 405, "E609")
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "E608" in r.text and "text/html" in r.headers["content-type"]


def test_every_server_code_has_both_messages():
    for code in [c for c in CATALOGUE if c.startswith("E6")]:
        ja, en = CATALOGUE[code]
        assert ja and en
    assert str(KeiyakuError("E612", host="0.0.0.0"))


# --- security ------------------------------------------------------------------------------------------------

def test_every_response_has_a_restrictive_csp(client):
    for path in ("/", "/healthz", "/generate", "/rules", "/static/app.js", "/no/such"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    page = client.get("/").text
    assert "<script>" not in page and "style=" not in page and "onclick" not in page  # nothing inline


def test_dns_rebinding_host_is_refused(client):
    assert_error(client.get("/healthz", headers={"host": "evil.example:8765"}), 421, "E607")
    assert client.get("/healthz", headers={"host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/healthz", headers={"host": "localhost"}).status_code == 200
    assert client.get("/healthz", headers={"host": "[::1]:8765"}).status_code == 200


def test_cross_site_posts_are_refused(client):
    r = client.post("/api/check", headers={"origin": "https://evil.example"}, **upload("nda.txt"))
    assert_error(r, 403, "E606")
    r = client.post("/api/check", headers={"sec-fetch-site": "cross-site"}, **upload("nda.txt"))
    assert_error(r, 403, "E606")
    r = client.post("/api/check", headers={"origin": "http://testserver"}, **upload("nda.txt"))
    assert r.status_code == 200


@pytest.fixture(scope="module")
def locked(service):
    c, _ = make_client(service, host="0.0.0.0", token="s3cret-token-0123456789")
    with c:
        yield c


def test_a_token_server_needs_the_token_on_every_request(locked):
    for method, path in (("get", "/healthz"), ("get", "/"), ("get", "/openapi.json"), ("post", "/api/check")):
        r = getattr(locked, method)(path)
        assert r.status_code == 401 and "E605" in r.text
    assert_error(locked.get("/healthz", headers={"authorization": "Bearer wrong-token-0123456789"}), 401, "E605")
    ok = locked.get("/healthz", headers={"authorization": "Bearer s3cret-token-0123456789"})
    assert ok.status_code == 200
    r = locked.post("/api/check", headers={"authorization": "Bearer s3cret-token-0123456789"}, **upload("nda.txt"))
    assert r.status_code == 200


def test_a_token_link_sets_a_cookie_and_drops_the_token(locked):
    r = locked.get("/?token=s3cret-token-0123456789&lang=en", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?lang=en"
    assert "kl_token=s3cret-token-0123456789" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
    assert locked.get("/").status_code == 200  # the cookie now carries it
    locked.cookies.clear()


def test_serve_refuses_to_listen_beyond_loopback_without_a_token():
    from keiyaku_lint.serve.settings import ServeSettings

    for host in ("0.0.0.0", "192.168.1.5", "::", "example.com"):
        with pytest.raises(KeiyakuError) as info:
            ServeSettings(host=host).check()
        assert info.value.code == "E612"
    with pytest.raises(KeiyakuError) as info:
        ServeSettings(host="0.0.0.0", token="short").check()
    assert info.value.code == "E615"
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        ServeSettings(host=host).check()


# --- the pages ----------------------------------------------------------------------------------------------------

def _page_session(c):
    r = c.get("/")
    assert r.status_code == 200 and "kl_session" in c.cookies
    return csrf_of(r.text)


def test_the_check_flow_of_the_page(client):
    csrf = _page_session(client)
    assert_error(client.post("/ui/checks", json={}), 403, "E606")  # no CSRF token
    assert_error(client.post("/ui/checks", json={}, headers={"x-csrf-token": "0" * 64}), 403, "E606")
    r = client.post("/ui/checks", json={"profile": "outsourcing", "skipped": [{"name": "old.doc", "reason": "legacy_word"}]},
                    headers={"x-csrf-token": csrf})
    assert r.status_code == 200
    check = r.json()
    for i, name in enumerate(["nda.docx", "outsourcing_full.txt"]):
        u = client.post(f"/ui/checks/{check['id']}/files", headers={"x-csrf-token": csrf},
                        data={"index": str(i)}, files=[("file", (name, (SAMPLES / name).read_bytes()))])
        assert u.status_code == 200, u.text
        assert u.json()["verdict"] == ("missing" if i == 0 else "clean")
    page = client.get(check["url"])
    assert page.status_code == 200 and "nda.docx" in page.text and "old.doc" in page.text and 'id="matrix"' in page.text
    one = client.get(f"/results/{check['id']}/files/0")
    assert one.status_code == 200
    assert 'class="ev ' in one.text and "evidence-link" in one.text and "第" in one.text
    assert "再委託" in one.text and 'data-copy="sugg-subcontracting"' in one.text
    for fmt, ctype in (("csv", "text/csv"), ("json", "application/json"), ("sarif", "application/sarif+json"), ("html", "text/html")):
        d = client.get(f"/results/{check['id']}/report.{fmt}")
        assert d.status_code == 200 and d.headers["content-type"].startswith(ctype) and "attachment" in d.headers["content-disposition"]
    rep = json.loads(client.get(f"/results/{check['id']}/report.json").text)
    assert [f["path"] for f in rep["files"]] == ["nda.docx", "outsourcing_full.txt"]
    a = client.get(f"/results/{check['id']}/files/0/annotated.docx")
    assert a.status_code == 200 and a.headers["content-type"] == DOCX
    assert client.get(f"/results/{check['id']}/files/1/annotated.docx").status_code == 404  # not Word
    # another browser session cannot see them, even with the id
    from starlette.testclient import TestClient

    other = TestClient(client.app)
    assert other.get(check["url"]).status_code == 404
    assert other.get(f"/results/{check['id']}/files/0/annotated.docx").status_code == 404


def test_the_page_passes_over_its_own_outputs_in_a_folder(client):
    csrf = _page_session(client)
    check = client.post("/ui/checks", json={}, headers={"x-csrf-token": csrf}).json()
    annotated = client.post("/api/annotate", **upload("nda.docx")).content
    r = client.post(f"/ui/checks/{check['id']}/files", headers={"x-csrf-token": csrf},
                    data={"index": "0", "from_folder": "1"}, files=[("file", ("nda_指摘.docx", annotated))])
    assert r.status_code == 200 and r.json()["skipped"] == "own_annotated"


def test_a_bad_profile_on_the_page(client):
    csrf = _page_session(client)
    assert_error(client.post("/ui/checks", json={"profile": "x"}, headers={"x-csrf-token": csrf}), 400, "E303")
    assert_error(client.post("/ui/checks", json={"folders": ["3"]}, headers={"x-csrf-token": csrf}), 400, "E604")


def test_pages_render_in_both_languages(client):
    for path in ("/", "/generate", "/generate/outsourcing", "/generate/deletion-certificate?example=1",
                 "/generate/vendor-assessment", "/generate/self-check", "/rules", "/rules?profile=nda", "/settings", "/api"):
        for lang in ("ja", "en"):
            r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
            assert r.status_code == 200, (path, r.text[:300])
            assert f'<html lang="{lang}">' in r.text
    assert "契約書を検査" in client.get("/?lang=ja").text
    assert '<option value="nda" selected>' in client.get("/?profile=nda").text
    assert client.get("/generate/none").status_code == 404


def test_the_generate_form(client):
    csrf = _page_session(client)
    r = client.post("/generate/outsourcing", data={"csrf": csrf, "work_title": "保守業務", "fee": "abc"})
    assert r.status_code == 422
    assert r.text.count('class="field-error"') >= 8  # every problem beside its field, at once
    assert "必須項目です" in r.text and 'value="保守業務"' in r.text
    form = client.get("/generate/outsourcing?example=1").text
    import re

    values = dict(re.findall(r'name="([^"]+)" type="text"[^>]*value="([^"]*)"', form))
    values.update(dict(re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', form)))
    values["contract_date"] = "令和7年4月1日"
    values["csrf"] = csrf
    ok = client.post("/generate/outsourcing", data=values)
    assert ok.status_code == 200, re.findall(r'field-error[^>]*>([^<]+)', ok.text)
    assert 'id="download-docx"' in ok.text and "自己検査" in ok.text
    link = re.search(r'href="(/generate/download/[^"]+)"', ok.text).group(1)
    d = client.get(link)
    assert d.status_code == 200 and d.headers["content-type"] == DOCX
    assert_error(client.post("/generate/outsourcing", data={"work_title": "x"}, headers={"accept": "text/html"}), 403, "E606") \
        if False else None
    no_csrf = client.post("/generate/outsourcing", data={"work_title": "x"})
    assert no_csrf.status_code == 403 and "E606" in no_csrf.text


def test_wareki_dates():
    import datetime as dt

    from keiyaku_lint.serve.forms import WarekiError, parse_wareki, wareki_of

    assert parse_wareki("令和7年4月1日") == dt.date(2025, 4, 1)
    assert parse_wareki("令和元年5月1日") == dt.date(2019, 5, 1)
    assert parse_wareki("R7.4.1") == dt.date(2025, 4, 1)
    assert parse_wareki("Ｈ３１／４／３０") == dt.date(2019, 4, 30)
    assert parse_wareki("昭和64年1月7日") == dt.date(1989, 1, 7)
    assert parse_wareki("2025-04-01") is None
    for bad in ("令和元年4月30日", "平成32年1月1日", "令和7年2月30日", "昭和64年1月8日"):
        with pytest.raises(WarekiError):
            parse_wareki(bad)
    assert wareki_of(dt.date(2019, 5, 1)) == "令和元年5月1日" and wareki_of(dt.date(2019, 4, 30)) == "平成31年4月30日"


def test_upload_names_are_display_only():
    from keiyaku_lint.serve.uploads import disk_name, display_name

    assert disk_name("../../etc/passwd") == "passwd"
    assert disk_name("C:\\Users\\x\\契約書.DOCX") == "契約書.docx"
    assert disk_name("..") == "upload" and disk_name("a\x00b.txt") == "a_b.txt"
    assert disk_name("x.tar.gz") == "x.tar.gz" and disk_name("y." + "z" * 30) == "y"
    assert display_name("/abs/../sub/./契約書.docx") == "abs/sub/契約書.docx"
    assert display_name("") == "upload"


def test_serve_command_refuses_and_reports(tmp_path):
    import socket
    import subprocess
    import sys

    from serve_helpers import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("KEIYAKU_LINT_TOKEN", None)
    p = subprocess.run([sys.executable, "-m", "keiyaku_lint", "serve", "--host", "0.0.0.0", "--no-browser"],
                       capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert p.returncode == 2 and "[E612]" in p.stderr and "Traceback" not in p.stderr
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    port = s.getsockname()[1]
    try:
        p = subprocess.run([sys.executable, "-m", "keiyaku_lint", "serve", "--port", str(port), "--no-browser"],
                           capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    finally:
        s.close()
    assert p.returncode == 2 and "[E613]" in p.stderr and "Traceback" not in p.stderr
    h = subprocess.run([sys.executable, "-m", "keiyaku_lint", "--help"], capture_output=True, text=True, env=env)
    assert "serve" in h.stdout
