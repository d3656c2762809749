"""LAY001-LAY005: references that do not resolve.

The graph builder resolves every part number, id and terminal name once and records
what fails (see :mod:`panelcheck.graph`); these checks only report those records, so
the resolution logic exists in one place.
"""

from __future__ import annotations

from collections.abc import Iterator

from panelcheck.checks import Context, rule
from panelcheck.findings import Report


def _problems(ctx: Context, code: str) -> Iterator[Report]:
    for p in ctx.graph.problems:
        if p.code == code:
            yield Report(p.subject, p.pointer, p.message, at_key=p.at_key)


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
