"""Every request passes here first (an ASGI middleware):

* **Host** (loopback servers): only 127.0.0.1 / localhost / [::1] (and
  ``allowed_hosts``) are answered, so a web page that points its own host
  name at 127.0.0.1 (DNS rebinding) cannot read the server (E607, 421).
* **Token** (required when the server listens beyond loopback): every
  request carries it, as ``Authorization: Bearer …`` or the cookie the page
  sets when opened once with ``?token=…`` (E605, 401). Compared in constant
  time.
* **Cross-site requests**: a POST / PUT / DELETE whose ``Origin`` is not this
  server, or that the browser marks ``Sec-Fetch-Site: cross-site``, is
  refused (E606, 403); the page's own requests also carry a CSRF token tied
  to the browser's session cookie (checked by the routes).
* **Headers** on every response: a Content-Security-Policy that allows
  nothing but this server's own script, style and requests (no inline
  script, no frames, no other origin), nosniff, no referrer, no caching of
  results.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from http.cookies import SimpleCookie
from typing import Optional
from urllib.parse import parse_qsl, urlencode

from keiyaku_lint.errors import KeiyakuError

SESSION_COOKIE = "kl_session"
TOKEN_COOKIE = "kl_token"
LANG_COOKIE = "kl_lang"

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # (no-referrer would make Chromium send Origin: null on the page's own forms)
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def csrf_token(secret: bytes, session: str) -> str:
    return hmac.new(secret, b"csrf:" + session.encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: bytes, session: str, token: Optional[str]) -> bool:
    return bool(session and token) and hmac.compare_digest(csrf_token(secret, session), token or "")


def cookies_of(scope) -> dict:
    raw = b"; ".join(v for k, v in scope.get("headers", ()) if k == b"cookie").decode("latin-1")
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # noqa: BLE001 - a malformed cookie header: no cookies
        return {}
    return {k: m.value for k, m in jar.items()}


def header(scope, name: bytes) -> Optional[str]:
    for k, v in scope.get("headers", ()):
        if k == name:
            return v.decode("latin-1")
    return None


def lang_of(scope) -> str:
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    if query.get("lang") in ("ja", "en"):
        return query["lang"]
    if is_api(scope.get("path", "")):
        return "ja"  # the API: ?lang=en, never a cookie a page left
    c = cookies_of(scope).get(LANG_COOKIE)
    if c in ("ja", "en"):
        return c
    return "ja"  # Japanese first, whatever the browser's own language: English by the switch (or ?lang=en)


def is_api(path: str) -> bool:
    return path.startswith(("/api/", "/healthz", "/openapi"))


def wants_json(path: str) -> bool:
    return path.startswith(("/api", "/healthz", "/ui/", "/openapi"))


def error_body(err: KeiyakuError, lang: str) -> bytes:
    return json.dumps({"error": {"code": err.code, "message": err.message(lang)}}, ensure_ascii=False).encode()


class Guard:
    def __init__(self, app, settings):
        self.app = app
        self.settings = settings
        allowed = set(settings.allowed_hosts)
        if settings.loopback:
            allowed |= LOOPBACK_HOSTS
            host = settings.host.strip("[]").lower()
            allowed |= {host, f"[{host}]"}
        self.allowed_hosts = {h.lower() for h in allowed}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra: list = []
        path = scope.get("path", "")
        lang = lang_of(scope)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in names]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                headers += extra
                message = dict(message, headers=headers)
            await send(message)

        async def refuse(status: int, err: KeiyakuError):
            if wants_json(path):
                body, ctype = error_body(err, lang), b"application/json"
            else:
                from html import escape

                text = escape(err.message(lang))
                body = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>keiyaku-lint</title>'
                        f'</head><body><h1>keiyaku-lint</h1><p>[{err.code}] {text}</p></body></html>').encode()
                ctype = b"text/html; charset=utf-8"
            await send_with_headers({"type": "http.response.start", "status": status,
                                     "headers": [(b"content-type", ctype),
                                                 (b"content-length", str(len(body)).encode())]})
            await send_with_headers({"type": "http.response.body", "body": body})

        # 1. the Host header (DNS rebinding)
        if self.settings.loopback:
            host = (header(scope, b"host") or "").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if host.startswith("["):
                name = host.split("]")[0] + "]"
            if name not in self.allowed_hosts:
                await refuse(421, KeiyakuError("E607", host=name[:80] or "(none)", port=self.settings.port))
                return

        cookies = cookies_of(scope)
        # 2. the token
        token = self.settings.token
        if token:
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
            given = dict(query).get("token")
            auth = header(scope, b"authorization") or ""
            bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
            ok = any(x is not None and hmac.compare_digest(x.encode(), token.encode())
                     for x in (bearer, cookies.get(TOKEN_COOKIE), given))
            if not ok:
                await refuse(401, KeiyakuError("E605"))
                return
            if given is not None and scope["method"] == "GET" and not wants_json(path):
                # once opened with ?token=…, the page keeps it in a cookie and drops it from the address
                rest = urlencode([(k, v) for k, v in query if k != "token"])
                location = path + ("?" + rest if rest else "")
                cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                await send_with_headers({"type": "http.response.start", "status": 303,
                                         "headers": [(b"location", location.encode("latin-1", "replace")),
                                                     (b"set-cookie", cookie.encode()),
                                                     (b"content-length", b"0")]})
                await send_with_headers({"type": "http.response.body", "body": b""})
                return

        # 3. cross-site requests that change something (Sec-Fetch-Site, else Origin)
        if scope["method"] in UNSAFE_METHODS:
            origin = header(scope, b"origin")
            site = (header(scope, b"sec-fetch-site") or "").lower()
            host = header(scope, b"host") or ""
            same_origin = origin in (f"http://{host}", f"https://{host}")
            if site:  # the browser says where the request comes from: only this page, or typed by the user
                refused = site not in ("same-origin", "none")
            else:
                refused = origin is not None and not same_origin
            if refused:
                await refuse(403, KeiyakuError("E606"))
                return

        # the browser's session (results and CSRF tokens belong to it)
        session = cookies.get(SESSION_COOKIE)
        if not session or len(session) > 64:
            session = secrets.token_urlsafe(24)
            extra.append((b"set-cookie", f"{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict".encode()))
        query_lang = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get("lang")
        if query_lang in ("ja", "en") and not wants_json(path):
            extra.append((b"set-cookie", f"{LANG_COOKIE}={query_lang}; Path=/; SameSite=Strict".encode()))
        scope.setdefault("state", {})
        scope["state"]["session"] = session
        scope["state"]["lang"] = lang
        await self.app(scope, receive, send_with_headers)
