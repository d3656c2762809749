"""A self-contained HTML page: the drawing and the findings table, linked together.

One file with its styles inline and the SVG embedded (not referenced), so it can be
attached to a ticket or archived by CI and opened anywhere, offline. Each row of the
table links to the element it concerns in the drawing (``#el-…``); the element linked
to is highlighted with CSS ``:target``, so following a link shows where the problem is.

The findings are never below the fold. Where the window is wide enough for the drawing
and a readable table side by side (the drawing's width plus :data:`PANEL_MIN_WIDTH`),
the table is a panel beside the drawing that stays in view (``position: sticky``) while
the drawing scrolls; in a narrower window it comes first, above the drawing, and at
most :data:`STACKED_PANEL_VH` % of the window high (scrolling inside), so the drawing
starts on the first screen too. The breakpoint is written into each page from its own
drawing's width: a CSS media query cannot ask how wide the SVG is. No script is needed.
"""

from __future__ import annotations

from html import escape

from panelcheck import __version__
from panelcheck.findings import FileResult
from panelcheck.graph import PanelGraph
from panelcheck.pictures.drawing import SEVERITY_COLOURS, draw, element_of
from panelcheck.reporters.text import summary

HEADER_HEIGHT = 64
PANEL_MIN_WIDTH = 420
"""The narrowest findings panel beside the drawing, in CSS pixels: below it the message
column would wrap a word a line."""
STACKED_PANEL_VH = 40
"""How much of the window's height the findings may take above the drawing."""
PANEL_BACKGROUND = "#f5f7fa"
"""The findings panel's background: tells it from the drawing's white at a glance."""
_STYLE = """
body { font-family: DejaVu Sans, Arial, sans-serif; margin: 0; color: #111827; }
header { height: 64px; box-sizing: border-box; overflow: hidden; padding: 12px 24px;
         background: #1f2937; color: #f9fafb; }
header h1 { font-size: 18px; margin: 0 0 4px 0; }
header p { margin: 0; font-size: 13px; }
#report { display: flex; flex-direction: column; }
#drawing { overflow-x: auto; margin: 0; }
#drawing svg { display: block; }
#findings { order: -1; max-height: %(stacked)svh; overflow: auto; box-sizing: border-box;
            background: %(panel)s; border-bottom: 1px solid #d1d5db; }
#findings h2 { font-size: 15px; margin: 12px 24px 0 24px; }
@media (min-width: %(side)spx) {
  #report { display: grid; grid-template-columns: max-content minmax(0, 1fr);
            align-items: start; }
  #findings { order: 0; position: sticky; top: 0; align-self: start; max-height: 100vh;
              min-height: calc(100vh - 64px); border-bottom: 0;
              border-left: 1px solid #d1d5db; }
}
g:target > rect.body { stroke: #111827; stroke-width: 4; }
rect.finding:target { stroke-width: 6; }
table { border-collapse: collapse; margin: 12px 24px 16px 24px; font-size: 13px;
        background: #ffffff; }
th, td { border: 1px solid #d1d5db; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #e5e7eb; }
td.sev { font-weight: bold; }
tr.waived td { color: #6b7280; }
"""


def render_html(graph: PanelGraph, result: FileResult, title: str) -> str:
    drawing = draw(graph, result.findings, title)
    by_pointer: dict[str, object] = {n.pointer: n for n in graph.nodes.values()}
    rows = []
    for n, f in enumerate(result.findings, 1):
        element = element_of(graph, f, by_pointer)
        subject = escape(f.subject or "")
        link = f'<a href="#{element}">{subject or "drawing"}</a>' if element else subject
        colour = SEVERITY_COLOURS[f.severity]
        waived = " (waived)" if f.waived else ""
        rows.append(
            f'<tr id="finding-{n}" class="{"waived" if f.waived else f.severity}">'
            f"<td>{n}</td><td>{escape(f.code)}</td>"
            f'<td class="sev" style="color:{colour}">{f.severity}{waived}</td>'
            f"<td>{link}</td><td>{f.line}:{f.column}</td><td>{escape(f.message)}</td></tr>"
        )
    table = (
        "<table><thead><tr><th>#</th><th>code</th><th>severity</th><th>element</th>"
        "<th>line:col</th><th>message</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        if rows
        else "<p style='margin:16px 24px'>No findings.</p>"
    )
    style = _STYLE % {
        "stacked": STACKED_PANEL_VH,
        "panel": PANEL_BACKGROUND,
        "side": f"{drawing.width + PANEL_MIN_WIDTH:g}",
    }
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1><p>{escape(result.path)}: "
        f"{escape(summary([result]))} Drawn by panelcheck {__version__}.</p></header>\n"
        f'<div id="report">\n<div id="drawing">\n{drawing.text}</div>\n'
        f'<aside id="findings"><h2>Findings</h2>\n{table}\n</aside>\n</div>\n</body>\n</html>\n'
    )
