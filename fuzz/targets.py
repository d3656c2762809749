"""Running one input through panelcheck, in process and on the command line, and saying
whether the contract held.

The contract (README "Reliability", SPEC section 10): whatever the input, findings (exit
0 or 1) or LAY000 / a usage message (exit 2), never a traceback, never a hang, never
another exit code, and a report written with ``--output`` is whole or absent.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
if not Path(PYTHON).exists():  # run from another environment: use the running interpreter
    PYTHON = sys.executable
SOURCE = ROOT
"""The folder holding the panelcheck under test (the repository, or a snapshot)."""
PACKAGE = str(SOURCE / "panelcheck") + os.sep


def configure(source: Path) -> None:
    """Test the panelcheck in ``source`` (a folder with ``panelcheck/`` in it) rather
    than the repository's: put it first on the path, here and in every subprocess. Must
    run before panelcheck is first imported."""
    global SOURCE, PACKAGE
    SOURCE = source.resolve()
    PACKAGE = str(SOURCE / "panelcheck") + os.sep
    if SOURCE != ROOT:
        sys.path.insert(0, str(SOURCE))


def snapshot(rev: str, folder: Path) -> Path:
    """Committed panelcheck at ``rev``, unpacked into ``folder`` (read-only use of git),
    so that a long run is not disturbed by edits to the working tree. The rule data is
    placed where the installed package has it (``panelcheck/rules``)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "panelcheck", "rules"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "rules").rename(folder / "panelcheck" / "rules")
    return folder


class Hang(BaseException):
    """Raised by the alarm. A BaseException, so that an ``except Exception`` inside
    panelcheck cannot swallow it and turn a hang into an ordinary LAY000."""


@dataclass(frozen=True)
class Input:
    """One fuzz input: bytes, and whether it goes in as text (``check_text``)."""

    data: bytes
    as_text: bool
    origin: str


