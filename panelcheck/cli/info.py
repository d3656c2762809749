"""The commands that explain rather than check: ``rules``, ``rule``, ``catalog`` and
``schema``. Their text is made in :mod:`panelcheck.cli.explain` from the rule and
catalog data, so what they say is what validate checks.
"""

from __future__ import annotations

import json

import click

from panelcheck.cli.common import CATALOG_OPTION, CONFIG_OPTION, catalog, configuration, fail
from panelcheck.cli.drafting import CatalogCommand


@click.command("rules")
def rules_command() -> None:
    """List every rule: code, name, default severity and summary."""
    from panelcheck.cli.explain import rules_table
    from panelcheck.engine.ruleset import load_rules

    click.echo(rules_table(load_rules()), nl=False)


@click.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Explain one rule: what fires, why, a failing and a passing example, the sources."""
    from panelcheck.cli.explain import rule_text
    from panelcheck.engine.core import Engine
    from panelcheck.engine.ruleset import example, load_rules

    rules = load_rules()
    info = rules.get(code.upper())
    if info is None:
        fail(f"no rule {code!r}; 'panelcheck rules' lists them")
    parts = catalog(None, ())
    said: list[str] = []
    failing = example(info.code, "fail")
    if failing is not None:
        result = Engine(catalog=parts).check_text("example.json", failing)
        said = [
            f"example.json:{f.line}:{f.column}: {f.code} {f.severity}: {f.message}"
            for f in result.findings
            if f.code == info.code
        ]
    click.echo(rule_text(info, parts, said), nl=False)


@click.command("catalog", cls=CatalogCommand)
@click.argument("part", required=False)
@CATALOG_OPTION
@CONFIG_OPTION
def catalog_command(part: str | None, catalogs: tuple[str, ...], config_path: str | None) -> None:
    """List the known parts, or show one part's limits, sources and assumptions."""
    from panelcheck.cli.explain import catalog_table, part_text
    from panelcheck.engine.ruleset import load_rules

    parts = catalog(configuration(config_path), catalogs)
    if part is None:
        click.echo(catalog_table(parts), nl=False)
        return
    if parts.get(part) is None:
        near = parts.close_matches(part)
        hint = f"; did you mean {' or '.join(near)}?" if near else ""
        fail(f"no part {part!r} in the catalog{hint}")
    click.echo(part_text(parts, part, load_rules()), nl=False)


@click.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of layout format 1 (for editors, via "$schema")."""
    from panelcheck.read.format import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
