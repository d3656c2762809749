"""The CI report formats, each checked against its real consumer or official schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, engine, module, panel, row
from hypothesis import given, settings
from hypothesis import strategies as st
from junitparser import Error, Failure, JUnitXml, Skipped

from panelcheck import __version__
from panelcheck.cli import main
from panelcheck.findings import FileResult, Finding
from panelcheck.reporters import FORMATS, ReportOptions
from panelcheck.reporters import sarif as sarif_format
from panelcheck.reporters.github import escape_data, escape_property

GOLD = str(SAMPLES / "failing" / "gold.json")
SPEC = str(SAMPLES / "spec-example.json")
BROKEN = str(SAMPLES / "failing" / "merge-conflict.json")
CLEAN = str(SAMPLES / "pump-station.json")
SARIF_SCHEMA = ROOT / "tests" / "vendor" / "sarif-schema-2.1.0.json"
"""The official OASIS schema (see tests/vendor/README.md)."""


def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def sarif(*paths: str, extra: tuple[str, ...] = ()) -> dict:
    return json.loads(invoke("validate", "--format", "sarif", *extra, *paths).output)


def _choices(command: str, option: str) -> set[str]:
    param = next(p for p in main.commands[command].params if p.name == option)
    return set(param.type.choices)  # type: ignore[attr-defined]


def test_the_cli_offers_every_format_it_can_write() -> None:
    """The command line keeps light copies of the format names (``--help`` must not
    import the renderers): they must name exactly what the renderers write."""
    from panelcheck.graph import export
    from panelcheck.pictures import bom

    assert _choices("validate", "output_format") == set(FORMATS)
    assert _choices("bom", "output_format") == set(bom.FORMATS)
    assert _choices("graph", "output_format") == set(export.FORMATS)


# --- SARIF -------------------------------------------------------------------------------


@pytest.mark.parametrize("paths", [(GOLD, SPEC, BROKEN), (CLEAN,)])
def test_sarif_validates_against_the_official_schema(paths: tuple[str, ...]) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(sarif(*paths)))
    assert errors == [], [e.message for e in errors]


def test_sarif_results_have_relative_uris_regions_and_rule_metadata() -> None:
    run = sarif(GOLD)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and "GLD001" in ids and "JMP005" not in ids
    first = run["results"][0]
    assert first["ruleId"] == "GLD001" and rules[first["ruleIndex"]]["id"] == "GLD001"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "sample_panels/failing/gold.json",
        "uriBaseId": "%SRCROOT%",
    }
    assert location["region"] == {"startLine": 25, "startColumn": 9}
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri() + "/"
    assert rules[first["ruleIndex"]]["defaultConfiguration"]["level"] == "error"
    assert "gold layer" in rules[first["ruleIndex"]]["help"]["text"]


def test_sarif_levels_and_waivers() -> None:
    run = sarif(GOLD, SPEC)["runs"][0]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["GLD003"] == "warning"
    [waived] = [r for r in run["results"] if "suppressions" in r]
    assert waived["ruleId"] == "IPX003"
    assert waived["suppressions"] == [
        {"kind": "inSource", "justification": "right end is held by the duct cover clamp"}
    ]


def test_sarif_fingerprints_survive_moved_lines(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    layout = panel(*row(module("K1", "859-39")))
    first = tmp_layout(layout)
    before = sarif(str(first))["runs"][0]["results"][0]["partialFingerprints"]
    first.write_text("\n\n\n" + first.read_text())
    after = sarif(str(first))["runs"][0]["results"][0]
    assert after["partialFingerprints"] == before
    assert after["locations"][0]["physicalLocation"]["region"]["startLine"] > 3


def test_sarif_file_outside_the_working_folder_gets_an_absolute_uri(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    path = tmp_layout(panel(module("A1", "857-411")))
    location = sarif(str(path))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": path.resolve().as_uri()}


def _whole_document(results: list[FileResult], options: ReportOptions) -> str:
    """SARIF as it was written before it was streamed: the document built whole, then
    one ``json.dumps``."""
    codes = sorted(set(options.enabled) | {f.code for r in results for f in r.findings})
    index = {code: i for i, code in enumerate(codes)}
    run = {
        "tool": {
            "driver": {
                "name": "panelcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [sarif_format._rule(options.rules[code]) for code in codes],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": options.root.resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [
            sarif_format._result(r.path, f, index, sarif_format._artifact(r.path, options.root))
            for r in results
            for f in r.findings
        ],
    }
    document = {"$schema": sarif_format.SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _many_findings(count: int, path: str) -> FileResult:
    """Findings of every shape SARIF writes: waived or not, with and without subject,
    with text a JSON string must escape."""
    codes = ["LAY001", "WIR001", "IPX003", "JMP004"]
    findings = [
        Finding(
            code=codes[n % len(codes)],
            severity=("error", "warning", "info")[n % 3],
            message=f'finding {n}: "quoted", back\\slash, é²Ω, tab\there',
            subject=None if n % 5 == 0 else f"K{n}<&>",
            pointer=f"/rails/0/items/{n}",
            line=n + 1,
            column=n % 7 + 1,
            waived=n % 4 == 0,
            justification="a reason" if n % 8 == 0 else None,
        )
        for n in range(count)
    ]
    return FileResult(path, findings)


def _sarif_options() -> ReportOptions:
    checker = engine()
    return ReportOptions(rules=checker.rules, enabled=frozenset(checker.enabled), root=Path.cwd())


@pytest.mark.parametrize("count", [0, 1, 199, 200, 201, 1000])
def test_sarif_in_pieces_is_what_the_whole_document_was(count: int) -> None:
    results = [
        _many_findings(count, GOLD),
        FileResult(CLEAN, []),
        _many_findings(count // 3, "/elsewhere/panel.json"),
    ]
    options = _sarif_options()
    pieces = list(sarif_format.render_chunks(results, options))
    assert "".join(pieces) == _whole_document(results, options)
    assert sarif_format.render(results, options) == "".join(pieces)
    assert len(pieces) >= count // sarif_format._PIECE


def test_sarif_of_no_files_is_what_the_whole_document_was() -> None:
    options = _sarif_options()
    assert sarif_format.render([], options) == _whole_document([], options)


def test_sarif_of_many_results_validates_against_the_official_schema() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    document = json.loads(sarif_format.render([_many_findings(450, GOLD)], _sarif_options()))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(document))
    assert errors == [], [e.message for e in errors]
    assert len(document["runs"][0]["results"]) == 450


# --- JUnit -------------------------------------------------------------------------------


def _junit(*args: str) -> JUnitXml:
    return JUnitXml.fromstring(invoke("validate", "--format", "junit", *args).output.encode())


def test_junit_has_one_suite_per_file_and_one_case_per_rule() -> None:
    xml = _junit("--select", "GLD,IPX003", GOLD, CLEAN)
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {GOLD, CLEAN}
    gold = suites[GOLD]
    cases = {case.name: case for case in gold}
    assert set(cases) == {
        "GLD001 gold-contact-voltage",
        "GLD002 gold-contact-current",
        "GLD003 below-minimum-load",
        "IPX003 missing-end-stop",
        "LAY000 invalid-layout",
    }
    [failure] = cases["GLD001 gold-contact-voltage"].result
    assert isinstance(failure, Failure) and failure.type == "GLD001"
    assert failure.text.count("GLD001 error") == 2
    assert cases["GLD003 below-minimum-load"].is_passed  # a warning does not fail
    assert "GLD003 warning" in cases["GLD003 below-minimum-load"].system_out
    assert gold.tests == 5 and gold.failures == 2
    assert all(case.is_passed for case in suites[CLEAN])


def test_junit_fail_on_warning_fails_the_warning_case() -> None:
    xml = _junit("--select", "GLD003", "--fail-on", "warning", GOLD)
    [suite] = list(xml)
    case = next(c for c in suite if c.name.startswith("GLD003"))
    assert isinstance(case.result[0], Failure)


def test_junit_invalid_file_fails_lay000_and_skips_the_rest() -> None:
    [suite] = list(_junit(BROKEN))
    results = {case.name.split()[0]: case.result for case in suite}
    assert isinstance(results["LAY000"][0], Failure)
    assert all(isinstance(r[0], Skipped) for code, r in results.items() if code != "LAY000")
    assert not any(isinstance(r, Error) for rs in results.values() for r in rs)


def test_junit_survives_control_characters_in_layout_text(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    path = tmp_layout(panel(*row(module("K\x01", "859-390"))))
    xml = _junit(str(path))
    assert sum(suite.tests for suite in xml) > 0


# --- GitHub ------------------------------------------------------------------------------


def _unescape(value: str) -> str:
    """What the Actions runner does to a command's data and properties."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


