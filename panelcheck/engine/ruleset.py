"""Rule metadata from ``rules/rules.toml``, and rule selection by code or prefix.

The metadata is data so that a rule's name, severity and explanation are in one place
with its examples (``rules/examples/CODE.fail.json`` and ``CODE.pass.json``), which the
test suite runs, so the documentation cannot drift from the behaviour.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from panelcheck.findings import SEVERITIES

_CODE = re.compile(r"[A-Z]{3}[0-9]{3}")
_SELECTOR = re.compile(r"ALL|[A-Z]{1,3}[0-9]{0,3}")


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    severity: str
    subject: str
    summary: str
    what: str
    why: str
    fix: str
    references: tuple[str, ...] = ()
    enabled_by_default: bool = True
    params: dict[str, Any] = field(default_factory=dict)
    fix_description: str | None = None
    """What ``--fix`` does about a finding of the rule, where it does anything."""
    fix_safe: bool = False
    """Whether that fix keeps what the designer meant (else ``--unsafe-fixes`` only)."""

    @property
    def family(self) -> str:
        return self.code[:3]


class RuleSetError(Exception):
    """The rule metadata is broken (a packaging error, not a user error)."""


@cache
def load_rules() -> dict[str, RuleInfo]:
    text = (resources.files("panelcheck.rules") / "rules.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    rules = {}
    for code, table in data.items():
        if not _CODE.fullmatch(code) or table.get("severity") not in SEVERITIES:
            raise RuleSetError(f"rules.toml: bad rule {code!r}")
        rules[code] = RuleInfo(
            code=code,
            name=table["name"],
            severity=table["severity"],
            subject=table["subject"],
            summary=table["summary"],
            what=table["what"].strip(),
            why=table["why"].strip(),
            fix=table["fix"].strip(),
            references=tuple(table.get("references", ())),
            enabled_by_default=table.get("enabled", True),
            params=dict(table.get("params", {})),
            fix_description=table.get("fix_description"),
            fix_safe=table.get("fix_safe", False),
        )
    return dict(sorted(rules.items()))


def example(code: str, kind: str) -> str | None:
    """The text of a rule's ``fail`` or ``pass`` example, if it has one."""
    entry = resources.files("panelcheck.rules") / "examples" / f"{code}.{kind}.json"
    return entry.read_text(encoding="utf-8") if entry.is_file() else None


def matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def unknown_selectors(selectors: Iterable[str], rules: Iterable[str]) -> list[str]:
    """Selectors that name no rule: a typo in --select must not silently select nothing."""
    codes = list(rules)
    return [
        s for s in selectors if not _SELECTOR.fullmatch(s) or not any(matches(c, s) for c in codes)
    ]


@dataclass(frozen=True)
class Selection:
    """One layer of rule selection: the configuration file's, or the command line's."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def matching(codes: Iterable[str], selectors: Iterable[str]) -> set[str]:
    sel = list(selectors)
    return {c for c in codes if any(matches(c, s) for s in sel)}


def enabled_codes(rules: dict[str, RuleInfo], layers: Iterable[Selection] = ()) -> set[str]:
    """Codes that run, layer by layer (configuration, then command line), as in ruff.

    Each layer's ``select`` replaces what came before (so naming a rule that is off by
    default, its prefix or ALL turns it on), ``extend_select`` adds to it and ``ignore``
    takes away. Without any ``select`` the rules enabled by default are the start.
    LAY000 cannot be turned off: an unreadable file is never reported as clean.
    """
    chosen = {c for c, r in rules.items() if r.enabled_by_default}
    for layer in layers:
        if layer.select is not None:
            chosen = matching(rules, layer.select)
        chosen |= matching(rules, layer.extend_select)
        chosen -= matching(rules, layer.ignore)
    return chosen | {"LAY000"}


def most_specific(code: str, table: dict[str, str]) -> str | None:
    """The value for the longest selector in ``table`` matching ``code`` (ALL last)."""
    keys = [k for k in table if matches(code, k)]
    if not keys:
        return None
    return table[max(keys, key=lambda k: -1 if k == "ALL" else len(k))]
