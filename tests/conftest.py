"""Shared fixtures: the people who use the portal.

The public pages they visit are found by walking the URL resolver: tests/public_urls.py.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
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
