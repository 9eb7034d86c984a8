"""An SQLite database and its -wal, -shm and -journal files are readable by their owner only.

The database holds more than the encrypted report fields: references, dates and categories,
staff accounts with their password hashes and TOTP secrets, sessions and the access log.
SQLite creates a database file with mode 0644 less the umask, and a -wal, -shm or -journal
file with the mode the database file has at that moment. So:

- at start-up, a database file that does not exist yet is created here with mode 0600
  (os.open), so that it is never readable by others, not even while it is still empty;
- on every new connection, before anything is written on it, the files that exist are set
  to owner-only. That also covers a database made before this module (its -wal and -shm
  are already open by then, with its old mode) and one made where the first step could not
  be taken. From then on the database file is 0600, so every -wal, -shm and -journal file
  SQLite makes is 0600 from its creation.

PostgreSQL, in-memory databases and temporary databases are left alone. gunicorn and the
worker must therefore run as the same user as the database file's owner.
"""

import logging
import os
import sqlite3
import stat

from django.db import connections
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

SUFFIXES = ("", "-wal", "-shm", "-journal")
_warned: set[str] = set()


def keep_owner_only():
    """Create missing database files owner-only and tighten the files of every new
    connection. Called once, from SltPortalConfig.ready()."""
    connection_created.connect(tighten_on_connect, dispatch_uid="slt_portal.sqlite_files")
    for alias in connections:
        connection = connections[alias]
        if connection.vendor == "sqlite":
            create_owner_only(connection.settings_dict["NAME"])


def create_owner_only(name):
    """Create the empty database file `name` with mode 0600 if it does not exist yet.

    Best effort: a missing directory or a read-only file system is left for SQLite to
    report when it connects. In-memory databases and `file:` URIs are skipped (the
    connection handler still tightens a URI's file).
    """
    path = os.fspath(name) if name else ""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        directory = os.path.dirname(os.path.abspath(path))
        # root (an image build, an administrator's manage.py check) would otherwise leave
        # a root-owned file in the service user's directory, which the service cannot open.
        if _euid() == 0 and os.stat(directory).st_uid != 0:
            return
        # O_EXCL: an existing file, or a symlink put in its place, is never opened here.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return
    os.close(descriptor)


def tighten_on_connect(sender, connection, **kwargs):
    """connection_created: make the files of the new SQLite connection owner-only."""
    if connection.vendor != "sqlite":
        return
    for path in database_files(connection.connection):
        for suffix in SUFFIXES:
            tighten(path + suffix)


def database_files(raw_connection: sqlite3.Connection) -> list[str]:
    """The absolute paths of the main and any attached database, as SQLite opened them
    (URIs and relative names resolved); in-memory and temporary databases have none."""
    rows = raw_connection.execute("PRAGMA database_list").fetchall()
    return [row[2] for row in rows if row[2]]


def tighten(path: str) -> None:
    """Take every permission away from group and others on `path`, if it exists."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except FileNotFoundError:
        return
    except OSError as error:
        # Not the owner, say. The site still works; say so once per file, not per connection.
        if path not in _warned:
            _warned.add(path)
            logger.warning("Could not make %s readable by its owner only: %s", path, error)


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1
