"""Line and column positions for JSON Pointers into the original JSON text.

Every finding must send the user to a line and column, but ``json.loads`` forgets
where values came from.  Instead of a second full parser, this module re-tokenises the
text with regular expressions and tracks just enough structure to name each value by
its RFC 6901 pointer.  The scan is deferred until a position is first asked for, so a
clean file never pays for it, and it tolerates broken text because positions are also
wanted while explaining why a file failed to parse.

One module of about 450 lines: the scanner, its lazy tree and pointer escaping are one
algorithm, which the linearity tests measure as a whole.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Literal, NamedTuple, cast

# The unrolled, possessive form of "(?:[^"\\]|\\.)*": equivalent, but it never
# backtracks.  The closing quote is optional so an unterminated string swallows the rest
# of the text instead of stalling the scan.
_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?'
# Numbers, true/false/null and any garbage run up to the next delimiter.
_BARE = r'[^ \t\n\r{}\[\]:,"]++'

# JSON whitespace is skipped inside the match (far fewer iterations than matching it
# separately); the \Z branch lets trailing whitespace end the scan in one step.
_TOKEN_RE = re.compile(r"[ \t\n\r]*+(?:(" + _STRING + r"|[{}\[\]:,]|" + _BARE + r")|\Z)", re.S)
_BRACKET_RE = re.compile(_STRING + r"|[{}\[\]]", re.S)
_LITERAL_RE = re.compile(_STRING + "|" + _BARE, re.S)
_NON_WS_RE = re.compile(r"[^ \t\n\r]")

Entry = tuple[int, int | None]
"""Offset of a value, and of the key string that introduced it (None outside objects)."""

Slot = tuple[int, str]
"""Where a value hangs in the tree: its parent's value offset and its escaped token.

Offsets identify values uniquely, so they double as node ids.  Keying by slot instead of
by full pointer string keeps the index linear in the file size: full pointers repeat
every ancestor's tokens and grow quadratically with nesting depth.
"""

_ROOT_SLOT: Slot = (-1, "")


def escape_token(token: str | int) -> str:
    """Escape one reference token, so keys containing '/' or '~' stay one token."""
    text = str(token)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text


def pointer(*tokens: str | int) -> str:
    """Build a pointer from raw keys and indexes, so callers never escape by hand."""
    return "".join("/" + escape_token(token) for token in tokens)


def parent(ptr: str) -> str | None:
    """Drop the last token; the root has no parent.

    A malformed pointer without a leading '/' is treated as a child of the root, the same
    way locate resolves it, so walking up from any string always terminates.
    """
    if not ptr:
        return None
    return ptr[: max(ptr.rfind("/"), 0)]


def unescape_token(token: str) -> str:
    """The raw key of one pointer token, undoing escape_token ('~1' before '~0', RFC 6901)."""
    return token.replace("~1", "/").replace("~0", "~")


def unescape_tokens(ptr: str) -> list[str]:
    """Split a pointer back into raw keys."""
    if not ptr:
        return []
    if not ptr.startswith("/"):
        raise ValueError(f"JSON Pointer must be empty or start with '/': {ptr!r}")
    return [unescape_token(token) for token in ptr[1:].split("/")]


def _decode_key(token: str) -> str:
    """Decode a key token the way json.loads did; fall back to the raw text when it is broken."""
    if "\\" not in token and len(token) > 1 and token.endswith('"'):
        return token[1:-1]
    try:
        return str(json.loads(token, strict=False))
    except ValueError:
        return token[1:].removesuffix('"')


class _Frame:
    """One open container; node is None for a container that has no pointer (stray text)."""

    __slots__ = ("count", "is_object", "node", "seen", "token")

    def __init__(self, node: int | None, token: str, is_object: bool) -> None:
        self.node = node
        self.token = token
        self.is_object = is_object
        self.count = 0
        self.seen: set[str] = set()


def _member_pointer(stack: list[_Frame], token: str) -> str:
    """Full pointer of a member of the innermost container, built only for the rare report."""
    return "".join("/" + frame.token for frame in stack[1:]) + "/" + token


def _scan(text: str) -> tuple[dict[Slot, Entry], list[tuple[str, int]]]:
    """Record every value's slot and position, in one pass over the tokens.

    One flat loop with local state, because per-token method calls cost a third of the
    time on multi-megabyte files.  An explicit stack instead of recursion keeps
    pathological nesting away from the recursion limit.  Tokens that do not fit are
    skipped rather than rejected, so damaged text is still indexed up to the damage.
    The first occurrence of a slot wins, so a duplicate key keeps its first position.
    """
    entries: dict[Slot, Entry] = {}
    duplicates: list[tuple[str, int]] = []
    stack: list[_Frame] = []
    next_slot: Slot | None = _ROOT_SLOT  # slot of the next value; None where none may appear
    next_key: int | None = None  # offset of the key that introduced next_slot
    want_key = False
    pending_slot: Slot | None = None  # member slot waiting for its ':'
    pending_key = 0
    for match in _TOKEN_RE.finditer(text):
        token = match[1]
        if token is None:
            break
        char = token[0]
        if char == ":":
            if pending_slot is not None:
                next_slot, next_key, pending_slot = pending_slot, pending_key, None
        elif char == ",":
            pending_slot = None
            if not stack:
                continue
            frame = stack[-1]
            if frame.is_object:
                want_key, next_slot = True, None
            else:
                frame.count += 1
                next_slot = None if frame.node is None else (frame.node, str(frame.count))
                next_key = None
        elif char == "}" or char == "]":
            if stack:
                stack.pop()
            want_key, next_slot, pending_slot = False, None, None
        elif want_key and char == '"':
            want_key = False
            frame = stack[-1]
            if frame.node is not None:
                pending_key = match.start(1)
                name = _decode_key(token)
                pending_slot = (frame.node, escape_token(name))
                if name in frame.seen:
                    duplicates.append((_member_pointer(stack, pending_slot[1]), pending_key))
                else:
                    frame.seen.add(name)
        else:
            offset = match.start(1)
            slot = next_slot
            if slot is not None:
                next_slot = None
                if slot not in entries:
                    entries[slot] = (offset, next_key)
            if char == "{" or char == "[":
                node = None if slot is None else offset
                stack.append(_Frame(node, "" if slot is None else slot[1], char == "{"))
                want_key = char == "{"
                next_slot = None if node is None or want_key else (node, "0")
                next_key = None
    return entries, duplicates


_WS_RE = re.compile(r"[ \t\n\r]*")
# The pattern matches the empty string, so its match never fails: typed so once here
# rather than checked (or cast, a call) at every use.
_skip_ws = cast("Callable[[str, int], re.Match[str]]", _WS_RE.match)
# The key decoder json itself uses (its C function, or the pure-Python fallback).
_scanstring: Callable[[str, int], tuple[str, int]]
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # not in typeshed's stub
_JITER_AT = re.compile(r"at line (\d+) column (\d+)")

Members = dict[str, Entry] | list[int] | None
"""A container's members: key -> (value offset, key offset), or element offsets."""


