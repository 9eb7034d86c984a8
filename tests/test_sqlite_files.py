"""The SQLite database and its -wal and -shm files are readable by their owner only
(slt_portal/sqlite_files.py), on a new database as on one made before."""

import json
import logging
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from slt_portal import sqlite_files
from tests.environment import TEST_ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent

# Run by `manage.py shell -c` after migrate: one write, then the modes of the files while
# the connection is still open (SQLite removes the -wal and -shm when the last one closes).
WRITE_AND_STAT = """
import json, os
from django.contrib.auth.models import Group
from django.db import connection
Group.objects.create(name="sqlite-files")
path = connection.settings_dict["NAME"]
print(json.dumps({s: os.stat(path + s).st_mode for s in ("", "-wal", "-shm") if os.path.exists(path + s)}))
"""


def manage(database, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **TEST_ENVIRONMENT, "DATABASE_URL": f"sqlite:///{database}"},
        # The usual umask, whatever the test runner's: without the module, files are 0644.
        umask=0o022,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def group_and_others(mode):
    return stat.S_IMODE(mode) & 0o077


def test_new_database_and_its_wal_are_owner_only(tmp_path):
    database = tmp_path / "x.sqlite3"
    manage(database, "migrate", "--noinput")
    modes = json.loads(manage(database, "shell", "-c", WRITE_AND_STAT).stdout.splitlines()[-1])

    assert sorted(modes) == ["", "-shm", "-wal"], "WAL mode: the write made a -wal and -shm"
    for suffix, mode in modes.items():
        assert group_and_others(mode) == 0, f"x.sqlite3{suffix} is {oct(stat.S_IMODE(mode))}"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_existing_database_is_tightened_on_the_next_connection(tmp_path, django_db_blocker):
    # A database left by earlier code: 0644, in WAL mode, with a -wal and -shm held open.
    path = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(path)) as holder:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("CREATE TABLE t (x)")
        holder.execute("INSERT INTO t VALUES (1)")
        holder.commit()
        files = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]
        for file in files:
            os.chmod(file, 0o644)

        handler = ConnectionHandler(
            {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
        )
        with django_db_blocker.unblock():
            connection = handler["default"]
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT x FROM t")
                    assert cursor.fetchall() == [(1,)]
            finally:
                connection.close()

        assert {file.name: oct(stat.S_IMODE(file.stat().st_mode)) for file in files} == {
            "old.sqlite3": "0o600",
            "old.sqlite3-wal": "0o600",
            "old.sqlite3-shm": "0o600",
        }


def test_missing_file_is_created_owner_only(tmp_path):
    path = tmp_path / "new.sqlite3"
    previous = os.umask(0o022)
    try:
        sqlite_files.create_owner_only(path)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_size == 0  # an empty file is an empty SQLite database


def test_existing_file_is_not_opened_or_changed(tmp_path):
    path = tmp_path / "kept.sqlite3"
    path.write_bytes(b"kept")
    path.chmod(0o640)
    sqlite_files.create_owner_only(str(path))
    assert path.read_bytes() == b"kept"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # tightened at connection, not here


@pytest.mark.parametrize("name", ["", ":memory:", "file:memorydb_default?mode=memory&cache=shared"])
def test_in_memory_databases_are_left_alone(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sqlite_files.create_owner_only(name)
    assert list(tmp_path.iterdir()) == []
    with closing(sqlite3.connect(name or ":memory:", uri=True)) as raw:
        assert sqlite_files.database_files(raw) == []


def test_missing_directory_is_left_for_sqlite_to_report(tmp_path):
    sqlite_files.create_owner_only(tmp_path / "no-such-directory" / "db.sqlite3")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_changed_is_reported_once(tmp_path, monkeypatch, caplog):
    path = tmp_path / "theirs.sqlite3"
    path.write_bytes(b"")
    path.chmod(0o644)

    def not_the_owner(*args):
        raise PermissionError("Operation not permitted")

    monkeypatch.setattr(sqlite_files.os, "chmod", not_the_owner)
    with caplog.at_level(logging.WARNING, logger="slt_portal.sqlite_files"):
        sqlite_files.tighten(str(path))
        sqlite_files.tighten(str(path))
    assert [record.getMessage() for record in caplog.records] == [
        f"Could not make {path} readable by its owner only: Operation not permitted"
    ]
