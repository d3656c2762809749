"""The catalog: loads, every fact says where it comes from, and the citations are true.

The citation test reads datasheets/ (the repository's copies): each ``source`` names a
data sheet and a line (or lines), and its ``quote`` must be found there. A limit that
points at the wrong line, or wording that is not on the sheet, fails here.

These tests hold the catalog's behaviour, not its contents: a part added to
``rules/parts/`` passes them as long as its citations check out. The loader's tests use
parts written here, not copies of shipped files.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from conftest import DATASHEETS

from panelcheck.catalog import (
    CONDUCTOR_CLASSES,
    CONDUCTOR_LABELS,
    AreaRange,
    Catalog,
    CatalogError,
    ConductorRanges,
    JumperPart,
    ModulePart,
    Sourced,
    TemperatureRange,
    is_section,
    load_catalog,
    parse_parts,
    sections,
)
from panelcheck.read.format import json_schema
from panelcheck.units import Kind, Quantity, awg_to_mm2, within

CATALOG = load_catalog()
_SOURCE = re.compile(r"^(?P<sheet>\d{3}-\d{3}) data sheet, lines? (?P<a>\d+)(?:-(?P<b>\d+))?")


def _sections(model, where=""):  # type: ignore[no-untyped-def]
    for name, value in sections(model):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Sourced):
                yield f"{where}{name}", item
            elif is_section(item):
                yield from _sections(item, f"{where}{name}.")


_LATEX = {r"\leq": "≤", r"\Omega": "Ω", r"\mu": "µ", r"\times": "x", r"\text": ""}


def _normal(text: str) -> str:
    """Compare wording, not markup: tags, LaTeX, emphasis and spacing removed."""
    for latex, plain in _LATEX.items():
        text = text.replace(latex, plain)
    text = re.sub(r"<[^>]+>", "", text)
    for noise in ("$", "*", "\\", " ", "\t", "²"):
        text = text.replace(noise, "2" if noise == "²" else "")
    return text


def _cited_text(source: str) -> str:
    match = _SOURCE.match(source)
    assert match, f"source {source!r} is not '<part> data sheet, line N'"
    lines = (DATASHEETS / f"{match['sheet']}.md").read_text(encoding="utf-8").split("\n")
    first = int(match["a"])
    last = int(match["b"] or first)
    assert 1 <= first <= last <= len(lines)
    return "\n".join(lines[first - 1 : last])


# The parts of the five data sheets in datasheets/ (the rule tests and samples use them);
# the catalog may hold more.
SPEC_MODULES = ("859-390", "859-386", "859-353", "859-753", "857-411")
SPEC_JUMPERS = tuple(
    f"859-4{w:02d}{c}" for w in range(2, 11) for c in ("", "/000-005", "/000-006", "/000-029")
)
SPEC_OTHERS = ("281-482", "859-525", "249-116", "249-117", "249-197")
SPEC_FERRULES = ("216-321", "216-322", "216-221", "216-222", "216-223", "216-224")

# A module written for the loader's tests: every section, each marked as assumed.
MODULE = """
["ACME-1"]
kind = "module"
description = "test relay"
series = "acme"
width = { value = "6 mm", assumed = true, note = "test" }
temperature = { min = "-25 degC", max = "60 degC", assumed = true, note = "test" }
terminals = { names = ["A1", "A2"], assumed = true, note = "test" }
jumper_slots = { names = ["A1"], assumed = true, note = "test" }
jumpers = { parts = ["281-482"], assumed = true, note = "test" }
ferrules = { parts = ["216-222"], assumed = true, note = "test" }
end_plates = { parts = [], assumed = true, note = "test" }

[ACME-1.clamp.solid]
min = "0.2 mm^2"
max = "2.5 mm^2"
assumed = true
note = "test"

