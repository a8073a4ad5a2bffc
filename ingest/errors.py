"""Errors a user can act on; the CLI prints them as one line naming the file."""


class IngestError(Exception):
    """A file could not be ingested; the message says why in plain words."""
