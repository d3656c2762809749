"""``panelcheck validate``: its options, what they mean together, and its exit status.

The checking itself (the cache, the engine, worker processes, the order of the
results) is :class:`panelcheck.run.checking.ValidateRun`; this module turns the command
line into its arguments and its results into the report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
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
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
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
@click.option(
    "--layouts-only",
    is_flag=True,
    help="Skip a named file that declares no panelcheck format, unless it looks like a "
    "layout (the pre-commit hook passes every JSON file).",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the configuration's exclude patterns to named files too.",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="The name reports give a layout read from stdin ('-') [default: stdin.json].",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    help="Colour the text report: auto means on a terminal, unless NO_COLOR is set.",
)
@click.option(
    "--show-source",
    is_flag=True,
    help="Print each finding's line of the layout with a caret under its column.",
)
@click.option(
    "--fix/--no-fix",
    "fix",
    default=None,
    help="Make the safe fixes in the layout files, then report what remains "
    "[default: the configuration's 'fix', else no].",
)
@click.option(
    "--unsafe-fixes/--no-unsafe-fixes",
    "unsafe_fixes",
    default=None,
    help="Also make fixes that may change what the designer meant (a guessed part "
    "number, a shortened jumper) [default: the configuration's 'unsafe-fixes', else no].",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the fixes as a unified diff and write nothing; exit 1 when there is "
    "anything to fix.",
)
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
    layouts_only: bool,
    force_exclude: bool,
    stdin_filename: str | None,
    color: str,
    show_source: bool,
    fix: bool | None,
    unsafe_fixes: bool | None,
    diff: bool,
) -> None:
    """Check layout files, or folders searched for layout files (without a path: the
    current folder; '-': a layout read from stdin).

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
    config = configuration(config_path)
    given: dict[str, bytes] = {}
    if "-" in paths:
        name = stdin_filename or "stdin.json"
        given[name] = _read_stdin()
        paths = tuple(p for p in paths if p != "-")
    elif not paths:
        paths = (".",)
    files = (
        discover(
            paths,
            layouts_only=layouts_only,
            exclude=config.exclude if config else (),
            root=config.root if config else Path.cwd(),
            force_exclude=force_exclude,
        )
        if paths
        else []
    )
    files += [name for name in given if name not in files]
    if not files:
        if layouts_only:  # a hook given only other JSON files: nothing to say
            sys.exit(0)
        fail("no layout files found in " + ", ".join(paths))
    if output is not None:
        check_output(output, [f for f in files if f not in given])
    fixing = diff or (fix if fix is not None else bool(config and config.fix))
    unsafe = unsafe_fixes if unsafe_fixes is not None else bool(config and config.unsafe_fixes)
    if fixing and not diff and given:
        raise click.BadParameter(
            "a layout read from stdin cannot be fixed in place; use --diff", param_hint="--fix"
        )
    checking = ValidateRun(
        config, catalogs, selected, extended, ignored, no_cache, cache_dir, unsafe
    )
    try:
        results = checking.check(files, jobs or _default_jobs(), output_format, given)
    except RunFailed as exc:
        fail(str(exc))
    if checking.cache_problem:
        click.echo(f"panelcheck: warning: {checking.cache_problem}", err=True)
    notes: list[str] = []
    if fixing:
        from panelcheck.fixes.files import fix_files

        fixed = fix_files(checking, files, results, given, unsafe, write=not diff)
        notes = fixed.notes(written=not diff)
        if diff:
            write(fixed.diff(), output, [f for f in files if f not in given])
            _say(notes)
            invalid = any(result.invalid for result in fixed.results)
            sys.exit(2 if invalid else 1 if fixed.changed and not exit_zero else 0)
        results = fixed.results
    threshold = fail_on or (config.fail_on if config else None) or "error"
    colour = _use_colour(color, output)
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
            color=colour,
            show_source=show_source,
            sources=_sources(given),
            unsafe_fixes=unsafe,
        ),
    )
    write(report, output, [f for f in files if f not in given], colour)
    _say(notes)
    status = exit_code(results, threshold)
    sys.exit(0 if exit_zero and status == 1 else status)


def _say(notes: list[str]) -> None:
    """What fixing did, on stderr (the report on stdout stays what its format says)."""
    for note in notes:
        click.echo(f"panelcheck: {note}", err=True)


def _read_stdin() -> bytes:
    """The layout on stdin, held to the size limit of a file."""
    from panelcheck.read.limits import MAX_BYTES

    raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        fail(f"the layout on stdin is larger than the limit of {MAX_BYTES // (1024 * 1024)} MB")
    return raw


def _use_colour(choice: str, output: str | None) -> bool:
    """Colour for a terminal only: ``--color``, then NO_COLOR (https://no-color.org),
    then whether stdout is a terminal; a report written to a file never is."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or output is not None:
        return False
    return sys.stdout.isatty()


def _sources(given: dict[str, bytes]) -> Callable[[str], list[str] | None]:
    """The lines of a checked file, for ``--show-source`` (read again only when asked)."""
    from panelcheck.read.document import DocumentError, read_bytes

    def lines(path: str) -> list[str] | None:
        raw = given.get(path)
        if raw is None:
            try:
                raw = read_bytes(path)
            except DocumentError:
                return None
        return raw.decode("utf-8", "replace").splitlines()

    return lines


def _default_jobs() -> int:
    from panelcheck.run.workers import default_jobs

    return default_jobs()
