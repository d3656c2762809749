"""What the commands share: how a usage error ends the command, the configuration and
catalog they load, the ``--catalog`` and ``--config`` options, and writing their output.

Every failure a user can cause ends here as one line on stderr and exit status 2, never
a traceback. Heavy modules are imported inside the functions (see :mod:`panelcheck.cli`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from panelcheck.run.process import EXIT_USAGE, checkpoint

if TYPE_CHECKING:
    from panelcheck.catalog import Catalog
    from panelcheck.run.config import Config


def fail(message: str) -> NoReturn:
    """Say ``message`` on stderr (made printable: it may hold a file name) and exit 2."""
    from panelcheck.findings import printable

    click.echo(f"panelcheck: {printable(message)}", err=True)
    sys.exit(EXIT_USAGE)


def configuration(path: str | None) -> Config | None:
    """The configuration: ``--config FILE``, else the nearest one above the working folder."""
    from panelcheck.engine.ruleset import load_rules
    from panelcheck.run.config import ConfigError, find_config, load_config

    found = Path(path) if path else find_config(Path.cwd())
    if found is None:
        return None
    if not os.path.lexists(found):  # anything else there is refused by load_config, saying why
        fail(f"{found}: no such configuration file")
    try:
        return load_config(found, load_rules())
    except ConfigError as exc:
        fail(f"configuration error: {exc}")


def catalog(config: Config | None, folders: Sequence[str | Path]) -> Catalog:
    """The shipped catalog with the configuration's and the command line's folders."""
    from panelcheck.catalog import CatalogError, load_catalog
    from panelcheck.engine.options import Options

    extra = Options(config=config, catalogs=tuple(Path(f) for f in folders)).catalog_folders()
    try:
        return load_catalog(extra)
    except CatalogError as exc:
        fail(f"broken catalog: {exc}")


CATALOG_OPTION = click.option(
    "--catalog",
    "catalogs",
    multiple=True,
    metavar="DIR",
    help="A folder of catalog TOML files whose parts add to or replace the shipped ones.",
)
CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    metavar="FILE",
    help="Configuration file to use instead of the nearest .panelcheck.toml or pyproject.toml.",
)


def check_output(output: str, sources: Sequence[str]) -> None:
    """A usage error, before any work, when ``output`` is a layout or a folder."""
    from panelcheck.run.output import RefusedOutput, check_target

    try:
        check_target(Path(output), sources)
    except RefusedOutput as exc:
        from panelcheck.findings import printable

        raise click.BadParameter(printable(str(exc)), param_hint="--output") from None


def write(
    text: str | Iterable[str], output: str | None, sources: Sequence[str], color: bool = False
) -> None:
    """Print, or write whole to ``output`` (never onto a layout file). ``color`` keeps
    the colours of a report that asked for them (click drops them off a terminal)."""
    checkpoint()
    if output is None:
        try:
            for piece in (text,) if isinstance(text, str) else text:
                click.echo(piece, nl=False, color=color or None)
            sys.stdout.flush()
        except OSError as exc:  # a closed pipe, a full disk: said, never a traceback
            fail(f"cannot write the report to standard output: {exc.strerror or exc}")
        return
    from panelcheck.run.output import RefusedOutput, write_atomically

    try:
        write_atomically(Path(output), text, sources)
    except RefusedOutput as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
