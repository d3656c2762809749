"""What the cursor is on in a layout's text: the JSON path of the key or value under
it, the string it is in, and the strings beside it in the same object.

Hover and completion ask this at every keystroke, and a layout being typed is seldom
valid JSON (an open string, a missing comma), so this is a tolerant token scan rather
than a parse: strings, the six punctuation marks and bare runs (numbers, true, garbage),
with a stack of the objects and arrays around the cursor. Whatever follows a broken
spot is read as well as it goes; nothing here raises on any text.
"""

from __future__ import annotations

import json
import json.scanner
import re
from dataclasses import dataclass, field
from typing import Literal

# A string ends at its line's end when its quote is not closed yet: JSON strings hold no
# raw line breaks, and a string being typed must not swallow the lines below it.
_TOKEN = re.compile(r'"[^"\\\r\n]*+(?:\\.[^"\\\r\n]*+)*+"?|[{}\[\]:,]|[^ \t\n\r{}\[\]:,"]++')

Path = tuple[str | int, ...]


@dataclass
class _Frame:
    """An object or array being read: where it hangs, and what has been seen in it."""

    is_object: bool
    token: str | int | None  # its own key or index in the container around it
    key: str | None = None  # objects: the key of the member being read
    index: int = 0  # arrays: the element being read
    expect: Literal["key", "colon", "value", "comma"] = "value"
    strings: dict[str, str] = field(default_factory=dict)  # string members seen

    def __post_init__(self) -> None:
        if self.is_object:
            self.expect = "key"

    @property
    def here(self) -> str | int | None:
        """The key or index the next value takes."""
        return self.key if self.is_object else self.index


@dataclass
class Spot:
    """The cursor's place.

    ``role`` says whether the cursor is on an object's key (``path`` is then the
    object's path and the key, ``""`` where none is typed yet) or on a value (``path``
    is the value's path). ``start``/``end``
    span the token under the cursor with its quotes (both the cursor when there is
    none); ``text`` is the whole string's content and ``prefix`` the part before the
    cursor; ``quoted`` whether the cursor is inside quotes. ``siblings`` are the string
    members of the object the spot is in, and ``outer`` those of the object around
    that one (the module item around a ``terminals`` map).
    """

    path: Path
    role: Literal["key", "value"]
    start: int
    end: int
    text: str = ""
    prefix: str = ""
    quoted: bool = False
    siblings: dict[str, str] = field(default_factory=dict)
    outer: dict[str, str] = field(default_factory=dict)


def _decode(token: str) -> str:
    """A string token's content; an unterminated or badly escaped one as best it goes."""
    body = token if len(token) >= 2 and token.endswith('"') else token + '"'
    try:
        value = json.loads(body)
    except ValueError:
        return token.strip('"')
    return value if isinstance(value, str) else ""


def _path(stack: list[_Frame]) -> Path:
    return tuple(frame.here for frame in stack if frame.here is not None)


class _Stack(list[_Frame]):
    """The containers around the current token, counting the open objects, so that a
    closing bracket knows in constant time whether it closes anything (text with
    thousands of mismatched brackets must not be read quadratically)."""

    objects = 0

    def push(self, frame: _Frame) -> None:
        self.append(frame)
        self.objects += frame.is_object

    def close(self, is_object: bool) -> None:
        """Pop up to the container a closer of this kind closes (an object left open
        while typing, ``{... ]``, must not make every later path one level off); a
        closer that closes nothing is ignored."""
        wanted = self.objects if is_object else len(self) - self.objects
        if not wanted:
            return
        while self:
            frame = self.pop()
            self.objects -= frame.is_object
            if frame.is_object == is_object:
                return


# typeshed types make_scanner's argument as a scanner, not the decoder it reads.
_SCAN_ONCE = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
"""The json module's own scanner (C where available): reads one whole value at an
offset, so a complete object or array before the cursor is passed over at C speed
instead of token by token. A layout of thousands of modules is mostly such values."""


_SKIP_DEPTH = 12
"""Containers are passed over whole only this far down (a layout is seven levels deep):
each try reads the rest of its container, so trying at every level of a file of
40,000 nested brackets would read it 40,000 times."""


def _value_end(text: str, start: int) -> int | None:
    """Where the complete JSON value at ``start`` ends; None where it is broken."""
    try:
        end: int = _SCAN_ONCE(text, start)[1]
    except (StopIteration, ValueError, RecursionError):
        return None
    return end


