"""Runs that end, outputs that never replace what they must not, any file name.

Regression tests for what an attacker's review found: a killed worker process left the
run waiting forever; SIGTERM left a temporary file; a worker whose parent had gone
printed tracebacks; a file name that is not UTF-8 crashed the run; ``-o`` replaced
devices, pipes and other layouts.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, make_panel

from panelcheck.cli import main
from panelcheck.engine import core as engine_module

GOLD = SAMPLES / "failing" / "gold.json"


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _many(folder: Path, count: int, modules: int = 40) -> Path:
    for n in range(count):
        (folder / f"p{n:03d}.json").write_text(json.dumps(make_panel(modules, f"p{n}")))
    return folder


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with open(task / "children") as stream:
            found += [int(word) for word in stream.read().split()]
    return found


def _start(args: list[str], cwd: Path = ROOT) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "panelcheck", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )


def _wait_for_workers(process: subprocess.Popen[str], count: int) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = _children(process.pid)
        if len(children) >= count:
            return children
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    raise AssertionError("no worker processes started")


@functools.cache
def _start_up() -> float:
    """How long the command takes to start here (imports included)."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "panelcheck", "rules"], capture_output=True, check=True)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def plant(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 panels of 80 modules: a run of a few seconds, long enough to be stopped."""
    return _many(tmp_path_factory.mktemp("plant"), 600, modules=80)


# -- worker processes that die -------------------------------------------------------------


