"""Refusing requests no browser of ours would send, before any view reads them."""

from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig


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
