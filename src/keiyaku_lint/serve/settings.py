"""How a server runs: what ``keiyaku-lint serve`` was started with."""
from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from typing import Optional

from keiyaku_lint.config import Config
from keiyaku_lint.errors import KeiyakuError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_MAX_UPLOAD_MB = 50
DEFAULT_MAX_FILES = 200
TOKEN_ENV = "KEIYAKU_LINT_TOKEN"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    h = host.strip().strip("[]").lower()
    if h in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


@dataclass
class ServeSettings:
    config: Config = field(default_factory=Config)  # the server's configuration (profile, clause folders, limits)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: Optional[str] = None  # required on every request when set
    jobs: int = 2
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB
    max_files: int = DEFAULT_MAX_FILES
    allowed_hosts: tuple = ()  # more Host header names accepted (tests: "testserver")
    result_ttl: float = 3600.0  # seconds a check's results stay viewable
    max_checks: int = 100  # checks kept in memory (the oldest go first)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))  # signs CSRF tokens

    @property
    def max_bytes(self) -> int:
        return int(self.max_upload_mb * (1 << 20))

    def check(self) -> None:
        """Refuse to run on an address other computers reach without a token
        (E612), or with a token that can be guessed (E615)."""
        if self.token is not None and len(self.token) < 16:
            raise KeiyakuError("E615", length=len(self.token))
        if not is_loopback(self.host) and not self.token:
            raise KeiyakuError("E612", host=self.host)

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)
