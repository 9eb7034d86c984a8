"""The task worker, kept running through database outages.

django-tasks-db's `db_worker` exits when the database refuses it for longer than a
busy timeout, and nothing then sends notifications or runs the purge. This runs the
same worker and, when the database fails, waits and starts it again, with a growing
pause, for as long as the outage lasts. A stop signal still stops it.
"""

import logging
import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections

logger = logging.getLogger("concerns.worker")

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0


class Command(BaseCommand):
    help = (
        "Run the task worker (db_worker) and start it again after a database outage. "
        "Use this instead of db_worker in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    def handle(self, *args, interval, **options):
        pause = FIRST_PAUSE
        while True:
            started = time.monotonic()
            try:
                call_command("db_worker", "--no-reload", "--interval", str(interval))
            except DatabaseError as error:
                if time.monotonic() - started > LONGEST_PAUSE:
                    pause = FIRST_PAUSE  # a new outage, after a good run
                # The class is enough to act on; the text may carry connection details.
                logger.warning(
                    "task worker: database unavailable (%s); starting again in %.0f s",
                    type(error).__name__,
                    pause,
                )
                connections.close_all()
                # The stopped worker's signal handlers would only flag it; while waiting,
                # a stop signal must end the process at once.
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
                continue
            # db_worker returned: it was asked to stop.
            return