@dataclass
class Crash:
    """A broken contract: what kind, a signature for de-duplication, the details."""

    kind: str
    signature: str
    detail: str
    input: Input
    api: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _innermost_panelcheck_frame(tb: TracebackType | None, function: bool = False) -> str:
    """``file:line`` (or ``file:function``) of the deepest frame inside panelcheck, else
    of the deepest frame."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if f.filename.startswith(PACKAGE)]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    return f"{os.path.relpath(frame.filename, SOURCE)}:{frame.name if function else frame.lineno}"


def signature_of(exc: BaseException) -> str:
    """Exception type and innermost panelcheck frame. For a hang, the function rather
    than the line: where the alarm lands inside a slow loop is chance."""
    if isinstance(exc, Hang):
        return f"hang@{_innermost_panelcheck_frame(exc.__traceback__, function=True)}"
    return f"{type(exc).__name__}@{_innermost_panelcheck_frame(exc.__traceback__)}"


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang("time limit reached")


@dataclass
class Slowest:
    """The longest time one check took, and of what: the evidence, in the summary, that
    no input came near the time limit."""

    seconds: float = 0.0
    what: str = ""
    data: bytes = b""
    """The input itself, saved beside the summary for a closer look."""

    def note(self, seconds: float, what: str, data: bytes) -> None:
        if seconds > self.seconds:
            self.seconds, self.what, self.data = seconds, what, data

    def save(self, path: Path) -> None:
        if self.data:
            path.write_bytes(self.data)

    def __str__(self) -> str:
        return f"{self.seconds:.2f} s ({self.what})" if self.what else "none"


class InProcess:
    """The engine built once (loading rules and catalog costs a third of a second) and
    the checks it runs, with a per-input time limit."""

    def __init__(self, workdir: Path, time_limit: float) -> None:
        self.workdir = workdir
        self.time_limit = time_limit
        self.path = workdir / "input.json"
        signal.signal(signal.SIGALRM, _on_alarm)
        self.slowest = Slowest()
        self.engine: Any = None
        self.reset()

    def reset(self) -> None:
        """A fresh engine: after a crash or a hang its caches may be half-updated."""
        from panelcheck.engine.core import Engine, Options

        self.engine = Engine(Options(select=("ALL",), jobs=1))

    def run(self, item: Input) -> tuple[Crash | None, Any]:
        """Check one input; the crash, if any, and the result (None on a crash)."""
        api = "check_text" if item.as_text else "check_path"
        if not item.as_text:
            self.path.write_bytes(item.data)
        started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, self.time_limit)
        try:
            if item.as_text:
                result = self.engine.check_text("fuzz.json", item.data.decode("utf-8"))
            else:
                result = self.engine.check_path(str(self.path))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # everything else escaping is the bug we look for
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.reset()
            detail = "".join(traceback.format_exception(exc))
            return Crash(_kind(exc), signature_of(exc), detail, item, api), None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.monotonic() - started
        self.slowest.note(elapsed, f"{api}, {len(item.data):,} bytes", item.data)
        if elapsed > self.time_limit:  # the alarm was swallowed somewhere
            detail = f"took {elapsed:.1f} s; the alarm did not interrupt it"
            return Crash("hang", "hang@swallowed-alarm", detail, item, api), None
        return _check_result(result, item, api), result


def _kind(exc: BaseException) -> str:
    if isinstance(exc, Hang):
        return "hang"
    if isinstance(exc, RecursionError | MemoryError):
        return "resource"
    return "exception"


def _check_result(result: Any, item: Input, api: str) -> Crash | None:
    """What a report must hold besides not crashing: codes, positions inside the file,
    pointers into the document, one-line messages. A broken one is a silent bug rather
    than a crash, reported as kind ``invariant``."""
    text = item.data.decode("utf-8", "replace")
    lines = text.splitlines() or [""]
    # An invalid file may still have findings beyond its LAY000s (the elements with schema
    # errors are left out and the rest is checked): their pointers must resolve too.
    data = _document(text)
    for finding in result.findings:
        problem = _finding_problem(finding, lines, data)
        if problem:
            where = f"{finding.code} at {finding.line}:{finding.column} ({finding.pointer!r})"
            detail = f"{problem}: {where}: {finding.message[:300]!r}"
            return Crash("invariant", f"invariant:{problem}@{finding.code}", detail, item, api)
    return None


_CONTROL = re.compile(r"[\n\r\x1b\x85\u2028\u2029]")
"""Characters that break a text report's one line per finding, or drive a terminal."""


def _finding_problem(finding: Any, lines: list[str], data: Any) -> str:
    """The name of the first broken property of ``finding``, or ''."""
    if re.fullmatch(r"[A-Z]{3}\d{3}", finding.code or "") is None:
        return "code"
    if not (isinstance(finding.line, int) and isinstance(finding.column, int)):
        return "position-type"
    if finding.line < 1 or finding.column < 1 or finding.line > len(lines) + 1:
        return "position-outside-file"
    if _CONTROL.search(finding.message):
        return "line-break-or-escape-in-message"
    if data is not _MISSING and finding.code != "LAY000" and not _resolves(data, finding):
        return "pointer-not-in-document"
    return ""


_MISSING = object()


def _document(text: str) -> Any:
    """The parsed document, for resolving pointers (``_MISSING`` when not plain JSON)."""
    try:
        return json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return _MISSING


def _resolves(data: Any, finding: Any) -> bool:
    """Whether the finding's RFC 6901 pointer names something in the document (for a
    finding placed on a key, the member must exist)."""
    from panelcheck.engine.waivers import pointer_exists  # after configure() chose the source

    if finding.pointer == "":
        return True
    return finding.pointer.startswith("/") and pointer_exists(data, finding.pointer)


# --- the command line ------------------------------------------------------------------


_TRACEBACK = "Traceback (most recent call last)"
_FRAME = re.compile(r'File "([^"]+)", line (\d+)')


