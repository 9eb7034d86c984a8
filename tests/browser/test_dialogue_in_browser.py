"""The conversation as its people use it, in Chromium: an anonymous sender on a phone, the
unit in the admin, the sender again. In both languages, with JavaScript and without, and
axe on every new page and state.

Also the duty-to-report notice (with and without JavaScript), the printed receipt (one A4
page, no navigation) and the reference and code on one line at 320 px.
"""

import re

import pytest

from concerns.models import Notification, Report
from concerns.notifications import notification_deliver
from tests.browser.test_accessibility import describe
from tests.conftest import logged_in, make_staff
from tests.reports import PROFESSIONAL

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")

# Each element's text laid out on exactly one line, and the page not wider than the screen.
ONE_LINE = """(selector) => [...document.querySelectorAll(selector)].map((el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  return {text: el.textContent.trim(), lines: tops.size};
})"""
WIDTHS = """() => ({viewport: document.documentElement.clientWidth,
  page: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)})"""


def axe_violations(page, axe_source):
    page.add_script_tag(content=axe_source)
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]


def assert_axe_clean(page, axe_source, where, *, checker=None):
    """axe on the page as it is. A page without JavaScript cannot run axe: its HTML, without
    scripts, is checked in `checker`, a page of a context with JavaScript on the same site."""
    if checker is not None:
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S)
        checker.goto(page.url)
        checker.set_content(html)
        page = checker
    violations = axe_violations(page, axe_source)
    assert not violations, f"{where}: {describe(violations)}"


def assert_fits_and_codes_on_one_line(page, where):
    for item in page.evaluate(ONE_LINE, ".nowrap"):
        assert item["lines"] == 1, f"{where}: {item['text']!r} breaks over {item['lines']} lines"
    widths = page.evaluate(WIDTHS)
    assert widths["page"] <= widths["viewport"], f"{where} scrolls sideways: {widths}"


