"""``keiyaku-lint serve``: the local web app and HTTP API.

    keiyaku-lint serve                       # http://127.0.0.1:8765/, opens the browser
    keiyaku-lint serve --no-browser --port 9000
    keiyaku-lint serve --host 0.0.0.0 --token "$(openssl rand -hex 16)"

Listens on loopback by default. Any other address needs a token (--token or
KEIYAKU_LINT_TOKEN), which every request must then carry; without one the
server does not start (E612, exit 2). The port is bound before anything else
(E613 when it is taken), then the workers start and load the model once,
then the address is printed. Ctrl-C or SIGTERM stops it (exit 0).
"""
from __future__ import annotations

import os
import socket
import sys
from dataclasses import replace

import click

from keiyaku_lint.config import LANGS
from keiyaku_lint.errors import KeiyakuError, format_error
from keiyaku_lint.textsafe import visible_lines


def _fail(err: KeiyakuError, lang: str):
    click.echo(visible_lines(format_error(err, lang)), err=True)
    sys.exit(2)


def _say(message: str) -> None:
    click.echo(visible_lines(f"keiyaku-lint: {message}"), err=True)


@click.command("serve", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default="127.0.0.1", show_default=True,
              help="待ち受けるアドレス（既定はこのコンピューターだけ） / address to listen on")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="ポート / port (0: any free port)")
@click.option("--token", default=None, help="アクセス用トークン（--host が 127.0.0.1 以外なら必須。環境変数 KEIYAKU_LINT_TOKEN も可） / "
                                            "access token (required beyond loopback; or KEIYAKU_LINT_TOKEN)")
@click.option("--no-browser", is_flag=True, help="ブラウザを開かない / do not open a browser")
@click.option("--jobs", "-j", type=click.IntRange(min=1, max=64), default=None,
              help="検査プロセスの数 / worker processes (default: number of cores)")
@click.option("--max-upload-mb", type=click.FloatRange(min=0.001, max=4096), default=None,
              help="1ファイルのアップロード上限（MB、既定 50） / upload limit per file in MB (default 50)")
@click.option("--max-files", type=click.IntRange(min=1, max=100000), default=None,
              help="一度に送れるファイル数（既定 200） / files per request (default 200)")
@click.option("--profile", default=None, help="既定の条項プロファイル / default clause profile")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="設定ファイル（条項フォルダなど） / configuration file (clause folders, …)")
@click.option("--isolated", is_flag=True, help="設定ファイルを読まない / ignore every configuration file")
@click.option("--timeout", type=click.FloatRange(min=1, max=86400), default=None,
              help="1ファイルの制限時間（秒） / time limit per file in seconds (default: 120)")
@click.option("--memory-limit", type=click.IntRange(min=256, max=1 << 20), default=None,
              help="1ファイルのメモリ上限（MB） / memory limit per file in MB (default: 4096)")
@click.option("--lang", type=click.Choice(LANGS), default=None, help="メッセージの言語 / message language")
def serve(host, port, token, no_browser, jobs, max_upload_mb, max_files, profile, config_file, isolated,
          timeout, memory_limit, lang):
    """ブラウザで使う検査・作成画面と HTTP API を起動します。

    Start the local web app (check, results, downloads, generate, rules) and
    the HTTP API. Stop it with Ctrl-C."""
    from keiyaku_lint.batch import default_jobs
    from keiyaku_lint.config import load_config
    from keiyaku_lint.serve.settings import (DEFAULT_MAX_FILES, DEFAULT_MAX_UPLOAD_MB, TOKEN_ENV, ServeSettings,
                                             is_loopback)

    lang = lang or os.environ.get("KEIYAKU_LINT_LANG") or "ja"
    try:
        config = load_config(os.getcwd(), {"profile": profile, "timeout": timeout, "memory_limit_mb": memory_limit,
                                           "lang": lang}, config_file=config_file, isolated=isolated)
    except KeiyakuError as err:
        _fail(err, lang)
    token = token or os.environ.get(TOKEN_ENV) or None
    settings = ServeSettings(config=config, host=host, port=port, token=token,
                             jobs=jobs or config.jobs or default_jobs(),
                             max_upload_mb=max_upload_mb or DEFAULT_MAX_UPLOAD_MB,
                             max_files=max_files or DEFAULT_MAX_FILES)
    try:
        settings.check()
        from keiyaku_lint.analyze.library import load_library
        from keiyaku_lint.config import check_clause_ids, resolve_profile

        library = load_library(config.clause_dirs)
        settings.config = resolve_profile(config, library)
        check_clause_ids(settings.config, library)
    except KeiyakuError as err:
        _fail(err, lang)

    sock = _bind(host, port, lang)  # first: a taken port is said at once
    settings.port = sock.getsockname()[1]
    from keiyaku_lint.serve.app import create_app
    from keiyaku_lint.serve.pool import WorkerService

    service = WorkerService(settings.config, settings.jobs)
    _say(f"starting {settings.jobs} workers (loading the language model once)…" if lang == "en"
         else f"検査プロセスを {settings.jobs} 個起動しています（日本語解析モデルを1回だけ読み込みます）…")
    service.start()
    if not service.wait_ready():
        service.stop()
        _fail(KeiyakuError("E614", reason=service.failure or "timeout"), lang)
    app = create_app(settings, service=service)
    shown_host = host if ":" not in host else f"[{host}]"
    if host in ("0.0.0.0", "::"):
        shown_host = "127.0.0.1" if host == "0.0.0.0" else "[::1]"
    url = f"http://{shown_host}:{settings.port}/"
    open_url = url + (f"?token={token}" if token else "")
    if lang == "en":
        _say(f"ready: {url}  (API: {url}openapi.json; Ctrl-C stops)")
    else:
        _say(f"起動しました: {url}  （API の説明: {url}openapi.json、Ctrl-C で停止）")
    if token:
        _say(("open: " if lang == "en" else "トークン付きのアドレス: ") + open_url)
    if not is_loopback(host):
        _say("listening beyond this computer: every request needs the token" if lang == "en"
             else "このコンピューターの外からも接続できます。すべてのリクエストにトークンが必要です")
    if not no_browser:
        import threading
        import webbrowser

        threading.Timer(0.8, lambda: webbrowser.open(open_url)).start()
    _run(app, sock, service, lang)


def _bind(host: str, port: int, lang: str) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family = infos[0][0] if infos else family
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        _fail(KeiyakuError("E613", host=host, port=port, reason=exc.strerror or str(exc)), lang)
    sock.set_inheritable(True)
    return sock


def _run(app, sock, service, lang: str) -> None:
    import signal

    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=10, server_header=False)
    server = uvicorn.Server(config)
    def stop(signum, frame):
        raise KeyboardInterrupt

    # uvicorn shuts down gracefully on SIGINT / SIGTERM and then re-raises the
    # signal with the handler it found: ours, so the process ends here (exit 0)
    for name in ("SIGTERM", "SIGHUP"):
        try:
            signal.signal(getattr(signal, name), stop)
        except (AttributeError, ValueError, OSError):
            pass
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
        try:
            sock.close()
        except OSError:
            pass
    _say("stopped" if lang == "en" else "停止しました")
    sys.exit(0)
