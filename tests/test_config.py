"""Configuration: keiyaku-lint.toml / [tool.keiyaku-lint] found from the
current folder upwards, validated key by key, overridden by the CLI."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from keiyaku_lint.config import Config, find_config, load_config
from keiyaku_lint.errors import KeiyakuError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path):
    assert load_config(tmp_path) == Config()


def test_found_from_a_subfolder_upwards(tmp_path):
    write(tmp_path / "keiyaku-lint.toml", 'profile = "custom"\nfail_on = "missing"\njobs = 3\n'
                                          'clause_dirs = ["company"]\nlang = "en"\n'
                                          '[severities]\nliability = "warning"\n')
    sub = tmp_path / "contracts" / "2024"
    sub.mkdir(parents=True)
    cfg = load_config(sub)
    assert cfg.profile == "custom" and cfg.fail_on == "missing" and cfg.jobs == 3 and cfg.lang == "en"
    assert cfg.severities == (("liability", "warning"),)
    assert cfg.clause_dirs == (str((tmp_path / "company").resolve()),)  # relative to the file
    assert cfg.source == str(tmp_path / "keiyaku-lint.toml")


def test_pyproject_tool_table_and_precedence(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.keiyaku-lint]\nformat = "json"\n'
                                       'ignore = ["survival"]\n[tool.keiyaku-lint.severities]\nsurvival = "info"\n')
    cfg = load_config(tmp_path)
    assert cfg.format == "json" and cfg.ignore_clauses == ("survival",)
    assert cfg.severities == (("survival", "info"),)
    # a keiyaku-lint.toml in the same folder wins over pyproject.toml
    write(tmp_path / "keiyaku-lint.toml", 'format = "csv"\n')
    assert load_config(tmp_path).format == "csv"


def test_pyproject_without_our_table_is_passed_over(tmp_path):
    write(tmp_path / "keiyaku-lint.toml", 'lang = "en"\n')
    write(tmp_path / "proj" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "proj") == (tmp_path / "keiyaku-lint.toml", False)


def test_cli_overrides_the_file(tmp_path):
    write(tmp_path / "keiyaku-lint.toml", 'format = "json"\nfail_on = "never"\nlang = "en"\n')
    cfg = load_config(tmp_path, {"format": "sarif", "fail_on": None, "lang": "ja", "globs": ()})
    assert (cfg.format, cfg.fail_on, cfg.lang) == ("sarif", "never", "ja")
    assert cfg.globs == Config().globs


@pytest.mark.parametrize("text,key,code", [
    ('formt = "json"\n', "formt", "E401"),
    ('fail_on = "sometimes"\n', "fail_on", "E402"),
    ('jobs = 0\n', "jobs", "E402"),
    ('jobs = "2"\n', "jobs", "E402"),
    ('add = "x"\nignore = [1]\n', "ignore", "E402"),
    ('[severities]\nliability = "fatal"\n', "severities", "E402"),
    ('profile = \n', None, "E403"),
])
def test_bad_files_name_the_file_and_key(tmp_path, text, key, code):
    path = write(tmp_path / "keiyaku-lint.toml", text)
    with pytest.raises(KeiyakuError) as exc:
        load_config(tmp_path)
    assert exc.value.code == code
    msg = exc.value.message("ja")
    assert str(path) in msg
    if key:
        assert f"「{key}」" in msg
        assert key in exc.value.message("en")


def test_bad_key_in_pyproject_is_named_with_its_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.keiyaku-lint]\nlangs = "en"\n')
    with pytest.raises(KeiyakuError) as exc:
        load_config(tmp_path)
    assert exc.value.code == "E401" and "tool.keiyaku-lint.langs" in exc.value.message("en")


def test_explicit_config_file(tmp_path):
    path = write(tmp_path / "elsewhere" / "my.toml", 'variant = "strict"\n')
    assert load_config(tmp_path, config_file=path).variant == "strict"
    with pytest.raises(KeiyakuError) as exc:
        load_config(tmp_path, config_file=tmp_path / "nope.toml")
    assert exc.value.code == "E404"


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "keiyaku_lint", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_init_writes_a_valid_starter_and_refuses_to_overwrite(tmp_path):
    r = run_cli("init", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    path = tmp_path / "keiyaku-lint.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count("#") > 10  # commented
    assert load_config(tmp_path) == Config(source=str(path))  # the starter says the defaults
    path.write_text(text + "\n# mine\n", encoding="utf-8")
    r = run_cli("init", cwd=tmp_path)
    assert r.returncode == 2 and "E408" in r.stderr and "Traceback" not in r.stderr
    assert path.read_text(encoding="utf-8").endswith("# mine\n")
    assert [p.name for p in tmp_path.iterdir()] == ["keiyaku-lint.toml"]  # no temp file left


def test_check_reports_a_bad_config_with_its_code(tmp_path):
    write(tmp_path / "keiyaku-lint.toml", 'fail_on = "often"\n')
    write(tmp_path / "a.txt", "契約書\n")
    r = run_cli("check", "a.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert "[E402]" in r.stderr and "fail_on" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("check", "a.txt", "--lang", "en", cwd=tmp_path)
    assert "Bad value" in r.stderr
