"""Storage: the only package that touches the data files."""

from storage.errors import (
    CorruptDataError,
    DataDirError,
    DataDirLockedError,
    SchemaVersionError,
    StorageError,
)
from storage.repository import SCHEMA_VERSION, ShardedRepository, open_repository

__all__ = [
    "SCHEMA_VERSION",
    "CorruptDataError",
    "DataDirError",
    "DataDirLockedError",
    "SchemaVersionError",
    "ShardedRepository",
    "StorageError",
    "open_repository",
]
