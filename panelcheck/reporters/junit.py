"""JUnit XML: one test suite per layout file, one test case per rule that ran.

CI systems (GitLab, Jenkins, Azure DevOps, GitHub test-report actions) show test
results better than logs: a rule with findings at or above ``--fail-on`` is a failed
test case whose text lists the findings; findings below it and waived ones are
attached as ``system-out`` of a passing case. A file that cannot be read fails its
LAY000 case and skips the others, so a broken layout never looks green.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from panelcheck.findings import FileResult, Finding, printable
from panelcheck.reporters import ReportOptions, fails

# Characters XML 1.0 cannot carry, even escaped; user text in a layout may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _line(path: str, f: Finding) -> str:
    waived = f" (waived: {f.justification})" if f.waived else ""
    return _text(
        f"{printable(path)}:{f.line}:{f.column}: {f.code} {f.severity}{waived}: {f.message}"
    )


def render(results: Sequence[FileResult], options: ReportOptions) -> str:
    root = ET.Element("testsuites", name="panelcheck")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for result in results:
        suite = _suite(result, options)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _suite(result: FileResult, options: ReportOptions) -> ET.Element:
    codes = sorted(set(options.enabled) | {f.code for f in result.findings})
    suite = ET.Element("testsuite", name=_text(result.path))
    failures = skipped = 0
    for code in codes:
        info = options.rules.get(code)
        case = ET.SubElement(
            suite,
            "testcase",
            name=f"{code} {info.name if info else ''}".strip(),
            classname=_text(result.path),
            file=_text(result.path),
        )
        findings = [f for f in result.findings if f.code == code]
        failing = [f for f in findings if fails(f, options)]
        if result.invalid and code != "LAY000":
            ET.SubElement(
                case, "skipped", message="the file could not be read as a layout (LAY000)"
            )
            skipped += 1
        elif failing:
            plural = "s" if len(failing) != 1 else ""
            failure = ET.SubElement(
                case,
                "failure",
                type=code,
                message=f"{len(failing)} finding{plural}: {case.get('name')}",
            )
            failure.text = "\n".join(_line(result.path, f) for f in failing)
            failures += 1
        rest = [f for f in findings if not fails(f, options)]
        if rest:
            ET.SubElement(case, "system-out").text = "\n".join(_line(result.path, f) for f in rest)
    suite.set("tests", str(len(codes)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite
