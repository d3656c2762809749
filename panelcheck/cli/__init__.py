"""The ``panelcheck`` command line (click). Commands only: no rule logic lives here.

Heavy modules (pint, networkx, pydantic models) are imported inside the commands, so
``panelcheck --help`` and the like answer at once.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from panelcheck import __version__

if TYPE_CHECKING:
    from panelcheck.catalog import Catalog
    from panelcheck.engine.core import Analysis
    from panelcheck.findings import FileResult
    from panelcheck.run.config import Config

# panelcheck uses no pydantic plugins; looking for them scans every installed package's
# entry points, which costs a noticeable part of a short run. A user's own setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# Kept here rather than imported from panelcheck.reporters so that ``--help`` stays fast.
FORMAT_NAMES = ("text", "json", "sarif", "junit", "github")

EXIT_USAGE = 2


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """``--select JMP,WIR --select GLD001`` -> ("JMP", "WIR", "GLD001")."""
    return tuple(s.strip().upper() for v in values for s in v.split(",") if s.strip())


def _fail(message: str) -> NoReturn:
    from panelcheck.findings import printable

    click.echo(f"panelcheck: {printable(message)}", err=True)
    sys.exit(EXIT_USAGE)


def _config(path: str | None) -> Config | None:
    """The configuration: ``--config FILE``, else the nearest one above the working folder."""
    from panelcheck.engine.ruleset import load_rules
    from panelcheck.run.config import ConfigError, find_config, load_config

    found = Path(path) if path else find_config(Path.cwd())
    if found is None:
        return None
    if not os.path.lexists(found):  # anything else there is refused by load_config, saying why
        _fail(f"{found}: no such configuration file")
    try:
        return load_config(found, load_rules())
    except ConfigError as exc:
        _fail(f"configuration error: {exc}")


def _catalog(config: Config | None, folders: Sequence[str | Path]) -> Catalog:
    from panelcheck.catalog import CatalogError, load_catalog
    from panelcheck.engine.options import Options

    extra = Options(config=config, catalogs=tuple(Path(f) for f in folders)).catalog_folders()
    try:
        return load_catalog(extra)
    except CatalogError as exc:
        _fail(f"broken catalog: {exc}")


_CATALOG_OPTION = click.option(
    "--catalog",
    "catalogs",
    multiple=True,
    metavar="DIR",
    help="A folder of catalog TOML files whose parts add to or replace the shipped ones.",
)
_CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    metavar="FILE",
    help="Configuration file to use instead of the nearest .panelcheck.toml or pyproject.toml.",
)


_KEEP_UNTIL_EXIT: list[Any] = []
"""The last run's engine, left to ``os._exit`` rather than to the unwinding of the
command's frames: freeing the large panel it retains costs a tenth of the run."""


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM. Not a KeyboardInterrupt, which click would turn into
    "Aborted!" and exit status 1: a CI script must be able to tell an interrupted run
    from findings. Raised as an exception so that every ``finally`` runs: worker
    processes are stopped and no temporary output file is left."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_SIGNALLED: list[int] = []
"""The signal that asked the run to stop, kept in case its exception was swallowed."""


def _interrupt(signum: int, frame: object) -> None:
    _SIGNALLED.append(signum)
    raise Interrupted(signum)


def _checkpoint() -> None:
    """Stop here if a signal came while Python could not raise its exception (inside a
    library's C or Rust code, which reports it as "unraisable" and carries on)."""
    if _SIGNALLED:
        raise Interrupted(_SIGNALLED[0])


def _unraisable(hook: Any) -> Any:
    def quiet(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):
            hook(unraisable)  # the signal itself is heard at the next checkpoint

    return quiet


def run() -> None:
    """The ``panelcheck`` command (console script and ``python -m panelcheck``).

    Runs the click group, then leaves with ``os._exit`` once output is flushed: a
    process that has checked a large panel would otherwise spend a noticeable part of
    its run freeing objects one by one at exit, for nothing. Everything panelcheck
    writes is complete and closed before this point (an output file is renamed into
    place only when whole, so Ctrl-C leaves none; it exits with status 130).

    The cyclic garbage collector is off for the same reason: a run is short, its
    objects have no cycles worth finding, and the collector's passes over a large
    panel (during the checks, and after them while reports are written) free nothing.
    """
    gc.disable()
    sys.unraisablehook = _unraisable(sys.unraisablehook)
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)  # a CI job cancelled, a container stopped
    try:
        try:
            main()
        finally:
            _checkpoint()  # a swallowed signal still ends the run as interrupted
        status = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            status = exc.code or 0
        else:
            click.echo(exc.code, err=True)
            status = 1
    except Interrupted as stop:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut this
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        word = "interrupted" if stop.signum == signal.SIGINT else "terminated"
        click.echo(f"\npanelcheck: {word}", err=True)
        status = 128 + stop.signum
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # the reader has gone: the report did not arrive whole
            status = max(status, EXIT_USAGE)
    os._exit(status)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="panelcheck")