def _cli_signature(kind: str, stderr: str) -> str:
    """De-duplication key of a command-line failure: the exception type and the deepest
    panelcheck frame of the last traceback printed."""
    frames = [
        (f, n) for f, n in _FRAME.findall(stderr.rsplit(_TRACEBACK, 1)[-1]) if f.startswith(PACKAGE)
    ]
    lines = [line for line in stderr.strip().splitlines() if line and not line.startswith(" ")]
    exc = lines[-1].split(":", 1)[0] if lines else "?"
    where = f"{os.path.relpath(frames[-1][0], SOURCE)}:{frames[-1][1]}" if frames else "?"
    return f"{kind}:{exc}@{where}"


@dataclass
class CliRun:
    """What one ``panelcheck validate`` run printed and returned."""

    args: list[str]
    code: int | None
    stdout: str
    stderr: str

    @property
    def api(self) -> str:
        """The command line, for crash reports: ``-m panelcheck validate ... FILE``."""
        return " ".join(self.args[2:-1]) + " FILE"


class CommandLine:
    """``python -m panelcheck validate`` in a subprocess, three ways per input."""

    def __init__(self, workdir: Path, timeout: float) -> None:
        self.workdir = workdir
        self.timeout = timeout
        self.path = workdir / "cli-input.json"
        self.output = workdir / "cli-report.json"
        self.count = 0
        self.slowest = Slowest()
        self.env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
        if SOURCE != ROOT:
            self.env["PYTHONPATH"] = str(SOURCE)

    def _run(self, extra: list[str]) -> CliRun:
        """One run, stdout and stderr decoded (a timeout leaves ``code`` None)."""
        args = [PYTHON, "-m", "panelcheck", "validate", "--no-cache", *extra, str(self.path)]
        started = time.monotonic()
        try:
            done = subprocess.run(
                args,
                cwd=self.workdir,
                env=self.env,
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            err = exc.stderr.decode("utf-8", "replace") if exc.stderr else ""
            return CliRun(args, None, "", err)
        size = self.path.stat().st_size
        elapsed = time.monotonic() - started
        if elapsed > self.slowest.seconds:  # read the input back only for a new record
            what = f"{' '.join(extra[:4])}, {size:,} bytes"
            self.slowest.note(elapsed, what, self.path.read_bytes())
        decode = lambda b: b.decode("utf-8", "replace")  # noqa: E731
        return CliRun(args, done.returncode, decode(done.stdout), decode(done.stderr))

    def run(self, item: Input, expected: Any) -> list[Crash]:
        """Run the three invocations; ``expected`` is the in-process result (checked
        with --select ALL and compared with the JSON report), or None."""
        self.path.write_bytes(item.data)
        self.output.unlink(missing_ok=True)
        crashes: list[Crash] = []
        self.count += 1
        fmt = FORMATS[self.count % len(FORMATS)]
        plain = self._run([] if fmt == "text" else ["--format", fmt])
        crashes += self._basic(plain, item) or _check_format(fmt, plain, item)
        as_json = self._run(["--format", "json", "--select", "ALL"])
        crashes += self._basic(as_json, item) or self._json_stdout(as_json, item, expected)
        to_file = self._run(["--format", "json", "--output", str(self.output)])
        crashes += self._basic(to_file, item) or self._output_file(to_file, item)
        return crashes

    def _basic(self, run: CliRun, item: Input) -> list[Crash]:
        api = run.api
        if run.code is None:
            return [Crash("cli-timeout", "cli-timeout", run.stderr[-2000:], item, api)]
        if _TRACEBACK in run.stderr:
            sig = _cli_signature("cli-traceback", run.stderr)
            return [Crash("cli-traceback", sig, run.stderr[-4000:], item, api)]
        if run.code not in (0, 1, 2):
            sig = f"cli-exit:{run.code}"
            return [Crash("cli-exit", sig, run.stderr[-2000:] or "(no stderr)", item, api)]
        return []

    def _json_stdout(self, run: CliRun, item: Input, expected: Any) -> list[Crash]:
        api = run.api
        if not run.stdout.strip():
            if run.code in (0, 1):
                return [Crash("cli-output", "cli-output:empty-json", run.stderr, item, api)]
            return []
        try:
            report = json.loads(run.stdout)
        except ValueError as exc:
            detail = f"{exc}; stdout starts {run.stdout[:300]!r}"
            return [Crash("cli-output", "cli-output:stdout-not-json", detail, item, api)]
        if expected is None:
            return []
        return _compare(report, expected, item, api)

    def _output_file(self, run: CliRun, item: Input) -> list[Crash]:
        api = run.api
        exists = self.output.exists()
        if not exists:
            if run.code in (0, 1):
                return [Crash("cli-output", "cli-output:missing", run.stderr, item, api)]
            return []
        try:
            json.loads(self.output.read_bytes())
        except ValueError as exc:
            return [Crash("cli-output", "cli-output:partial-file", str(exc), item, api)]
        return []


FORMATS = ("text", "sarif", "junit", "github")
"""The first of the three runs per input takes these in turn."""

_TEXT_LINE = re.compile(r".+:\d+:\d+: [A-Z]{3}\d{3} (error|warning|info)( \(waived\))?: .*")
_GITHUB_LINE = re.compile(r"::(error|warning|notice) file=[^\n]*::.*")
_SUMMARY = re.compile(r"\d+ files? checked: .*")


def _check_format(fmt: str, run: CliRun, item: Input) -> list[Crash]:
    """The report on stdout is what its format says: a line per finding and a summary
    (text, github), JSON (sarif), XML (junit)."""
    api = run.api
    out = run.stdout
    problem = ""
    lines = out.rstrip("\n").split("\n") if out.strip() else []
    pattern = {"text": _TEXT_LINE, "github": _GITHUB_LINE}.get(fmt)
    if pattern is not None:
        bad = [ln for ln in lines if not (pattern.fullmatch(ln) or _SUMMARY.fullmatch(ln))]
        problem = f"{fmt} line not a finding: {bad[0][:300]!r}" if bad else ""
    if fmt == "sarif" and out.strip():
        try:
            json.loads(out)
        except ValueError as exc:
            problem = f"SARIF is not JSON: {exc}"
    elif fmt == "junit" and out.strip():
        try:
            ElementTree.fromstring(out)
        except ElementTree.ParseError as exc:
            problem = f"JUnit is not XML: {exc}"
    if not problem:
        return []
    return [Crash("cli-output", f"cli-output:{fmt}", problem, item, api)]


def _finding_key(finding: Any) -> tuple[Any, ...]:
    if isinstance(finding, dict):
        keys = ("code", "severity", "line", "column", "subject", "pointer", "waived")
        return tuple(finding.get(k) for k in keys)
    return (
        finding.code,
        finding.severity,
        finding.line,
        finding.column,
        finding.subject,
        finding.pointer,
        finding.waived,
    )


def _compare(report: Any, expected: Any, item: Input, api: str) -> list[Crash]:
    """The command line (which reads bytes, and shares a large panel over processes)
    must report what the engine reported in process with ``jobs=1``."""
    try:
        (entry,) = report["files"]
        got = sorted(map(_finding_key, entry["findings"]), key=repr)
    except (KeyError, TypeError, ValueError) as exc:
        detail = f"unexpected report shape: {exc!r}"
        return [Crash("cli-output", "cli-output:report-shape", detail, item, api)]
    want = sorted(map(_finding_key, expected.findings), key=repr)
    if got == want:
        return []
    only_cli = sorted(set(got) - set(want), key=repr)[:5]
    only_engine = sorted(set(want) - set(got), key=repr)[:5]
    detail = f"only on the command line: {only_cli}\nonly in process: {only_engine}"
    codes = sorted({k[0] for k in only_cli + only_engine if k})
    return [Crash("mismatch", f"mismatch:{','.join(map(str, codes))}", detail, item, api)]
