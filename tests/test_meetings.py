"""Meetings of Politirådet and Forebyggende forum: the public pages, the body pages' next
meeting, approval of the main points, the admin's refusals, and the iCalendar feed."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from levels.models import Body
from priorities.ical import escape, fold
from priorities.models import AgendaItem, Measure, Meeting, PriorityArea
from tests.plan_content import admin_form, more_plan_content, post_admin
from tests.public_urls import LANGUAGES, ROUTES_BY_NAME

pytestmark = pytest.mark.django_db


OSLO = ZoneInfo("Europe/Oslo")
MEETINGS = "/admin/priorities/meeting/"


@pytest.fixture
def december_2026(monkeypatch):
    """Today as these tests were written: the seeded meeting (March 2027) is still ahead."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 2, 12, 0, tzinfo=OSLO))


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def council():
    return Body.objects.get(slug="politiradet")


def held_meeting(number=40, **fields):
    """A Politirådet meeting a month ago, its main points approved, with one decision."""
    start = timezone.now() - timedelta(days=30)
    fields = {
        "body": council(),
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place_nb": "Borkenes skole",
        "minutes_nb": "Politirådet drøftet rusforebyggingen i skolen.",
        "minutes_en": "Politirådet discussed substance abuse prevention in school.",
        "approved_on": timezone.localdate(start) + timedelta(days=7),
        **fields,
    }
    meeting = Meeting.objects.create(**fields)
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title_nb="Skjenkekontroller",
        title_en="Licensing checks",
        description_nb="Orientering fra politiet.",
        decision_nb="Politirådet ber om flere kontroller i sommer.",
        decision_en="Politirådet asks for more checks this summer.",
    )
    item.areas.set([PriorityArea.objects.get(slug="rusforebygging")])
    item.measures.set([Measure.objects.get(title_nb="Oppfølging av salg og skjenking")])
    return meeting


def test_the_list_shows_upcoming_meetings_with_their_agenda_and_the_past_ones(
    resident, december_2026
):
    past = held_meeting()
    html = main(resident.get("/moter/"))
    upcoming = html[html.index('id="upcoming-heading"') : html.index('id="past-heading"')]
    assert "Politirådet, 11. mars 2027" in upcoming
    assert "Sak 1/27 Handlingsplan SLT 2026–2029: gjennomgang" in upcoming
    assert "Kvæfjord rådhus" in upcoming
    assert "torsdag 11. mars 2027, kl. 10:00" in upcoming
    earlier = html[html.index('id="past-heading"') :]
    assert past.get_absolute_url() in earlier
    assert "hovedpunktene er publisert" in earlier
    assert 'href="/moter.ics"' in html
    english = main(resident.get("/en/moter/"))
    assert "Upcoming meetings" in english and "Kvæfjord town hall" in english
    assert "Item 1/27 SLT action plan 2026–2029: review" in english


def test_no_meetings_says_so(resident):
    Meeting.objects.all().delete()
    html = main(resident.get("/moter/"))
    assert "Ingen møter er satt opp ennå." in html
    assert "Ingen tidligere møter er lagt inn." in html


def test_before_approval_the_public_sees_the_agenda_only(resident):
    meeting = held_meeting(approved_on=None)
    html = main(resident.get(meeting.get_absolute_url()))
    assert "Sak 40/" in html and "Skjenkekontroller" in html and "Orientering fra politiet." in html
    assert "Politirådet ber om flere kontroller" not in html
    assert "drøftet rusforebyggingen" not in html
    assert "Hovedpunktene publiseres når de er godkjent." in html
    assert 'href="/satsingsomrader/rusforebygging/"' not in html


def test_after_approval_the_main_points_and_decisions_are_public(resident):
    meeting = held_meeting()
    html = main(resident.get(meeting.get_absolute_url()))
    assert "<h1" in html and "Møte i Politirådet</h1>" in html
    assert "Politirådet ber om flere kontroller i sommer." in html
    assert "Politirådet drøftet rusforebyggingen i skolen." in html
    assert f"Godkjent {meeting.approved_on.day}." in html
    assert 'href="/satsingsomrader/rusforebygging/">Rusforebyggende tiltak' in html
    assert ">Oppfølging av salg og skjenking</a>" in html
    english = main(resident.get("/en" + meeting.get_absolute_url()))
    assert "Politirådet asks for more checks this summer." in english
    assert "Main points from the meeting" in english
    assert 'href="/en/satsingsomrader/rusforebygging/"' in english


