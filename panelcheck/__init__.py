"""panelcheck: a design-rule checker for DIN-rail control panel layouts."""

__version__ = "0.2.0"
