"""The rule set as data: part catalog (``parts/*.toml``), rule metadata (``rules.toml``)
and each rule's failing and passing example (``examples/``).

This folder holds no code; it is a package only so that it ships inside the wheel
(as ``panelcheck.rules``) and can be read with :mod:`importlib.resources`.
"""
