"""The ``panelcheck`` command line (click). Commands only: no rule logic lives here.

Heavy modules (pint, networkx, pydantic models) are imported inside the commands, so
``panelcheck --help`` and the like answer at once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import NoReturn

import click

from panelcheck import __version__

EXIT_USAGE = 2


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """``--select JMP,WIR --select GLD001`` -> ("JMP", "WIR", "GLD001")."""
    return tuple(s.strip().upper() for v in values for s in v.split(",") if s.strip())


def _fail(message: str) -> NoReturn:
    click.echo(f"panelcheck: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _load_catalog():  # type: ignore[no-untyped-def]
    from panelcheck.catalog import CatalogError, load_catalog

    try:
        return load_catalog()
    except CatalogError as exc:
        _fail(f"broken catalog: {exc}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="panelcheck")
def main() -> None:
    """Check DIN-rail panel layouts against the manufacturers' data sheets."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Run only these rules: codes, prefixes (JMP) or ALL, comma-separated.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Do not run these rules: codes or prefixes, comma-separated.",
)
@click.option("--show-waived", is_flag=True, help="List waived findings in the text report.")
def validate(
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    show_waived: bool,
) -> None:
    """Check layout files, or folders searched for layout files.

    Exit status: 0 no errors, 1 errors found, 2 a file could not be read as a layout
    or the command line is wrong.
    """
    from panelcheck.discovery import discover
    from panelcheck.engine import Engine, Options, exit_code
    from panelcheck.reporters import ReportOptions, renderer
    from panelcheck.ruleset import load_rules, unknown_selectors

    selected, ignored = _split(select), _split(ignore)
    unknown = unknown_selectors(selected + ignored, load_rules())
    if unknown:
        raise click.BadParameter(
            f"no rule matches {', '.join(unknown)} ('panelcheck rules' lists them)",
            param_hint="--select/--ignore",
        )
    options = Options(select=selected or None, ignore=ignored)
    engine = Engine(options, catalog=_load_catalog())
    results = engine.check_paths(discover(paths))
    if not results:
        _fail("no layout files found in " + ", ".join(paths))
    click.echo(renderer(output_format)(results, ReportOptions(show_waived=show_waived)), nl=False)
    sys.exit(exit_code(results))


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
    catalog = _load_catalog()
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
def catalog_command(part: str | None) -> None:
    """List the known parts, or show one part's limits, sources and assumptions."""
    from panelcheck.explain import catalog_table, part_text

    catalog = _load_catalog()
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
