"""Hostile input to the public forms and the case work never breaks the portal or stores rubbish.

What this module proves, mostly with property-based tests (hypothesis):

- Any combination of values in the concern form at /bekymring/ and /en/bekymring/ (arbitrary
  text with control and invisible characters, SQL-like and HTML strings, over-long text, forged
  recipients, kinds, roles and topics, missing and repeated fields) gets either the receipt and
  exactly one stored report whose every field equals the cleaned input, or the form again with
  an error on exactly the fields an independent model of the rules predicts, and then no report,
  no notification and no timeline event.
- The status lookup never fails, never writes, and finds a report only with its own code.
- Bodies that are not UTF-8, too large or with too many fields are refused whole.
- HTML and script in every free-text field is shown escaped to staff (change page, case list),
  kept verbatim in the plain-text export, and never reaches the notification e-mail.
- Forged ids and choices in the admin's case form never move a report or set an assignee the
  rules do not allow, and hostile case-list parameters never cause a server error.
"""

import re
import unicodedata
import uuid
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st

from concerns.models import Notification, Report, ReportEvent
from concerns.models.reports import receipt_code_for
from concerns.services import notification_deliver
from levels.models import Unit
from tests.conftest import logged_in, make_staff
from tests.reports import stored_report, valid_form

pytestmark = pytest.mark.django_db

# derandomize: every run, in CI and on a laptop, tries the same examples, so a red build is
# reproduced by running the test again and never depends on a lucky draw.
# database=None: with derandomized runs there is nothing worth replaying, and no example
# database is written into the checkout.
# function_scoped_fixture: the database and the logged-in clients are deliberately shared by
# all examples of one test (one transaction); each example counts rows before and after.
BOUNDED = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

FORM = "/bekymring/"
STATUS = "/bekymring/status/"
RECEIVING_UNITS = [
    "slt-koordinator",
    "borkenes-skole",
    "helsestasjonen",
    "barnevernstjenesten",
    "politiet",
]
AREAS = [
    "vold-og-overgrep",
    "rusforebygging",
    "beredskap",
    "arbeidsmarkedskriminalitet",
    "trafikksikkerhet",
]
TOPICS = [*(f"area:{slug}" for slug in AREAS), "radicalisation", "other"]
KINDS = ["report", "discussion"]
ROLES = ["private", "young_person", "professional"]
GUARDIANS = ["yes", "no", "unknown"]

# The free-text fields of the form and their limits (the description counts a line break once).
TEXT_LIMITS = {
    "reporter_name": 200,
    "reporter_title": 200,
    "reporter_workplace": 200,
    "reporter_phone": 30,
    "child_name": 200,
    "child_school": 200,
    "description": 4000,
}

SQL_LIKE = [
    "' OR '1'='1",
    "'; DROP TABLE concerns_report; --",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(5)",
    "%' UNION SELECT password FROM auth_user --",
    "\\'; --",
    "' || (SELECT reference FROM concerns_report LIMIT 1) || '",
    "%_%",
]
HTML = [
    '<script>alert("xss-1")</script>',
    "<img src=x onerror=alert('xss-2')>",
    '"><svg onload=alert("xss-3")>',
    "</textarea><script>alert('xss-4')</script>",
    "<b>xss-5</b>",
    "<a href='javascript:alert(6)'>xss-6</a>",
]
TEMPLATE_LIKE = ["{{ request.session }}", "{% debug %}", "${7*7}", "&lt;xss-7&gt;", "&amp;"]
HOSTILE = SQL_LIKE + HTML + TEMPLATE_LIKE
ODD_CHARACTERS = [
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u2066",
    "\u2028",
    "\u0301",
    "😀",
]
FORGED_CHOICES = [
    "",
    " ",
    "REPORT",
    "report ",
    "priority_area",
    "area:",
    "area:finnes-ikke",
    "area:../../etc/passwd",
    "0",
    "1",
    "5",
    "7",
    "-1",
    "99999999999999999999",
    "ungdomsradet",
    "barnevernvakt",
    "SLT-koordinator",
    "Politiet",
    "politiet\n",
    "slt-koordinator\x00",
    "None",
    "null",
    "[]",
    *SQL_LIKE[:3],
    HTML[0],
]

# Markers in the expected results: a field that was not sent, and a value the form must refuse.
MISSING = object()
INVALID = object()


def long_text(lengths):
    # Cutting the CRLF unit at an odd length leaves a lone CR at the end, which is allowed.
    return st.tuples(st.sampled_from(["x", "æ", "😀", "ab\r\n"]), st.sampled_from(lengths)).map(
        lambda pair: (pair[0] * pair[1])[: pair[1]]
    )


