"""The pygame front end: one shared screen on which a team plays a whole game.

It is a client of the engine's public API and holds no rules of its own. Modules are small and
named after what they hold: ``app`` (window, loop, scenes), ``layout`` (every size derived from
the window), ``palette`` / ``fonts`` / ``theme`` (how things look), ``wording`` (how the
engine's facts are put into words) and ``scenes/`` (what a team sees). The game it shows and its
autosave live below it, in :mod:`morgenmaken.table`.
"""

from __future__ import annotations

import os

# pygame-ce prints a banner on import; players and test logs do not need it.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