def staff_context(new_context, site, user):
    context = new_context(bypass_csp=True)
    client = logged_in(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    return context.new_page()


@pytest.mark.parametrize(
    ("prefix", "javascript"),
    [("", True), ("/en", True), ("", False), ("/en", False)],
    ids=["nb-js", "en-js", "nb-no-js", "en-no-js"],
)
def test_an_anonymous_sender_and_the_unit_talk_it_through(
    site, new_context, axe_source, mailoutbox, prefix, javascript
):
    english = prefix == "/en"
    sender = new_context(bypass_csp=True, java_script_enabled=javascript, **PHONE).new_page()
    checker = None if javascript else new_context(bypass_csp=True, **PHONE).new_page()

    # The sender, anonymous, on a phone-sized screen.
    sender.goto(site + prefix + "/bekymring/")
    sender.check("input[name=reporter_role][value=private]")
    sender.fill("#id_child_age", "13")
    sender.check("input[name=guardians_informed][value=unknown]")
    sender.select_option("#id_topic", "mobbing")
    sender.fill("#id_description", "Hun blir holdt utenfor og får stygge meldinger hver kveld.")
    sender.click("form.report-form button[type=submit]")
    sender.wait_for_url(re.compile(r"/bekymring/kvittering/$"))
    report = Report.objects.get()
    assert report.reporter_name == "" and report.reporter_email == ""
    assert report.language == ("en" if english else "nb")
    receipt = sender.locator("main").inner_text()
    code = CODE.search(receipt)
    assert code and report.reference in receipt
    assert_fits_and_codes_on_one_line(sender, "receipt")
    assert_axe_clean(sender, axe_source, "receipt", checker=checker)

    # The unit asks a question in the admin.
    coordinator = make_staff("koordinator", "slt-koordinator", coordinator=True)
    unit = staff_context(new_context, site, coordinator)
    unit.goto(f"{site}/admin/concerns/report/{report.pk}/change/")
    unit.fill("#id_message_to_sender", "Takk. Hvilken skole går hun på?")
    unit.click("input[name=_save]")
    unit.wait_for_url(re.compile(r"/admin/concerns/report/(\?.*)?$"))

    # The sender looks up the status, reads the question and answers.
    sender.goto(site + prefix + "/bekymring/status/")
    assert_axe_clean(sender, axe_source, "status lookup", checker=checker)
    sender.fill("#id_reference", report.reference.lower())
    sender.fill("#id_code", "WRONG-CODE")
    sender.click("main form button[type=submit]")
    assert sender.locator(".ds-error-summary").is_visible()
    assert_axe_clean(sender, axe_source, "status lookup with an error", checker=checker)
    sender.fill("#id_code", code.group(0).lower().replace("-", " "))
    sender.click("main form button[type=submit]")
    sender.wait_for_url(re.compile(re.escape(prefix) + r"/bekymring/status/$"))
    thread = sender.locator("ol.thread")
    assert "Hvilken skole går hun på?" in thread.inner_text()
    assert sender.locator("html").get_attribute("lang") == ("en" if english else "nb")
    assert_fits_and_codes_on_one_line(sender, "thread")
    assert_axe_clean(sender, axe_source, "status with thread", checker=checker)

    # Pasting the code by mistake is refused, with what was typed kept.
    sender.fill("#id_message", f"Borkenes skole. Koden er {code.group(0)}")
    sender.click("form.message-form button[type=submit]")
    assert sender.locator("#id_message_error").is_visible()
    assert sender.input_value("#id_message").startswith("Borkenes skole.")
    assert_axe_clean(sender, axe_source, "status with a refused message", checker=checker)
    if javascript:
        assert (
            sender.locator(".counter")
            .first.inner_text()
            .endswith("characters left" if english else "tegn igjen")
        )

    sender.fill("#id_message", "Borkenes skole, 8. trinn.")
    sender.click("form.message-form button[type=submit]")
    sender.wait_for_url(re.compile(r"/bekymring/status/$"))
    assert "Borkenes skole, 8. trinn." in sender.locator("ol.thread").inner_text()
    assert sender.locator("[role=status]").is_visible()
    assert_axe_clean(sender, axe_source, "status after sending", checker=checker)

    # The unit sees the answer, marked in the case list, and its inbox is told.
    unit.goto(f"{site}/admin/concerns/report/")
    row = unit.locator("#result_list tbody tr", has_text=report.reference)
    assert "Ny melding fra avsender" in row.inner_text()
    unit.goto(f"{site}/admin/concerns/report/{report.pk}/change/")
    assert "Borkenes skole, 8. trinn." in unit.locator(".conversation").inner_text()
    admin_violations = axe_violations(unit, axe_source)
    assert not admin_violations, describe(admin_violations)
    report.refresh_from_db()
    assert not report.new_from_sender

    notification = Notification.objects.get(report=report, kind="sender_message")
    mailoutbox.clear()
    assert notification_deliver(notification_id=notification.pk) == "sent"
    (message,) = mailoutbox
    parts = [message.subject, message.body, *(alt.content for alt in message.alternatives)]
    assert report.reference in message.subject
    for part in parts:
        for secret in ["Borkenes", "8. trinn", "stygge meldinger", code.group(0), "mobbing"]:
            assert secret not in part, secret


def test_the_duty_notice_appears_as_the_three_conditions_hold_and_offers_child_welfare(
    site, new_context, axe_source
):
    page = new_context(bypass_csp=True).new_page()
    page.goto(site + "/bekymring/")
    notice = page.locator("#duty-notice")
    assert not notice.is_visible()
    page.check("input[name=reporter_role][value=professional]")
    assert not notice.is_visible()
    page.select_option("#id_topic", "vold-eller-overgrep")
    # The coordinator is preselected: all three hold now.
    assert notice.is_visible()
    assert "§ 13-2" in notice.inner_text()
    assert_axe_clean(page, axe_source, "form with the duty notice")
    page.click("#duty-notice [data-choose-recipient]")
    assert page.is_checked("input[name=recipient][value=barnevernstjenesten]")
    assert page.evaluate("document.activeElement.value") == "barnevernstjenesten"
    assert not notice.is_visible()
    page.check("input[name=recipient][value=slt-koordinator]")
    assert notice.is_visible()
    page.select_option("#id_topic", "mobbing")
    assert not notice.is_visible()


def test_without_javascript_the_duty_notice_is_there_before_the_button_and_never_blocks(
    site, new_context
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + "/bekymring/")
    notice = page.locator("#duty-notice")
    assert notice.is_visible()
    assert (
        notice.bounding_box()["y"]
        < page.locator("form.report-form button[type=submit]").bounding_box()["y"]
    )
    page.check("input[name=reporter_role][value=professional]")
    for field, value in PROFESSIONAL.items():
        if field != "reporter_role":
            page.fill(f"#id_{field}", value)
    page.fill("#id_child_age", "9")
    page.check("input[name=guardians_informed][value=no]")
    page.select_option("#id_topic", "vold-eller-overgrep")
    page.fill("#id_description", "Blåmerker på armene igjen.")
    page.click("form.report-form button[type=submit]")
    page.wait_for_url(re.compile(r"/bekymring/kvittering/$"))
    assert Report.objects.get().recipient.slug == "slt-koordinator"


def send_as_public_employee(page, site):
    page.goto(site + "/bekymring/")
    page.check("input[name=reporter_role][value=professional]")
    for field, value in PROFESSIONAL.items():
        if field != "reporter_role":
            page.fill(f"#id_{field}", value)
    page.fill("#id_child_age", "9")
    page.check("input[name=guardians_informed][value=no]")
    page.select_option("#id_topic", "vold-eller-overgrep")
    page.fill(
        "#id_description",
        "Eleven har hatt blåmerker på armene tre ganger de siste to ukene, og sier at hun er "
        "redd for å gå hjem. Kontaktlæreren og helsesykepleieren har snakket med henne.",
    )
    page.check("input[name=recipient][value=barnevernstjenesten]")
    page.click("form.report-form button[type=submit]")
    page.wait_for_url(re.compile(r"/bekymring/kvittering/$"))


def test_the_receipt_prints_on_one_clean_a4_page(site, new_context, axe_source):
    page = new_context(bypass_csp=True).new_page()
    send_as_public_employee(page, site)
    assert "Lærer Larsen" in page.locator("main").inner_text()
    assert page.locator("[data-print]").is_visible()  # the script shows the print button
    assert_axe_clean(page, axe_source, "public employee's receipt")
    page.emulate_media(media="print")
    for selector in [
        ".site-nav",
        ".site-footer",
        ".ds-skip-link",
        ".language-switch",
        "[data-print]",
    ]:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".receipt").is_visible() and page.locator(".sent").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the receipt prints on {pages} pages"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_reference_and_the_code_stay_on_one_line_at_320_px(site, new_context, prefix):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    send_as_public_employee(page, site)
    page.goto(site + prefix + "/bekymring/kvittering/")
    assert page.locator(".nowrap").count() == 2
    assert_fits_and_codes_on_one_line(page, "receipt at 320 px")


