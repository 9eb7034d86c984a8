from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from concerns.models import Guide, GuideStep, WarningSignGroup
from levels.models import Unit


@require_safe
def guide_list(request):
    return render(request, "concerns/guide_list.html", {"guides": Guide.objects.published()})


@require_safe
def guide_detail(request, slug):
    steps = GuideStep.objects.published().prefetch_related(
        Prefetch("contacts", Unit.objects.published())
    )
    guide = get_object_or_404(
        Guide.objects.published().prefetch_related(
            Prefetch("steps", steps),
            Prefetch("sign_groups", WarningSignGroup.objects.published()),
        ),
        slug=slug,
    )
    return render(request, "concerns/guide_detail.html", {"guide": guide})
