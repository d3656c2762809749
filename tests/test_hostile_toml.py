"""Configuration and catalog files written to hurt: slow, deep, endless, or not files.

Regression tests for what an attacker's review found. The line of an unknown key in a
1 MB pyproject.toml took minutes (a pattern built from the key backtracked over long
lines); ``[[[[...]]]]`` 5,000 deep ended in a RecursionError traceback; a catalog file
that was a link to /dev/zero was read without end, and one that was a named pipe, or a
``.panelcheck.toml`` that was one, could hang or be skipped silently.

Work is counted, not timed (as in test_linear.py): lines of panelcheck's code executed,
and the regular expressions run, none of which may be built from the file's text.
Subprocesses have a timeout only so that a hang fails the test instead of the suite.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SAMPLES
from test_linear import lines_run

from panelcheck.catalog import CatalogError, parse_parts
from panelcheck.cli import main
from panelcheck.engine.ruleset import load_rules
from panelcheck.read import safe_files as safe_read
from panelcheck.run.config import ConfigError, load_config

MARK = "ZQXV"  # in the key or part number sought, and nowhere in panelcheck
DEEP = 5000
HANG = 60  # seconds before a child that should answer at once counts as hung

unix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes, /dev/zero")


@pytest.fixture
def plant(tmp_path: Path) -> Iterator[Path]:
    """A repository with one layout, the working folder at its top."""
    shutil.copy(SAMPLES / "failing" / "gold.json", tmp_path / "gold.json")
    (tmp_path / "parts").mkdir()
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(before)


@pytest.fixture
def patterns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every pattern handed to ``re`` while the test runs. One holding :data:`MARK`
    (text from the file) fails at once: such a pattern is how a file made the old line
    search backtrack, and waiting for it to finish would take minutes."""
    seen: list[str] = []

    def spying(function: Any) -> Any:
        def spy(pattern: Any, *args: Any, **kwargs: Any) -> Any:
            text = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
            seen.append(str(text))
            if MARK.lower() in str(text).lower():
                raise AssertionError(f"a regular expression built from the file: {text!r}")
            return function(pattern, *args, **kwargs)

        return spy

    for name in ("compile", "search", "match", "fullmatch", "finditer", "findall", "sub"):
        monkeypatch.setattr(re, name, spying(getattr(re, name)))
    return seen


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def python_m_panelcheck(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m panelcheck ARGS`` in a child capped at 2 GB of memory (a regression
    that reads /dev/zero dies there instead of taking the machine) and killed after
    :data:`HANG` seconds."""
    start = (
        "import resource, runpy; "
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
        "runpy.run_module('panelcheck', run_name='__main__', alter_sys=True)"
    )
    return subprocess.run(
        [sys.executable, "-c", start, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG,
        check=False,
    )


def one_line_error(output: str, *wanted: str) -> None:
    """A refusal the way the command line gives one: a single line, no traceback."""
    lines = output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in output, output[-2000:]
    for text in wanted:
        assert text in lines[0], lines[0]


# -- the line of a key, in linear work -------------------------------------------------


def hostile_pyproject(size: int) -> tuple[str, int]:
    """A pyproject.toml of about ``size`` bytes whose ``[tool.panelcheck]`` table ends
    with an unknown key, and the key's line. Before it, inside a multi-line string (so
    the file is valid), lines shaped to make a line search work hard: a ``[`` line
    holding the key again and again with no ``]`` (what made the old pattern backtrack),
    long dotted header-like lines, quoted keys that do not end, keys that start like it.
    """
    key = MARK.lower()
    block = (
        f"[{(key + ' ') * 12}\n"
        f"[a.{'b.' * 30}{key}x\n"
        f'["{key}\n'
        f"{key}{key} = 1\n"
        f"{key}.x = 1\n"
        f"  {' ' * 40}{key}\n"
    )
    filler = block * (size // len(block))
    head = f'[project]\nname = "plant"\ndescription = """\n{filler}"""\n\n'
    text = f'{head}[tool.panelcheck]\nselect = ["GLD"]\n{key} = 1\n'
    return text, text.count("\n")


def test_an_unknown_key_in_a_1_mb_pyproject_is_found_with_linear_work(
    tmp_path: Path, patterns: list[str]
) -> None:
    rules = load_rules()
    counted: dict[int, int] = {}
    for size in (100_000, 1_000_000):
        path = tmp_path / str(size) / "pyproject.toml"
        path.parent.mkdir()
        text, line = hostile_pyproject(size)
        path.write_text(text, encoding="utf-8")
        errors: list[ConfigError] = []

        def load(path: Path = path, errors: list[ConfigError] = errors) -> None:
            try:
                load_config(path, rules)
            except ConfigError as exc:
                errors.append(exc)

        counted[size] = lines_run(load)
        assert len(errors) == 1
        assert str(errors[0]).startswith(f"{path}:{line}: {MARK.lower()}: unknown key")
    ratio = counted[1_000_000] / counted[100_000]
    assert ratio <= 12, f"10x the file, {ratio:.1f}x the work: {counted}"


def hostile_catalog(size: int) -> tuple[str, int]:
    """A catalog file of about ``size`` bytes with one bad value, and its line; before
    it, inside the part's description, lines shaped like the part's headers (unended,
    deeper than the error, spaced out) that a line search must look at."""
    number = f"ACME-{MARK}"
    block = (
        f'["{number}" . width . value\n'
        f'[ "{number}".width.value.x.y ]\n'
        f'[[{f""""{number}" .  """ * 20}\n'
        f"valuevalue = 1\n"
        f"{' ' * 60}value\n"
    )
    filler = block * (size // len(block))
    text = (
        f'["{number}"]\nkind = "end_stop"\ndescription = """\n{filler}"""\n'
        f'["{number}".width]\nsource = "our drawing"\nvalue = "6 kg"\n'
    )
    return text, text.count("\n")


def test_the_line_of_a_bad_catalog_value_is_found_with_linear_work(
    patterns: list[str],
) -> None:
    with pytest.raises(CatalogError):  # build the validator first, so it is not counted
        parse_parts(hostile_catalog(100)[0], "warm.toml")
    counted: dict[int, int] = {}
    for size in (100_000, 1_000_000):
        text, line = hostile_catalog(size)
        errors: list[CatalogError] = []

        def parse(text: str = text, errors: list[CatalogError] = errors) -> None:
            try:
                parse_parts(text, "acme.toml")
            except CatalogError as exc:
                errors.append(exc)

        counted[size] = lines_run(parse)
        assert len(errors) == 1
        assert str(errors[0]).startswith(f"acme.toml:{line}: part 'ACME-{MARK}': "), errors
    ratio = counted[1_000_000] / counted[100_000]
    assert ratio <= 12, f"10x the file, {ratio:.1f}x the work: {counted}"


# -- nesting ---------------------------------------------------------------------------

NESTED = {
    "arrays": "select = " + "[" * DEEP + "]" * DEEP + "\n",
    "inline tables": "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n",
}


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_deep_nesting_in_the_configuration_is_a_configuration_error(
    plant: Path, shape: str
) -> None:
    (plant / ".panelcheck.toml").write_text(NESTED[shape], encoding="utf-8")
    code, output = cli("validate", "--no-cache", "gold.json")
    assert code == 2
    one_line_error(
        output,
        "panelcheck: configuration error: ",
        ".panelcheck.toml:1: arrays and inline tables nested more than 100 levels deep",
    )


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_deep_nesting_in_a_catalog_file_is_a_broken_catalog(plant: Path, shape: str) -> None:
    (plant / "parts" / "deep.toml").write_text('["X-1"]\n' + NESTED[shape], encoding="utf-8")
    code, output = cli("validate", "--no-cache", "--catalog", "parts", "gold.json")
    assert code == 2
    one_line_error(output, "panelcheck: broken catalog: ", "deep.toml:2: arrays and inline")


def test_deep_nesting_through_python_m_panelcheck(plant: Path) -> None:
    (plant / ".panelcheck.toml").write_text(NESTED["arrays"], encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "panelcheck", "validate", "--no-cache", "gold.json"],
        cwd=plant,
        capture_output=True,
        text=True,
        timeout=HANG,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    one_line_error(done.stderr, "panelcheck: configuration error: ", "nested more than")


def test_brackets_in_strings_and_comments_are_not_nesting() -> None:
    many = "[{" * 300
    text = (
        f"# {many}\n"
        f'a = "{many}\\"{many}"\n'
        f"b = '{many}'\n"
        f'c = """\n{many}\n""{many}\\"""{many}"""""\n'
        f"d = '''{many}\n'''''\n"
        f"x = {'[' * 100}{']' * 100}\n"
        f'["{many}"]\n'
    )
    data = safe_read.load_toml(text)
    assert data["a"] == f'{many}"{many}' and data["d"] == f"{many}\n''" and many in data
    deeper = text + f"y = {'[' * 101}{']' * 101}\n"
    with pytest.raises(safe_read.RefusedToml, match="more than 100 levels") as refused:
        safe_read.load_toml(deeper)
    assert refused.value.line == deeper.count("\n")