def test_a_killed_worker_ends_the_run_with_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It used to wait forever (multiprocessing's pool never hears of the dead worker)."""
    _many(tmp_path, 12, modules=5)
    real = engine_module.Engine.analyse_bytes

    def dies_on_p007(self, path, raw):  # type: ignore[no-untyped-def]
        if path.endswith("p007.json"):
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return real(self, path, raw)

    monkeypatch.setattr(engine_module.Engine, "analyse_bytes", dies_on_p007)
    result = CliRunner().invoke(main, ["validate", "--no-cache", "-j", "2", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "worker process was killed by SIGKILL" in lines[0]
    assert "p00" in lines[0] and "--jobs 1" in lines[0]


def test_a_worker_killed_from_outside_ends_a_real_run(plant: Path) -> None:
    process = _start(["validate", "--no-cache", "-j", "2", str(plant)])
    workers = _wait_for_workers(process, 2)
    os.kill(workers[0], signal.SIGKILL)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2, err
    assert "worker process was killed by SIGKILL" in err
    assert "Traceback" not in err
    assert out == ""  # no report that silently lacks files


def test_workers_whose_parent_was_killed_leave_without_a_word(plant: Path) -> None:
    process = _start(["validate", "--no-cache", "-j", "2", str(plant)])
    _wait_for_workers(process, 2)
    time.sleep(0.3)
    process.kill()
    # stderr closes only when every process holding it (the workers too) has ended
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err and "Error" not in err, err


# -- SIGTERM -------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_is_handled_like_ctrl_c(plant: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out" / "report.sarif"
    out.parent.mkdir()
    args = ["validate", "--no-cache", "-j", jobs, "--format", "sarif", "-o", str(out)]
    process = _start([*args, str(plant)])
    if jobs == "2":
        _wait_for_workers(process, 2)
    else:
        time.sleep(_start_up() + 0.3)  # the handler is set, and the run well under way
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert err.strip() == "panelcheck: terminated"
    assert os.listdir(out.parent) == []  # no report, no temporary file


# -- file names ----------------------------------------------------------------------------

_NAME = os.fsdecode(b"caf\xe9 \xff.json")  # bytes that are not UTF-8, as Linux allows


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_a_file_name_that_is_not_utf8_is_reported_escaped(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / _NAME).write_bytes(GOLD.read_bytes())
    monkeypatch.chdir(tmp_path)
    for cache in ([], ["--no-cache"]):  # the cache key too takes any name
        done = subprocess.run(
            [sys.executable, "-m", "panelcheck", "validate", *cache, "--format", fmt, "."],
            capture_output=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert done.returncode == 1, done.stderr
        report = done.stdout.decode("utf-8")  # valid UTF-8, whatever the name
        assert b"Traceback" not in done.stderr
        escaped = "caf\\xe9 \\xff.json"
        if fmt in ("json", "sarif"):
            escaped = json.dumps(escaped)[1:-1]
        if fmt == "sarif":
            escaped = "caf%5Cxe9%20%5Cxff.json"
        assert escaped in report, report[:500]


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")
def test_an_output_name_that_is_not_utf8(tmp_path: Path) -> None:
    layout = tmp_path / "a.json"
    layout.write_bytes(GOLD.read_bytes())
    target = os.path.join(os.fsencode(tmp_path), b"r\xe9port.json")
    done = subprocess.run(
        [sys.executable, "-m", "panelcheck", "validate", "--format", "json", "-o", target, layout],
        capture_output=True,
    )
    assert done.returncode == 1, done.stderr
    with open(target, "rb") as stream:
        assert json.loads(stream.read())["summary"]["errors"] == 3


# -- outputs -------------------------------------------------------------------------------


def test_output_onto_a_device_writes_to_it_and_keeps_it(tmp_path: Path) -> None:
    """``-o /dev/null`` used to replace /dev/null with a regular file (as root)."""
    device = "/dev/null"
    result = invoke("validate", "--no-cache", "-o", device, str(GOLD))
    assert result.exit_code == 1
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_output_onto_a_fifo_writes_through_it(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke("validate", "--no-cache", "--format", "json", "-o", str(fifo), str(GOLD))
    reader.join(timeout=30)
    assert result.exit_code == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the pipe, not a file put in its place
    assert json.loads(received[0])["summary"]["errors"] == 3
    assert sorted(os.listdir(tmp_path)) == ["report.fifo"]


def test_output_onto_another_layout_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "b.json"
    other.write_bytes((SAMPLES / "pump-station.json").read_bytes())
    before = other.read_bytes()
    for command in (
        ["validate", "--no-cache", "-o", str(other), str(GOLD)],
        ["graph", str(GOLD), "-o", str(other)],
        ["bom", str(GOLD), "--format", "json", "-o", str(other)],
    ):
        result = invoke(*command)
        assert result.exit_code == 2, result.output
        assert "is a layout file" in result.output
        assert other.read_bytes() == before


def test_output_onto_a_hard_link_of_the_layout_being_read_is_refused(tmp_path: Path) -> None:
    layout = tmp_path / "a.json"
    layout.write_bytes(GOLD.read_bytes())
    os.link(layout, tmp_path / "report.txt")
    result = invoke("validate", "--no-cache", "-o", str(tmp_path / "report.txt"), str(layout))
    assert result.exit_code == 2
    assert "is a layout being read" in result.output
    assert layout.read_bytes() == GOLD.read_bytes()


def test_an_ordinary_report_file_is_still_replaced_whole(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text('{"old": "report"}\n')
    result = invoke("validate", "--no-cache", "--format", "json", "-o", str(report), str(GOLD))
    assert result.exit_code == 1
    assert json.loads(report.read_text())["summary"]["errors"] == 3
    assert sorted(os.listdir(tmp_path)) == ["report.json"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_report_that_cannot_be_written_to_stdout_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "panelcheck", "validate", "--no-cache", str(GOLD)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "panelcheck: cannot write the report to standard output: No space left on device"
    ]


def test_a_worker_that_dies_right_after_answering_ends_the_run_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent's next chunk number then meets a closed pipe: that was a
    BrokenPipeError traceback with exit status 1 before."""
    from panelcheck.run import workers

    _many(tmp_path, 12, modules=5)
    real = workers._write_all

    def answer_then_die(descriptor: int, data: bytes) -> None:
        real(descriptor, data)
        if len(data) > workers._HEADER.size:  # only a worker writes more than a header
            os._exit(0)

    monkeypatch.setattr(workers, "_write_all", answer_then_die)
    result = CliRunner().invoke(main, ["validate", "--no-cache", "-j", "2", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "worker process ended with status 0" in result.output
    assert len(result.output.strip().splitlines()) == 1


class _TwoArguments(Exception):
    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a}{b}")


def test_an_error_in_a_worker_that_cannot_be_rebuilt_still_reaches_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(tmp_path, 12, modules=5)

    def broken(self, path, raw):  # type: ignore[no-untyped-def]
        raise _TwoArguments("a bug ", "in a check")

    monkeypatch.setattr(engine_module.Engine, "analyse_bytes", broken)
    with pytest.raises(RuntimeError, match="in a worker process: _TwoArguments"):
        CliRunner().invoke(
            main, ["validate", "--no-cache", "-j", "2", str(tmp_path)], catch_exceptions=False
        )


@pytest.mark.parametrize("reader", ["socket", "fifo-closed-early"])
def test_an_output_that_fails_to_take_the_report_is_never_replaced(
    tmp_path: Path, reader: str
) -> None:
    import socket

    target = tmp_path / "report"
    if reader == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    else:
        os.mkfifo(target)

        def read_one_byte() -> None:
            with open(target, "rb") as stream:
                stream.read(1)

        threading.Thread(target=read_one_byte).start()
    layout = make_panel(400)
    for wire in layout["wires"]:
        wire["cross_section"] = "10 mm^2"  # a finding per wire: a report far over 64 KB
    big = tmp_path / "big.json"
    big.write_text(json.dumps(layout))
    result = CliRunner().invoke(
        main, ["validate", "--no-cache", "--format", "sarif", "-o", str(target), str(big)]
    )
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.output
    mode = os.lstat(target).st_mode
    assert stat.S_ISSOCK(mode) if reader == "socket" else stat.S_ISFIFO(mode)
    assert sorted(os.listdir(tmp_path)) == ["big.json", "report"]
