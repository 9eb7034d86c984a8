"""Whole public pages kept in the shared cache, served before sessions, auth and CSRF run.

A page is stored with the content version current when it was rendered. Any save or
delete of published content sets a new version once its transaction has committed, so
the next request on any worker or host renders afresh: a stale page can never be served,
whatever the timeout. Only anonymous GETs without a query string are served from or
stored in the cache, and only responses that set no cookie and do not forbid caching:
the concern form, receipt, status and admin pages are `no-store`, so never kept.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag

from core.public import shown_models, written_in_bulk

VERSION_KEY = "pages:version"


def new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def content_changed(sender, using=None, **kwargs):
    # After commit: a page rendered between the save and the commit would show the old
    # content under the new version, and stay.
    transaction.on_commit(new_version, using=using)


def connect_invalidation():
    # Only declared public content and figures: a new report must not empty the cache.
    for model in shown_models():
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-del-{model}")
        written_in_bulk.connect(
            content_changed, sender=model, dispatch_uid=f"page-cache-bulk-{model}"
        )
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                content_changed, sender=through, dispatch_uid=f"page-cache-{through}"
            )
    # A deploy runs migrate: new templates and code must not meet old pages.
    post_migrate.connect(lambda **kwargs: new_version(), weak=False, dispatch_uid="page-cache-mig")


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


class PageCacheMiddleware:
    # Pages this process served lately, so that a hit reads only the version from the
    # shared cache. A page is used only under the version it was stored with.
    RECENT_MAX = 200

    def __init__(self, get_response):
        self.get_response = get_response
        self.recent = {}

    def remember(self, key, entry):
        if entry is None:
            return
        if len(self.recent) >= self.RECENT_MAX:
            self.recent.clear()
        self.recent[key] = entry

    def __call__(self, request):
        if not (settings.PAGE_CACHE and self.may_use_cache(request)):
            return self.get_response(request)
        try:
            # Only a host we serve: `Host: evil.example` must never get, or plant, a page.
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)
        # The sitemap and robots.txt carry absolute URLs: one page per scheme and host.
        address = f"{request.scheme}://{host}{request.path}"
        key = "page:" + hashlib.sha256(address.encode()).hexdigest()
        version = current_version()
        entry = self.recent.get(key)
        if entry is None or entry[0] != version:
            entry = cache.get(key)
            self.remember(key, entry)
        if entry is not None and entry[0] == version:
            _version, status, headers, content = entry
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.may_store(request, response):
            patch_cache_control(response, no_cache=True)
            set_response_etag(response)
            entry = (version, response.status_code, list(response.items()), response.content)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            self.remember(key, entry)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def may_use_cache(request):
        return (
            request.method == "GET"
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def may_store(request, response):
        cache_control = response.get("Cache-Control", "")
        # A page that used its CSP nonce would hand every visitor the same nonce.
        used_nonce = bool(getattr(request, "_csp_nonce", None))
        return (
            not used_nonce
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "no-store" not in cache_control
            and "private" not in cache_control
        )
