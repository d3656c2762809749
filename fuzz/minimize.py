"""Shrinking a crashing input to a small reproducer, under a time budget.

First on the JSON tree when the input still parses (drop members and elements, empty
containers, shorten strings), because a layout shrinks by whole elements far faster than
by bytes; then on the bytes (drop chunks, halving their size), which also works for input
that is not JSON at all. Every candidate is kept only if ``still_fails`` says the same
crash happens, so the result always reproduces.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

Predicate = Callable[[bytes], bool]


class Pairs(list):  # type: ignore[type-arg]
    """A JSON object as a list of pairs, so that duplicate keys survive shrinking."""


def _load(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=Pairs)
    except (ValueError, RecursionError):
        return None


def _dump(value: Any, indent: int | None = None) -> bytes:
    try:
        return _dumps(value, indent, 0, False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: written as \u escapes instead
        return _dumps(value, indent, 0, True).encode("utf-8")


def _dumps(value: Any, indent: int | None, level: int, ascii_only: bool) -> str:
    pad = "" if indent is None else "\n" + " " * indent * (level + 1)
    end = "" if indent is None else "\n" + " " * indent * level
    if isinstance(value, Pairs):
        if not value:
            return "{}"
        inner = ",".join(
            pad
            + json.dumps(k, ensure_ascii=ascii_only)
            + ": "
            + _dumps(v, indent, level + 1, ascii_only)
            for k, v in value
        )
        return "{" + inner + end + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = ",".join(pad + _dumps(v, indent, level + 1, ascii_only) for v in value)
        return "[" + inner + end + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


def _candidates(root: Any) -> Iterator[Callable[[], Callable[[], None]]]:
    """Edits of the tree, largest first; each applies itself and returns its undo."""
    stack: list[Any] = [root]
    while stack:
        node = stack.pop(0)
        if not isinstance(node, list):
            continue
        is_obj = isinstance(node, Pairs)
        size = len(node) // 2
        while size >= 2:  # halves, quarters...: a list of thousands shrinks in a few steps
            for start in range(0, len(node) - size + 1, size):
                yield _slice_remover(node, start, size)
            size //= 2
        for index in range(len(node) - 1, -1, -1):
            yield _remover(node, index)
        for index, entry in enumerate(node):
            child = entry[1] if is_obj else entry
            if isinstance(child, list) and child:
                yield _emptier(child)
            elif isinstance(child, str) and len(child) > 1:
                yield _shortener(node, index, is_obj)
            stack.append(child)


def _remover(node: list[Any], index: int) -> Callable[[], Callable[[], None]]:
    def apply() -> Callable[[], None]:
        if index >= len(node):
            return lambda: None
        removed = node.pop(index)
        return lambda: node.insert(index, removed)

    return apply


def _slice_remover(node: list[Any], start: int, size: int) -> Callable[[], Callable[[], None]]:
    def apply() -> Callable[[], None]:
        removed = node[start : start + size]
        del node[start : start + size]
        return lambda: node.__setitem__(slice(start, start), removed)

    return apply


def _emptier(node: list[Any]) -> Callable[[], Callable[[], None]]:
    def apply() -> Callable[[], None]:
        saved = node[:]
        node.clear()
        return lambda: node.extend(saved)

    return apply


def _shortener(node: list[Any], index: int, is_obj: bool) -> Callable[[], Callable[[], None]]:
    def apply() -> Callable[[], None]:
        if index >= len(node):
            return lambda: None
        old = node[index]
        text = old[1] if is_obj else old
        if not isinstance(text, str):
            return lambda: None
        short = text[: max(1, len(text) // 2)]
        node[index] = (old[0], short) if is_obj else short
        return lambda: node.__setitem__(index, old)

    return apply


def _shrink_tree(data: bytes, still_fails: Predicate, deadline: float) -> bytes | None:
    """The shrunk tree, pretty-printed if that still fails; None when the input is not
    JSON or fails only as written (duplicate keys, whitespace, escapes)."""
    root = _load(data)
    try:
        if root is None or not still_fails(_dump(root)):
            return None
    except RecursionError:  # too deep to write back by recursion: shrink the bytes
        return None
    best = _dump(root)
    progress = True
    while progress and time.monotonic() < deadline:
        progress = False
        for candidate in _candidates(root):
            if time.monotonic() >= deadline:
                break
            undo = candidate()
            attempt = _dump(root)
            if len(attempt) < len(best) and still_fails(attempt):
                best, progress = attempt, True
            else:
                undo()
    pretty = _dump(root, indent=2)
    if len(pretty) < 20_000 and still_fails(pretty):
        return pretty
    return best


def _shrink_bytes(data: bytes, still_fails: Predicate, deadline: float) -> bytes:
    chunk = max(1, len(data) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        start, removed = 0, False
        while start < len(data) and time.monotonic() < deadline:
            attempt = data[:start] + data[start + chunk :]
            if attempt and still_fails(attempt):
                data, removed = attempt, True
            else:
                start += chunk
        if not removed:
            chunk //= 2
    return data


def minimize(data: bytes, still_fails: Predicate, seconds: float) -> bytes:
    """The smallest input found within ``seconds`` for which ``still_fails`` holds."""
    deadline = time.monotonic() + seconds
    shrunk = _shrink_tree(data, still_fails, deadline)
    if shrunk is not None and len(shrunk) <= len(data):
        return shrunk  # bytes shrinking would only make readable JSON unreadable
    return _shrink_bytes(data, still_fails, deadline)
