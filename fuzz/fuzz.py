"""Fuzz panelcheck: hostile layout files in, a broken contract out.

    python fuzz/fuzz.py --inputs 100000
    python fuzz/fuzz.py --seconds 600 --seed 7 --cli-every 200

The contract under test (README "Reliability", SPEC section 10): whatever the input,
panelcheck answers with findings (exit 0 or 1) or a LAY000 finding / usage message
(exit 2), never a traceback, never a hang, never another exit code, and a report written
with ``--output`` is whole or absent.

Why a custom mutation fuzzer rather than hypothesis: hypothesis generates from
strategies and spends its time on example bookkeeping, shrinking and health checks; it
cannot start from the real layouts of the corpus, and its rate on a checker that takes
a few milliseconds per file is a fraction of a plain loop's. Here every input is a seed
layout changed by byte-level and structure-aware mutations (see :mod:`mutate`), checked
in process by one long-lived engine, so nearly all time goes to panelcheck. Sampled line
coverage (see :mod:`feedback`) adds inputs that reach new code to the corpus. Every K-th
input also goes through the real command line in a subprocess, which is slow (a Python
start-up per run) but the only way to see exit codes, stderr and ``--output`` files.

Crashes are de-duplicated by kind, exception type and innermost panelcheck frame; the
first input of each is saved under ``fuzz/crashes/`` at once and replaced by a minimized
reproducer at the end. The summary goes to stdout and ``fuzz/last-run.txt``.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import targets
from feedback import LineFeedback
from minimize import minimize
from mutate import (
    LIGHT_MUTATIONS,
    Style,
    big_panel,
    mutate_bytes,
    mutate_structure,
    serialize,
)
from targets import ROOT, CommandLine, Crash, InProcess, Input, configure, snapshot

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = ("sample_panels/**/*.json", "rules/examples/*.json", "fuzz/regressions/*.json")
MAX_CORPUS = 3000
MAX_CORPUS_ENTRY = 256 * 1024
MAX_INPUT = 21_000_000
"""Larger structured inputs are dropped: just over panelcheck's 20 MB limit is enough to
test the limit, and ``check_text`` (no size limit) would only be slow on them."""
BY_KIND = ("hang", "mismatch", "cli-timeout")
"""Kinds whose reproducers are kept by kind alone while minimizing: their frame or the
codes that differ move as the input shrinks."""


# --- inputs ----------------------------------------------------------------------------


def load_seeds(corpus: Path | None) -> list[bytes]:
    """The seed files: every file under ``corpus``, or the sample panels, the rule
    examples and the fixed crash reproducers of the repository."""
    if corpus is not None:
        paths = sorted(p for p in corpus.rglob("*") if p.is_file())
    else:
        paths = sorted(p for pattern in DEFAULT_SEEDS for p in ROOT.glob(pattern))
    seeds = [p.read_bytes() for p in paths]
    if not seeds:
        sys.exit(f"no seed files found in {corpus or ROOT}")
    return seeds


def _parse(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None


def _structured(seed: bytes, rng: random.Random) -> tuple[bytes, bool] | None:
    """A structure-aware mutant of ``seed`` and whether it can go in as text, or None
    when the seed is not JSON."""
    doc = _parse(seed)
    if doc is None:
        return None
    try:
        text = serialize(mutate_structure(doc, rng), rng)
    except RecursionError:  # an entry nested near the parser's limit, written by hand
        return None
    if len(text) > MAX_INPUT:
        return None
    try:
        return text.encode("utf-8"), rng.random() < 0.7
    except UnicodeEncodeError:  # a lone surrogate written raw: only bytes can carry it
        return text.encode("utf-8", "surrogatepass"), False


def large_input(corpus: list[bytes], rng: random.Random) -> Input | None:
    """A large panel with unique ids (see :func:`mutate.big_panel`), sometimes mutated
    a little further; None when the chosen seed is not JSON with rails."""
    doc = _parse(rng.choice(corpus))
    if not isinstance(doc, dict) or not doc.get("rails"):
        return None
    doc = big_panel(doc, rng, rng.choice((2000, 2100, 5000)))
    if rng.random() < 0.5:
        doc = rng.choice(LIGHT_MUTATIONS)(doc, rng)
    text = serialize(doc, rng, Style(None, ": ", False, "\n", 0.0, 0.0))
    return Input(text.encode("utf-8", "surrogatepass"), False, "large")


def next_input(corpus: list[bytes], rng: random.Random) -> Input:
    """One new input from a random corpus entry."""
    seed = rng.choice(corpus)
    roll = rng.random()
    made = _structured(seed, rng) if roll < 0.7 else None
    if made is not None and roll < 0.6:
        return Input(made[0], made[1], "structure")
    if made is not None:
        return Input(mutate_bytes(made[0], rng, rng.choice(corpus)), False, "structure+bytes")
    return Input(mutate_bytes(seed, rng, rng.choice(corpus)), False, "bytes")


# --- crashes ---------------------------------------------------------------------------


def slug(signature: str) -> str:
    """A short file name for a crash: ``exception:KeyError@panelcheck/graph.py:12`` ->
    ``keyerror-graph-12``."""
    text = signature.replace("panelcheck/", "").replace(".py", "")
    text = re.sub(r"^(exception|resource):", "", text)
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text[:60] or "crash"


@dataclass
class Seen:
    """A distinct crash: its first occurrence, how often it came back, its file."""

    first: Crash
    index: int
    count: int = 1
    path: Path | None = None
    minimized: bool = False
    cli_check: str = ""


@dataclass
class Stats:
    """Counters for progress lines and the summary."""

    started: float = field(default_factory=time.monotonic)
    inputs: int = 0
    by_api: Counter[str] = field(default_factory=Counter)
    by_origin: Counter[str] = field(default_factory=Counter)
    cli_inputs: int = 0
    cli_runs: int = 0
    corpus_added: int = 0
    harness_errors: int = 0
    occurrences: Counter[str] = field(default_factory=Counter)

    def rate(self) -> float:
        return self.inputs / max(1e-9, time.monotonic() - self.started)


class Fuzzer:
    """The loop: make an input, check it, keep what is new, record what breaks."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.corpus = load_seeds(args.corpus)
        self.seed_count = len(self.corpus)
        self.workdir = workdir
        self.inprocess = InProcess(self.workdir, args.time_limit)
        self.cli = CommandLine(self.workdir, args.cli_timeout)
        self.feedback = LineFeedback()
        self.crashes: dict[str, Seen] = {}
        self.stats = Stats()
        args.crashes.mkdir(parents=True, exist_ok=True)

    def done(self) -> bool:
        if self.args.seconds is not None:
            return time.monotonic() - self.stats.started >= self.args.seconds
        return self.stats.inputs >= self.args.inputs

    def run(self) -> None:
        print(f"work folder {self.workdir} (input.json holds the current input)", flush=True)
        while not self.done():
            self.stats.inputs += 1
            self.step(self.stats.inputs)
            if self.stats.inputs % self.args.progress_every == 0:
                self.progress()

    def _check(self, item: Input) -> tuple[Crash | None, Any]:
        """Run in process under a watchdog. A hang inside C code (a regular expression,
        the JSON parser) holds the interpreter so that the alarm never fires; the fault
        handler's own thread then prints every stack and ends the process, leaving the
        input in the work folder."""
        faulthandler.dump_traceback_later(self.args.time_limit * 6, exit=True)
        try:
            return self.inprocess.run(item)
        finally:
            faulthandler.cancel_dump_traceback_later()

    def step(self, index: int) -> None:
        to_cli = bool(self.args.cli_every) and index % self.args.cli_every == 0
        try:
            item = self.make_input(to_cli)
        except Exception:  # a bug of the fuzzer's own must not end a long run
            self.stats.harness_errors += 1
            self.stats.inputs -= 1
            if self.stats.harness_errors <= 3:
                traceback.print_exc()
            return
        self.stats.by_origin[item.origin] += 1
        self.stats.by_api["check_text" if item.as_text else "check_path"] += 1
        if item.as_text:  # check_path writes its own copy; a text input is kept here
            (self.workdir / "input.json").write_bytes(item.data)
        traced = self.args.trace_every and index % self.args.trace_every == 0
        if traced:
            with self.feedback.tracing():
                crash, result = self._check(item)
        else:
            crash, result = self._check(item)
        if crash is not None and traced and crash.kind == "hang":
            crash, result = self._check(item)  # tracing slows a run ten times: confirm
        if crash is not None:
            self.record(crash, index)
        elif traced and self.feedback.added and len(item.data) <= MAX_CORPUS_ENTRY:
            self.keep(item.data)
        if to_cli:
            self.stats.cli_inputs += 1
            self.stats.cli_runs += 3
            for cli_crash in self.cli.run(item, result):
                self.record(cli_crash, index)

    def make_input(self, to_cli: bool) -> Input:
        if to_cli and self.rng.random() < self.args.large_share:
            made = large_input(self.corpus, self.rng)
            if made is not None:
                return made
        return next_input(self.corpus, self.rng)

    def keep(self, data: bytes) -> None:
        """Add an input that reached new lines; past the cap, replace a non-seed entry."""
        self.stats.corpus_added += 1
        if len(self.corpus) < MAX_CORPUS:
            self.corpus.append(data)
        else:
            self.corpus[self.rng.randrange(self.seed_count, MAX_CORPUS)] = data

    def record(self, crash: Crash, index: int) -> None:
        self.stats.occurrences[crash.kind] += 1
        seen = self.crashes.get(crash.signature)
        if seen is not None:
            seen.count += 1
            return
        seen = self.crashes[crash.signature] = Seen(crash, index)
        seen.path = self._save(crash.signature, crash.input.data)
        last = crash.detail.strip().splitlines()[-1:] or [""]
        print(f"NEW {crash.kind} #{index} {crash.signature}: {last[0][:200]}", flush=True)

    def _save(self, signature: str, data: bytes) -> Path:
        name, number = slug(signature), 1
        taken = {seen.path.name for seen in self.crashes.values() if seen.path}
        while f"{name}.json" in taken:
            number += 1
            name = f"{slug(signature)}-{number}"
        path = self.args.crashes / f"{name}.json"
        path.write_bytes(data)
        return path

    def progress(self) -> None:
        s = self.stats
        print(
            f"{s.inputs:>8} inputs  {s.rate():6.0f}/s  cli {s.cli_inputs}  "
            f"corpus {len(self.corpus)}  lines {len(self.feedback.seen)}  "
            f"crashes {len(self.crashes)} ({sum(s.occurrences.values())} hits)  "
            f"rss {_rss_mb():.0f} MB",
            flush=True,
        )

    # --- after the run ---------------------------------------------------------------

    def still_fails(self, seen: Seen) -> Any:
        """The predicate for minimizing: the same crash (or kind, for BY_KIND) again."""
        first = seen.first

        def matches(crash: Crash) -> bool:
            if first.kind in BY_KIND:
                return crash.kind == first.kind
            return crash.signature == first.signature

        def check(data: bytes) -> bool:
            as_text = first.input.as_text and _utf8(data)
            item = Input(data, as_text, "minimize")
            crash, result = self._check(item)
            if not first.kind.startswith("cli") and first.kind != "mismatch":
                return crash is not None and matches(crash)
            return any(matches(c) for c in self.cli.run(item, result))

        return check

    def finish(self) -> None:
        for seen in self.crashes.values():
            is_cli = seen.first.kind.startswith("cli") or seen.first.kind == "mismatch"
            budget = self.args.minimize_seconds * (2 if is_cli else 1)
            if seen.path is not None and budget > 0:
                small = minimize(seen.first.input.data, self.still_fails(seen), budget)
                seen.path.write_bytes(small)
                seen.minimized = True
                seen.cli_check = self._cli_check(small)

    def _cli_check(self, data: bytes) -> str:
        """How the saved reproducer fares on the command line."""
        crashes = self.cli.run(Input(data, False, "report"), None)
        return "; ".join(sorted({c.signature for c in crashes})) or "no failure on the CLI"


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _rss_mb() -> float:
    """Resident memory now (Linux), for noticing growth over a long run."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * 4096 / 1e6


# --- the summary -----------------------------------------------------------------------


def summary(fuzzer: Fuzzer, command: str) -> str:
    s, args = fuzzer.stats, fuzzer.args
    elapsed = time.monotonic() - s.started
    kinds = Counter(seen.first.kind for seen in fuzzer.crashes.values())
    lines = [
        f"command: {command}",
        f"seed: {args.seed}",
        f"panelcheck under test: {describe_source(args)}",
        f"inputs run in process: {s.inputs} ({dict(s.by_api)}; origins {dict(s.by_origin)})",
        f"inputs run on the command line: {s.cli_inputs} ({s.cli_runs} invocations)",
        f"time: {elapsed:.0f} s, {s.inputs / max(elapsed, 1e-9):.0f} inputs/s overall",
        f"slowest input in process: {fuzzer.inprocess.slowest}",
        f"slowest command-line run: {fuzzer.cli.slowest}",
        f"corpus: {fuzzer.seed_count} seeds + {s.corpus_added} added for new coverage, "
        f"{len(fuzzer.feedback.seen)} panelcheck lines seen (traced inputs only)",
        f"resident memory at the end: {_rss_mb():.0f} MB",
        f"errors of the fuzzer itself (inputs skipped): {s.harness_errors}",
        f"distinct crashes: {len(fuzzer.crashes)} {dict(kinds)}",
        f"occurrences by kind: {dict(s.occurrences)}",
        f"hangs: {kinds.get('hang', 0) + kinds.get('cli-timeout', 0)} distinct, "
        f"{s.occurrences.get('hang', 0) + s.occurrences.get('cli-timeout', 0)} occurrences",
    ]
    for signature, seen in sorted(fuzzer.crashes.items()):
        path = _shown(seen.path) if seen.path else "-"
        lines += [
            "",
            f"== {signature}",
            f"   kind {seen.first.kind}, via {seen.first.api}, first at input {seen.index}, "
            f"{seen.count} occurrences, origin {seen.first.input.origin}",
            f"   reproducer {path} ({'minimized' if seen.minimized else 'as found'})",
            f"   reproducer on the CLI: {seen.cli_check or 'not checked'}",
            *("   | " + line for line in _tail(seen.first.detail)),
        ]
    return "\n".join(lines) + "\n"


def _shown(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _tail(detail: str, count: int = 12) -> list[str]:
    return detail.rstrip().splitlines()[-count:]


def write_index(fuzzer: Fuzzer) -> None:
    """``crashes/README.md``: one section per reproducer file with its traceback."""
    if not fuzzer.crashes:
        return
    parts = ["# Crashes found by fuzz/fuzz.py", ""]
    for signature, seen in sorted(fuzzer.crashes.items()):
        name = seen.path.name if seen.path else "-"
        parts += [
            f"## {name}",
            "",
            f"`{signature}` via `{seen.first.api}` ({seen.count} occurrences). "
            f"On the command line: {seen.cli_check or 'not checked'}.",
            "",
            "```",
            *_tail(seen.first.detail, 25),
            "```",
            "",
        ]
    (fuzzer.args.crashes / "README.md").write_text("\n".join(parts), encoding="utf-8")


def describe_source(args: argparse.Namespace) -> str:
    """Which panelcheck ran: a committed revision, or a folder (with the repository's
    uncommitted changes, which other people's edits may make a moving target)."""
    if args.rev:
        return f"git {args.rev} ({_git('rev-parse', '--short', args.rev)}), a snapshot"
    if args.root:
        return str(args.root)
    dirty = _git("status", "--short", "--", "panelcheck", "rules").splitlines()
    changed = ", ".join(line.split(maxsplit=1)[-1] for line in dirty)
    state = f"uncommitted: {changed}" if dirty else "clean"
    return f"working tree at {_git('rev-parse', '--short', 'HEAD')} ({state})"


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    return done.stdout.strip()


# --- replaying saved files -------------------------------------------------------------


def replay(paths: list[Path], workdir: Path, args: argparse.Namespace) -> int:
    """Run saved inputs once, in process and on the command line, and say what broke."""
    inprocess = InProcess(workdir, args.time_limit)
    cli = CommandLine(workdir, args.cli_timeout)
    broken = 0
    for path in paths:
        item = Input(path.read_bytes(), False, "replay")
        crash, result = inprocess.run(item)
        found = ([crash] if crash else []) + cli.run(item, result)
        broken += bool(found)
        outcome = "; ".join(c.signature for c in found) or (
            f"ok ({len(result.findings)} findings, {'invalid' if result.invalid else 'valid'})"
        )
        print(f"{path}: {outcome}", flush=True)
    return 1 if broken else 0


# --- the command line ------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs to run")
    parser.add_argument("--seconds", type=float, help="run this long instead of --inputs")
    parser.add_argument("--seed", type=int, default=0, help="random seed (reproducible runs)")
    parser.add_argument("--corpus", type=Path, help="folder of seed files (default: samples)")
    parser.add_argument("--cli-every", type=int, default=500, help="0: never the CLI")
    parser.add_argument(
        "--large-share", type=float, default=0.3, help="share of CLI inputs made large panels"
    )
    parser.add_argument("--trace-every", type=int, default=16, help="0: no coverage feedback")
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds per input")
    parser.add_argument("--cli-timeout", type=float, default=60.0, help="seconds per CLI run")
    parser.add_argument("--minimize-seconds", type=float, default=60.0, help="per crash")
    parser.add_argument("--progress-every", type=int, default=2000)
    parser.add_argument("--crashes", type=Path, default=HERE / "crashes")
    parser.add_argument("--summary", type=Path, default=HERE / "last-run.txt")
    parser.add_argument("--rev", help="test this committed revision (a snapshot) instead")
    parser.add_argument("--root", type=Path, help="test the panelcheck/ in this folder instead")
    parser.add_argument("--replay", type=Path, nargs="+", help="only run these files once")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = " ".join(["python fuzz/fuzz.py", *(argv if argv is not None else sys.argv[1:])])
    workdir = Path(tempfile.mkdtemp(prefix="panelcheck-fuzz-"))
    try:
        if args.rev:
            configure(snapshot(args.rev, Path(tempfile.mkdtemp(dir=workdir))))
        elif args.root:
            configure(args.root)
        if args.replay:
            return replay(args.replay, workdir, args)
        return fuzz(args, workdir, command)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def fuzz(args: argparse.Namespace, workdir: Path, command: str) -> int:
    """The fuzzing run, its minimized reproducers and its summary. SIGTERM stops it like
    Ctrl-C: what was found is still minimized and summarized."""
    signal.signal(signal.SIGTERM, _stop)
    print(f"panelcheck under test: {describe_source(args)} in {targets.SOURCE}", flush=True)
    fuzzer = Fuzzer(args, workdir)
    try:
        fuzzer.run()
    except KeyboardInterrupt:
        print("interrupted; minimizing what was found", flush=True)
    fuzzer.finish()
    text = summary(fuzzer, command)
    args.summary.write_text(text, encoding="utf-8")
    fuzzer.inprocess.slowest.save(args.summary.with_name("slowest-in-process.json"))
    fuzzer.cli.slowest.save(args.summary.with_name("slowest-command-line.json"))
    write_index(fuzzer)
    print(text, end="")
    return 1 if fuzzer.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
