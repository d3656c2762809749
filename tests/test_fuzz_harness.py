"""The fuzz harness in ``fuzz/`` still runs, still finds nothing on the fixed crashes,
and still notices a broken checker.

The long run (100,000 inputs, recorded in the README) is too slow for the suite; these
keep the harness from rotting between such runs, so that the next long run measures
panelcheck and not a broken fuzzer.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

FUZZ = ROOT / "fuzz" / "fuzz.py"
REGRESSIONS = sorted((ROOT / "fuzz" / "regressions").glob("*.json"))


def _fuzz(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(FUZZ), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def test_the_fixed_crashes_replay_clean() -> None:
    assert REGRESSIONS, "fuzz/regressions/ holds the reproducers of fixed crashes"
    done = _fuzz("--replay", *REGRESSIONS)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(REGRESSIONS)
    assert all(": ok (" in line for line in lines), done.stdout


def test_a_short_run_finds_no_crash(tmp_path: Path) -> None:
    summary = tmp_path / "summary.txt"
    done = _fuzz(
        "--inputs", "300", "--seed", "1", "--cli-every", "150", "--minimize-seconds", "5",
        "--crashes", tmp_path / "crashes", "--summary", summary,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    text = summary.read_text(encoding="utf-8")
    assert "inputs run in process: 300 " in text
    assert "inputs run on the command line: 2 " in text
    assert "distinct crashes: 0" in text


def test_the_harness_notices_an_escape_reaching_a_message(tmp_path: Path) -> None:
    """The same reproducer against a copy of panelcheck whose message escaping is undone:
    the harness must report it, or its clean runs would mean nothing."""
    package = tmp_path / "panelcheck"
    shutil.copytree(ROOT / "panelcheck", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", package / "rules")
    findings = package / "findings.py"
    source = findings.read_text(encoding="utf-8")
    broken = source.replace(
        "    if _UNPRINTABLE.search(text) is None:\n        return text\n",
        "    return text\n",
    )
    assert broken != source, "findings.printable() changed: update this test"
    findings.write_text(broken, encoding="utf-8")
    # Ids no longer admit control characters (LAY000), which would keep the escape from
    # reaching a message at all: let them through again in the copy.
    fieldtypes = package / "read" / "fieldtypes.py"
    source = fieldtypes.read_text(encoding="utf-8")
    admitting = source.replace(
        'REFUSED_CLASS = r"\\p{Cc}\\p{Cf}\\p{Cn}\\u2028\\u2029"', 'REFUSED_CLASS = r"\\x{10FFFF}"'
    )
    assert admitting != source, "fieldtypes.REFUSED_CLASS changed: update this test"
    fieldtypes.write_text(admitting, encoding="utf-8")
    escape = ROOT / "fuzz" / "regressions" / "escape-in-rail-id.json"
    done = _fuzz("--root", tmp_path, "--replay", escape)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "invariant" in done.stdout