def test_the_thread_page_weight(site, new_context, capsys):
    """What a phone downloads for a status page with a thread of 20 messages."""
    from concerns.models import ReportEvent

    page = new_context(**PHONE).new_page()
    page.goto(site + "/bekymring/")
    page.check("input[name=reporter_role][value=private]")
    page.fill("#id_child_age", "13")
    page.check("input[name=guardians_informed][value=unknown]")
    page.select_option("#id_topic", "rus")
    page.fill("#id_description", "Han drikker i helgene.")
    page.click("form.report-form button[type=submit]")
    page.wait_for_url(re.compile(r"/bekymring/kvittering/$"))
    code = CODE.search(page.locator("main").inner_text())
    assert code
    report = Report.objects.get()
    for number in range(10):
        for kind in (ReportEvent.Kind.MESSAGE, ReportEvent.Kind.SENDER_MESSAGE):
            ReportEvent.objects.create(
                report=report, kind=kind, detail=f"Melding {number}: " + "tekst " * 33
            )
    page.goto(site + "/bekymring/status/")
    page.fill("#id_reference", report.reference)
    page.fill("#id_code", code.group(0))
    sizes: dict[str, int] = {}
    page.on("response", lambda response: sizes.__setitem__(response.url, len(response.body())))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/bekymring/status/$"))
    page.wait_for_load_state("networkidle")
    html = sum(size for url, size in sizes.items() if url.rstrip("/").endswith("status"))
    total = sum(sizes.values())
    with capsys.disabled():
        print(f"\nthread page, 20 messages: HTML {html} bytes, all {total} bytes uncompressed")
    assert page.locator(".thread__message").count() == 20
    assert html < 40_000 and total < 600_000
