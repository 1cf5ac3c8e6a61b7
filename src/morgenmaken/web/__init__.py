"""The pages and server for phones: participants of a werksessie rate on their own devices.

``app`` is the Starlette app over one :class:`~morgenmaken.table.room.Room` (the table layer),
``server`` runs it on uvicorn in a thread of the game's own process, on this machine only or on
the room's network when the facilitator starts a session for phones (the shared screen draws
the QR code of :attr:`server.RoomServer.url` itself, with segno). Templates and every script
and style are served from this package (no CDN, nothing from the internet). A client beside
``ui/``: it uses table/ and werksessie/ and never imports ui/, so a game's table can be served
the same way.
"""
