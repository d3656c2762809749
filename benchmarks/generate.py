"""Synthetic clean panels of any size, for measuring panelcheck (and for its tests).

A panel is built from the groups a real control cabinet repeats: a row of eight 24 V
relays (859-390) with their coil returns on a blue 0 V comb and their contacts on a
light gray 230 V comb fed at the first relay, each switching a contactor coil; a row of
four isolation amplifiers (857-411) with their supply on red and blue combs fed through
the first one's internal link; end plates after the 859 rows, end stops at both rail
ends; ferruled wires on every coil input and contact output. Every generated panel
passes every default rule: a benchmark of a panel full of findings would measure the
reporting, not the checking.

    python benchmarks/generate.py 20000 > big.json
    python benchmarks/generate.py 26000 --failing > failing.json   # 20 MB of findings
"""

from __future__ import annotations

import json
import sys
from typing import Any

RELAYS_PER_ROW = 8
AMPLIFIERS_PER_ROW = 4
ROWS_PER_RAIL = 3  # relay rows per rail, then one amplifier row


def _relay_row(rail: str, row: int, count: int, out: dict[str, Any]) -> list[dict[str, Any]]:
    items = []
    first = f"K{rail}-{row}-1"
    l1 = f"L1-{rail}-{row}"
    out["nets"][l1] = {"voltage": "230 V AC", "feed": f"{first}:11"}
    for n in range(1, count + 1):
        tag = f"K{rail}-{row}-{n}"
        do, q = f"DO-{rail}-{row}-{n}", f"Q-{rail}-{row}-{n}"
        out["nets"][do] = {"voltage": "24 V DC"}
        out["nets"][q] = {"voltage": "230 V AC"}
        items.append(
            {
                "type": "module",
                "id": tag,
                "part": "859-390",
                "terminals": {"A1": do, "A2": "0V", "11": l1, "14": q},
            }
        )
        out["wires"].append(
            {
                "id": f"W-{tag}-A1",
                "terminal": f"{tag}:A1",
                "cross_section": "0.75 mm^2",
                "conductor": "fine_stranded",
                "ferrule": "216-222",
                "strip_length": "6 mm",
            }
        )
        out["wires"].append(
            {
                "id": f"W-{tag}-14",
                "terminal": f"{tag}:14",
                "cross_section": "1.5 mm^2",
                "conductor": "fine_stranded",
                "ferrule": "216-224",
                "strip_length": "6 mm",
            }
        )
        out["loads"].append({"id": f"Q-{tag}-coil", "terminal": f"{tag}:14", "current": "80 mA"})
    if count >= 2:
        out["jumpers"].append(_comb(f"JB-{rail}-{row}-0V", count, "/000-006", "A2", first))
        out["jumpers"].append(_comb(f"JB-{rail}-{row}-L1", count, "", "11", first))
    items.append({"type": "end_plate", "id": f"P-{rail}-{row}", "part": "859-525"})
    return items


def _amplifier_row(rail: str, count: int, out: dict[str, Any]) -> list[dict[str, Any]]:
    items = []
    supply = f"+24V-{rail}"
    out["nets"][supply] = {"voltage": "24 V DC", "feed": f"A{rail}-1:7"}
    for n in range(1, count + 1):
        tag = f"A{rail}-{n}"
        ai = f"AI-{rail}-{n}"
        out["nets"][ai] = {"voltage": "5 V DC"}
        items.append(
            {
                "type": "module",
                "id": tag,
                "part": "857-411",
                "terminals": {"3": supply, "4": "0V", "5": ai},
            }
        )
        out["wires"].append(
            {
                "id": f"W-{tag}-5",
                "terminal": f"{tag}:5",
                "cross_section": "0.5 mm^2",
                "conductor": "fine_stranded",
                "strip_length": "10 mm",
            }
        )
        out["loads"].append({"id": f"AI-{tag}", "terminal": f"{tag}:5", "impedance": "250 ohm"})
    if count >= 2:
        out["jumpers"].append(_comb(f"JB-{rail}-A+", count, "/000-005", "3", f"A{rail}-1"))
        out["jumpers"].append(_comb(f"JB-{rail}-A-", count, "/000-006", "4", f"A{rail}-1"))
    return items


def _comb(ident: str, ways: int, colour: str, slot: str, start: str) -> dict[str, Any]:
    """A 859-4xx jumper bar of ``ways`` ways; ``colour`` is its part-number suffix
    (none for light gray, /000-005 red, /000-006 blue)."""
    return {"id": ident, "part": f"859-4{ways:02d}{colour}", "slot": slot, "from": start}


def make_panel(modules: int, name: str = "synthetic", prefix: str = "") -> dict[str, Any]:
    """A clean layout with exactly ``modules`` modules. ``prefix`` goes into every id and
    net name but 0V (the rail number in them), so two panels can be set side by side."""
    layout: dict[str, Any] = {
        "format": "panelcheck/1",
        "panel": {"name": name, "ambient": "40 degC"},
        "nets": {"0V": {"voltage": "0 V DC"}},
        "rails": [],
        "wires": [],
        "loads": [],
    }
    left = modules
    number = 0
    while left > 0:
        number += 1
        rail = f"{prefix}{number}"
        out = {
            "nets": layout["nets"],
            "wires": layout["wires"],
            "loads": layout["loads"],
            "jumpers": [],
        }
        items: list[dict[str, Any]] = [{"type": "end_stop", "id": f"S-{rail}-L", "part": "249-116"}]
        for row in range(1, ROWS_PER_RAIL + 1):
            count = min(RELAYS_PER_ROW, left)
            if count == 0:
                break
            items += _relay_row(rail, row, count, out)
            left -= count
        count = min(AMPLIFIERS_PER_ROW, left)
        if count:
            items += _amplifier_row(rail, count, out)
            left -= count
        items.append({"type": "end_stop", "id": f"S-{rail}-R", "part": "249-116"})
        layout["rails"].append(
            {"id": f"X{rail}", "length": "300 mm", "items": items, "jumpers": out["jumpers"]}
        )
    return layout


def make_failing_panel(modules: int) -> dict[str, Any]:
    """The same panel with every relay breaking rules, for measuring the reports of a
    file full of findings: each wire too thick for its clamp and its ferrule, stripped
    too long (WIR001, WIR002, WIR007), and each contact output on a net left out of
    ``nets`` (LAY003). Each rule reports at most 10,000 findings a file."""
    layout = make_panel(modules)
    for wire in layout["wires"]:
        wire["cross_section"] = "10 mm^2"
        wire["strip_length"] = "30 mm"
    for name in [n for n in layout["nets"] if n.startswith("Q-")]:
        del layout["nets"][name]
    return layout


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--failing"]
    modules = int(args[0]) if args else 55
    make = make_failing_panel if "--failing" in sys.argv[1:] else make_panel
    json.dump(make(modules), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