[ACME-1.strip_length]
min = "8 mm"
max = "9 mm"
assumed = true
note = "test"
"""


def test_shipped_catalog_has_the_parts_of_the_spec() -> None:
    spec = {*SPEC_MODULES, *SPEC_JUMPERS, *SPEC_OTHERS, *SPEC_FERRULES}
    assert spec <= set(CATALOG.parts), sorted(spec - set(CATALOG.parts))


def test_every_module_fact_has_a_source_or_a_marked_assumption() -> None:
    for part in CATALOG:
        for name, section in _sections(part):
            assert section.source or (section.assumed and section.note), (part.number, name)


def test_every_citation_quotes_its_data_sheet_line() -> None:
    checked = 0
    for part in CATALOG:
        cited = [(name, s.source, s.quote) for name, s in _sections(part)]
        cited.append(("part", part.source, part.quote))
        for name, source, quote in cited:
            if source is None or not _SOURCE.match(source):
                continue
            text = _normal(_cited_text(source))
            for q in [quote] if isinstance(quote, str) else (quote or []):
                assert _normal(q) in text, f"{part.number} {name}: {q!r} not at {source}"
                checked += 1
    assert checked > 100


def test_listed_accessories_appear_in_the_cited_lines() -> None:
    for part in CATALOG:
        if not isinstance(part, ModulePart):
            continue
        for listing in (part.jumpers, part.ferrules, part.end_plates, part.end_stops):
            if listing is None or not listing.parts:
                continue
            text = _cited_text(listing.source or "")
            for number in listing.parts:
                assert (
                    f"{number}</b>" in text
                    or f"{number}**" in text
                    or f"Item no.: {number}\n" in text + "\n"
                ), (part.number, number)


def test_jumper_ratings_are_18_amps_except_the_unrated_281_482() -> None:
    for number in (*SPEC_JUMPERS, "281-482"):
        part = CATALOG.parts[number]
        assert isinstance(part, JumperPart)
        rating = part.rating.value.magnitude if part.rating else None
        assert rating == (None if number == "281-482" else 18.0), number


def test_ferrules_store_mm2_and_awg_comes_from_astm_b258() -> None:
    assert CATALOG.parts["216-222"].cross_section.magnitude == 0.75  # type: ignore[union-attr]
    assert awg_to_mm2(18) == pytest.approx(0.823, abs=0.001)


def test_terminal_names_the_sheet_does_not_give_are_marked_assumed() -> None:
    for number in SPEC_MODULES:
        part = CATALOG.parts[number]
        assert isinstance(part, ModulePart)
        assert part.terminals.assumed and part.jumper_slots.assumed


def test_a_section_without_source_or_assumption_is_refused() -> None:
    text = """
