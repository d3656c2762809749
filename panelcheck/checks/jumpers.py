"""JMP001-JMP005: jumper bars that do not fit, carry too much, or have the wrong colour."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from panelcheck.catalog import JumperPart
from panelcheck.checks import Context, remedies, rule
from panelcheck.findings import Fix, Report, few
from panelcheck.graph import ItemNode, JumperNode, ModuleNode, PanelGraph
from panelcheck.graph.currents import current_model
from panelcheck.units import Kind, at_most, format_quantity


def _jumpers(pg: PanelGraph) -> Iterator[JumperNode]:
    """Jumpers whose part and start resolved (LAY001/LAY003/LAY004 report the rest)."""
    for jumper in pg.of_kind("jumper"):
        if jumper.part is not None and jumper.start is not None:
            yield jumper


def _by_part(modules: list[ModuleNode]) -> dict[str, list[ModuleNode]]:
    """Modules grouped by part number, in rail order: one citation per data sheet."""
    groups: dict[str, list[ModuleNode]] = {}
    for module in modules:
        groups.setdefault(module.part_number, []).append(module)
    return groups


def _names(modules: list[ModuleNode]) -> str:
    return few([m.label for m in modules], last=" and ")


def _title(jumper: JumperNode) -> str:
    assert jumper.part is not None
    return f"jumper {jumper.label} ({jumper.part_number}, {jumper.part.ways}-way)"


@rule("JMP001")
def jumper_incompatible(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for jumper in _jumpers(pg):
        refusing = [
            m
            for m in map(pg.module, jumper.covered)
            if m.part is not None
            and m.part.jumpers is not None  # a sheet that lists no jumpers is not judged
            and jumper.part_number not in m.part.jumpers.parts
        ]
        if not refusing:
            continue
        reasons = []
        for number, modules in _by_part(refusing).items():
            part = modules[0].part
            assert part is not None and part.jumpers is not None
            listed = part.jumpers.parts
            lists = (
                f"it lists {len(listed)} jumpers ({listed[0]} ... {listed[-1]})"
                if listed
                else "it lists no jumper"
            )
            verb = "does" if len(modules) == 1 else "do"
            reasons.append(
                f"{_names(modules)} ({number}) {verb} not list it; {lists} ({part.jumpers.cite()})"
            )
        yield Report(
            jumper.id,
            f"{jumper.pointer}/part",
            f"{_title(jumper)} is not compatible with the module it covers: " + "; ".join(reasons),
            fix=_jumper_fix(pg, jumper, "listed by every module it covers"),
        )


def _jumper_fix(
    pg: PanelGraph,
    jumper: JumperNode,
    what: str,
    safe: bool = True,
    ways: int | None = None,
    colours: list[str] | None = None,
) -> Fix | None:
    """The jumper replaced by a part every module it covers lists (see
    :func:`remedies.jumper_like`)."""
    assert jumper.part is not None
    number = remedies.jumper_like(
        pg.catalog,
        jumper.part,
        [pg.module(k).part for k in jumper.covered],
        ways=ways,
        colours=colours,
        same_series=colours is not None,
    )
    chosen = pg.catalog.parts.get(number) if number is not None else None
    if number is None or not isinstance(chosen, JumperPart):
        return None
    return remedies.replace(
        f"{jumper.pointer}/part",
        number,
        f"replace jumper {jumper.label} ({jumper.part_number}) by {number} "
        f"({chosen.ways}-way, {chosen.colour}): {what}",
        safe,
    )


@rule("JMP002")
def jumper_span(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for jumper in _jumpers(pg):
        assert jumper.part is not None and jumper.start is not None  # what _jumpers yields
        ways = jumper.part.ways
        if len(jumper.covered) >= ways:
            continue
        last = pg.nodes[jumper.covered[-1]].label
        if jumper.stopped_by is None:
            why = f"the rail ends after {last}"
        else:
            blocker = pg.nodes[jumper.stopped_by]
            assert isinstance(blocker, ItemNode)
            kind = blocker.kind.replace("_", " ")
            what = (
                f"{kind} {blocker.title}"
                if blocker.id
                else f"the {kind} {blocker.part_number} after {last}"
            )
            why = (
                f"{what} interrupts the row (a jumper bridges directly adjacent "
                "modules only; a plate or stop breaks the pitch)"
            )
        reach = len(jumper.covered)
        yield Report(
            jumper.id,
            f"{jumper.pointer}/from",
            f"{_title(jumper)} from {pg.nodes[jumper.start].label} needs {ways} "
            f"consecutive modules but finds {reach}: {why}",
            fix=_jumper_fix(pg, jumper, "the modules it can reach", safe=False, ways=reach)
            if reach >= 2
            else None,
        )


@rule("JMP003")
def jumper_slot(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for jumper in _jumpers(pg):
        for number, modules in _by_part([pg.module(k) for k in jumper.without_slot]).items():
            part = modules[0].part
            # a slot is judged only on a module of a known part that names its slots
            assert part is not None and part.jumper_slots is not None
            slots = part.jumper_slots
            verb = "has" if len(modules) == 1 else "have"
            yield Report(
                jumper.id,
                f"{jumper.pointer}/slot",
                f"{_title(jumper)} sits in slot {jumper.slot!r}, but {_names(modules)} "
                f"({number}) {verb} no jumper slot there; the slots are "
                f"{', '.join(slots.names)} ({slots.cite()})",
            )
    yield from _shared_slots(pg)


def _shared_slots(pg: PanelGraph) -> Iterator[Report]:
    """Two jumpers in one slot: reported on the later one, naming where they meet."""
    clashes: dict[str, dict[str, list[str]]] = {}
    terminals = pg.terminal_at
    for jumper in pg.of_kind("jumper"):
        for key in jumper.terminals:
            jumpers = terminals[key].jumpers
            if len(jumpers) < 2 or jumpers[0] == jumper.key:
                continue  # the first jumper in a slot is not the one to blame
            modules = clashes.setdefault(jumper.key, {}).setdefault(jumpers[0], [])
            modules.append(pg.terminal_title(key))
    for later_key in sorted(clashes, key=lambda k: pg.nodes[k].seq):
        later = pg.nodes[later_key]
        assert isinstance(later, JumperNode)
        for earlier_key, where in clashes[later_key].items():
            yield Report(
                later.id,
                f"{later.pointer}/slot",
                f"jumper {later.label} and jumper {pg.nodes[earlier_key].label} "
                f"both sit in the jumper slot of {few(where)}; a slot holds "
                "one jumper",
            )


@rule("JMP004")
def jumper_overcurrent(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    model = current_model(pg)
    for jumper in _jumpers(pg):
        terminals = jumper.terminals
        segments = [e for a, b in pairwise(terminals) if (e := model.through(a, b))]
        if not segments:
            continue
        worst = max(segments, key=lambda e: e.current)
        assert jumper.part is not None
        rating = jumper.part.rating
        if rating is not None and at_most(worst.current, rating.value):  # 18 A passes 18 A
            continue
        if rating is None and worst.current <= 0:
            continue
        where = f"between {pg.terminal_title(worst.near)} and {pg.terminal_title(worst.far)}"
        flow = f"{format_quantity(Kind.CURRENT, worst.current)} {where} ({worst.explain()})"
        if rating is None:  # a current flows (see above), but nothing to compare it with
            yield Report(
                jumper.id,
                f"{jumper.pointer}/part",
                f"{_title(jumper)} carries {flow}; the catalog has no current "
                f"rating for {jumper.part_number} ({jumper.part.source or 'no source'}"
                "), so it is not checked: confirm the rating with the "
                "manufacturer",
                severity="info",
            )
            continue
        yield Report(
            jumper.id,
            f"{jumper.pointer}/part",
            f"{_title(jumper)} carries {flow}, above its rating of "
            f"{rating.value} ({rating.cite()})",
        )


@rule("JMP005")
def jumper_colour(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    zero_volt = list(ctx.params.get("zero_volt", ["blue"]))
    positive_dc = list(ctx.params.get("positive_dc", ["red"]))
    for jumper in _jumpers(pg):
        assert jumper.part is not None
        nets = {pg.terminal(t).net for t in jumper.terminals} - {None}
        if len(nets) != 1:  # none known, or a short (NET001)
            continue
        net = pg.net(nets.pop())
        if net is None:
            continue
        voltage = net.voltage
        if voltage.magnitude == 0:
            wanted, convention = zero_volt, "0 V nets"
        elif voltage.magnitude > 0 and not voltage.ac:
            wanted, convention = positive_dc, "positive DC nets"
        else:
            continue
        if jumper.part.colour in wanted:
            continue
        yield Report(
            jumper.id,
            f"{jumper.pointer}/part",
            f"{_title(jumper)} is {jumper.part.colour} on net {net.id} ({voltage}); "
            f"the colour convention is {' or '.join(wanted)} for {convention}",
            fix=_jumper_fix(pg, jumper, f"the colour for {convention}", colours=wanted),
        )
