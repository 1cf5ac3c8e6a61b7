"""Reports of finished games for trainers: charts, an HTML file and a PDF to hand out.

:mod:`morgenmaken.debrief` computes what to say; this package lays it out — ``charts``
(matplotlib figures, also for the game window), ``html`` and ``pdf`` (the two documents),
``commands`` (``morgenmaken report`` and ``compare``) and ``examples`` (bot games as saves).
"""