["X-1"]
kind = "end_stop"
description = "test stop"
width = { value = "6 mm" }
"""
    with pytest.raises(CatalogError, match="needs a 'source'"):
        parse_parts(text, "test.toml")


def test_a_broken_toml_file_names_the_file() -> None:
    with pytest.raises(CatalogError, match=r"^mine\.toml:1: not valid TOML"):
        parse_parts('["x"\nkind = ', "mine.toml")


def test_a_user_catalog_part_replaces_the_shipped_one_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "stops.toml").write_text(
        '["249-116"]\nkind = "end_stop"\ndescription = "our end stop"\n'
        '[ "249-116".width ]\nvalue = "8 mm"\nsource = "our sheet, p. 2"\n',
        encoding="utf-8",
    )
    catalog = load_catalog([tmp_path])
    assert catalog.parts["249-116"].description == "our end stop"
    assert catalog.replaced["249-116"] == CATALOG.origin["249-116"]
    assert catalog.origin["249-116"] == str(tmp_path / "stops.toml")


def test_a_user_module_loads_with_shipped_accessories(tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(MODULE, encoding="utf-8")
    part = load_catalog([tmp_path]).parts["ACME-1"]
    assert isinstance(part, ModulePart)
    assert part.clamp.solid is not None and part.clamp.fine_stranded is None


def test_an_accessory_the_catalog_does_not_know_loads_and_is_marked_unknown(
    tmp_path: Path,
) -> None:
    """A drafted part lists its accessories before they are drafted (SPEC v2)."""
    text = MODULE.replace('parts = ["216-222"]', 'parts = ["216-999"]')
    assert text != MODULE
    (tmp_path / "k.toml").write_text(text, encoding="utf-8")
    catalog = load_catalog([tmp_path])
    assert catalog.unknown_accessories(catalog.parts["ACME-1"]) == ["216-999"]


def test_a_module_with_only_its_width_loads_and_names_what_cannot_be_judged(
    tmp_path: Path,
) -> None:
    (tmp_path / "m.toml").write_text(
        '["M-1"]\nkind = "module"\ndescription = "a module with a short sheet"\n'
        'width = { value = "12 mm", source = "M-1 sheet, page 1" }\n',
        encoding="utf-8",
    )
    part = load_catalog([tmp_path]).parts["M-1"]
    assert isinstance(part, ModulePart)
    assert part.terminals is None and part.clamp is None and part.housing() == "part M-1"


def test_a_module_must_list_accessories_of_the_right_kind(tmp_path: Path) -> None:
    (tmp_path / "k.toml").write_text(MODULE.replace('"216-222"', '"281-482"'), encoding="utf-8")
    with pytest.raises(CatalogError, match="'281-482' in ferrules, which is not a known ferrule"):
        load_catalog([tmp_path])


def test_close_matches_suggest_the_intended_part() -> None:
    assert "859-390" in Catalog(parts=CATALOG.parts).close_matches("859-39")


def test_close_matches_of_a_kind_offer_only_parts_of_that_kind() -> None:
    """A relay's number mistyped is answered with relays, not with the jumper whose
    number happens to be closer (a jumper could not stand where a module is meant)."""
    catalog = Catalog(parts=CATALOG.parts)
    assert "859-410" in catalog.close_matches("859-310")  # any kind: `panelcheck catalog`
    for typo in ("859-310", "859-401", "859-400", "859-39"):
        near = catalog.close_matches(typo, kind="module")
        assert near and near[0] == "859-390", (typo, near)
        assert {catalog.parts[n].kind for n in near} == {"module"}, (typo, near)
    assert catalog.close_matches("859-52", kind="end_plate") == ["859-525"]
    assert catalog.close_matches("859-39", kind="ferrule") == []


def test_close_matches_of_a_ferrule_come_nearest_the_conductor_size_first() -> None:
    """216-206 (a 2.5 mm² sleeve, not shipped) looks most like 216-322 and 216-321
    (0.34 and 0.25 mm²); for a 2.5 mm² conductor the nearest sizes come first."""
    catalog = Catalog(parts=CATALOG.parts)
    assert catalog.close_matches("216-206", kind="ferrule")[:2] == ["216-322", "216-321"]
    area = Quantity(Kind.AREA, 2.5)
    assert catalog.close_matches("216-206", kind="ferrule", size=area) == [
        "216-224",
        "216-223",
        "216-222",
    ]
    small = Quantity(Kind.AREA, 0.25)
    assert catalog.close_matches("216-206", kind="ferrule", size=small)[:2] == [
        "216-321",
        "216-322",
    ]
    assert catalog.close_matches("216-22", kind="ferrule", size=Quantity(Kind.AREA, 0.75))[0] == (
        "216-222"
    )


def test_a_bad_value_in_an_inline_table_names_the_line_of_its_key() -> None:
    text = (
        '["X-1"]\nkind = "end_stop"\ndescription = "stop"\n'
        'width = { value = "6 kg", source = "our sheet" }\n'
    )
    with pytest.raises(CatalogError, match=r"^x\.toml:4: part 'X-1': end_stop\.width\.value"):
        parse_parts(text, "x.toml")


def test_a_bad_value_in_a_user_catalog_names_file_and_line(tmp_path: Path) -> None:
    text = MODULE.replace('max = "9 mm"', 'max = "9 kg"')
    (tmp_path / "acme.toml").write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.split("\n"), 1) if t == 'max = "9 kg"')
    with pytest.raises(CatalogError, match=rf"acme\.toml:{line}: part 'ACME-1': .*strip_length"):
        load_catalog([tmp_path])


def test_conductor_classes_are_the_clamp_keys_and_the_layout_format_s() -> None:
    """One list of conductor classes: the clamp table's keys, the labels, the format."""
    assert tuple(f.name for f in fields(ConductorRanges)) == CONDUCTOR_CLASSES
    assert set(CONDUCTOR_LABELS) == set(CONDUCTOR_CLASSES)
    assert CONDUCTOR_LABELS["fine_stranded"] == "fine-stranded"
    wire = json_schema()["$defs"]["Wire"]["properties"]["conductor"]
    assert tuple(wire["enum"]) == CONDUCTOR_CLASSES


def _area(low: float, high: float) -> AreaRange:
    return AreaRange(
        min=Quantity(Kind.AREA, low), max=Quantity(Kind.AREA, high), assumed=True, note="t"
    )


def test_a_range_contains_both_ends_and_rounding_beyond_them() -> None:
    clamp = _area(0.08, 2.5)
    assert clamp.contains(Quantity(Kind.AREA, 2.5)) and clamp.contains(0.08)
    assert clamp.contains(2.5 + 5e-10) and clamp.contains(0.08 - 5e-10)
    assert not clamp.contains(2.5 + 2e-9) and not clamp.contains(0.08 - 2e-9)
    assert not clamp.contains(4.0) and not clamp.contains(0.05)
    for value in (0.0, 0.08 - 1e-9, 0.08 - 1.1e-9, 1.0, 2.5 + 1e-9, 2.5 + 1.1e-9, 3.0):
        assert clamp.contains(value) is within(value, clamp.min, clamp.max), value


def test_a_range_is_written_with_its_unit_once() -> None:
    assert _area(0.08, 2.5).span() == "0.08–2.5 mm²"
    hot = TemperatureRange(
        min=Quantity(Kind.TEMPERATURE, -40.0),
        max=Quantity(Kind.TEMPERATURE, 70.0),
        source="s",
    )
    assert hot.span() == "-40 to 70 °C"


def test_a_range_adds_no_key_to_the_toml_form() -> None:
    assert [f.name for f in fields(AreaRange)] == [
        "source",
        "quote",
        "assumed",
        "note",
        "min",
        "max",
        "awg",
    ]
