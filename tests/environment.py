"""The environment the test suite runs in, set before pytest-django loads the settings.

The settings fail closed: without DJANGO_SECRET_KEY and FIELD_ENCRYPTION_KEYS nothing
starts. These keys exist for the tests alone; nothing outside tests/ ever reads them.
"""

import os

TEST_ENVIRONMENT = {
    # The local, debug-mode settings: SQLite, console mail, local-memory cache.
    "DJANGO_DEBUG": "1",
    "DJANGO_SECRET_KEY": "tests-only-secret-key-never-used-outside-the-test-suite",
    "FIELD_ENCRYPTION_KEYS": "dGVzdHMtb25seS1maWVsZC1rZXktbmV2ZXItcHJvZC4=",
}

for name, value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(name, value)
