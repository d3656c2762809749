"""Reading TOML files from a repository that panelcheck must not trust.

panelcheck runs in CI and as a pre-commit hook inside other people's repositories, so a
``.panelcheck.toml``, a ``pyproject.toml`` or a user catalog file may have been written
to hurt it: to make it hang, read without end, crash or spend minutes. This module is
the one careful way configuration and catalog files are read (standard library only):

- **No links.** The file is opened with ``O_NOFOLLOW`` (and checked with ``lstat``
  first), so a ``parts/x.toml`` cannot stand for ``/dev/zero``, ``/dev/stdin`` or a
  file outside the repository. Only the last part of the path is checked; the folders
  on the way are the user's choice.
- **Regular files only.** A named pipe would block the run until someone writes to it,
  a device may never end or may act when opened, so anything but a regular file is
  refused before it is opened. The descriptor is then checked again with ``fstat``
  (a file swapped in meanwhile is caught), and it is opened with ``O_NONBLOCK`` so that
  even a pipe swapped in cannot make ``open`` wait.
- **A size cap.** At most ``limit`` + 1 bytes are ever read, whatever the file claims.
- **Bounded TOML nesting.** :mod:`tomllib` recurses once per level of arrays and inline
  tables, so ``[[[[...]]]]`` 5,000 deep would end in a RecursionError traceback (or
  worse, with a raised recursion limit). :func:`load_toml` counts the nesting on the
  text first, in one pass, and refuses more than :data:`MAX_NESTING` levels; the
  parser's RecursionError or MemoryError, should one still come, is a refusal too.
- **Lines of keys in linear time.** tomllib gives no positions, so error messages find
  a key's line in the text. :func:`table_header` and :func:`assigns` do that with
  string methods and a few fixed patterns that cannot backtrack; nothing from the file
  is ever compiled into a regular expression (a pattern built from a key, run over a
  long line, took minutes on a 1 MB file).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)  # a terminal device must not become ours
_BINARY = getattr(os, "O_BINARY", 0)

MAX_NESTING = 100
"""Deepest nesting of arrays and inline tables accepted. Real files nest two or three
levels; tomllib spends about three stack frames a level, so 100 levels stay far below
Python's default recursion limit of 1000 wherever panelcheck is called from."""


class RefusedFile(Exception):
    """A file that is not read: a link, not a regular file, too large, unreadable or not
    UTF-8. The message says why, for the user; the caller puts the file's name first."""


