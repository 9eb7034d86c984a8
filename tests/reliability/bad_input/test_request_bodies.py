"""Request bodies the forms cannot take are refused whole and store nothing: bodies over
DATA_UPLOAD_MAX_MEMORY_SIZE (with the refusal in the page's language), too many fields, a
large file part, random bytes, and a field that is not UTF-8."""

from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given, settings
from hypothesis import strategies as st

from concerns.models import Report
from tests.reliability.bad_input.strategies import BOUNDED, FORM, STATUS, TEXT_LIMITS, counts
from tests.reports import PROFESSIONAL, valid_form

pytestmark = pytest.mark.django_db


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
    data = valid_form(**PROFESSIONAL)
    value = data.pop(field)
    body, content_type = body_with(data, field, value, junk, encoding)
    before = counts()
    response = resident.generic("POST", FORM, body, content_type=content_type)
    assert response.status_code < 500
    stored = Report.objects.order_by("-pk").first() if counts() != before else None
    assert counts() == before, f"stored {field}={getattr(stored, field)!r}"