def main() -> None:
    """Check DIN-rail panel layouts against the manufacturers' data sheets."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Report format [default: text; github when GITHUB_ACTIONS=true].",
)
@click.option(
    "--output",
    "-o",
    "output",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write the report to FILE (whole or not at all) instead of stdout.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Run only these rules: codes, prefixes (JMP) or ALL, comma-separated.",
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Run these rules in addition to the selected ones.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Do not run these rules: codes, prefixes or ALL, comma-separated.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that makes the exit status 1 [default: error].",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings are reported (2 still means unreadable input).",
)
@_CATALOG_OPTION
@_CONFIG_OPTION
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for many files or one large panel [default: the number of cores].",
)
@click.option("--no-cache", is_flag=True, help="Check every file again; do not use the cache.")
@click.option(
    "--cache-dir",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Cache folder [default: the user's cache folder, e.g. ~/.cache/panelcheck; "
    "PANELCHECK_CACHE_DIR also sets it].",
)
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--show-waived", is_flag=True, help="List waived findings too.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary line.")
def validate(
    paths: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    catalogs: tuple[str, ...],
    config_path: str | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: str | None,
    statistics: bool,
    show_waived: bool,
    quiet: bool,
) -> None:
    """Check layout files, or folders searched for layout files.

    Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 a file
    could not be read as a layout, a broken catalog or configuration, or a usage error.
    """
    from panelcheck.engine.ruleset import enabled_codes, load_rules, unknown_selectors
    from panelcheck.findings import exit_code
    from panelcheck.reporters import ReportOptions, report_chunks
    from panelcheck.run.discovery import discover

    rules = load_rules()
    selected, extended, ignored = _split(select), _split(extend_select), _split(ignore)
    unknown = unknown_selectors(selected + extended + ignored, rules)
    if unknown:
        raise click.BadParameter(
            f"no rule matches {', '.join(unknown)} ('panelcheck rules' lists them)",
            param_hint="--select/--extend-select/--ignore",
        )
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if statistics and output_format not in ("text", "json"):
        raise click.BadParameter(
            "--statistics works with --format text or json", param_hint="--statistics"
        )
    files = discover(paths)
    if not files:
        _fail("no layout files found in " + ", ".join(paths))
    if output is not None:
        _check_output(output, files)
    config = _config(config_path)
    checking = _Run(config, catalogs, selected, extended, ignored, no_cache, cache_dir)
    results = checking.check(files, jobs or _default_jobs(), output_format)
    threshold = fail_on or (config.fail_on if config else None) or "error"
    report = report_chunks(output_format)(
        results,
        ReportOptions(
            show_waived=show_waived,
            quiet=quiet,
            statistics=statistics,
            fail_on=threshold,
            rules=rules,
            enabled=frozenset(enabled_codes(rules, checking.options.layers())),
            root=Path.cwd(),
        ),
    )
    _write(report, output, files)
    status = exit_code(results, threshold)
    sys.exit(0 if exit_zero and status == 1 else status)


def _default_jobs() -> int:
    from panelcheck.run.runner import default_jobs

    return default_jobs()


class _Run:
    """One validate run: the cache first, the engine (and its imports) only for misses."""

    def __init__(
        self,
        config: Config | None,
        catalogs: tuple[str, ...],
        select: tuple[str, ...],
        extend: tuple[str, ...],
        ignore: tuple[str, ...],
        no_cache: bool,
        cache_dir: str | None,
    ) -> None:
        import datetime

        from panelcheck.engine.options import Options
        from panelcheck.run.cache import Cache, ResultCache, default_folder, environment

        self.config = config
        self.options = Options(
            select=select or None,
            ignore=ignore,
            extend_select=extend,
            catalogs=tuple(Path(f) for f in catalogs),
            config=config,
            today=datetime.date.today(),
        )
        self.cache = None if no_cache else Cache(Path(cache_dir) if cache_dir else default_folder())
        self.results: ResultCache | None = None
        if self.cache is not None:
            self.results = ResultCache(
                self.cache,
                environment(
                    config_path=config.path if config else None,
                    catalogs=self.options.catalog_folders(),
                    options={"select": select, "extend": extend, "ignore": ignore},
                    today=self.options.today,
                ),
            )

    def check(self, files: list[str], jobs: int, output_format: str) -> list[FileResult]:
        from panelcheck.findings import FileResult
        from panelcheck.read.document import DocumentError, read_bytes
        from panelcheck.run.runner import Progress, WorkerDied

        max_bytes = self.options.max_bytes()
        found: dict[str, FileResult] = {}
        todo: list[tuple[str, bytes, str | None]] = []
        for path in files:
            try:
                raw = read_bytes(path, max_bytes)
            except DocumentError as exc:
                found[path] = FileResult(path, exc.findings, invalid=True)
                continue
            key = self.results.key(path, raw) if self.results else None
            hit = self.results.load(key) if self.results and key else None
            if hit is not None:
                found[path] = hit
            else:
                todo.append((path, raw, key))
        if todo:
            size = sum(len(raw) for _, raw, _ in todo)
            progress = Progress.for_run(size, "checking layouts", output_format)
            try:
                for (path, _, key), result in zip(
                    todo, self._engine_results(todo, jobs, progress), strict=True
                ):
                    found[path] = result
                    if self.results and key:
                        self.results.store(key, result)
            except WorkerDied as exc:
                progress.close()
                _fail(str(exc))
            finally:
                progress.close()
        if self.cache is not None and self.cache.problem:
            click.echo(f"panelcheck: warning: {self.cache.problem}", err=True)
        return [found[path] for path in files]

    def _engine_results(
        self, todo: list[tuple[str, bytes, str | None]], jobs: int, progress: Any
    ) -> Any:
        from panelcheck.engine.core import Engine
        from panelcheck.run.runner import check_all

        self.options.jobs = jobs
        engine = Engine(self.options, catalog=_catalog(self.config, self.options.catalogs))
        engine.retain_last = True
        _KEEP_UNTIL_EXIT[:] = [engine]  # what it retains outlives this command's frames
        return check_all(engine, [(path, raw) for path, raw, _ in todo], jobs, progress)


def _check_output(output: str, sources: Sequence[str]) -> None:
    """A usage error, before any work, when ``output`` is a layout or a folder."""
    from panelcheck.run.output import RefusedOutput, check_target

    try:
        check_target(Path(output), sources)
    except RefusedOutput as exc:
        from panelcheck.findings import printable

        raise click.BadParameter(printable(str(exc)), param_hint="--output") from None


def _write(text: str | Iterable[str], output: str | None, sources: Sequence[str]) -> None:
    """Print, or write whole to ``output`` (never onto a layout file)."""
    _checkpoint()
    if output is None:
        try:
            for piece in (text,) if isinstance(text, str) else text:
                click.echo(piece, nl=False)
            sys.stdout.flush()
        except OSError as exc:  # a closed pipe, a full disk: said, never a traceback
            _fail(f"cannot write the report to standard output: {exc.strerror or exc}")
        return
    from panelcheck.run.output import RefusedOutput, write_atomically

    try:
        write_atomically(Path(output), text, sources)
    except RefusedOutput as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


@main.command("rules")
def rules_command() -> None:
    """List every rule: code, name, default severity and summary."""
    from panelcheck.cli.explain import rules_table
    from panelcheck.engine.ruleset import load_rules

    click.echo(rules_table(load_rules()), nl=False)


@main.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Explain one rule: what fires, why, a failing and a passing example, the sources."""
    from panelcheck.cli.explain import rule_text
    from panelcheck.engine.core import Engine
    from panelcheck.engine.ruleset import example, load_rules

    rules = load_rules()
    info = rules.get(code.upper())
    if info is None:
        _fail(f"no rule {code!r}; 'panelcheck rules' lists them")
    catalog = _catalog(None, ())
    said = []
    failing = example(info.code, "fail")
    if failing is not None:
        result = Engine(catalog=catalog).check_text("example.json", failing)
        said = [
            f"example.json:{f.line}:{f.column}: {f.code} {f.severity}: {f.message}"
            for f in result.findings
            if f.code == info.code
        ]
    click.echo(rule_text(info, catalog, said), nl=False)


