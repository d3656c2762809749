"""The rails drawn to scale as SVG, with the findings marked on what they concern.

Each rail is a DIN rail of its declared length; its items stand on it left to right
with their catalog widths (6 mm modules, 1 mm plates, 6/10/14 mm end stops), modules
labelled with their tag and part number. Jumper bars are drawn in their colours across
the modules they reach, at the height of their slot, each labelled with its slot and
the net of the terminals it sits in ("A2 · 0V", "11 · L1"): the colour is the part's,
not the potential's, so without the label a 230 V AC bar and a 24 V DC bar of one part
look alike. Below each rail a dimension line gives its length, what the items take and
what is free (or how far they overflow).

A long rail is folded, not scaled: a rail longer than the page allows (:data:`PAGE_WIDTH`
pixels, 388 mm at 4 px a millimetre) is drawn in rows of about equal length, one under
the other, broken between two items (never through one) and, past the last item, at
whole 10 mm. Each row's dimension line gives its stretch of the rail ("0–340 mm"); a
jumper bar that crosses a fold is drawn, and labelled, in each row it reaches. Scaling
a 1 m rail down to the page would shrink a 6 mm module to 10 pixels and its tag below
reading size; folded, every drawing keeps the one scale, so modules read the same in
every drawing and drawings of two panels compare by eye.

An element with findings gets an outline in the colour of its most severe finding and
the finding codes above it; a finding about a wire or a load is drawn on the module it
lands on. Outlines are drawn inside the element's own box, never across a neighbour's:
a module is 24 pixels wide and its tag runs close to its edges, so an outline around
the box would cover the tags of the modules on either side. The element's own tag and
part number are drawn after its outline, so they stay on top; the rail's outline is a
frame around the whole row, outside every item. Every drawn element has an ``id``
(``el-…``) so that the HTML report can link each row of its findings table to it, and a
``<title>`` tooltip naming it.

Written with the standard library only, so that drawing needs no browser, font files or
network: the SVG is text, and deterministic for the same input. Text widths (to keep a
jumper label clear of the next bar) are estimated from character classes, for the same
reason: no font is measured.

One module of about 1,000 lines: the geometry (pitch, rows, folds, rails), the marks
and the legend share one coordinate system and its constants, and read best together.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from panelcheck.findings import SEVERITY_RANK, Finding
from panelcheck.graph import DeviceNode, ItemNode, JumperNode, ModuleNode, PanelGraph, RailNode

SCALE = 4.0  # px per mm
MARGIN = 24
BODY = 176
STOP_BODY = 140
TITLE = 28
DIMENSION = 64
RAIL_BAND = 36
UNKNOWN_WIDTH_MM = 6.0
PAGE_WIDTH = 1600.0
"""The widest drawing by default, in pixels: a rail longer than fits is folded into rows
(1600 px leaves 388 mm a row). Wide enough that a usual rail (up to 300–400 mm) stays in
one row, narrow enough for a laptop screen or a landscape A3 print."""
MIN_ROW_MM = 150.0
"""The narrowest drawing, in mm of rail: room for the legend and the headings."""
FOLD_STEP_MM = 10.0
"""Folds past the last item fall on whole multiples of this, so row bounds read cleanly."""
JUMPER_TOP = 16
"""Depth into the module of the first jumper slot's bar; its label sits above it."""
JUMPER_PITCH = 24
"""From one slot's bar to the next: a bar (8), its outline (2 each side) and the next
bar's label (9 px type) stacked without touching."""
JUMPER_BAR = 8
TEXT_DEPTH = 128
"""Depth into a module of the centre of its tag and part number: below the deepest jumper
bar (four levels: three slots and "not a slot of this module"), so no bar crosses them."""
OUTLINE = 3
"""Stroke of an element's finding outline, drawn inside its box."""
RAIL_GAP = 6
"""Gap between a row's items and the frame that marks the rail's findings."""
CODES_GAP = 10
"""From the top of the modules to the start of the finding codes, clear of the rail frame."""
LABEL_SIZE = 9
"""Font size of the jumper labels."""

