"""LAY001-LAY005: references that do not resolve, and the words of their messages;
LAY007, a load whose current and impedance disagree.

The graph builder resolves every part number, id and terminal name once and records
what fails as data (see :mod:`panelcheck.graph.problems`); these checks report those
records, so the resolution logic exists in one place and every LAY001-LAY005 message is
worded here, in :func:`message`. (LAY000, a file that is not a layout, is reported while
reading; LAY006, waivers, by :mod:`panelcheck.engine.waivers`.)
"""

from __future__ import annotations

from collections.abc import Iterator

from panelcheck.checks import Context, remedies, rule
from panelcheck.findings import Fix, Report
from panelcheck.graph.problems import (
    DuplicateId,
    Element,
    JumperStart,
    NotAModule,
    Problem,
    UndeclaredNet,
    UnknownMark,
    UnknownPart,
    UnknownTerminal,
    WrongKindOfPart,
)
from panelcheck.graph.records import KIND_LABEL
from panelcheck.units import Kind, at_most, format_quantity


def _problems(ctx: Context, code: str) -> Iterator[Report]:
    for p in ctx.graph.problems:
        if p.code == code:
            yield Report(p.subject, p.pointer, message(p), at_key=p.at_key, fix=_fix(p))


def _fix(p: Problem) -> Fix | None:
    """LAY001's fix, unsafe: the unknown number replaced by its one close match of the
    kind wanted there (a guess, however likely: the designer may mean another part)."""
    if not isinstance(p, UnknownPart) or len(p.near) != 1:
        return None
    return remedies.replace(
        p.pointer,
        p.near[0],
        f"replace the unknown part number {p.number!r} by {p.near[0]}, the one "
        f"{_kind(p.wanted_kind or p.element.kind)} with a number like it",
        safe=False,
    )


@rule("LAY001")
def unknown_part(ctx: Context) -> Iterator[Report]:
    return _problems(ctx, "LAY001")


@rule("LAY002")
def duplicate_id(ctx: Context) -> Iterator[Report]:
    return _problems(ctx, "LAY002")


@rule("LAY003")
def unresolved_reference(ctx: Context) -> Iterator[Report]:
    return _problems(ctx, "LAY003")


@rule("LAY004")
def part_kind_mismatch(ctx: Context) -> Iterator[Report]:
    return _problems(ctx, "LAY004")


@rule("LAY005")
def unknown_terminal(ctx: Context) -> Iterator[Report]:
    return _problems(ctx, "LAY005")


LOAD_AGREEMENT = 0.1
"""LAY007: how far a load's current at its net's voltage over its impedance may differ
from its stated current, as a fraction of the stated current."""


@rule("LAY007")
def inconsistent_load(ctx: Context) -> Iterator[Report]:
    pg = ctx.graph
    for load in pg.of_kind("load"):
        if load.current is None or load.impedance is None:
            continue
        drawn = pg.impedance_current(load)
        if drawn is None:
            continue
        stated = load.current.magnitude
        if at_most(abs(drawn - stated), LOAD_AGREEMENT * stated):
            continue
        assert load.terminal is not None  # impedance_current needs it
        voltage = pg.voltage_at(load.terminal)
        yield Report(
            load.id,
            load.pointer,
            f"load {load.label}: current {load.current} and impedance {load.impedance} "
            f"disagree: at {voltage} ({pg.terminal_title(load.terminal)}) the impedance "
            f"draws {format_quantity(Kind.CURRENT, drawn)}, more than 10 % from the stated "
            f"current; the rules use the larger, "
            f"{format_quantity(Kind.CURRENT, max(drawn, stated))}",
        )


# -- the messages ------------------------------------------------------------------------
def message(p: Problem) -> str:
    """The finding message of a problem the builder recorded."""
    match p:
        case UnknownPart():  # LAY001
            unknown = f"{_named(p.element)}: part {p.number!r} is not in the catalog"
            if not p.near:
                return (
                    f"{unknown} ('panelcheck catalog' lists the known parts); if the number "
                    f"is right, {_OWN_CATALOG}"
                )
            return (
                f"{unknown}; did you mean {_suggested(p)}? If the number is right, {_OWN_CATALOG}"
            )
        case DuplicateId():  # LAY002
            where = f"line {p.first_line}" if p.first_line is not None else p.first_pointer
            return (
                f"id {p.ident!r} is used twice: the {_kind(p.first_kind)} at {where} already "
                "has it; ids of rails, modules, plates, stops, jumpers, wires and loads "
                "share one namespace"
            )
        case UndeclaredNet():  # LAY003
            return f"{p.module} terminal {p.terminal}: net {p.net!r} is not declared in 'nets'"
        case JumperStart():  # LAY003
            if p.found_kind is None:
                return f"jumper {p.jumper}: 'from' names {p.start!r}, which does not exist"
            if p.rail is None:
                return (
                    f"jumper {p.jumper}: 'from' names {p.start!r}, which is "
                    f"{_a(_kind(p.found_kind))}, not a module"
                )
            return (
                f"jumper {p.jumper}: 'from' names module {p.start}, which is on rail "
                f"{p.rail}, not on this rail"
            )
        case NotAModule():  # LAY003
            why = (
                f"{p.module!r} is {_a(_kind(p.found_kind))}, not a module"
                if p.found_kind is not None
                else f"there is no module {p.module!r}"
            )
            return f"{_named(p.element)} {p.reference!r}: {why}"
        case UnknownMark():  # LAY003
            known = ", ".join(repr(m) for m in p.known) or "none"
            return (
                f"panel approvals: no part in the catalog carries the mark {p.mark!r}; "
                f"the known marks are {known}"
            )
        case WrongKindOfPart():  # LAY004
            return (
                f"{_named(p.element)}: {p.number} is {_a(KIND_LABEL[p.part_kind])} "
                f"({p.description}), not {_a(KIND_LABEL[p.wanted_kind])}"
            )
        case UnknownTerminal():  # LAY005
            missing = (
                f"{p.module} has no terminal {p.terminal!r}; its terminals are "
                f"{', '.join(p.terminals)}"
            )
            if p.element is None:  # named in the module's own terminals map
                return missing
            return f"{_named(p.element)} {p.reference!r}: {missing}"
    raise TypeError(f"no message for {type(p).__name__}")


_OWN_CATALOG = "add the part to a catalog of your own with --catalog DIR"
"""LAY001's way out when the number is right: a part the shipped catalog lacks is
described in a TOML file of the user's (SPEC section 3) and named on the command line."""


def _suggested(p: UnknownPart) -> str:
    """``859-390, 859-753 or 859-386``; for a wire's ferrule each with its size, and the
    conductor's, since they come nearest size first (``216-224 (for 1.5 mm²) ... , the
    sizes nearest the 2.5 mm² conductor``)."""
    named = [f"{n} (for {p.near_sizes[n]})" if n in p.near_sizes else n for n in p.near]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
    if p.size is not None and p.near_sizes:
        nearest = "the size" if len(named) == 1 else "the sizes"
        return f"{listed}, {nearest} nearest the {p.size} conductor"
    return listed


def _kind(kind: str) -> str:
    """``end plate``: a kind of element as messages name it."""
    return KIND_LABEL.get(kind, kind)


def _named(element: Element) -> str:
    """``module K1``, ``end stop item 1 of rail X1``, ``wire W1: ferrule``."""
    named = f"{_kind(element.kind)} {element.label}"
    return f"{named}: {element.key}" if element.key is not None else named


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
