"""The admin in a real Chromium: axe finds nothing, and the work can be done by keyboard alone.

axe runs with its default rule set, as on the public pages (test_accessibility.py): every
WCAG 2.0/2.1/2.2 A and AA rule and its best-practice rules, none disabled. What it finds is
fixed in the admin's templates (templates/admin/) or its stylesheet (static/css/admin.css).

The pages are the ones staff spend their day on: the login and the second factor (first
enrolment with the QR code, a wrong code, the recovery codes), the desk (the admin's start
page), the report list with every filter open, a report with errors in it, the statistics
and the access log; and the pages around them (a missing page, a page they may not open,
the lockout and logout pages).
"""

import pytest
from django_otp.oath import totp

from concerns.models import Report, ReportEvent
from guides.models import Guide
from levels.models import Body
from slt_portal.models import Authenticator
from tests.browser.test_accessibility import describe
from tests.browser.test_browser_checks import CSP_LISTENER
from tests.conftest import logged_in, make_staff
from tests.reports import stored_report

pytestmark = pytest.mark.browser

PASSWORD = "Korrekt-hest-batteri-9"


@pytest.fixture
def no_code_throttle(settings):
    # A right code may follow a wrong one at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def new_coordinator(username="ny-koordinator"):
    """A coordinator who has a password but has never logged in: no authenticator yet."""
    user = make_staff(username, "slt-koordinator", coordinator=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def current_code(user):
    device = Authenticator.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def axe_context(new_context):
    """A context for axe: the Content-Security-Policy is bypassed so that axe can be injected.

    The admin under the real policy is checked in test_admin_in_browser.py.
    """
    return new_context(bypass_csp=True)


def violations(page, axe_source):
    # The admin's scripts finish their widgets (and static/js/admin-a11y.js names them) just
    # after the load event.
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 100))")
    page.add_script_tag(content=axe_source)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert results["passes"], f"{page.url}: axe reported no passing rule"
    return results["violations"]


def submit(page, button):
    """Press a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(button)


class AxeRun:
    """Runs axe on each page it is shown, and keeps what it found per page."""

    def __init__(self, page, axe_source):
        self.page = page
        self.axe_source = axe_source
        self.found = {}
        self.checked = []

    def check(self, name, expected_status=None, response=None):
        if expected_status is not None:
            status = response.status if response is not None else None
            assert status == expected_status, f"{name}: answered {status}"
        self.checked.append(name)
        if found := violations(self.page, self.axe_source):
            self.found[name] = describe(found)

    def assert_clean(self):
        assert self.checked
        assert not self.found, "\n".join(
            f"{name} ({len(self.checked)} pages checked): {problem}"
            for name, problem in self.found.items()
        )


def test_axe_finds_nothing_on_the_login_and_second_factor_pages(
    site, axe_context, axe_source, no_code_throttle
):
    user = new_coordinator()
    page = axe_context.new_page()
    axe = AxeRun(page, axe_source)

    axe.check("login", 200, page.goto(site + "/admin/login/?next=/admin/"))
    submit(page, "#login-form button[type=submit]")  # empty: errors for both fields
    assert page.locator("#error-summary li").count() == 2
    axe.check("login with errors")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "feil-passord")
    submit(page, "#login-form button[type=submit]")
    assert page.locator("#error-summary li").count() == 1
    axe.check("login with a wrong password")

    page.fill("#id_password", PASSWORD)
    submit(page, "#login-form button[type=submit]")
    assert "/admin/2fa/" in page.url
    assert page.locator(".two-factor-qr svg").count() == 1
    axe.check("second factor, first enrolment with the QR code")
    page.fill("#id_token", "000000")
    submit(page, "form.sign-in__form button[type=submit]")
    assert page.locator("#error-summary").count() == 1
    axe.check("second factor with a wrong code")

    page.fill("#id_token", current_code(user))
    submit(page, "form.sign-in__form button[type=submit]")
    assert page.locator(".recovery-codes li").count() == 10
    axe.check("recovery codes")
    submit(page, "text=gå videre")
    assert page.url == site + "/admin/"
    axe.check("desk")

    submit(page, "#logout-form button")
    assert page.locator(".sign-in__card").count() == 1
    axe.check("logged out")
    axe.assert_clean()


def test_axe_finds_nothing_on_the_lockout_page(site, axe_context, axe_source, no_code_throttle):
    user = new_coordinator()
    page = axe_context.new_page()
    page.goto(site + "/admin/login/")
    for _attempt in range(5):
        page.fill("#id_username", user.username)
        page.fill("#id_password", "feil-passord")
        submit(page, "#login-form button[type=submit]")
    assert "For mange mislykkede innlogginger" in page.content()
    axe = AxeRun(page, axe_source)
    axe.check("locked out")
    axe.assert_clean()


@pytest.fixture
def staff_page(site, axe_context):
    """A page logged in as a staff member, with password and second factor."""

    def open_as(user):
        client = logged_in(user)
        axe_context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
        )
        return axe_context.new_page()

    return open_as


def test_axe_finds_nothing_on_the_case_work_pages(site, staff_page, axe_source):
    coordinator = make_staff("koordinator", "slt-koordinator", coordinator=True)
    report = stored_report("barnevernstjenesten")
    stored_report("slt-koordinator", child_name="Ola Nordmann")
    page = staff_page(coordinator)
    axe = AxeRun(page, axe_source)

    axe.check("desk", 200, page.goto(site + "/admin/"))

    response = page.goto(site + "/admin/concerns/report/?_facets=1&status__exact=new")
    page.evaluate(
        "() => document.querySelectorAll('#changelist-filter details').forEach(d => d.open = true)"
    )
    assert page.locator("#changelist-filter details[open]").count() >= 5
    axe.check("report list, every filter open, with counts", 200, response)
    axe.check("report search", 200, page.goto(site + "/admin/concerns/report/?q=SLT"))

    change = f"/admin/concerns/report/{report.pk}/change/"
    axe.check("report", 200, page.goto(site + change))
    # Closing a case without an outcome is refused: the page shows its errors.
    page.select_option("#id_status", Report.Status.CLOSED)
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    assert page.locator(".errorlist").count() >= 1
    axe.check("report with errors")

    axe.check("statistics", 200, page.goto(site + "/admin/concerns/report/statistikk/"))
    axe.check("access log", 200, page.goto(site + "/admin/concerns/reportevent/"))
    axe.check(
        "access log, filtered",
        200,
        page.goto(site + "/admin/concerns/reportevent/?kind__exact=viewed"),
    )
    axe.check("register a concern", 200, page.goto(site + "/admin/concerns/report/registrer/"))
    axe.check("content list", 200, page.goto(site + "/admin/levels/unit/"))
    body, guide = Body.objects.first(), Guide.objects.first()
    assert body is not None and guide is not None
    axe.check(
        "content with a table of members",
        200,
        page.goto(site + f"/admin/levels/body/{body.pk}/change/"),
    )
    # The wide table scrolls in its own box; the page itself does not scroll sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    axe.check(
        "content with steps and a chooser of units",
        200,
        page.goto(site + f"/admin/guides/guide/{guide.pk}/change/"),
    )
    axe.check("missing page", 404, page.goto(site + "/admin/finnes-ikke/"))
    axe.check("password change", 200, page.goto(site + "/admin/password_change/"))
    axe.assert_clean()


def test_axe_finds_nothing_where_unit_staff_may_not_go(site, staff_page, axe_source):
    teacher = make_staff("laerer", "borkenes-skole")
    page = staff_page(teacher)
    axe = AxeRun(page, axe_source)
    axe.check("desk of a unit", 200, page.goto(site + "/admin/"))
    axe.check("a page they may not open", 403, page.goto(site + "/admin/levels/unit/"))
    axe.assert_clean()


# ---------------------------------------------------------------------------------------
# By keyboard alone


FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName,
    name: element.getAttribute("name") || element.id || element.textContent.trim().slice(0, 40),
    visible: element.matches(":focus-visible")
      && (style.outlineStyle !== "none" || style.boxShadow !== "none"),
  };
}"""


