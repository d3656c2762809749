"""``python -m panelcheck`` works like the ``panelcheck`` command."""

from panelcheck.cli import main

if __name__ == "__main__":
    main()
