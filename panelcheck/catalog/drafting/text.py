"""One data-sheet cell as a reader sees it: the wording to quote, and the plain text to
read values from.

Data sheets reach panelcheck as Markdown, HTML or text pulled out of a PDF, and the same
value is written in many ways: ``mm <sup>2</sup>``, ``mm2`` and ``mm²``; ``$\\leq 50
\\Omega$`` and ``≤ 50 Ω``; ``0,08`` and ``0.08``. The recognisers should see one spelling,
so :func:`plain` rewrites markup, LaTeX, Unicode variants and decimal commas into it.
Quotes must stay the sheet's own words (a citation is checked against the line), so
:func:`wording` only takes away what is markup and not wording: tags, emphasis, dollar
signs, link targets.

Everything here is a pass of fixed, bounded patterns over one cell (the caller never
hands over more than :data:`panelcheck.catalog.drafting.rows.MAX_LINE` characters): the
text is untrusted, and no pattern can backtrack over it.
"""

from __future__ import annotations

import html
import re

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
"""Control, format and bidirectional characters: not wording, and a quote or a value
holding one could hide what it says from the reviewer, so each becomes a space."""
_WORDING_MARKUP = re.compile(r"[<\[&*$\\]")
_PLAIN_MARKUP = re.compile(r"[<\[&*$\\{},…−‐‑μΩ℃\u00a0–—^]|mm")
"""Cells without any of these characters are already in their one spelling (most are):
the passes below are skipped for them."""
_TAG = re.compile(r"<[A-Za-z/!][^<>]{0,400}>")
_SUP = re.compile(r"\s{0,4}<sup>\s{0,4}([^<>]{1,12}?)\s{0,4}</sup>", re.IGNORECASE)
_SUB = re.compile(r"\s{0,4}<sub>\s{0,4}([^<>]{1,12}?)\s{0,4}</sub>", re.IGNORECASE)
_SCRIPT_AFTER_LETTER = re.compile(
    r"(?<=[A-Za-z])\s{0,4}<su[pb]>\s{0,4}([^<>]{1,12}?)\s{0,4}</su[pb]>", re.IGNORECASE
)
_LINK = re.compile(r"\[([^\[\]]{0,300})\]\([^()\s]{0,600}\)")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]{1,600})>")
_MARKDOWN_ESCAPE = re.compile(r"\\([^\w\s])")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u2009\u202f]{1,2000}")

_LATEX_WORDS = {
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "Omega": "Ω",
    "mu": "µ",
    "times": "×",
    "cdot": "·",
    "pm": "±",
    "circ": "°",
    "degree": "°",
}
_LATEX_GROUP = re.compile(r"\\(?:text|mathrm|mathit|textrm|operatorname)\s{0,2}\{([^{}]{0,80})\}")
_LATEX_WORD = re.compile(r"\\([A-Za-z]{1,12})")
_LATEX_SCRIPT = re.compile(r"([\^_])\{([^{}]{0,20})\}")
_LATEX_SPACE = re.compile(r"\\[,;:! ]")

_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_DASH_RANGE = re.compile(r"(?<=\d)\s{0,3}[–—]\s{0,3}(?=[+\-]?\d)")
_SQUARE_MM = re.compile(r"(?<=mm)(?:\s{0,2}\^\s{0,2}2|2)(?![0-9])")
_UNICODE = str.maketrans(
    {
        "…": "...",
        "−": "-",  # minus sign
        "‐": "-",
        "‑": "-",
        "μ": "µ",  # Greek mu as the micro sign
        "Ω": "Ω",  # ohm sign as capital omega
        "℃": "°C",
        "\u00a0": " ",
    }
)


def wording(cell: str) -> str:
    """The cell's words as a reader sees them: what a ``quote`` holds.

    Tags, Markdown emphasis, dollar signs and link targets go (a sub- or superscript
    after a letter joins it: "mm2", "min-1", "AgSnO2"); everything else, LaTeX commands
    included, stays as written, so the quote is found on the cited line.
    """
    cell = _INVISIBLE.sub(" ", cell)
    if _WORDING_MARKUP.search(cell) is None:
        return _SPACES.sub(" ", cell).strip()
    text = _AUTOLINK.sub(r"\1", cell)
    text = _LINK.sub(r"\1", text)
    text = _SCRIPT_AFTER_LETTER.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("**", "").replace("$", "")
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def plain(cell: str) -> str:
    """The cell in the one spelling the recognisers read (see the module's docstring)."""
    cell = _INVISIBLE.sub(" ", cell)
    if _PLAIN_MARKUP.search(cell) is None:
        return _SPACES.sub(" ", cell).strip()
    text = _AUTOLINK.sub(r"\1", cell)
    text = _LINK.sub(r"\1", text)
    text = _SUP.sub(lambda m: "^" + m.group(1).replace(" ", ""), text)
    text = _SUB.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = text.replace("**", " ").replace("$", "").replace("\\*", "")
    text = _LATEX_GROUP.sub(r"\1", text)
    text = _LATEX_SCRIPT.sub(r"\1\2", text)
    text = _LATEX_SPACE.sub(" ", text)
    text = _LATEX_WORD.sub(lambda m: _LATEX_WORDS.get(m.group(1), m.group(1)), text)
    text = text.replace("{", "").replace("}", "").translate(_UNICODE)
    text = _DECIMAL_COMMA.sub(".", text)
    text = _DASH_RANGE.sub(" ... ", text)
    text = _SQUARE_MM.sub("²", text)
    return _SPACES.sub(" ", text).strip()


def one_line(text: str, limit: int = 300) -> str:
    """``text`` made safe for a TOML comment or a message: one line, printable, short."""
    cleaned = "".join(c if c.isprintable() else " " for c in text)
    cleaned = _SPACES.sub(" ", cleaned).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
