"""Hearback's version, as installed."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def hearback_version() -> str:
    """The installed package's version (pyproject.toml's `version`, read from the package
    metadata by importlib.metadata), or "unknown" when Hearback runs from a source tree that
    was never installed."""
    try:
        return version("hearback")
    except PackageNotFoundError:
        return "unknown"
