"""The "Compatible products" lists: jumpers, ferrules, end plates and end stops.

Every "Item no.: 859-402 Push-in type jumper bar; ..." line is an item, whatever its
markup (bold, ``<b>``, a table row, the description on the next line). An item is a
jumper, a ferrule, an end plate or an end stop by its own description ("Screwless end
stop" stands under "Mounting accessories"), or by its heading when it has none. A list
cites the sheet from the heading above its first item (and the headings above that one
which name the same kind: "## Jumpers" over "### Jumper") to the end of its last item,
which takes its number's line, its description's and its link's (where each stands on
a line of its own); an item listed twice is listed once, where it first appears. Parts
are written in a fixed order: series by first appearance, ferrules by size, then number.

A sheet that has a list of accessories but no ferrule in it states that no ferrule fits
(``ferrules = []``); the same for end plates, unless the housing needs none because it
is IP20 on its own, which is cited instead. Jumpers and end stops not listed are not
stated at all: sheets leave them out for other reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from panelcheck.catalog.drafting.conventions import protection
from panelcheck.catalog.drafting.quantities import quantity
from panelcheck.catalog.drafting.rows import Row, headings_above
from panelcheck.catalog.drafting.sections import Found, Section, TomlValue
from panelcheck.catalog.drafting.sheet import Sheet
from panelcheck.units import Kind

LISTS = (
    ("jumpers", "jumper", re.compile(r"jumper")),
    ("ferrules", "ferrule", re.compile(r"ferrule")),
    ("end_plates", "end plate", re.compile(r"end(?:\sand\sintermediate)?\splate")),
    ("end_stops", "end stop", re.compile(r"end\sstop")),
)
_URL = re.compile(r"\[?\b(?:https?://|www\.)\S{0,600}")
_TAG = re.compile(r"<[^<>]{0,100}>")
_RULE = re.compile(r"[\s|:-]{0,200}-[\s|:-]{0,200}")
_SECTION = re.compile(r"compatible\sproducts|accessories")


@dataclass(frozen=True)
class Item:
    """One listed accessory: its number, its description, and the rows it takes."""

    number: str
    words: str
    described: str
    rows: tuple[Row, ...]
    index: int
    kind: str | None


def items(sheet: Sheet) -> list[Item]:
    """Every item the sheet lists, in sheet order (its own number left out)."""
    found: list[Item] = []
    for index, row in enumerate(sheet.rows):
        number = row.item_number()
        if number is None or number == sheet.number or row.heading is not None:
            continue
        rows, last = [row], index
        words = _after(row.wording, number)
        described = _after(row.text, number)
        if not described:
            last = _description(sheet.rows, index)
            if last != index:
                rows.append(sheet.rows[last])
                words, described = _after(rows[-1].wording, ""), _after(rows[-1].text, "")
        link = _link(sheet.rows, last)
        if link is not None:
            rows.append(link)
        kind = _kind(described) if described else _heading_kind(sheet.rows, index)
        found.append(Item(number, words, described, tuple(rows), index, kind))
    return found


def _after(text: str, number: str) -> str:
    at = text.find(number) if number else 0
    rest = text[at + len(number) :] if at >= 0 else text
    return _URL.sub("", rest).strip(" *:|\t")


def _description(rows: list[Row], index: int) -> int:
    """Where the description of the item at ``index`` is, when it stands on a line of
    its own just below the item (``index`` itself when it does not)."""
    for at in range(index + 1, min(index + 4, len(rows))):
        row = rows[at]
        if row.heading is not None or row.item_number() is not None:
            return index
        if row.line - rows[index].line > 6:
            return index
        if len(_after(row.text, "")) >= 3:
            return at
    return index


def _link(rows: list[Row], index: int) -> Row | None:
    """The item's link on a line of its own, just below its description."""
    following = rows[index + 1] if index + 1 < len(rows) else None
    if following is None or following.line - rows[index].end > 3:
        return None
    return following if _URL.fullmatch(following.text) else None


def _kind(text: str) -> str | None:
    first = text.lower().split(";")[0]
    return next((kind for _, kind, pattern in LISTS if pattern.search(first)), None)


