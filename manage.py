#!/usr/bin/env python
import os
import sys
from pathlib import Path

# The keys `make run` and `make dev` generated for this checkout (never committed), so
# that commands such as add_staff work on the same local database. A deployment sets
# the variables itself and has no such files.
LOCAL_KEYS = {
    "DJANGO_SECRET_KEY": ".local-secret-key",
    "FIELD_ENCRYPTION_KEYS": ".local-field-key",
}


def use_local_keys():
    root = Path(__file__).resolve().parent
    found = False
    for variable, name in LOCAL_KEYS.items():
        path = root / name
        if variable not in os.environ and path.exists():
            os.environ[variable] = path.read_text().strip()
            found = True
    if found:
        os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slt_portal.settings")
    use_local_keys()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
