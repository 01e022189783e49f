"""The web app and the HTTP API, on Starlette.

    create_app(settings, service=None) -> ASGI app

Nothing here loads, analyses or reports by itself: every check is
``api.check_file`` in a supervised worker (``jobs.check_job`` through
``pool.WorkerService``), every report is ``report.render``, every generated
document ``generate.render_document`` + ``self_check`` (``jobs.generate_job``),
the rules are the clause library. The pages are Jinja2 templates with one
script and one style sheet served from here (no CDN: the pages work offline).
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from keiyaku_lint import __version__
from keiyaku_lint.batch import Job, _memory_limit, _timeout
from keiyaku_lint.config import Config, check_clause_ids, resolve_profile
from keiyaku_lint.errors import Bi, KeiyakuError
from keiyaku_lint.model import Report
from keiyaku_lint.serve import forms, jobs
from keiyaku_lint.serve.i18n import t
from keiyaku_lint.serve.security import Guard, csrf_ok, csrf_token, error_body
from keiyaku_lint.serve.settings import ServeSettings
from keiyaku_lint.serve.store import Entry, Store
from keiyaku_lint.serve.uploads import Limits, UploadError, receive_uploads

HERE = Path(__file__).resolve().parent
REPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "sarif": "application/sarif+json",
                "html": "text/html; charset=utf-8"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_JSON_BYTES = 4 << 20

# the HTTP status of a coded error: the client's fault is 4xx, never 500
STATUS = {"E303": 400, "E304": 400, "E402": 400, "E405": 400, "E409": 404, "E503": 404,
          "E504": 422, "E505": 422, "E506": 422, "E525": 422, "E511": 422, "E509": 422, "E512": 422,
          "E521": 422, "E522": 422, "E523": 422,
          "E601": 413, "E602": 413, "E603": 400, "E604": 400, "E605": 401, "E606": 403, "E607": 421,
          "E608": 404, "E609": 405, "E610": 422, "E611": 422, "E614": 503, "E616": 503,
          "E310": 422, "E311": 422, "E312": 422}


def status_of(err: KeiyakuError) -> int:
    if err.code in STATUS:
        return STATUS[err.code]
    if err.code.startswith(("E1", "E2")):
        return 422  # the file itself cannot be read
    return 500


class App:
    def __init__(self, settings: ServeSettings, service=None):
        from keiyaku_lint.serve.pool import WorkerService

        self.settings = settings
        self.service = service or WorkerService(settings.config, settings.jobs)
        self.own_service = service is None
        self.store = Store(settings.result_ttl, settings.max_checks)
        self.downloads: dict = {}  # token -> (created, session, file name, bytes) of generated files
        self.libraries: dict = {}
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals.update(version=__version__)
        from keiyaku_lint.textsafe import visible

        self.templates.env.filters["v"] = visible  # controls and bidi overrides from files shown, never acted on
        self.limits = Limits(settings.max_bytes, settings.max_files)

    # --- configuration ---------------------------------------------------------------------

    def library(self, dirs=()):
        from keiyaku_lint.analyze.library import load_library

        key = tuple(dirs)
        if key not in self.libraries:
            self.libraries[key] = load_library(key)
        return self.libraries[key]

    def config_for(self, profile: Optional[str] = None, folders: Optional[list] = None) -> Config:
        """The server's configuration with the profile and the clause folders
        (indexes into the configured ones: never a path from the client)
        the request chose; E303 / E405 / E402 when they do not fit."""
        cfg = self.settings.config
        if folders is not None:
            dirs = self.settings.config.clause_dirs
            chosen = []
            for x in folders:
                if not str(x).isdigit() or int(x) >= len(dirs):
                    raise KeiyakuError("E604", reason=Bi(f"条項フォルダの番号 {str(x)[:20]} がありません", f"no clause folder {str(x)[:20]}"),
                                       hint=Bi("", ""))
                chosen.append(dirs[int(x)])
            cfg = replace(cfg, clause_dirs=tuple(dict.fromkeys(chosen)))
        if profile is not None and profile.strip():
            cfg = replace(cfg, profile=profile.strip()[:100])
        library = self.library(cfg.clause_dirs)
        cfg = resolve_profile(cfg, library)
        check_clause_ids(cfg, library)
        return cfg

    # --- jobs -------------------------------------------------------------------------------

    def check_job(self, upload, cfg: Config, view: bool, annotate: bool = False) -> Job:
        return Job(jobs.check_job, (upload.path, cfg, upload.name, view, annotate), upload.name,
                   _timeout(cfg), _memory_limit(cfg), cfg.profile,
                   failed=functools.partial(_failed_check, upload.name, cfg.profile))

    async def run(self, job: Job):
        return await asyncio.wrap_future(self.service.submit(job))

    # --- responses ----------------------------------------------------------------------------

    def page(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        lang = request.scope.get("state", {}).get("lang", "ja")
        session = request.scope.get("state", {}).get("session", "")
        from keiyaku_lint.report.common import word

        context.update(request=request, lang=lang, t=functools.partial(t, lang),
                       w=lambda key, **kw: word(key, lang, **kw),
                       vw=lambda verdict: t(lang, "v_" + verdict),
                       csrf=csrf_token(self.settings.secret, session), path=request.url.path,
                       other_lang="en" if lang == "ja" else "ja")
        return self.templates.TemplateResponse(request, name, context, status_code=status)


def _failed_check(name: str, profile: str, err: KeiyakuError):
    from keiyaku_lint import api

    return api.error_result(name, err, profile), None, None


def _lang(request: Request) -> str:
    return request.scope.get("state", {}).get("lang", "ja")


def _session(request: Request) -> str:
    return request.scope.get("state", {}).get("session", "")


def json_error(err: KeiyakuError, lang: str, status: Optional[int] = None, **extra) -> Response:
    body = json.loads(error_body(err, lang))
    body["error"].update(extra)
    return JSONResponse(body, status_code=status or status_of(err))


def attachment(name: str) -> str:
    """Content-Disposition for a download named ``name`` (any script)."""
    ascii_name = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in name) or "download"
    clean = "".join(c for c in name if ord(c) >= 32 and c not in "\r\n")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(clean, safe='')}"


def create_app(settings: ServeSettings, service=None) -> Starlette:
    settings.check()
    app_state = App(settings, service)
    routes = build_routes(app_state)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        import anyio

        if app_state.own_service:
            app_state.service.start()
            await anyio.to_thread.run_sync(app_state.service.wait_ready)
        try:
            yield
        finally:
            if app_state.own_service:
                await anyio.to_thread.run_sync(app_state.service.stop)

    async def on_upload_error(request, exc: UploadError):
        return _respond_error(app_state, request, exc.err, exc.status)

    async def on_keiyaku_error(request, exc: KeiyakuError):
        return _respond_error(app_state, request, exc, status_of(exc))

    async def on_http(request, exc: HTTPException):
        if exc.status_code == 405:
            err = KeiyakuError("E609", method=request.method, allowed=(exc.headers or {}).get("Allow", "GET"))
        elif exc.status_code == 404:
            err = KeiyakuError("E608", what=request.url.path[:200])
        else:
            detail = str(exc.detail)[:200]
            err = KeiyakuError("E604", reason=Bi(detail, detail), hint=Bi("", ""))
        return _respond_error(app_state, request, err, exc.status_code)

    async def on_unexpected(request, exc: Exception):
        err = KeiyakuError("E699", reason=f"{type(exc).__name__}: {exc}"[:300])
        return _respond_error(app_state, request, err, 500)

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={UploadError: on_upload_error, KeiyakuError: on_keiyaku_error,
                                        HTTPException: on_http, Exception: on_unexpected})
    app.state.keiyaku = app_state
    guarded = Guard(app, settings)
    guarded.keiyaku = app_state  # for tests and for serve: the app's state
    return guarded


def _respond_error(app_state: App, request: Request, err: KeiyakuError, status: int) -> Response:
    from keiyaku_lint.serve.security import wants_json

    lang = _lang(request)
    if wants_json(request.url.path):
        return json_error(err, lang, status)
    return app_state.page(request, "error.html", status=status, code=err.code, message=err.message(lang))


# --- routes -------------------------------------------------------------------------------------

def build_routes(a: App) -> list:
    from keiyaku_lint.report import render

    # --- the API ---------------------------------------------------------------------------

    async def healthz(request):
        ready = a.service.ready
        return JSONResponse({"status": "ok" if ready >= 1 else "starting", "version": __version__,
                             "workers": a.settings.jobs, "workers_ready": ready})

    async def api_check(request):
        lang = _lang(request)
        async with receive_uploads(request, a.limits) as form:
            if not form.files:
                raise KeiyakuError("E603")
            cfg = a.config_for(form.value("profile"))
            outs = await asyncio.gather(*(a.run(a.check_job(u, cfg, view=False)) for u in form.files))
        report = Report(files=tuple(o[0] for o in outs), profile=cfg.profile, settings=cfg.settings())
        body = render(report, "json", lang, library=a.library(cfg.clause_dirs))
        return Response(body, media_type="application/json")

    async def api_annotate(request):
        lang = _lang(request)
        async with receive_uploads(request, Limits(a.limits.max_bytes, 1)) as form:
            if not form.files:
                raise KeiyakuError("E603")
            (upload,) = form.files
            cfg = replace(a.config_for(form.value("profile")), lang=lang)
            if not upload.path.lower().endswith(jobs.WORD_SUFFIXES):
                raise KeiyakuError("E610", name=upload.name)
            result, _, copy = await a.run(a.check_job(upload, cfg, view=False, annotate=True))
        if not result.ok:
            err = result.error or {}
            return JSONResponse({"error": {"code": err.get("code"),
                                           "message": err.get("message_en" if lang == "en" else "message_ja")}},
                                status_code=422)
        if result.kind != "contract":
            raise KeiyakuError("E611", name=upload.name)
        if isinstance(copy, KeiyakuError):
            raise copy
        data, count = copy
        from keiyaku_lint.report.annotate import copy_name

        return Response(data, media_type=DOCX_TYPE, headers={
            "Content-Disposition": attachment(copy_name(os.path.basename(upload.name), lang)),
            "X-Keiyaku-Comments": str(count), "X-Keiyaku-Verdict": result.verdict})

    async def api_rules(request):
        lang = _lang(request)
        cfg = a.config_for(request.query_params.get("profile"))
        return JSONResponse(rules_data(a, cfg, lang))

    async def api_templates(request):
        from keiyaku_lint.generate import TEMPLATES

        lang = _lang(request)
        return JSONResponse({"templates": [
            {"name": s.name, "title": s.title(lang), "title_ja": s.title_ja, "contract": bool(s.profile),
             "profile": s.profile, "schema": f"/api/templates/{s.name}/schema"} for s in TEMPLATES.values()]})

    async def api_template_schema(request):
        spec = _spec(request.path_params["name"])
        return JSONResponse(json_schema(spec, _lang(request)))

    async def api_generate(request):
        lang = _lang(request)
        spec = _spec(request.path_params["name"])
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise KeiyakuError("E604", reason=Bi("JSON ではありません", "not JSON"),
                               hint=Bi("Content-Type: application/json で送ってください。", "Send Content-Type: application/json."))
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_JSON_BYTES:
                raise UploadError(413, KeiyakuError("E601", name=Bi("（データ）", "(the data)"), limit=4))
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (ValueError, RecursionError) as exc:
            raise KeiyakuError("E604", reason=Bi(f"JSON として読めません（{str(exc)[:100]}）", f"not valid JSON ({str(exc)[:100]})"),
                               hint=Bi("", "")) from None
        if not isinstance(data, dict):
            raise KeiyakuError("E604", reason=Bi("JSON のオブジェクト（{…}）ではありません", "not a JSON object ({…})"),
                               hint=Bi("", ""))
        strict = request.query_params.get("strict", "").lower() in ("1", "true", "yes")
        problems = check_data(spec, data)
        if problems:
            return problems_response(problems, lang)
        docx_bytes, result = await a.run(generate_job(spec.name, forms.normalize_dates(spec.schema, data), strict, a))
        headers = {"Content-Disposition": attachment(f"{spec.title_ja.split('（')[0]}.docx"),
                   "X-Keiyaku-Self-Check": "passed" if result is not None else "none"}
        return Response(docx_bytes, media_type=DOCX_TYPE, headers=headers)

    async def openapi_json(request):
        from keiyaku_lint.serve.openapi import spec

        return JSONResponse(spec())

    # --- the pages ---------------------------------------------------------------------------

    async def check_page(request):
        chosen = request.query_params.get("profile")  # "check it again as an NDA" from a result view
        return a.page(request, "check.html", chosen_profile=chosen, **check_context(a))

    def _csrf(request, token: Optional[str]) -> None:
        if not csrf_ok(a.settings.secret, _session(request), token):
            raise KeiyakuError("E606")

    async def ui_new_check(request):
        _csrf(request, request.headers.get("x-csrf-token"))
        try:
            body = json.loads((await request.body())[:65536] or b"{}")
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        folders = body.get("folders")
        cfg = a.config_for(body.get("profile"), [str(x) for x in folders] if isinstance(folders, list) else None)
        check = a.store.new(_session(request), replace(cfg, lang=_lang(request)))
        skipped = body.get("skipped")
        if isinstance(skipped, list):
            for item in skipped[:10000]:
                if isinstance(item, dict):
                    check.skipped.append((forms_str(item.get("name")), forms_str(item.get("reason"))))
        return JSONResponse({"id": check.id, "url": f"/results/{check.id}", "settings": cfg.settings().to_dict()})

    async def ui_add_file(request):
        _csrf(request, request.headers.get("x-csrf-token"))
        check = _check(a, request)
        if len(check.entries) >= a.settings.max_files:
            raise UploadError(413, KeiyakuError("E602", limit=a.settings.max_files, count=len(check.entries) + 1))
        async with receive_uploads(request, Limits(a.limits.max_bytes, 1)) as form:
            if not form.files:
                raise KeiyakuError("E603")
            (upload,) = form.files
            index = int(form.value("index", "0")) if (form.value("index") or "").isdigit() else len(check.entries)
            entry = Entry(index=index, name=upload.name)
            from keiyaku_lint.marks import own_output

            mark = own_output(upload.path) if form.value("from_folder") else None
            if mark is not None:
                entry.skipped = "own_report" if mark == "report" else "own_annotated"
                check.skipped.append((upload.name, entry.skipped))
                return JSONResponse({"index": index, "name": upload.name, "skipped": entry.skipped,
                                     "reason": _word(entry.skipped, _lang(request))})
            word_file = upload.path.lower().endswith(jobs.WORD_SUFFIXES)
            result, view, copy = await a.run(a.check_job(upload, check.config, view=True, annotate=word_file))
        entry.result, entry.view = result, view
        if isinstance(copy, tuple):
            entry.annotated, entry.comments = copy
        check.entries[index] = entry
        return JSONResponse({"index": index, "name": upload.name, "verdict": result.verdict,
                             "verdict_label": t(_lang(request), "v_" + result.verdict),
                             "url": f"/results/{check.id}/files/{index}"})

    async def results_page(request):
        check = _check(a, request)
        files = check.files()
        report = _report(check)
        from keiyaku_lint.report.common import clause_order, settings_line, summary_line

        lang = _lang(request)
        return a.page(request, "results.html", check=check, files=files, report=report,
                      clauses=clause_order(report, a.library(check.config.clause_dirs)),
                      summary=summary_line(report, lang), settings_line=settings_line(report.settings, lang))

    async def file_page(request):
        check = _check(a, request)
        entry = check.entries.get(_int(request.path_params["index"]))
        if entry is None or entry.result is None:
            raise KeiyakuError("E608", what=request.url.path[:200])
        from keiyaku_lint.report.common import settings_line, where

        lang = _lang(request)
        library = a.library(check.config.clause_dirs)
        return a.page(request, "file.html", check=check, entry=entry, f=entry.result, view=entry.view,
                      where=lambda loc: where(loc, lang), library=library, many=len(check.entries) > 1,
                      settings_line=settings_line(entry.result.settings, lang))

    async def report_download(request):
        check = _check(a, request)
        fmt = request.path_params["fmt"]
        if fmt not in REPORT_TYPES:
            raise KeiyakuError("E608", what=request.url.path[:200])
        data = render(_report(check), fmt, _lang(request), library=a.library(check.config.clause_dirs))
        name = ("keiyaku-lint-results" if _lang(request) == "en" else "契約書チェック結果") + f".{fmt}"
        return Response(data, media_type=REPORT_TYPES[fmt], headers={"Content-Disposition": attachment(name)})

    async def annotated_download(request):
        check = _check(a, request)
        entry = check.entries.get(_int(request.path_params["index"]))
        if entry is None or entry.annotated is None:
            raise KeiyakuError("E608", what=request.url.path[:200])
        from keiyaku_lint.report.annotate import copy_name

        return Response(entry.annotated, media_type=DOCX_TYPE,
                        headers={"Content-Disposition": attachment(copy_name(os.path.basename(entry.name), check.config.lang))})

    async def rules_page(request):
        lang = _lang(request)
        cfg = a.config_for(request.query_params.get("profile"))
        return a.page(request, "rules.html", rules=rules_data(a, cfg, lang), profiles=profiles_of(a, cfg, lang),
                      profile=cfg.profile)

    async def settings_page(request):
        return a.page(request, "settings.html", **check_context(a))

    async def api_page(request):
        from keiyaku_lint.serve.openapi import spec

        return a.page(request, "api.html", spec=spec())

    async def generate_list(request):
        from keiyaku_lint.generate import TEMPLATES

        return a.page(request, "generate_list.html", templates=list(TEMPLATES.values()))

    async def generate_form(request):
        spec = _spec(request.path_params["name"])
        values = {}
        if request.query_params.get("example"):
            values = example_values(spec)
        return a.page(request, "generate_form.html", **form_context(spec, values, _lang(request)))

    async def generate_submit(request):
        spec = _spec(request.path_params["name"])
        lang = _lang(request)
        form = await request.form(max_files=0, max_fields=2000, max_part_size=200_000)
        _csrf(request, form.get("csrf"))
        fields = {k: form.getlist(k) for k in form.keys()}
        data = forms.form_to_data(spec, fields)
        strict = bool(form.get("__strict"))
        values = {k: v[-1] for k, v in fields.items() if v}
        problems = check_data(spec, data)
        if problems:
            errors = {e["field"]: e["message"] for e in forms.field_errors(problems, lang)}
            ctx = form_context(spec, values, lang, errors=errors, strict=strict)
            return a.page(request, "generate_form.html", status=422, **ctx)
        try:
            docx_bytes, result = await a.run(generate_job(spec.name, forms.normalize_dates(spec.schema, data), strict, a))
        except KeiyakuError as err:
            ctx = form_context(spec, values, lang, failure=f"[{err.code}] {err.message(lang)}", strict=strict)
            return a.page(request, "generate_form.html", status=status_of(err), **ctx)
        token = _keep_download(a, _session(request), f"{spec.title_ja.split('（')[0]}.docx", docx_bytes)
        ctx = form_context(spec, values, lang, strict=strict)
        ctx.update(done=True, download=f"/generate/download/{token}", self_check=result)
        return a.page(request, "generate_form.html", **ctx)

    async def generate_download(request):
        item = a.downloads.get(request.path_params["token"])
        if item is None or item[1] != _session(request):
            raise KeiyakuError("E608", what=request.url.path[:200])
        _, _, name, data = item
        return Response(data, media_type=DOCX_TYPE, headers={"Content-Disposition": attachment(name)})

    async def favicon(request):
        return Response(status_code=204)

    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/annotate", api_annotate, methods=["POST"]),
        Route("/api/rules", api_rules, methods=["GET"]),
        Route("/api/templates", api_templates, methods=["GET"]),
        Route("/api/templates/{name}/schema", api_template_schema, methods=["GET"]),
        Route("/api/generate/{name}", api_generate, methods=["POST"]),
        Route("/openapi.json", openapi_json, methods=["GET"]),
        Route("/", check_page, methods=["GET"]),
        Route("/ui/checks", ui_new_check, methods=["POST"]),
        Route("/ui/checks/{id}/files", ui_add_file, methods=["POST"]),
        Route("/results/{id}", results_page, methods=["GET"]),
        Route("/results/{id}/report.{fmt}", report_download, methods=["GET"]),
        Route("/results/{id}/files/{index}", file_page, methods=["GET"]),
        Route("/results/{id}/files/{index}/annotated.docx", annotated_download, methods=["GET"]),
        Route("/rules", rules_page, methods=["GET"]),
        Route("/settings", settings_page, methods=["GET"]),
        Route("/api", api_page, methods=["GET"]),
        Route("/generate", generate_list, methods=["GET"]),
        Route("/generate/download/{token}", generate_download, methods=["GET"]),
        Route("/generate/{name}", generate_form, methods=["GET"]),
        Route("/generate/{name}", generate_submit, methods=["POST"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]


# --- helpers --------------------------------------------------------------------------------------

def forms_str(v) -> str:
    return str(v)[:500] if v is not None else ""


def _int(v) -> int:
    return int(v) if str(v).isdigit() else -1


def _word(key: str, lang: str) -> str:
    from keiyaku_lint.report.common import WORDS, word

    return word(key, lang) if key in WORDS["ja"] else key


def _check(a: App, request: Request):
    check = a.store.get(request.path_params["id"], _session(request))
    if check is None:
        raise KeiyakuError("E608", what=request.url.path[:200])
    return check


def _report(check) -> Report:
    entries = check.files()
    return Report(files=tuple(e.result for e in entries), profile=check.config.profile,
                  skipped=tuple(check.skipped), settings=check.config.settings())


def _spec(name: str):
    from keiyaku_lint.generate import TEMPLATES

    spec = TEMPLATES.get(name)
    if spec is None:
        from keiyaku_lint.textsafe import visible

        raise KeiyakuError("E503", name=visible(name)[:80], known=", ".join(TEMPLATES))
    return spec


def generate_job(name: str, data: dict, strict: bool, a: App) -> Job:
    cfg = a.settings.config
    return Job(jobs.generate_job, (name, data, strict), f"{name}.docx", _timeout(cfg), _memory_limit(cfg),
               failed=_generation_failed)


def _generation_failed(err: KeiyakuError):
    return err


def check_data(spec, data: dict) -> list:
    """Every problem of ``data`` for ``spec`` (E504 / E505 / E506; 和暦 dates
    that do not exist; then the template's cross-field checks)."""
    from keiyaku_lint.generate import _check_shape
    from keiyaku_lint.generate.schema import problems_of

    try:
        _check_shape(data, "(data)")
    except KeiyakuError as err:
        return [err]
    problems: list = []
    normalized = forms.normalize_dates(spec.schema, data, problems=problems)
    values, found = problems_of(spec.schema, normalized)
    said = {str(e.fields.get("field")) for e in problems}  # a 和暦 date that does not exist: said once
    problems += [e for e in found if str(e.fields.get("field")) not in said]
    if not problems:
        try:
            spec.check(values)
        except KeiyakuError as err:
            problems.append(err)
    return problems


def problems_response(problems: list, lang: str) -> Response:
    fields = forms.field_errors(problems, lang)
    if len(problems) == 1:
        err = problems[0]
    else:
        from keiyaku_lint.generate.schema import raise_problems

        try:
            raise_problems(problems)
        except KeiyakuError as e:
            err = e
    return json_error(err, lang, 422, fields=fields)


def _keep_download(a: App, session: str, name: str, data: bytes) -> str:
    import secrets

    now = time.time()
    for k in [k for k, v in a.downloads.items() if now - v[0] > a.settings.result_ttl]:
        del a.downloads[k]
    while len(a.downloads) >= 50:
        del a.downloads[next(iter(a.downloads))]
    token = secrets.token_urlsafe(16)
    a.downloads[token] = (now, session, name, data)
    return token


def check_context(a: App) -> dict:
    cfg = a.settings.config
    library = a.library(cfg.clause_dirs)
    return {"config": cfg, "settings": a.settings, "profiles": [(pid, p.title) for pid, p in library.profiles.items()],
            "folders": list(enumerate(cfg.clause_dirs)), "max_mb": a.settings.max_upload_mb,
            "max_files": a.settings.max_files, "skip_rules": skip_rules(),
            "timeout": _timeout(cfg), "memory": _memory_limit(cfg)}


def skip_rules() -> str:
    """What a folder pick passes over, and why: the same tables as ``check DIR``."""
    from keiyaku_lint.batch import UNREAD_KINDS
    from keiyaku_lint.config import DEFAULT_GLOBS

    return json.dumps({"globs": [g.lstrip("*") for g in DEFAULT_GLOBS], "unread": UNREAD_KINDS,
                       "docs": ["README", "CHANGELOG", "CHANGES", "LICENSE", "LICENCE", "CONTRIBUTING", "NOTICE"]})


def profiles_of(a: App, cfg: Config, lang: str) -> list:
    library = a.library(cfg.clause_dirs)
    return [(pid, p.title.get(lang)) for pid, p in library.profiles.items()]


def rules_data(a: App, cfg: Config, lang: str) -> dict:
    library = a.library(cfg.clause_dirs)
    specs = library.profile_clauses(cfg.profile, cfg.add_clauses, cfg.ignore_clauses, cfg.severities)
    prof = library.profiles.get(cfg.profile)
    return {
        "profile": cfg.profile, "title": prof.title.get(lang) if prof else cfg.profile,
        "profiles": [{"id": pid, "title": p.title.get(lang), "clauses": list(p.clauses)} for pid, p in library.profiles.items()],
        "clauses": [{
            "id": s.id, "title": s.title.get(lang), "title_ja": s.title.ja, "title_en": s.title.en,
            "severity": s.severity, "description": s.description.get(lang), "regulation": s.regulation,
            "elements": [{"id": e.id, "name": e.name.get(lang), "message": e.message.get(lang)} for e in s.reported_elements],
            "headings": list(s.headings),
            "suggestions": {v: {"ja": x.ja, "en": x.en} for v, x in s.suggestions.items()},
        } for s in specs],
    }


def json_schema(spec, lang: str) -> dict:
    """A JSON Schema (draft 2020-12) of a template's data, nested by the dotted names."""
    root: dict = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": spec.title(lang),
                  "type": "object", "properties": {}, "required": [], "additionalProperties": False}

    def leaf(f) -> dict:
        d: dict = {"description": f.description(lang)}
        if f.type in ("str", "text"):
            d["type"] = "string"
        elif f.type == "int":
            d["type"] = ["integer", "string"]
            if f.min is not None:
                d["minimum"] = f.min
            if f.max is not None:
                d["maximum"] = f.max
        elif f.type == "bool":
            d["type"] = "boolean"
        elif f.type == "date":
            d.update(type="string", format="date", examples=["2025-04-01", "2025年4月1日", "令和7年4月1日"])
        elif f.type == "choice":
            d["enum"] = list(f.choices)
            if f.choice_labels:
                d["x-labels"] = dict(zip(f.choices, f.choice_labels))
        elif f.type == "list":
            d["type"] = "array"
            if f.item:
                sub = {"type": "object", "properties": {}, "required": []}
                for g in f.item:
                    sub["properties"][g.name] = leaf(g)
                    if g.required:
                        sub["required"].append(g.name)
                d["items"] = sub
            elif f.choices:
                d["items"] = {"enum": list(f.choices)}
            else:
                d["items"] = {"type": "string"}
        if f.default is not None and f.default != "":
            d["default"] = f.default
        if f.example is not None:
            d["examples"] = d.get("examples", []) + [f.example] if f.type != "date" else d["examples"]
        if f.required_if:
            d["x-required-if"] = {"field": f.required_if[0], "equals": f.required_if[1]}
        return d

    for f in spec.schema:
        parts = f.name.split(".")
        node = root
        for p in parts[:-1]:
            node = node["properties"].setdefault(p, {"type": "object", "properties": {}, "required": [],
                                                      "additionalProperties": False})
        node["properties"][parts[-1]] = leaf(f)
        if f.required:
            node["required"].append(parts[-1])
            for depth in range(len(parts) - 1):  # a group holding a required field is required
                n = root
                for p in parts[:depth]:
                    n = n["properties"][p]
                if parts[depth] not in n["required"]:
                    n["required"].append(parts[depth])
    return root


