"""The rails drawn to scale as SVG, with the findings marked on what they concern.

Each rail is a DIN rail of its declared length; its items stand on it left to right
with their catalog widths (6 mm modules, 1 mm plates, 6/10/14 mm end stops), modules
labelled with their tag and part number. Jumper bars are drawn in their colours across
the modules they reach, at the height of their slot. Below each rail a dimension line
gives its length, what the items take and what is free (or how far they overflow).

An element with findings gets an outline in the colour of its most severe finding and
the finding codes above it; a finding about a wire or a load is drawn on the module it
lands on. Every drawn element has an ``id`` (``el-…``) so that the HTML report can link
each row of its findings table to it, and a ``<title>`` tooltip naming it.

Written with the standard library only, so that drawing needs no browser, font files or
network: the SVG is text, and deterministic for the same input.

One module of about 600 lines: the geometry (pitch, rows, rails), the marks and the
legend share one coordinate system and its constants, and read best together.
"""

from __future__ import annotations

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
DIMENSION = 56
RAIL_BAND = 36
UNKNOWN_WIDTH_MM = 6.0

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


class _Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []
        # Finding codes waiting to be drawn above the items, merged per position so that
        # two jumpers starting on one module do not print over each other.
        self.labels: dict[tuple[float, float], list[Mark]] = {}
        self.longest_label = 0
        self.outlines: list[tuple[float, float, float, float, Mark]] = []

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


def render_svg(graph: PanelGraph, findings: Sequence[Finding], title: str = "") -> str:
    """The SVG drawing of every rail of a panel, with findings and a legend."""
    marked = marks(graph, findings)
    room = max([40.0, *(_label_height(len(_label(m))) for m in marked.values())])
    svg = _draw(graph, marked, title, room)
    if _label_height(svg.longest_label) > room:  # merged labels need more: draw again
        svg = _draw(graph, marked, title, _label_height(svg.longest_label))
    return "\n".join(svg.parts) + "\n"


def _label_height(characters: int) -> float:
    return characters * 6.4 + 14


def _draw(graph: PanelGraph, marked: dict[str, Mark], title: str, codes_height: float) -> _Svg:
    rails = list(graph.of_kind("rail"))
    spans = [
        max(rail.length.magnitude, sum(_width_mm(i) for i in graph.rail_items(rail.key)))
        for rail in rails
    ]
    width = MARGIN * 2 + max([*spans, 150.0]) * SCALE
    block = TITLE + codes_height + BODY + DIMENSION
    height = MARGIN + len(rails) * block + 150
    svg = _Svg()
    svg.open(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        width=f"{width:g}",
        height=f"{height:g}",
        viewBox=f"0 0 {width:g} {height:g}",
        font_family="DejaVu Sans, Arial, sans-serif",
        role="img",
    )
    svg.add("title", title or "panel layout")
    svg.add("rect", x=0, y=0, width=f"{width:g}", height=f"{height:g}", fill="#ffffff")
    y: float = MARGIN
    jumpers: dict[str, list[JumperNode]] = {}  # by rail, in file order: one pass, not one a rail
    for jumper in graph.of_kind("jumper"):
        jumpers.setdefault(jumper.rail, []).append(jumper)
    for index, rail in enumerate(rails):
        _rail(svg, graph, rail, index, (y, y + TITLE + codes_height), marked, jumpers)
        y += block
    drawn = [j for on_rail in jumpers.values() for j in on_rail if j.covered]
    _legend(svg, y + 8, _legend_colours(drawn), devices=bool(graph.of_kind("device")))
    svg.close("svg")
    return svg


