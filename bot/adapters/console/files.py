"""The files a terminal reply carries (an export, the `stats` chart), saved owner-only.

A folder that others may write into is refused (another account could plant or swap files in
it); a full disk or a folder it may not write to is reported to the user in place of the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bot.core.contract.messages import Attachment, Reply
from storage.durable import atomic_write


class ExportRefused(Exception):
    """The export folder is not safe to write into (someone else's, or others may write there);
    the message names it and says what to do."""


def _export_folder(folder: Path) -> None:
    """Create `folder` (0700) or check the existing one: it must be a folder of this user that
    nobody else may write into, else another account could plant or swap files in it."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = folder.stat()
    if not stat.S_ISDIR(st.st_mode):
        raise ExportRefused(f"{folder} is not a folder")
    if st.st_uid != os.geteuid():
        raise ExportRefused(f"{folder} belongs to another user (uid {st.st_uid})")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ExportRefused(f"others may write into {folder} "
                            f"(mode {stat.S_IMODE(st.st_mode):o}; chmod 700 fixes it)")


def write_private(path: Path, data: bytes) -> None:
    """Write `path` so that only its owner can ever read it (storage.durable.atomic_write: a
    fresh O_EXCL | O_NOFOLLOW temp file, mode 0600, renamed over `path`; a link or a readable
    file at `path` is replaced, never followed or reused). Raises OSError when that fails."""
    atomic_write(path, data)


def save_attachment(att: Attachment, folder: Path) -> Path:
    """A file a reply carries (an export), written owner-only into `folder` (see
    write_private). Raises ExportRefused for an unsafe folder, OSError when the disk refuses."""
    _export_folder(folder)
    path = folder / Path(att.filename).name  # never a path from the reply itself
    write_private(path, att.data)
    return path


def save_attachments(reply: Reply, folder: Path) -> tuple[list[Path], str | None]:
    """Save every file of `reply`; returns the paths saved and, if one could not be, what to
    tell the user about it (the files after it are not tried)."""
    saved: list[Path] = []
    for att in reply.attachments:
        try:
            saved.append(save_attachment(att, folder))
        except ExportRefused as exc:
            return saved, (f"{att.filename} not saved: {exc}. Run Hearback from another "
                           f"folder to get the files.")
        except OSError as exc:
            return saved, (f"{att.filename} could not be saved in {folder}: {why(exc)}. "
                           f"Free some space or fix the folder's permissions, then type "
                           f"export again.")
    return saved, None


def why(exc: OSError) -> str:
    """An OS error in a few words for the user ("No space left on device")."""
    return exc.strerror or type(exc).__name__
