"""The result cache: the same report as a cold run, never a stale one, safe to lose.

A pre-commit hook re-runs panelcheck on unchanged files many times a day; the cache
answers those runs from disk. What a user relies on: the report is byte-identical to a
cold run, any change that could change findings is a miss, ``--no-cache`` writes
nothing, and the folder can be deleted or damaged at any time.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, STOP, module, panel, row

from panelcheck.cli import main
from panelcheck.engine import core as engine_module
from panelcheck.findings import FileResult, Finding
from panelcheck.run.cache import (
    Cache,
    ResultCache,
    default_folder,
    dependency_versions,
    environment,
    user_folder,
)

FAILING = sorted(str(p) for p in (SAMPLES / "failing").glob("*.json"))
FILES = [*FAILING, str(SAMPLES / "pump-station.json"), str(SAMPLES / "spec-example.json")]
FORMATS = ["text", "json", "sarif", "junit", "github"]


def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


def validate(cache: Path | None, *args: str):  # type: ignore[no-untyped-def]
    where = ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    return invoke("validate", *where, *args)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cold_warm_and_parallel_reports_are_byte_identical(tmp_path: Path, fmt: str) -> None:
    cold = validate(None, "--jobs", "1", "--format", fmt, *FILES)
    filling = validate(tmp_path, "--format", fmt, *FILES)
    warm = validate(tmp_path, "--format", fmt, *FILES)
    parallel = validate(None, "--jobs", "2", "--format", fmt, *FILES)
    assert cold.exit_code == 2  # merge-conflict.json is not a layout
    assert cold.output  # something to compare
    for other in (filling, warm, parallel):
        assert other.exit_code == cold.exit_code
        assert other.output == cold.output


def test_a_warm_run_does_not_check_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = validate(tmp_path, *FILES)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the engine ran on a cached file")

    monkeypatch.setattr(engine_module.Engine, "analyse_bytes", refuse)
    warm = validate(tmp_path, *FILES)
    assert (warm.exit_code, warm.output) == (cold.exit_code, cold.output)
    with pytest.raises(AssertionError, match="engine ran"):
        validate(tmp_path, "--select", "JMP", *FILES)  # another selection is a miss


def _imported(args: list[str], cache: Path) -> set[str]:
    command = [sys.executable, "-X", "importtime", "-m", "panelcheck", "validate"]
    done = subprocess.run(
        [*command, "--cache-dir", str(cache), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "PANELCHECK_CACHE_DIR"},
    )
    assert done.returncode in (0, 1), done.stderr
    return {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_a_warm_run_imports_neither_pint_nor_networkx_nor_pydantic(tmp_path: Path) -> None:
    files = [str(SAMPLES / "pump-station.json"), str(SAMPLES / "failing" / "electrical.json")]
    cold = _imported(files, tmp_path)
    warm = _imported(files, tmp_path)
    assert "pydantic" in cold  # the cold run validates the layout
    assert not {"pint", "networkx", "pydantic"} & warm, sorted(warm)


def test_a_changed_file_is_checked_again(tmp_path: Path, tmp_layout) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "cache"
    layout = panel(*row(module("K1")))
    path = str(tmp_layout(layout))
    first = validate(cache, "--select", "IPX", "--fail-on", "warning", path)
    assert first.exit_code == 0, first.output
    layout["rails"][0]["items"].pop()  # no end stop at the right end any more
    tmp_layout(layout)
    second = validate(cache, "--select", "IPX", "--fail-on", "warning", path)
    assert second.exit_code == 1 and "IPX003" in second.output


def test_a_changed_catalog_is_a_miss(tmp_path: Path, tmp_layout) -> None:  # type: ignore[no-untyped-def]
    cache, parts = tmp_path / "cache", tmp_path / "parts"
    parts.mkdir()
    stops = parts / "stops.toml"

    def stop_width(width: str) -> None:
        stops.write_text(
            '["249-116"]\nkind = "end_stop"\ndescription = "our stop"\n'
            f'["249-116".width]\nvalue = "{width}"\nsource = "our drawing 4711"\n'
        )

    path = str(tmp_layout(panel(STOP, STOP, length="100 mm")))
    args = ("--catalog", str(parts), "--select", "MEC001", path)
    stop_width("8 mm")
    assert validate(cache, *args).exit_code == 0
    stop_width("80 mm")  # two stops no longer fit on 100 mm
    overfull = validate(cache, *args)
    assert overfull.exit_code == 1 and "MEC001" in overfull.output


def test_a_changed_configuration_is_a_miss(tmp_path: Path) -> None:
    cache, config = tmp_path / "cache", tmp_path / "panelcheck.toml"
    wiring = str(SAMPLES / "failing" / "wiring.json")
    config.write_text('ignore = ["WIR"]\n')
    quiet = validate(cache, "--config", str(config), wiring)
    config.write_text("ignore = []\n")
    loud = validate(cache, "--config", str(config), wiring)
    assert "WIR001" not in quiet.output and "WIR001" in loud.output


def test_the_same_bytes_under_another_name_are_reported_under_that_name(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    text = (SAMPLES / "failing" / "gold.json").read_text()
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(text)
    first = validate(cache, str(tmp_path / "a.json"))
    second = validate(cache, str(tmp_path / "b.json"))
    assert "a.json" in first.output and "b.json" not in first.output
    assert "b.json" in second.output and "a.json" not in second.output


def test_the_key_covers_date_options_catalogs_and_versions(tmp_path: Path) -> None:
    """What a single command line cannot vary in a test: the key of each change differs."""
    (tmp_path / "parts").mkdir()
    base = dict(config_path=None, catalogs=[], options={"select": ()})
    today = datetime.date(2026, 11, 21)
    store = Cache(tmp_path / "cache")

    def key(**changes: object) -> str:
        env = environment(**{**base, "today": today, **changes})  # type: ignore[arg-type]
        return ResultCache(store, env).key("a.json", b"{}")

    keys = {
        key(),
        key(today=today + datetime.timedelta(days=1)),  # a waiver may have expired
        key(options={"select": ("JMP",)}),
        key(catalogs=[tmp_path / "parts"]),  # an empty folder: the same as none
    }
    assert len(keys) == 3
    (tmp_path / "parts" / "ours.toml").write_text("# a part\n")
    keys.add(key(catalogs=[tmp_path / "parts"]))
    assert len(keys) == 4
    versions = dependency_versions()
    assert f"pydantic-{version('pydantic')}.dist-info" in versions
    assert f"pint-{version('pint')}.dist-info" in versions
    assert any(entry.startswith(sys.version) for entry in versions)


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    invoke("validate", "--no-cache", *FILES, env={"PANELCHECK_CACHE_DIR": str(cache)})
    assert not cache.exists()


def test_the_cache_folder_can_be_deleted_between_runs(tmp_path: Path) -> None:
    import shutil

    cache = tmp_path / "cache"
    first = validate(cache, *FILES)
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f")
    assert (cache / ".gitignore").read_text() == "*\n"
    shutil.rmtree(cache)
    again = validate(cache, *FILES)
    assert (again.exit_code, again.output) == (first.exit_code, first.output)
    assert (cache / "CACHEDIR.TAG").exists()


def test_damaged_entries_are_misses(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = validate(cache, *FILES)
    entries = [p for p in (cache / "v2").iterdir() if not p.name.startswith(".")]
    assert len(entries) == len(FILES)
    for n, path in enumerate(entries):
        path.write_bytes(b"" if n % 2 else b"\x80garbage{")
    again = validate(cache, *FILES)
    assert (again.exit_code, again.output) == (first.exit_code, first.output)


def test_an_unusable_cache_folder_is_ignored(tmp_path: Path) -> None:
    """A cache that cannot be written (here: beneath a file) costs speed, never a run."""
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    cold = validate(None, *FILES)
    result = invoke("validate", *FILES, env={"PANELCHECK_CACHE_DIR": str(blocked / "cache")})
    assert (result.exit_code, result.output) == (cold.exit_code, cold.output)
    usage = validate(blocked, *FILES)
    assert usage.exit_code == 2 and "--cache-dir" in usage.output


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    validate(tmp_path / "cache", *FILES)
    assert not [p for p in (tmp_path / "cache").rglob(".tmp-*")]


def test_the_default_folder_is_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never the checked repository: a pull request cannot put entries where they are read."""
    monkeypatch.delenv("PANELCHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    assert default_folder() == user_folder() == tmp_path / "xdg" / "panelcheck"
    monkeypatch.setenv("PANELCHECK_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_folder() == tmp_path / "elsewhere"
    assert user_folder() == tmp_path / "xdg" / "panelcheck"  # where the key stays


def test_an_entry_round_trips_every_field(tmp_path: Path) -> None:
    store = ResultCache(Cache(tmp_path / "entries", key_folder=tmp_path / "key"), {"x": 1})
    finding = Finding(
        code="JMP001",
        severity="error",
        message="m ü",
        subject="JB1",
        pointer="/rails/0/jumpers/0",
        name="jumper-incompatible",
        line=3,
        column=7,
        waived=True,
        at_key=True,
        justification="accepted",
    )
    result = FileResult("a.json", [finding], invalid=False)
    store.store("k" * 64, result)
    assert store.load("k" * 64) == result
    stored = (tmp_path / "entries" / "v2" / ("k" * 64)).read_bytes()
    assert json.loads(stored.split(b"\n", 2)[2])["path"] == "a.json"  # data, not code
