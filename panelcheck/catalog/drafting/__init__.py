"""Drafting a catalog part from a manufacturer's data sheet in text form.

``panelcheck catalog draft`` turns a sheet (Markdown, plain text, HTML, text from a PDF)
into a part file in the catalog's form, for an engineer to review: every fact it
recognises is cited by line and quoted, every convention the sheet leaves open is
marked ``assumed`` with a note, and what such a part usually states but the sheet does
not is listed at the top. A fact that cannot be read is left out and listed, never
guessed. Imported only when that command runs.

The stages, one module each: :mod:`.rows` (any layout as rows of label and value),
:mod:`.sheet` (the item number, the title, lookups by label), :mod:`.facts` (the one-row
facts), :mod:`.accessories`, :mod:`.approvals`, :mod:`.conventions` (kind of module,
terminal names, jumper slots, open side), :mod:`.circuits` and :mod:`.contacts` (inputs
and outputs), :mod:`.writing` (the TOML text) and :mod:`.files` (reading a sheet and
writing a draft whole). :mod:`.text` and :mod:`.quantities` read cells and values.
"""

from __future__ import annotations

from dataclasses import dataclass

from panelcheck.catalog.drafting.accessories import accessories
from panelcheck.catalog.drafting.approvals import approvals
from panelcheck.catalog.drafting.circuits import (
    analog_current,
    control_input,
    internal_links,
    ssr_output,
)
from panelcheck.catalog.drafting.contacts import contacts
from panelcheck.catalog.drafting.conventions import (
    RELAY,
    SSR,
    TERMINAL_BLOCK,
    jumper_slots,
    module_kind,
    not_stated,
    open_side,
    series,
    terminal_section,
    terminals,
    three_wire_row,
)
from panelcheck.catalog.drafting.facts import RECOGNISERS
from panelcheck.catalog.drafting.files import SHEET_LIMIT, read_sheet, write_draft
from panelcheck.catalog.drafting.sections import Found
from panelcheck.catalog.drafting.sheet import DraftError, Sheet
from panelcheck.catalog.drafting.writing import part_text, string

__all__ = ["SHEET_LIMIT", "Draft", "DraftError", "draft_sheet", "read_sheet", "write_draft"]


@dataclass(frozen=True)
class Draft:
    """A drafted part: its TOML ``text`` and what a reviewer should know about it."""

    number: str
    text: str
    kind: str
    facts: int
    assumed: tuple[str, ...]
    not_stated: tuple[str, ...]
    unread: tuple[str, ...]
    loads: bool
    """False when the sheet states no width: the part loads once one is added."""

    @property
    def file_name(self) -> str:
        """``859-402_000-005.toml``: the item number, slashes replaced."""
        return self.number.replace("/", "_") + ".toml"


def draft_sheet(text: str, name: str) -> Draft:
    """The draft of the sheet ``text`` (``name`` is how messages name it).

    :class:`DraftError` (one line, naming the sheet) when nothing can be drafted: an
    empty sheet, one without an item number, or a sheet of an accessory.
    """
    if not text.strip():
        raise DraftError(f"{name}: is empty; nothing was drafted")
    sheet = Sheet.read(name, text)
    kind = module_kind(sheet)
    found = Found()
    for recognise in RECOGNISERS:
        recognise(sheet, found)
    accessories(sheet, found)
    approvals(sheet, found)
    names = terminals(sheet, kind)
    if names is not None:
        found.add(terminal_section(names, kind))
    control_input(sheet, found, kind, names)
    if kind == RELAY:
        contacts(sheet, found, names)
    circuit = three_wire_row(sheet)
    if kind == SSR and circuit is not None:
        ssr_output(sheet, found, names, circuit)
    analog_current(sheet, found, names)
    internal_links(sheet, found, names, block=kind == TERMINAL_BLOCK)
    jumper_slots(sheet, found, kind, names)
    open_side(sheet, found)
    missing = ([] if sheet.title else ["title (the description)"]) + not_stated(found, kind)
    toml = part_text(sheet, found, kind, series(sheet.number), missing)
    _check_loads(toml, sheet, found.has("width"))
    return Draft(
        number=sheet.number,
        text=toml,
        kind=kind,
        facts=sum(1 for s in found.sections if not s.bare),
        assumed=tuple(s.key for s in found.sections if s.note is not None),
        not_stated=tuple(missing),
        unread=tuple(found.unread),
        loads=found.has("width"),
    )


def _check_loads(toml: str, sheet: Sheet, has_width: bool) -> None:
    """Every draft goes through the catalog's own loader before it is handed out, so a
    value the recognisers got wrong is caught here, not in the user's next run. A draft
    without a width is checked with a stand-in one (it is the user's to add)."""
    from panelcheck.catalog.loading import CatalogError, parse_parts

    stand_in = f'\n[{string(sheet.number)}.width]\nvalue = "1 mm"\nassumed = true\nnote = "-"\n'
    try:
        parse_parts(toml + ("" if has_width else stand_in), sheet.name)
    except CatalogError as exc:
        raise DraftError(
            f"{sheet.name}: the draft does not load ({exc}); please report it"
        ) from None
