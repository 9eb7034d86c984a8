"""What the bad-input tests share: the hypothesis settings, the hostile values, the form's
valid choices and the helpers that count rows and read the error summary."""

import re
from urllib.parse import urlencode

from django.conf import settings as django_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from concerns.models import Notification, Report, ReportEvent
from concerns.text import ALLOWED_CONTROL, JOINERS, MARKS, REPLACEMENT

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
# The form's topics in plain words (seeded by concerns/migrations/0010), each mapped to a
# category and maybe a priority area.
TOPICS = [
    "rus",
    "vold-eller-overgrep",
    "omsorgssvikt",
    "mobbing",
    "radikalisering",
    "kriminalitet",
    "trafikk",
    "utnyttelse-i-arbeid",
    "annet",
]
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
# The characters the rules (concerns/text.py) name, format characters from each range they
# refuse, and a few more to refuse (control characters) or keep (line separator, accent,
# emoji); right-to-left and Indic letters, beside which the joiners and marks are kept.
ODD_CHARACTERS = list(
    dict.fromkeys(
        [
            "\r\n",
            *sorted(ALLOWED_CONTROL),
            *sorted(JOINERS | MARKS),
            REPLACEMENT,
            "\u200b",
            "\ufeff",
            "\u00ad",
            "\u202e",
            "\u2066",
            "\u2061",
            "\u206a",
            "\U000e0041",
            "\u0628",
            "\u0915",
            "\x00",
            "\x1b[31m",
            "\x7f",
            "\x85",
            "\u2028",
            "\u0301",
            "😀",
        ]
    )
)
FORGED_CHOICES = [
    "",
    " ",
    "REPORT",
    "report ",
    "priority_area",
    "area:",
    "area:rusforebygging",
    "area:../../etc/passwd",
    "radicalisation",
    "other",
    "RUS",
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
