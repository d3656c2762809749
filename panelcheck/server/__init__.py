"""``panelcheck server``: a Language Server (LSP over stdio, built on pygls) for layouts
being edited (SPEC section 13).

- :mod:`~panelcheck.server.app`: the messages it answers, checks in a worker thread;
- :mod:`~panelcheck.server.diagnostics`: findings as diagnostics;
- :mod:`~panelcheck.server.context`: where the cursor is, in text that may be broken;
- :mod:`~panelcheck.server.names`: what a layout names (modules, terminals, nets, ids);
- :mod:`~panelcheck.server.hover`, :mod:`~panelcheck.server.completion`,
  :mod:`~panelcheck.server.actions`: the answers;
- :mod:`~panelcheck.server.columns`: positions in the client's units (UTF-16);
- :mod:`~panelcheck.server.engines`: one engine per configuration, rebuilt when the
  configuration or a catalog file changes.

pygls is an optional extra (``pip install "panelcheck[server]"``), so nothing here is
imported by the command line until ``panelcheck server`` runs: the package's modules
import pygls or lsprotocol at their top, and :mod:`panelcheck.cli.server` imports them
inside the command.

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
