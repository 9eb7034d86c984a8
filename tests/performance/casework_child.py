"""One step of the case-work benchmark in a Django process of its own, on one database.

    python -m tests.performance.casework_child migrate OUTPUT.json
    python -m tests.performance.casework_child build OUTPUT.json REPORTS
    python -m tests.performance.casework_child measure OUTPUT.json RUNS PURGE EXPLAIN
    python -m tests.performance.casework_child build-measure OUTPUT.json REPORTS RUNS PURGE EXPLAIN

tests/performance/casework.py starts it with the environment of that database (the
production settings, DEBUG off) and reads what it writes to OUTPUT.json. Both steps
migrate first: a built database is brought up to the migrations of the checkout (and
`migrate` does only that).
"""

import json
import os
import sys
import time
from pathlib import Path


def main():
    command, output, *args = sys.argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slt_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    # Static URLs without collectstatic's manifest (which takes longer than the smoke run):
    # the admin's pages differ only in the names of their CSS and JS files.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    found: dict = {"migrate_seconds": time.monotonic() - started}
    if command not in ("migrate", "build", "measure", "build-measure"):
        sys.exit(f"unknown command {command!r}")
    if command in ("build", "build-measure"):
        from django.utils import timezone

        from tests.performance.casework_data import build

        started = time.monotonic()

        def progress(done):
            print(f"  {done:,} reports ({time.monotonic() - started:.0f} s)", flush=True)

        found["counts"] = build(int(args.pop(0)), now=timezone.now(), progress=progress)
        found["build_seconds"] = time.monotonic() - started
    if command in ("measure", "build-measure"):
        from tests.performance.casework_measure import measure

        runs, purge, explain_all = int(args[0]), args[1] == "1", args[2] == "1"
        found.update(measure(runs=runs, purge=purge, explain_all=explain_all))
    Path(output).write_text(json.dumps(found, default=str))


if __name__ == "__main__":
    main()
