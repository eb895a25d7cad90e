"""Translator tooling (`ctmanual i18n ...`): which translations are current, outdated or missing,
what changed in the source since a translation was made, structural checks, scaffolding, and a
gettext PO / XLIFF bridge.

Each translated file carries a record of the source version it was translated from (see
`records.py`), written by these commands, never by hand. The records and git history are all
that is needed: nothing else is stored.
"""
