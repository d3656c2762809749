"""panelcheck's speed and memory against its goals, measured as ratios side by side.

    python benchmarks/run.py              # every goal, 5 interleaved runs per side
    python benchmarks/run.py --runs 9 --goal scale

Each goal compares two commands (or panelcheck against itself at two sizes). The two
sides are run alternately, after one unmeasured warm-up run of each, and the table shows
each side's median wall time, their ratio and the goal. Ratios, not absolute times, are
what mean something: both sides ran on the same machine under the same load, moments
apart. Nothing here is asserted in the test suite. The editor goal (6) is the one
exception to ratios: its issue set absolute limits, so its rows put the limit where the
reference's time would be, and the ratio is the measured median over the limit (goal:
at most 1).

The goals (from the issue that set them):

1. cold: ``panelcheck validate`` of a clean 55-module panel, with nothing cached, takes
   no longer than ``check-jsonschema`` validating the same file against ``panelcheck
   schema`` (the schema is written to a file beforehand, so the reference side does not
   pay for running panelcheck);
2. scale: a clean 20,000-module panel in at most 6x the 55-module time and at most
   400 MB, and 20,000 against 2,000 modules at most 11x (linear growth);
3. many files: 500 files of 11 modules in one run in at most 2x one 5,500-module file
   (``--jobs`` at its default, the number of cores);
4. warm: a re-run answered from the cache in no more time than ``yamllint`` on a YAML
   file of the same size (the same panel as YAML, padded with comment lines to the
   JSON file's byte count);
5. exports: ``panelcheck graph`` (GraphML and node-link JSON) and ``validate --format
   sarif`` of the clean 20,000-module panel, each written to a file, in at most 2x a
   cold ``validate`` of it, and at most 400 MB each; and SARIF of a 20 MB file full of
   findings (``generate.py --failing``) in at most 2x ``validate`` of it, with at most
   a tenth more memory;
6. editor: ``panelcheck server``, driven over stdio by a real LSP client
   (``benchmarks/editor.py``), publishes the diagnostics of a change to an open
   55-module layout within 100 ms once warm, and of a 2,000-module layout within 1 s.
   A change is timed from sending ``didChange`` (the whole text; one change adds a
   finding, the next removes it) to reading that version's ``publishDiagnostics``, so
   the server's pause after a change (30 ms) is in it. Each layout gets a new server,
   whose first open is noted apart; then ``--runs`` changes of each kind are measured,
   after four unmeasured ones. Also noted, with no goal: the 2,000-module change
   against a cold ``panelcheck validate`` of the same file.

Peak memory is the largest sum, over the samples taken every few milliseconds, of the
proportional set size (Pss, Linux) of the run's processes: pages a forked child shares
with its parent are counted once, pages it copied are counted. Memory is sampled in runs
of its own, as sampling costs time.

Needs the ``bench`` extra (``pip install -e '.[bench]'``: check-jsonschema, yamllint;
pygls and lsprotocol for the language server)
and panelcheck's byte code compiled (done here: without it every run compiles the
package first, which a real installation never does).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import make_failing_panel, make_panel  # noqa: E402

BIN = Path(sys.executable).parent


@dataclass
class Row:
    goal: str
    ours: str
    ours_s: float
    theirs: str
    theirs_s: float
    limit: float

    @property
    def ratio(self) -> float:
        return self.ours_s / self.theirs_s

    @property
    def met(self) -> bool:
        return self.ratio <= self.limit


def tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        sys.exit(f"{name} is not installed: pip install -e '.[bench]'")
    return on_path


Command = Callable[[], list[str]]


def wall(argv: Sequence[str], env: dict[str, str], ok: Sequence[int] = (0,)) -> float:
    """Seconds ``argv`` took; ``ok`` are the exit statuses that are not a failure (1 for
    a file with findings)."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return elapsed


def side_by_side(
    ours: Command, theirs: Command, runs: int, env: dict[str, str], ok: Sequence[int] = (0,)
) -> tuple[float, float]:
    """Medians of ``runs`` alternating runs of each command (after one warm-up each).

    The commands are functions so that each run can get fresh arguments (a new, empty
    cache folder for a cold run)."""
    wall(ours(), env, ok), wall(theirs(), env, ok)
    a, b = [], []
    for _ in range(runs):
        a.append(wall(ours(), env, ok))
        b.append(wall(theirs(), env, ok))
    return statistics.median(a), statistics.median(b)


