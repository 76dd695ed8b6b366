"""Opening a TinyDB data directory: create it private to the owner, lock it, check who owns
what is in it, check its meta.json, upgrade a schema-1 directory, clear temp files a dead writer
left, then load the repository. Every refusal is a StorageError naming the directory or file and
saying what to do; a refusal releases the lock and changes no file.

Privacy at start-up (issue 15): the directory and its folders must be the running user's and are
made 0700, files 0600; looser modes are tightened with one warning naming them. A directory or
file owned by someone else is refused (they could read or swap it), and so is a symbolic link
anywhere inside: a link would let a write or a delete land outside the directory, and a delete
would leave the data at the link's target."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from storage.durable import atomic_write, dumps, read_json
from storage.errors import DataDirError, SchemaVersionError
from storage.lock import DataDirLock
from storage.migrate import migrate_v1
from storage.repository import (
    DEFAULT_CACHE,
    LEGACY_FILE,
    META_FILE,
    MIGRATED_FILE,
    SCHEMA_VERSION,
    USERS_DIR,
    ShardedRepository,
)

DIR_MODE = 0o700
FILE_MODE = 0o600

log = logging.getLogger("hearback.storage")


def prepare_dir(path: Path) -> None:
    """Create `path` (mode 0700) if needed; DataDirError when it cannot be used."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(
            f"Cannot create the data directory {path}: {exc.strerror}. "
            f"Set HEARBACK_DATA_DIR to a directory you can write to."
        ) from exc
    if not path.is_dir():
        raise DataDirError(f"HEARBACK_DATA_DIR {path} exists but is not a directory.")
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataDirError(
            f"The data directory {path} is not writable. Fix its permissions or set "
            f"HEARBACK_DATA_DIR to another directory."
        )


def _owner_name(uid: int) -> str:
    try:
        import pwd
        return f"{pwd.getpwuid(uid).pw_name} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


def _check_owner(path: Path, st: os.stat_result) -> None:
    if st.st_uid != os.geteuid():
        raise DataDirError(
            f"{path} belongs to {_owner_name(st.st_uid)}, not to the user running Hearback "
            f"({_owner_name(os.geteuid())}): another account could read or replace the data. "
            f"Give it to this user (chown) or set HEARBACK_DATA_DIR to a directory of your own."
        )


def secure_dir(data_dir: Path) -> None:
    """Check the data directory and everything in it: owned by this user, no symbolic links;
    folders made 0700 and files 0600 when found looser (one warning lists them). Raises
    DataDirError (changing nothing) for a link or someone else's entry."""
    top = data_dir.stat()
    _check_owner(data_dir, top)
    loose: list[tuple[Path, int]] = []
    if stat.S_IMODE(top.st_mode) & ~DIR_MODE:
        loose.append((data_dir, DIR_MODE))
    for folder, dirs, files in os.walk(data_dir, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                raise DataDirError(
                    f"{path} is a symbolic link (to {os.readlink(path)}). Hearback keeps its "
                    f"data only in real files inside {data_dir}, so that nothing is written, "
                    f"or left behind after a delete, elsewhere. Replace the link with the file "
                    f"itself, or remove it."
                )
            _check_owner(path, st)
            wanted = DIR_MODE if stat.S_ISDIR(st.st_mode) else FILE_MODE
            if stat.S_IMODE(st.st_mode) & ~wanted:
                loose.append((path, wanted))
    for path, mode in loose:
        os.chmod(path, mode)  # no link can be among them: links were refused above
    if loose:
        shown = ", ".join(str(p) for p, _ in loose[:5])
        more = f" and {len(loose) - 5} more" if len(loose) > 5 else ""
        log.warning("others could read %d item(s) of the data directory (%s%s): made them "
                    "owner-only (folders 0700, files 0600)", len(loose), shown, more)


def _check_meta(data_dir: Path) -> bool:
    """True when the directory already holds schema-2 data; raises if it holds something else."""
    meta_path = data_dir / META_FILE
    meta = read_json(meta_path)
    if meta is None:
        return False
    version = meta.get("schema")
    if version != SCHEMA_VERSION:
        raise SchemaVersionError(
            f"The data file {meta_path} has schema version {version!r}; this Hearback reads "
            f"version {SCHEMA_VERSION}. Use the matching Hearback release, or restore a "
            f"compatible backup. Nothing was changed."
        )
    return True


def _remove_leftovers(directory: Path) -> None:
    # We hold the lock, so a temp file here is from a writer that died before its rename; the
    # file it was replacing is intact.
    for leftover in directory.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


def open_repository(data_dir: Path, *, cache_size: int = DEFAULT_CACHE) -> ShardedRepository:
    """Lock the data directory and open its data; refuse with a clear error if unusable."""
    prepare_dir(data_dir)
    lock = DataDirLock(data_dir)
    _check_owner(data_dir, data_dir.stat())  # before the lock: never lock someone else's
    lock.acquire()
    try:
        secure_dir(data_dir)
        _remove_leftovers(data_dir)
        existing = _check_meta(data_dir)
        users_dir = data_dir / USERS_DIR
        if users_dir.exists():
            _remove_leftovers(users_dir)
        if not existing:
            legacy = data_dir / LEGACY_FILE
            if legacy.exists():
                # Order matters for a crash mid-way: user files, then the old file renamed,
                # then meta.json; every prefix of that is picked up correctly at the next start.
                migrate_v1(legacy, users_dir, prepare_dir)
                legacy.rename(data_dir / MIGRATED_FILE)
            prepare_dir(users_dir)
            atomic_write(data_dir / META_FILE, dumps({"schema": SCHEMA_VERSION,
                                                      "app": "hearback"}))
        elif not users_dir.is_dir():
            raise DataDirError(f"The data directory {data_dir} has {META_FILE} but no "
                               f"{USERS_DIR}/ folder. Restore it from a backup.")
        repo = ShardedRepository(data_dir, lock, cache_size=cache_size)
        repo.load()
    except OSError as exc:
        lock.release()
        raise DataDirError(f"Cannot prepare the data in {data_dir}: {exc}. Check free space "
                           f"and permissions; nothing was lost.") from exc
    except BaseException:
        lock.release()
        raise
    return repo
