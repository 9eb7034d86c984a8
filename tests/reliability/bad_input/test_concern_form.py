"""The concern form at /bekymring/ and /en/bekymring/ stores a submission as cleaned, or
refuses it whole with an error on exactly the fields a model of the rules predicts.

The property-based test posts valid reports with a few fields tampered (control and invisible
characters, SQL-like and HTML strings, over-long text, forged choices, missing and repeated
fields): either the receipt and exactly one stored report whose every field equals the
cleaned input, or the form again, and no report, notification or timeline event. Which
characters are refused is the form's own rule (concerns.forms), not a copy kept here. The
parametrised test checks that each kind of refusal is explained in the page's language.
"""

import uuid
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import event, given, note, settings
from hypothesis import strategies as st

from concerns.forms import reject_control_characters
from concerns.models import Report, Topic
from concerns.receipts import hash_submission_key
from concerns.text import normalise
from tests.reliability.bad_input.strategies import (
    BOUNDED,
    FORM,
    GUARDIANS,
    HOSTILE,
    HTML,
    KINDS,
    RECEIVING_UNITS,
    ROLES,
    TEXT_LIMITS,
    TOPICS,
    choice,
    counts,
    fields_with_errors,
    free_text,
    hostile_snippets_in,
    too_big,
)
from tests.reports import PROFESSIONAL, valid_form

pytestmark = pytest.mark.django_db

# Markers in the expected results: a field that was not sent, and a value the form must refuse.
MISSING = object()
INVALID = object()


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
        data.update(PROFESSIONAL)
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
    expected_age: int | object = 14  # or INVALID
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


def has_refused_characters(value):
    """The form's own rule (concerns.forms), so the test cannot drift from it."""
    try:
        reject_control_characters(value)
    except ValidationError:
        return True
    return False


def expected_result(data, expected_age, email_valid):
    """A model of the form's rules: (cleaned values, fields with an error)."""
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
        value = normalise(raw.get(name, "").strip())
        if (
            (name == "description" and not value)
            or len(value) > limit
            or has_refused_characters(value)
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


def post(client, path, data, encoding):
    if encoding == "urlencoded":
        body = urlencode(data, doseq=True)
        return client.post(path, body, content_type="application/x-www-form-urlencoded")
    return client.post(path, data)


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
        assert report.submission_key_hash == hash_submission_key(key)
        for name in [*TEXT_LIMITS, "reporter_email", "child_age"]:
            assert getattr(report, name) == clean[name], name
        for name in ["kind", "reporter_role", "guardians_informed"]:
            assert getattr(report, name) == clean[name], name
        assert report.recipient.slug == clean["recipient"]
        topic = Topic.objects.get(slug=clean["topic"])
        assert report.topic == topic
        # The statistics' category and area follow from the topic.
        assert (report.category, report.priority_area) == (
            topic.report_category,
            topic.priority_area,
        )
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
