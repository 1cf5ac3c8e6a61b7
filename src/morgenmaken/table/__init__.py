"""The table: a game or werksessie *in progress* — its state, its autosave and its participants.

This is the one object every client drives (the shared screen in :mod:`morgenmaken.ui`, the
pages for phones, the text client, simulations). It holds no pygame and no web code, so clients
stay siblings: each talks to the table, none imports another. ``game`` is a game on the table,
``store`` its autosave, ``werksessie_store`` the autosave of a werksessie. Below it are only the
engine, the scenario layer and the werksessie's pure model.
"""