class RefusedToml(ValueError):
    """TOML text that is not parsed because of its shape (nesting, size), not because
    it is invalid: ``line`` is where the problem was seen, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> RefusedFile:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    if kind == "a symbolic link":
        return RefusedFile(
            "is a symbolic link; configuration and catalog files are read only as "
            "regular files, never through a link (name the file itself)"
        )
    return RefusedFile(f"is {kind}, not a regular file; only regular files are read")


def _too_large(limit: int) -> RefusedFile:
    megabytes, rest = divmod(limit, 1024 * 1024)
    shown = f"{megabytes} MB" if megabytes and not rest else f"{limit:,} bytes"
    return RefusedFile(f"is larger than the limit of {shown}")


def read_text(path: Path, limit: int) -> str:
    """The text of ``path``, a regular file (not a link) of at most ``limit`` bytes.

    Decoded as UTF-8 with newlines made ``\\n`` (as ``Path.read_text`` does). Raises
    :class:`RefusedFile` otherwise; never blocks, never reads more than ``limit`` + 1
    bytes.
    """
    data = read_bytes(path, limit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefusedFile(f"cannot read: {exc}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` on the terms of :func:`read_text` (the result cache reads
    its entries and the files it fingerprints this way too)."""
    try:
        before = os.lstat(path)
    except OSError as exc:
        raise RefusedFile(f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(before.st_mode):
        raise _not_regular(before.st_mode)
    if before.st_size > limit:
        raise _too_large(limit)
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _NOCTTY | _BINARY)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since the lstat
            raise _not_regular(stat.S_IFLNK) from None
        raise RefusedFile(f"cannot read: {exc.strerror or exc}") from None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise _not_regular(status.st_mode)
            if status.st_size > limit:
                raise _too_large(limit)
            data = stream.read(limit + 1)
    except OSError as exc:
        raise RefusedFile(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:  # it grew since the fstat, or it does not know its size
        raise _too_large(limit)
    return data


# -- TOML nesting -------------------------------------------------------------------------
# Brackets and braces count only outside strings and comments; the ends of strings are
# found with patterns whose repeats are possessive (``*+``, ``++``), so a string that
# does not end costs one pass to its end and no backtracking.
_SIGNIFICANT = re.compile(r"""[\[{]+|[\]}]+|["'#]""")
_BASIC_REST = re.compile(r'(?:[^"\\\n]++|\\.)*+"')
_MULTILINE_BASIC_REST = re.compile(r'(?:[^"\\]++|\\.|"(?!""))*+"""(?:""|")?', re.DOTALL)
_LITERAL_REST = re.compile(r"[^'\n]*+'")


def _after_string_or_comment(text: str, start: str, pos: int) -> int:
    """Where the string or comment that ``start`` (just before ``pos``) opens ends, or
    -1 when it does not end: the TOML is invalid there and tomllib will say so."""
    if start == "#":
        end = text.find("\n", pos)
        return len(text) if end < 0 else end
    if start == '"':
        if text.startswith('""', pos):
            found = _MULTILINE_BASIC_REST.match(text, pos + 2)
        else:
            found = _BASIC_REST.match(text, pos)
        return found.end() if found else -1
    if text.startswith("''", pos):
        end = text.find("'''", pos + 2)
        if end < 0:
            return -1
        end += 3
        for _ in range(2):  # up to two quotes just before the closing ones belong inside
            if text.startswith("'", end):
                end += 1
        return end
    found = _LITERAL_REST.match(text, pos)
    return found.end() if found else -1


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Refuse TOML whose arrays and inline tables nest deeper than ``limit``.

    One pass over the text, looking only at brackets, braces, quotes and ``#``; stops
    at the first string that does not end (the text is invalid TOML up to there at
    most ``limit`` deep, and tomllib will report it).
    """
    depth = 0
    pos = 0
    while (found := _SIGNIFICANT.search(text, pos)) is not None:
        token = found.group()
        pos = found.end()
        if token[0] in "[{":
            depth += len(token)
            if depth > limit:
                line = text.count("\n", 0, found.start()) + 1  # a run has no newline
                raise RefusedToml(
                    f"arrays and inline tables nested more than {limit} levels deep", line
                )
        elif token[0] in "]}":
            depth = max(depth - len(token), 0)
        else:
            pos = _after_string_or_comment(text, token, pos)
            if pos < 0:
                return


def load_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads`` for text nobody checked: raises ``tomllib.TOMLDecodeError`` for
    invalid TOML and :class:`RefusedToml` for TOML too deep or too large to parse."""
    check_nesting(text)
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise RefusedToml("nested too deeply to parse") from None
    except MemoryError:
        raise RefusedToml("too large to parse (out of memory)") from None


# -- finding the line of a key -------------------------------------------------------------
_KEY_PART = re.compile(
    r"""[ \t]*+(?:"((?:[^"\\\n]++|\\.)*+)"|'([^'\n]*+)'|([A-Za-z0-9_-]++))[ \t]*+"""
)
_EQUALS = re.compile(r"[ \t]*+=")


def table_header(line: str) -> list[str] | None:
    """The keys of a ``[a."b c".d]`` or ``[[a.b]]`` header line, or None for any other
    line. Quoted keys are given as written between the quotes (escapes not decoded).

    Linear in the line: each key is one anchored match of a fixed pattern.
    """
    text = line.lstrip()
    if not text.startswith("["):
        return None
    pos = 2 if text.startswith("[[") else 1
    keys: list[str] = []
    while True:
        part = _KEY_PART.match(text, pos)
        if part is None:
            return None
        basic, literal, bare = part.groups()
        keys.append(basic if basic is not None else literal if literal is not None else bare)
        pos = part.end()
        if text.startswith(".", pos):
            pos += 1
        elif text.startswith("]", pos):
            return keys
        else:
            return None


def key_spellings(name: str) -> tuple[str, ...]:
    """The ways a ``name = ...`` line may start: bare, or in either kind of quotes.
    Made once per search, not once per line (a key may be long)."""
    return (name, f'"{name}"', f"'{name}'")


def assigns(line: str, spellings: tuple[str, ...]) -> bool:
    """Does ``line`` set the key spelled one of ``spellings`` (``name = ...``)?

    Costs at most a few passes over the line, whatever the key and the line.
    """
    text = line.lstrip()
    return any(text.startswith(s) and _EQUALS.match(text, len(s)) for s in spellings)


def first_assignment(lines: Sequence[str], name: str, start: int = 0) -> int | None:
    """Index of the first line at or after ``start`` that sets ``name``, or None."""
    spellings = key_spellings(name)
    for index in range(start, len(lines)):
        if assigns(lines[index], spellings):
            return index
    return None
