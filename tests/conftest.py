"""Shared fixtures: the people who use the portal, and the public pages they visit."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client, override_settings

# Every public page, by URL path in Norwegian; the English one is the same under /en/.
PUBLIC_PATHS = [
    "/",
    "/organisering/",
    "/organisering/politiradet/",
    "/organisering/forebyggende-forum/",
    "/satsingsomrader/",
    "/satsingsomrader/vold-og-overgrep/",
    "/satsingsomrader/rusforebygging/",
    "/satsingsomrader/beredskap/",
    "/satsingsomrader/arbeidsmarkedskriminalitet/",
    "/satsingsomrader/trafikksikkerhet/",
    "/handlingsveileder/",
    "/handlingsveileder/radikalisering/",
    "/kontakt/",
    "/personvern/",
    "/tilgjengelighet/",
]


def english(path):
    return "/en" + path


ALL_PUBLIC_PATHS = PUBLIC_PATHS + [english(path) for path in PUBLIC_PATHS]


@pytest.fixture(scope="session", autouse=True)
def unhashed_static_files():
    """Tests render pages without running collectstatic first.

    The production storage (hashed names) is exercised by test_static_files.py,
    which collects into a temporary folder.
    """
    override = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture
def resident():
    """A resident, parent or young person: anonymous, reading the public pages."""
    return Client()


def _staff_user(username, *, app_labels):
    # No password at all: personas log in with force_login, and hashing even an
    # unusable password costs over a second per test.
    user = User.objects.create(username=username, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=app_labels))
    return user


@pytest.fixture
def coordinator_user(db):
    """The SLT coordinator, who keeps the public content current."""
    return _staff_user("koordinator", app_labels=["levels", "priorities", "concerns"])


@pytest.fixture
def coordinator(coordinator_user):
    client = Client()
    client.force_login(coordinator_user)
    return client
