"""JSON Patch operations as text edits that keep a layout file's own style.

A fix is proposed as RFC 6902 operations on the parsed layout (``add`` an end plate at
``/rails/0/items/3``, ``replace`` ``/wires/2/ferrule``, ``remove`` ``/waivers/1``). A
designer's file must come back as the designer wrote it, with only that change: so the
operation is turned into an edit of the original text, located through the positions
panelcheck keeps (:meth:`PositionIndex.container`), and nothing else is rewritten.

- An inserted element copies its neighbours: the separator between two elements of the
  array (``",\\n        "``, ``", "``, a tab, CRLF), and for an object the neighbour
  object's own separators (``": "`` or ``":"``, ``", "`` or one member a line, the
  padding inside its braces), so it looks like the line above it.
- A replaced string keeps its quotes (only what lies between them changes); another
  replaced value is written in the style of the value it replaces.
- A removed member or element takes exactly one adjacent comma with it, and the
  whitespace that separated the two, so the file reads as if it had never been there.

This module lives with the reading (it knows the text, not the rules) and imports only
the standard library, so a run that reports fixes without applying them stays light.
Offsets here are characters of the decoded text; :func:`to_bytes` makes them the byte
offsets of the file, which is what a :class:`~panelcheck.findings.TextEdit` holds.
"""

from __future__ import annotations

import json
import json.decoder
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from panelcheck.findings import TextEdit
from panelcheck.read.positions import Container, Member, PositionIndex, parent, unescape_tokens

Edit = tuple[int, int, str]
"""Start and end (characters of the text) and the replacement."""

_scanstring: Callable[[str, int], tuple[str, int]]
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # not in typeshed's stub


class Unlocated(Exception):
    """The operation does not name a place the text has (the fix is then not offered)."""


def text_edits(
    text: str, positions: PositionIndex, patch: Sequence[Mapping[str, Any]]
) -> list[Edit]:
    """The edits of the text that make the change ``patch`` describes.

    Each operation is located in the original text, so the operations of one patch
    must concern different places (every fix panelcheck proposes is one operation).
    Raises :class:`Unlocated` when an operation cannot be placed.
    """
    return [_edit(text, positions, op) for op in patch]


def _edit(text: str, positions: PositionIndex, op: Mapping[str, Any]) -> Edit:
    path = op.get("path")
    kind = op.get("op")
    if not isinstance(path, str) or not path.startswith("/"):
        raise Unlocated(f"no path in {op!r}")
    owner_ptr = parent(path)
    assert owner_ptr is not None  # a path that starts with '/' has a parent
    owner = positions.container(owner_ptr)
    if owner is None:
        raise Unlocated(f"{owner_ptr!r} is not a container in the text")
    name = unescape_tokens(path)[-1]
    is_array = text[owner.start] == "["
    if kind == "add" and is_array:
        index = len(owner.members) if name == "-" else _index(name, len(owner.members) + 1)
        return _insert(text, owner, index, op["value"])
    if kind == "add" and all(member.name != name for member in owner.members):
        return _add_member(text, owner, name, op["value"])
    member = _member(owner, name)
    if kind == "replace":
        return _replace(text, member, op["value"])
    if kind == "remove":
        return _remove(owner, owner.members.index(member))
    raise Unlocated(f"operation {kind!r} at {path!r} is not made as a text edit")


def _index(name: str, limit: int) -> int:
    if not (name.isascii() and name.isdigit()) or (len(name) > 1 and name[0] == "0"):
        raise Unlocated(f"{name!r} is not an array index")
    index = int(name)
    if index >= limit:
        raise Unlocated(f"index {index} is past the end of the array")
    return index


def _member(owner: Container, name: str) -> Member:
    for member in owner.members:
        if member.name == name:
            return member
    raise Unlocated(f"no member {name!r}")


# -- insert ------------------------------------------------------------------------------
def _insert(text: str, array: Container, index: int, value: object) -> Edit:
    """``value`` inserted before element ``index`` (after the last for the length)."""
    elements = array.members
    if not elements:
        return (array.start + 1, array.start + 1, _formatted(text, None, value))
    neighbour = elements[index - 1] if index > 0 else elements[0]
    written = _formatted(text, neighbour, value)
    separator = _element_separator(text, array, index, neighbour)
    if index < len(elements):
        at = elements[index].start
        return (at, at, written + separator)
    at = elements[-1].end
    return (at, at, separator + written)


def _add_member(text: str, obj: Container, name: str, value: object) -> Edit:
    """A new member at the end of an object, written like its last member (the same
    separator before it, the same spacing around its colon)."""
    members = obj.members
    key = json.dumps(name, ensure_ascii=False)
    if not members:
        colon = ": " if '": ' in text else ":"
        return (obj.start + 1, obj.start + 1, key + colon + _formatted(text, None, value))
    last = members[-1]
    assert last.key is not None  # an object's members have keys
    colon = text[_scanstring(text, last.key + 1)[1] : last.start]
    if len(members) >= 2:
        separator = text[members[-2].end : last.key]
    else:
        opening = text[obj.start + 1 : last.key]
        separator = "," + opening if opening else (", " if colon.endswith(" ") else ",")
    return (last.end, last.end, separator + key + colon + _formatted(text, None, value))


def _element_separator(text: str, array: Container, index: int, neighbour: Member) -> str:
    """The text between two elements where the new one goes: the separator of the
    elements around the insertion point, or, in an array of one, a comma and the
    whitespace that opens the array (``",\\n    "``), or ``", "`` on one line."""
    elements = array.members
    if len(elements) >= 2:
        j = min(max(index - 1, 0), len(elements) - 2)
        return text[elements[j].end : elements[j + 1].start]
    opening = text[array.start + 1 : elements[0].start]
    if opening:
        return "," + opening
    return "," if _compact(text, neighbour) else ", "


