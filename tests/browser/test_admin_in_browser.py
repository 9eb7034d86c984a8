"""The admin works in a real browser under the site's Content-Security-Policy."""

import pytest

from guides.models import Guide
from priorities.models import PriorityArea
from tests.browser.test_browser_checks import PageWatcher, watched_page  # noqa: F401
from tests.conftest import logged_in, make_staff
from tests.reports import stored_report

pytestmark = pytest.mark.browser


def test_case_work_and_content_pages_load_without_csp_or_console_errors(site, watched_page):  # noqa: F811
    client = logged_in(make_staff("koordinator", "slt-koordinator", coordinator=True))
    report = stored_report("barnevernstjenesten")
    watched_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    area, guide = PriorityArea.objects.first(), Guide.objects.first()
    assert area is not None and guide is not None
    paths = [
        "/admin/",
        "/admin/concerns/report/",
        f"/admin/concerns/report/{report.pk}/change/",
        "/admin/concerns/report/statistikk/",
        "/admin/concerns/reportevent/",
        "/admin/concerns/notification/",
        f"/admin/priorities/priorityarea/{area.pk}/change/",
        "/admin/priorities/priorityarea/add/",
        f"/admin/guides/guide/{guide.pk}/change/",
        "/admin/levels/unit/",
    ]
    found = {}
    for path in paths:
        watcher = PageWatcher(watched_page, site)
        try:
            response = watched_page.goto(site + path)
            watcher.settle()
            problems = {kind: seen for kind, seen in watcher.problems().items() if seen}
            if response is None or response.status != 200:
                problems["status"] = response and response.status
            if "/admin/login/" in watched_page.url or "/admin/2fa/" in watched_page.url:
                problems["not logged in"] = watched_page.url
        finally:
            watcher.stop()
        if problems:
            found[path] = problems
    assert not found, "\n".join(f"{path}: {problems}" for path, problems in found.items())
