"""The HTTP API's description (OpenAPI 3.1), served at ``/openapi.json`` and
drawn as a page at ``/api``. Written by hand: it is the contract other
systems rely on, and ``tests/test_serve_api.py`` checks the app serves
exactly these routes and answers as described."""
from __future__ import annotations

from keiyaku_lint import __version__

ERROR = {
    "type": "object", "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "pattern": "^E[0-9]{3}$", "description": "A stable error code (see the README)."},
            "message": {"type": "string", "description": "What went wrong and what to do, in the request's language."},
            "fields": {"type": "array", "description": "For generate: one entry per field with a problem.",
                       "items": {"type": "object", "required": ["field", "code", "message"],
                                 "properties": {"field": {"type": "string"}, "code": {"type": "string"},
                                                "message": {"type": "string"}}}},
        }}},
}


def _err(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


LANG = {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": ["ja", "en"]},
        "description": "Language of messages and titles (default ja)."}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

UPLOAD = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {
            "file": {"type": "array", "items": {"type": "string", "format": "binary"},
                     "description": "One or more files (.docx .docm .dotx .dotm .pdf .txt .md); repeat the part for more."},
            "profile": {"type": "string", "description": "Clause profile: outsourcing (default) or nda, or a company profile."},
        }}}},
}


def spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "keiyaku-lint HTTP API", "version": __version__,
            "description": ("Checks Japanese outsourcing contracts for the clauses an outsourcing-management "
                            "regulation requires, and generates compliant contracts. Every error is JSON "
                            "{\"error\": {\"code\", \"message\"}} with a 4xx status for the client's fault. "
                            "When the server was started with a token, every request needs "
                            "'Authorization: Bearer TOKEN'."),
        },
        "servers": [{"url": "/"}],
        "components": {
            "schemas": {
                "Error": ERROR,
                "Report": {"type": "object", "description": "The JSON report of `keiyaku-lint check --format json` (schema keiyaku-lint/report/1).",
                           "required": ["schema", "tool", "profile", "files", "summary"],
                           "properties": {"schema": {"const": "keiyaku-lint/report/1"}, "tool": {"type": "object"},
                                          "profile": {"type": "string"}, "settings": {"type": ["object", "null"]},
                                          "interrupted": {"type": "boolean"},
                                          "files": {"type": "array", "items": {"type": "object", "required": ["path", "ok", "verdict", "clauses"],
                                                    "properties": {"path": {"type": "string"}, "ok": {"type": "boolean"},
                                                                   "verdict": {"enum": ["clean", "weak", "missing", "error", "not_contract"]},
                                                                   "error": {"type": ["object", "null"]},
                                                                   "clauses": {"type": "array"}}}},
                                          "summary": {"type": "object"}}},
            },
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "Needed when the server listens beyond loopback (serve --token)."}},
        },
        "security": [{}, {"token": []}],
        "paths": {
            "/healthz": {"get": {
                "summary": "Is the server up and its workers warm?", "operationId": "health",
                "responses": {"200": {"description": "Up", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["status", "version"],
                    "properties": {"status": {"enum": ["ok", "starting"]}, "version": {"type": "string"},
                                   "workers": {"type": "integer"}, "workers_ready": {"type": "integer"}}}}}}}}},
            "/api/check": {"post": {
                "summary": "Check one or more contracts", "operationId": "check",
                "description": ("The JSON report of `check --format json`, one entry per uploaded file, in upload "
                                "order, with the uploaded file name as `path`. A file that cannot be read is its "
                                "entry's error (status 200)."),
                "parameters": [LANG], "requestBody": UPLOAD,
                "responses": {"200": {"description": "The report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}},
                              "400": _err("No file, a malformed request, or an unknown profile (E603, E604, E303)"),
                              "401": _err("Token missing or wrong (E605)"),
                              "403": _err("A cross-site request (E606)"),
                              "413": _err("A file over the size limit, or too many files (E601, E602)")}}},
            "/api/annotate": {"post": {
                "summary": "A Word copy with the findings as comments", "operationId": "annotate",
                "parameters": [LANG],
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary", "description": "One Word file."},
                                   "profile": {"type": "string"}}}}}},
                "responses": {"200": {"description": "The commented copy (Content-Disposition names it after the original); X-Keiyaku-Comments says how many comments, X-Keiyaku-Verdict the verdict.",
                                      "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}}},
                              "400": _err("No file, or a bad profile"), "401": _err("Token"), "413": _err("Too large"),
                              "422": _err("Not a Word file (E610), not a contract (E611), or the file cannot be read (its E1xx code)")}}},
            "/api/rules": {"get": {
                "summary": "What each clause of a profile checks, why, and the recommended wording", "operationId": "rules",
                "parameters": [LANG, {"name": "profile", "in": "query", "required": False, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The clauses", "content": {"application/json": {"schema": {"type": "object"}}}},
                              "400": _err("Unknown profile (E303)")}}},
            "/api/templates": {"get": {
                "summary": "The templates generate can fill", "operationId": "templates", "parameters": [LANG],
                "responses": {"200": {"description": "The templates", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/api/templates/{name}/schema": {"get": {
                "summary": "The fields of a template", "operationId": "templateSchema",
                "parameters": [LANG, {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "A JSON Schema of the data, with each field's description",
                                      "content": {"application/json": {"schema": {"type": "object"}}}},
                              "404": _err("No such template (E503)")}}},
            "/api/generate/{name}": {"post": {
                "summary": "Generate a document from a template", "operationId": "generate",
                "description": ("The data as JSON (the same fields as the YAML data file of `generate`; dates as "
                                "2025-04-01, 2025年4月1日 or 令和7年4月1日). A contract is checked before it is "
                                "returned (X-Keiyaku-Self-Check: passed)."),
                "parameters": [LANG, {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "strict", "in": "query", "required": False, "schema": {"type": "boolean"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {"200": {"description": "The document", "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}}},
                              "400": _err("Not JSON, or not an object (E604)"), "404": _err("No such template (E503)"),
                              "413": _err("The body is over 4 MB (E601)"),
                              "422": _err("The data has problems: every one is in error.fields (E504, E505, E506, E525), or the generated contract failed its check (E511)")}}},
            "/openapi.json": {"get": {
                "summary": "This description", "operationId": "openapi",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        },
    }
