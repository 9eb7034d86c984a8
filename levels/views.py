from django.db.models import Prefetch
from django.shortcuts import render

from core.public import public_page
from levels.diagram import build_diagram
from levels.models import Body, Level, Resource, Unit


@public_page(queries=5)
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


@public_page(queries=3)
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