def _compact(text: str, member: Member) -> bool:
    """Whether a value is written without spaces after its separators."""
    sample = text[member.start : member.end]
    return ": " not in sample and ", " not in sample and " :" not in sample


def _formatted(text: str, like: Member | None, value: object) -> str:
    """``value`` as JSON written the way the value ``like`` is written (without one, as
    the file writes its members: with a space after the colon or without)."""
    if not isinstance(value, dict) or like is None or text[like.start] != "{":
        spaced = '": ' in text if like is None else not _compact(text, like)
        if spaced:
            return json.dumps(value, ensure_ascii=False)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    style = _object_style(text, like)
    if not value:
        return "{}"
    opening, colon, comma, closing = style
    members = (
        json.dumps(str(k), ensure_ascii=False) + colon + _inner(v, style) for k, v in value.items()
    )
    return "{" + opening + comma.join(members) + closing + "}"


def _inner(value: object, style: tuple[str, str, str, str]) -> str:
    """A value inside an inserted object: on one line, with the object's spacing."""
    colon, comma = style[1], style[2]
    one_line = (comma.strip() or ",") + (" " if comma.endswith(" ") or "\n" in comma else "")
    return json.dumps(value, ensure_ascii=False, separators=(one_line, colon))


def _object_style(text: str, obj: Member) -> tuple[str, str, str, str]:
    """The separators of a written object: after its ``{``, between a key and its value,
    between members, and before its ``}``."""
    members = _object_members(text, obj)
    if not members:
        return ("", ": ", ", ", "")
    (first_key, first_key_end, first_start, _), (*_, last_end) = members[0], members[-1]
    opening = text[obj.start + 1 : first_key]
    colon = text[first_key_end:first_start]
    closing = text[last_end : obj.end - 1]
    if len(members) >= 2:
        comma = text[members[0][3] : members[1][0]]
    elif "\n" in opening:
        comma = "," + opening
    else:
        comma = ", " if colon.endswith(" ") else ","
    return (opening, colon, comma, closing)


def _object_members(text: str, obj: Member) -> list[tuple[int, int, int, int]]:
    """(key start, key end, value start, value end) of each member of the object written
    at ``obj``, read with the json module's own scanner."""
    decoder = json.JSONDecoder()
    found: list[tuple[int, int, int, int]] = []
    at = _skip(text, obj.start + 1)
    while at < obj.end and text[at] == '"':
        key_end = _scanstring(text, at + 1)[1]
        colon = _skip(text, key_end)
        start = _skip(text, colon + 1)
        end = decoder.raw_decode(text, start)[1]
        found.append((at, key_end, start, end))
        at = _skip(text, end)
        if at >= obj.end or text[at] != ",":
            break
        at = _skip(text, at + 1)
    return found


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


# -- replace and remove -----------------------------------------------------------------------
def _replace(text: str, member: Member, value: object) -> Edit:
    """A string is replaced between its quotes (they stay as they are); another value
    is written in the style of the one it replaces."""
    if isinstance(value, str) and text[member.start] == '"' and member.end - member.start >= 2:
        return (member.start + 1, member.end - 1, json.dumps(value, ensure_ascii=False)[1:-1])
    return (member.start, member.end, _formatted(text, member, value))


def _remove(owner: Container, index: int) -> Edit:
    """The member and one adjacent comma, with the whitespace between them: up to the
    next member, or from the previous one for the last."""
    members = owner.members
    member = members[index]
    start = member.key if member.key is not None else member.start
    if len(members) == 1:
        return (owner.start + 1, member.end, "")
    if index < len(members) - 1:
        following = members[index + 1]
        return (start, following.key if following.key is not None else following.start, "")
    return (members[index - 1].end, member.end, "")


# -- bytes -------------------------------------------------------------------------------------
def to_bytes(text: str, edits: Iterable[Edit], skipped: int = 0) -> list[TextEdit]:
    """The edits with byte offsets in the file: the text's characters encoded as UTF-8,
    after ``skipped`` bytes the text does not hold (a byte-order mark)."""
    edits = list(edits)
    if text.isascii():
        return [TextEdit(s + skipped, e + skipped, r) for s, e, r in edits]
    offsets = sorted({o for s, e, _ in edits for o in (s, e)})
    position, done, at = {}, 0, 0
    for offset in offsets:
        done += len(text[at:offset].encode("utf-8", "surrogatepass"))
        position[offset] = done + skipped
        at = offset
    return [TextEdit(position[s], position[e], r) for s, e, r in edits]


def overlap(a: TextEdit, b: TextEdit) -> bool:
    """Whether two edits touch the same bytes, or one inserts where the other changes
    (two insertions at one place would not say in which order they come)."""
    if a.start == a.end or b.start == b.end:
        return b.start <= a.start <= b.end or a.start <= b.start <= a.end
    return a.start < b.end and b.start < a.end


def apply_edits(raw: bytes, edits: Iterable[TextEdit]) -> bytes:
    """``raw`` with the edits made (they must not overlap)."""
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    pieces, at = [], 0
    for edit in ordered:
        if edit.start < at:
            raise ValueError(f"overlapping edits at byte {edit.start}")
        pieces += [raw[at : edit.start], edit.replacement.encode("utf-8")]
        at = edit.end
    pieces.append(raw[at:])
    return b"".join(pieces)
