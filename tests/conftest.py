"""Every test runs in a neutral locale: the tool picks English for an
English locale (LANG=en_US.UTF-8), and the tests expect the Japanese default
unless they ask otherwise."""
import pytest


@pytest.fixture(autouse=True)
def _neutral_locale(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "KEIYAKU_LINT_LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