def _heading_kind(rows: list[Row], index: int) -> str | None:
    above = next(headings_above(rows, index), None)
    return None if above is None or above.heading is None else _kind(above.heading)


def accessories(sheet: Sheet, found: Found) -> None:
    """The four lists (see the module's docstring)."""
    listed = items(sheet)
    section = _section(sheet, listed)
    for key, kind, _ in LISTS:
        of_kind = _first_listings([item for item in listed if item.kind == kind])
        if of_kind:
            found.add(_listing(sheet, key, kind, of_kind))
        elif key == "ferrules" and section is not None:
            found.add(Section(key, {"parts": []}, section, quote=[section[0].wording]))
        elif key == "end_plates":
            _no_end_plate(sheet, found, section)


def _first_listings(listed: list[Item]) -> list[Item]:
    seen: dict[str, Item] = {}
    for item in listed:
        seen.setdefault(item.number, item)
    return list(seen.values())


def _listing(sheet: Sheet, key: str, kind: str, listed: list[Item]) -> Section:
    start = listed[0].index
    above = list(headings_above(sheet.rows, start))
    headings = above[:1] + [h for h in _same_kind(above[1:], kind)]
    rows = [*headings, *(row for item in listed for row in item.rows)]
    series: dict[str, int] = {}
    for item in listed:
        series.setdefault(item.number.split("-")[0], len(series))

    def order(item: Item) -> tuple[int, float, list[int]]:
        size = quantity(item.described, Kind.AREA) if kind == "ferrule" else None
        numbers = [int(n) for n in re.findall(r"\d{1,9}", item.number)]
        return series[item.number.split("-")[0]], float(size[0]) if size else 0.0, numbers

    parts: list[TomlValue] = [item.number for item in sorted(listed, key=order)]
    return Section(key, {"parts": parts}, rows, quote=[_shared(listed)])


def _same_kind(headings: list[Row], kind: str) -> list[Row]:
    """The run of headings above the nearest one that name the same kind."""
    run: list[Row] = []
    for heading in headings:
        if heading.heading is None or _kind(heading.heading) != kind:
            break
        run.append(heading)
    return run


def _shared(listed: list[Item]) -> str:
    """What the items' descriptions share, in whole words ("Push-in type jumper bar",
    "Ferrule; Sleeve for"), or the one item's description: the list's quote."""
    words = [item.words for item in listed if item.words]
    if not words:
        return listed[0].rows[0].wording
    first, last = min(words), max(words)  # what all share is what these two share
    pairs = zip(first, last, strict=False)
    length = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(first), len(last)))
    common = first[:length]
    if length < len(first) and first[length] not in " ;,":  # cut inside a word: drop it
        common = common[: max(common.rfind(" "), common.rfind(";"), 0)]
    return common.strip(" ;,") or words[0]


def _section(sheet: Sheet, listed: list[Item]) -> list[Row] | None:
    """The accessory list as a whole: from its heading to the end of the table of its
    last item (the rule under it, where the sheet draws one), when it has items."""
    for index, row in enumerate(sheet.rows):
        if row.heading is not None and _SECTION.search(row.heading.lower()):
            after = [item for item in listed if item.index > index]
            if not after:
                return None
            last = after[-1].rows[-1]
            below = sheet.lines[last.end] if last.end < len(sheet.lines) else ""
            below = _TAG.sub("", below) if len(below) < 400 else ""
            if "--" in below and _RULE.fullmatch(below):
                last = Row(last.end + 1, last.end + 1, (), (), "")
            return [row, last]
    return None


def _no_end_plate(sheet: Sheet, found: Found, section: list[Row] | None) -> None:
    """No end plate listed: none needed where the sheet says IP20 without a condition,
    and none fits where the sheet has a list of accessories without one."""
    guarded = protection(sheet)
    if guarded is not None and not guarded[1]:
        found.add(Section("end_plates", {"parts": []}, [guarded[0].row]))
    elif section is not None:
        found.add(Section("end_plates", {"parts": []}, section, quote=[section[0].wording]))