def free_text(oversized=True):
    """Anything a person or a robot could type or paste into a text field.

    oversized adds values that alone make a form body larger than Django accepts.
    """
    lengths = [29, 30, 31, 199, 200, 201, 1000, 3999, 4000, 4001, 12000]
    return st.one_of(
        st.text(max_size=60),
        st.sampled_from(HOSTILE),
        st.tuples(st.text(max_size=6), st.sampled_from(HOSTILE), st.text(max_size=6)).map("".join),
        st.tuples(st.text(max_size=6), st.sampled_from(ODD_CHARACTERS), st.text(max_size=6)).map(
            "".join
        ),
        long_text([*lengths, 70000] if oversized else lengths),
    )


def choice(valid):
    return st.one_of(st.sampled_from(valid), st.sampled_from(FORGED_CHOICES), st.text(max_size=20))


def ages():
    """(what is typed, the age the form must store or INVALID)."""
    return st.one_of(
        st.integers(-30, 60).map(lambda n: (str(n), n if 0 <= n <= 23 else INVALID)),
        st.integers(0, 23).map(lambda n: (f" {n}.0 ", n)),
        st.sampled_from(
            [
                ("", INVALID),
                ("fjorten", INVALID),
                ("14 år", INVALID),
                ("1e1", INVALID),
                ("0x0e", INVALID),
                ("NaN", INVALID),
                ("9" * 5000, INVALID),
                ("14\x00", INVALID),
                ("' OR 1=1 --", INVALID),
                (HTML[0], INVALID),
                ("١٤", 14),  # Arabic-Indic digits are digits
            ]
        ),
        st.text(max_size=8).map(lambda text: (text + "år", INVALID)),
    )


def emails():
    """(what is typed, valid or not); no text without an "@" is an address."""
    return st.one_of(
        st.sampled_from(
            [
                ("kari@example.org", True),
                (" kari@example.org ", True),
                ("Kari.Nordmann+slt@kvafjord.kommune.no", True),
                ("o'brien@example.org", True),
                ('"<b>xss-8</b>"@example.org', True),
                ("ikke-en-adresse", False),
                ("a@b", False),
                ("<script>@example.org", False),
                ("kari@example.org\x00", False),
                ("kari@@example.org", False),
                ("' OR 1=1 --@x", False),
                ("x" * 250 + "@example.org", False),
            ]
        ),
        st.text(max_size=40).map(lambda text: (text.replace("@", ""), None)),
    )


def uuid_spellings():
    """How the hidden submission key may arrive; the key itself is made fresh per request."""
    return st.sampled_from(
        ["plain", "hex", "braces", "urn", "upper", "padded", "", "not-a-uuid", "short", "sql"]
    )


def spell_uuid(spelling, key):
    return {
        "plain": str(key),
        "hex": key.hex,
        "braces": f"{{{key}}}",
        "urn": key.urn,
        "upper": str(key).upper(),
        "padded": f"  {key}  ",
        "": "",
        "not-a-uuid": "not-a-uuid",
        "short": str(key)[:-1],
        "sql": f"{key}' OR 1=1 --",
    }[spelling]


@st.composite
def submissions(draw):
    """A form as a browser or a robot could post it: a valid base with a few fields tampered."""
    kind = draw(st.sampled_from(KINDS))
    role = draw(st.sampled_from(ROLES))
    data = valid_form(
        kind=kind,
        reporter_role=role,
        child_name="" if kind == "discussion" else "Ola Nordmann",
        recipient=draw(st.sampled_from(RECEIVING_UNITS)),
        topic=draw(st.sampled_from(TOPICS)),
        guardians_informed=draw(st.sampled_from(GUARDIANS)),
        submission_key="plain",
    )
    if role == "professional":
        data.update(
            reporter_name="Lærer Larsen",
            reporter_title="Kontaktlærer",
            reporter_workplace="Borkenes skole",
            reporter_phone="77 02 30 00",
        )
    tampered = draw(
        st.sets(
            st.sampled_from(
                [
                    *TEXT_LIMITS,
                    "reporter_email",
                    "child_age",
                    "kind",
                    "reporter_role",
                    "guardians_informed",
                    "topic",
                    "recipient",
                    "submission_key",
                    "website",
                ]
            ),
            max_size=4,
        )
    )
    expected_age = 14
    email_valid = True
    for name in sorted(tampered):
        how = draw(st.sampled_from(["value", "value", "value", "missing", "repeated"]))
        if name == "child_age":
            value, expected_age = draw(ages())
        elif name == "reporter_email":
            value, email_valid = draw(emails())
        elif name == "submission_key":
            value = draw(uuid_spellings())
        elif name == "website":
            value = draw(st.one_of(st.just(""), st.text(max_size=10), st.sampled_from(HOSTILE)))
        elif name in TEXT_LIMITS:
            value = draw(free_text())
        else:
            valid = {
                "kind": KINDS,
                "reporter_role": ROLES,
                "guardians_informed": GUARDIANS,
                "topic": TOPICS,
                "recipient": RECEIVING_UNITS,
            }[name]
            value = draw(choice(valid))
        if how == "missing":
            data.pop(name, None)
            if name == "child_age":
                expected_age = INVALID
            elif name == "reporter_email":
                email_valid = True
        elif how == "repeated" and name not in {"submission_key", "child_age", "reporter_email"}:
            # Browsers never send a field twice, robots may; Django's form reads the last value.
            data[name] = [draw(free_text()), value]
        else:
            data[name] = value
    encoding = draw(st.sampled_from(["multipart", "urlencoded"]))
    language = draw(st.sampled_from(["nb", "en"]))
    return data, expected_age, email_valid, encoding, language


