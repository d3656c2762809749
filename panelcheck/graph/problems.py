"""What building the graph could not resolve, recorded as data for the LAY checks.

The builder resolves every part number, id and reference once (see
:mod:`panelcheck.graph.references`). Where one fails, it keeps the element without the
edge it could not have, so the other checks still see the rest of the panel, and records
one of the problems below: the rule that reports it, the element holding the reference,
the value that did not resolve, and what was found instead (part numbers like an
unknown one, the kind of element an id names, the terminals a part has).

The records hold no wording: :mod:`panelcheck.checks.layout` turns each into the
message of its rule (LAY001-LAY005), so every such message is found there.

They are plain slotted classes with their initialisers written out, not dataclasses:
every run imports this module, and making a dataclass costs a good part of a
millisecond at start-up, ten times over here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from panelcheck.units import Quantity


class Element:
    """The element a reference is on, as a message names it: its kind (``module``,
    ``end_plate``, ``wire``, ``net``...), its label (its id, or where it sits, e.g.
    ``item 4 of rail X1``) and, when the message names it, the key holding the
    reference (``ferrule``, ``terminal``, ``feed``)."""

    __slots__ = ("key", "kind", "label")

    def __init__(self, kind: str, label: str, key: str | None = None) -> None:
        self.kind = kind
        self.label = label
        self.key = key

    def __repr__(self) -> str:
        return f"Element({self.kind!r}, {self.label!r}, {self.key!r})"


class Problem:
    """A reference the graph could not resolve. ``subject`` is what the finding is about
    (an id, for waivers), ``pointer`` where in the file it points."""

    __slots__ = ("at_key", "pointer", "subject")
    code: ClassVar[str]
    """The LAY rule that reports it."""

    def __init__(self, subject: str | None, pointer: str, at_key: bool = False) -> None:
        self.subject = subject
        self.pointer = pointer
        self.at_key = at_key
        """Whether the finding points at the key (a terminal name), not at its value."""

    def __repr__(self) -> str:
        """``UnknownPart(at_key=False, pointer=..., ...)``, for tests and debugging."""
        slots = (name for cls in type(self).__mro__ for name in vars(cls).get("__slots__", ()))
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in slots)
        return f"{type(self).__name__}({fields})"


# -- LAY001 -----------------------------------------------------------------------------
class UnknownPart(Problem):
    """A part number the catalog does not have, where a part of ``wanted_kind`` is meant
    (``module``, ``ferrule``...). ``near`` are known numbers of that kind like it (none
    past the first hundred different unknown ones). For a wire's ferrule, ``size`` is the
    conductor's cross-section, ``near`` come nearest size first and ``near_sizes`` holds
    the size of each, so the message can show why they come in that order."""

    __slots__ = ("element", "near", "near_sizes", "number", "size", "wanted_kind")
    code = "LAY001"

    def __init__(
        self,
        subject: str | None,
        pointer: str,
        element: Element,
        number: str,
        near: list[str],
        wanted_kind: str = "",
        size: Quantity | None = None,
        near_sizes: Mapping[str, Quantity] | None = None,
    ) -> None:
        Problem.__init__(self, subject, pointer)
        self.element = element
        self.number = number
        self.near = near
        self.wanted_kind = wanted_kind
        self.size = size
        self.near_sizes: Mapping[str, Quantity] = near_sizes or {}


# -- LAY002 -----------------------------------------------------------------------------
class DuplicateId(Problem):
    """An id an earlier element already has (ids share one namespace): the kind and
    pointer of that element, and its line when the builder could locate it."""

    __slots__ = ("first_kind", "first_line", "first_pointer", "ident")
    code = "LAY002"

    def __init__(
        self,
        subject: str | None,
        pointer: str,
        ident: str,
        first_kind: str,
        first_pointer: str,
        first_line: int | None,
    ) -> None:
        Problem.__init__(self, subject, pointer)
        self.ident = ident
        self.first_kind = first_kind
        self.first_pointer = first_pointer
        self.first_line = first_line


# -- LAY003 -----------------------------------------------------------------------------
class UndeclaredNet(Problem):
    """A module's terminal mapped to a net that ``nets`` does not declare (``module`` is
    the module's title, ``K1 (859-390)``)."""

    __slots__ = ("module", "net", "terminal")
    code = "LAY003"

    def __init__(
        self, subject: str | None, pointer: str, module: str, terminal: str, net: str
    ) -> None:
        Problem.__init__(self, subject, pointer)
        self.module = module
        self.terminal = terminal
        self.net = net


