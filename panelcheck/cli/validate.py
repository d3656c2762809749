"""``panelcheck validate``: its options, what they mean together, and its exit status.

The checking itself (the cache, the engine, worker processes, the order of the
results) is :class:`panelcheck.run.checking.ValidateRun`; this module turns the command
line into its arguments and its results into the report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from panelcheck.cli.common import (
    CATALOG_OPTION,
    CONFIG_OPTION,
    check_output,
    configuration,
    fail,
    write,
)


class _ReportFormats(click.Choice[str]):
    """The ``--format`` choice: the names of :data:`panelcheck.reporters.FORMATS`, read
    when click first needs them (to check a value, or for this command's help). The
    registry imports what reports are made of, which would cost ``panelcheck --help``
    a tenth of its time; a validate run imports it anyway."""

    def __init__(self) -> None:
        super().__init__(())  # click stores the choices; the property below ignores them

    @property
    def choices(self) -> tuple[str, ...]:
        from panelcheck.reporters import FORMAT_NAMES

        return FORMAT_NAMES

    @choices.setter
    def choices(self, _: object) -> None:
        pass


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """``--select JMP,WIR --select GLD001`` -> ("JMP", "WIR", "GLD001")."""
    return tuple(s.strip().upper() for v in values for s in v.split(",") if s.strip())


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=_ReportFormats(),
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
@CATALOG_OPTION
@CONFIG_OPTION
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
def validate_command(
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
    from panelcheck.reporters import STATISTICS_FORMATS, ReportOptions, report_chunks
    from panelcheck.run.checking import RunFailed, ValidateRun
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
    if statistics and output_format not in STATISTICS_FORMATS:
        raise click.BadParameter(
            f"--statistics works with --format {' or '.join(STATISTICS_FORMATS)}",
            param_hint="--statistics",
        )
    files = discover(paths)
    if not files:
        fail("no layout files found in " + ", ".join(paths))
    if output is not None:
        check_output(output, files)
    config = configuration(config_path)
    checking = ValidateRun(config, catalogs, selected, extended, ignored, no_cache, cache_dir)
    try:
        results = checking.check(files, jobs or _default_jobs(), output_format)
    except RunFailed as exc:
        fail(str(exc))
    if checking.cache_problem:
        click.echo(f"panelcheck: warning: {checking.cache_problem}", err=True)
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
    write(report, output, files)
    status = exit_code(results, threshold)
    sys.exit(0 if exit_zero and status == 1 else status)


def _default_jobs() -> int:
    from panelcheck.run.workers import default_jobs

    return default_jobs()
