"""``python -m panelcheck`` works like the ``panelcheck`` command."""

from panelcheck.cli import run

if __name__ == "__main__":
    run()
