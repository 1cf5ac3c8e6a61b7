"""Launcher for people who run the game from a checkout: ``python game/main.py``.

It only puts the checkout's ``src`` on the path and hands over to the ``morgenmaken`` command,
so a checkout and an installed game behave the same.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from morgenmaken.cli import main

if __name__ == "__main__":
    main()
