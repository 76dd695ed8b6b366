"""Which backend HEARBACK_DATABASE_URL opens (storage.open_store), read by bot/config.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_config
from storage import (
    MEMORY_URL,
    MemoryRepository,
    ShardedRepository,
    StorageError,
    UnsupportedBackendError,
    open_store,
)


@pytest.mark.parametrize("url", [None, "", "  "])
def test_no_url_opens_the_files_in_the_data_dir(tmp_path: Path, url: str | None) -> None:
    store = open_store(url, tmp_path / "data")
    try:
        assert isinstance(store, ShardedRepository)
        assert (tmp_path / "data" / "meta.json").exists()
    finally:
        store.close()


@pytest.mark.parametrize("url", [MEMORY_URL, "MEMORY://", " memory:// "])
def test_memory_url_opens_the_memory_store_and_leaves_the_disk_alone(
        tmp_path: Path, url: str) -> None:
    store = open_store(url, tmp_path / "data")
    try:
        assert isinstance(store, MemoryRepository)
        assert not (tmp_path / "data").exists()
    finally:
        store.close()


@pytest.mark.parametrize("url", ["postgresql://hb:s3cret@127.0.0.1:1/hearback",
                                 "postgres://hb:s3cret@127.0.0.1:1/hearback",
                                 "postgresql+psycopg://hb:s3cret@127.0.0.1:1/hearback"])
def test_an_unreachable_postgresql_is_reported_without_repeating_the_password(
        tmp_path: Path, url: str) -> None:
    with pytest.raises(StorageError) as info:  # the CLI prints it and exits non-zero
        open_store(url, tmp_path / "data")
    message = str(info.value)
    assert "Could not connect to the PostgreSQL database" in message
    assert "Connection refused" in message  # libpq's reason
    assert "s3cret" not in message
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(("url", "named"), [("mysql://hb:s3cret@db/x", "mysql://"),
                                            ("s3cret", "not a URL")])
def test_an_unknown_url_is_refused_naming_only_its_scheme(
        tmp_path: Path, url: str, named: str) -> None:
    with pytest.raises(UnsupportedBackendError) as info:
        open_store(url, tmp_path / "data")
    message = str(info.value)
    assert named in message and MEMORY_URL in message and "s3cret" not in message


def test_the_setting_is_read_from_the_environment_and_kept_out_of_repr() -> None:
    assert load_config({}).database_url is None
    assert load_config({"HEARBACK_DATABASE_URL": "  "}).database_url is None
    config = load_config({"HEARBACK_DATABASE_URL": " memory:// "})
    assert config.database_url == MEMORY_URL
    secret = load_config({"HEARBACK_DATABASE_URL": "postgresql://hb:s3cret@db/x"})
    assert "s3cret" not in repr(secret)