@settings(max_examples=200)
@given(st.text())
def test_github_escaping_round_trips_through_the_runner_rules(text: str) -> None:
    data = escape_data(text)
    prop = escape_property(text)
    assert "\n" not in data and "\r" not in data
    assert "," not in prop and ":" not in prop and "\n" not in prop
    assert _unescape(data) == text and _unescape(prop) == text


def test_github_annotations_are_one_command_per_finding() -> None:
    lines = invoke("validate", "--format", "github", GOLD).output.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 4
    assert commands[0].startswith(
        "::error file=sample_panels/failing/gold.json,line=25,col=9,title=GLD001::K1 (859-386)"
    )
    assert commands[2].startswith("::warning ")
    assert lines[-1] == "1 file checked: 3 errors, 1 warning."


def test_github_format_is_chosen_under_github_actions() -> None:
    out = invoke("validate", GOLD, env={"GITHUB_ACTIONS": "true"}).output
    assert out.startswith("::error file=")
    assert invoke(
        "validate", "--format", "text", GOLD, env={"GITHUB_ACTIONS": "true"}
    ).output.startswith(GOLD)


# --- output, statistics, quiet, exit status ----------------------------------------------


def test_output_file_is_written_whole_and_nothing_else_is_left(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "panelcheck.sarif"
    target.parent.mkdir()
    result = invoke("validate", "--format", "sarif", "--output", str(target), GOLD)
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert os.listdir(target.parent) == ["panelcheck.sarif"]


def test_output_to_an_unwritable_place_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "-o", str(tmp_path / "no" / "r.txt"), GOLD])
    assert result.exit_code == 2 and "cannot write" in result.output


