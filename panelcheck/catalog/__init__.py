"""The part catalog: typed parts loaded from the TOML files in ``rules/parts/``.

A part is data, not code: adding one from a new data sheet means writing a TOML table,
never Python. Every fact a rule relies on is a *section* that says where it comes from
(``source``, the data sheet and line, and ``quote``, the sheet's wording) or that it is
an assumption (``assumed = true`` with a ``note`` giving the reason). The loader refuses
a section that does neither, so an unsourced limit cannot slip in.

Users add their own parts with further catalog folders; a part number that is already
known replaces the earlier one and the replacement is remembered so that
``panelcheck catalog`` can say so.

Two modules: :mod:`~panelcheck.catalog.parts` says what a part is (the models, which
are the TOML form), :mod:`~panelcheck.catalog.loading` reads files into a
:class:`Catalog`. The names the rest of panelcheck uses are re-exported here, so code
outside the catalog imports from ``panelcheck.catalog`` and need not know the split.
"""

from __future__ import annotations

from panelcheck.catalog.loading import (
    CATALOG_FILE_LIMIT,
    Catalog,
    CatalogError,
    load_catalog,
    parse_parts,
)
from panelcheck.catalog.parts import (
    CONDUCTOR_CLASSES,
    CONDUCTOR_LABELS,
    AnalogOutput,
    AreaRange,
    ConductorClass,
    ConductorRanges,
    Contact,
    Contacts,
    ContactSets,
    ControlInput,
    CurrentLimit,
    EndPlatePart,
    EndStopPart,
    FerrulePart,
    GoldLayer,
    InternalLink,
    JumperPart,
    LengthRange,
    LoadPoint,
    MinimumLoad,
    ModulePart,
    Names,
    OpenSide,
    PartList,
    PartModel,
    Sourced,
    SsrOutput,
    TemperatureRange,
    UtilisationRating,
    VoltageLimit,
    Width,
    is_section,
    sections,
)

__all__ = [
    "CATALOG_FILE_LIMIT",
    "CONDUCTOR_CLASSES",
    "CONDUCTOR_LABELS",
    "AnalogOutput",
    "AreaRange",
    "Catalog",
    "CatalogError",
    "ConductorClass",
    "ConductorRanges",
    "Contact",
    "ContactSets",
    "Contacts",
    "ControlInput",
    "CurrentLimit",
    "EndPlatePart",
    "EndStopPart",
    "FerrulePart",
    "GoldLayer",
    "InternalLink",
    "JumperPart",
    "LengthRange",
    "LoadPoint",
    "MinimumLoad",
    "ModulePart",
    "Names",
    "OpenSide",
    "PartList",
    "PartModel",
    "Sourced",
    "SsrOutput",
    "TemperatureRange",
    "UtilisationRating",
    "VoltageLimit",
    "Width",
    "is_section",
    "load_catalog",
    "parse_parts",
    "sections",
]
