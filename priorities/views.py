from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from core.public import public_page
from levels.models import Body, Member, Unit
from priorities.models import Measure, PriorityArea


@public_page(queries=2)
def area_list(request):
    areas = PriorityArea.objects.published().select_related("set_by")
    return render(request, "priorities/area_list.html", {"areas": areas})


@public_page(queries=4)
def area_detail(request, slug):
    measures = Measure.objects.published().prefetch_related(
        Prefetch("responsible_units", Unit.objects.published())
    )
    area = get_object_or_404(
        PriorityArea.objects.published()
        .select_related("set_by")
        .prefetch_related(Prefetch("measures", measures)),
        slug=slug,
    )
    return render(request, "priorities/area_detail.html", {"area": area})


@public_page(queries=4)
def body_detail(request, slug):
    """A body's page: its mandate, its members and the priority areas it has set."""
    body = get_object_or_404(
        Body.objects.published()
        .select_related("level")
        .prefetch_related(
            Prefetch("members", Member.objects.select_related("unit")),
            Prefetch("priority_areas", PriorityArea.objects.published()),
        ),
        slug=slug,
    )
    return render(
        request, "levels/body_detail.html", {"body": body, "areas": body.priority_areas.all()}
    )