def last(value):
    return value[-1] if isinstance(value, list) else value


def is_refused_character(ch):
    # The documented rule: no control characters except line breaks and tabs, and none of the
    # invisible characters that disguise text (zero-width space, byte-order mark, bidi
    # embeddings, overrides and isolates).
    if ch in "\n\r\t":
        return False
    if unicodedata.category(ch) == "Cc":
        return True
    return ch in "\u200b\ufeff" or "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"


def expected_result(data, expected_age, email_valid):
    """An independent model of the form's rules: (cleaned values, fields with an error)."""
    errors = set()
    clean = {}
    raw = {name: last(value) for name, value in data.items()}

    for name, valid in [
        ("kind", KINDS),
        ("reporter_role", ROLES),
        ("guardians_informed", GUARDIANS),
        ("topic", TOPICS),
        ("recipient", RECEIVING_UNITS),
    ]:
        if raw.get(name, "") in valid:
            clean[name] = raw[name]
        else:
            errors.add(name)

    for name, limit in TEXT_LIMITS.items():
        value = raw.get(name, "").strip().replace("\r\n", "\n")
        if (
            (name == "description" and not value)
            or len(value) > limit
            or any(is_refused_character(ch) for ch in value)
        ):
            errors.add(name)
        else:
            clean[name] = value

    email = raw.get("reporter_email", "").strip()
    if email_valid is None:  # free text without an "@": an address only when empty
        email_valid = email == ""
    if email_valid:
        clean["reporter_email"] = email
    else:
        errors.add("reporter_email")

    if expected_age is INVALID:
        errors.add("child_age")
    else:
        clean["child_age"] = expected_age

    spelling = raw.get("submission_key", MISSING)
    if spelling in {"plain", "hex", "braces", "urn", "upper", "padded"}:
        clean["submission_key"] = spelling
    else:
        errors.add("submission_key")

    if clean.get("reporter_role") == "professional":
        for name in ("reporter_name", "reporter_title", "reporter_workplace"):
            if not clean.get(name):
                errors.add(name)
        if not clean.get("reporter_phone") and not clean.get("reporter_email"):
            errors.add("reporter_phone")
    if clean.get("kind") == "discussion" and clean.get("child_name"):
        errors.add("child_name")
    return clean, errors


def as_request(data, key):
    """The form data with the drawn spelling of a fresh submission key put in."""
    posted = dict(data)
    if "submission_key" in posted:
        posted["submission_key"] = spell_uuid(posted["submission_key"], key)
    return posted


def too_big(data, encoding):
    """Whether Django must refuse the body before the form sees it (DATA_UPLOAD_MAX_MEMORY_SIZE).

    An urlencoded body counts whole; a multipart one counts each field's name and value, plus
    two bytes for the separators, as in the urlencoded form.
    """
    limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if encoding == "urlencoded":
        return len(urlencode(data, doseq=True)) > limit
    pairs = [
        (name, item)
        for name, value in data.items()
        for item in (value if isinstance(value, list) else [value])
    ]
    return sum(len(name) + len(str(item).encode()) + 2 for name, item in pairs) > limit


def post(client, path, data, encoding):
    if encoding == "urlencoded":
        body = urlencode(data, doseq=True)
        return client.post(path, body, content_type="application/x-www-form-urlencoded")
    return client.post(path, data)


def counts():
    return (
        Report.objects.count(),
        Notification.objects.count(),
        ReportEvent.objects.count(),
    )


