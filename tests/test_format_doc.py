"""docs/format.md and the README's small layout say what panelcheck does.

Every ```json block of docs/format.md is JSON (a whole layout, or the members of one,
like ``"nets": {...}``). Each whole layout (one with a ``"format"``) is checked with every
rule: it gives no counted finding, unless an HTML comment on the line before the block,
``<!-- findings: JMP004 -->``, names the codes it gives (exactly those). The complete
example is ``sample_panels/format-example.json``, character for character, and the
claims made around the feed and bad-input examples are checked here too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, pairs, run

from panelcheck.cli import main
from panelcheck.read.format import json_schema

DOC = ROOT / "docs" / "format.md"
README = ROOT / "README.md"
COMPLETE = SAMPLES / "format-example.json"

_BLOCK = re.compile(
    r"(?:<!-- findings: (?P<codes>[A-Z0-9, ]+) -->\n)?```json\n(?P<text>.*?)```", re.S
)


@dataclass(frozen=True)
class Block:
    """A ```json block: where it starts, its text, and the codes its marker names."""

    where: str
    line: int
    text: str
    codes: frozenset[str]

    def data(self) -> Any:
        """The block as JSON: a whole value, or the members of an object."""
        try:
            return json.loads(self.text)
        except json.JSONDecodeError:
            return json.loads("{" + self.text + "}")

    def is_layout(self) -> bool:
        data = self.data()
        return isinstance(data, dict) and "format" in data


def blocks(text: str, where: str) -> list[Block]:
    found = []
    for match in _BLOCK.finditer(text):
        codes = {c.strip() for c in (match["codes"] or "").split(",") if c.strip()}
        line = text.count("\n", 0, match.start("text"))
        found.append(Block(where, line, match["text"], frozenset(codes)))
    return found


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    following = re.search(r"\n#{1,3} ", text[start + len(heading) + 2 :])
    return text[start : start + len(heading) + 2 + (following.start() if following else len(text))]


DOC_BLOCKS = blocks(DOC.read_text(encoding="utf-8"), "format.md")
LAYOUTS = [b for b in DOC_BLOCKS if b.is_layout()]
README_LAYOUTS = [
    b
    for b in blocks(_section(README.read_text(encoding="utf-8"), "### The layout file"), "README")
    if b.is_layout()
]


def _name(block: Block) -> str:
    return f"{block.where}:{block.line}"


def _marked(code: str) -> Block:
    (block,) = [b for b in LAYOUTS if code in b.codes]
    return block


def test_the_doc_has_its_examples() -> None:
    assert len(DOC_BLOCKS) >= 10
    assert len(LAYOUTS) >= 5
    assert len(README_LAYOUTS) == 1


@pytest.mark.parametrize("block", DOC_BLOCKS, ids=_name)
def test_every_json_block_is_json(block: Block) -> None:
    assert isinstance(block.data(), dict)


@pytest.mark.parametrize("block", LAYOUTS + README_LAYOUTS, ids=_name)
def test_every_whole_layout_gives_what_the_doc_says(block: Block) -> None:
    result = run(block.text)
    assert {f.code for f in result.counted()} == block.codes, [f.message for f in result.counted()]
    assert result.invalid == ("LAY000" in block.codes)


@pytest.mark.parametrize(
    "block",
    [b for b in LAYOUTS + README_LAYOUTS if "LAY000" not in b.codes],
    ids=_name,
)
def test_every_valid_layout_passes_the_editor_schema(block: Block) -> None:
    """What an editor pointed at ``panelcheck schema`` would say of the same layout."""
    validator = jsonschema.Draft202012Validator(json_schema())
    errors = [e.message for e in validator.iter_errors(block.data())]
    assert errors == []


def test_the_complete_example_is_the_sample_file_and_clean() -> None:
    text = COMPLETE.read_text(encoding="utf-8")
    assert [b.text for b in LAYOUTS].count(text) == 1
    result = run(text)
    assert result.counted() == [] and not result.invalid
    assert [(f.code, f.subject, f.waived) for f in result.findings] == [("IPX003", "X1", True)]
    cli = CliRunner().invoke(main, ["validate", "--select", "ALL", str(COMPLETE)])
    assert cli.exit_code == 0, cli.output
    assert "no findings (1 waived)" in cli.output


def test_the_complete_example_shows_the_format() -> None:
    """It is the realistic one: two rails, relays, isolation amplifiers, a device,
    jumpers, ferrules, loads of several kinds, a waiver, feeds and an x- key."""
    layout = json.loads(COMPLETE.read_text(encoding="utf-8"))
    items = [item for rail in layout["rails"] for item in rail["items"]]
    assert len(layout["rails"]) == 2
    assert {i["part"] for i in items if i["type"] == "module"} == {"859-390", "857-411"}
    assert any(i["type"] == "device" for i in items)
    assert all(rail["jumpers"] for rail in layout["rails"])
    assert any("ferrule" in w for w in layout["wires"])
    assert {load.get("kind") for load in layout["loads"]} >= {"inductive", "lamp", "signal"}
    assert layout["waivers"] and any("feed" in net for net in layout["nets"].values())
    assert any(key.startswith("x-") for key in layout)


def test_the_feed_example_holds() -> None:
    """Fed at its end the bar carries 21 A, fed in the middle 12 A (clean), and without
    a feed all 24 A (worst case), as the doc says."""
    layout = json.loads(_marked("JMP004").text)
    (end,) = [f.message for f in run(layout).counted()]
    assert "21 A" in end and "JB1" in end
    layout["nets"]["L1"]["feed"] = "K4:11"
    assert pairs(run(layout)) == set()
    del layout["nets"]["L1"]["feed"]
    (worst,) = [f.message for f in run(layout).counted()]
    assert "24 A" in worst and "worst case" in worst


def test_the_bad_input_example_is_checked_past_its_errors() -> None:
    result = run(_marked("LAY000").text)
    assert result.invalid
    assert sorted(f.code for f in result.counted()) == ["LAY000", "LAY000", "LAY003"]
    assert ("LAY003", "K1") in pairs(result)


def _properties(schema: Any) -> set[str]:
    """Every property name anywhere in a JSON Schema."""
    names: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                names |= set(node["properties"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return names


def test_the_doc_names_every_field_of_the_format() -> None:
    """A field added to the format must be documented (in backquotes, as `field`)."""
    doc = DOC.read_text(encoding="utf-8")
    missing = sorted(name for name in _properties(json_schema()) if f"`{name}`" not in doc)
    assert missing == []


def test_the_doc_gives_the_schema_recipe() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert "panelcheck schema > panelcheck.schema.json" in doc
    assert any(b.data().get("$schema") == "./panelcheck.schema.json" for b in LAYOUTS)


def test_the_readme_links_the_format_doc() -> None:
    section = _section(README.read_text(encoding="utf-8"), "### The layout file")
    assert "(docs/format.md)" in section
    assert "specification" not in section
