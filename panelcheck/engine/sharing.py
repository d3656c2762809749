"""The engine's side of sharing one large panel over processes: fork, pipe, merge.

What may be shared and how the rails are cut is planned in
:mod:`panelcheck.graph.shares`. Here the first share is built and checked in this
process and every other one in a forked child, which sees the parsed and validated
layout without copying it (fork rather than ``multiprocessing``, whose spawned workers
would have to be sent the layout). A child sends its reports back pickled: the pipe
joins this process to its own fork, so nothing but our own code's output is unpickled.

The result never depends on how the work was shared: a child that fails has its share
redone here, and the engine sorts the merged findings the same way afterwards.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from panelcheck.catalog import Catalog
from panelcheck.findings import Report
from panelcheck.graph import Locate, PanelGraph, build_graph
from panelcheck.graph.shares import Plan, Share, plan

Reports = list[tuple[str, list[Report]]]
"""Each check's code with its reports, in the order the checks ran."""

CheckGraph = Callable[[PanelGraph, bool], Reports]
"""Runs the engine's checks over a graph (the whole panel or one share); with the flag
set it also tells the progress bar how far it is (only this process has the bar)."""


def plan_shares(layout: Mapping[str, Any], catalog: Catalog, jobs: int) -> Plan | None:
    """How to share a large panel over ``jobs`` processes, or None when there is one
    process, no fork (Windows), or a layout that cannot be shared."""
    if jobs < 2 or not hasattr(os, "fork"):
        return None
    return plan(layout, catalog, jobs)


def check_in_shares(
    layout: dict[str, Any],
    locate: Locate,
    catalog: Catalog,
    shares: Plan,
    check: CheckGraph,
) -> tuple[PanelGraph, Reports]:
    """Build and check the first share here and the others in forked children; merge
    the reports rule by rule. Returns this process's graph (its share) with them.

    A child that fails has its share redone here. When this process is interrupted, or
    a check fails here, the children are killed before the exception goes on.
    """
    first, *others = shares.shares
    children = []
    for share in others:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            _child(write_end, read_end, layout, locate, catalog, share, check)
        os.close(write_end)
        children.append((share, pid, read_end))
    try:
        graph = build_graph(layout, catalog, locate, first)
        mine = check(graph, True)
        payloads = []
        for _, pid, read_end in children:
            with os.fdopen(read_end, "rb") as stream:
                payloads.append(stream.read())
            os.waitpid(pid, 0)
    except BaseException:  # interrupted, or a check failed here: stop the children too
        for _, pid, _ in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        raise
    merged = {code: list(reports) for code, reports in mine}
    for (share, _, _), payload in zip(children, payloads, strict=True):
        result: Reports
        try:
            status, result = pickle.loads(payload)  # our own fork's answer
        except Exception:
            status = "failed"
        if status != "ok":
            result = check(build_graph(layout, catalog, locate, share), False)
        for code, reports in result:
            merged[code] += reports
    return graph, list(merged.items())  # in the order of the checks, as ``mine`` is


def _child(
    write_end: int,
    read_end: int,
    layout: dict[str, Any],
    locate: Locate,
    catalog: Catalog,
    share: Share,
    check: CheckGraph,
) -> NoReturn:
    """A forked child's life: check its share, send the reports, leave at once
    (without the parent's exit handlers or buffered output, whatever happens)."""
    try:
        os.close(read_end)
        try:
            graph = build_graph(layout, catalog, locate, share)
            payload = pickle.dumps(("ok", check(graph, False)))
        except BaseException as exc:  # the parent redoes this share and sees why
            payload = pickle.dumps(("failed", repr(exc)))
        with os.fdopen(write_end, "wb") as stream:
            stream.write(payload)
    finally:
        os._exit(0)
