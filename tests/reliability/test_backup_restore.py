"""The backup and restore in docs/operations.md, run as written: a report sent through the
real form on the real stack is dumped and encrypted, restored into a new database and read
back with the same field keys, and the dump alone (another field key) reads nothing."""

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from urllib.parse import urlsplit

import psycopg
import pytest
from cryptography.fernet import Fernet

from tests.form_client import FormClient
from tests.live_stack import BIN, ROOT, session_database_url

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not session_database_url().startswith("postgres"),
        reason="runs the pg_dump and pg_restore procedure; SQLite is backed up as a file "
        "(docs/operations.md)",
    ),
]

OPERATIONS = ROOT / "docs" / "operations.md"
# The names the documented commands use, replaced by the test's own.
PASSPHRASE_FILE = "/etc/slt-portal/backup-passphrase"
RESTORED_NAME = "slt_portal_restored"
RESTORED_URL = "postgres://…/slt_portal_restored"
DUMP_FILE = "slt-2026-11-26.dump.enc"

CHILD_NAME = "Sigrid Testesen"
DESCRIPTION = "Hun sover i bilen på skoleplassen. Gjenkjennelig tekst 7f3a."

READ_REPORT = """
import json
from concerns.models import Report
report = Report.objects.get()
print(json.dumps([report.reference, report.child_name, report.description]))
"""


def documented_blocks():
    """The dump block and the restore block of the "Backup and restore" section."""
    text = OPERATIONS.read_text()
    section = text.split("\n## Backup and restore", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    dump = [block for block in blocks if "pg_dump" in block]
    restore = [block for block in blocks if "pg_restore" in block]
    assert len(dump) == len(restore) == 1, "one dump block and one restore block"
    return dump[0], restore[0]


def filled(block, **names):
    for documented, ours in names.items():
        assert documented in block, f"{documented!r} is no longer in the documented commands"
        block = block.replace(documented, ours)
    return block


def tool(name):
    path = shutil.which(name)
    assert path, f"{name} is not installed (.ci/run installs it)"
    return path


def bash(script, *, cwd, env):
    started = time.monotonic()
    result = subprocess.run(
        [tool("bash"), "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    return result, time.monotonic() - started


@pytest.fixture
def new_databases():
    """Names for databases the test makes; every one is dropped afterwards, even on failure."""
    base = session_database_url().rsplit("/", 1)[0]
    names = []

    def name():
        names.append(f"slt_restored_{uuid.uuid4().hex[:12]}")
        return names[-1]

    yield base, name
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for database in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_documented_backup_restores_a_readable_report(live, new_databases, tmp_path):
    base, new_database = new_databases
    stack = live()
    status, reference = FormClient(stack.url).send_report(
        child_name=CHILD_NAME, description=DESCRIPTION
    )
    assert status == 302
    assert reference is not None

    # pg_dump older than the server refuses to dump it; say so plainly.
    server = stack.database.scalar("SHOW server_version")
    for name in ("pg_restore", "createdb", "openssl"):
        tool(name)
    client = subprocess.run([tool("pg_dump"), "--version"], capture_output=True, text=True).stdout
    version = re.search(r"PostgreSQL\) (\d+)", client)
    assert version, client
    client_major = int(version.group(1))
    server_major = int(stack.database.scalar("SHOW server_version_num")) // 10000
    assert client_major >= server_major, f"{client.strip()} cannot dump server {server}"

    backups = tmp_path / "backups"
    backups.mkdir()
    passphrase = tmp_path / "backup-passphrase"
    passphrase.write_text(Fernet.generate_key().decode() + "\n")  # any random text
    server_url = urlsplit(base)
    env = {
        **os.environ,
        "DATABASE_URL": stack.database.url,
        # For the documented `createdb`, which takes the server from libpq's variables.
        "PGHOST": server_url.hostname or "127.0.0.1",
        "PGPORT": str(server_url.port or 5432),
        "PGUSER": server_url.username or "postgres",
        **({"PGPASSWORD": server_url.password} if server_url.password else {}),
    }
    dump_block, restore_block = documented_blocks()

    dumped, dump_seconds = bash(
        filled(dump_block, **{PASSPHRASE_FILE: str(passphrase)}), cwd=backups, env=env
    )
    assert dumped.returncode == 0, dumped.stderr
    [dump] = list(backups.glob("slt-*.dump.enc"))
    assert re.fullmatch(r"slt-\d{4}-\d{2}-\d{2}\.dump\.enc", dump.name)
    assert dump.stat().st_mode & 0o077 == 0, "umask 077: the dump is the owner's only"
    encrypted = dump.read_bytes()
    assert encrypted.startswith(b"Salted__")
    # The same dump unencrypted names its tables in clear; the encrypted one names nothing.
    clear = subprocess.run(
        [tool("pg_dump"), "--format=custom", stack.database.url], capture_output=True, check=True
    ).stdout
    assert b"concerns_report" in clear
    for text in ("concerns_report", CHILD_NAME, DESCRIPTION, reference):
        assert text.encode() not in encrypted, text

    restored = new_database()
    restored_url = f"{base}/{restored}"
    restore = filled(
        restore_block,
        **{
            PASSPHRASE_FILE: str(passphrase),
            DUMP_FILE: dump.name,
            RESTORED_URL: restored_url,
            RESTORED_NAME: restored,
        },
    )
    stack.stop()  # the source database is gone: the dump is all there is
    restored_run, restore_seconds = bash(restore, cwd=backups, env=env)
    assert restored_run.returncode == 0, restored_run.stderr

    def manage(*args, keys=stack.env["FIELD_ENCRYPTION_KEYS"]):
        return subprocess.run(
            [BIN / "python", "manage.py", *args],
            cwd=ROOT,
            env={**stack.env, "DATABASE_URL": restored_url, "FIELD_ENCRYPTION_KEYS": keys},
            capture_output=True,
            text=True,
            timeout=300,
        )

    migrated = manage("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    assert "No migrations to apply." in migrated.stdout

    read = manage("shell", "-c", READ_REPORT)
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout.splitlines()[-1]) == [reference, CHILD_NAME, DESCRIPTION]

    # The dump with any other field key: the personal fields do not decrypt.
    other = manage("shell", "-c", READ_REPORT, keys=Fernet.generate_key().decode())
    assert other.returncode != 0
    assert "DecryptionError" in other.stderr
    assert DESCRIPTION not in other.stdout + other.stderr
    assert CHILD_NAME not in other.stdout + other.stderr

    # The dump with a wrong passphrase: nothing is restored.
    wrong = tmp_path / "wrong-passphrase"
    wrong.write_text("not the passphrase\n")
    into = new_database()
    refused, _ = bash(
        filled(
            restore_block,
            **{
                PASSPHRASE_FILE: str(wrong),
                DUMP_FILE: dump.name,
                RESTORED_URL: f"{base}/{into}",
                RESTORED_NAME: into,
            },
        ),
        cwd=backups,
        env=env,
    )
    assert refused.returncode != 0
    assert "does not appear to be a valid archive" in refused.stderr
    with psycopg.connect(f"{base}/{into}") as conn:
        assert conn.execute("SELECT to_regclass('concerns_report')").fetchone() == (None,)

    print(
        f"\nbackup: {client.strip()}, server {server}; encrypted dump {len(encrypted)} bytes "
        f"(unencrypted {len(clear)}); dump+encrypt {dump_seconds:.2f} s, "
        f"decrypt+restore {restore_seconds:.2f} s"
    )