def peak_memory_mb(argv: Sequence[str], env: dict[str, str], ok: Sequence[int] = (0,)) -> float:
    """Largest summed Pss of the process and its descendants, in MB (Linux)."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, env=env)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss_kb(pid) for pid in _tree(process.pid)))
        time.sleep(0.003)
    if process.returncode not in ok:
        sys.exit(f"{' '.join(argv)} failed ({process.returncode})")
    return peak / 1024


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as stream:
                for child in stream.read().split():
                    found += _tree(int(child))
    except OSError:
        pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Bench:
    def __init__(self, folder: Path, runs: int) -> None:
        self.folder = folder
        self.runs = runs
        self.panelcheck = tool("panelcheck")
        self.env = {**os.environ}
        self.env.pop("PANELCHECK_CACHE_DIR", None)
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.memory_ok = True
        self._fresh = 0

    def panel(self, modules: int) -> Path:
        path = self.folder / f"panel-{modules}.json"
        if not path.exists():
            path.write_text(json.dumps(make_panel(modules), indent=1) + "\n", encoding="utf-8")
        return path

    def failing_panel(self, modules: int) -> Path:
        path = self.folder / f"failing-{modules}.json"
        if not path.exists():
            text = json.dumps(make_failing_panel(modules), indent=1) + "\n"
            path.write_text(text, encoding="utf-8")
        return path

    def cold(self, *paths: Path, options: Sequence[str] = ()) -> Command:
        """panelcheck with an empty cache folder each time: nothing cached, not even
        the compiled catalog, as on a fresh checkout."""

        def argv() -> list[str]:  # called before the clock starts
            self._fresh += 1
            cache = self.folder / "cold-caches" / str(self._fresh)
            shutil.rmtree(cache, ignore_errors=True)  # left by an earlier run with --keep
            return [
                self.panelcheck,
                "validate",
                "--cache-dir",
                str(cache),
                *options,
                *map(str, paths),
            ]

        return argv

    def add(
        self,
        goal: str,
        ours: tuple[str, Command],
        theirs: tuple[str, Command],
        limit: float,
        ok: Sequence[int] = (0,),
    ) -> None:
        a, b = side_by_side(ours[1], theirs[1], self.runs, self.env, ok)
        self.rows.append(Row(goal, ours[0], a, theirs[0], b, limit))
        print(f"  {goal}: {a:.3f} s vs {b:.3f} s", file=sys.stderr)

    # -- the goals -------------------------------------------------------------------
    def goal_cold(self) -> None:
        small = self.panel(55)
        schema = self.folder / "layout.schema.json"
        schema.write_bytes(
            subprocess.run([self.panelcheck, "schema"], check=True, capture_output=True).stdout
        )
        checker = tool("check-jsonschema")
        self.add(
            "1 cold run, 55 modules",
            ("panelcheck validate", self.cold(small)),
            ("check-jsonschema", lambda: [checker, "--schemafile", str(schema), str(small)]),
            1.0,
        )

    def goal_scale(self) -> None:
        small, medium, large = self.panel(55), self.panel(2000), self.panel(20000)
        self.add(
            "2 scale, 20,000 vs 55 modules",
            ("20,000 modules", self.cold(large)),
            ("55 modules", self.cold(small)),
            6.0,
        )
        self.add(
            "2 linear, 20,000 vs 2,000 modules",
            ("20,000 modules", self.cold(large)),
            ("2,000 modules", self.cold(medium)),
            11.0,
        )
        peak = max(peak_memory_mb(self.cold(large)(), self.env) for _ in range(3))
        self.notes.append(
            f"2 memory, 20,000 modules: peak {peak:.0f} MB (goal: at most 400 MB) "
            f"{'met' if peak <= 400 else 'MISSED'}"
        )
        self.memory_ok = peak <= 400

    def goal_many(self) -> None:
        many = self.folder / "many"
        if not many.exists():
            many.mkdir()
            for i in range(500):
                text = json.dumps(make_panel(11, f"panel {i}"), indent=1) + "\n"
                (many / f"panel-{i:03d}.json").write_text(text, encoding="utf-8")
        one = self.panel(5500)
        self.add(
            "3 many files, 500 x 11 vs 1 x 5,500 modules",
            (f"500 files, --jobs {os.cpu_count()}", self.cold(many)),
            ("one file", self.cold(one)),
            2.0,
        )

    def goal_warm(self) -> None:
        small = self.panel(55)
        cache = self.folder / "warm-cache"
        subprocess.run(
            [self.panelcheck, "validate", "--cache-dir", str(cache), str(small)],
            check=True,
            capture_output=True,
        )
        yaml_file = self.folder / "panel-55.yaml"
        yaml_file.write_text(_same_size_yaml(small), encoding="utf-8")
        linter = tool("yamllint")
        self.add(
            "4 warm hook run, 55 modules",
            (
                "panelcheck, cached",
                lambda: [self.panelcheck, "validate", "--cache-dir", str(cache), str(small)],
            ),
            ("yamllint", lambda: [linter, "-d", "relaxed", str(yaml_file)]),
            1.0,
        )

    def goal_exports(self) -> None:
        """Exports written straight to a file, as a CI job or a user would: against a
        cold ``validate`` of the same file, which parses, builds and checks it too."""
        large = self.panel(20000)
        out = self.folder / "exports"
        out.mkdir(exist_ok=True)
        sarif = ["--format", "sarif", "-o", str(out / "report.sarif")]
        sides = [
            ("graph graphml", self.graph(large, "graphml", out / "graph.graphml")),
            ("graph json", self.graph(large, "json", out / "graph.json")),
            ("validate --format sarif", self.cold(large, options=sarif)),
        ]
        for name, command in sides:
            reference = ("validate", self.cold(large))
            self.add("5 exports, 20,000 modules", (name, command), reference, 2.0)
        failing = self.failing_panel(26000)  # 20 MB, 40,000 findings
        failing_sarif = self.cold(failing, options=sarif)
        reference = ("validate", self.cold(failing))
        self.add(
            "5 exports, 20 MB of findings",
            ("validate --format sarif", failing_sarif),
            reference,
            2.0,
            ok=(1,),
        )
        for name, command in sides:
            self.memory_goal(f"5 memory, {name}", self.peak(command), 400)
        checked = self.peak(self.cold(failing))
        self.memory_goal(
            "5 memory, validate --format sarif, 20 MB of findings",
            self.peak(failing_sarif),
            checked * 1.1,
            f" (validate of it: {checked:.0f} MB)",
        )

    def goal_editor(self) -> None:
        """The language server's change-to-diagnostics time against the issue's limits
        (absolute times: the reference side of the row is the limit itself)."""
        try:
            from editor import describe, measure
        except ImportError as exc:
            sys.exit(f"{exc.name} is not installed: pip install -e '.[bench]'")
        for modules, limit in ((55, 0.1), (2000, 1.0)):
            latency = measure(modules, self.runs, self.env)
            goal = f"6 editor change, {modules:,} modules"
            self.rows.append(Row(goal, "server, warm", latency.median, "limit", limit, 1.0))
            self.notes.append(f"6 editor, {describe(latency)}")
            print(f"  {goal}: {latency.median:.3f} s (limit {limit:g} s)", file=sys.stderr)
        command = self.cold(self.panel(2000))
        wall(command(), self.env)
        validate = statistics.median(wall(command(), self.env) for _ in range(self.runs))
        self.notes.append(
            f"6 editor change against a cold panelcheck validate, 2,000 modules: "
            f"{latency.median:.3f} s / {validate:.3f} s = {latency.median / validate:.2f} "
            "(no goal)"
        )

    def peak(self, command: Command) -> float:
        return max(peak_memory_mb(command(), self.env, ok=(0, 1)) for _ in range(2))

    def memory_goal(self, name: str, peak: float, limit: float, also: str = "") -> None:
        self.memory_ok = self.memory_ok and peak <= limit
        self.notes.append(
            f"{name}: peak {peak:.0f} MB{also} (goal: at most {limit:.0f} MB) "
            f"{'met' if peak <= limit else 'MISSED'}"
        )

    def graph(self, path: Path, output_format: str, target: Path) -> Command:
        """``panelcheck graph`` to a file (it reads no cache)."""
        argv = [self.panelcheck, "graph", "--format", output_format, "-o", str(target)]
        return lambda: [*argv, str(path)]


def _same_size_yaml(path: Path) -> str:
    """The panel as YAML, padded with comment lines to the JSON file's size."""
    import yaml

    text = yaml.safe_dump(json.loads(path.read_text(encoding="utf-8")), sort_keys=False)
    missing = path.stat().st_size - len(text.encode())
    line = "# " + "x" * 70 + "\n"
    while missing > len(line):
        text += line
        missing -= len(line)
    return text


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]}, {sys.platform}"


