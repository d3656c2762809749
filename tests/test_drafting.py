"""``panelcheck catalog draft``: part files drafted from data sheets.

The seed sheets must give back the shipped parts fact by fact (values, and the lines
they cite), and the same facts must come out when the sheets are rewritten in other
layouts (pipe tables, HTML rows, columns set apart by spaces, decimal commas swapped,
other spellings of mm², input ranges in volts instead of %): the recogniser reads data
and units, not these five files. A sheet of another kind (tests/sheets/2002-1201.md, a
terminal block written for these tests) and bad input are drafted, or refused, as a
user would expect.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT

from panelcheck.catalog import Sourced, load_catalog, parse_parts
from panelcheck.catalog.drafting import SHEET_LIMIT, Draft, DraftError, draft_sheet
from panelcheck.catalog.parts import ModulePart
from panelcheck.cli import main
from panelcheck.units import Quantity

try:
    from conftest import DATASHEETS
except ImportError:  # the sheets beside the repository, as before they moved into it
    from conftest import SHARED

    DATASHEETS = SHARED / "datasheets"

SHEETS = Path(__file__).parent / "sheets"
SEEDS = ("859-390", "859-386", "859-353", "859-753", "857-411")
needs_sheets = pytest.mark.skipif(not DATASHEETS.is_dir(), reason="no datasheets folder")
_SCRIPT = Path(sys.executable).parent / "panelcheck"
PANELCHECK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "panelcheck"]
"""The installed command (.venv/bin/panelcheck), as a user runs it."""


def _seed(number: str) -> str:
    return (DATASHEETS / f"{number}.md").read_text(encoding="utf-8")


def _shipped(number: str) -> ModulePart:
    text = (ROOT / "rules" / "parts" / f"{number}.toml").read_text(encoding="utf-8")
    part = parse_parts(text, number)[number]
    assert isinstance(part, ModulePart)
    return part


def _drafted(text: str, name: str = "sheet.md") -> tuple[Draft, ModulePart]:
    draft = draft_sheet(text, name)
    part = parse_parts(draft.text, name)[draft.number]
    assert isinstance(part, ModulePart)
    return draft, part


# -- comparing parts fact by fact --------------------------------------------------------

_PROVENANCE = {"source", "quote", "assumed", "note"}


def _value(value: Any) -> Any:
    """A section's value in comparable form: a quantity by kind, magnitude and AC/DC
    (not by its spelling), catalog dataclasses (which compare by identity) as dicts."""
    if isinstance(value, Quantity):
        return (value.kind, round(value.magnitude, 9), value.ac)
    if isinstance(value, list):
        return [_value(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _value(getattr(value, f.name)) for f in fields(value)}
    return value


def _lines(source: str | None) -> tuple[int, int] | None:
    match = re.search(r"\blines? (\d+)(?:-(\d+))?", source or "")
    return None if match is None else (int(match[1]), int(match[2] or match[1]))


def facts(model: Any, where: str = "") -> dict[str, tuple[Any, tuple[int, int] | None, bool]]:
    """Every cited section of a part: (values, cited lines, assumed), by its path."""
    found: dict[str, tuple[Any, tuple[int, int] | None, bool]] = {}
    for f in fields(model):
        value = getattr(model, f.name)
        listed = isinstance(value, list) and value and isinstance(value[0], Sourced)
        for i, item in enumerate(value) if listed else [(None, value)]:
            path = f"{where}{f.name}" + ("" if i is None else f"[{i}]")
            if isinstance(item, Sourced):
                own = {
                    g.name: _value(getattr(item, g.name))
                    for g in fields(item)
                    if g.name not in _PROVENANCE and not isinstance(getattr(item, g.name), Sourced)
                }
                found[path] = (own, _lines(item.source), item.assumed)
                found |= facts(item, path + ".")
            elif is_dataclass(item) and not isinstance(item, (type, Quantity)):
                found |= facts(item, path + ".")
    return found


def assert_same_facts(shipped: ModulePart, drafted: ModulePart, lines: bool = True) -> None:
    """The same sections with the same values and assumed flags, and (where ``lines``)
    the same cited lines; a section the shipped part assumes without a source is
    compared on value and flag only."""
    want, got = facts(shipped), facts(drafted)
    assert sorted(got) == sorted(want)
    for path, (values, span, assumed) in want.items():
        assert got[path][0] == values, path
        assert got[path][2] == assumed, path
        if lines and span is not None:
            assert got[path][1] == span, path
    assert (drafted.kind, drafted.series, drafted.datasheet) == (
        shipped.kind,
        shipped.series,
        shipped.datasheet,
    )


_LATEX = {r"\leq": "≤", r"\Omega": "Ω", r"\mu": "µ", r"\times": "x", r"\text": ""}


def _normal(text: str) -> str:
    """Wording without markup (as tests/test_catalog.py compares citations), and without
    the pipes and entities of the rewritten layouts."""
    text = html.unescape(text)
    for latex, plain in _LATEX.items():
        text = text.replace(latex, plain)
    text = re.sub(r"<[^>]+>", "", text)
    for noise in ("$", "*", "\\", " ", "\t", "|"):
        text = text.replace(noise, "")
    return text.replace("²", "2")


def _cited(table: Any) -> Iterator[tuple[str, str | list[str]]]:
    """(source, quote) of every table in a parsed draft that has both."""
    if isinstance(table, list):
        for item in table:
            yield from _cited(item)
    elif isinstance(table, dict):
        if "source" in table and "quote" in table:
            yield table["source"], table["quote"]
        for value in table.values():
            yield from _cited(value)


def assert_quotes_on_cited_lines(draft: Draft, sheet: str) -> None:
    """Every quote of the draft is on the lines its source names (tests/test_catalog.py
    holds the shipped parts to the same)."""
    lines = sheet.split("\n")
    checked = 0
    for source, quote in _cited(tomllib.loads(draft.text)):
        span = _lines(source)
        assert span is not None, source
        cited = _normal("\n".join(lines[span[0] - 1 : span[1]]))
        for text in [quote] if isinstance(quote, str) else quote:
            assert _normal(text) in cited, (source, text)
            checked += 1
    assert checked > 10


# -- the seed sheets ---------------------------------------------------------------------


@needs_sheets
@pytest.mark.parametrize("number", SEEDS)
def test_the_draft_of_a_seed_sheet_states_the_shipped_facts(number: str) -> None:
    draft, part = _drafted(_seed(number), f"{number}.md")
    assert draft.number == number and draft.file_name == f"{number}.toml" and draft.loads
    assert_same_facts(_shipped(number), part)
    assert_quotes_on_cited_lines(draft, _seed(number))


@needs_sheets
def test_a_seed_draft_says_what_the_sheet_does_not_state_and_what_it_assumes() -> None:
    draft = draft_sheet(_seed("859-390"), "859-390.md")
    header = draft.text.split("\n[", 1)[0]
    assert "# not stated by the sheet: insulated-ferrule range; overvoltage category;" in header
    assert "utilisation categories (AC-15, DC-13); inrush current" in header
    assert draft.not_stated == (
        "insulated-ferrule range",
        "overvoltage category",
        "altitude",
        "condensation",
        "utilisation categories (AC-15, DC-13)",
        "inrush current",
    )
    assert {"terminals", "jumper_slots", "open_side", "mounting"} <= set(draft.assumed)
    assert "A1/A2 coil, 11 COM, 12 NC, 14 NO" in draft.text


@needs_sheets
def test_the_drafted_description_is_the_title_and_cites_it() -> None:
    _, part = _drafted(_seed("859-390"), "859-390.md")
    assert part.description.startswith("Relay module; Nominal input voltage: 24 VDC;")
    assert part.description.endswith("Module width: 6 mm; 2,50 mm2; gray")
    assert part.source == "859-390 data sheet, lines 9-10"


# -- the same facts from other layouts ---------------------------------------------------


def _tabs_to(text: str, row: Callable[[list[str]], str]) -> str:
    """Every tab-separated line rewritten by ``row`` (one line for one: lines stay)."""
    return "\n".join(
        row([c.strip() for c in line.split("\t")]) if "\t" in line else line
        for line in text.split("\n")
    )


def pipes(text: str) -> str:
    return _tabs_to(text, lambda cells: "| " + " | ".join(cells) + " |")


def html_rows(text: str) -> str:
    return _tabs_to(text, lambda cells: "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")


def spaced_columns(text: str) -> str:
    """Columns set apart by runs of spaces, as ``pdftotext -layout`` writes them."""
    return text.replace("\t", "    ")


def swapped_decimals(text: str) -> str:
    """0.08 becomes 0,08 and 2,5 becomes 2.5 (numbers only: certificates keep theirs)."""
    swap = {".": ",", ",": "."}
    return re.sub(
        r"(?<![\w.,/])(\d+)([.,])(\d+)(?![\w.,])",
        lambda m: f"{m[1]}{swap[m[2]]}{m[3]}",
        text,
    )


def square_millimetres(spelling: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        return re.sub(r"mm ?<sup>2</sup>", spelling, text)

    return rewrite


def ranges_switched(text: str) -> str:
    """An input range in % of the nominal written in volts, and one in volts in %."""
    lines = text.split("\n")
    nominal: Decimal | None = None
    for i, line in enumerate(lines):
        label, _, value = line.partition("\t")
        if not re.match(r"(Nominal |Input |Supply )(input |supply )?voltage", label):
            continue
        if label.startswith("Nominal"):
            nominal = Decimal(re.search(r"(\d+(?:[.,]\d+)?) ?V", value)[1].replace(",", "."))
        if "range" not in label or nominal is None or "low level" in label:
            continue
        percent = re.search(r"([+-]\d+) \.\.\. ([+-]\d+) %|±(\d+) %", value)
        volts = re.search(r"(\d+(?:[.,]\d+)?) \.\.\. (\d+(?:[.,]\d+)?) V", value)
        if percent:
            low, high = (
                (Decimal(percent[1]), Decimal(percent[2]))
                if percent[1]
                else (-Decimal(percent[3]), Decimal(percent[3]))
            )
            ends = [nominal * (1 + p / 100) for p in (low, high)]
            lines[i] = f"{label}\t" + " ... ".join(f"{e.normalize():f}" for e in ends) + " V"
        elif volts:
            ends = [Decimal(v.replace(",", ".")) for v in (volts[1], volts[2])]
            steps = [(e / nominal - 1) * 100 for e in ends]
            lines[i] = f"{label}\t{steps[0].normalize():+f} ... {steps[1].normalize():+f} %"
    return "\n".join(lines)


def combined(text: str) -> str:
    return ranges_switched(square_millimetres("mm2")(swapped_decimals(pipes(text))))


VARIANTS: dict[str, Callable[[str], str]] = {
    "pipe table": pipes,
    "HTML rows": html_rows,
    "spaced columns": spaced_columns,
    "decimals swapped": swapped_decimals,
    "mm²": square_millimetres("mm²"),
    "mm2": square_millimetres("mm2"),
    "ranges in volts or %": ranges_switched,
    "all at once": combined,
}


@needs_sheets
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("number", SEEDS)
def test_a_sheet_rewritten_in_another_layout_gives_the_same_facts(
    number: str, variant: str
) -> None:
    text = VARIANTS[variant](_seed(number))
    assert text != _seed(number) or variant.startswith("mm")  # some spell it one way only
    draft, part = _drafted(text, f"{number}.{variant}")
    assert_same_facts(_shipped(number), part)  # every rewrite keeps each line in place
    assert_quotes_on_cited_lines(draft, text)


@needs_sheets
def test_the_variants_really_change_what_the_recogniser_reads() -> None:
    seed = _seed("859-353")
    assert "| Solid conductor | 0.08 ... 2.5 mm <sup>2</sup> / 28 ... 14 AWG |" in pipes(seed)
    assert "<tr><td>Width</td><td>6 mm / 0.236 inches</td></tr>" in html_rows(seed)
    assert "Strip length\t5 ... 6 mm / 0,2 ... 0,24 inches" in swapped_decimals(seed)
    assert "Input voltage range\t10.2 ... 13.2 V" in ranges_switched(seed)
    assert "Input voltage range (high level)\t-20 ... +25 %" in ranges_switched(_seed("859-753"))
    assert "Supply voltage range\t16.8 ... 31.2 V" in ranges_switched(_seed("857-411"))


@needs_sheets
def test_lines_added_above_move_every_citation_with_them() -> None:
    text = "Preface\n\nadded by a converter\n\n" + _seed("859-753")
    _, part = _drafted(text, "shifted.md")
    shipped, moved = facts(_shipped("859-753")), facts(part)
    assert_same_facts(_shipped("859-753"), part, lines=False)
    for path, (_, span, _) in shipped.items():
        if span is not None:
            assert moved[path][1] == (span[0] + 4, span[1] + 4), path


def test_an_html_row_spread_over_lines_is_one_row_citing_its_lines() -> None:
    sheet = (
        "Data sheet | Item number: 111-222\n\nSmall module; 6 mm\n\n<table>\n<tr>\n"
        "  <td>Width</td>\n  <td>6&nbsp;mm</td>\n</tr>\n<tr><td>Rated voltage</td>"
        "<td>250 V</td></tr></table>\n"
    )
    _, part = _drafted(sheet)
    assert part.width.source == "111-222 data sheet, lines 6-9"
    assert part.rated_voltage is not None and str(part.rated_voltage.value) == "250 V DC"


def test_a_whole_html_page_on_one_line_is_read() -> None:
    page = (
        "<html><body><h1>Data sheet | Item number: 333-444</h1><p>Test module; 12 mm</p>"
        "<table><tr><th>Width</th><th>12 mm</th></tr><tr><td>Pollution degree</td>"
        "<td>2</td></tr><tr><td>Ambient temperature (operation)</td>"
        "<td>&minus;20 &hellip; +60 &deg;C</td></tr></table></body></html>"
    )
    _, part = _drafted(page)
    assert str(part.width.value) == "12 mm"
    assert part.temperature is not None and part.temperature.span() == "-20 to 60 °C"
    assert part.pollution_degree is not None and part.pollution_degree.value == 2


def test_text_from_a_pdf_with_single_spaces_is_read_by_its_values() -> None:
    sheet = (
        "Item No. 555-666\nInterface module; 6 mm\n"
        "Width 6 mm / 0.236 inch\n"
        "Ambient temperature (operation) -25 ... +60 °C\n"
        "Electrical life (NO; resistive load; 23 °C) 50 x 10^3 switching operations\n"
    )
    _, part = _drafted(sheet)
    assert str(part.width.value) == "6 mm"
    assert part.temperature is not None and part.temperature.span() == "-25 to 60 °C"


def test_a_markdown_table_with_a_header_row_is_read() -> None:
    sheet = (
        "Item number: 111-333\n\nSignal module; 12 mm\n\n| Property | Value |\n|---|---|\n"
        "| Width | 12 mm / 0.472 inches |\n| Strip length | 8 ... 9 mm |\n"
    )
    _, part = _drafted(sheet)
    assert str(part.width.value) == "12 mm" and part.width.source == "111-333 data sheet, line 7"
    assert part.strip_length is not None and part.strip_length.span() == "8–9 mm"


def test_an_ac_coil_with_a_range_in_multiples_and_a_make_contact() -> None:
    sheet = (
        "Item number: 788-312\n\nRelay module; 230 V AC; 1 make contact\n\n"
        "Nominal input voltage\t230 VAC\nInput voltage range\t0.85 ... 1.1 x U_N\n"
        "Nominal input current\t4 mA\nNumber of normally open contacts\t1\n"
        "Contact material\tAgNi\nLimiting continuous current\t6 A\n"
        "Max. switching voltage\t250 V AC\nInrush current\t(DC) 30 A / 20 ms\nWidth\t12 mm\n"
    )
    draft, part = _drafted(sheet)
    assert draft.kind == "relay" and part.input is not None and part.contacts is not None
    assert (str(part.input.nominal), str(part.input.min), str(part.input.max)) == (
        "230 V AC",
        "195.5 V AC",
        "253 V AC",
    )
    assert part.input.accepts == ["AC"] and part.input.name == "coil"
    assert part.terminals is not None and part.terminals.names == ["A1", "A2", "13", "14"]
    [contact] = part.contacts.terminals.sets
    assert (contact.com, contact.nc, contact.no) == ("13", None, "14")
    assert part.contacts.inrush is not None and part.contacts.inrush.accepts == ["DC"]
    assert part.contacts.inrush.describe() == "30 A for 20 ms, stated for DC"


def test_ip20_on_its_own_needs_no_end_plate_and_has_no_open_side() -> None:
    _, part = _drafted("Item number: 111-444\n\nModule\n\nWidth\t6 mm\nProtection type\tIP20\n")
    assert part.end_plates is not None and part.end_plates.parts == []
    assert part.end_plates.source == "111-444 data sheet, line 6" and part.open_side is None
    _, guarded = _drafted(
        "Item number: 111-445\n\nModule\n\nWidth\t6 mm\n"
        "Protection type\tIP20 only when closed with an end plate\n"
    )
    assert guarded.open_side is not None and guarded.open_side.assumed
    assert guarded.end_plates is None  # none listed, and no list of accessories


def test_a_sheet_without_a_title_says_so() -> None:
    draft, part = _drafted("Item number: 111-555\n\nWidth\t6 mm\n")
    assert part.description == "111-555 (the sheet has no title)" and part.source is None
    assert draft.not_stated[0] == "title (the description)"


def test_the_item_number_is_the_sheets_own_not_an_accessorys() -> None:
    with pytest.raises(DraftError, match="no item number found"):
        draft_sheet("## Compatible products\n\nItem no.: 859-525\nEnd plate\n", "x.md")


# -- a kind of part the seeds do not have: a terminal block --------------------------------


def test_a_terminal_block_sheet_drafts_a_module_with_an_internal_link() -> None:
    text = (SHEETS / "2002-1201.md").read_text(encoding="utf-8")
    draft, part = _drafted(text, "2002-1201.md")
    assert draft.kind == "terminal block" and draft.file_name == "2002-1201.toml"
    assert part.series == "2002" and str(part.width.value) == "5.2 mm"
    assert part.terminals is not None and part.terminals.names == ["1", "2"]
    assert part.terminals.assumed and part.terminals.source is None
    assert part.jumper_slots is not None and part.jumper_slots.assumed
    [link] = part.internal_links
    assert (link.a, link.b, str(link.rating), link.assumed) == ("1", "2", "24 A", True)
    assert part.clamp is not None and part.clamp.solid is not None
    assert part.clamp.solid.span() == "0.25–4 mm² / 22–12 AWG"
    assert part.clamp.fine_stranded is not None
    assert part.clamp.fine_stranded.span() == "0.25–2.5 mm² / 22–14 AWG"
    assert part.strip_length is not None and part.strip_length.span() == "10–12 mm"
    assert part.temperature is not None and part.temperature.span() == "-60 to 105 °C"
    assert part.rated_voltage is not None and str(part.rated_voltage.value) == "800 V DC"
    assert part.jumpers is not None and part.jumpers.parts == ["2002-402"]
    assert part.end_plates is not None and part.end_plates.parts == ["2002-1291"]
    assert part.end_stops is not None and part.end_stops.parts == ["249-116"]
    assert part.ferrules is not None and part.ferrules.parts == []  # the sheet lists none
    assert part.open_side is not None and part.open_side.assumed
    assert part.input is None and part.contacts is None
    assert part.approvals is not None
    assert [a.mark for a in part.approvals.marks] == ["CCA", "UL 1059"]
    assert "approvals: CCA (line 58) kept as the sheet writes it" in draft.text
    assert draft.not_stated == ("insulated-ferrule range", "altitude", "condensation")
    assert_quotes_on_cited_lines(draft, text)


def test_a_drafted_part_loads_in_a_catalog_before_its_accessories_are_drafted(
    tmp_path: Path,
) -> None:
    draft = draft_sheet((SHEETS / "2002-1201.md").read_text(encoding="utf-8"), "2002-1201.md")
    (tmp_path / draft.file_name).write_text(draft.text, encoding="utf-8")
    catalog = load_catalog([tmp_path])
    part = catalog.get("2002-1201")
    assert part is not None
    assert catalog.unknown_accessories(part) == ["2002-402", "2002-1291"]
    shown = CliRunner().invoke(main, ["catalog", "--catalog", str(tmp_path), "2002-1201"])
    assert shown.exit_code == 0 and "2002-1201 data sheet, line 36" in shown.output


# -- sheets that say little, and bad input -----------------------------------------------


def test_a_sheet_with_few_facts_gives_a_draft_that_says_what_it_could_not_find() -> None:
    draft, part = _drafted("Item number: 777-001\n\nSome relay module; 6 mm\n\nWidth\t6 mm\n")
    assert str(part.width.value) == "6 mm" and part.temperature is None
    assert "operating temperature" in draft.not_stated and "coil" not in draft.not_stated
    assert "# not stated by the sheet: height above the rail; mounting; operating" in draft.text


def test_a_fact_that_cannot_be_read_is_listed_not_guessed() -> None:
    draft, part = _drafted(
        "Item number: 777-002\n\nModule\n\nWidth\t6 mm\n"
        "Ambient temperature (operation)\tsee manual\nPollution degree\t7\n"
        "Nominal input voltage\t24 V\nInput voltage range\t-10 ... +10 %\n"
    )
    assert part.temperature is None and part.pollution_degree is None and part.input is None
    assert draft.unread == (
        "operating temperature (line 6: no range in °C)",
        "pollution degree (line 7: not 1, 2, 3 or 4)",
        "control input (line 8: AC or DC not stated)",
    )
    assert "# stated but not read (check the sheet): operating temperature (line 6" in draft.text


def test_a_sheet_without_a_width_is_drafted_and_says_it_needs_one(tmp_path: Path) -> None:
    sheet = tmp_path / "no-width.md"
    sheet.write_text("Item number: 777-003\n\nModule\n\nRated voltage\t250 V\n")
    result = CliRunner().invoke(main, ["catalog", "draft", str(sheet), "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert "add its width (the sheet states none) before it loads" in result.output
    assert "# A module needs a width" in (tmp_path / "777-003.toml").read_text()


def test_strings_from_the_sheet_cannot_add_keys_or_tables() -> None:
    hostile = (
        'Item number: 777-004\n\nEvil" = 1\n[x]\\ title\x1b\n\n'
        'Width\t6 mm "\n[evil]\nkind = "jumper"\n'
    )
    draft, part = _drafted(hostile)
    assert set(parse_parts(draft.text, "x")) == {"777-004"}
    assert part.description == 'Evil" = 1 [x]\\ title'
    assert "\x1b" not in draft.text and "\\u001b" not in draft.text


def test_a_pathological_line_is_skipped_not_backtracked_over() -> None:
    digits = "1" * 1900
    text = f"Item number: 777-005\n\nModule\n\nWidth\t{digits} ... {digits}\n" + "9." * 200_000
    draft = draft_sheet(text, "long.md")
    assert draft.unread == ("width (line 5: no length in mm)",)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty; nothing was drafted"),
        (b"  \n\n", "is empty; nothing was drafted"),
        (b"Width\t6 mm\n", "no item number found"),
        (b"Item number: 1-2\x00\x01\x02", "is a binary file (it holds NUL bytes)"),
        (b"Item number: 1-2 \xff\xfe", "is not UTF-8 text"),
        (b"%PDF-1.7\n...", "is a PDF file; draft from its text"),
        (b"Item no.: 249-116\nScrewless end stop; 6 mm wide", "panelcheck drafts modules only"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_and_exit_2(
    tmp_path: Path, content: bytes, says: str
) -> None:
    sheet = tmp_path / "bad.md"
    sheet.write_bytes(content)
    good = tmp_path / "good.md"
    good.write_text("Item number: 777-006\n\nModule\n\nWidth\t6 mm\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["catalog", "draft", str(sheet), str(good), "-o", str(out)])
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if x]
    assert line.startswith(f"panelcheck: {sheet}: ") and says in line
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["777-006.toml"]  # the good one still


def test_a_sheet_over_10_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    sheet = tmp_path / "huge.md"
    with sheet.open("wb") as stream:
        stream.truncate(SHEET_LIMIT + 1)
    result = CliRunner().invoke(main, ["catalog", "draft", str(sheet), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"panelcheck: {sheet}: is larger than the limit of 10 MB\n"


def test_a_folder_or_a_missing_sheet_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["catalog", "draft", str(tmp_path), str(tmp_path / "nope.md"), "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    first, second = result.stderr.splitlines()
    assert "is a folder, not a regular file" in first
    assert first.startswith(f"panelcheck: {tmp_path}: ")
    assert second.startswith(f"panelcheck: {tmp_path / 'nope.md'}: cannot read")


def test_a_draft_is_the_only_file_it_leaves(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.md"
    sheet.write_text("Item number: 859-402/000-005\n\nModule\n\nWidth\t6 mm\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["catalog", "draft", str(sheet), "-o", str(out)])
    assert result.exit_code == 0
    assert [p.name for p in out.iterdir()] == ["859-402_000-005.toml"]
    assert result.output == (
        f"{out / '859-402_000-005.toml'}: 859-402/000-005 (module) drafted from {sheet}: "
        "1 fact, 16 not stated by the sheet\n"
    )


# -- never overwriting ---------------------------------------------------------------------


def test_an_existing_file_is_kept_unless_force_and_force_says_it_replaced(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.md"
    sheet.write_text("Item number: 777-007\n\nModule\n\nWidth\t6 mm\n")
    target = tmp_path / "777-007.toml"
    target.write_text("# mine\n")
    args = ["catalog", "draft", str(sheet), "-o", str(tmp_path)]
    kept = CliRunner().invoke(main, args)
    assert kept.exit_code == 2 and target.read_text() == "# mine\n"
    assert kept.stderr == (
        f"panelcheck: {target}: already exists; not replaced (use --force to replace it)\n"
    )
    replaced = CliRunner().invoke(main, [*args, "--force"])
    assert replaced.exit_code == 0
    assert replaced.output.splitlines()[0] == f"{target}: replaced (--force)"
    assert target.read_text().startswith("# 777-007 (module), drafted by")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["777-007.toml", "sheet.md"]


def test_a_sheet_that_is_a_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("Item number: 777-009\n\nModule\n\nWidth\t6 mm\n")
    (tmp_path / "link.md").symlink_to(real)
    result = CliRunner().invoke(
        main, ["catalog", "draft", str(tmp_path / "link.md"), "-o", str(tmp_path)]
    )
    assert result.exit_code == 2 and "is a symbolic link" in result.stderr
    assert not (tmp_path / "777-009.toml").exists()


def test_a_link_in_the_way_is_not_followed_or_replaced(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.md"
    sheet.write_text("Item number: 777-008\n\nModule\n\nWidth\t6 mm\n")
    elsewhere = tmp_path / "elsewhere.txt"
    (tmp_path / "777-008.toml").symlink_to(elsewhere)  # dangling
    result = CliRunner().invoke(main, ["catalog", "draft", str(sheet), "-o", str(tmp_path)])
    assert result.exit_code == 2 and not elsewhere.exists()
    assert "already exists; not replaced" in result.stderr


# -- the catalog command around it ---------------------------------------------------------


def test_catalog_and_catalog_part_work_as_before() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["catalog"])
    assert listing.exit_code == 0 and "859-390" in listing.output
    part = runner.invoke(main, ["catalog", "859-353"])
    assert part.exit_code == 0 and "859-353 data sheet, line 77" in part.output
    assert runner.invoke(main, ["catalog", "859-353", "extra"]).exit_code == 2
    named_draft = runner.invoke(main, ["catalog", "--", "draft"])
    assert named_draft.exit_code == 2 and "no part 'draft' in the catalog" in named_draft.stderr
    helped = runner.invoke(main, ["catalog", "--help"])
    assert "[PART]" in helped.output and "panelcheck catalog draft SHEET..." in helped.output
    draft_help = runner.invoke(main, ["catalog", "draft", "--help"])
    assert draft_help.output.startswith("Usage: main catalog draft [OPTIONS] SHEET...")
    assert runner.invoke(main, ["catalog", "draft"]).exit_code == 2


def test_the_draft_command_does_not_load_for_other_commands() -> None:
    code = (
        "import sys; from panelcheck.cli import main; "
        "assert 'panelcheck.catalog.drafting' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@needs_sheets
def test_drafting_the_seed_sheets_in_a_real_process_round_trips_them(tmp_path: Path) -> None:
    sheets = [str(DATASHEETS / f"{n}.md") for n in SEEDS]
    drafted = subprocess.run(
        [*PANELCHECK, "catalog", "draft", *sheets, "-o", str(tmp_path / "parts")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert drafted.returncode == 0, drafted.stderr
    assert len(drafted.stdout.splitlines()) == 5 and drafted.stderr == ""
    catalog = load_catalog([tmp_path / "parts"])
    for number in SEEDS:
        part = catalog.get(number)
        assert isinstance(part, ModulePart)
        assert_same_facts(_shipped(number), part)
    shown = subprocess.run(
        [*PANELCHECK, "catalog", "--catalog", "parts", "857-411"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert shown.returncode == 0 and "replaces the part of the same number" in shown.stdout


def test_draft_error_is_a_one_line_message() -> None:
    with pytest.raises(DraftError, match=r"^notes\.txt: no item number found"):
        draft_sheet("just some notes\n", "notes.txt")
