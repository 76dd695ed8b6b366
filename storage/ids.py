"""Record ids, the same for every backend."""

from __future__ import annotations

import os


def new_id() -> str:
    """12 hex digits (48 random bits): ids are keys across all users (collisions ~1e-4 at a
    million records) and short enough for Telegram's 64-byte button data."""
    return os.urandom(6).hex()
