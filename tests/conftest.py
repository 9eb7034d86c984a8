"""Shared fixtures: the people who use the portal.

The public pages they visit are found by walking the URL resolver: tests/public_urls.py.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY

from concerns.models import StaffMember
from concerns.roles import permissions_for
from levels.models import Unit
from slt_portal.models import Authenticator


# First, so that `-m "not live"` deselects by the marks given here.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark the tests that start the real stack, so that `make check` can leave them out."""
    for item in items:
        starts_stack = (
            "live" in getattr(item, "fixturenames", ())
            or item.path.name == "test_page_cache_live.py"
        )
        if starts_stack or item.path.parent.name == "performance":
            item.add_marker(pytest.mark.live)
        restore_content_after_flush(item)


def restore_content_after_flush(item):
    """A transactional test empties every table when it ends, the content the data
    migrations made included. Run alone, pytest-django puts those tests last; split over
    workers (pytest-xdist), a worker may run them before others that need the content.
    Marking them for serialized rollback makes pytest-django keep a copy of the content,
    which content_back_after_flush() loads again after each of them: the order stops mattering."""
    fixtures = getattr(item, "fixturenames", None)
    if fixtures is None:
        return
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        kwargs = {**marker.kwargs, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
    elif {"transactional_db", "live_server"} & set(fixtures):
        if "django_db_serialized_rollback" not in fixtures:
            fixtures.append("django_db_serialized_rollback")
    else:
        return
    fixtures.insert(0, "content_back_after_flush")


@pytest.fixture
def content_back_after_flush(django_db_blocker):
    """Set up before the database fixtures, so torn down after their flush."""
    yield
    content = getattr(connection, "_test_serialized_contents", None)
    if content:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(content)


@pytest.fixture(scope="session", autouse=True)
def unhashed_static_files(tmp_path_factory):
    """Tests render pages without running collectstatic first.

    The production storage (hashed names) is exercised by test_static_files.py,
    which collects into a temporary folder. STATIC_ROOT points at an empty folder, so
    that a `make run` or benchmark collecting into the checkout cannot race the tests.
    """
    override = override_settings(
        STATIC_ROOT=tmp_path_factory.mktemp("static_root"),
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    override.enable()
    yield
    override.disable()


# Argon2 (the production hasher) costs tens of milliseconds a password by design, and the
# suite sets and checks thousands. The production list stays behind MD5, so hashes made
# the production way still verify; tests/test_staff_and_statistics.py checks that new
# passwords get Argon2 with the production settings.
FAST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *settings.PASSWORD_HASHERS,
]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    override = override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS)
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def norwegian_to_begin_with():
    """A request in English leaves English active in this thread; each test starts in Norwegian."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no rate-limit counts left over from another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident():
    """A resident, parent or young person: anonymous, reading the public pages."""
    return Client()


def make_staff(username, unit_slug, *, coordinator=False):
    # No password at all: personas log in with force_login, and hashing even an
    # unusable password costs over a second per test.
    user = User.objects.create(username=username, is_staff=True)
    user.user_permissions.set(permissions_for(coordinator=coordinator))
    StaffMember.objects.create(
        user=user, unit=Unit.objects.get(slug=unit_slug), is_coordinator=coordinator
    )
    return user


def logged_in(user):
    """A client logged in with password and second factor, as staff always are."""
    device = Authenticator.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def coordinator_user(db):
    """The SLT coordinator: keeps the content current, sees and routes every report."""
    return make_staff("koordinator", "slt-koordinator", coordinator=True)


@pytest.fixture
def coordinator(coordinator_user):
    return logged_in(coordinator_user)


@pytest.fixture
def teacher_user(db):
    """A teacher at Borkenes skole: sees the reports routed to the school."""
    return make_staff("laerer", "borkenes-skole")


@pytest.fixture
def teacher(teacher_user):
    return logged_in(teacher_user)


@pytest.fixture
def nurse_user(db):
    """A nurse at the health station."""
    return make_staff("helsesykepleier", "helsestasjonen")


@pytest.fixture
def nurse(nurse_user):
    return logged_in(nurse_user)


@pytest.fixture
def child_welfare_user(db):
    """A case worker at the child welfare service."""
    return make_staff("barnevern", "barnevernstjenesten")


@pytest.fixture
def child_welfare(child_welfare_user):
    return logged_in(child_welfare_user)


@pytest.fixture
def stranger(db):
    """Staff with admin access but no unit: must see no report at all."""
    user = User.objects.create(username="uten-enhet", is_staff=True)
    user.user_permissions.set(permissions_for(coordinator=False))
    return logged_in(user)