def test_a_recursion_error_from_the_parser_is_a_refusal_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(safe_read, "check_nesting", lambda text: None)
    with pytest.raises(safe_read.RefusedToml, match="nested too deeply to parse"):
        safe_read.load_toml(NESTED["arrays"])


# -- files that are not small regular files ----------------------------------------------


@unix_only
@pytest.mark.parametrize("kind", ["link to /dev/zero", "named pipe"])
def test_a_catalog_file_that_is_no_regular_file_is_refused_at_once(plant: Path, kind: str) -> None:
    entry = plant / "parts" / "x.toml"
    if kind == "named pipe":
        os.mkfifo(entry)
    else:
        entry.symlink_to("/dev/zero")
    done = python_m_panelcheck(
        "validate", "--no-cache", "--catalog", "parts", "gold.json", cwd=plant
    )
    assert done.returncode == 2
    reason = "is a named pipe" if kind == "named pipe" else "is a symbolic link"
    one_line_error(done.stderr, "panelcheck: broken catalog: ", "x.toml: ", reason)


def test_a_catalog_file_over_the_size_limit_is_refused(plant: Path) -> None:
    (plant / "parts" / "big.toml").write_text("#" * (1024 * 1024 + 1) + "\n")
    code, output = cli("validate", "--no-cache", "--catalog", "parts", "gold.json")
    assert code == 2
    one_line_error(output, "broken catalog: ", "big.toml: is larger than the limit of 1 MB")


