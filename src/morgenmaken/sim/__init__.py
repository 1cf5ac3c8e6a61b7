"""Simulation: the bots (strategies), games played headless on every core, and the balance
figures and report that tell an author whether a scenario teaches its lesson.

A client of the engine's public API like any other; nothing below (engine, scenario, table)
imports it. ``bots`` holds the strategies, ``simulate`` plays them, ``parallel`` spreads games
over the cores, ``balance`` turns games into figures and ``report`` renders them.
"""
