"""``panelcheck catalog draft SHEET... [-o DIR] [--force]``: part files drafted from data
sheets, and the ``catalog`` command that leads to it.

``catalog`` stays one command (``panelcheck catalog`` and ``panelcheck catalog PART``
work as they always did); :class:`CatalogCommand` only looks at its first argument:
when it is ``draft``, the rest goes to :data:`draft_command` instead. A part actually
numbered "draft" is still shown with ``panelcheck catalog -- draft``. The drafting
package is imported only when a draft is made, so no other command pays for it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from panelcheck.run.process import EXIT_USAGE

if TYPE_CHECKING:
    from panelcheck.catalog.drafting import Draft

DRAFT = "draft"
_PENDING = "panelcheck.catalog.draft_arguments"


class CatalogCommand(click.Command):
    """``catalog [PART]``, or ``catalog draft ...`` (see the module's docstring)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] == DRAFT:
            ctx.meta[_PENDING] = args[1:]
            return super().parse_args(ctx, [])
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        pending: list[str] | None = ctx.meta.pop(_PENDING, None)
        if pending is None:
            return super().invoke(ctx)
        # Named "catalog draft" under the catalog's parent, so that its usage line reads
        # "panelcheck catalog draft", without the catalog's own [PART].
        name = f"{ctx.info_name} {DRAFT}"
        with draft_command.make_context(name, pending, parent=ctx.parent) as sub:
            return draft_command.invoke(sub)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        with formatter.section("Drafting"):
            formatter.write_text(
                "panelcheck catalog draft SHEET... [-o DIR] [--force]: a part file drafted "
                "from each data sheet (see 'panelcheck catalog draft --help')."
            )


@click.command(DRAFT)
@click.argument("sheets", nargs=-1, required=True, metavar="SHEET...")
@click.option(
    "-o",
    "--output-dir",
    "output",
    default=".",
    show_default=True,
    metavar="DIR",
    help="The folder the part files are written to.",
)
@click.option("--force", is_flag=True, help="Replace a part file that already exists.")
def draft_command(sheets: tuple[str, ...], output: str, force: bool) -> None:
    """Draft a catalog part file from each data sheet in text form (Markdown, plain
    text, HTML, or text extracted from a PDF).

    Each SHEET becomes DIR/<item number>.toml: every fact recognised is cited by line
    and quoted, conventions the sheet does not give (terminal names, jumper slots, open
    side) are marked assumed, and what the sheet does not state is listed at the top.
    Review the draft against the sheet, put it in a catalog folder and check it with
    'panelcheck catalog --catalog DIR PART'. A sheet that cannot be drafted is one line
    on stderr and exit status 2; the other sheets are still drafted.
    """
    from panelcheck.catalog.drafting import DraftError, draft_sheet, read_sheet, write_draft
    from panelcheck.findings import printable

    folder = Path(output)
    failed = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _say(f"{folder}: cannot use as the output folder: {exc.strerror or exc}")
        sys.exit(EXIT_USAGE)
    for sheet in sheets:
        try:
            draft = draft_sheet(read_sheet(Path(sheet)), sheet)
            target = folder / draft.file_name
            replaced = write_draft(target, draft.text, force)
        except DraftError as exc:
            _say(str(exc))
            failed = True
            continue
        if replaced:
            click.echo(f"{printable(str(target))}: replaced (--force)")
        click.echo(printable(_summary(sheet, str(target), draft)))
    if failed:
        sys.exit(EXIT_USAGE)


def _say(message: str) -> None:
    from panelcheck.findings import printable

    click.echo(f"panelcheck: {printable(message)}", err=True)


def _summary(sheet: str, target: str, draft: Draft) -> str:
    """One line per draft: what was written, and what to review."""
    said = [f"{draft.facts} fact{'' if draft.facts == 1 else 's'}"]
    if draft.assumed:
        said.append(f"{len(draft.assumed)} assumed")
    if draft.not_stated:
        said.append(f"{len(draft.not_stated)} not stated by the sheet")
    if draft.unread:
        said.append(f"{len(draft.unread)} not read")
    line = f"{target}: {draft.number} ({draft.kind}) drafted from {sheet}: {', '.join(said)}"
    if not draft.loads:
        line += "; add its width (the sheet states none) before it loads"
    return line
