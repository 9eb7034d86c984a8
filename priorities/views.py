from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.public import public_page
from levels.models import Body, Member
from priorities.charts import concern_trend
from priorities.ical import calendar
from priorities.models import AgendaItem, Meeting, Plan, PriorityArea
from priorities.models.plan import current_plan
from priorities.plan_data import area_in_plan, plan_by_area


@public_page(queries=2)
def area_list(request):
    areas = PriorityArea.objects.published().select_related("set_by")
    return render(request, "priorities/area_list.html", {"areas": areas})


@public_page(queries=10)
def area_detail(request, slug):
    """An area: its goals in the current plan, their measures and indicators, and the
    concerns reported in it over the last years."""
    area = get_object_or_404(PriorityArea.objects.published().select_related("set_by"), slug=slug)
    plan = current_plan(list(Plan.objects.published()))
    trend = concern_trend(
        area.concern_counts.last_years(),
        key=f"trend-{area.slug}",
        title=_("Bekymringsmeldinger per år: %(area)s") % {"area": area.title},
    )
    return render(
        request,
        "priorities/area_detail.html",
        {"area": area, "plan": plan, "page": area_in_plan(area, plan), "trend": trend},
    )


@public_page(queries=8)
def plan_detail(request, slug=None):
    """The current plan at /handlingsplan/, an earlier or later one at /handlingsplan/<slug>/."""
    plans = list(Plan.objects.published())
    current = current_plan(plans)
    if slug is None:
        plan = current
    else:
        plan = next((plan for plan in plans if plan.slug == slug), None)
        if plan is None:
            raise Http404
    return render(
        request,
        "priorities/plan_detail.html",
        {
            "plan": plan,
            "current": current,
            "other_plans": [other for other in plans if other != plan],
            "areas": plan_by_area(plan) if plan else [],
        },
    )


@public_page(queries=5)
def body_detail(request, slug):
    """A body's page: its mandate, its members, the priority areas it set, its next meeting."""
    body = get_object_or_404(
        Body.objects.published()
        .select_related("level")
        .prefetch_related(
            Prefetch("members", Member.objects.select_related("unit")),
            Prefetch("priority_areas", PriorityArea.objects.published()),
        ),
        slug=slug,
    )
    next_meeting = Meeting.objects.published().filter(body=body).upcoming().first()
    return render(
        request,
        "levels/body_detail.html",
        {"body": body, "areas": body.priority_areas.all(), "next_meeting": next_meeting},
    )


def _attach_agenda(meetings, items):
    by_meeting = defaultdict(list)
    for item in items:
        by_meeting[item.meeting_id].append(item)
    for meeting in meetings:
        meeting.agenda_shown = by_meeting[meeting.pk]


@public_page(queries=3)
def meeting_list(request):
    """Upcoming meetings with their agenda, then the past ones, newest first."""
    now = timezone.now()
    meetings = list(Meeting.objects.published().select_related("body").order_by("starts_at", "pk"))
    upcoming = [meeting for meeting in meetings if meeting.starts_at >= now]
    past = [meeting for meeting in reversed(meetings) if meeting.starts_at < now]
    _attach_agenda(
        upcoming,
        AgendaItem.objects.filter(
            meeting__in=Meeting.objects.published().upcoming(now).values("pk")
        ),
    )
    return render(request, "priorities/meeting_list.html", {"upcoming": upcoming, "past": past})


@public_page(queries=5)
def meeting_detail(request, pk):
    """One meeting: its agenda; its main points and decisions once they are approved."""
    meeting = get_object_or_404(Meeting.objects.published().select_related("body"), pk=pk)
    items = list(AgendaItem.objects.filter(meeting=meeting))
    # The links of the decisions: one query each, run whether or not there are any.
    areas: defaultdict[int, list] = defaultdict(list)
    for area_link in (
        AgendaItem.areas.through.objects.filter(
            agendaitem__meeting=meeting, priorityarea__published=True
        )
        .select_related("priorityarea")
        .order_by("priorityarea__position", "priorityarea__pk")
    ):
        areas[area_link.agendaitem_id].append(area_link.priorityarea)
    measures: defaultdict[int, list] = defaultdict(list)
    for measure_link in (
        AgendaItem.measures.through.objects.filter(
            agendaitem__meeting=meeting, measure__published=True, measure__area__published=True
        )
        .select_related("measure__area")
        .order_by("measure__position", "measure__pk")
    ):
        measures[measure_link.agendaitem_id].append(measure_link.measure)
    for item in items:
        item.areas_shown = areas[item.pk]  # type: ignore[attr-defined]
        item.measures_shown = measures[item.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "priorities/meeting_detail.html",
        {"meeting": meeting, "items": items, "upcoming": meeting.starts_at >= timezone.now()},
    )


@require_safe
def meeting_calendar(request):
    """/moter.ics: every published meeting, for members' calendars. In Norwegian.

    Not a `public_page` (it is no HTML page), but the page cache keeps it like one:
    an anonymous GET, invalidated when a meeting or an agenda item is saved.
    """
    with translation.override(settings.LANGUAGE_CODE):
        meetings = list(
            Meeting.objects.published().select_related("body").order_by("starts_at", "pk")
        )
        _attach_agenda(
            meetings,
            AgendaItem.objects.filter(meeting__in=Meeting.objects.published().values("pk")),
        )
        body = calendar(meetings, site_url=settings.SITE_URL, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="moter.ics"'
    return response
