from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from levels.models import Unit
from priorities.models import Measure, PriorityArea


@require_safe
def area_list(request):
    areas = PriorityArea.objects.published().select_related("set_by")
    return render(request, "priorities/area_list.html", {"areas": areas})


@require_safe
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