def test_the_seeded_meeting_is_upcoming_and_its_main_points_not_yet_held(resident, december_2026):
    meeting = Meeting.objects.get()
    html = main(resident.get(meeting.get_absolute_url()))
    assert "Møtet er ikke holdt ennå." in html
    assert "Sak 2/27 Ungdata-undersøkelsen" in html


def test_unpublished_meetings_and_meetings_of_unpublished_bodies_are_hidden(resident):
    hidden = held_meeting(published=False)
    assert resident.get(hidden.get_absolute_url()).status_code == 404
    forum = Body.objects.get(slug="forebyggende-forum")
    of_forum = Meeting.objects.create(body=forum, starts_at=timezone.now() + timedelta(days=3))
    forum.published = False
    forum.save()
    assert resident.get(of_forum.get_absolute_url()).status_code == 404
    html = main(resident.get("/moter/"))
    assert hidden.get_absolute_url() not in html and of_forum.get_absolute_url() not in html
    assert resident.get("/moter/999999/").status_code == 404


def test_each_body_page_shows_its_next_meeting(resident, december_2026):
    held_meeting()
    html = main(resident.get("/organisering/politiradet/"))
    section = html[html.index('id="next-meeting-heading"') :]
    assert "torsdag 11. mars 2027" in section
    assert Meeting.objects.get(starts_at__year=2027).get_absolute_url() in section
    forum = main(resident.get("/organisering/forebyggende-forum/"))
    assert "Neste møte er ikke satt opp ennå." in forum
    soon = Meeting.objects.create(
        body=Body.objects.get(slug="forebyggende-forum"),
        starts_at=timezone.now() + timedelta(days=10),
        place_nb="Helsehuset",
    )
    forum = main(resident.get("/organisering/forebyggende-forum/"))
    assert soon.get_absolute_url() in forum and "Helsehuset" in forum
    assert "Next meeting" in main(resident.get("/en/organisering/forebyggende-forum/"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["meetings:list", "meetings:detail", "bodies:detail"])
def test_meeting_query_counts_stay_pinned_with_many_meetings(
    resident, django_assert_num_queries, name, language
):
    more_plan_content()
    meeting = held_meeting()
    prefix = "/en" if language == "en" else ""
    path = {
        "meetings:list": "/moter/",
        "meetings:detail": meeting.get_absolute_url(),
        "bodies:detail": "/organisering/politiradet/",
    }[name]
    with django_assert_num_queries(ROUTES_BY_NAME[name].page.queries, info=path):
        assert resident.get(prefix + path).status_code == 200


# The admin.


def meeting_form(client, **fields):
    data = admin_form(client, MEETINGS + "add/")
    data.update(
        {
            "body": str(council().pk),
            "starts_at_0": "2026-09-10",
            "starts_at_1": "18:00",
            "ends_at_0": "2026-09-10",
            "ends_at_1": "20:00",
            "place_nb": "Kvæfjord rådhus",
            "agenda_items-TOTAL_FORMS": "2",
            "agenda_items-0-number": "5",
            "agenda_items-0-title_nb": "Ungdata",
            "agenda_items-1-number": "6",
            "agenda_items-1-title_nb": "Skjenking",
            "_save": "Lagre",
        }
    )
    data.update(fields)
    return data


def test_the_coordinator_plans_a_meeting_with_an_agenda(coordinator):
    response = coordinator.post(MEETINGS + "add/", meeting_form(coordinator))
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(starts_at__year=2026)
    assert [item.label for item in meeting.agenda_items.all()] == ["Sak 5/26", "Sak 6/26"]
    assert timezone.localtime(meeting.starts_at).hour == 18


def test_the_minutes_fields_say_that_no_individual_case_is_handled(coordinator):
    page = coordinator.get(MEETINGS + "add/").content.decode()
    notice = "Politirådet og Forebyggende forum behandler ikke enkeltsaker."
    # Once as the notice over the minutes, and as help on the minutes and items.
    assert page.count(notice) >= 3


def test_a_number_used_twice_in_one_agenda_is_refused_and_nothing_saved(coordinator):
    response = coordinator.post(
        MEETINGS + "add/", meeting_form(coordinator, **{"agenda_items-1-number": "5"})
    )
    assert response.status_code == 200
    assert "Sak 5 står to ganger i sakslisten." in response.content.decode()
    assert not Meeting.objects.filter(starts_at__year=2026).exists()
    assert not AgendaItem.objects.filter(number=5).exists()


def test_a_number_used_earlier_in_the_year_is_refused(coordinator):
    earlier = Meeting.objects.create(
        body=council(), starts_at=datetime(2026, 3, 5, 18, 0, tzinfo=OSLO)
    )
    AgendaItem.objects.create(meeting=earlier, number=6, title_nb="Tidligere sak")
    response = coordinator.post(MEETINGS + "add/", meeting_form(coordinator))
    assert response.status_code == 200
    assert (
        "Sak 6/26 er allerede brukt i Politirådet (møtet 5. mars 2026). Velg et annet saksnummer."
        in response.content.decode()
    )
    assert Meeting.objects.filter(starts_at__year=2026).count() == 1


def test_moving_a_meeting_into_a_year_where_its_numbers_are_taken_is_refused(coordinator):
    # The seeded meeting has Sak 1/27 and 2/27; a 2026 meeting with Sak 1 cannot move there.
    moved = Meeting.objects.create(
        body=council(), starts_at=datetime(2026, 9, 1, 18, 0, tzinfo=OSLO)
    )
    AgendaItem.objects.create(meeting=moved, number=1, title_nb="Sak")
    url = f"{MEETINGS}{moved.pk}/change/"
    response = post_admin(coordinator, url, starts_at_0="2027-02-01")
    assert response.status_code == 200
    assert "Sak 1/27 er allerede brukt i Politirådet" in response.content.decode()
    moved.refresh_from_db()
    assert moved.starts_at.year == 2026


def test_a_meeting_ending_before_it_starts_is_refused(coordinator):
    response = coordinator.post(MEETINGS + "add/", meeting_form(coordinator, ends_at_1="17:00"))
    assert response.status_code == 200
    assert "Møtet kan ikke slutte før det begynner." in response.content.decode()
    assert not Meeting.objects.filter(starts_at__year=2026).exists()


@pytest.mark.parametrize(
    "field",
    ["minutes_nb", "minutes_en", "agenda_items-0-title_nb", "agenda_items-1-decision_nb"],
)
def test_a_report_reference_in_the_minutes_or_the_agenda_is_refused(coordinator, field):
    response = coordinator.post(
        MEETINGS + "add/",
        meeting_form(coordinator, **{field: "Drøftet sak SLT 2026 0042 fra skolen."}),
    )
    assert response.status_code == 200
    assert "referansen til en bekymringsmelding (SLT 2026 0042)" in response.content.decode()
    assert not Meeting.objects.filter(starts_at__year=2026).exists()


def test_approving_the_minutes_publishes_them(coordinator, resident):
    meeting = held_meeting(approved_on=None)
    url = f"{MEETINGS}{meeting.pk}/change/"
    assert (
        "drøftet rusforebyggingen" not in resident.get(meeting.get_absolute_url()).content.decode()
    )
    response = post_admin(coordinator, url, approved_on=str(timezone.localdate()))
    assert response.status_code == 302
    assert "drøftet rusforebyggingen" in resident.get(meeting.get_absolute_url()).content.decode()


# The iCalendar feed.


def physical_lines(body: bytes) -> list[bytes]:
    assert body.endswith(b"\r\n")
    assert body.count(b"\n") == body.count(b"\r\n"), "a line ends in a bare LF"
    return body[:-2].split(b"\r\n")


def unfold(lines: list[bytes]) -> list[str]:
    logical: list[str] = []
    for line in lines:
        text = line.decode("utf-8")  # never a character split across lines
        if text.startswith(" "):
            logical[-1] += text[1:]
        else:
            logical.append(text)
    return logical


def events(logical: list[str]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in logical:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def test_the_feed_is_icalendar_with_one_event_per_published_meeting(resident):
    held_meeting(place_nb="Rådhuset, møterom 2; 2. etasje")
    held_meeting(41, published=False, starts_at=timezone.now() - timedelta(days=60))
    response = resident.get("/moter.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = physical_lines(response.content)
    assert all(len(line) <= 75 for line in lines)
    logical = unfold(lines)
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in logical and any(line.startswith("PRODID:") for line in logical)
    found = events(logical)
    assert len(found) == Meeting.objects.published().count() == 2
    assert len({event["UID"] for event in found}) == 2
    seeded = next(event for event in found if event["DTSTART"].startswith("2027"))
    assert seeded["DTSTART"] == "20270311T090000Z"  # 10:00 in Oslo, in winter
    assert seeded["DTEND"] == "20270311T110000Z"
    assert seeded["SUMMARY"] == "Møte i Politirådet"
    assert seeded["LOCATION"] == "Kvæfjord rådhus"
    assert "Sak 1/27 Handlingsplan SLT 2026–2029: gjennomgang\\nSak 2/27" in seeded["DESCRIPTION"]
    held = next(event for event in found if event is not seeded)
    assert held["LOCATION"] == "Rådhuset\\, møterom 2\\; 2. etasje"
    for event in found:
        assert set(event) >= {"UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL"}
        assert event["DTSTAMP"].endswith("Z")


def test_the_feed_runs_two_queries_however_many_meetings(resident, django_assert_num_queries):
    more_plan_content()
    with django_assert_num_queries(2):
        assert resident.get("/moter.ics").status_code == 200


def test_an_event_keeps_its_uid_when_the_meeting_changes(resident):
    meeting = Meeting.objects.get()
    before = events(unfold(physical_lines(resident.get("/moter.ics").content)))[0]["UID"]
    meeting.place_nb = "Borkenes skole"
    meeting.save()
    after = events(unfold(physical_lines(resident.get("/moter.ics").content)))[0]
    assert after["UID"] == before and after["LOCATION"] == "Borkenes skole"


def test_long_text_is_folded_at_75_octets_without_splitting_a_character(resident):
    item = AgendaItem.objects.get(number=2)
    item.title_nb = "Ærlig og åpen dialog om ungdommens øvelser, " * 4
    item.save()
    lines = physical_lines(resident.get("/moter.ics").content)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    description = events(unfold(lines))[0]["DESCRIPTION"]
    assert ("Ærlig og åpen dialog om ungdommens øvelser\\, " * 4).strip() in description


def test_text_values_are_escaped():
    assert escape("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_folding_counts_octets_not_characters():
    line = "DESCRIPTION:" + "æ" * 100
    folded = fold(line).encode()
    parts = folded.split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    assert all(part.startswith(b" ") for part in parts[1:])
    assert b"".join(part.removeprefix(b" ") for part in parts).decode() == line
    assert fold("SHORT:x") == "SHORT:x"


def test_the_feed_is_kept_in_the_page_cache_and_renewed_when_a_meeting_changes(
    settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    first = Client().get("/moter.ics")
    assert first["X-Page-Cache"] == "miss"
    assert Client().get("/moter.ics")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        item = AgendaItem.objects.get(number=2)
        item.title_nb = "Ungdata 2027"
        item.save()
    fresh = Client().get("/moter.ics")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Sak 2/27 Ungdata 2027" in fresh.content.decode()


def test_the_meeting_pages_are_renewed_when_a_meeting_is_edited(
    settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    meeting = Meeting.objects.get()
    paths = ["/moter/", meeting.get_absolute_url(), "/organisering/politiradet/"]
    for path in paths:
        Client().get(path)
        assert Client().get(path)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        meeting.place_nb = "Borkenes skole"
        meeting.save()
    for path in paths:
        page = Client().get(path)
        assert page["X-Page-Cache"] == "miss", path
        assert "Borkenes skole" in page.content.decode(), path


def test_the_seeded_meeting_has_no_minutes_or_approval():
    meeting = Meeting.objects.get()
    assert meeting.minutes_nb == "" and meeting.approved_on is None
    assert meeting.starts_at > datetime(2026, 12, 1, tzinfo=OSLO)
    assert date(2027, 1, 1) <= timezone.localdate(meeting.starts_at) <= date(2027, 6, 30)
