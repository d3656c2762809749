"""The SPEC's example and the sample panels behave as documented."""

from __future__ import annotations

import json
import re

import pytest
from conftest import SAMPLES, SHARED, run

from panelcheck.engine.core import Engine

SPEC_EXAMPLE = SAMPLES / "spec-example.json"


def test_committed_spec_example_is_the_one_in_the_spec() -> None:
    spec = SHARED / "SPEC.md"
    if not spec.is_file():
        pytest.skip("../shared/SPEC.md is not beside the repository")
    block = re.search(r"```json\n(.*?)```", spec.read_text(encoding="utf-8"), re.S)
    assert block is not None
    assert json.loads(block.group(1)) == json.loads(SPEC_EXAMPLE.read_text(encoding="utf-8"))


def test_spec_example_gives_only_the_waived_ipx003() -> None:
    result = run(SPEC_EXAMPLE.read_text(encoding="utf-8"))
    assert [(f.code, f.subject, f.waived) for f in result.findings] == [("IPX003", "X1", True)]


def test_spec_example_is_clean_with_every_rule_selected() -> None:
    result = Engine().check_path(str(SPEC_EXAMPLE))
    assert result.counted() == [] and not result.invalid


def test_pump_station_sample_is_clean() -> None:
    result = run((SAMPLES / "pump-station.json").read_text(encoding="utf-8"))
    assert result.findings == []


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
    ],
)
def test_each_failing_sample_shows_its_family(name: str, codes: set[str]) -> None:
    result = run((SAMPLES / "failing" / name).read_text(encoding="utf-8"))
    assert codes <= {f.code for f in result.counted()}


def test_every_sample_is_described_in_the_samples_readme() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for path in SAMPLES.rglob("*.json"):
        assert path.relative_to(SAMPLES).as_posix() in readme, path
