"""The werksessie: a team weighs the measures of a plan on the dimensions of brede welvaart.

The pure core is :mod:`.plan` (the format), :mod:`.session` (ratings, hidden until all have
rated, and the team's agreements), :mod:`.aggregate` (median, spread, weet niet) and
:mod:`.from_scenario` (plans and dimensions from a scenario's cards and themes). Loading plan
files, the comparison with the game's model, reports and screens are clients of these.
"""
