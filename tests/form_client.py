"""A resident's browser reduced to what the concern form needs: cookies, the CSRF token,
a fresh submission key per report, and the reference the receipt page shows.

It talks HTTP to a running server (tests/live_stack.py), never to Django in-process.
"""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html import unescape

from tests.reports import valid_form

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERENCE = re.compile(r"<strong>(SLT-\d{4}-\d+)</strong>")
# A valid report as a resident fills it in: the fields of tests/reports.py's valid form that
# are not left blank, without the CSRF token and submission key (each POST brings its own).
REPORT = {
    name: value for name, value in valid_form().items() if value != "" and name != "submission_key"
}


HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def hidden_fields(html):
    """The hidden inputs of a page, as a browser would post them back."""
    return {unescape(name): unescape(value) for name, value in HIDDEN_INPUT.findall(html)}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FormClient:
    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        cookie_handler = urllib.request.HTTPCookieProcessor(self.cookies)
        self.opener = urllib.request.build_opener(cookie_handler, NoRedirect)
        self.token = None

    def request(self, path, data=None, timeout=30):
        """(status, body) for a GET, or a POST when data is given; redirects are not followed."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        if data is not None:
            request.add_header("Referer", self.base_url + path)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def open_form(self):
        status, html = self.request("/bekymring/")
        assert status == 200, status
        token = CSRF_INPUT.search(html)
        assert token is not None, "no CSRF token on the form page"
        self.token = token.group(1)

    def send_report(self, **overrides):
        """Post one report; (status of the POST, reference on the receipt or None)."""
        if self.token is None:
            self.open_form()
        data = {
            "csrfmiddlewaretoken": self.token,
            **REPORT,
            "submission_key": str(uuid.uuid4()),
            **overrides,
        }
        status, _html = self.request("/bekymring/", data)
        if status != 302:
            return status, None
        receipt_status, receipt = self.request("/bekymring/kvittering/")
        match = REFERENCE.search(receipt) if receipt_status == 200 else None
        return status, match.group(1) if match else None