MAX_DEPTH = 64
"""Deeper than this, text is no layout (the engine refuses it with LAY000, see
:mod:`panelcheck.read.limits`), and the cursor in it is nowhere."""


def spot_at(text: str, cursor: int, *, siblings: bool = True) -> Spot | None:
    """The spot at character offset ``cursor``; None outside the top-level value,
    between a key and its colon, after a value (where only a comma or a closing bracket
    may come), or nested deeper than :data:`MAX_DEPTH`. Without ``siblings`` the scan
    stops at the spot (the strings around it are not wanted)."""
    stack = _Stack()
    found: Spot | None = None
    frames: list[_Frame] = []  # the objects around the spot, innermost first
    depth = 0
    at = 0
    while (match := _TOKEN.search(text, at)) is not None:
        start, at = match.span()
        token = match.group()
        if found is None:
            found = _spot(stack, token, start, at, cursor)
            if found is not None:
                if not siblings:
                    return found
                frames = [frame for frame in reversed(stack) if frame.is_object][:2]
                depth = len(stack)
            elif start >= cursor:
                return None  # the cursor is in a gap where nothing may be written
        if (
            token in "{["
            and 0 < len(stack) <= _SKIP_DEPTH
            and (found is not None or start < cursor)
        ):
            end = _value_end(text, start)
            if end is not None and (found is not None or end <= cursor):
                stack[-1].expect = "comma"  # a whole value, nothing in it wanted
                at = end
                continue
        _step(stack, token)
        if len(stack) > MAX_DEPTH:
            return None
        if found is not None and len(stack) < depth - 1:
            break  # the objects around the spot are read to their end
    if found is None:
        found = _between(stack, cursor, cursor) if stack else None
        frames = [frame for frame in reversed(stack) if frame.is_object][:2]
    if found is not None and frames:
        found.siblings = frames[0].strings
        found.outer = frames[1].strings if len(frames) > 1 else {}
    return found


def _spot(stack: _Stack, token: str, start: int, end: int, cursor: int) -> Spot | None:
    """The spot when the cursor is on this token or in the gap before it."""
    if not stack:
        return None
    if cursor < start or (cursor == start and token[0] in '{}[]:,"'):
        return _between(stack, cursor, cursor)
    closed = token[0] == '"' and len(token) >= 2 and token.endswith('"') and not _escaped_end(token)
    inside = start < cursor < end if closed else start < cursor <= end
    if token[0] == '"' and inside:
        spot = _between(stack, start, end)
        if spot is None:
            return None
        spot.text = _decode(token)
        spot.prefix = _decode(token[: cursor - start])
        spot.quoted = True
        if spot.role == "key":
            spot.path = (*spot.path[:-1], spot.text)
        return spot
    if token[0] not in '{}[]:,"' and start <= cursor <= end:
        spot = _between(stack, start, end)
        if spot is not None:
            spot.text = spot.prefix = token[: cursor - start]
        return spot
    return None


def _escaped_end(token: str) -> bool:
    """Whether the final quote is escaped (``"ab\\"``: still open)."""
    backslashes = len(token) - 1 - len(token[:-1].rstrip("\\"))
    return backslashes % 2 == 1


def _between(stack: _Stack, start: int, end: int) -> Spot | None:
    """A spot in the innermost container, at the key or value it expects next; None
    where it expects a colon or a comma (completing there would break the JSON)."""
    inner = stack[-1]
    if inner.expect == "key":
        return Spot((*_path(stack[:-1]), ""), "key", start, end)
    if inner.expect == "value":
        return Spot(_path(stack), "value", start, end)
    return None


def _step(stack: _Stack, token: str) -> None:
    """Read one token into the stack."""
    first = token[0]
    inner = stack[-1] if stack else None
    if first in "{[":
        stack.push(_Frame(first == "{", inner.here if inner else None))
    elif first in "}]":
        stack.close(first == "}")
        if stack:
            stack[-1].expect = "comma"
    elif inner is None:
        return
    elif first == ":":
        inner.expect = "value"
    elif first == ",":
        if inner.is_object:
            inner.expect, inner.key = "key", None
        else:
            inner.index += 1
            inner.expect = "value"
    elif inner.is_object and inner.expect in ("key", "colon") and first == '"':
        inner.key, inner.expect = _decode(token), "colon"
    else:
        if inner.is_object and inner.key is not None and first == '"':
            inner.strings[inner.key] = _decode(token)
        inner.expect = "comma"