def _rail(
    svg: _Svg,
    graph: PanelGraph,
    rail: RailNode,
    index: int,
    tops: tuple[float, float],
    marked: dict[str, Mark],
    jumpers: dict[str, list[JumperNode]],
) -> None:
    top, body_top = tops
    items = graph.rail_items(rail.key)
    used = sum(_width_mm(i) for i in items)
    length = rail.length.magnitude
    free = length - used
    state = f"{free:g} mm free" if free >= 0 else f"{-free:g} mm over"
    heading = f"Rail {rail.label}: {length:g} mm, items {used:g} mm, {state}"
    svg.add(
        "text",
        heading,
        x=MARGIN,
        y=top + 18,
        font_size=15,
        font_weight="bold",
        fill="#111827",
    )
    band_y = body_top + BODY / 2 - RAIL_BAND / 2
    svg.add(
        "rect",
        x=MARGIN,
        y=band_y,
        width=f"{length * SCALE:g}",
        height=RAIL_BAND,
        fill="#c0c6cc",
        stroke="#6b7280",
        stroke_width=1,
    )
    x = float(MARGIN)
    positions: dict[str, tuple[float, float]] = {}
    for item in items:
        w = _width_mm(item) * SCALE
        positions[item.key] = (x, w)
        _item(svg, graph, item, x, w, body_top, marked.get(_item_id(graph, item)))
        x += w
    for jumper in jumpers.get(rail.key, ()):
        if jumper.covered:
            _jumper(svg, graph, jumper, positions, body_top, marked)
    title_end = MARGIN + len(heading) * 9.8 + 14  # bold 15 px: about 9.8 px a character
    _rail_overlay(
        svg, rail, index, length, body_top, (title_end, top + 18), marked.get(f"el-rail-{index}")
    )
    _flush_outlines(svg)
    _flush_labels(svg)
    _dimension(svg, length, used, body_top + BODY + 14)


def _rail_overlay(
    svg: _Svg,
    rail: RailNode,
    index: int,
    length: float,
    body_top: float,
    label_at: tuple[float, float],
    mark: Mark | None,
) -> None:
    """The rail as a link target, drawn over its items so its outline stays visible; its
    codes go on the title line, where they cannot collide with the items' codes."""
    svg.open("g", id=f"el-rail-{index}", class_="rail")
    svg.add("title", f"rail {rail.label}, {length:g} mm")
    svg.add(
        "rect",
        x=MARGIN,
        y=f"{body_top:g}",
        width=f"{length * SCALE:g}",
        height=BODY,
        fill="none",
        stroke="none",
        class_="body",
    )
    if mark:
        _outline(svg, MARGIN, body_top, length * SCALE, BODY, mark)
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
    if isinstance(item, ModuleNode | DeviceNode):
        cx, cy = x + w / 2, y + height / 2
        svg.add(
            "text",
            item.label,
            x=f"{cx - 3:g}",
            y=f"{cy:g}",
            font_size=11,
            font_weight="bold",
            fill="#111827",
            text_anchor="middle",
            transform=f"rotate(-90 {cx - 3:g} {cy:g})",
        )
        svg.add(
            "text",
            (item.description or item.part_number)
            if isinstance(item, DeviceNode)
            else item.part_number,
            x=f"{cx + 8:g}",
            y=f"{cy:g}",
            font_size=9,
            fill="#374151",
            text_anchor="middle",
            transform=f"rotate(-90 {cx + 8:g} {cy:g})",
        )
    if mark:
        _outline(svg, x, y, w, height, mark)
        _codes(svg, x + w / 2, body_top - 6, mark)
    svg.close("g")


def _jumper(
    svg: _Svg,
    graph: PanelGraph,
    jumper: JumperNode,
    positions: dict[str, tuple[float, float]],
    body_top: float,
    marked: dict[str, Mark],
) -> None:
    first, last = graph.module(jumper.covered[0]), graph.module(jumper.covered[-1])
    slots = first.part.jumper_slots.names if first.part and first.part.jumper_slots else []
    level = slots.index(jumper.slot) if jumper.slot in slots else len(slots)
    x0 = positions[first.key][0] + 2
    x1 = positions[last.key][0] + positions[last.key][1] - 2
    y = body_top + 10 + level * 16
    colour = _colour_name(jumper)
    rail_index = graph.nodes[jumper.rail].pointer.rsplit("/", 1)[1]
    element = f"el-jumper-{rail_index}-{jumper.pointer.rsplit('/', 1)[1]}"
    mark = marked.get(element)
    svg.open("g", id=element, class_="jumper")
    tip = f"jumper {jumper.label} ({jumper.part_number}, {colour}) in slot {jumper.slot}"
    if mark:
        tip += "".join(f"\n{f.code} {f.severity}: {f.message}" for f in mark.findings)
    svg.add("title", tip)
    svg.add(
        "rect",
        x=f"{x0:g}",
        y=f"{y:g}",
        width=f"{max(x1 - x0, 4):g}",
        height=8,
        rx=3,
        fill=svg_colour(colour),
        stroke="#1f2937",
        stroke_width=1,
        class_="body",
    )
    if mark:
        _outline(svg, x0, y, max(x1 - x0, 4), 8, mark)
        _codes(svg, x0 + 4, body_top - 6, mark)
    svg.close("g")


