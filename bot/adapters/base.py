"""What every adapter shares: the error it raises when it cannot start."""

from __future__ import annotations


class AdapterStartupError(Exception):
    """An adapter cannot start (token refused, port taken...): the CLI prints the message, which
    must name the problem and the fix and never contain a token, and exits non-zero."""
