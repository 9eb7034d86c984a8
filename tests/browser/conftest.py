"""Fixtures for the tests that drive a real Chromium through Playwright.

One Chromium is started for all the browser tests; they open their own
contexts and pages. The browser is Debian's (``apt-get install chromium``) and
axe-core comes from npm (``npm ci``): Playwright's own browser download needs
the internet, which this project's machines do not have.

A missing browser or axe-core fails the run under CI (``CI=true``), so CI can
never go green without running these tests; on a developer's machine the
browser tests are skipped with a message saying how to install what is missing.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_EXECUTABLE", "/usr/bin/chromium"))
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]

# Pages are loaded against the live server in one test process; a stuck page
# should fail its test quickly instead of stalling the suite.
TIMEOUT_MS = 15_000

_unavailable: list[str] = []


def _chromium_missing():
    if CHROMIUM.is_file():
        return None
    return (
        f"Chromium was not found at {CHROMIUM}. Install it with `apt-get install chromium` "
        "(Debian's package; Playwright's own browser download does not work without the "
        "internet), or point CHROMIUM_EXECUTABLE at a Chromium binary."
    )


def _axe_missing():
    if AXE_JS.is_file():
        return None
    return (
        f"axe-core was not found at {AXE_JS}. Install the npm packages with `npm ci` "
        "(or `make install`); package.json pins axe-core."
    )


def _require(problem):
    """Fail under CI, skip loudly elsewhere, when something the browser tests need is missing."""
    if problem is None:
        return
    message = "BROWSER TESTS NOT RUN: " + problem
    if os.environ.get("CI") == "true":
        pytest.fail(message + " Under CI (CI=true) this is a failure, never a skip.", pytrace=False)
    if message not in _unavailable:
        _unavailable.append(message)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter):
    """Repeat the reason at the very end, so a skipped browser suite is not missed."""
    for message in _unavailable:
        terminalreporter.section("browser tests skipped", sep="!", red=True, bold=True)
        terminalreporter.write_line(message, red=True, bold=True)


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One headless Chromium for all the browser tests.

    Package scope: Playwright (and the event loop it keeps marked as running in
    this thread) is stopped when the browser tests are done, before the rest of
    the test session goes on.
    """
    from django.db import connections

    _require(_chromium_missing())
    # Between its calls, Playwright's sync API marks its event loop as running in
    # this thread, and Django then keeps database connections per async context
    # instead of per thread: the test thread would get new connection objects,
    # without the serialized migration content that serialized rollback restores
    # (the data would be flushed after the first test and never come back). So
    # the test database is set up first, and the same connections are handed over.
    before = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        # Django refuses ORM calls from a thread with a running event loop. The
        # tests only touch the database through pytest-django's set-up and
        # tear-down, never concurrently; the rest of the session keeps the check.
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in before.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source():
    _require(_axe_missing())
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def site(live_server, transactional_db, django_db_serialized_rollback):
    """The live server's base URL, with the migration-loaded content in its database.

    The live server runs in another thread, so the tests need a transactional
    database; serialized rollback restores the content that data migrations
    created, which a transactional test's flush would otherwise remove.
    """
    return live_server.url


@pytest.fixture(scope="package")
def open_context(browser):
    """Open a browser context: desktop-sized unless told otherwise, with short timeouts."""

    def open_(**options):
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        return context

    return open_


@pytest.fixture
def new_context(open_context):
    """Open browser contexts that are closed at the end of the test."""
    contexts = []

    def make(**options):
        context = open_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A fresh page in an ordinary context: the site's Content-Security-Policy applies."""
    return new_context().new_page()
