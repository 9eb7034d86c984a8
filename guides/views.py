from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from core.public import public_page
from guides.models import Guide, GuideStep, WarningSignGroup
from levels.models import Unit


@public_page(queries=2)
def guide_list(request):
    return render(request, "guides/guide_list.html", {"guides": Guide.objects.published()})


@public_page(queries=5)
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
    return render(request, "guides/guide_detail.html", {"guide": guide})
