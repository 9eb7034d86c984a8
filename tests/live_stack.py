"""The portal as it runs in production: gunicorn and the task worker in their own processes,
with the production settings, on a database of their own.

Used by the reliability tests (load and faults) and by the benchmark. The database is
the engine the test session runs on (DATABASE_URL): a fresh PostgreSQL database or a
fresh SQLite file, created, migrated and removed by the stack.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import closing
from pathlib import Path

import psycopg
from cryptography.fernet import Fernet

from tests.smtp_sink import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def session_database_url():
    return os.environ.get("DATABASE_URL", "")


class Database:
    """A database made for one stack and dropped after it."""

    def __init__(self, tmp_path):
        base = session_database_url()
        self.name = f"slt_live_{uuid.uuid4().hex[:12]}"
        if base.startswith("postgres"):
            self.admin_url = base.rsplit("/", 1)[0] + "/postgres"
            self.url = base.rsplit("/", 1)[0] + "/" + self.name
            self.sqlite_path = None
        else:
            self.sqlite_path = tmp_path / f"{self.name}.sqlite3"
            self.url = f"sqlite:///{self.sqlite_path}"

    @property
    def is_postgres(self):
        return self.sqlite_path is None

    def create(self):
        if self.is_postgres:
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if self.is_postgres:
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql, params=()):
        """Rows of a read-only query, straight from the database the stack writes to."""
        if self.is_postgres:
            with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as conn:
                return conn.execute(sql, params).fetchall()
        assert self.sqlite_path is not None
        with closing(sqlite3.connect(self.sqlite_path, timeout=20)) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def scalar(self, sql, params=()):
        return self.query(sql, params)[0][0]


class Stack:
    """gunicorn (and, when started, db_worker) with DJANGO_DEBUG=0 on a fresh database."""

    def __init__(self, tmp_path, *, workers=2, **settings):
        self.tmp_path = tmp_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = Database(tmp_path)
        self.workers = workers
        self.logs = tmp_path / "logs"
        self.logs.mkdir(exist_ok=True)
        # Its own static files: collecting into the checkout's would race the test process.
        self.static_root = tmp_path / "static"
        self.env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "DJANGO_SECRET_KEY": Fernet.generate_key().decode(),
            "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database.url,
            "SITE_URL": self.url,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
            "PYTHONUNBUFFERED": "1",
            "STATIC_ROOT": str(self.static_root),
            "CACHE_URL": f"file://{tmp_path / 'cache'}",
            **{key: str(value) for key, value in settings.items()},
        }
        self.server = None
        self.worker = None

    def manage(self, *args, check=True):
        return subprocess.run(
            [BIN / "python", "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def prepare(self):
        self.database.create()
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")

    def _spawn(self, name, command):
        log = (self.logs / f"{name}.log").open("ab")
        return subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )

    def start_server(self):
        self.server = self._spawn(
            "gunicorn",
            [BIN / "gunicorn", "--config", "slt_portal/gunicorn.conf.py", "slt_portal.wsgi"],
        )
        self.wait_until_healthy()

    def wait_until_healthy(self, timeout=60):
        assert self.server is not None, "start_server() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.logs / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as error:
                # Up, with its database, but no worker seen yet: the web side is ready.
                if error.code == 503 and b'"database": "ok"' in error.read():
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not become healthy in time")

    def start_worker(self):
        self.worker = self._spawn(
            "worker",
            [BIN / "python", "manage.py", "run_worker", "--interval", "0.2"],
        )

    def kill_worker(self):
        """As an out-of-memory kill or a power cut would: no chance to finish anything."""
        assert self.worker is not None, "start_worker() first"
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait(timeout=10)
        self.worker = None

    @staticmethod
    def _end(process, timeout):
        """Ask a process to stop, as a service manager would; kill it if it will not."""
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_worker(self):
        self._end(self.worker, timeout=20)
        self.worker = None

    def worker_pids(self):
        """The pids of gunicorn's worker processes (children of the arbiter)."""
        assert self.server is not None, "start_server() first"
        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop_server(self):
        self._end(self.server, timeout=30)
        self.server = None

    def restart_server(self):
        """A fresh gunicorn on the same database: whitenoise sees STATIC_ROOT only at start."""
        self.stop_server()
        self.start_server()

    def stop(self):
        self.stop_worker()
        self.stop_server()
        self.database.drop()

    def log(self, name):
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self):
        try:
            self.prepare()
            self.start_server()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()
