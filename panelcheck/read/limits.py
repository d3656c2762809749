"""The limits on a layout file, and how they are checked without slowing valid files.

A layout comes from a pull request panelcheck did not write, so every dimension of it is
bounded, with a LAY000 finding that names the limit when one is passed:

================== =============== ===========================================
file size          20 MB           ``max-file-size`` in the configuration
nesting depth      64 levels       a layout needs 7
string length      10,000 chars    ids 100, names 200, quantities 64 (the schema)
items              500,000         in any one list or object (the schema)
findings           10,000          of one rule in one file; the rest are counted
================== =============== ===========================================

The schema itself bounds everything a valid layout can hold (its strings, lists and
maps carry these limits, and its depth is fixed), so a file that validates at the first
attempt needs no further look. Only data the schema does not describe is walked here:
``x-`` values, which are free for the user's tools, and whatever an invalid file holds.
The walk is iterative, so no input can exhaust the interpreter's recursion.
"""

from __future__ import annotations

from dataclasses import dataclass

from panelcheck.read.positions import escape_token

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_STRING = 10_000
MAX_ITEMS = 500_000
MAX_FINDINGS_PER_RULE = 10_000
"""Findings of one rule listed per file; the rest are counted in a note (engine)."""

SHOWN = 60
"""Characters of a user's value quoted in a message; the rest is summarised."""


@dataclass(frozen=True)
class Breach:
    """The first place data exceeds a limit."""

    pointer: str
    message: str
    at_key: bool = False


def first_breach(data: object) -> Breach | None:
    """The first value (in document order) that breaks the depth, string or item limit."""
    stack: list[tuple[object, int, tuple[str, ...]]] = [(data, 0, ())]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, str):
            if len(value) > MAX_STRING:
                return Breach(_pointer(path), f"a string of {len(value):,} characters: {_over()}")
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth >= MAX_DEPTH:
            return Breach(
                _pointer(path),
                f"JSON nested deeper than {MAX_DEPTH} levels; a layout needs fewer than 10",
            )
        if len(value) > MAX_ITEMS:
            noun = "an object of" if isinstance(value, dict) else "a list of"
            return Breach(
                _pointer(path),
                f"{noun} {len(value):,} items: more than the limit of {MAX_ITEMS:,} in one "
                "list or object",
            )
        if isinstance(value, dict):
            children = []
            for key, item in value.items():
                if len(key) > MAX_STRING:
                    return Breach(
                        _pointer((*path, key)),
                        f"a key of {len(key):,} characters: {_over()}",
                        at_key=True,
                    )
                children.append((item, depth + 1, (*path, key)))
        else:
            children = [(item, depth + 1, (*path, str(i))) for i, item in enumerate(value)]
        stack.extend(reversed(children))
    return None


def _over() -> str:
    return f"longer than the limit of {MAX_STRING:,} characters"


def _pointer(path: tuple[str, ...]) -> str:
    return "".join(f"/{escape_token(token)}" for token in path)


def shown(value: object) -> str:
    """A user's value for a message: quoted, and cut short if long (a message quoting a
    megabyte of hostile input would be a second problem)."""
    if isinstance(value, str) and len(value) > SHOWN:
        return f"{value[:SHOWN]!r}... ({len(value):,} characters)"
    if value is None or isinstance(value, bool):  # as the JSON file spells them
        return {None: "null", True: "true", False: "false"}[value]
    return repr(value)
