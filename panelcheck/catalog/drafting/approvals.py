"""Approval tables and hazardous-area certificates.

The approval tables ("Approvals / Certificates", then "Ship Approvals", "UL-Approvals",
"General approvals"...) are read row by row: the mark, under its canonical name ("DNV"
for "DNV GL", "UL 508" for UL with UL 508 as its standard), and the certificate as one
piece (a number broken over a page, "TE/2186" ... "/880590/18", is joined; "TE/2186
/880590/18" loses its space). Declarations of conformity are not approvals. A mark
panelcheck does not know is kept as the sheet writes it, and said.

Hazardous-area rows give a scheme (ATEX, IECEx, UKEx, UL hazardous locations), a
certificate (an "X" at its end means special conditions), and a marking or, for UL, the
standard; the area is read from them (category 3 G, EPL Gc: zone 2; ANSI/ISA 12.12.01:
class I division 2) and, for a zone scheme without a marking of its own, taken from one that has
it. That reading is marked assumed. Schemes the catalog does not model (CCC Ex, EAC Ex)
are listed, not carried.

A sheet with approval tables but no hazardous-area table shows no hazardous-area
certificate. A sheet with no approval table at all, whose standards name no mark, shows
no approval: both are then cited from its standards up to its accessories, where the
other sheets put the tables.
"""

from __future__ import annotations

import re

from panelcheck.catalog.drafting.rows import Row
from panelcheck.catalog.drafting.sections import Found, Section, TomlValue
from panelcheck.catalog.drafting.sheet import Sheet

_MARKS = {
    "DNV GL": "DNV",
    "DNV": "DNV",
    "GL": "GL",
    "NK": "NK",
    "PRS": "PRS",
    "BV": "BV",
    "LR": "LR",
    "ABS": "ABS",
    "RINA": "RINA",
    "KR": "KR",
    "CCS": "CCS",
    "RMRS": "RMRS",
    "EAC": "EAC",
    "CCC": "CCC",
    "CSA": "CSA",
    "UL": "UL",
    "cULus": "UL",
    "VDE": "VDE",
}
_SCHEMES = {"ATEX": "ATEX", "IECEX": "IECEx", "UKEX": "UKEx"}
_BOLD = re.compile(r"(?:<b>|<strong>|\*\*)\s{0,3}([^<>*]{1,40}?)\s{0,3}(?:</b>|</strong>|\*\*)")
_UL_STANDARD = re.compile(r"\bUL\s?(\d{2,5}(?:-\d{1,3})?)\b")
_PARENTHESIS = re.compile(r"\s{0,3}\(([^()]{1,80})\)\s{0,3}$")
_ZONE_2 = re.compile(r"\b(?:Gc|3\s?G)\b")
_DIVISION_2 = re.compile(r"12\.12\.01|121201|class\si,?\sdiv(?:ision)?\.?\s?2", re.IGNORECASE)
_START = re.compile(
    r"(?:approvals?|certificates?)(?:\s?(?:/|and|&)\s?(?:approvals?|certificates?))?"
)
_AFTER = re.compile(
    r"downloads?|counterpart|(?:\d[\d.]{0,12}\s)?compatible\sproducts|(?:optional\s)?accessories"
    r"|installation\snotes|cad/cae-data|documentation|environmental\sproduct\scompliance"
)
_KEEP = ("approv", "certific", "declaration", "hazard")
_STANDARD_MARKS = re.compile(r"\b(?:UL|cULus|CSA|DNV|GL|NK|PRS|BV|LR|ABS|EAC|CCC|ATEX|IECEx)\b")


