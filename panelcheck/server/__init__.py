"""``panelcheck server``: a Language Server (LSP over stdio, built on pygls) that shows
the findings of a layout as diagnostics while it is edited (SPEC section 13).

This first slice publishes diagnostics only; hover, completion and code actions are not
there yet. pygls is an optional extra (``pip install "panelcheck[server]"``), so nothing
here is imported by the command line until ``panelcheck server`` runs: the package's
modules import pygls at their top, and :mod:`panelcheck.cli.server` imports them inside
the command.

Waived findings are not shown at all (rather than as hints tagged unnecessary): a
waiver says the finding was looked at and accepted, and the editor should not keep
pointing at it.
"""

from __future__ import annotations

RULE_URL = "https://panelcheck.invalid/rules/{code}"
"""Where a diagnostic's ``codeDescription.href`` points: a stable, URL-like anchor per
rule code (``.invalid`` is reserved, so it never resolves to someone else's page). The
explanation itself is ``panelcheck rule CODE``; an editor shows the code as a link."""

__all__ = ["RULE_URL"]
