"""Reports of finished games for trainers: charts, an HTML file and a PDF to hand out.

``debrief`` computes what to say (the debrief as data); the rest lays it out — ``charts``
(matplotlib figures, also for the game window), ``html`` and ``pdf`` (the two documents),
``commands`` (``morgenmaken report`` and ``compare``) and ``examples`` (bot games as saves).
"""