def _outline(svg: _Svg, x: float, y: float, w: float, h: float, mark: Mark) -> None:
    """Queue a finding outline: outlines are drawn over everything else on the rail, so a
    neighbour drawn later cannot hide one."""
    svg.outlines.append((x, y, w, h, mark))


def _flush_outlines(svg: _Svg) -> None:
    for x, y, w, h, mark in svg.outlines:
        svg.add(
            "rect",
            id=f"{mark.element}-finding",
            x=f"{x - 3:g}",
            y=f"{y - 3:g}",
            width=f"{w + 6:g}",
            height=f"{h + 6:g}",
            fill="none",
            stroke=SEVERITY_COLOURS[mark.severity],
            stroke_width=3,
            class_=f"finding {mark.severity}",
        )
    svg.outlines.clear()


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


def _dimension(svg: _Svg, length: float, used: float, y: float) -> None:
    end = MARGIN + length * SCALE
    svg.add(
        "line", x1=MARGIN, y1=f"{y:g}", x2=f"{end:g}", y2=f"{y:g}", stroke="#374151", stroke_width=1
    )
    for x in (MARGIN, end):
        svg.add(
            "line",
            x1=f"{x:g}",
            y1=f"{y - 6:g}",
            x2=f"{x:g}",
            y2=f"{y + 6:g}",
            stroke="#374151",
            stroke_width=1,
        )
    svg.add(
        "text",
        f"{length:g} mm",
        x=f"{(MARGIN + end) / 2:g}",
        y=f"{y - 4:g}",
        font_size=11,
        text_anchor="middle",
        fill="#374151",
    )
    used_end = MARGIN + used * SCALE
    colour = "#059669" if used <= length else SEVERITY_COLOURS["error"]
    svg.add(
        "line",
        x1=MARGIN,
        y1=f"{y + 14:g}",
        x2=f"{used_end:g}",
        y2=f"{y + 14:g}",
        stroke=colour,
        stroke_width=4,
    )
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


def _legend(svg: _Svg, y: float, jumper_colours: list[str], devices: bool = False) -> None:
    svg.add(
        "text",
        "Legend",
        x=MARGIN,
        y=f"{y + 12:g}",
        font_size=13,
        font_weight="bold",
        fill="#111827",
    )
    x = float(MARGIN)
    row = y + 30
    for severity, colour in SEVERITY_COLOURS.items():
        svg.add(
            "rect",
            x=f"{x:g}",
            y=f"{row - 11:g}",
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
            y=f"{row:g}",
            font_size=11,
            fill="#111827",
        )
        x += 120
    row += 26
    x = float(MARGIN)
    for name in jumper_colours:
        colour = svg_colour(name)
        svg.add(
            "rect",
            x=f"{x:g}",
            y=f"{row - 9:g}",
            width=30,
            height=8,
            rx=3,
            fill=colour,
            stroke="#1f2937",
            stroke_width=1,
        )
        svg.add(
            "text", f"{name} jumper", x=f"{x + 36:g}", y=f"{row:g}", font_size=11, fill="#111827"
        )
        x += 150
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
        svg.add(
            "rect",
            x=f"{x:g}",
            y=f"{row - 11:g}",
            width=10,
            height=14,
            fill=ITEM_FILL[kind],
            stroke="#374151",
            stroke_width=1,
        )
        svg.add("text", label, x=f"{x + 16:g}", y=f"{row:g}", font_size=11, fill="#111827")
        x += 150
    svg.add(
        "rect",
        x=f"{x:g}",
        y=f"{row - 11:g}",
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
        y=f"{row:g}",
        font_size=11,
        fill="#111827",
    )
