from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from priorities.views import meeting_calendar
from slt_portal import invitations, views
from slt_portal.sitemaps import sitemaps
from slt_portal.two_factor import two_factor

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # The meetings for members' calendars; one address to subscribe to, in Norwegian.
    path("moter.ics", meeting_calendar, name="meetings_calendar"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("admin/2fa/", two_factor, name="two_factor"),
    # A new staff member's one-time link (?lenke=…), then the same page without it, to choose
    # a password.
    path("admin/invitasjon/", invitations.invitation, name="staff_invitation"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("organisering/", include("levels.urls")),
    path("organisering/", include("priorities.body_urls")),
    path("kontakt/", include("levels.contact_urls")),
    path("satsingsomrader/", include("priorities.urls")),
    path("handlingsplan/", include("priorities.plan_urls")),
    path("moter/", include("priorities.meeting_urls")),
    path("handlingsveileder/", include("guides.urls")),
    path("bekymring/", include("concerns.urls")),
    path("arsrapport/", include("annual_reports.urls")),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    prefix_default_language=False,
)

handler400 = "slt_portal.views.bad_request"
# Inside /admin/ the admin's own pages, in its design and the staff's language; elsewhere
# the public site's (slt_portal.views).
handler403 = "slt_portal.admin_site.permission_denied"
handler404 = "slt_portal.admin_site.page_not_found"
handler500 = "slt_portal.admin_site.server_error"
