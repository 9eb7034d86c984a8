"""The topics of the concern form: plain words, edited by the coordinator, each mapped to the
category and priority area the statistics count by."""

import re

import pytest

from concerns.models import Report, Topic
from priorities.models import PriorityArea
from tests.reports import valid_form

pytestmark = pytest.mark.django_db

FORM = "/bekymring/"


def test_the_seeded_topics_use_the_words_a_parent_would():
    labels = list(Topic.objects.published().values_list("label_nb", flat=True))
    for words in [
        "Rus",
        "Vold eller overgrep",
        "Mobbing",
        "Radikalisering eller ekstremisme",
        "Annet",
    ]:
        assert words in labels
    assert any(label.startswith("Kriminalitet") for label in labels)
    assert all(topic.label_en for topic in Topic.objects.all())
    duty = set(Topic.objects.filter(duty_to_report=True).values_list("slug", flat=True))
    assert duty == {"vold-eller-overgrep", "omsorgssvikt"}


def test_every_priority_area_a_parent_could_report_about_is_reached_by_a_topic():
    reached = set(
        Topic.objects.exclude(priority_area=None).values_list("priority_area__slug", flat=True)
    )
    assert {
        "vold-og-overgrep",
        "rusforebygging",
        "trafikksikkerhet",
        "arbeidsmarkedskriminalitet",
    } <= reached


def test_the_form_shows_the_topics_in_order_with_the_duty_topics_marked(resident):
    html = resident.get(FORM).content.decode()
    options = re.findall(r'<option value="([^"]*)"', html)
    assert options[0] == ""
    assert options[1:] == list(Topic.objects.published().values_list("slug", flat=True))
    assert (
        '<option value="vold-eller-overgrep" data-duty="true">Vold eller overgrep</option>' in html
    )
    assert '<option value="rus">Rus</option>' in html
    english = resident.get("/en" + FORM).content.decode()
    assert '<option value="mobbing">Bullying</option>' in english


@pytest.mark.parametrize(
    ("slug", "category", "area"),
    [
        ("rus", Report.Category.PRIORITY_AREA, "rusforebygging"),
        ("vold-eller-overgrep", Report.Category.PRIORITY_AREA, "vold-og-overgrep"),
        ("radikalisering", Report.Category.RADICALISATION, None),
        ("mobbing", Report.Category.OTHER, None),
    ],
)
def test_a_report_stores_its_topic_and_the_category_and_area_it_maps_to(
    resident, slug, category, area
):
    assert resident.post(FORM, valid_form(topic=slug)).status_code == 302
    report = Report.objects.get()
    assert getattr(report.topic, "slug", None) == slug
    assert report.category == category
    assert getattr(report.priority_area, "slug", None) == area


def test_the_coordinator_edits_a_topic_and_the_form_follows(coordinator, resident):
    topic = Topic.objects.get(slug="mobbing")
    response = coordinator.post(
        f"/admin/concerns/topic/{topic.pk}/change/",
        {
            "label_nb": "Mobbing eller utestenging",
            "label_en": "Bullying or exclusion",
            "category": "other",
            "priority_area": "",
            "duty_to_report": "",
            "position": "5",
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert ">Mobbing eller utestenging</option>" in resident.get(FORM).content.decode()
    # A new one, mapped to an area.
    area = PriorityArea.objects.get(slug="beredskap")
    response = coordinator.post(
        "/admin/concerns/topic/add/",
        {
            "label_nb": "Noe farlig i nærmiljøet",
            "label_en": "Something dangerous nearby",
            "slug": "farlig-naermiljo",
            "category": "other",
            "priority_area": area.pk,
            "position": "95",
            "published": "on",
        },
    )
    assert response.status_code == 302
    assert resident.post(FORM, valid_form(topic="farlig-naermiljo")).status_code == 302
    report = Report.objects.get()
    assert (report.category, report.priority_area) == (Report.Category.PRIORITY_AREA, area)


def test_an_unpublished_topic_leaves_the_form_and_old_reports_keep_it(resident):
    assert resident.post(FORM, valid_form(topic="mobbing")).status_code == 302
    Topic.objects.filter(slug="mobbing").update(published=False)
    assert 'value="mobbing"' not in resident.get(FORM).content.decode()
    assert getattr(Report.objects.get().topic, "slug", None) == "mobbing"


def test_topics_are_never_deleted_in_the_admin(coordinator):
    topic = Topic.objects.get(slug="annet")
    assert coordinator.get(f"/admin/concerns/topic/{topic.pk}/delete/").status_code == 403


def test_only_the_coordinator_edits_topics(teacher, coordinator_user, teacher_user):
    assert teacher.get("/admin/concerns/topic/").status_code == 403
    assert coordinator_user.has_perm("concerns.change_topic")
    assert not coordinator_user.has_perm("concerns.delete_topic")
    assert not teacher_user.has_perm("concerns.view_topic")


def test_deleting_a_priority_area_leaves_its_topic_counted_by_category():
    """The priority pages may delete an area; the topic then counts by its own category."""
    area = PriorityArea.objects.get(slug="trafikksikkerhet")
    area.delete()
    topic = Topic.objects.get(slug="trafikk")
    assert topic.priority_area is None
    assert topic.report_category == Report.Category.OTHER


def test_the_case_list_shows_the_topic(resident, coordinator):
    resident.post(FORM, valid_form(topic="mobbing"))
    html = coordinator.get("/admin/concerns/report/").content.decode()
    assert '<td class="field-topic_label">Mobbing</td>' in html
