"""Many files over several processes, and the progress bar of long runs.

``--jobs N`` checks files in N worker processes; the report must be the serial run's,
byte for byte, in the same order. The progress bar is for a person at a terminal: it
appears on stderr after about a second, for the text report only, never in a pipe.
"""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, make_panel

from panelcheck.cli import main
from panelcheck.run import workers
from panelcheck.run.progress import Progress


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 files: generated panels, some with mistakes, and copies of the failing samples."""
    folder = tmp_path_factory.mktemp("many")
    for n in range(16):
        layout = make_panel(5 + n, f"panel {n}")
        if n % 3 == 0:
            layout["loads"][0]["current"] = "9 A"
        if n % 4 == 1:
            layout["wires"][0]["cross_section"] = "10 mm^2"
        (folder / f"generated-{n:02d}.json").write_text(json.dumps(layout, indent=1))
    for path in sorted((SAMPLES / "failing").glob("*.json")):
        (folder / f"sample-{path.name}").write_bytes(path.read_bytes())
    return folder


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["validate", "--no-cache", *args], catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_jobs_give_the_serial_report_byte_for_byte(many: Path, fmt: str) -> None:
    serial = invoke("--jobs", "1", "--format", fmt, str(many))
    assert serial.exit_code == 2 and serial.output.count("generated-") >= 5
    for jobs in ("2", "3"):
        parallel = invoke("--jobs", jobs, "--format", fmt, str(many))
        assert (parallel.exit_code, parallel.output) == (serial.exit_code, serial.output)


def test_the_pool_is_really_used(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard against the test above comparing two serial runs."""
    used = []
    real = workers._Pool.start

    def spy(self, count: int) -> None:  # type: ignore[no-untyped-def]
        used.append(count)
        real(self, count)

    monkeypatch.setattr(workers._Pool, "start", spy)
    invoke("--jobs", "2", str(many))
    assert used == [2]


def test_jobs_through_a_real_process_in_argument_order(many: Path) -> None:
    files = sorted(str(p) for p in many.glob("*.json"))

    def run(jobs: str, paths: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "panelcheck", "validate", "--no-cache", "-j", jobs, *paths],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )

    serial = run("1", files)
    parallel = run("2", list(reversed(files)))
    assert serial.returncode == parallel.returncode == 2
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr == ""


def test_jobs_must_be_positive() -> None:
    result = CliRunner().invoke(main, ["validate", "--jobs", "0", str(SAMPLES)])
    assert result.exit_code == 2 and "--jobs" in result.output


# -- the progress bar ---------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def terminal() -> tuple[int, io.TextIOWrapper]:
    """A pseudo-terminal: click draws its bar only on a terminal."""
    master, slave = pty.openpty()
    return master, io.TextIOWrapper(os.fdopen(slave, "wb"), encoding="utf-8")


def drawn(master: int) -> str:
    os.set_blocking(master, False)
    out = b""
    try:
        while chunk := os.read(master, 65536):
            out += chunk
    except OSError:
        pass
    return out.decode("utf-8", "replace")


def test_no_bar_before_a_second_then_a_bar_that_fills() -> None:
    clock = Clock()
    master, file = terminal()
    bar = Progress(1000, "checking layouts", True, clock=clock, file=file)
    clock.now += 0.5
    bar.advance(100)
    file.flush()
    assert drawn(master) == ""  # half a second: nothing yet
    clock.now += 0.6
    stage = bar.within_file(800)
    assert stage is not None
    stage(0.5)  # half way through a large file
    file.flush()
    assert "checking layouts" in drawn(master)
    bar.advance(800)
    bar.advance(100)
    bar.close()
    file.flush()
    assert "100%" in drawn(master)
    os.close(master)


def test_a_run_that_ends_before_the_delay_never_shows_a_bar() -> None:
    clock = Clock()
    master, file = terminal()
    bar = Progress(10, "checking layouts", True, clock=clock, file=file)
    clock.now += 5  # slow, but the work is done at the first report
    bar.advance(10)
    bar.close()
    file.flush()
    assert drawn(master) == ""
    os.close(master)


def test_a_disabled_bar_draws_nothing_and_needs_no_stage_callback() -> None:
    clock = Clock()
    out = io.StringIO()
    bar = Progress(10, "x", False, clock=clock, file=out)
    clock.now += 5
    bar.advance(1)
    assert bar.within_file(5) is None
    bar.close()
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    ("fmt", "tty", "wanted"),
    [
        ("text", True, True),
        ("json", True, False),
        ("sarif", True, False),
        ("text", False, False),
    ],
)
def test_the_bar_is_for_the_text_report_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, fmt: str, tty: bool, wanted: bool
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    assert Progress.for_run(10, "x", fmt).enabled is wanted


def _run_on_a_terminal(*args: str) -> tuple[str, str]:
    """panelcheck with stderr on a pseudo-terminal and no delay before the bar."""
    master, slave = pty.openpty()
    code = (
        "import sys; from panelcheck.run import progress; progress.Progress.DELAY = 0; "
        "from panelcheck.cli import run; sys.argv[0] = 'panelcheck'; run()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, "validate", "--no-cache", *args],
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=ROOT,
    )
    os.close(slave)
    stdout, _ = process.communicate(timeout=120)
    err = drawn(master)
    os.close(master)
    return stdout.decode(), err


def test_a_terminal_sees_the_bar_on_stderr_and_stdout_stays_clean(many: Path) -> None:
    stdout, stderr = _run_on_a_terminal("--jobs", "2", str(many))
    assert "checking layouts" in stderr and "100%" in stderr
    assert "checking layouts" not in stdout and "\r" not in stdout
    machine, quiet = _run_on_a_terminal("--format", "json", str(many))
    assert "checking layouts" not in quiet
    json.loads(machine)