def example_values(spec) -> dict:
    from keiyaku_lint.generate.schema import example_data

    out: dict = {}
    for f in spec.schema:
        v = f.example if f.example is not None else None
        if v is None:
            continue
        if f.type == "list" and f.item and isinstance(v, list):
            for i, row in enumerate(v):
                for k, x in row.items():
                    out[f"{f.name}[{i}].{k}"] = str(x)
        elif f.type == "list":
            out[f.name] = list(v)
        elif f.type == "bool":
            out[f.name] = "true" if v else "false"
        else:
            out[f.name] = str(v)
    del example_data
    return out


def form_context(spec, values: dict, lang: str, errors: Optional[dict] = None, failure: Optional[str] = None,
                 strict: bool = False) -> dict:
    rows = {}
    for f in spec.schema:
        if f.type == "list" and f.item:
            used = [i for i in range(forms.MAX_ROWS) if any(values.get(f"{f.name}[{i}].{g.name}") for g in f.item)]
            rows[f.name] = max(3, (max(used) + 2) if used else 0)
    errors = errors or {}
    labels = {f.name: f.description(lang) for f in spec.schema}
    return {"labels": labels, "spec": spec, "groups": forms.groups_of(spec, lang), "values": values, "errors": errors,
            "row_counts": rows, "failure": failure, "strict": strict, "done": False, "download": None,
            "self_check": None, "error_count": len(errors)}
