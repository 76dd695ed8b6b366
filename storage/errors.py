"""Start-up and storage errors. Each message names the file and says what to do."""

from bot.core.contract.ports import PartlySaved, UserDataUnreadable


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


class QuarantinedUserError(StorageError, UserDataUnreadable):
    """This user's file is damaged or unreadable and set aside (storage/quarantine.py)."""


class PartlySavedError(StorageError, PartlySaved):
    """A change spanning several files failed after some of them were written."""
