"""Forged ids and choices in the admin's case form never move a report or set an assignee the
rules do not allow, and hostile parameters on the case lists never cause a server error."""

import pytest
from django.contrib.auth.models import User
from hypothesis import event, example, given, note, settings
from hypothesis import strategies as st

from concerns.models import Notification, Report, ReportEvent
from levels.models import Unit
from tests.conftest import logged_in, make_staff
from tests.reliability.bad_input.strategies import (
    BOUNDED,
    FORGED_CHOICES,
    RECEIVING_UNITS,
    SQL_LIKE,
    choice,
    free_text,
)
from tests.reports import stored_report

pytestmark = pytest.mark.django_db


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
        "new_from_sender__exact",
        "channel__exact",
        "frist",
        "o",
        "p",
    ],
    "/admin/concerns/reportevent/": ["q", "kind__exact", "actor__id__exact", "o", "p"],
    "/admin/concerns/notification/": ["q", "status__exact", "kind__exact", "o", "p"],
    "/admin/concerns/topic/": ["q", "published__exact", "category__exact", "o", "p"],
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
