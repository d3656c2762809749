"""The commands that show one panel rather than judge it: ``render`` (the drawing, or an
HTML page with the findings), ``bom`` (the bill of materials) and ``graph`` (the graph
for other tools).

Their format names are the renderers' own (``FORMATS`` in :mod:`panelcheck.pictures.bom`
and :mod:`panelcheck.graph.export`), written out again here because both modules import
the graph, and with it networkx and pint, which ``--help`` must not wait for: a format
added there must be added here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from panelcheck.cli.common import (
    CATALOG_OPTION,
    CONFIG_OPTION,
    catalog,
    check_output,
    configuration,
    fail,
    write,
)
from panelcheck.run.process import EXIT_USAGE

if TYPE_CHECKING:
    from panelcheck.engine.core import Analysis, Engine
    from panelcheck.graph import PanelGraph

BOM_FORMATS = ("text", "csv", "json")
"""The same as :data:`panelcheck.pictures.bom.FORMATS`."""
GRAPH_FORMATS = ("graphml", "json")
"""The same as :data:`panelcheck.graph.export.FORMATS`."""


def _engine(config_path: str | None, catalogs: tuple[str, ...], findings: bool = True) -> Engine:
    """The engine of ``render``, ``bom`` and ``graph``, with the configuration.

    Without ``findings`` (``bom``, ``graph``: they show the panel, not its findings) only
    the layout rules run, which the graph needs anyway: the other checks would cost as
    much again as the export of a large panel."""
    from panelcheck.engine.core import Engine, Options

    config = configuration(config_path)
    options = Options(config=config) if findings else Options(config=config, select=("LAY",))
    return Engine(options, catalog=catalog(config, catalogs))


def _analyse(
    path: str, config_path: str | None, catalogs: tuple[str, ...], findings: bool = True
) -> Analysis:
    """One layout analysed with the configuration; exit 2 with its LAY000 findings when
    it is not a layout, or only partly one (an element left out for a schema error: a
    drawing, a bill of materials or a graph without it would look complete)."""
    return _analysed(_engine(config_path, catalogs, findings), path)


def _analysed(engine: Engine, path: str) -> Analysis:
    from panelcheck.reporters.text import render as render_text

    analysis = engine.analyse_path(path)
    if analysis.graph is None or analysis.result.invalid:
        from panelcheck.findings import FileResult
        from panelcheck.reporters import ReportOptions

        result = analysis.result
        unreadable = [f for f in result.findings if f.code == "LAY000"]
        shown = FileResult(result.path, unreadable, invalid=True)
        click.echo(render_text([shown], ReportOptions()), err=True, nl=False)
        sys.exit(EXIT_USAGE)
    return analysis


def _graph_of(engine: Engine, path: str) -> PanelGraph:
    graph = _analysed(engine, path).graph
    assert graph is not None  # _analysed exits 2 on a file that is not a layout
    return graph


def _emit(text: str | Iterable[str], output: str | None, source: str) -> None:
    """Print, or write whole to ``output`` (never onto the layout being read)."""
    write(text, output, [source])


@click.command("render")
@click.argument("path", type=click.Path())
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="OUT.svg|OUT.html",
    type=click.Path(dir_okay=False),
    help="The drawing (.svg) or a page with the drawing and the findings (.html).",
)
@CATALOG_OPTION
@CONFIG_OPTION
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
    check_output(output, [path])
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


_OUTPUT_OPTION = click.option(
    "--output",
    "-o",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write to FILE (whole or not at all) instead of stdout.",
)


def _panel(
    path: str, output: str | None, config_path: str | None, catalogs: tuple[str, ...]
) -> PanelGraph:
    """The graph of ``path`` for ``bom`` and ``graph``, once ``output`` is known to be a
    target they may write (checked before the work, so a refused run costs nothing)."""
    if output is not None:
        check_output(output, [path])
    graph = _analyse(path, config_path, catalogs, findings=False).graph
    assert graph is not None  # _analyse exits 2 on a file that is not a layout
    return graph


@click.command("bom")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(BOM_FORMATS),
    default="text",
    show_default=True,
)
@_OUTPUT_OPTION
@CATALOG_OPTION
@CONFIG_OPTION
def bom_command(
    paths: tuple[str, ...],
    output_format: str,
    output: str | None,
    catalogs: tuple[str, ...],
    config_path: str | None,
) -> None:
    """Bill of materials of one or more layouts (files, or folders searched for them),
    summed: parts and quantities to order, sorted by part number, and the DIN rails as
    cut lengths per profile."""
    from panelcheck.pictures.bom import bill_of_materials, render_bom
    from panelcheck.run.discovery import discover

    files = discover(paths)
    if not files:
        fail("no layout files found in " + ", ".join(paths))
    if output is not None:
        check_output(output, files)
    engine = _engine(config_path, catalogs, findings=False)
    graphs = [_graph_of(engine, path) for path in files]
    _emit(render_bom(bill_of_materials(graphs), output_format), output, files[0])


@click.command("graph")
@click.argument("path", type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(GRAPH_FORMATS),
    default="graphml",
    show_default=True,
)
@_OUTPUT_OPTION
@CATALOG_OPTION
@CONFIG_OPTION
def graph_command(
    path: str,
    output_format: str,
    output: str | None,
    catalogs: tuple[str, ...],
    config_path: str | None,
) -> None:
    """Export the layout's graph (nodes, edges, currents) as GraphML or node-link JSON."""
    from panelcheck.graph.export import render_graph

    graph = _panel(path, output, config_path, catalogs)
    _emit(render_graph(graph, output_format), output, path)
