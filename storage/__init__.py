"""Storage: the only package that touches the data files. `open_store` picks the backend from
HEARBACK_DATABASE_URL: the TinyDB files (`ShardedRepository`, opened by `open_repository`),
PostgreSQL (`storage.postgres.PostgresRepository`, imported only when chosen) or memory
(`MemoryRepository`); all implement bot.core.contract.ports.Repository."""

from storage.datadir import open_repository
from storage.errors import (
    CorruptDataError,
    DataDirError,
    DataDirLockedError,
    PartlySavedError,
    QuarantinedUserError,
    SchemaVersionError,
    StorageError,
    UnsupportedBackendError,
)
from storage.memory import MemoryRepository
from storage.repository import SCHEMA_VERSION, ShardedRepository
from storage.store import MEMORY_URL, open_store

__all__ = [
    "MEMORY_URL",
    "SCHEMA_VERSION",
    "CorruptDataError",
    "DataDirError",
    "DataDirLockedError",
    "MemoryRepository",
    "PartlySavedError",
    "QuarantinedUserError",
    "SchemaVersionError",
    "ShardedRepository",
    "StorageError",
    "UnsupportedBackendError",
    "open_repository",
    "open_store",
]
