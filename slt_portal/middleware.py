"""Response headers Django has no setting for, and the staff session limits."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout

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