def fields_with_errors(html):
    summary = html[html.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    return set(re.findall(r'href="#id_(\w+?)(?:_fieldset)?"', summary))


def hostile_snippets_in(values):
    flat = [item for value in values for item in (value if isinstance(value, list) else [value])]
    return {snippet for snippet in HTML if any(snippet in str(item) for item in flat)}


@settings(BOUNDED, max_examples=250)
@given(submission=submissions())
def test_any_form_input_is_stored_as_cleaned_or_refused_whole(submission):
    data, expected_age, email_valid, encoding, language = submission
    cache.clear()  # the per-client limit would otherwise refuse the later examples
    client = Client()
    key = uuid.uuid4()
    posted = as_request(data, key)
    path = FORM if language == "nb" else "/en" + FORM
    clean, errors = expected_result(data, expected_age, email_valid)
    note(f"expected errors: {sorted(errors)}")
    before = counts()
    latest = Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = post(client, path, posted, encoding)

    assert response.status_code < 500
    if too_big(posted, encoding):
        event("refused whole: body too large")
        assert response.status_code == 400
        assert counts() == before
        heading = {"nb": "Vi kunne ikke ta imot", "en": "We could not accept"}[language]
        assert heading in response.content.decode()
        return
    if last(data.get("website", "")):
        event("honeypot")
        # The honeypot: a robot is told all went well, and nothing is kept.
        assert response.status_code == 302
        assert counts() == before
        return
    event("stored" if not errors else "refused with errors")
    if not errors:
        assert response.status_code == 302, fields_with_errors(response.content.decode())
        assert response.url == path + "kvittering/"
        assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)
        report = Report.objects.get(pk__gt=latest)
        assert report.submission_key == key
        for name in [*TEXT_LIMITS, "reporter_email", "child_age"]:
            assert getattr(report, name) == clean[name], name
        for name in ["kind", "reporter_role", "guardians_informed"]:
            assert getattr(report, name) == clean[name], name
        assert report.recipient.slug == clean["recipient"]
        if clean["topic"].startswith("area:"):
            assert report.category == Report.Category.PRIORITY_AREA
            assert report.priority_area.slug == clean["topic"].removeprefix("area:")
        else:
            assert report.category == clean["topic"]
            assert report.priority_area is None
        assert list(report.events.values_list("kind", flat=True)) == ["submitted"]
        assert report.notifications.get().unit == report.recipient
    else:
        assert response.status_code == 200
        assert counts() == before
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        assert fields_with_errors(html) == errors
        for snippet in hostile_snippets_in(data.values()):
            assert snippet not in html


