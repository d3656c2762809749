"""The ``panelcheck`` command line (click): the group, its entry point, and the commands
(validate; rules, rule, catalog and schema in info; render, bom and graph in pictures;
server, the language server).

Commands only: no rule logic and no run logic lives here. Heavy modules (pint,
networkx, pydantic models) are imported inside the commands, so ``panelcheck --help``
and the like answer at once.
"""

from __future__ import annotations

import os
from typing import NoReturn

import click

from panelcheck import __version__
from panelcheck.cli.info import catalog_command, rule_command, rules_command, schema_command
from panelcheck.cli.pictures import bom_command, graph_command, render_command
from panelcheck.cli.server import server_command
from panelcheck.cli.validate import validate_command
from panelcheck.run.process import exit_after

__all__ = ["main", "run"]

# panelcheck uses no pydantic plugins; looking for them scans every installed package's
# entry points, which costs a noticeable part of a short run. A user's own setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="panelcheck")
def main() -> None:
    """Check DIN-rail panel layouts against the manufacturers' data sheets."""


for _command in (
    validate_command,
    rules_command,
    rule_command,
    catalog_command,
    schema_command,
    render_command,
    bom_command,
    graph_command,
    server_command,
):
    main.add_command(_command)


def run() -> NoReturn:
    """The ``panelcheck`` command (console script and ``python -m panelcheck``): the
    group in a process set up for a short life, which ends with ``os._exit`` once the
    output is flushed (see :func:`panelcheck.run.process.exit_after`)."""
    exit_after(main)
