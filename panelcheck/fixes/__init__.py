"""``panelcheck validate --fix`` and ``--diff``: the fixes offered, made in the files.

Every finding's fix is already worked out when the file is checked: its rule proposes
it (:mod:`panelcheck.checks.remedies`), and the engine locates it in the text and
checks it again (:mod:`panelcheck.engine.offers`), so every report can offer it. This
package makes them: round by round in each file (:mod:`~panelcheck.fixes.rounds`), as a
unified diff (:mod:`~panelcheck.fixes.diff`) or written in place, whole or not at all
(:mod:`~panelcheck.fixes.writing`), for the files of a run
(:mod:`~panelcheck.fixes.files`).

Only a run that fixes imports it; nothing is imported here.
"""
