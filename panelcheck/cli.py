"""The ``panelcheck`` command line (click). Commands only: no rule logic lives here.

Heavy modules (pint, networkx, pydantic models) are imported inside the commands, so
``panelcheck --help`` and the like answer at once.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from panelcheck import __version__

if TYPE_CHECKING:
    from panelcheck.catalog import Catalog
    from panelcheck.config import Config
    from panelcheck.engine import Analysis

# Kept here rather than imported from panelcheck.reporters so that ``--help`` stays fast.
FORMAT_NAMES = ("text", "json", "sarif", "junit", "github")

EXIT_USAGE = 2


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """``--select JMP,WIR --select GLD001`` -> ("JMP", "WIR", "GLD001")."""
    return tuple(s.strip().upper() for v in values for s in v.split(",") if s.strip())


def _fail(message: str) -> NoReturn:
    click.echo(f"panelcheck: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _config(path: str | None) -> Config | None:
    """The configuration: ``--config FILE``, else the nearest one above the working folder."""
    from panelcheck.config import ConfigError, find_config, load_config
    from panelcheck.ruleset import load_rules

    found = Path(path) if path else find_config(Path.cwd())
    if found is None:
        return None
    if not found.is_file():
        _fail(f"{found}: no such configuration file")
    try:
        return load_config(found, load_rules())
    except ConfigError as exc:
        _fail(f"configuration error: {exc}")


def _catalog(config: Config | None, folders: Sequence[str]) -> Catalog:
    from panelcheck.catalog import CatalogError, load_catalog

    extra = [*(config.catalogs if config else ()), *(Path(f) for f in folders)]
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
    statistics: bool,
    show_waived: bool,
    quiet: bool,
) -> None:
    """Check layout files, or folders searched for layout files.

    Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 a file
    could not be read as a layout, a broken catalog or configuration, or a usage error.
    """
    from panelcheck.discovery import discover
    from panelcheck.engine import Engine, Options, exit_code
    from panelcheck.reporters import ReportOptions, renderer
    from panelcheck.ruleset import load_rules, unknown_selectors

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
    if output is not None and any(_same_file(output, f) for f in files):
        raise click.BadParameter(
            f"{output} is one of the layouts being checked; panelcheck never writes a layout file",
            param_hint="--output",
        )
    config = _config(config_path)
    options = Options(
        select=selected or None, ignore=ignored, extend_select=extended, config=config
    )
    engine = Engine(options, catalog=_catalog(config, catalogs))
    results = engine.check_paths(files)
    if not results:
        _fail("no layout files found in " + ", ".join(paths))
    threshold = fail_on or (config.fail_on if config else None) or "error"
    report = renderer(output_format)(
        results,
        ReportOptions(
            show_waived=show_waived,
            quiet=quiet,
            statistics=statistics,
            fail_on=threshold,
            rules=rules,
            enabled=frozenset(engine.enabled),
            root=Path.cwd(),
        ),
    )
    if output is None:
        click.echo(report, nl=False)
    else:
        from panelcheck.output import write_atomically

        try:
            write_atomically(Path(output), report)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
    status = exit_code(results, threshold)
    sys.exit(0 if exit_zero and status == 1 else status)


def _same_file(output: str, path: str) -> bool:
    try:
        return Path(output).resolve() == Path(path).resolve()
    except OSError:
        return False


@main.command("rules")
def rules_command() -> None:
    """List every rule: code, name, default severity and summary."""
    from panelcheck.explain import rules_table
    from panelcheck.ruleset import load_rules

    click.echo(rules_table(load_rules()), nl=False)


@main.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Explain one rule: what fires, why, a failing and a passing example, the sources."""
    from panelcheck.engine import Engine
    from panelcheck.explain import rule_text
    from panelcheck.ruleset import example, load_rules

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
    from panelcheck.explain import catalog_table, part_text

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
    from panelcheck.layout import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def _analyse(path: str, config_path: str | None, catalogs: tuple[str, ...]) -> Analysis:
    """One layout analysed with the configuration; exit 2 with LAY000 when unreadable."""
    from panelcheck.engine import Engine, Options
    from panelcheck.reporters.text import render as render_text

    config = _config(config_path)
    engine = Engine(Options(config=config), catalog=_catalog(config, catalogs))
    analysis = engine.analyse_path(path)
    if analysis.graph is None:
        from panelcheck.reporters import ReportOptions

        click.echo(render_text([analysis.result], ReportOptions()), err=True, nl=False)
        sys.exit(EXIT_USAGE)
    return analysis


def _emit(text: str, output: str | None, source: str) -> None:
    """Print, or write whole to ``output`` (never onto the layout being read)."""
    if output is None:
        click.echo(text, nl=False)
        return
    if _same_file(output, source):
        raise click.BadParameter(
            f"{output} is the layout being read; panelcheck never writes a layout file",
            param_hint="--output",
        )
    from panelcheck.output import write_atomically

    try:
        write_atomically(Path(output), text)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


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
    analysis = _analyse(path, config_path, catalogs)
    assert analysis.graph is not None
    panel = analysis.graph.layout.panel
    title = (panel.name if panel and panel.name else None) or Path(path).name
    if suffix == ".svg":
        from panelcheck.drawing import render_svg

        text = render_svg(analysis.graph, analysis.result.findings, title)
    else:
        from panelcheck.html_report import render_html

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
    from panelcheck.bom import bill_of_materials, render_bom

    graph = _analyse(path, config_path, catalogs).graph
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
    from panelcheck.export import render_graph

    graph = _analyse(path, config_path, catalogs).graph
    assert graph is not None
    _emit(render_graph(graph, output_format), output, path)
