"""The documented examples and the sample panels behave as documented."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, SAMPLES, run

from panelcheck.engine.core import Engine

SPEC_EXAMPLE = SAMPLES / "spec-example.json"
FORMAT_DOC = ROOT / "docs" / "format.md"


def test_committed_spec_example_is_the_first_example_of_the_format_doc() -> None:
    """The contract's example layout is the first layout docs/format.md shows ("A first
    look"), and sample_panels/spec-example.json is that layout, so the two stay one."""
    block = re.search(r"```json\n(.*?)```", FORMAT_DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    assert json.loads(block.group(1)) == json.loads(SPEC_EXAMPLE.read_text(encoding="utf-8"))


def test_spec_example_gives_only_the_waived_ipx003() -> None:
    result = run(SPEC_EXAMPLE.read_text(encoding="utf-8"))
    assert [(f.code, f.subject, f.waived) for f in result.findings] == [("IPX003", "X1", True)]


def test_spec_example_is_clean_with_every_rule_selected() -> None:
    result = Engine().check_path(str(SPEC_EXAMPLE))
    assert result.counted() == [] and not result.invalid


@pytest.mark.parametrize("name", ["pump-station.json", "ship-panel-dnv.json", "zone2-panel.json"])
def test_the_clean_samples_have_no_finding_at_all(name: str) -> None:
    result = run((SAMPLES / name).read_text(encoding="utf-8"))
    assert result.findings == []


def test_the_ship_and_zone_2_samples_ask_what_their_parts_answer() -> None:
    ship = json.loads((SAMPLES / "ship-panel-dnv.json").read_text(encoding="utf-8"))
    assert ship["panel"]["approvals"] == ["DNV"]
    zone = json.loads((SAMPLES / "zone2-panel.json").read_text(encoding="utf-8"))
    assert zone["panel"]["hazardous_area"] == "zone 2"


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("jumpers.json", {"JMP001", "JMP002", "JMP003", "NET001"}),
        ("wiring.json", {f"WIR00{i}" for i in range(1, 9)}),
        ("gold.json", {"GLD001", "GLD002", "GLD003"}),
        ("enclosure.json", {"IPX001", "IPX002", "IPX003", "IPX004"}),
        ("references.json", {"LAY001", "LAY002", "LAY003", "LAY004", "LAY005", "LAY006"}),
        ("electrical.json", {"JMP004", "MEC001"} | {f"ELE00{i}" for i in range(1, 7)}),
        ("merge-conflict.json", {"LAY000"}),
        ("schema-errors.json", {"LAY000"}),
        ("environment.json", {f"ENV00{i}" for i in range(1, 6)} | {"MEC002", "MEC003", "LAY008"}),
        ("approvals.json", {"APR001", "APR002", "LAY003"}),
        (
            "switching.json",
            {"ELE002", "LAY007", "WIR009"} | {f"ELE0{i:02d}" for i in range(7, 13)},
        ),
    ],
)
def test_each_failing_sample_shows_its_family(name: str, codes: set[str]) -> None:
    result = run((SAMPLES / "failing" / name).read_text(encoding="utf-8"))
    assert codes <= {f.code for f in result.counted()}


def test_every_sample_is_described_in_the_samples_readme() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for path in SAMPLES.rglob("*.json"):
        assert path.relative_to(SAMPLES).as_posix() in readme, path
