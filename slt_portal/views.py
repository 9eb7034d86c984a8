import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from concerns.health import problems
from core.public import public_page
from guides.models import Guide
from levels.models import EmergencyNumber, Unit
from priorities.models import PriorityArea

logger = logging.getLogger(__name__)

HELP_KINDS = [
    Unit.Kind.COORDINATOR,
    Unit.Kind.SCHOOL,
    Unit.Kind.HEALTH_STATION,
    Unit.Kind.CHILD_WELFARE,
    Unit.Kind.POLICE,
]


@public_page(queries=5)
def home(request):
    return render(
        request,
        "home.html",
        {
            "helpers": Unit.objects.published().filter(kind__in=HELP_KINDS),
            "areas": PriorityArea.objects.published(),
            "guides": Guide.objects.published(),
            "emergency_numbers": EmergencyNumber.objects.published(),
        },
    )


@public_page(queries=1)
def privacy(request):
    return render(request, "pages/privacy.html", {"retention_days": settings.REPORT_RETENTION_DAYS})


@public_page(queries=1)
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_safe
@never_cache
def healthz(request):
    """The database answers, the task worker has been seen, and notifications go out.

    A 503 names what is wrong; the same problems are shown to the coordinator in the admin.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        found = [problem.code for problem in problems()]
    except DatabaseError as error:
        # The exception class is enough to act on; its text may carry connection details.
        logger.error("health check: database unavailable (%s)", type(error).__name__)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    if found:
        logger.warning("health check: %s", ", ".join(found))
        return JsonResponse({"status": "error", "database": "ok", "problems": found}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "worker": "ok"})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico on pages without a <link rel="icon">, such as the admin.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors and no database: this page must render when everything else is down.
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    # The reason names Django internals; the person needs to know what to do instead.
    return render(request, "403_csrf.html", status=403)
