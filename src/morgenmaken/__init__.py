"""Morgen maken we nu! — a cooperative serious game about brede welvaart.

The package is layered: :mod:`morgenmaken.scenario` holds the scenario format and its loader,
:mod:`morgenmaken.engine` the pure, deterministic rules, and everything else (bots, simulation,
command line, front end) is a client of the engine's public API.
"""

__version__ = "0.1.0"