def table(rows: list[Row]) -> str:
    lines = [
        "| goal | panelcheck | reference | ratio | goal | |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.goal} | {r.ours}: {r.ours_s:.3f} s | {r.theirs}: {r.theirs_s:.3f} s "
            f"| {r.ratio:.2f} | <= {r.limit:g} | {'met' if r.met else 'MISSED'} |"
        )
    return "\n".join(lines)


GOALS = ("cold", "scale", "many", "warm", "exports", "editor")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per side")
    parser.add_argument("--goal", choices=GOALS, action="append", help="only these goals")
    parser.add_argument("--keep", metavar="DIR", help="generate the panels into DIR and keep them")
    args = parser.parse_args()
    import panelcheck

    compileall.compile_dir(str(Path(panelcheck.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory(prefix="panelcheck-bench-") as scratch:
        folder = Path(args.keep) if args.keep else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        bench = Bench(folder, args.runs)
        for goal in args.goal or GOALS:
            print(f"measuring: {goal}", file=sys.stderr)
            getattr(bench, f"goal_{goal}")()
    print(f"{time.strftime('%Y-%m-%d')}, {machine()}, median of {args.runs} interleaved runs")
    print()
    print(table(bench.rows))
    for note in bench.notes:
        print()
        print(note)
    return 0 if all(r.met for r in bench.rows) and bench.memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())
