"""Shared by the serve tests: one warm worker service per test module, apps
made on it with different settings."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def make_service(jobs: int = 2, config=None):
    from keiyaku_lint.config import Config
    from keiyaku_lint.serve.pool import WorkerService

    service = WorkerService(config or Config(), jobs)
    service.start()
    assert service.wait_ready(300), service.failure
    return service


def make_client(service, **kw):
    from starlette.testclient import TestClient

    from keiyaku_lint.config import Config
    from keiyaku_lint.serve.app import create_app
    from keiyaku_lint.serve.settings import ServeSettings

    kw.setdefault("config", Config())
    kw.setdefault("jobs", service.jobs)
    kw.setdefault("allowed_hosts", ("testserver",))
    app = create_app(ServeSettings(**kw), service=service)
    return TestClient(app), app.keiyaku


def csrf_of(html: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', html).group(1)