@unix_only
@pytest.mark.parametrize("kind", ["named pipe", "link to /dev/zero"])
def test_a_dot_panelcheck_toml_that_is_no_regular_file_ends_the_run(plant: Path, kind: str) -> None:
    entry = plant / ".panelcheck.toml"
    if kind == "named pipe":
        os.mkfifo(entry)
    else:
        entry.symlink_to("/dev/zero")
    done = python_m_panelcheck("validate", "--no-cache", "gold.json", cwd=plant)
    assert done.returncode == 2
    one_line_error(done.stderr, "panelcheck: ", ".panelcheck.toml")


@unix_only
def test_a_dot_panelcheck_toml_that_links_to_a_regular_file_is_refused(plant: Path) -> None:
    (plant / "elsewhere.toml").write_text('select = ["GLD"]\n')
    (plant / ".panelcheck.toml").symlink_to("elsewhere.toml")
    code, output = cli("validate", "--no-cache", "gold.json")
    assert code == 2
    one_line_error(output, "configuration error: ", ".panelcheck.toml: is a symbolic link")


@pytest.mark.parametrize(
    ("name", "size", "limit"),
    [(".panelcheck.toml", 1024 * 1024, "1 MB"), ("pyproject.toml", 4 * 1024 * 1024, "4 MB")],
)
def test_a_configuration_file_over_its_size_limit_is_refused(
    plant: Path, name: str, size: int, limit: str
) -> None:
    (plant / name).write_text(f"[tool.panelcheck]\n#{'.' * size}\n")
    code, output = cli("validate", "--no-cache", "gold.json")
    assert code == 2
    one_line_error(output, "configuration error: ", f"{name}: is larger than the limit of {limit}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tool = 1\n", ".panelcheck.toml:1: tool: expected a table"),
        ("[tool]\npanelcheck = 1\n", ".panelcheck.toml:2: tool.panelcheck: expected a table"),
    ],
)
def test_a_tool_key_that_is_no_table_is_a_configuration_error(
    plant: Path, text: str, message: str
) -> None:
    (plant / ".panelcheck.toml").write_text(text)
    code, output = cli("validate", "--no-cache", "gold.json")
    assert code == 2
    one_line_error(output, "configuration error: ", message)
