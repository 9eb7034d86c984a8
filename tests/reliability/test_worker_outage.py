"""The task worker rides out a database outage of more than a minute and goes on by itself.

Before, django-tasks-db's worker exited after 12 s of PostgreSQL refusing connections or
25 s of SQLite locked past its busy timeout, and nothing was sent afterwards. Here the
worker (`manage.py run_worker`) meets a 65-second outage, then a new report must be
mailed by the same, still running, process.
"""

import sqlite3
import threading
import time
from contextlib import closing

from tests.form_client import FormClient
from tests.reliability.observe import mailed_references, wait_for
from tests.reliability.tcp_cut import CuttingProxy

OUTAGE_SECONDS = 65


def lock_sqlite(path, seconds):
    """Hold SQLite's write lock, as a long-running writer elsewhere would."""
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as conn:
        conn.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        conn.execute("ROLLBACK")


def refuse_postgres(proxy_port, seconds, holder):
    """PostgreSQL, as the worker sees it through the forwarder, refuses every connection."""
    holder["proxy"].close()
    time.sleep(seconds)
    holder["proxy"] = CuttingProxy(5432, port=proxy_port)


def test_the_worker_rides_out_a_database_outage_of_over_a_minute(live, sink):
    sink.start()
    stack = live(NOTIFICATION_SWEEP_SECONDS=5)
    holder = {}
    if stack.database.is_postgres:
        holder["proxy"] = CuttingProxy(5432)
        port = holder["proxy"].port
        stack.env["DATABASE_URL"] = (
            f"postgres://postgres@127.0.0.1:{port}/{stack.database.name}?sslmode=disable"
        )
        outage = threading.Thread(target=refuse_postgres, args=(port, OUTAGE_SECONDS, holder))
    else:
        outage = threading.Thread(
            target=lock_sqlite, args=(stack.database.sqlite_path, OUTAGE_SECONDS)
        )
    try:
        stack.start_worker()
        wait_for(
            lambda: stack.database.scalar("SELECT COUNT(*) FROM concerns_workerheartbeat") == 1,
            timeout=60,
            what="the worker's first heartbeat",
        )
        outage.start()
        outage.join()
        assert stack.worker is not None and stack.worker.poll() is None, stack.log("worker")

        client = FormClient(stack.url)
        status, reference = client.send_report()
        assert status == 302
        wait_for(
            lambda: mailed_references(sink).get(reference) == 1,
            timeout=90,
            what="the notification of a report sent after the outage",
        )
        assert stack.worker.poll() is None
        assert "database unavailable" in stack.log("worker")
    finally:
        if "proxy" in holder:
            holder["proxy"].close()
