"""Clients that play through the table other than the shared screen: ``text`` is the terminal
client. Each is a sibling of :mod:`morgenmaken.ui`; none imports another client.
"""
