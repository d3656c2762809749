"""Configuration: ``[tool.panelcheck]`` in ``pyproject.toml`` or a ``.panelcheck.toml``.

Found the way ruff finds its settings: from the working directory upward, the first
folder holding a ``.panelcheck.toml``, or a ``pyproject.toml`` with a
``[tool.panelcheck]`` table, wins (``.panelcheck.toml`` first when a folder has both).
In ``.panelcheck.toml`` the keys may stand at the top level or under
``[tool.panelcheck]``. ``--config FILE`` names the file instead.

Every key is checked: an unknown key, a rule code that does not exist or a value of the
wrong type is a :class:`ConfigError` naming the file and line, never silently ignored.
Paths in the file (``catalogs``, ``per-file-ignores`` and ``exclude`` patterns) are relative to the
folder of the file, so a run from a subfolder means the same as a run from the top.

The files come from repositories panelcheck must not trust, so they are read with
:mod:`panelcheck.read.safe_files`: regular files only (no links, pipes or devices), under a
size limit, TOML nesting bounded, and the line of a key found in one linear pass.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from panelcheck.engine.ruleset import RuleInfo, unknown_selectors
from panelcheck.findings import SEVERITIES
from panelcheck.read.safe_files import (
    RefusedFile,
    RefusedToml,
    assigns,
    key_spellings,
    load_toml,
    read_text,
    table_header,
)

FAIL_ON = ("error", "warning", "info")
_KEYS = {
    "select",
    "ignore",
    "extend-select",
    "fail-on",
    "catalogs",
    "per-file-ignores",
    "severity",
    "params",
    "max-file-size",
    "exclude",
    "extend-exclude",
    "fix",
    "unsafe-fixes",
}

CONFIG_FILE_LIMIT = 1024 * 1024
"""Largest ``.panelcheck.toml`` (or ``--config`` file) read: a real one is well under a
kilobyte, and tomllib needs about half a second for a megabyte."""
PYPROJECT_LIMIT = 4 * 1024 * 1024
"""Largest ``pyproject.toml`` read. It is shared with other tools, whose tables can be
long (generated lists, per-file settings), so it may be larger than our own file;
4 MB still parses in under three seconds. A larger one is a configuration error."""


class ConfigError(Exception):
    """A configuration file panelcheck cannot use; the message names file and line."""


@dataclass
class Config:
    """The settings of one configuration file (all optional)."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: str | None = None
    catalogs: tuple[Path, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    max_file_size: int | None = None
    exclude: tuple[str, ...] = ()
    """Globs of files and folders not to check, relative to the file's folder: ``exclude``
    and ``extend-exclude`` together (panelcheck has no default list to replace; the
    folders it never enters, such as .git, are skipped whatever is set)."""
    fix: bool = False
    """Whether ``validate`` fixes what it can, as with ``--fix``."""
    unsafe_fixes: bool = False
    """Whether fixes that may change what the designer meant are made too."""

    @property
    def root(self) -> Path:
        """The folder relative paths in the file are taken from."""
        return self.path.parent if self.path else Path.cwd()


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``.

    A ``.panelcheck.toml`` that is there but is not a regular file (a named pipe, a
    device, a link) is still the configuration: it is returned, and refused when it is
    read, rather than skipped in favour of a file further up or opened here. So is a
    ``pyproject.toml`` that cannot be read or parsed (it may hold our table).
    """
    for folder in [start, *start.parents]:
        dotted = folder / ".panelcheck.toml"
        if _present(dotted):
            return dotted
        pyproject = folder / "pyproject.toml"
        if _present(pyproject) and _has_tool_table(pyproject):
            return pyproject
    return None


def _present(path: Path) -> bool:
    """Is there anything at all named ``path``? Asked with ``lstat``: it neither follows
    a link nor opens the file (opening a pipe would wait for a writer)."""
    try:
        os.lstat(path)
    except OSError:
        return False
    return True


def _has_tool_table(path: Path) -> bool:
    try:
        tool = _parse(path, _read_text(path)).get("tool")
    except ConfigError:
        return True  # a pyproject.toml we cannot use that may hold our table: report it
    return isinstance(tool, dict) and "panelcheck" in tool


def _read_text(path: Path) -> str:
    """The file's text, if it is a regular file under its size limit."""
    limit = PYPROJECT_LIMIT if path.name == "pyproject.toml" else CONFIG_FILE_LIMIT
    try:
        return read_text(path, limit)
    except RefusedFile as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        return load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except RefusedToml as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        raise ConfigError(f"{where}: {exc}") from None


def load_config(path: Path, rules: dict[str, RuleInfo]) -> Config:
    """Read and check one configuration file."""
    text = _read_text(path)
    data = _parse(path, text)
    reader = _Reader(path, rules, text)
    tool = reader.table("tool", data.get("tool", {}))
    if "panelcheck" in tool:
        table = reader.table("tool.panelcheck", tool["panelcheck"])
    elif path.name == "pyproject.toml":
        return Config(path=path)
    else:
        table = {k: v for k, v in data.items() if k != "tool"}
    return reader.read(table)


class _Reader:
    def __init__(self, path: Path, rules: dict[str, RuleInfo], text: str) -> None:
        self.path = path
        self.rules = rules
        self.lines = text.split("\n")

    def fail(self, key: str, message: str) -> ConfigError:
        """An error at the line where ``key`` is set (the first such line)."""
        line = _line_of_key(self.lines, key.rsplit(".", 1)[-1])
        where = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{where}: {key}: {message}")

    def read(self, table: dict[str, Any]) -> Config:
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise self.fail(unknown[0], f"unknown key; the keys are {', '.join(sorted(_KEYS))}")
        config = Config(path=self.path)
        if "select" in table:
            config.select = self.codes("select", table["select"])
        config.ignore = self.codes("ignore", table.get("ignore", []))
        config.extend_select = self.codes("extend-select", table.get("extend-select", []))
        if "fail-on" in table:
            config.fail_on = self.choice("fail-on", table["fail-on"], FAIL_ON)
        config.catalogs = tuple(
            self.folder(p) for p in self.strings("catalogs", table.get("catalogs", []))
        )
        per_file = self.table("per-file-ignores", table.get("per-file-ignores", {}))
        config.per_file_ignores = {
            pattern: self.codes(f"per-file-ignores.{pattern}", codes)
            for pattern, codes in per_file.items()
        }
        severity = self.table("severity", table.get("severity", {}))
        for code, level in severity.items():
            self.codes(f"severity.{code}", [code])
            if code == "LAY000":
                raise self.fail("severity.LAY000", "LAY000 is always an error")
            config.severity[code] = self.choice(f"severity.{code}", level, SEVERITIES)
        params = self.table("params", table.get("params", {}))
        for code, values in params.items():
            config.params[code] = self.params(code, values)
        config.exclude = tuple(self.strings("exclude", table.get("exclude", []))) + tuple(
            self.strings("extend-exclude", table.get("extend-exclude", []))
        )
        config.fix = self.flag("fix", table.get("fix", False))
        config.unsafe_fixes = self.flag("unsafe-fixes", table.get("unsafe-fixes", False))
        if "max-file-size" in table:
            size = table["max-file-size"]
            if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
                raise self.fail("max-file-size", "expected a positive number of bytes")
            config.max_file_size = size
        return config

    def flag(self, key: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false")
        return value

    def strings(self, key: str, value: object) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "expected a list of strings")
        return list(value)

    def codes(self, key: str, value: object) -> tuple[str, ...]:
        codes = tuple(v.strip().upper() for v in self.strings(key, value))
        unknown = unknown_selectors(codes, self.rules)
        if unknown:
            raise self.fail(key, f"no rule matches {', '.join(unknown)}")
        return codes

    def choice(self, key: str, value: object, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.fail(key, f"{value!r} is not one of {', '.join(allowed)}")
        return str(value)

    def table(self, key: str, value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table")
        return value

    def folder(self, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else self.path.parent / path

    def params(self, code: str, values: object) -> dict[str, Any]:
        key = f"params.{code}"
        info = self.rules.get(code)
        if info is None:
            raise self.fail(key, f"there is no rule {code}")
        values = self.table(key, values)
        for name, value in values.items():
            if name not in info.params:
                known = ", ".join(info.params) or "none"
                raise self.fail(
                    f"{key}.{name}", f"{code} has no parameter {name!r} (its parameters: {known})"
                )
            default = info.params[name]
            if not _same_type(value, default):
                raise self.fail(
                    f"{key}.{name}", f"expected {_type_name(default)}, like {default!r}"
                )
        return dict(values)


def _line_of_key(lines: list[str], name: str) -> int | None:
    """The first line that names ``name``: a table header with it as one of its keys
    (``[params.WIR002]``), or a ``name = ...`` line, bare or quoted.

    One pass, each line looked at a bounded number of times with string methods and
    fixed patterns, so the work is linear in the file whatever it holds. (A pattern
    built from the key with ``.*`` on either side backtracked over long lines and took
    minutes on a 1 MB pyproject.toml.)
    """
    spellings = key_spellings(name)
    for number, line in enumerate(lines, 1):
        keys = table_header(line)
        if keys is not None:
            if name in keys:
                return number
        elif assigns(line, spellings):
            return number
    return None


def _same_type(value: object, default: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def _type_name(default: object) -> str:
    if isinstance(default, list):
        return "a list of strings"
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        return "a number"
    return type(default).__name__