def approvals(sheet: Sheet, found: Found) -> None:
    """The ``approvals`` and ``hazardous_areas`` sections (see the module's docstring)."""
    general, hazardous = _tables(sheet.rows)
    if general is None and hazardous is None:
        _none_shown(sheet, found)
        return
    marks: list[TomlValue] = []
    used: list[Row] = []
    certificates: list[dict[str, str | bool]] = []
    hazard_rows: list[Row] = []
    for table in (general, hazardous):
        for row, continued in _data_rows(table[1:] if table else []):
            scheme = _scheme(row.cells)
            if scheme is not None or table is hazardous:
                if _hazardous(row, continued, scheme, certificates, found):
                    hazard_rows.append(row)
                continue
            mark = _mark(row, continued, found)
            if mark is not None:
                marks.append(mark)
                used += [row, *continued]
    if general is not None:
        found.add(Section("approvals", {"marks": marks}, [general[0], *used]))
    _zones(certificates, found)
    if certificates:
        listed: list[TomlValue] = [dict(c) for c in certificates]
        head = hazardous[0] if hazardous else general[0] if general else hazard_rows[0]
        note = _note(certificates)
        found.add(Section("hazardous_areas", {"certificates": listed}, [head, *hazard_rows], note))
    elif general is not None:
        found.add(Section("hazardous_areas", {"certificates": []}, [general[0], *used]))


def _tables(rows: list[Row]) -> tuple[list[Row] | None, list[Row] | None]:
    """The rows of the approval tables and of the hazardous-area table, each beginning
    with its heading."""
    general: list[Row] | None = None
    hazardous: list[Row] | None = None
    current: list[Row] | None = None
    for row in rows:
        title = _title(row)
        if title is not None and "hazard" in title and (current is not None or "approv" in title):
            hazardous = current = [row]
            continue
        if title is not None and general is None and _START.fullmatch(title):
            general = current = [row]
            continue
        if current is None:
            continue
        if title is not None and (_AFTER.fullmatch(title) or _ends(row, title)):
            current = None
            continue
        current.append(row)
    return general, hazardous


def _title(row: Row) -> str | None:
    """A heading's text, or a line standing alone that may name a section."""
    if row.heading is not None:
        return row.heading.lower().strip(" :")
    if len(row.cells) == 1 and len(row.text) <= 80:
        return row.text.lower().strip(" :")
    return None


def _ends(row: Row, title: str) -> bool:
    return row.heading is not None and not any(word in title for word in _KEEP)


def _data_rows(rows: list[Row]) -> list[tuple[Row, list[Row]]]:
    """The table rows that are not headers, each with the lines that continue its
    certificate after a page break ("/880590/18")."""
    data: list[tuple[Row, list[Row]]] = []
    for row in rows:
        if len(row.cells) >= 2 and row.heading is None:
            header = {c.lower() for c in row.cells}
            if "approval" in header or "logo" in header:
                continue
            data.append((row, []))
        elif data and len(row.cells) == 1 and row.text.startswith("/"):
            data[-1][1].append(row)
    return data


def _certificate(cells: tuple[str, ...], continued: list[Row]) -> tuple[str | None, str | None]:
    """The certificate as one piece, and the parenthesis after it (a marking)."""
    text = cells[-1] + "".join(r.text for r in continued)
    marking = _PARENTHESIS.search(text)
    if marking is not None:
        text = text[: marking.start()]
    text = re.sub(r"\s{0,3}([/-])\s{0,3}", r"\1", text).strip()
    return (None if text in ("", "-") else text), (marking.group(1).strip() if marking else None)


def _mark(row: Row, continued: list[Row], found: Found) -> dict[str, TomlValue] | None:
    name_cell = row.cells[-3] if len(row.cells) >= 3 else row.cells[0]
    if "declaration" in name_cell.lower():
        return None
    raw = row.raw[row.cells.index(name_cell)]
    bold = _BOLD.search(raw)
    listed = bold.group(1).strip() if bold else _known_prefix(name_cell) or name_cell.split()[0]
    mark = _MARKS.get(listed, listed)
    if listed not in _MARKS:
        found.remarks.append(f"approvals: {listed} (line {row.line}) kept as the sheet writes it")
    if mark == "UL":
        standard = _UL_STANDARD.search(" ".join(row.cells[1:-1]) if len(row.cells) > 2 else "")
        mark = f"UL {standard.group(1)}" if standard else "UL"
    certificate, _ = _certificate(row.cells, continued)
    entry: dict[str, TomlValue] = {"mark": mark}
    if certificate is not None:
        entry["certificate"] = certificate
    if not mark.startswith(listed) and listed not in ("UL", "cULus"):
        entry["listed_as"] = listed
    return entry


def _known_prefix(text: str) -> str | None:
    words = text.split()
    for length in (2, 1):
        candidate = " ".join(words[:length])
        if candidate in _MARKS:
            return candidate
    return None