def test_output_onto_a_layout_is_refused(tmp_layout) -> None:  # type: ignore[no-untyped-def]
    path = tmp_layout(panel(*row(module("K1"))))
    before = path.read_text()
    result = CliRunner().invoke(main, ["validate", "--output", str(path), str(path)])
    assert result.exit_code == 2 and "never writes a layout file" in result.output
    assert path.read_text() == before


def test_statistics_count_per_rule() -> None:
    out = invoke("validate", "--statistics", GOLD).output.splitlines()
    assert out[0].split() == ["2", "GLD001", "error", "gold-contact-voltage"]
    assert out[-1] == "1 file checked: 3 errors, 1 warning."
    data = json.loads(invoke("validate", "--statistics", "--format", "json", GOLD).output)
    assert data["statistics"][0] == {
        "code": "GLD001",
        "name": "gold-contact-voltage",
        "severity": "error",
        "count": 2,
    }


def test_statistics_only_with_text_or_json() -> None:
    result = CliRunner().invoke(main, ["validate", "--statistics", "--format", "sarif", GOLD])
    assert result.exit_code == 2


def test_quiet_prints_findings_only() -> None:
    assert invoke("validate", "-q", CLEAN).output == ""
    lines = invoke("validate", "--quiet", GOLD).output.splitlines()
    assert len(lines) == 4 and all("gold.json:" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "status"),
    [
        ((), 1),
        (("--exit-zero",), 0),
        (("--select", "GLD003"), 0),
        (("--select", "GLD003", "--fail-on", "warning"), 1),
        (("--select", "GLD003", "--fail-on", "info"), 1),
        (("--ignore", "GLD"), 0),
    ],
)
def test_fail_on_and_exit_zero(args: tuple[str, ...], status: int) -> None:
    assert invoke("validate", *args, GOLD).exit_code == status


def test_exit_zero_does_not_hide_an_unreadable_file() -> None:
    assert invoke("validate", "--exit-zero", BROKEN).exit_code == 2


def test_extend_select_adds_a_rule_that_is_off_by_default() -> None:
    jumpers = str(SAMPLES / "failing" / "jumpers.json")
    codes = {
        f["code"]
        for f in json.loads(
            invoke("validate", "--format", "json", "--extend-select", "JMP005", jumpers).output
        )["files"][0]["findings"]
    }
    assert "JMP005" in codes and "NET001" in codes