SEVERITY_COLOURS = {"error": "#e0245e", "warning": "#f59e0b", "info": "#2563eb"}
JUMPER_COLOURS = {
    "red": "#b3261e",
    "blue": "#1d4ed8",
    "yellow": "#facc15",
    "light gray": "#cfd4d9",
    "gray": "#8c939a",
    "black": "#1f2328",
    "white": "#f9fafb",
    "green": "#15803d",
    "orange": "#ea580c",
    "brown": "#7c4a21",
    "violet": "#7e22ce",
    "pink": "#f472b6",
    "turquoise": "#14b8a6",
    "light blue": "#7dd3fc",
    "dark gray": "#4b5563",
}
"""The one table from a catalog colour name (a jumper part's ``colour``) to the colour
drawn. A name the table lacks is drawn in :data:`UNKNOWN_COLOUR`, so a part in a new
colour needs a line here to look right but no code to render: the tooltip and the
legend still name it."""
UNKNOWN_COLOUR = "#8c939a"
"""Neutral gray, the look of an unpainted insulating housing, for unknown colour names."""
LEGEND_COLOURS = ("red", "blue", "yellow", "light gray", "gray")
"""Always in the legend (the colours of the shipped jumper bars), so that drawings of
different panels share a legend; a colour a drawn jumper adds follows them. Not the
catalog's colours: a part added to the catalog must not change every drawing."""
ITEM_FILL = {
    "module": "#eef1f4",
    "end_plate": "#7b8490",
    "end_stop": "#4b5563",
    "device": "#dbeafe",
}
_POINTER = re.compile(r"^/(rails|wires|loads)/(\d+)(?:/(items|jumpers)/(\d+))?")


@dataclass
class Mark:
    """The findings drawn on one element."""

    element: str
    findings: list[Finding] = field(default_factory=list)
    element_label: str = ""
    """Drawn before the codes where the element is not obvious (a jumper's id)."""

    @property
    def severity(self) -> str:
        return max((f.severity for f in self.findings), key=lambda s: SEVERITY_RANK[s])


def element_of(graph: PanelGraph, finding: Finding, by_pointer: dict[str, object]) -> str | None:
    """The drawn element a finding belongs to, or None (nets, waivers...)."""
    match = _POINTER.match(finding.pointer)
    if match is None:
        return None
    kind, first, sub, second = match.groups()
    if kind == "rails":
        if sub == "items":
            return f"el-item-{first}-{second}"
        if sub == "jumpers":
            return f"el-jumper-{first}-{second}"
        return f"el-rail-{first}"
    terminal = getattr(by_pointer.get(f"/{kind}/{first}"), "terminal", None)
    if terminal is None:
        return None
    module = graph.module(graph.terminal(terminal).module)
    return _item_id(graph, module)


def _item_id(graph: PanelGraph, item: ItemNode) -> str:
    rail = graph.nodes[item.rail].pointer.rsplit("/", 1)[1]
    return f"el-item-{rail}-{item.index}"


def marks(graph: PanelGraph, findings: Iterable[Finding]) -> dict[str, Mark]:
    """The findings of each drawn element (waived findings are not drawn)."""
    by_pointer: dict[str, object] = {n.pointer: n for n in graph.nodes.values()}
    result: dict[str, Mark] = {}
    for finding in findings:
        if finding.waived:
            continue
        element = element_of(graph, finding, by_pointer)
        if element is not None:
            label = finding.subject or "" if element.startswith("el-jumper-") else ""
            result.setdefault(element, Mark(element, element_label=label)).findings.append(finding)
    return result


def _width_mm(item: ItemNode) -> float:
    width = item.extent
    return width.magnitude if width is not None else UNKNOWN_WIDTH_MM


def _text_width(text: str, size: float) -> float:
    """About how wide ``text`` is drawn in DejaVu Sans at ``size`` pixels: narrow marks
    a third of the size, other characters two thirds (a little more than the average,
    so a label is shortened rather than run into the next one)."""
    narrow = sum(1 for c in text if c in " ·.,:;|!'-iIl1()[]fjrt/")
    return (narrow * 0.34 + (len(text) - narrow) * 0.67) * size


def _fit(text: str, room: float, size: float) -> str:
    """``text``, shortened with "…" to fit ``room`` pixels (its first character at least)."""
    if _text_width(text, size) <= room:
        return text
    cut = len(text) - 1
    while cut > 1 and _text_width(text[:cut] + "…", size) > room:
        cut -= 1
    return text[:cut] + "…"


@dataclass(frozen=True)
class _Row:
    """One row of a rail's drawing: the stretch ``start``–``end`` mm of the rail, drawn
    from the left margin with its modules' tops at ``body_top``."""

    index: int
    start: float
    end: float
    top: float
    body_top: float

    def x(self, mm: float) -> float:
        """The page x of a point ``mm`` from the rail's left end (in this row)."""
        return MARGIN + (mm - self.start) * SCALE

    @property
    def right(self) -> float:
        return self.x(self.end)


