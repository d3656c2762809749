"""A self-contained HTML page: the drawing and the findings table, linked together.

One file with its styles inline and the SVG embedded (not referenced), so it can be
attached to a ticket or archived by CI and opened anywhere, offline. Each row of the
table links to the element it concerns in the drawing (``#el-…``); the element linked
to is highlighted with CSS ``:target``, so following a link shows where the problem is.
"""

from __future__ import annotations

from html import escape

from panelcheck import __version__
from panelcheck.findings import FileResult
from panelcheck.graph import PanelGraph
from panelcheck.pictures.drawing import SEVERITY_COLOURS, element_of, render_svg
from panelcheck.reporters.text import summary

HEADER_HEIGHT = 64
_STYLE = """
body { font-family: DejaVu Sans, Arial, sans-serif; margin: 0; color: #111827; }
header { height: 64px; box-sizing: border-box; overflow: hidden; padding: 12px 24px;
         background: #1f2937; color: #f9fafb; }
header h1 { font-size: 18px; margin: 0 0 4px 0; }
header p { margin: 0; font-size: 13px; }
#drawing { overflow-x: auto; border-bottom: 1px solid #d1d5db; margin: 0; }
#drawing svg { display: block; }
g:target > rect.body { stroke: #111827; stroke-width: 4; }
rect.finding:target { stroke-width: 6; }
table { border-collapse: collapse; margin: 16px 24px; font-size: 13px; }
th, td { border: 1px solid #d1d5db; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
td.sev { font-weight: bold; }
tr.waived td { color: #6b7280; }
"""


def render_html(graph: PanelGraph, result: FileResult, title: str) -> str:
    svg = render_svg(graph, result.findings, title)
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
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1><p>{escape(result.path)}: "
        f"{escape(summary([result]))} Drawn by panelcheck {__version__}.</p></header>\n"
        f'<div id="drawing">\n{svg}</div>\n{table}\n</body>\n</html>\n'
    )