class JumperStart(Problem):
    """A jumper's ``from`` (``start``) that names no module on the jumper's rail:
    ``found_kind`` is the kind of the element with that id (None: nothing has it), and
    ``rail`` the label of the rail the module is on when it is a module."""

    __slots__ = ("found_kind", "jumper", "rail", "start")
    code = "LAY003"

    def __init__(
        self,
        subject: str | None,
        pointer: str,
        jumper: str,
        start: str,
        found_kind: str | None,
        rail: str | None = None,
    ) -> None:
        Problem.__init__(self, subject, pointer)
        self.jumper = jumper
        self.start = start
        self.found_kind = found_kind
        self.rail = rail


class NotAModule(Problem):
    """A ``MODULE:TERMINAL`` reference whose ``module`` id names no module:
    ``found_kind`` is the kind of the element with that id (None: nothing has it)."""

    __slots__ = ("element", "found_kind", "module", "reference")
    code = "LAY003"

    def __init__(
        self,
        subject: str | None,
        pointer: str,
        element: Element,
        reference: str,
        module: str,
        found_kind: str | None,
    ) -> None:
        Problem.__init__(self, subject, pointer)
        self.element = element
        self.reference = reference
        self.module = module
        self.found_kind = found_kind


# -- LAY004 -----------------------------------------------------------------------------
class WrongKindOfPart(Problem):
    """A part number the catalog has as another kind of part (``part_kind``, with the
    catalog's ``description``) than the element needs (``wanted_kind``)."""

    __slots__ = ("description", "element", "number", "part_kind", "wanted_kind")
    code = "LAY004"

    def __init__(
        self,
        subject: str | None,
        pointer: str,
        element: Element,
        number: str,
        wanted_kind: str,
        part_kind: str,
        description: str,
    ) -> None:
        Problem.__init__(self, subject, pointer)
        self.element = element
        self.number = number
        self.wanted_kind = wanted_kind
        self.part_kind = part_kind
        self.description = description


# -- LAY005 -----------------------------------------------------------------------------
class UnknownTerminal(Problem):
    """A terminal name that the module's part does not have (``module`` is the module's
    title, ``terminals`` the names the part has): named in the module's ``terminals``
    map (``reference`` None; the finding points at the key), or by a ``MODULE:TERMINAL``
    ``reference`` on ``element``."""

    __slots__ = ("element", "module", "reference", "terminal", "terminals")
    code = "LAY005"

    def __init__(
        self,
        subject: str | None,
        pointer: str,
        module: str,
        terminal: str,
        terminals: Sequence[str],
        element: Element | None = None,
        reference: str | None = None,
    ) -> None:
        Problem.__init__(self, subject, pointer, at_key=reference is None)
        self.module = module
        self.terminal = terminal
        self.terminals = terminals
        self.element = element
        self.reference = reference


# -- LAY003, panel ------------------------------------------------------------------------
class UnknownMark(Problem):
    """An approval mark in ``panel.approvals`` that no part of the catalog carries
    (``known`` the canonical marks that some part does carry). The subject is the mark."""

    __slots__ = ("known", "mark")
    code = "LAY003"

    def __init__(self, pointer: str, mark: str, known: Sequence[str]) -> None:
        Problem.__init__(self, mark, pointer)
        self.mark = mark
        self.known = known
