"""What a person with a real browser gets, beyond what axe checks.

These run under the site's real Content-Security-Policy (no bypass).
"""

import time
from urllib.parse import urlsplit

import pytest

from tests.public_urls import ROUTES, all_public_paths, paths_for

pytestmark = pytest.mark.browser

NOT_FOUND = {"/finnes-ikke/": "nb", "/en/does-not-exist/": "en"}

# Records violations of the Content-Security-Policy as the page reports them. Chromium
# also logs them on the console; this catches them even if that message changes.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}`
    + ` at ${event.sourceFile || document.URL}:${event.lineNumber}`
  );
});
"""


HOME = {"nb": "/", "en": "/en/"}


def other_language(language):
    return "en" if language == "nb" else "nb"


def every_public_path():
    """all_public_paths(), once published content is seen to reach every public route.

    The live server's database is flushed after each test and its content restored by
    serialized rollback; without it, the routes with a slug would drop out of the walk
    silently instead of failing.
    """
    unreached = [
        route.name
        for route in ROUTES
        if not paths_for(route, "nb") and not route.page.empty_until_published
    ]
    assert not unreached, f"no published content reaches {unreached}"
    return all_public_paths()


def in_both_languages():
    """Each public path, with its language and the same page in the other language."""
    pages = {}
    for route in ROUTES:
        # The walk finds a route's pages in the same order in both languages.
        for norwegian, english in zip(paths_for(route, "nb"), paths_for(route, "en"), strict=True):
            pages[norwegian] = ("nb", english)
            pages[english] = ("en", norwegian)
    return pages


class PageWatcher:
    """Everything a page asked for and everything that went wrong while it loaded."""

    def __init__(self, page, origin):
        self.page = page
        self.origin = origin
        self.requested = []
        self.in_flight = 0
        self.foreign_requests = []
        self.failures = []
        self.errors = []
        self._listeners = {
            "request": self._on_request,
            "requestfinished": self._on_request_finished,
            "requestfailed": self._on_request_failed,
            "response": self._on_response,
            "console": self._on_console,
            "pageerror": self._on_page_error,
        }
        for event, listener in self._listeners.items():
            page.on(event, listener)

    def stop(self):
        for event, listener in self._listeners.items():
            self.page.remove_listener(event, listener)

    def settle(self, quiet_ms=200, limit_s=10):
        """Wait until the page has had no request in flight and started none for quiet_ms.

        Like Playwright's "networkidle" (which waits 500 ms), so that what a page
        asks for after its load event (the icon, say) is seen too.
        """
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            seen = len(self.requested)
            self.page.wait_for_timeout(quiet_ms)
            if self.in_flight == 0 and len(self.requested) == seen:
                return
        raise AssertionError(f"{self.page.url} was still loading after {limit_s} s")

    def is_foreign(self, url):
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" != self.origin

    def _on_request(self, request):
        self.requested.append(request.url)
        self.in_flight += 1
        if self.is_foreign(request.url):
            self.foreign_requests.append(request.url)

    def _on_request_finished(self, request):
        self.in_flight -= 1

    def _on_request_failed(self, request):
        self.in_flight -= 1
        if not self.is_foreign(request.url):  # foreign ones are blocked, and reported above
            self.failures.append(f"{request.url}: {request.failure}")

    def _on_response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.failures.append(f"{response.url}: HTTP {response.status}")

    def _on_console(self, message):
        if message.type != "error":
            return
        # A 404 page's own status is logged as an error; that one is the page working.
        if (
            message.text.startswith(
                "Failed to load resource: the server responded with a status of 404"
            )
            and message.location.get("url") == self.page.url
            and urlsplit(self.page.url).path in NOT_FOUND
        ):
            return
        self.errors.append(f"console error: {message.text} ({message.location.get('url')})")

    def _on_page_error(self, error):
        self.errors.append(f"uncaught error: {error}")

    def problems(self):
        csp = self.page.evaluate("() => window.__cspViolations")
        return {
            "requests to other hosts": self.foreign_requests,
            "failed requests": self.failures,
            "errors": self.errors,
            "CSP violations": csp,
        }


@pytest.fixture
def watched_page(new_context, live_server):
    """A page in an ordinary context (the site's CSP applies) in which every request is seen.

    Routing every request turns the HTTP cache off, so each page really fetches
    all it uses, and a request to any other host is blocked here after it has
    been recorded: it never leaves the machine.
    """
    context = new_context()
    context.add_init_script(CSP_LISTENER)

    def route(route):
        parts = urlsplit(route.request.url)
        if f"{parts.scheme}://{parts.netloc}" == live_server.url:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)
    return context.new_page()


def test_pages_load_only_from_own_server_without_errors(site, watched_page):
    """Every page, in both languages, and the 404 page in each."""
    found = {}
    for path in [*every_public_path(), *NOT_FOUND]:
        watcher = PageWatcher(watched_page, site)
        try:
            response = watched_page.goto(site + path)
            watcher.settle()
            problems = {kind: seen for kind, seen in watcher.problems().items() if seen}
            expected_status = 404 if path in NOT_FOUND else 200
            if response is None or response.status != expected_status:
                problems["status"] = response and response.status
            # The stylesheets must really have been fetched and applied, or this proves little.
            sheets = watched_page.evaluate("() => document.styleSheets.length")
            if sheets < 3:
                problems["stylesheets applied"] = sheets
        finally:
            watcher.stop()
        if problems:
            found[path] = problems
    assert not found, "\n".join(f"{path}: {problems}" for path, problems in found.items())


def test_page_watcher_sees_foreign_requests_and_csp_violations(site, watched_page):
    """The check above must be able to fail: feed it a page that breaks both rules."""
    bad_html = (
        "<!doctype html><html lang='nb'><head><title>x</title>"
        "<link rel='stylesheet' href='https://cdn.invalid/x.css'></head>"
        "<body><script>document.title = 'inline';</script></body></html>"
    )
    policy = "default-src 'self'; script-src 'self'; style-src 'self' https://cdn.invalid"

    def bad_page(route):
        route.fulfill(
            status=200,
            body=bad_html,
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
        )

    watched_page.route(site + "/kontrollside/", bad_page)
    watcher = PageWatcher(watched_page, site)
    watched_page.goto(site + "/kontrollside/")
    watcher.settle()
    problems = watcher.problems()

    assert problems["requests to other hosts"] == ["https://cdn.invalid/x.css"]
    assert watched_page.title() == "x", "the inline script ran although the policy forbids it"
    assert any("script-src" in violation for violation in problems["CSP violations"])
    assert any("Content Security Policy" in error for error in problems["errors"])


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_first_tab_focuses_visible_skip_link_that_moves_focus_to_main(path, site, page):
    page.goto(site + path)
    skip_link = page.locator("a.ds-skip-link")
    assert skip_link.get_attribute("href") == "#main"
    assert not skip_link.evaluate("link => link === document.activeElement")

    page.keyboard.press("Tab")

    assert skip_link.evaluate("link => link === document.activeElement"), (
        "the first Tab focused "
        + page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    )
    # Visible means: a real size, inside the viewport, and what is painted at its centre.
    box = skip_link.bounding_box()
    assert box is not None
    assert box["width"] > 40 and box["height"] > 16, f"skip link is not visible: {box}"
    assert box["x"] >= 0 and box["y"] >= 0
    assert skip_link.evaluate(
        """link => {
            const box = link.getBoundingClientRect();
            const shown = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return link.contains(shown);
        }"""
    ), "the focused skip link is covered or clipped"

    page.keyboard.press("Enter")

    assert urlsplit(page.url).fragment == "main"
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('#main').contains(document.activeElement)")


@pytest.mark.parametrize(
    "path",
    ["/", "/en/", "/organisering/", "/en/organisering/"],
)
def test_pages_work_without_javascript(path, site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    response = page.goto(site + path)
    assert response is not None
    assert response.status == 200

    heading = page.locator("main h1")
    assert heading.count() == 1
    assert heading.is_visible()
    assert heading.inner_text().strip()

    if path.endswith("/organisering/"):
        diagram = page.locator("main figure svg")
        assert diagram.count() == 1
        assert diagram.is_visible()
        box = diagram.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100, box
        assert diagram.locator("title").text_content().strip()
        assert diagram.locator("text").count() > 3, "the diagram has no labels"


def language_problems(page, site, path, language, target):
    other = other_language(language)
    page.goto(site + path)
    problems = []
    if (lang := page.locator("html").get_attribute("lang")) != language:
        problems.append(f"<html lang={lang!r}>, expected {language!r}")
    switch = page.locator("header a[hreflang]")
    if switch.count() != 1:
        return [*problems, f"{switch.count()} language switch links in the header, expected 1"]
    for attribute, expected in [("hreflang", other), ("lang", other), ("href", target)]:
        if (value := switch.get_attribute(attribute)) != expected:
            problems.append(f"switch link {attribute}={value!r}, expected {expected!r}")

    with page.expect_navigation():
        switch.click()
    if (landed := urlsplit(page.url).path) != target:
        problems.append(f"the switch led to {landed}, expected {target}")
    if (lang := page.locator("html").get_attribute("lang")) != other:
        problems.append(f"after the switch <html lang={lang!r}>, expected {other!r}")
    if page.locator("main h1").count() != 1:
        problems.append("after the switch the page has no single <h1>")
    return problems


def test_page_language_and_language_switch(site, page):
    """<html lang> is nb or en, and the switch link leads to the same page in the other language."""
    counterparts = in_both_languages()
    pages = [(path, *counterparts[path]) for path in every_public_path()]
    # A page that does not exist has no counterpart: its switch goes to the other home page.
    pages += [
        (path, language, HOME[other_language(language)]) for path, language in NOT_FOUND.items()
    ]
    found = {}
    for path, language, target in pages:
        if problems := language_problems(page, site, path, language, target):
            found[path] = problems
    assert not found, "\n".join(f"{path}: {problems}" for path, problems in found.items())


def drawing_problems(page, charts, *, min_height):
    """What is wrong on the page just loaded, at a narrow width under the real policy
    (CSP_LISTENER added): CSP violations, sideways scrolling, charts (the `charts`
    selector) not drawn; and how many charts were found."""
    problems = []
    if violations := page.evaluate("() => window.__cspViolations"):
        problems.append(f"CSP: {violations}")
    viewport = page.viewport_size["width"]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > viewport:
        problems.append(f"scrolls sideways ({width} px): {page.evaluate(TOO_WIDE)}")
    found = page.locator(charts).all()
    for chart in found:
        box = chart.bounding_box()
        if not box or box["width"] < 200 or box["height"] < min_height:
            problems.append(f"a chart is not drawn: {box}")
    return problems, len(found)


# The elements that stick out past the right edge, innermost first, for the failure message.
# SVG text is left out: the diagram scales with its box, which is what counts.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const sticksOut = (el) => {
    if (el.closest("svg")) return false;
    const box = el.getBoundingClientRect();
    return Math.max(box.right, box.left + el.scrollWidth) > width + 0.5;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((el) => sticksOut(el) && ![...el.children].some(sticksOut))
    .slice(0, 10)
    .map((el) => `${el.tagName.toLowerCase()}${el.className ? "." + el.classList[0] : ""}`
      + ` "${el.textContent.trim().slice(0, 40)}"`);
}"""


def test_no_horizontal_scrolling_at_320_css_pixels(site, new_context):
    """WCAG 1.4.10 (reflow): at 320 CSS pixels no page may scroll sideways."""
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    found = {}
    for path in every_public_path():
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        sizes = page.evaluate(
            """() => ({
                viewport: document.documentElement.clientWidth,
                document: document.documentElement.scrollWidth,
                body: document.body.scrollWidth,
            })"""
        )
        assert sizes["viewport"] == 320, sizes
        if max(sizes["document"], sizes["body"]) > sizes["viewport"]:
            found[path] = f"{sizes}; sticking out: {page.evaluate(TOO_WIDE)}"
    assert not found, "scrolls sideways at 320 px:\n" + "\n".join(
        f"{path}: {problem}" for path, problem in found.items()
    )