def policy_kept(page):
    """The page's URL, once nothing on it was blocked by the Content-Security-Policy."""
    assert page.evaluate("() => window.__cspViolations") == [], page.url
    return page.url


def tab_to(page, selector, limit=250):
    """Press Tab until `selector` has the focus; every stop on the way must show the focus."""
    unseen = []
    for _press in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_SHOWN)
        if not focus["visible"]:
            unseen.append(f"{focus['tag']} {focus['name']}")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert not unseen, f"{page.url}: the focus is not visible on {unseen}"
            return
    raise AssertionError(f"{page.url}: Tab never reached {selector}")


def test_a_coordinator_logs_in_and_works_a_report_with_the_keyboard_only(
    site, new_context, no_code_throttle
):
    user = new_coordinator()
    report = stored_report("slt-koordinator")
    context = new_context()  # the site's real Content-Security-Policy
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    keys = page.keyboard
    reached = []

    page.goto(site + "/admin/")
    page.wait_for_url("**/admin/login/**")
    reached.append(policy_kept(page))
    # The username field has the focus when the page opens.
    assert page.evaluate("() => document.activeElement.id") == "id_username"
    keys.type(user.username)
    tab_to(page, "#id_password")
    keys.type(PASSWORD)
    keys.press("Enter")

    page.wait_for_url("**/admin/2fa/**")
    reached.append(policy_kept(page))
    tab_to(page, "#id_token")
    keys.type(current_code(user))
    keys.press("Enter")

    page.wait_for_selector(".recovery-codes")
    reached.append(policy_kept(page))
    tab_to(page, "a.ds-button")
    keys.press("Enter")

    page.wait_for_url(site + "/admin/")
    reached.append(policy_kept(page))
    tab_to(page, "#content-main a[href='/admin/concerns/report/']")
    keys.press("Enter")

    page.wait_for_url("**/admin/concerns/report/")
    reached.append(policy_kept(page))
    tab_to(page, f"#result_list a[href$='/concerns/report/{report.pk}/change/']")
    keys.press("Enter")

    page.wait_for_url(f"**/admin/concerns/report/{report.pk}/change/")
    reached.append(policy_kept(page))
    tab_to(page, "#id_status")
    # A closed <select> changes its choice with the arrow keys, without opening.
    keys.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == Report.Status.RECEIVED
    tab_to(page, "#id_note")
    keys.type("Ringt skolen, de følger opp.")
    tab_to(page, "input[name=_save]")
    keys.press("Space")

    page.wait_for_url("**/admin/concerns/report/")
    reached.append(policy_kept(page))
    assert page.locator(".messagelist .success").count() == 1
    report.refresh_from_db()
    assert report.status == Report.Status.RECEIVED
    notes = report.events.filter(kind=ReportEvent.Kind.NOTE, actor=user)
    assert [note.detail for note in notes] == ["Ringt skolen, de følger opp."]
    # Every page on the way worked under the policy: nothing of theirs was blocked.
    assert len(reached) == 7, reached