def fold(
    extents: Sequence[tuple[float, float]], length: float, limit: float
) -> list[tuple[float, float]]:
    """The rows (start, end in mm) a rail of ``length`` with items at ``extents`` (start,
    width in mm, left to right and touching) is drawn in, each at most ``limit`` mm.

    One row when everything fits. Otherwise as many rows as the span needs, each of
    about the same length (the span over the number of rows, rounded up to
    :data:`FOLD_STEP_MM`): the items are broken before the first item that would pass
    that length, never through an item; the free rail after the last item is cut where a
    row reaches that length, and only when what is left is longer than ``limit``, so no
    row holds a sliver. An item wider than ``limit`` (a wide device on a narrow page) is
    kept whole in a row of its own width.
    """
    used = extents[-1][0] + extents[-1][1] if extents else 0.0
    span = max(length, used)
    if span <= limit:
        return [(0.0, span)]
    target = min(limit, math.ceil(span / math.ceil(span / limit) / FOLD_STEP_MM) * FOLD_STEP_MM)
    starts = [0.0]
    for start, width in extents:
        if start > starts[-1] and start + width - starts[-1] > target:
            starts.append(start)
    while span - starts[-1] > limit:
        cut = max(starts[-1] + target, used)
        if cut >= span:
            break
        starts.append(cut)
    return list(zip(starts, [*starts[1:], span], strict=True))


