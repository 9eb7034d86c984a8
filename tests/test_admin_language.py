"""The admin speaks plain Norwegian to staff, and English to those who choose it.

The walk below opens every admin page a coordinator and a unit staff member can reach,
found from the admin's own registry and URL names, so a new model or a new admin page is
walked without anyone adding it here. Each page is read as text, the way staff see it, and
must hold no phrase from Django's own admin catalogue in English: what Django's Norwegian
catalogue lacks is translated in locale/nb/LC_MESSAGES/django.po (and djangojs.po).
"""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp.oath import totp

from guides.models import Guide
from slt_portal.admin_site import server_error
from slt_portal.models import Authenticator, LoginLockout
from tests.conftest import logged_in, make_staff
from tests.reports import stored_report
from tests.test_translations import parse_po, translations

pytestmark = pytest.mark.django_db

DJANGO = Path(django.__file__).parent
ADMIN_CATALOGUES = [
    DJANGO / "contrib" / "admin" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "admin" / "locale" / "en" / "LC_MESSAGES" / "djangojs.po",
]
# Django's own strings that the admin shows too: form errors, the blank choice, the login
# and password forms. Their whole catalogues hold much the admin never shows (language
# names, validators of fields we do not have), so only what Norwegian lacks is checked.
SHARED_CATALOGUES = [
    DJANGO / "conf" / "locale" / "%s" / "LC_MESSAGES" / "django.po",
    DJANGO / "contrib" / "auth" / "locale" / "%s" / "LC_MESSAGES" / "django.po",
]

PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}|<[^>]+>|[“”\"«»()\n]")
WORD = re.compile(r"[A-Za-z’']+")
# Single words that are English only, whatever page they are on. Words that read the same
# in Norwegian (Filter, Status, April) or that staff's own English content may hold are not
# listed; phrases of two words or more are all checked.
ENGLISH_WORDS = {
    "Action", "Add", "Addition", "Breadcrumbs", "Cancel", "Change", "Choose", "Close",
    "Delete", "Deletion", "Documentation", "Empty", "History", "Home", "Logout", "Midnight",
    "Noon", "Now", "Objects", "Remove", "Run", "Save", "Search", "Show", "Hide", "Sidebar",
    "Summary", "Today", "Tomorrow", "Unknown", "View", "Yes", "Yesterday", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip


def fragments(msgid):
    """The literal parts of a message, without its placeholders, markup and quotes."""
    for part in PLACEHOLDER.split(msgid):
        part = " ".join(part.split()).strip(" ,.:;!?-–…")
        words = WORD.findall(part)
        if len(words) >= 2 or (len(words) == 1 and part in ENGLISH_WORDS):
            yield part


def _untranslated_in_norwegian(path):
    """The entries of an English catalogue that Django's Norwegian one has no translation for."""
    with Path(str(path) % "nb").with_suffix(".mo").open("rb") as handle:
        translated = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    for entry in parse_po(Path(str(path) % "en").read_text(encoding="utf-8")):
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if (key, 0) not in translated and key not in translated:
            yield entry


def english_phrases():
    """Every phrase of Django's admin catalogue, and the shared ones Norwegian lacks."""
    entries = [
        entry for path in ADMIN_CATALOGUES for entry in parse_po(path.read_text(encoding="utf-8"))
    ]
    entries += [entry for path in SHARED_CATALOGUES for entry in _untranslated_in_norwegian(path)]
    phrases = set()
    for entry in entries:
        for key in ("msgid", "msgid_plural"):
            if key in entry:
                phrases.update(fragments(entry[key]))
    return phrases


PHRASES = english_phrases()
# Longest first, so that the longer of two overlapping phrases is the one reported.
ENGLISH = re.compile(
    r"(?<![\w’'])(?:"
    + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True))
    + r")(?![\w’'])"
)

# Attributes people meet: read aloud, shown on hover, or shown as a button's text.
READ_ATTRIBUTES = {"aria-label", "aria-description", "title", "alt", "placeholder"}
BUTTON_TYPES = {"submit", "button", "reset"}


