from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from levels.diagram import build_diagram
from levels.models import Body, Level, Member, Resource, Unit


@require_safe
def organisation(request):
    levels = list(
        Level.objects.prefetch_related(
            Prefetch("bodies", Body.objects.published()),
            Prefetch("units", Unit.objects.published()),
        )
    )
    coordinator = Unit.objects.published().filter(kind=Unit.Kind.COORDINATOR).first()
    return render(
        request,
        "levels/organisation.html",
        {
            "levels": levels,
            "coordinator": coordinator,
            "diagram": build_diagram(levels, coordinator),
        },
    )


@require_safe
def body_detail(request, slug):
    body = get_object_or_404(
        Body.objects.published()
        .select_related("level")
        .prefetch_related(
            Prefetch("members", Member.objects.select_related("unit")),
            "priority_areas",
        ),
        slug=slug,
    )
    areas = [area for area in body.priority_areas.all() if area.published]
    return render(request, "levels/body_detail.html", {"body": body, "areas": areas})


@require_safe
def contact(request):
    units = list(Unit.objects.published())
    return render(
        request,
        "levels/contact.html",
        {
            "coordinator": next((unit for unit in units if unit.is_coordinator), None),
            "units": [unit for unit in units if not unit.is_coordinator],
            "resources": Resource.objects.published(),
        },
    )