class _Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []
        # Finding codes waiting to be drawn above the items, merged per position so that
        # two jumpers starting on one module do not print over each other.
        self.labels: dict[tuple[float, float], list[Mark]] = {}
        self.longest_label = 0

    def add(self, tag: str, text: str | None = None, **attrs: object) -> None:
        rendered = " ".join(
            f'{k.rstrip("_").replace("_", "-")}="{escape(str(v))}"'
            for k, v in attrs.items()
            if v is not None
        )
        if text is None:
            self.parts.append(f"<{tag} {rendered}/>")
        else:
            self.parts.append(f"<{tag} {rendered}>{escape(text)}</{tag}>")

    def open(self, tag: str, **attrs: object) -> None:
        rendered = " ".join(
            f'{k.rstrip("_").replace("_", "-")}="{escape(str(v))}"'
            for k, v in attrs.items()
            if v is not None
        )
        self.parts.append(f"<{tag} {rendered}>")

    def close(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")


@dataclass(frozen=True)
class Drawing:
    """The SVG text and its size in pixels (the HTML page lays itself out by the width)."""

    text: str
    width: float
    height: float


def render_svg(
    graph: PanelGraph, findings: Sequence[Finding], title: str = "", page_width: float = PAGE_WIDTH
) -> str:
    """The SVG drawing of every rail of a panel, with findings and a legend; rails that
    do not fit ``page_width`` pixels are folded into rows."""
    return draw(graph, findings, title, page_width).text


def draw(
    graph: PanelGraph, findings: Sequence[Finding], title: str = "", page_width: float = PAGE_WIDTH
) -> Drawing:
    """:func:`render_svg`, with the drawing's size."""
    marked = marks(graph, findings)
    room = max([40.0, *(_label_height(len(_label(m))) for m in marked.values())])
    limit = max((page_width - 2 * MARGIN) / SCALE, MIN_ROW_MM)
    drawing, longest = _draw(graph, marked, title, room, limit)
    if _label_height(longest) > room:  # merged labels need more: draw again
        drawing, _ = _draw(graph, marked, title, _label_height(longest), limit)
    return drawing


def _label_height(characters: int) -> float:
    return characters * 6.4 + CODES_GAP + 8


def _draw(
    graph: PanelGraph, marked: dict[str, Mark], title: str, codes_height: float, limit: float
) -> tuple[Drawing, int]:
    rails = list(graph.of_kind("rail"))
    block = TITLE + codes_height + BODY + DIMENSION
    folds = [_rail_rows(graph, rail, limit) for rail in rails]
    widest = max([MIN_ROW_MM, *(end - start for rows in folds for start, end in rows)])
    width = MARGIN * 2 + widest * SCALE
    svg = _Svg()
    y: float = MARGIN
    jumpers: dict[str, list[JumperNode]] = {}  # by rail, in file order: one pass, not one a rail
    for jumper in graph.of_kind("jumper"):
        jumpers.setdefault(jumper.rail, []).append(jumper)
    for index, (rail, bounds) in enumerate(zip(rails, folds, strict=True)):
        rows = []
        for number, (start, end) in enumerate(bounds):
            rows.append(_Row(number, start, end, y, y + TITLE + codes_height))
            y += block
        _rail(svg, graph, rail, index, rows, marked, jumpers)
    drawn = [j for on_rail in jumpers.values() for j in on_rail if j.covered]
    y = _legend(svg, y + 8, width, _legend_colours(drawn), devices=bool(graph.of_kind("device")))
    height = y + MARGIN
    top = _Svg()
    top.open(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        width=f"{width:g}",
        height=f"{height:g}",
        viewBox=f"0 0 {width:g} {height:g}",
        font_family="DejaVu Sans, Arial, sans-serif",
        role="img",
    )
    top.add("title", title or "panel layout")
    top.add("rect", x=0, y=0, width=f"{width:g}", height=f"{height:g}", fill="#ffffff")
    text = "\n".join([*top.parts, *svg.parts, "</svg>"]) + "\n"
    return Drawing(text, width, height), svg.longest_label


def _rail_rows(graph: PanelGraph, rail: RailNode, limit: float) -> list[tuple[float, float]]:
    extents = []
    at = 0.0
    for item in graph.rail_items(rail.key):
        width = _width_mm(item)
        extents.append((at, width))
        at += width
    return fold(extents, rail.length.magnitude, limit)


def _rail(
    svg: _Svg,
    graph: PanelGraph,
    rail: RailNode,
    index: int,
    rows: list[_Row],
    marked: dict[str, Mark],
    jumpers: dict[str, list[JumperNode]],
) -> None:
    items = graph.rail_items(rail.key)
    used = sum(_width_mm(i) for i in items)
    length = rail.length.magnitude
    free = length - used
    state = f"{free:g} mm free" if free >= 0 else f"{-free:g} mm over"
    heading = f"Rail {rail.label}: {length:g} mm, items {used:g} mm, {state}"
    if len(rows) > 1:
        heading += f", drawn in {len(rows)} rows"
    for row in rows:
        _heading(svg, rail, row, heading)
        _band(svg, row, length)
    positions: dict[str, tuple[_Row, float, float]] = {}
    row_of = iter(rows)
    row = next(row_of)
    at = 0.0
    for item in items:
        if at >= row.end and row.index < len(rows) - 1:
            row = next(row_of)
        w = _width_mm(item) * SCALE
        x = row.x(at)
        positions[item.key] = (row, x, w)
        _item(svg, graph, item, x, w, row.body_top, marked.get(_item_id(graph, item)))
        at += _width_mm(item)
    _jumpers(svg, graph, jumpers.get(rail.key, []), positions, rows, marked)
    title_end = MARGIN + len(heading) * 9.8 + 14  # bold 15 px: about 9.8 px a character
    _rail_overlay(
        svg,
        rail,
        index,
        rows,
        length,
        (title_end, rows[0].top + 18),
        marked.get(f"el-rail-{index}"),
    )
    _flush_labels(svg)
    for row in rows:
        _dimension(svg, row, length, used, len(rows) > 1)


def _heading(svg: _Svg, rail: RailNode, row: _Row, heading: str) -> None:
    """The rail's heading over its first row; "continued" and the stretch over the others."""
    if row.index == 0:
        svg.add(
            "text",
            heading,
            x=MARGIN,
            y=row.top + 18,
            font_size=15,
            font_weight="bold",
            fill="#111827",
        )
    else:
        svg.add(
            "text",
            f"Rail {rail.label}, continued: {row.start:g}–{row.end:g} mm",
            x=MARGIN,
            y=row.top + 18,
            font_size=13,
            font_weight="bold",
            fill="#4b5563",
        )


def _band(svg: _Svg, row: _Row, length: float) -> None:
    """The DIN rail itself, where this row holds some of it (an overfull rail ends
    before its items do)."""
    end = min(row.end, length)
    if end <= row.start:
        return
    svg.add(
        "rect",
        x=f"{row.x(row.start):g}",
        y=f"{row.body_top + BODY / 2 - RAIL_BAND / 2:g}",
        width=f"{(end - row.start) * SCALE:g}",
        height=RAIL_BAND,
        fill="#c0c6cc",
        stroke="#6b7280",
        stroke_width=1,
    )


def _rail_overlay(
    svg: _Svg,
    rail: RailNode,
    index: int,
    rows: list[_Row],
    length: float,
    label_at: tuple[float, float],
    mark: Mark | None,
) -> None:
    """The rail as a link target: a frame around each of its rows, outside every item
    (:data:`RAIL_GAP`), so that its outline crosses no item's tag; its codes go on the
    title line, where they cannot collide with the items' codes."""
    svg.open("g", id=f"el-rail-{index}", class_="rail")
    svg.add("title", f"rail {rail.label}, {length:g} mm")
    frames = [
        (
            MARGIN - RAIL_GAP,
            row.body_top - RAIL_GAP,
            (row.end - row.start) * SCALE + 2 * RAIL_GAP,
            BODY + 2 * RAIL_GAP,
        )
        for row in rows
    ]
    for x, y, w, h in frames:
        svg.add(
            "rect",
            x=f"{x:g}",
            y=f"{y:g}",
            width=f"{w:g}",
            height=f"{h:g}",
            fill="none",
            stroke="none",
            class_="body",
        )
    if mark:
        for number, (x, y, w, h) in enumerate(frames):
            _finding_rect(svg, mark, x, y, w, h, first=number == 0)
        svg.add(
            "text",
            _label(mark),
            x=f"{label_at[0]:g}",
            y=f"{label_at[1]:g}",
            font_size=13,
            font_weight="bold",
            fill=SEVERITY_COLOURS[mark.severity],
            class_="codes",
        )
    svg.close("g")


def _item(
    svg: _Svg,
    graph: PanelGraph,
    item: ItemNode,
    x: float,
    w: float,
    body_top: float,
    mark: Mark | None,
) -> None:
    """An item's box, its outline (inside the box) when it has findings, then its tag
    and part number, which are drawn last so that the outline never covers them."""
    height = STOP_BODY if item.kind == "end_stop" else BODY
    y = body_top + (BODY - height) / 2
    known = item.part is not None or isinstance(item, DeviceNode)
    svg.open("g", id=_item_id(graph, item), class_=f"item {item.kind}")
    tip = f"{item.kind.replace('_', ' ')} {item.title}"
    if mark:
        tip += "".join(f"\n{f.code} {f.severity}: {f.message}" for f in mark.findings)
    svg.add("title", tip)
    svg.add(
        "rect",
        x=f"{x:g}",
        y=f"{y:g}",
        width=f"{w:g}",
        height=f"{height:g}",
        fill=ITEM_FILL[item.kind] if known else "#fde68a",
        stroke="#374151",
        stroke_width=1,
        stroke_dasharray=None if known else "4 2",
        class_="body",
    )
    if mark:
        _outline(svg, x, y, w, height, mark)
    if isinstance(item, ModuleNode | DeviceNode):
        # A module's texts sit below its jumper bars; a device has none, and its
        # description is long, so it keeps the middle. In a 6 mm (24 px) module both
        # stay clear of the outline's stroke (0–3 and 21–24 px from the left edge): the
        # tag's glyphs take about 3–11 px, the part number's 14–21 px.
        cx = x + w / 2
        cy = y + (height / 2 if isinstance(item, DeviceNode) else TEXT_DEPTH)
        svg.add(
            "text",
            item.label,
            x=f"{cx - 1:g}",
            y=f"{cy:g}",
            font_size=11,
            font_weight="bold",
            fill="#111827",
            text_anchor="middle",
            transform=f"rotate(-90 {cx - 1:g} {cy:g})",
            class_="tag",
        )
        svg.add(
            "text",
            (item.description or item.part_number)
            if isinstance(item, DeviceNode)
            else item.part_number,
            x=f"{cx + 8.5:g}",
            y=f"{cy:g}",
            font_size=9,
            fill="#374151",
            text_anchor="middle",
            transform=f"rotate(-90 {cx + 8.5:g} {cy:g})",
            class_="part",
        )
    if mark:
        _codes(svg, x + w / 2, body_top - CODES_GAP, mark)
    svg.close("g")


def _outline(svg: _Svg, x: float, y: float, w: float, h: float, mark: Mark) -> None:
    """A finding outline just inside the box ``x, y, w, h``: its stroke covers the box's
    outer :data:`OUTLINE` pixels and nothing beyond, so a neighbour's tag stays clear."""
    inset = OUTLINE / 2
    _finding_rect(svg, mark, x + inset, y + inset, max(w - OUTLINE, 0), max(h - OUTLINE, 0))


def _finding_rect(
    svg: _Svg, mark: Mark, x: float, y: float, w: float, h: float, first: bool = True
) -> None:
    """The outline rectangle of a finding; the first one of an element carries its id
    (a rail folded into rows has one frame per row)."""
    svg.add(
        "rect",
        id=f"{mark.element}-finding" if first else None,
        x=f"{x:g}",
        y=f"{y:g}",
        width=f"{w:g}",
        height=f"{h:g}",
        fill="none",
        stroke=SEVERITY_COLOURS[mark.severity],
        stroke_width=OUTLINE,
        class_=f"finding {mark.severity}",
    )


@dataclass(frozen=True)
class _Piece:
    """The part of a jumper bar drawn in one row: all of it, unless it crosses a fold."""

    row: _Row
    x0: float
    x1: float
    y: float


def _jumpers(
    svg: _Svg,
    graph: PanelGraph,
    jumpers: list[JumperNode],
    positions: dict[str, tuple[_Row, float, float]],
    rows: list[_Row],
    marked: dict[str, Mark],
) -> None:
    """The jumper bars of one rail, in file order. Every bar is placed before any is drawn,
    so that each label knows where the next bar on its level starts and stops short of it."""
    placed: list[tuple[JumperNode, list[_Piece]]] = []
    starts: dict[tuple[int, float], list[float]] = {}  # by (row, level): where bars start
    for jumper in jumpers:
        if jumper.covered:
            pieces = _pieces(graph, jumper, positions, rows)
            placed.append((jumper, pieces))
            for piece in pieces:
                starts.setdefault((piece.row.index, piece.y), []).append(piece.x0)
    for level in starts.values():
        level.sort()
    for jumper, pieces in placed:
        _jumper(svg, graph, jumper, pieces, starts, marked)


def _pieces(
    graph: PanelGraph,
    jumper: JumperNode,
    positions: dict[str, tuple[_Row, float, float]],
    rows: list[_Row],
) -> list[_Piece]:
    """Where a bar is drawn: from its first module to its last, at the height of its slot
    in the first module (below the slots, where the module has none of that name), a
    piece in each row it reaches."""
    first, last = graph.module(jumper.covered[0]), graph.module(jumper.covered[-1])
    slots = first.part.jumper_slots.names if first.part and first.part.jumper_slots else []
    level = slots.index(jumper.slot) if jumper.slot in slots else len(slots)
    row0, x0, _ = positions[first.key]
    row1, x1, w1 = positions[last.key]
    pieces = []
    for row in rows[row0.index : row1.index + 1]:
        start = x0 + 2 if row is row0 else float(MARGIN)
        end = x1 + w1 - 2 if row is row1 else row.right
        y = row.body_top + JUMPER_TOP + level * JUMPER_PITCH
        pieces.append(_Piece(row, start, max(end, start + 4), y))
    return pieces


def _nets(graph: PanelGraph, jumper: JumperNode) -> list[str]:
    """The nets of the terminals a bar sits in, in rail order, each once: one for a sound
    bar, two or more for a bar that shorts nets; none when no terminal carries a net."""
    potentials = (graph.terminal(key).potential for key in jumper.terminals)
    return list(dict.fromkeys(p for p in potentials if p is not None))


def _jumper(
    svg: _Svg,
    graph: PanelGraph,
    jumper: JumperNode,
    pieces: list[_Piece],
    starts: dict[tuple[int, float], list[float]],
    marked: dict[str, Mark],
) -> None:
    """A bar: its pieces, its outline when it has findings, and on each piece the label
    ``A2 · 0V`` (slot and net: what the colour does not tell), with the nets' voltages
    in the tooltip."""
    colour = _colour_name(jumper)
    rail_index = graph.nodes[jumper.rail].pointer.rsplit("/", 1)[1]
    element = f"el-jumper-{rail_index}-{jumper.pointer.rsplit('/', 1)[1]}"
    mark = marked.get(element)
    nets = _nets(graph, jumper)
    label = f"{jumper.slot} · {' / '.join(nets) if nets else 'no net'}"
    svg.open("g", id=element, class_="jumper")
    tip = f"jumper {jumper.label} ({jumper.part_number}, {colour}) in slot {jumper.slot}, "
    voltages = [graph.net(name) for name in nets]
    tip += (
        " and ".join(
            f"net {name} ({net.voltage})" if net is not None else f"net {name}"
            for name, net in zip(nets, voltages, strict=True)
        )
        or "no net"
    )
    if mark:
        tip += "".join(f"\n{f.code} {f.severity}: {f.message}" for f in mark.findings)
    svg.add("title", tip)
    for number, piece in enumerate(pieces):
        svg.add(
            "rect",
            x=f"{piece.x0:g}",
            y=f"{piece.y:g}",
            width=f"{piece.x1 - piece.x0:g}",
            height=JUMPER_BAR,
            rx=3,
            fill=svg_colour(colour),
            stroke="#1f2937",
            stroke_width=1,
            class_="body" if number == 0 else "body continued",
        )
    if mark:
        for number, piece in enumerate(pieces):
            # Hugging the bar (inside, it would hide the bar's colour): its stroke stays on
            # the modules the bar covers and clear of the label above.
            svg.add(
                "rect",
                id=f"{mark.element}-finding" if number == 0 else None,
                x=f"{piece.x0 - 1:g}",
                y=f"{piece.y - 1:g}",
                width=f"{piece.x1 - piece.x0 + 2:g}",
                height=JUMPER_BAR + 2,
                fill="none",
                stroke=SEVERITY_COLOURS[mark.severity],
                stroke_width=2,
                class_=f"finding {mark.severity}",
            )
    for piece in pieces:
        level = starts[(piece.row.index, piece.y)]
        after = bisect.bisect_right(level, piece.x0)
        limit = level[after] - 4 if after < len(level) else piece.row.right + MARGIN - 2
        svg.add(
            "text",
            _fit(label, limit - piece.x0 - 1, LABEL_SIZE),
            x=f"{piece.x0 + 1:g}",
            y=f"{piece.y - 4:g}",
            font_size=LABEL_SIZE,
            fill="#111827",
            stroke=ITEM_FILL["module"],
            stroke_width=3,
            stroke_linejoin="round",
            paint_order="stroke",
            class_="jumper-label",
        )
    if mark:
        _codes(svg, pieces[0].x0 + 4, pieces[0].row.body_top - CODES_GAP, mark)
    svg.close("g")


def _label(mark: Mark) -> str:
    """The codes drawn above an element, each once; a jumper's id first."""
    prefix = f"{mark.element_label}: " if mark.element_label else ""
    return prefix + " ".join(dict.fromkeys(f.code for f in mark.findings))


def _codes(svg: _Svg, x: float, y: float, mark: Mark) -> None:
    svg.labels.setdefault((round(x), y), []).append(mark)


def _flush_labels(svg: _Svg) -> None:
    for (x, y), group in sorted(svg.labels.items()):
        text = "  ".join(_label(m) for m in group)
        severity = max((m.severity for m in group), key=lambda s: SEVERITY_RANK[s])
        svg.longest_label = max(svg.longest_label, len(text))
        svg.add(
            "text",
            text,
            x=f"{x + 4:g}",
            y=f"{y:g}",
            font_size=10,
            font_weight="bold",
            fill=SEVERITY_COLOURS[severity],
            transform=f"rotate(-90 {x + 4:g} {y:g})",
            class_="codes",
        )
    svg.labels.clear()


def _dimension(svg: _Svg, row: _Row, length: float, used: float, folded: bool) -> None:
    """Under a row: the stretch of rail it holds, ticked where the rail ends and dashed
    where it is folded, with its length (its bounds, on a folded rail); under that, how
    much of it the items take, and the items' total where they end."""
    y = row.body_top + BODY + 22
    end_mm = min(row.end, length)
    if end_mm > row.start:
        start, end = row.x(row.start), row.x(end_mm)
        svg.add(
            "line",
            x1=f"{start:g}",
            y1=f"{y:g}",
            x2=f"{end:g}",
            y2=f"{y:g}",
            stroke="#374151",
            stroke_width=1,
        )
        for x, at_end in ((start, row.start == 0), (end, end_mm == length)):
            svg.add(
                "line",
                x1=f"{x:g}",
                y1=f"{y - 6:g}",
                x2=f"{x:g}",
                y2=f"{y + 6:g}",
                stroke="#374151",
                stroke_width=1,
                stroke_dasharray=None if at_end else "2 2",
            )
        svg.add(
            "text",
            f"{row.start:g}–{end_mm:g} mm" if folded else f"{length:g} mm",
            x=f"{(start + end) / 2:g}",
            y=f"{y - 4:g}",
            font_size=11,
            text_anchor="middle",
            fill="#374151",
        )
    if used > row.start or row.index == 0:
        used_end = row.x(min(used, row.end))
        colour = "#059669" if used <= length else SEVERITY_COLOURS["error"]
        svg.add(
            "line",
            x1=f"{row.x(row.start):g}",
            y1=f"{y + 14:g}",
            x2=f"{used_end:g}",
            y2=f"{y + 14:g}",
            stroke=colour,
            stroke_width=4,
        )
        if used <= row.end:
            svg.add(
                "text",
                f"items {used:g} mm",
                x=f"{used_end + 6:g}",
                y=f"{y + 18:g}",
                font_size=11,
                fill=colour,
            )


def _colour_key(name: str) -> str:
    """A colour name as the table spells it: "Light-Grey" is "light gray"."""
    spaced = name.lower().replace("grey", "gray").replace("-", " ").replace("_", " ")
    return " ".join(spaced.split())


def svg_colour(name: str) -> str:
    """The drawn colour of a catalog colour name, :data:`UNKNOWN_COLOUR` if not known."""
    return JUMPER_COLOURS.get(_colour_key(name), UNKNOWN_COLOUR)


def _colour_name(jumper: JumperNode) -> str:
    """The colour name of a jumper's part, as the catalog spells it."""
    colour: str | None = getattr(jumper.part, "colour", None)  # no part: drawn gray
    return colour or "gray"


def _legend_colours(jumpers: Iterable[JumperNode]) -> list[str]:
    """:data:`LEGEND_COLOURS`, then the other colours of the drawn jumpers: known ones in
    the table's order, then the rest by name."""
    names = {_colour_key(_colour_name(j)) for j in jumpers} - {*LEGEND_COLOURS, ""}
    order = {name: index for index, name in enumerate(JUMPER_COLOURS)}
    return [*LEGEND_COLOURS, *sorted(names, key=lambda n: (order.get(n, len(order)), n))]


def _legend(
    svg: _Svg, y: float, width: float, jumper_colours: list[str], devices: bool = False
) -> float:
    """The legend, from ``y``; returns where it ends. Its entries wrap at the page's right
    margin (a narrow drawing, or many jumper colours, would otherwise run off the page)."""
    svg.add(
        "text",
        "Legend",
        x=MARGIN,
        y=f"{y + 12:g}",
        font_size=13,
        font_weight="bold",
        fill="#111827",
    )
    right = width - MARGIN
    row = y + 30

    def place(x: float, text: str, swatch: float) -> tuple[float, float]:
        """Where an entry goes: here, or at the start of the next line if it would pass
        the margin (the first entry of a line always stays)."""
        nonlocal row
        if x > MARGIN and x + swatch + 6 + _text_width(text, 11) > right:
            row += 26
            return float(MARGIN), row
        return x, row

    x = float(MARGIN)
    for severity, colour in SEVERITY_COLOURS.items():
        x, at = place(x, f"{severity} finding", 14)
        svg.add(
            "rect",
            x=f"{x:g}",
            y=f"{at - 11:g}",
            width=14,
            height=14,
            fill="none",
            stroke=colour,
            stroke_width=3,
        )
        svg.add(
            "text",
            f"{severity} finding",
            x=f"{x + 20:g}",
            y=f"{at:g}",
            font_size=11,
            fill="#111827",
        )
        x += 120
    row += 26
    x = float(MARGIN)
    for name in jumper_colours:
        x, at = place(x, f"{name} jumper", 30)
        svg.add(
            "rect",
            x=f"{x:g}",
            y=f"{at - 9:g}",
            width=30,
            height=8,
            rx=3,
            fill=svg_colour(name),
            stroke="#1f2937",
            stroke_width=1,
        )
        svg.add(
            "text", f"{name} jumper", x=f"{x + 36:g}", y=f"{at:g}", font_size=11, fill="#111827"
        )
        x += 150
    x, at = place(x, "jumper: slot · net", 46)
    svg.add(
        "text",
        "11 · L1",
        x=f"{x:g}",
        y=f"{at:g}",
        font_size=LABEL_SIZE,
        fill="#111827",
    )
    svg.add(
        "text", "jumper: slot · net", x=f"{x + 46:g}", y=f"{at:g}", font_size=11, fill="#111827"
    )
    row += 26
    x = float(MARGIN)
    kinds = [
        ("module", "module (tag, part)"),
        ("end_plate", "end plate"),
        ("end_stop", "end stop"),
    ]
    if devices:  # only drawings that have one, so the others stay as they were
        kinds.append(("device", "device (not checked)"))
    for kind, label in kinds:
        x, at = place(x, label, 10)
        svg.add(
            "rect",
            x=f"{x:g}",
            y=f"{at - 11:g}",
            width=10,
            height=14,
            fill=ITEM_FILL[kind],
            stroke="#374151",
            stroke_width=1,
        )
        svg.add("text", label, x=f"{x + 16:g}", y=f"{at:g}", font_size=11, fill="#111827")
        x += 150
    x, at = place(x, "part not in the catalog", 10)
    svg.add(
        "rect",
        x=f"{x:g}",
        y=f"{at - 11:g}",
        width=10,
        height=14,
        fill="#fde68a",
        stroke="#374151",
        stroke_dasharray="4 2",
    )
    svg.add(
        "text",
        "part not in the catalog",
        x=f"{x + 16:g}",
        y=f"{at:g}",
        font_size=11,
        fill="#111827",
    )
    return row + 10