class VisibleText(HTMLParser):
    """The text of a page as staff meet it: no scripts, styles or typed-in values."""

    SKIPPED = {"script", "style", "textarea", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.SKIPPED:
            self.skipping += 1
        for name in READ_ATTRIBUTES & attributes.keys():
            self.parts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in BUTTON_TYPES:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_on(html):
    return sorted(set(ENGLISH.findall(visible_text(html))))


# ---------------------------------------------------------------------------------------
# The walk


STANDARD_VIEWS = ("changelist", "add", "history", "delete", "change")
PERSONAS = {"coordinator": ("koordinator", "slt-koordinator", True), "teacher": ("laerer", "borkenes-skole", False)}  # fmt: skip


def _request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _own_pages(model_admin, obj):
    """The model's own pages (statistics, registering a concern, …) that take no argument
    or the object's key; downloads are left out by their answer's content type."""
    for pattern in model_admin.get_urls():
        if not pattern.name or pattern.name.endswith(STANDARD_VIEWS):
            continue
        for args in ([], [obj.pk]) if obj is not None else ([],):
            try:
                yield reverse(f"admin:{pattern.name}", args=args)
            except NoReverseMatch:
                continue


def admin_pages(user):
    """(method, path) of every admin page the user may open, from the admin's registry.

    Each model the user may see gives its list (with filter counts, searched, as a pop-up
    and by date), its add page (empty and with the errors of an empty form), and for its
    first object the change page (and its errors), history and delete pages; then the
    model's own pages, each app's page, the password pages and a missing page.
    """
    request = _request_for(user)
    pages = [("get", reverse("admin:index")), ("get", reverse("admin:password_change"))]
    pages += [
        ("post", reverse("admin:password_change")),
        ("get", reverse("admin:password_change_done")),
    ]
    app_labels = set()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        if not model_admin.has_view_or_change_permission(request):
            continue
        app_labels.add(opts.app_label)
        changelist = reverse(f"{name}_changelist")
        pages += [("get", changelist), ("get", changelist + "?_facets=1")]
        pages.append(("get", changelist + "?_popup=1&_to_field=id"))
        if model_admin.get_search_fields(request):
            pages.append(("get", changelist + "?q=finnes-ikke"))
        if model_admin.date_hierarchy:
            year = timezone.now().year
            pages.append(("get", changelist + f"?{model_admin.date_hierarchy}__year={year}"))
        if model_admin.has_add_permission(request):
            add = reverse(f"{name}_add")
            pages += [("get", add), ("post", add), ("get", add + "?_popup=1")]
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None and model_admin.has_view_or_change_permission(request, obj):
            change = reverse(f"{name}_change", args=[obj.pk])
            pages += [("get", change), ("get", reverse(f"{name}_history", args=[obj.pk]))]
            if model_admin.has_change_permission(request, obj):
                pages.append(("post", change))
            if model_admin.has_delete_permission(request, obj):
                pages.append(("get", reverse(f"{name}_delete", args=[obj.pk])))
        pages += [("get", own) for own in _own_pages(model_admin, obj)]
    pages += [("get", reverse("admin:app_list", args=[label])) for label in sorted(app_labels)]
    pages.append(("get", reverse("admin:index") + "finnes-ikke/"))
    return pages


def forbidden_pages(user):
    """A list of each model the user may not see: the admin's 403 page."""
    request = _request_for(user)
    return [
        ("get", reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        for model, model_admin in admin.site._registry.items()
        if not model_admin.has_view_or_change_permission(request)
    ][:3]


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in_pages(persona):
    """The pages before the admin opens, as someone of the persona's kind meets them:
    login (empty, with errors, with a wrong password), the lockout, the second factor
    (first enrolment with the QR code, a wrong code, the recovery codes) and logged out."""
    username, unit, coordinator = PERSONAS[persona]
    login = reverse("admin:login") + "?next=/admin/"
    anonymous = Client()
    yield "login", anonymous.get(login)
    yield "login, empty", anonymous.post(login, {})
    yield "login, wrong password", anonymous.post(login, {"username": username, "password": "feil"})
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        locked = Client().post(login, {"username": "noen-andre", "password": "feil"})
    yield "locked out", locked
    AccessAttempt.objects.all().delete()

    returning = Client()
    returning.force_login(User.objects.get(username=username))
    yield "second factor", returning.get("/admin/2fa/?next=/admin/")
    yield "second factor, wrong code", returning.post("/admin/2fa/", {"token": "000000"})

    first_time = make_staff(f"ny-{username}", unit, coordinator=coordinator)
    new = Client()
    new.force_login(first_time)
    yield "second factor, first time", new.get("/admin/2fa/?next=/admin/")
    device = Authenticator.objects.get(user=first_time)
    yield (
        "recovery codes",
        new.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"}),
    )
    yield "logged out", new.post(reverse("admin:logout"))


@pytest.fixture
def content_to_walk(coordinator_user, teacher_user):
    """Something on every list: reports for both, a lockout, events, a notification."""
    stored_report("slt-koordinator")
    stored_report("borkenes-skole")
    LoginLockout.objects.create(
        username="noen", ip_address="10.0.0.1", user_agent="nettleser", locked_out=True
    )


def english_on_response(response):
    if response.status_code in {301, 302} or not response.get("Content-Type", "").startswith(
        "text/html"
    ):
        return None
    return english_on(response.content.decode())


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_english_from_django_on_any_admin_page(persona, request, content_to_walk, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = request.getfixturevalue(persona)
    user = User.objects.get(username=PERSONAS[persona][0])
    found, statuses = {}, {}
    for method, path in [*admin_pages(user), *forbidden_pages(user)]:
        response = getattr(client, method)(path)
        statuses[f"{method.upper()} {path}"] = response.status_code
        if english := english_on_response(response):
            found[f"{method.upper()} {path} ({response.status_code})"] = english
    for name, response in sign_in_pages(persona):
        statuses[name] = response.status_code
        if english := english_on_response(response):
            found[f"{name} ({response.status_code})"] = english
    assert not found, "English in the Norwegian admin:\n" + "\n".join(
        f"{page}: {english}" for page, english in found.items()
    )
    # The walk reached real pages, not redirects to the login: every kind of page answered.
    assert sum(status == 200 for status in statuses.values()) > len(statuses) // 2, statuses
    assert {403, 404, 429} <= set(statuses.values()), statuses


def test_the_walk_finds_english_where_it_is():
    """The check must be able to fail: Django's own English, in text and where it is read."""
    page = (
        '<p>Please correct the error below.</p><input type="submit" value="Save and add another">'
        '<img alt="Search" src="x.svg"><a title="Show counts">x</a>'
        "<script>const ignored = 'Log out';</script><textarea>Run</textarea>"
    )
    assert english_on(page) == [
        "Please correct the error below",
        "Save and add another",
        "Search",
        "Show counts",
    ]
    assert english_on("<p>Lagre og bli på siden</p><p>Status: Ny</p>") == []
    assert len(PHRASES) > 200


def _catalogue_keys(path):
    for entry in parse_po(path.read_text(encoding="utf-8")):
        key = entry["msgid"]
        yield f"{entry['msgctxt']}\x04{key}" if "msgctxt" in entry else key


# Only on Django's own technical pages, which staff never see: the debug page of a
# development server, and Django's CSRF page (the portal has its own, views.csrf_failure).
TECHNICAL = ("You are seeing this page because", "View <a href=", "If you are using the <meta")


@pytest.mark.parametrize(
    ("domain", "catalogues"),
    [
        ("django", [*ADMIN_CATALOGUES[:1], *(Path(str(p) % "en") for p in SHARED_CATALOGUES)]),
        ("djangojs", ADMIN_CATALOGUES[1:]),
    ],
)
def test_every_django_admin_string_has_norwegian(domain, catalogues):
    """Also the strings no walk shows (a delete that needs more rights, the calendar)."""
    from django.utils.translation.trans_real import DjangoTranslation

    admin_locale = str(DJANGO / "contrib" / "admin" / "locale")
    merged = DjangoTranslation(
        "nb", domain=domain, localedirs=[admin_locale] if domain == "djangojs" else None
    )
    translated = getattr(merged, "_catalog")  # noqa: B009 (gettext keeps it private)
    missing = [
        key
        for path in catalogues
        for key in _catalogue_keys(path)
        if key not in translated and (key, 0) not in translated and not key.startswith(TECHNICAL)
    ]
    assert missing == []


NORWEGIAN_CATALOGUES = sorted(
    (Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES").glob("*.po")
)


@pytest.mark.parametrize("po", NORWEGIAN_CATALOGUES, ids=lambda po: po.name)
def test_the_norwegian_catalogue_is_compiled_and_complete(po):
    entries = parse_po(po.read_text(encoding="utf-8"))
    assert [entry["msgid"] for entry in entries if entry["fuzzy"]] == []
    assert [entry["msgid"] for entry in entries if not all(translations(entry))] == []
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries:
        msgid, context = entry["msgid"], entry.get("msgctxt")
        if "msgid_plural" in entry:
            got = [compiled.ngettext(msgid, entry["msgid_plural"], n) for n in (1, 2)]
        else:
            got = [compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)]
        assert got == translations(entry), f"{msgid!r}: run compilemessages"


# ---------------------------------------------------------------------------------------
# Norwegian unless English is chosen


def choose(client, language, next_url="/admin/"):
    return client.post(reverse("admin:set_language"), {"language": language, "next": next_url})


def test_the_admin_is_norwegian_even_for_a_browser_set_to_english(coordinator):
    page = coordinator.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = page.content.decode()
    assert '<html lang="nb"' in html
    assert "Logg ut" in html and "Log out" not in html
    assert page["Content-Language"] == "nb"
    login = Client().get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nb"' in login and ">Logg inn</button>" in login


def test_staff_who_choose_english_get_the_admin_in_english(coordinator):
    response = choose(coordinator, "en", "/admin/concerns/report/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/concerns/report/"
    cookie = response.cookies["admin_language"]
    assert cookie.value == "en"
    assert cookie["path"] == "/admin/"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["httponly"]

    html = coordinator.get("/admin/concerns/report/").content.decode()
    assert '<html lang="en"' in html
    assert "Log out" in html and "Show counts" in html
    assert ">Reports of concern</h1>" in html
    assert "Logg ut" not in html
    index = coordinator.get("/admin/").content.decode()
    assert ">Norsk</button>" in index
    # Django's own English, untouched by the Norwegian catalogue.
    add = coordinator.get("/admin/levels/resource/add/").content.decode()
    assert "Save and continue editing" in add

    # The public site keeps its language in its addresses.
    assert '<html lang="nb"' in coordinator.get("/").content.decode()
    assert '<html lang="en"' in coordinator.get("/en/").content.decode()

    choose(coordinator, "nb")
    assert "Logg ut" in coordinator.get("/admin/").content.decode()


def test_the_language_is_chosen_before_logging_in_and_kept_through_it(db):
    client = Client()
    login = client.get("/admin/login/").content.decode()
    assert 'action="/admin/sprak/"' in login and ">English</button>" in login
    choose(client, "en", "/admin/login/")
    html = client.get("/admin/login/").content.decode()
    assert '<html lang="en"' in html and ">Log in</button>" in html and "Username" in html
    client.force_login(make_staff("ny", "borkenes-skole"))
    second = client.get("/admin/2fa/").content.decode()
    assert '<html lang="en"' in second and "One-time code" in second and "two-factor-qr" in second


# Norwegian that shows only if the choice of English was lost somewhere: Django's own words
# in Norwegian, from its catalogue and ours, on buttons, links and headings of every page.
NORWEGIAN = re.compile(
    r"(?<!\w)(?:Lagre|Logg ut|Legg til|Forside|Filtrer|Vis antall|Slett|Historikk|"
    r"Endre passord|Hopp til hovedinnholdet|Du er her)(?!\w)"
)


def test_every_admin_page_is_english_for_staff_who_chose_it(coordinator, content_to_walk):
    choose(coordinator, "en")
    found = {}
    for method, path in admin_pages(User.objects.get(username="koordinator")):
        response = getattr(coordinator, method)(path)
        if not response.get("Content-Type", "").startswith("text/html") or response.status_code in {
            301,
            302,
        }:
            continue
        html = response.content.decode()
        norwegian = set(NORWEGIAN.findall(visible_text(html)))
        if '<html lang="en"' not in html or norwegian:
            found[f"{method.upper()} {path}"] = sorted(norwegian) or "not lang=en"
    assert not found, found


def test_the_language_choice_takes_no_odd_values(coordinator):
    response = choose(coordinator, "de", "https://evil.example/")
    assert response["Location"] == "/admin/"
    assert "admin_language" not in response.cookies
    assert coordinator.get(reverse("admin:set_language")).status_code == 405


# ---------------------------------------------------------------------------------------
# Plain words


def test_lists_are_titled_by_what_they_hold(coordinator, teacher):
    html = coordinator.get("/admin/concerns/report/").content.decode()
    assert "<h1>Bekymringsmeldinger</h1>" in html
    assert "<title>Bekymringsmeldinger | SLT-portalen</title>" in html
    assert "du ønsker å endre" not in html and "Velg" not in html.split("<h1>")[1][:40]
    assert (
        "<h1>Enheter og samarbeidspartnere</h1>"
        in coordinator.get("/admin/levels/unit/").content.decode()
    )
    # A pop-up list for choosing keeps its "choose" title.
    popup = coordinator.get("/admin/levels/unit/?_popup=1&_to_field=id").content.decode()
    assert "<h1>Velg enhet eller samarbeidspartner</h1>" in popup


def test_buttons_and_titles_are_plain_norwegian(coordinator):
    add = coordinator.get("/admin/levels/resource/add/").content.decode()
    assert 'value="Lagre og bli på siden"' in add
    assert "Lagre og fortsett å redigere" not in add
    assert "<h1>Legg til ressurs</h1>" in add
    errors = coordinator.post("/admin/levels/resource/add/", {}).content.decode()
    assert "Rett opp feilene nedenfor." in errors


def test_the_address_field_says_what_it_is(coordinator):
    html = coordinator.get("/admin/guides/guide/add/").content.decode()
    assert ">Nettadresse:</label>" in html
    assert "(slug)" not in html
    assert "Kan ikke endres etterpå" in html
    guide = Guide.objects.first()
    assert guide is not None
    change = coordinator.get(f"/admin/guides/guide/{guide.pk}/change/").content.decode()
    assert "Nettadresse:" in change and guide.slug in change


# ---------------------------------------------------------------------------------------
# The admin's own error pages


def test_a_missing_admin_page_is_the_admins_own(coordinator):
    response = coordinator.get("/admin/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nb"' in html and 'id="container"' in html
    assert "<h1>Fant ikke siden</h1>" in html
    assert 'id="nav-sidebar"' in html  # the menu stays, to go on from
    # A report of another unit answers the same.
    other = stored_report("barnevernstjenesten")
    teacher = logged_in(make_staff("laerer", "borkenes-skole"))
    refused = teacher.get(f"/admin/concerns/report/{other.pk}/change/")
    assert refused.status_code == 404 and "<h1>Fant ikke siden</h1>" in refused.content.decode()


def test_a_forbidden_admin_page_is_the_admins_own(teacher):
    response = teacher.get("/admin/levels/unit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Du har ikke tilgang til denne siden</h1>" in html
    assert "403 Forbidden" not in html
    choose(teacher, "en")
    english = teacher.get("/admin/levels/unit/").content.decode()
    assert "<h1>You do not have access to this page</h1>" in english


def test_the_public_site_keeps_its_own_missing_page(resident):
    response = resident.get("/finnes-ikke/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_the_admins_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/admin/concerns/report/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Noe gikk galt</h1>" in html and 'id="container"' in html
    assert "{%" not in html
    public = server_error(RequestFactory().get("/"))
    assert "112" in public.content.decode()
