"""Every rule's documented examples do what the documentation says.

``panelcheck rule CODE`` prints these examples; running them here keeps the
explanations true: the failing one must fire the rule, the passing one must be clean.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, pairs, run

from panelcheck.checks import ENGINE_CODES, all_checks
from panelcheck.engine.ruleset import example, load_rules

RULES = sorted(load_rules())
# The rule codes of the contract with their slug names and default severities: tests,
# configurations and waivers rely on them, so a change here is a breaking change (and
# needs a CHANGELOG entry). Every code must exist with exactly this name and severity.
CONTRACT: dict[str, tuple[str, str]] = {
    "APR001": ("missing-approval", "error"),
    "APR002": ("hazardous-area", "error"),
    "ELE001": ("control-voltage", "error"),
    "ELE002": ("contact-rating", "error"),
    "ELE003": ("ssr-load-circuit", "error"),
    "ELE004": ("internal-link-overcurrent", "error"),
    "ELE005": ("ambient-temperature", "error"),
    "ELE006": ("output-burden", "error"),
    "ELE007": ("inductive-load-unsuppressed", "warning"),
    "ELE008": ("inrush-current", "error"),
    "ELE009": ("switching-rate", "error"),
    "ELE010": ("electrical-life", "warning"),
    "ELE011": ("rated-voltage", "error"),
    "ELE012": ("input-overload", "error"),
    "ENV001": ("altitude", "error"),
    "ENV002": ("condensation", "error"),
    "ENV003": ("pollution-degree", "error"),
    "ENV004": ("overvoltage-category", "error"),
    "ENV005": ("emc-environment", "warning"),
    "GLD001": ("gold-contact-voltage", "error"),
    "GLD002": ("gold-contact-current", "error"),
    "GLD003": ("below-minimum-load", "warning"),
    "IPX001": ("missing-end-plate", "error"),
    "IPX002": ("end-plate-not-listed", "error"),
    "IPX003": ("missing-end-stop", "warning"),
    "IPX004": ("series-boundary", "warning"),
    "JMP001": ("jumper-incompatible", "error"),
    "JMP002": ("jumper-span", "error"),
    "JMP003": ("jumper-slot", "error"),
    "JMP004": ("jumper-overcurrent", "error"),
    "JMP005": ("jumper-colour", "warning"),
    "LAY000": ("invalid-layout", "error"),
    "LAY001": ("unknown-part", "error"),
    "LAY002": ("duplicate-id", "error"),
    "LAY003": ("unresolved-reference", "error"),
    "LAY004": ("part-kind-mismatch", "error"),
    "LAY005": ("unknown-terminal", "error"),
    "LAY006": ("waiver-problem", "warning"),
    "LAY007": ("inconsistent-load", "warning"),
    "LAY008": ("part-not-judged", "info"),
    "MEC001": ("rail-overfull", "error"),
    "MEC002": ("enclosure-depth", "error"),
    "MEC003": ("rail-profile", "error"),
    "NET001": ("short-circuit", "error"),
    "WIR001": ("cross-section-range", "error"),
    "WIR002": ("ferrule-size", "error"),
    "WIR003": ("ferrule-not-listed", "warning"),
    "WIR004": ("ferrule-on-solid", "error"),
    "WIR005": ("insulated-ferrule-range", "error"),
    "WIR006": ("one-conductor-per-clamp", "error"),
    "WIR007": ("strip-length", "warning"),
    "WIR008": ("conductor-class-unrated", "warning"),
    "WIR009": ("insulation-temperature", "error"),
}
OFF_BY_DEFAULT = {"JMP005"}


@pytest.mark.parametrize("code", RULES)
def test_failing_example_fires_the_rule(code: str) -> None:
    text = example(code, "fail")
    assert text is not None, f"rules/examples/{code}.fail.json is missing"
    result = run(text)
    assert any(f.code == code and not f.waived for f in result.findings), result.findings


@pytest.mark.parametrize("code", RULES)
def test_passing_example_is_clean(code: str) -> None:
    text = example(code, "pass")
    assert text is not None, f"rules/examples/{code}.pass.json is missing"
    assert pairs(run(text)) == set()


def test_every_rule_has_a_check_and_every_check_a_rule() -> None:
    checks = set(all_checks())
    assert checks | ENGINE_CODES == set(RULES)


def test_the_contract_rule_codes_exist_with_their_names_and_severities() -> None:
    rules = load_rules()
    assert set(CONTRACT) <= set(rules), sorted(set(CONTRACT) - set(rules))
    for code, (name, severity) in CONTRACT.items():
        assert (rules[code].name, rules[code].severity) == (name, severity), code
    off = {code for code in CONTRACT if not rules[code].enabled_by_default}
    assert off == OFF_BY_DEFAULT


def test_readme_names_every_family() -> None:
    """The README describes the families; ``panelcheck rules`` lists every rule, so a
    new rule of a known family needs no README edit."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for family in sorted({info.family for info in load_rules().values()}):
        assert f"\n| {family} | {family}0" in readme, family
