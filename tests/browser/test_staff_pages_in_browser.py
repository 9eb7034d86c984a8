"""The coordinator's staff pages and the invitation link in real Chromium: axe finds nothing,
and a new colleague gets from the link to the admin by keyboard alone."""

import re

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp

from concerns.models import StaffMember
from slt_portal.models import Authenticator, StaffEvent
from tests.browser.test_admin_accessibility import AxeRun
from tests.conftest import logged_in, make_staff

pytestmark = pytest.mark.browser

PASSWORD = "Fjellrev-og-moltebær-27"
STAFF = "/admin/slt_portal/staffaccount/"


@pytest.fixture
def no_code_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def axe_context(new_context):
    """axe is injected, so the Content-Security-Policy is bypassed, as for the other admin pages."""
    return new_context(bypass_csp=True)


def test_axe_finds_nothing_on_the_staff_pages_and_the_link(
    site, new_context, axe_context, axe_source, no_code_throttle
):
    coordinator = make_staff("koordinator", "slt-koordinator", coordinator=True)
    colleague = make_staff("laerer", "borkenes-skole")
    Authenticator.objects.create(user=colleague, name="app", confirmed=True)
    colleague.set_password(PASSWORD)
    colleague.save()
    client = logged_in(coordinator)
    axe_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    page = axe_context.new_page()
    axe = AxeRun(page, axe_source)
    member = StaffMember.objects.get(user=colleague)

    axe.check("staff list", 200, page.goto(site + STAFF))
    axe.check("add a colleague", 200, page.goto(site + STAFF + "add/"))
    page.click("input[type=submit]")
    page.wait_for_selector(".errornote")
    axe.check("add a colleague, with errors")
    page.fill("#id_first_name", "Ingrid")
    page.fill("#id_last_name", "Hansen")
    page.fill("#id_email", "ingrid.hansen@kvafjord.kommune.no")
    page.select_option("#id_unit", label="Borkenes skole")
    page.click("input[type=submit]")
    page.wait_for_selector("#invitation-link")
    axe.check("the link, shown once")
    link = page.input_value("#invitation-link")
    assert re.search(r"/admin/invitasjon/\?lenke=[\w-]+$", link)

    axe.check("a staff member's page", 200, page.goto(site + f"{STAFF}{member.pk}/change/"))
    for act in ("flytt", "deaktiver", "nullstill-tofaktor", "ny-lenke"):
        axe.check(f"confirm: {act}", 200, page.goto(site + f"{STAFF}{member.pk}/{act}/"))
    page.click("input[type=submit]")
    page.wait_for_selector("#invitation-link")
    axe.check("staff events", 200, page.goto(site + "/admin/slt_portal/staffevent/"))
    axe.assert_clean()

    # The new colleague, in a browser of their own, by keyboard alone.
    person = new_context(bypass_csp=True).new_page()
    person_axe = AxeRun(person, axe_source)
    person.goto(link.replace("http://127.0.0.1:8000", site))
    person.wait_for_url("**/admin/invitasjon/")
    person_axe.check("choose a password")
    person.focus("#id_new_password1")
    person.keyboard.type("kort")
    person.keyboard.press("Tab")
    person.keyboard.type("kort")
    person.keyboard.press("Enter")
    person.wait_for_selector("#error-summary")
    person_axe.check("choose a password, with errors")
    person.fill("#id_new_password1", PASSWORD)
    person.fill("#id_new_password2", PASSWORD)
    person.focus("#id_new_password2")
    person.keyboard.press("Enter")
    person.wait_for_url("**/admin/2fa/**")
    assert person.locator(".two-factor-qr svg").count() == 1
    user = User.objects.get(email="ingrid.hansen@kvafjord.kommune.no")
    device = Authenticator.objects.get(user=user)
    person.focus("#id_token")
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    person.keyboard.type(f"{code:06d}")
    person.keyboard.press("Enter")
    person.wait_for_selector(".recovery-codes")
    person.goto(link.replace("http://127.0.0.1:8000", site))
    person_axe.check("a used link")
    person_axe.assert_clean()
    assert StaffEvent.objects.filter(kind=StaffEvent.Kind.PASSWORD_SET, subject=user).exists()