@main.command("catalog")
@click.argument("part", required=False)
@_CATALOG_OPTION
@_CONFIG_OPTION
def catalog_command(part: str | None, catalogs: tuple[str, ...], config_path: str | None) -> None:
    """List the known parts, or show one part's limits, sources and assumptions."""
    from panelcheck.cli.explain import catalog_table, part_text

    catalog = _catalog(_config(config_path), catalogs)
    if part is None:
        click.echo(catalog_table(catalog), nl=False)
        return
    if catalog.get(part) is None:
        near = catalog.close_matches(part)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        _fail(f"no part {part!r} in the catalog{hint}")
    click.echo(part_text(catalog, part), nl=False)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of layout format 1 (for editors, via "$schema")."""
    from panelcheck.read.format import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def _analyse(
    path: str, config_path: str | None, catalogs: tuple[str, ...], findings: bool = True
) -> Analysis:
    """One layout analysed with the configuration; exit 2 with LAY000 when unreadable.

    Without ``findings`` (``bom``, ``graph``: they show the panel, not its findings) only
    the layout rules run, which the graph needs anyway: the other checks would cost as
    much again as the export of a large panel."""
    from panelcheck.engine.core import Engine, Options
    from panelcheck.reporters.text import render as render_text

    config = _config(config_path)
    options = Options(config=config) if findings else Options(config=config, select=("LAY",))
    engine = Engine(options, catalog=_catalog(config, catalogs))
    analysis = engine.analyse_path(path)
    if analysis.graph is None:
        from panelcheck.reporters import ReportOptions

        click.echo(render_text([analysis.result], ReportOptions()), err=True, nl=False)
        sys.exit(EXIT_USAGE)
    return analysis


def _emit(text: str | Iterable[str], output: str | None, source: str) -> None:
    """Print, or write whole to ``output`` (never onto the layout being read)."""
    _write(text, output, [source])


@main.command("render")
@click.argument("path", type=click.Path())
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="OUT.svg|OUT.html",
    type=click.Path(dir_okay=False),
    help="The drawing (.svg) or a page with the drawing and the findings (.html).",
)
@_CATALOG_OPTION
@_CONFIG_OPTION
def render_command(
    path: str, output: str, catalogs: tuple[str, ...], config_path: str | None
) -> None:
    """Draw the rails of a layout to scale with the findings marked.

    Exit status 0 when the drawing is written, whatever it shows (use validate to gate);
    2 when the layout cannot be read or the output cannot be written.
    """
    suffix = Path(output).suffix.lower()
    if suffix not in (".svg", ".html", ".htm"):
        raise click.BadParameter("the output must end in .svg or .html", param_hint="--output")
    _check_output(output, [path])
    analysis = _analyse(path, config_path, catalogs)
    assert analysis.graph is not None
    from panelcheck.findings import printable

    title = analysis.graph.layout.get("panel", {}).get("name") or printable(
        Path(analysis.result.path).name  # a file name may hold any character but "/"
    )
    if suffix == ".svg":
        from panelcheck.pictures.drawing import render_svg

        text = render_svg(analysis.graph, analysis.result.findings, title)
    else:
        from panelcheck.pictures.page import render_html

        text = render_html(analysis.graph, analysis.result, title)
    _emit(text, output, path)


@main.command("bom")
@click.argument("path", type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write to FILE (whole or not at all) instead of stdout.",
)
@_CATALOG_OPTION
@_CONFIG_OPTION
def bom_command(
    path: str,
    output_format: str,
    output: str | None,
    catalogs: tuple[str, ...],
    config_path: str | None,
) -> None:
    """Bill of materials: parts and quantities to order, sorted by part number."""
    from panelcheck.pictures.bom import bill_of_materials, render_bom

    if output is not None:
        _check_output(output, [path])
    graph = _analyse(path, config_path, catalogs, findings=False).graph
    assert graph is not None
    _emit(render_bom(bill_of_materials(graph), output_format), output, path)


@main.command("graph")
@click.argument("path", type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["graphml", "json"]),
    default="graphml",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write to FILE (whole or not at all) instead of stdout.",
)
@_CATALOG_OPTION
@_CONFIG_OPTION
def graph_command(
    path: str,
    output_format: str,
    output: str | None,
    catalogs: tuple[str, ...],
    config_path: str | None,
) -> None:
    """Export the layout's graph (nodes, edges, currents) as GraphML or node-link JSON."""
    from panelcheck.graph.export import render_graph

    if output is not None:
        _check_output(output, [path])
    graph = _analyse(path, config_path, catalogs, findings=False).graph
    assert graph is not None
    _emit(render_graph(graph, output_format), output, path)
