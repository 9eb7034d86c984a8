"""Case work in the admin: who sees what, what staff may change, and the timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from concerns.models import Notification, Report, ReportEvent
from tests.reports import stored_report

pytestmark = pytest.mark.django_db

LIST = "/admin/concerns/report/"


def change_url(report):
    return f"/admin/concerns/report/{report.pk}/change/"


@pytest.fixture
def reports(db):
    return {
        slug: stored_report(slug, child_name=f"Barn hos {slug}", description=f"Hemmelig {slug}")
        for slug in ["slt-koordinator", "borkenes-skole", "helsestasjonen", "barnevernstjenesten"]
    }


def case_form(report, **overrides):
    data = {
        "status": report.status,
        "outcome": report.outcome,
        "assignee": report.assignee_id or "",
        "message_to_sender": "",
        "note": "",
        "forward_to": "",
    }
    data.update(overrides)
    return data


def test_coordinator_sees_every_report(coordinator, reports):
    html = coordinator.get(LIST).content.decode()
    for report in reports.values():
        assert report.reference in html
    for report in reports.values():
        assert coordinator.get(change_url(report)).status_code == 200


@pytest.mark.parametrize(
    ("persona", "own_unit"),
    [
        ("teacher", "borkenes-skole"),
        ("nurse", "helsestasjonen"),
        ("child_welfare", "barnevernstjenesten"),
    ],
)
def test_unit_staff_see_only_their_own_units_reports(request, reports, persona, own_unit):
    client = request.getfixturevalue(persona)
    html = client.get(LIST).content.decode()
    for slug, report in reports.items():
        if slug == own_unit:
            assert report.reference in html
            page = client.get(change_url(report))
            assert page.status_code == 200
            assert f"Hemmelig {slug}" in page.content.decode()
        else:
            assert report.reference not in html
            response = client.get(change_url(report))
            assert response.status_code == 404
            assert f"Hemmelig {slug}" not in response.content.decode()
            assert f"Barn hos {slug}" not in response.content.decode()
            history = client.get(f"/admin/concerns/report/{report.pk}/history/")
            assert history.status_code == 404
            posted = client.post(
                change_url(report), case_form(report, status="closed", outcome="no_action")
            )
            assert posted.status_code == 404
            report.refresh_from_db()
            assert report.status == Report.Status.NEW


def test_staff_without_a_unit_and_visitors_see_nothing(stranger, resident, reports):
    report = reports["borkenes-skole"]
    assert report.reference not in stranger.get(LIST).content.decode()
    response = stranger.get(change_url(report))
    assert response.status_code == 404
    assert "Hemmelig" not in response.content.decode()
    assert stranger.get("/admin/concerns/report/not-a-number/change/").status_code == 404
    response = resident.get(change_url(report))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_every_view_by_staff_is_recorded(teacher, teacher_user, reports):
    report = reports["borkenes-skole"]
    teacher.get(change_url(report))
    teacher.get(change_url(report))
    # A POST with errors shows the content again: that is a read too.
    teacher.post(change_url(report), case_form(report, status="closed"))
    views = report.events.filter(kind=ReportEvent.Kind.VIEWED)
    assert views.count() == 3
    assert {event.actor for event in views} == {teacher_user}


def export_url(report):
    return f"/admin/concerns/report/{report.pk}/export/"


def test_export_downloads_the_report_and_is_recorded(teacher, teacher_user, reports):
    report = reports["borkenes-skole"]
    page = teacher.get(change_url(report)).content.decode()
    assert f'href="{export_url(report)}"' in page
    response = teacher.get(export_url(report))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{report.reference}.txt"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert report.reference in text
    assert "Barn hos borkenes-skole" in text
    assert "Hemmelig borkenes-skole" in text
    assert "Borkenes skole" in text
    exports = report.events.filter(kind=ReportEvent.Kind.EXPORTED)
    assert [event.actor for event in exports] == [teacher_user]


def test_export_of_another_units_report_is_refused_and_not_recorded(teacher, reports):
    report = reports["helsestasjonen"]
    response = teacher.get(export_url(report))
    assert response.status_code == 404
    assert "Hemmelig" not in response.content.decode()
    assert not report.events.filter(kind=ReportEvent.Kind.EXPORTED).exists()


def test_submitted_content_cannot_be_changed(teacher, reports):
    report = reports["borkenes-skole"]
    response = teacher.post(
        change_url(report), {**case_form(report), "description": "Endret", "child_name": "Annen"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.description == "Hemmelig borkenes-skole"
    assert report.child_name == "Barn hos borkenes-skole"


def test_status_note_and_message_become_events(teacher, teacher_user, reports):
    report = reports["borkenes-skole"]
    response = teacher.post(
        change_url(report),
        case_form(
            report,
            status="in_progress",
            assignee=teacher_user.pk,
            note="Snakket med kontaktlærer.",
            message_to_sender="Vi har mottatt meldingen og følger opp.",
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS
    kinds = list(report.events.values_list("kind", flat=True))
    for kind in ["status_changed", "assigned", "note", "message"]:
        assert kind in kinds
    assert report.events.get(kind="note").actor == teacher_user


def test_closing_needs_an_outcome(teacher, reports):
    report = reports["borkenes-skole"]
    response = teacher.post(change_url(report), case_form(report, status="closed"))
    assert response.status_code == 200
    assert "Velg et utfall før saken avsluttes." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.NEW

    teacher.post(change_url(report), case_form(report, status="closed", outcome="followed_up"))
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED
    assert report.closed_at is not None


def test_unit_staff_cannot_forward(teacher, reports):
    report = reports["borkenes-skole"]
    page = teacher.get(change_url(report)).content.decode()
    assert 'name="forward_to"' not in page
    other = reports["helsestasjonen"].recipient
    teacher.post(change_url(report), case_form(report, forward_to=other.pk))
    report.refresh_from_db()
    assert report.recipient.slug == "borkenes-skole"


def test_coordinator_forwards_and_the_new_unit_is_notified(
    coordinator, teacher, nurse, reports, django_capture_on_commit_callbacks
):
    report = reports["borkenes-skole"]
    health_station = reports["helsestasjonen"].recipient
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            change_url(report), case_form(report, forward_to=health_station.pk)
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.recipient == health_station
    assert report.events.filter(kind=ReportEvent.Kind.FORWARDED).count() == 1
    assert Notification.objects.filter(report=report, unit=health_station).count() == 1
    assert report.reference in nurse.get(LIST).content.decode()
    assert report.reference not in teacher.get(LIST).content.decode()


def test_events_are_append_only(reports):
    event = reports["borkenes-skole"].events.first()
    event.detail = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_no_one_adds_or_deletes_reports_in_the_admin(coordinator, reports):
    assert coordinator.get("/admin/concerns/report/add/").status_code == 403
    report = reports["borkenes-skole"]
    assert coordinator.get(f"/admin/concerns/report/{report.pk}/delete/").status_code == 403


def test_overdue_reports_are_marked_and_filtered(coordinator, reports):
    late = reports["barnevernstjenesten"]
    Report.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    html = coordinator.get(LIST).content.decode()
    assert "over fristen" in html
    filtered = coordinator.get(LIST + "?frist=overdue").content.decode()
    assert late.reference in filtered
    assert reports["borkenes-skole"].reference not in filtered


def test_search_by_reference(coordinator, reports):
    wanted = reports["helsestasjonen"]
    html = coordinator.get(LIST, {"q": wanted.reference}).content.decode()
    assert wanted.reference in html
    assert reports["borkenes-skole"].reference not in html


def test_list_query_count_is_pinned_and_does_not_grow(coordinator, django_assert_num_queries):
    for _ in range(3):
        stored_report("borkenes-skole")
    coordinator.get(LIST)  # the first request of a session also writes the session
    # One COUNT of the filtered list (no second of the whole table), and the unit filter
    # read from the units (no DISTINCT over the reports).
    with django_assert_num_queries(10):
        coordinator.get(LIST)
    for _ in range(20):
        stored_report("helsestasjonen")
    with django_assert_num_queries(10):
        coordinator.get(LIST)


def test_coordinator_sees_failed_notifications(coordinator, teacher, reports):
    Notification.objects.update(status=Notification.Status.FAILED, last_error="SMTPException")
    assert "SMTPException" in coordinator.get("/admin/concerns/notification/").content.decode()
    assert teacher.get("/admin/concerns/notification/").status_code == 403


def test_coordinator_lists_all_access_to_a_report_and_by_a_person(
    coordinator, teacher, teacher_user, reports
):
    report = reports["borkenes-skole"]
    teacher.get(change_url(report))
    by_report = coordinator.get("/admin/concerns/reportevent/", {"q": report.reference})
    html = by_report.content.decode()
    assert "Åpnet" in html and "laerer" in html
    assert reports["helsestasjonen"].reference not in html

    by_person = coordinator.get(
        "/admin/concerns/reportevent/", {"actor__id__exact": teacher_user.pk}
    ).content.decode()
    assert report.reference in by_person
    assert '<td class="field-kind">Åpnet</td>' in by_person
    assert '<td class="field-kind">Sendt inn</td>' not in by_person  # not the teacher's doing
    assert "Hemmelig" not in by_person and "Barn hos" not in by_person


def test_only_the_coordinator_sees_the_access_log(teacher, reports):
    assert teacher.get("/admin/concerns/reportevent/").status_code == 403


def test_a_try_at_another_units_report_is_on_its_timeline_for_the_coordinator(
    teacher, teacher_user, coordinator, reports, caplog
):
    report = reports["helsestasjonen"]
    assert teacher.get(change_url(report)).status_code == 404
    assert teacher.get(export_url(report)).status_code == 404
    refused = report.events.filter(kind=ReportEvent.Kind.REFUSED)
    assert [event.actor for event in refused] == [teacher_user, teacher_user]
    # An id that names no report leaves no trace anywhere.
    assert teacher.get("/admin/concerns/report/999999/change/").status_code == 404
    assert ReportEvent.objects.filter(kind=ReportEvent.Kind.REFUSED).count() == 2
    log = coordinator.get("/admin/concerns/reportevent/?kind__exact=refused").content.decode()
    assert "Forsøk på å åpne uten tilgang" in log and report.reference in log
    assert "127.0.0.1" not in caplog.text
