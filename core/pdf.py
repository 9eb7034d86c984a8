"""HTML and CSS to PDF/A, with WeasyPrint, and nothing fetched from the network.

`render_pdf(template, context)` renders a Django template and returns the PDF's bytes:
PDF/A-2b by default, the level of PDF/A that Norwegian public archives accept, with
every font embedded. The title and metadata come from the template's <title> and
<meta> elements (name="author", "description", "keywords", "dcterms.created").

The only resources a document can load are our own static files (a stylesheet, a logo),
named by the URL `{% static %}` gives; WeasyPrint is handed the file from disk. Every
other URL (http, https, file, data) is refused: nothing that ends up in a document can
make the server fetch anything. Fonts are the system's (Debian's fonts-dejavu-core),
found by fontconfig.

WeasyPrint (and the Pango library under it) is imported on the first render, not when
Django starts.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint import Document

ARCHIVE_VARIANT = "pdf/a-2b"
# Relative URLs in a document resolve against this origin, which is never fetched.
BASE_URL = "https://document.invalid/"


class RefusedURL(ValueError):
    """A document asked for something other than one of our static files."""


def static_file(url: str) -> bytes:
    """The bytes of the static file a document's URL names; RefusedURL for anything else."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
        raise RefusedURL(url)
    name = unquote(parts.path.removeprefix(prefix))
    if not name or ".." in name.split("/"):
        raise RefusedURL(url)
    # Collected (with hashed names) in production, found in the apps' folders otherwise.
    if settings.STATIC_ROOT and staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return file.read()
    path = finders.find(name)
    if not path or isinstance(path, list):
        raise RefusedURL(url)
    with open(path, "rb") as file:
        return file.read()


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            return URLFetcherResponse(url, static_file(url))

    return StaticFilesOnly()


def render_document(template_name: str, context: Mapping[str, Any]) -> "Document":
    """The laid-out document, for callers (and tests) that look at pages or text."""
    from weasyprint import HTML

    html = render_to_string(template_name, dict(context))
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).render()


def render_pdf(
    template_name: str, context: Mapping[str, Any], *, variant: str | None = ARCHIVE_VARIANT
) -> bytes:
    """The template rendered as a PDF (PDF/A-2b unless `variant` says otherwise)."""
    return render_document(template_name, context).write_pdf(pdf_variant=variant)