def _scheme(cells: tuple[str, ...]) -> str | None:
    name = cells[-3] if len(cells) >= 3 else cells[0]
    first = name.split()[0].upper() if name.split() else ""
    if first in _SCHEMES:
        return _SCHEMES[first]
    if first == "UL" and "HAZARDOUS" in name.upper():
        return "UL"
    return None


def _hazardous(
    row: Row,
    continued: list[Row],
    scheme: str | None,
    certificates: list[dict[str, str | bool]],
    found: Found,
) -> bool:
    """Read one hazardous-area row; False (and said) for a scheme not modelled."""
    if scheme is None:
        name = row.cells[-3] if len(row.cells) >= 3 else row.cells[0]
        found.remarks.append(
            f"hazardous areas: {name.split()[0]} (line {row.line}) not carried, a scheme "
            "the catalog does not model"
        )
        return False
    certificate, marking = _certificate(row.cells, continued)
    if certificate is None:
        found.not_read(f"{scheme} certificate", [row], "no certificate number")
        return False
    entry: dict[str, str | bool] = {"area": "", "scheme": scheme, "certificate": certificate}
    standard = row.cells[-2] if len(row.cells) >= 3 else ""
    if scheme == "UL":
        entry["area"] = "class I division 2" if _DIVISION_2.search(standard) else ""
    elif marking is not None and _ZONE_2.search(marking):
        entry["area"] = "zone 2"
    if marking is not None:
        entry["marking"] = marking
    if scheme == "UL" and standard:
        entry["standard"] = standard
    entry["special_conditions"] = certificate.upper().endswith("X")
    certificates.append(entry)
    return True


def _zones(certificates: list[dict[str, str | bool]], found: Found) -> None:
    """A zone scheme's row without a marking takes the zone another zone scheme's
    marking gives; a row whose area cannot be read is listed and left out."""
    zone = next((c["area"] for c in certificates if c["scheme"] != "UL" and c["area"]), "")
    for certificate in list(certificates):
        if not certificate["area"] and certificate["scheme"] != "UL" and zone:
            certificate["area"] = zone
        if not certificate["area"]:
            certificates.remove(certificate)
            found.unread.append(f"hazardous area of {certificate['scheme']} (no zone or division)")


def _note(certificates: list[dict[str, str | bool]]) -> str:
    zoned = [c for c in certificates if c["area"] == "zone 2"]
    marked = [c for c in zoned if "marking" in c]
    said: list[str] = []
    if marked:
        source = marked[0]
        others = [str(c["scheme"]) for c in zoned if c is not source and "marking" not in c]
        taken = f" and taken for {' and '.join(others)}" if others else ""
        said.append(
            f"zone 2 is read from the {source['scheme']} marking ({source['marking']}){taken}"
        )
    if any(c["area"] == "class I division 2" for c in certificates):
        said.append("class I division 2 from ANSI/ISA 12.12.01")
    return "the sheet names no area: " + ", ".join(said)


def _none_shown(sheet: Sheet, found: Found) -> None:
    """No approval table: none shown, if the standards name no mark (cited from the
    standards up to the accessories, where the tables would stand)."""
    standards = next((i for i, r in enumerate(sheet.rows) if _is_standards(r)), None)
    if standards is None:
        return
    row = sheet.rows[standards]
    if _STANDARD_MARKS.search(row.value):
        found.unread.append(
            f"approvals (line {row.line}: the standards name a mark, but the sheet has no "
            "approval table)"
        )
        return
    heading = next((r for r in reversed(sheet.rows[:standards]) if r.heading), None)
    after = sheet.rows[standards + 1 :]
    end = next((r for r in after if r.heading and _AFTER.fullmatch(r.heading.lower())), None)
    if heading is None or end is None:
        return
    between = [r for r in after if r.heading and r.line < end.line]
    rows = [heading, row, *between, end]
    quote = [row.wording, *(r.wording for r in between), end.wording]
    found.add(Section("approvals", {"marks": []}, rows, quote=quote))
    found.add(Section("hazardous_areas", {"certificates": []}, rows, quote=list(quote)))


def _is_standards(row: Row) -> bool:
    return len(row.cells) >= 2 and row.cells[0].lower().startswith("standards")
