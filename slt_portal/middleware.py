"""Response headers Django has no setting for, requests no browser would send, and the staff
session limits."""

import time
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.core.exceptions import BadRequest, RequestDataTooBig

# The portal uses none of these browser features; saying so stops any embedded
# or injected content from asking for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    ]
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestSanityMiddleware:
    """Refuses, with the 400 page, requests no browser of ours would send.

    - A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE, by its Content-Length, before it
      is read: Django's own limit leaves out file parts, and the portal takes no files.
    - A form body that is not UTF-8: Django would read it as Latin-1 or with U+FFFD in
      place of the bad bytes, and the damaged text would be stored as if it were sent.
    - A NUL in the query string, which PostgreSQL refuses with a server error.
    """

    FORM = "application/x-www-form-urlencoded"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BadRequest("unreadable Content-Length") from None
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig("request body too large")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            raise BadRequest("NUL in the query string")
        if request.method == "POST" and request.content_type == self.FORM:
            try:
                parse_qsl(request.body.decode(), keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                raise BadRequest("form body is not UTF-8") from None
        return self.get_response(request)


class StaffSessionTimeoutMiddleware:
    """Ends a logged-in session after SESSION_IDLE_SECONDS without a request, and
    SESSION_COOKIE_AGE after login whatever happens.

    Both limits are checked against times kept in the session itself, so they
    hold on every worker and host; logout flushes the session on the server.
    """

    STARTED = "_auth_started"
    SEEN = "_auth_last_seen"
    # Writing the session on every request would cost a database write per page.
    SEEN_RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated and SESSION_KEY in request.session:
            # The account was deactivated or deleted since login: end the session on the
            # server too, rather than leave it to expire.
            request.session.flush()
        elif user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(self.STARTED, now)
            seen = session.get(self.SEEN, now)
            if (
                now - seen > settings.SESSION_IDLE_SECONDS
                or now - started > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
            elif now - seen >= self.SEEN_RESOLUTION or self.SEEN not in session:
                session[self.SEEN] = now
        return self.get_response(request)
