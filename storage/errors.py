"""Start-up and storage errors. Each message names the file and says what to do."""


class StorageError(Exception):
    """Base class: the CLI prints the message and exits non-zero."""


class CorruptDataError(StorageError):
    pass


class SchemaVersionError(StorageError):
    pass


class DataDirLockedError(StorageError):
    pass


class DataDirError(StorageError):
    pass


class UnsupportedBackendError(StorageError):
    """HEARBACK_DATABASE_URL names a storage this version cannot use."""