# The companion to the property: the messages a person reads are in the page's language.
@pytest.mark.parametrize(
    ("overrides", "field", "norwegian", "english"),
    [
        (
            {"child_name": "Ola\x1bNordmann"},
            "child_name",
            "Teksten inneholder tegn som ikke kan brukes.",
            "The text contains characters that cannot be used.",
        ),
        (
            {"description": "x" * 4001},
            "description",
            "Beskrivelsen kan være høyst 4000 tegn. Nå er den 4001 tegn.",
            "The description can be no more than 4000 characters. It is now 4001 characters.",
        ),
        (
            {"recipient": "' OR 1=1 --"},
            "recipient",
            "Velg et gyldig valg. &#x27; OR 1=1 -- er ikke et av de tilgjengelige valgene.",
            "Select a valid choice. &#x27; OR 1=1 -- is not one of the available choices.",
        ),
        (
            {"recipient": "<script>alert(1)</script>"},
            "recipient",
            "Velg et gyldig valg. &lt;script&gt;alert(1)&lt;/script&gt; er ikke",
            "Select a valid choice. &lt;script&gt;alert(1)&lt;/script&gt; is not",
        ),
        (
            {"reporter_role": "professional"},
            "reporter_name",
            "Skriv navnet ditt. Offentlig ansatte kan ikke melde anonymt.",
            "Enter your name. Public employees cannot report anonymously.",
        ),
        (
            {"kind": "discussion"},
            "child_name",
            "Ved anonym drøfting skal du ikke oppgi navnet.",
            "In an anonymous consultation you must not give the name.",
        ),
        (
            {"child_age": "' OR 1=1 --"},
            "child_age",
            "Skriv alderen som et tall, for eksempel 14.",
            "Enter the age as a number, for example 14.",
        ),
    ],
)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_each_refusal_is_explained_in_the_pages_language(
    resident, overrides, field, norwegian, english, language
):
    path = FORM if language == "nb" else "/en" + FORM
    response = resident.post(path, valid_form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    message, other = (norwegian, english) if language == "nb" else (english, norwegian)
    assert message in html
    assert other not in html
    assert field in fields_with_errors(html)
    assert counts() == (0, 0, 0)


@pytest.fixture
def known_report(db):
    report = stored_report("helsestasjonen")
    report.message_to_sender = "Vi følger opp."
    report.save(update_fields=["message_to_sender"])
    return report, receipt_code_for(report.submission_key)


def retypings():
    """How a person might type a code: any letter in lower case, spaces and dashes anywhere."""
    return st.lists(
        st.tuples(st.booleans(), st.sampled_from(["", "", "", " ", "-", "  "])),
        min_size=14,
        max_size=14,
    )


def retype(code, plan):
    return "".join(
        (ch.lower() if lower else ch) + gap for ch, (lower, gap) in zip(code, plan, strict=True)
    )


@settings(BOUNDED, max_examples=150)
@given(
    reference=st.one_of(
        st.sampled_from(["own", "own-lower", "other"]),
        free_text(),
        st.sampled_from(FORGED_CHOICES),
    ),
    code=st.one_of(st.just("own"), retypings(), free_text(), st.sampled_from(FORGED_CHOICES)),
    language=st.sampled_from(["nb", "en"]),
)
@example(reference="own", code="own", language="nb")
@example(reference="own", code="\x00", language="nb")
@example(reference="' OR '1'='1", code="' OR '1'='1", language="en")
def test_the_status_lookup_never_fails_never_writes_and_needs_the_right_code(
    known_report, reference, code, language
):
    report, real_code = known_report
    cache.clear()
    reference = {
        "own": report.reference,
        "own-lower": f"  {report.reference.lower()} ",
        "other": "SLT-2026-9999",
    }.get(reference, reference)
    if code == "own":
        code = real_code
    elif isinstance(code, list):
        code = retype(real_code, code)
        note(f"code typed as {code!r}")
    path = STATUS if language == "nb" else "/en" + STATUS
    before = counts()

    posted = {"reference": reference, "code": code}
    response = Client().post(path, posted)

    assert counts() == before
    if too_big(posted, "multipart"):
        assert response.status_code == 400
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    typed_code = code.strip()
    should_find = (
        reference.strip().upper() == report.reference
        and len(reference.strip()) <= 20
        and len(typed_code) <= 20
        and "\x00" not in typed_code
        and typed_code.replace("-", "").replace(" ", "").upper() == real_code.replace("-", "")
    )
    event("found" if should_find else "not found")
    assert ("Vi følger opp." in html) == should_find
    # The form's own check runs even when a field is wrong, so every miss says the same.
    not_found = {
        "nb": "Vi fant ingen melding med denne referansen og kvitteringskoden.",
        "en": "We could not find a report with this reference and receipt code.",
    }[language]
    assert (not_found in html) == (not should_find)
    assert ('id="error-summary"' in html) == (not should_find)
    for snippet in hostile_snippets_in([reference, code]):
        assert snippet not in html


@pytest.mark.parametrize(
    ("path", "heading", "explanation"),
    [
        (FORM, "Vi kunne ikke ta imot det som ble sendt", "ingenting ble lagret"),
        (STATUS, "Vi kunne ikke ta imot det som ble sendt", "ingenting ble lagret"),
        ("/en" + FORM, "We could not accept what was sent", "nothing was stored"),
        ("/en" + STATUS, "We could not accept what was sent", "nothing was stored"),
    ],
)
def test_a_form_body_over_the_limit_is_refused_in_the_pages_language(
    resident, path, heading, explanation
):
    data = valid_form(
        description="Ok.", child_school="x" * django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    body = urlencode(data)
    assert len(body) > django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = resident.generic(
        "POST", path, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in {400, 413}
    html = response.content.decode()
    assert heading in html
    assert explanation in html
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("path", [FORM, STATUS])
def test_too_many_fields_are_refused_whole(resident, path):
    extra = {f"felt{i}": "1" for i in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
    body = urlencode({**valid_form(), **extra})
    response = resident.generic(
        "POST", path, body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in {400, 413}
    assert "Vi kunne ikke ta imot det som ble sendt" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_a_large_file_part_is_refused_like_any_other_large_body(resident):
    # The settings say request bodies over DATA_UPLOAD_MAX_MEMORY_SIZE are refused before they
    # are parsed; Django leaves file parts out of that limit, and the form has no file field.
    upload = SimpleUploadedFile(
        "vedlegg.txt", b"x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 4)
    )
    response = resident.post(FORM, {**valid_form(), "vedlegg": upload})
    assert response.status_code in {400, 413}
    assert "Vi kunne ikke ta imot det som ble sendt" in response.content.decode()
    assert counts() == (0, 0, 0)


INVALID_UTF8 = [
    b"\xff",
    b"\xfe\xff",
    b"\x80",
    b"\xbf",
    b"\xc3",
    b"\xc3\x28",
    b"\xe2\x82",
    b"\xe2\x28\xa1",
    b"\xf0\x9f\x98",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf8\x88\x80\x80\x80",
]


def invalid_utf8():
    def undecodable(raw):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return True
        return False

    return st.one_of(
        st.sampled_from(INVALID_UTF8), st.binary(min_size=1, max_size=6).filter(undecodable)
    )


@settings(BOUNDED, max_examples=60)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        st.tuples(st.binary(max_size=40), invalid_utf8(), st.binary(max_size=40)).map(b"".join),
    ),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-8",
            "multipart/form-data; boundary=grense",
            "text/plain",
        ]
    ),
    path=st.sampled_from([FORM, STATUS, "/en" + FORM]),
)
def test_random_bytes_as_a_body_never_fail_and_store_nothing(resident, body, content_type, path):
    cache.clear()
    before = counts()
    response = resident.generic("POST", path, body, content_type=content_type)
    assert response.status_code < 500
    assert counts() == before


def body_with(data, field, value, junk, encoding):
    """A form body whose `field` is `value` followed by bytes that are not UTF-8."""
    if encoding == "multipart":
        parts = [
            f'--grense\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + (str(item).encode() if name != field else value.encode() + junk)
            + b"\r\n"
            for name, item in {**data, field: value}.items()
        ]
        return b"".join(parts) + b"--grense--\r\n", "multipart/form-data; boundary=grense"
    tail = quote(junk).encode() if encoding == "percent-encoded" else junk
    body = urlencode(data).encode() + b"&" + field.encode() + b"=" + quote(value).encode() + tail
    return body, "application/x-www-form-urlencoded"


@settings(BOUNDED, max_examples=40)
@given(
    field=st.sampled_from(sorted(TEXT_LIMITS)),
    junk=invalid_utf8(),
    encoding=st.sampled_from(["raw", "percent-encoded", "multipart"]),
)
@example(field="child_name", junk=b"\xff", encoding="raw")
@example(field="description", junk=b"\xc3\x28", encoding="percent-encoded")
@example(field="child_school", junk=b"\xff", encoding="multipart")
def test_a_field_that_is_not_utf8_stores_nothing(resident, field, junk, encoding):
    cache.clear()
    data = valid_form(
        reporter_role="professional",
        reporter_name="Lærer Larsen",
        reporter_title="Kontaktlærer",
        reporter_workplace="Borkenes skole",
        reporter_phone="77 02 30 00",
    )
    value = data.pop(field)
    body, content_type = body_with(data, field, value, junk, encoding)
    before = counts()
    response = resident.generic("POST", FORM, body, content_type=content_type)
    assert response.status_code < 500
    stored = Report.objects.order_by("-pk").first() if counts() != before else None
    assert counts() == before, f"stored {field}={getattr(stored, field)!r}"


REPORT_PERSONAL_FIELDS = [*TEXT_LIMITS, "reporter_email"]


def hostile_fields():
    """A value with HTML or script for every free-text field, each within its field's limit."""

    def with_html(limit):
        snippets = [s for s in HTML if len(s) + 8 <= limit] or ["<i>"]
        padding = st.text(alphabet="abc æøå\n", max_size=4)
        return st.tuples(padding, st.sampled_from(snippets), padding).map(
            lambda parts: f"{parts[0].lstrip()}{parts[1]}{parts[2].rstrip()}"
        )

    phone = st.sampled_from(["<b>77</b> 02", "<i>xss</i>", "\"'><s>1"])
    return st.fixed_dictionaries(
        {
            **{name: with_html(limit) for name, limit in TEXT_LIMITS.items()},
            "reporter_phone": phone,
            "reporter_email": st.sampled_from(
                ['"<b>xss-8</b>"@example.org', '"<script>alert(9)</script>"@example.org']
            ),
        }
    )


@settings(BOUNDED, max_examples=20)
@given(values=hostile_fields())
def test_html_in_every_field_is_escaped_for_staff_and_plain_in_the_export(
    coordinator, values, mailoutbox
):
    cache.clear()
    mailoutbox.clear()
    data = valid_form(reporter_role="professional", **values)
    response = Client().post(FORM, data)
    assert response.status_code == 302
    report = Report.objects.latest("pk")
    snippets = {value for value in values.values() if "<" in value}

    page = coordinator.get(f"/admin/concerns/report/{report.pk}/change/").content.decode()
    for name, value in values.items():
        stored = getattr(report, name)
        assert stored == value.strip()
        shown = escape(stored).replace("\n", "<br>")
        assert shown in page, name
    for snippet in snippets:
        assert snippet not in page

    query = values["description"]
    listing = coordinator.get("/admin/concerns/report/", {"q": query}).content.decode()
    assert f'value="{escape(query)}"' in listing
    full_list = coordinator.get("/admin/concerns/report/").content.decode()
    assert report.reference in full_list
    for snippet in snippets:
        assert snippet not in listing
        assert snippet not in full_list

    export = coordinator.get(f"/admin/concerns/report/{report.pk}/export/")
    assert export.status_code == 200
    assert export["Content-Type"] == "text/plain; charset=utf-8"
    assert export["X-Content-Type-Options"] == "nosniff"
    assert export["Content-Disposition"].startswith("attachment;")
    text = export.content.decode()
    for name in values:
        # An archive copy must say exactly what was sent, so plain text is not HTML-escaped;
        # continuation lines are indented so that no line of a field can pass for another.
        assert getattr(report, name).replace("\n", "\n    ") in text, name

    notification = report.notifications.get()
    assert notification_deliver(notification_id=notification.pk) == "sent"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    parts = [message.subject, message.body, *(alt.content for alt in message.alternatives)]
    assert report.reference in message.body
    personal = [getattr(report, name) for name in REPORT_PERSONAL_FIELDS]
    for part in parts:
        assert not re.search(r"xss-\d+|<script|onerror|onload", part)
        for value in personal:
            assert not value or value not in part


def test_staff_html_is_escaped_on_the_public_status_page_and_in_the_timeline(coordinator):
    report = stored_report("slt-koordinator")
    message = "Hei <script>alert('xss-10')</script>\n<b>svar</b>"
    note_text = "<img src=x onerror=alert('xss-11')>"
    response = coordinator.post(
        f"/admin/concerns/report/{report.pk}/change/",
        {
            "status": "received",
            "outcome": "",
            "assignee": "",
            "message_to_sender": message,
            "note": note_text,
            "forward_to": "",
        },
    )
    assert response.status_code == 302
    page = coordinator.get(f"/admin/concerns/report/{report.pk}/change/").content.decode()
    assert escape(note_text) in page
    assert note_text not in page
    assert "<script>alert('xss-10')" not in page

    status = Client().post(
        STATUS, {"reference": report.reference, "code": receipt_code_for(report.submission_key)}
    )
    html = status.content.decode()
    assert "Hei &lt;script&gt;alert(&#x27;xss-10&#x27;)&lt;/script&gt;<br>&lt;b&gt;svar" in html
    assert "<script>alert(" not in html


def test_control_characters_are_refused_in_the_email_field_as_in_every_other(resident):
    # Every other text field refuses control characters so that staff never read disguised
    # text; a quoted local part lets them through the e-mail check.
    response = resident.post(FORM, valid_form(reporter_email='"\x1b[31m\x07"@example.org'))
    assert response.status_code == 200
    assert "reporter_email" in fields_with_errors(response.content.decode())
    assert counts() == (0, 0, 0)


# --- Forged ids and choices in the admin's case form ----------------------------------------

UNIT_CHOICES = [*RECEIVING_UNITS, "ungdomsradet", "barnevernvakt"]


def not_an_integer(text):
    try:
        int(text)
    except ValueError:
        return True
    return False


def mostly(usual, unusual):
    # About three values in four are usual, so that many examples pass validation and reach
    # the code that saves and forwards; the simplest draw, 0, is a usual one.
    return st.integers(0, 3).flatmap(lambda n: usual if n < 3 else unusual)


def forged_ids(usual, forged):
    return mostly(
        st.sampled_from(usual),
        st.one_of(
            st.sampled_from(forged),
            st.sampled_from(["-1", "0", "987654", "99999999999999999999"]),
            st.text(max_size=12).filter(not_an_integer),
            st.sampled_from(SQL_LIKE[:4]),
        ),
    )


@pytest.fixture
def case_people(coordinator_user, teacher_user, nurse_user):
    inactive = make_staff("sluttet", "borkenes-skole")
    inactive.is_active = False
    inactive.save()
    superuser = User.objects.create(username="drift", is_staff=True, is_superuser=True)
    return {
        "coordinator": coordinator_user,
        "teacher": teacher_user,
        "nurse": nurse_user,
        "inactive": inactive,
        "superuser": superuser,
        "clients": {
            "coordinator": logged_in(coordinator_user),
            "teacher": logged_in(teacher_user),
        },
    }


@settings(BOUNDED, max_examples=80)
@given(
    actor=st.sampled_from(["coordinator", "teacher"]),
    status=mostly(
        st.sampled_from(["new", "received", "in_progress", "closed"]), choice(FORGED_CHOICES)
    ),
    outcome=mostly(
        st.sampled_from(["", "followed_up", "referred", "advice_given", "no_action"]),
        choice(FORGED_CHOICES),
    ),
    assignee=forged_ids(["", "coordinator", "teacher"], ["nurse", "inactive", "superuser"]),
    forward_to=forged_ids(["", "", *RECEIVING_UNITS], ["ungdomsradet", "barnevernvakt"]),
    note_text=mostly(st.just(""), free_text(oversized=False)),
)
@example(
    actor="teacher",
    status="new",
    outcome="",
    assignee="",
    forward_to="politiet",
    note_text="",
)
@example(
    actor="coordinator",
    status="closed",
    outcome="no_action",
    assignee="nurse",
    forward_to="",
    note_text="",
)
def test_forged_ids_in_the_case_form_never_move_or_assign_a_report_wrongly(
    case_people, actor, status, outcome, assignee, forward_to, note_text
):
    report = stored_report("borkenes-skole")
    units = {unit.slug: unit for unit in Unit.objects.all()}
    people = case_people
    assignee_value = str(people[assignee].pk) if assignee in people else assignee
    forward_value = str(units[forward_to].pk) if forward_to in units else forward_to
    allowed_assignees = {"", str(people["coordinator"].pk), str(people["teacher"].pk)}
    allowed_units = {str(units[slug].pk): units[slug] for slug in RECEIVING_UNITS}

    expected_errors = set()
    if status not in {"new", "received", "in_progress", "closed"}:
        expected_errors.add("status")
    if outcome not in {"", "followed_up", "referred", "advice_given", "no_action"} or (
        status == "closed" and not outcome
    ):
        expected_errors.add("outcome")
    if assignee_value not in allowed_assignees:
        expected_errors.add("assignee")
    # Unit staff have no forward field at all: whatever they post for it is ignored.
    if (
        actor == "coordinator"
        and forward_value
        and (forward_value not in allowed_units or allowed_units[forward_value] == report.recipient)
    ):
        expected_errors.add("forward_to")
    if "\x00" in note_text:
        expected_errors.add("note")
    note(f"expected errors: {sorted(expected_errors)}")
    last_event = ReportEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    response = people["clients"][actor].post(
        f"/admin/concerns/report/{report.pk}/change/",
        {
            "status": status,
            "outcome": outcome,
            "assignee": assignee_value,
            "message_to_sender": "",
            "note": note_text,
            "forward_to": forward_value,
        },
    )

    assert response.status_code < 500
    before = report
    report = Report.objects.get(pk=before.pk)
    new_events = list(ReportEvent.objects.filter(pk__gt=last_event).values_list("kind", "actor_id"))
    for name in expected_errors:
        event(f"error: {name}")
    event("refused" if expected_errors else f"saved by {actor}")
    if expected_errors:
        assert response.status_code == 200
        assert (report.recipient_id, report.status, report.outcome, report.assignee_id) == (
            before.recipient_id,
            before.status,
            before.outcome,
            before.assignee_id,
        )
        # Showing the form again shows the report: that is one read, and nothing else.
        assert new_events == [("viewed", people[actor].pk)]
        return
    assert response.status_code == 302
    forwarded = bool(forward_value) and actor == "coordinator"
    event(f"forwarded: {forwarded}")
    if forwarded:
        assert report.recipient == allowed_units[forward_value]
        assert (report.status, report.outcome, report.assignee_id) == ("new", "", None)
        assert report.notifications.filter(unit=report.recipient).count() == 1
    else:
        assert report.recipient.slug == "borkenes-skole"
        assert report.status == status
        assert report.outcome == outcome
        assert str(report.assignee_id or "") == assignee_value
        assert (report.closed_at is not None) == (status == "closed")
    kinds = sorted(kind for kind, _actor in new_events)
    expected_kinds = sorted(
        [
            *(["status_changed"] if status != "new" else []),
            *(["assigned"] if assignee_value else []),
            *(["note"] if note_text.strip() else []),
            *(["forwarded"] if forwarded else []),
        ]
    )
    assert kinds == expected_kinds
    assert {actor_id for _kind, actor_id in new_events} <= {people[actor].pk}
    # Only a coordinator ever creates a notification from the case form.
    assert Notification.objects.filter(report=report).count() == 1 + forwarded


LIST_PAGES = {
    "/admin/concerns/report/": [
        "q",
        "status__exact",
        "kind__exact",
        "category__exact",
        "recipient__id__exact",
        "frist",
        "o",
        "p",
    ],
    "/admin/concerns/reportevent/": ["q", "kind__exact", "actor__id__exact", "o", "p"],
    "/admin/concerns/notification/": ["q", "status__exact", "o", "p"],
}


@settings(BOUNDED, max_examples=80)
@given(
    page=st.sampled_from(sorted(LIST_PAGES)),
    params=st.dictionaries(
        st.one_of(
            st.sampled_from(sorted({key for keys in LIST_PAGES.values() for key in keys})),
            st.text(max_size=15),
        ),
        st.one_of(free_text(oversized=False), st.sampled_from(FORGED_CHOICES)),
        max_size=3,
    ),
)
@example(page="/admin/concerns/report/", params={"status__exact": "\x00"})
@example(page="/admin/concerns/reportevent/", params={"kind__exact": "\x00"})
@example(page="/admin/concerns/notification/", params={"status__exact": "\x00"})
@example(page="/admin/concerns/report/", params={"q": "\x00' OR 1=1 --"})
def test_hostile_case_list_parameters_never_cause_a_server_error(coordinator, page, params):
    stored_report("barnevernstjenesten", description="Hemmelig beskrivelse xss-12")
    response = coordinator.get(page, params)
    assert response.status_code < 500, params
    if response.status_code == 200:
        assert "Hemmelig beskrivelse xss-12" not in response.content.decode()


def test_the_notification_task_queue_holds_no_personal_data(
    resident, django_capture_on_commit_callbacks
):
    secret = "Hemmelig <b>xss-13</b> om Ola"
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(FORM, valid_form(description=secret, child_name="Ola Hemmelig"))
    assert response.status_code == 302
    task = DBTaskResult.objects.get(task_path="concerns.tasks.send_notification")
    stored = str(task.args_kwargs)
    assert "Hemmelig" not in stored and "xss-13" not in stored
