"""Checks made from the page, kept in memory for a while so their result
views and downloads can be opened: nothing is written to disk.

A check belongs to the browser session that made it (its session cookie);
another session, even with the check's id, gets "not found". Checks expire
after ``ttl`` seconds, and past ``max_checks`` the oldest go first.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Optional

from keiyaku_lint.config import Config
from keiyaku_lint.model import FileResult


@dataclass
class Entry:
    index: int
    name: str
    result: Optional[FileResult] = None
    view: Optional[dict] = None
    annotated: Optional[bytes] = None  # the commented Word copy, when there is one
    comments: int = 0
    skipped: Optional[str] = None  # why a file of a folder was not checked (own_report, …)


@dataclass
class Check:
    id: str
    session: str
    config: Config
    created: float = field(default_factory=time.time)
    entries: dict = field(default_factory=dict)  # index -> Entry
    skipped: list = field(default_factory=list)  # (name, reason) listed by the page (folder walks)
    expected: int = 0

    def files(self) -> list:
        return [self.entries[i] for i in sorted(self.entries) if self.entries[i].result is not None]


class Store:
    def __init__(self, ttl: float = 3600.0, max_checks: int = 100):
        self.ttl, self.max_checks = ttl, max_checks
        self._checks: "OrderedDict[str, Check]" = OrderedDict()
        self._lock = threading.Lock()

    def new(self, session: str, config: Config) -> Check:
        check = Check(id=secrets.token_urlsafe(16), session=session, config=config)
        with self._lock:
            self._expire()
            self._checks[check.id] = check
            while len(self._checks) > self.max_checks:
                self._checks.popitem(last=False)
        return check

    def get(self, check_id: str, session: str) -> Optional[Check]:
        with self._lock:
            self._expire()
            check = self._checks.get(check_id)
        if check is None or not secrets.compare_digest(check.session, session or ""):
            return None
        return check

    def _expire(self) -> None:
        now = time.time()
        for key in [k for k, c in self._checks.items() if now - c.created > self.ttl]:
            del self._checks[key]