class _Tree:
    """Offsets in valid JSON text, read container by container where a pointer leads.

    Each container on the way is read once: its members' offsets are recorded and
    their values skipped by the json module's C scanner, so finding one value in a
    15 MB file costs about a C parse of the text before it, instead of a Python-level
    pass over every token (which :func:`_scan` makes). Anything unexpected (damaged
    text, nesting the C scanner refuses) raises, and the caller falls back to the scan.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        decoder = json.JSONDecoder()  # the scanner reads its parse settings, as json's own does
        # typeshed types make_scanner's argument as a scanner, not the decoder it reads.
        self.scan_once = json.scanner.make_scanner(decoder)  # type: ignore[arg-type]
        self.read: dict[int, Members] = {}
        self.ends: dict[int, int] = {}
        """Where each value read so far ends (by its start)."""
        first = _NON_WS_RE.search(text)
        if first is None:
            raise ValueError("no JSON value")
        self.root = first.start()

    def members(self, offset: int) -> Members:
        if offset in self.read:
            return self.read[offset]
        found = self.read[offset] = self._read(offset)
        return found

    def _read(self, offset: int) -> Members:
        text, skip, scan_once = self.text, _skip_ws, self.scan_once
        opening = text[offset]
        if opening not in "{[":
            return None
        closing = "}" if opening == "{" else "]"
        at = skip(text, offset + 1).end()
        if text[at] == closing:
            return {} if opening == "{" else []
        if opening == "[":
            elements = []
            next_at: int | None = at
            while next_at is not None:
                elements.append(next_at)
                end = self.ends[next_at] = scan_once(text, next_at)[1]
                next_at = self._next_member(end, closing)
            return elements
        entries: dict[str, Entry] = {}
        next_at = at
        while next_at is not None:
            if text[next_at] != '"':
                raise ValueError(f"expected a key at {next_at}")
            key, end = _scanstring(text, next_at + 1)
            colon = skip(text, end).end()
            if text[colon] != ":":
                raise ValueError(f"expected ':' at {colon}")
            value = skip(text, colon + 1).end()
            entries.setdefault(key, (value, next_at))  # the first of duplicate keys is located
            end = self.ends[value] = scan_once(text, value)[1]
            next_at = self._next_member(end, closing)
        return entries

    def _next_member(self, end: int, closing: str) -> int | None:
        """Where the member after a value ending at ``end`` starts; None at the end of
        its container."""
        text, skip = self.text, _skip_ws
        at = skip(text, end).end()
        if text[at] == closing:
            return None
        if text[at] != ",":
            raise ValueError(f"expected ',' at {at}")
        return skip(text, at + 1).end()

    def container_at(self, target: int) -> tuple[int, str]:
        """The innermost container whose recorded members do not hold ``target``, and
        its pointer (a duplicate member is not recorded, so this finds its object)."""
        offset, ptr = self.root, ""
        while True:
            members = self.members(offset)
            named = members.items() if isinstance(members, dict) else enumerate(members or ())
            for name, entry in named:
                start = entry[0] if isinstance(entry, tuple) else entry
                if start <= target < self.ends[start] and self.text[start] in "{[":
                    offset, ptr = start, f"{ptr}/{escape_token(name)}"
                    break
            else:
                return offset, ptr

    def keys_of(self, offset: int) -> list[tuple[str, int]]:
        """Every key of the object at ``offset`` with its offset, duplicates included."""
        found = []
        text, skip = self.text, _skip_ws
        at = skip(text, offset + 1).end()
        while text[at] == '"':
            key, end = _scanstring(text, at + 1)
            found.append((key, at))
            value = skip(text, skip(text, end).end() + 1).end()
            at = skip(text, self.scan_once(text, value)[1]).end()
            if text[at] != ",":
                break
            at = skip(text, at + 1).end()
        return found

    def offset(self, ptr: str, key: bool) -> int:
        return _follow(ptr, (self.root, None), self._child, key)

    def _child(self, entry: Entry, token: str) -> Entry | None:
        members = self.members(entry[0])
        if isinstance(members, dict):
            return members.get(unescape_token(token))
        if isinstance(members, list) and token.isascii() and token.isdigit():
            index = int(token)
            if index < len(members) and str(index) == token:
                return (members[index], None)
        return None


class Member(NamedTuple):
    """One member of a container in the text: its name (the decoded key, or the index
    as a string), the offset of its key (None in an array), and where its value starts
    and ends (exclusive)."""

    name: str
    key: int | None
    start: int
    end: int


class Container(NamedTuple):
    """A container in the text: where it starts (its bracket) and ends (after its
    closing bracket), and its members in text order."""

    start: int
    end: int
    members: list[Member]


def _follow(ptr: str, root: Entry, child: Callable[[Entry, str], Entry | None], key: bool) -> int:
    """The offset of the value (or with ``key``, of its key) a pointer names, found by
    ``child`` step by step; where a step fails, the offset of the last value reached."""
    entry = root
    if ptr and ptr[0] == "/":
        for token in ptr[1:].split("/"):
            found = child(entry, token)
            if found is None:
                return entry[0]
            entry = found
    elif ptr:
        return entry[0]
    value_offset, key_offset = entry
    return key_offset if key and key_offset is not None else value_offset


class PositionIndex:
    """Positions of the values in one JSON text, computed on first use.

    Valid JSON is read lazily along the pointers asked for (:class:`_Tree`); text that
    is not (positions are wanted while explaining why a file failed to parse too) is
    indexed whole by the tolerant token scan.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._entries: dict[Slot, Entry] | None = None
        self._duplicates: list[tuple[str, int]] = []
        self._newlines: list[int] | None = None
        self._tree: _Tree | Literal[False] | None = None  # None: not tried; False: not valid JSON

    def _index(self) -> dict[Slot, Entry]:
        if self._entries is None:
            self._entries, self._duplicates = _scan(self._text)
        return self._entries

    def locate(self, ptr: str, *, key: bool = False) -> tuple[int, int]:
        """Where to send the user for ptr; never raises, because it is used on error paths.

        A pointer that is not in the text (a missing member, or text that stopped parsing
        early) resolves to its nearest existing ancestor's value, which is where the user
        has to act.  key=True only changes the answer for an existing object member.
        """
        return self.line_col(self._offset(ptr, key))

    def _offset(self, ptr: str, key: bool) -> int:
        if self._entries is None and self._tree is not False:
            try:
                if self._tree is None:
                    self._tree = _Tree(self._text)
                return self._tree.offset(ptr, key)
            except (ValueError, IndexError, StopIteration, RecursionError):
                self._tree = False
        entries = self._index()
        entry = entries.get(_ROOT_SLOT)
        if entry is None:
            first = _NON_WS_RE.search(self._text)
            return first.start() if first else 0
        return _follow(ptr, entry, lambda parent, token: entries.get((parent[0], token)), key)

    def container(self, ptr: str) -> Container | None:
        """The object or array ``ptr`` names, with the exact place of each member: what
        a fix needs to edit the text in place. None when the pointer names nothing (no
        nearest ancestor here: an edit must land exactly) or the text is not valid JSON."""
        try:
            tree = self._tree if isinstance(self._tree, _Tree) else _Tree(self._text)
            self._tree = tree
            offset = tree.root
            for token in unescape_tokens(ptr):
                found = tree._child((offset, None), escape_token(token))
                if found is None:
                    return None
                offset = found[0]
            members = tree.members(offset)
            if members is None:
                return None
            end = tree.ends.get(offset)
            if end is None:
                end = tree.scan_once(self._text, offset)[1]
        except (ValueError, IndexError, StopIteration, RecursionError):
            return None
        if isinstance(members, dict):
            listed = [
                Member(name, at, start, tree.ends[start]) for name, (start, at) in members.items()
            ]
        else:
            listed = [
                Member(str(i), None, start, tree.ends[start]) for i, start in enumerate(members)
            ]
        return Container(offset, end, listed)

    def _line_breaks(self) -> list[int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        return self._newlines

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based position; out-of-range offsets are clamped because callers report, not index."""
        newlines = self._line_breaks()
        offset = min(max(offset, 0), len(self._text))
        line = bisect_left(newlines, offset)
        line_start = newlines[line - 1] + 1 if line else 0
        return line + 1, offset - line_start + 1

    @property
    def duplicate_keys(self) -> list[tuple[str, int]]:
        """Keys json.loads silently merged (it keeps the last value); listed so users see them."""
        self._index()
        return list(self._duplicates)

    def first_duplicate_key(self) -> list[tuple[str, int]]:
        """The first duplicate key only, found without indexing the whole text: jiter
        names its line and byte column, and the object holding it is read alone. For
        large files, where :attr:`duplicate_keys` would take seconds."""
        import jiter

        try:
            jiter.from_json(self._text.encode(), catch_duplicate_keys=True)
        except ValueError as exc:
            where = _JITER_AT.search(str(exc))
        else:
            return []
        if where is None:
            return self.duplicate_keys
        line, column = int(where[1]), int(where[2])
        starts = [0, *(n + 1 for n in self._line_breaks())]
        start = starts[line - 1] if line <= len(starts) else 0
        text_line = self._text[start : start + column]  # no more characters than bytes
        target = start + len(text_line.encode()[: column - 1].decode("utf-8", "ignore"))
        try:
            tree = self._tree if isinstance(self._tree, _Tree) else _Tree(self._text)
            container, ptr = tree.container_at(target)
            keys = [(k, at) for k, at in tree.keys_of(container) if at < target]
        except (ValueError, IndexError, KeyError, StopIteration, RecursionError):
            return self.duplicate_keys
        if not keys:
            return self.duplicate_keys
        key, at = keys[-1]
        return [(f"{ptr}/{escape_token(key)}", at)]


def find_too_deep(text: str, limit: int) -> int | None:
    """Offset of the first container opened deeper than limit.

    Runs before json.loads, so nesting that would exhaust the decoder's recursion is
    reported at its position instead of as a RecursionError.
    """
    depth = 0
    for match in _BRACKET_RE.finditer(text):
        char = text[match.start()]
        if char in "{[":
            depth += 1
            if depth > limit:
                return match.start()
        elif char in "}]":
            depth = max(depth - 1, 0)
    return None


def find_bare_literal(
    text: str, names: tuple[str, ...] = ("NaN", "Infinity", "-Infinity")
) -> int | None:
    """Offset of the first bare NaN/Infinity token: json.loads accepts them, JSON forbids them."""
    if not any(name in text for name in names):
        return None
    wanted = frozenset(names)
    for match in _LITERAL_RE.finditer(text):
        if match.group() in wanted:
            return match.start()
    return None
