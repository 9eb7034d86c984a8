"""The one declaration of what is public: content models and public pages.

An app lists the models shown on public pages in its AppConfig as `public_models`;
a public page's view is decorated with `public_page(queries=N)`. From these alone
come the page-cache invalidation, the coordinator's content permissions (an
allow-list: a model not declared here is never editable as content), the sitemap,
and the guard tests that walk every public URL.

Figures shown on public pages but written by the portal itself, never edited (the
concerns counted per priority area), are listed apart as `public_figures`: they renew
the page cache like content, and give nobody a permission to change them.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.dispatch import Signal
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.views.decorators.http import require_safe


def _declared(attribute: str) -> Iterator[type[models.Model]]:
    for config in apps.get_app_configs():
        for name in getattr(config, attribute, ()):
            yield config.get_model(name)


def public_models() -> Iterator[type[models.Model]]:
    return _declared("public_models")


def public_figures() -> Iterator[type[models.Model]]:
    return _declared("public_figures")


def shown_models() -> Iterator[type[models.Model]]:
    """Every model a public page shows: the content and the figures."""
    yield from public_models()
    yield from public_figures()


# Sent (sender: the model, using: the database) after a write that fires no post_save,
# such as bulk_create, of a model shown publicly: the page cache listens.
written_in_bulk = Signal()


@dataclass(frozen=True)
class PublicPage:
    # Queries an uncached render may run, whatever the amount of content.
    queries: int
    # Pages such as a receipt or an error state have no place in a search engine.
    in_sitemap: bool
    # Public pages are read-only unless they are a form that posts to itself.
    accepts_post: bool
    # A page reached only through content a fresh install has not published yet (an
    # annual report is published after its year): the guards that walk every public URL
    # pass over it until something is published, and its own tests publish one.
    empty_until_published: bool = False


def public_page(
    *,
    queries: int,
    in_sitemap: bool = True,
    accepts_post: bool = False,
    empty_until_published: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def declare(view: Callable[..., Any]) -> Callable[..., Any]:
        if not accepts_post:
            view = require_safe(view)
        view.public_page = PublicPage(  # type: ignore[attr-defined]
            queries=queries,
            in_sitemap=in_sitemap,
            accepts_post=accepts_post,
            empty_until_published=empty_until_published,
        )
        return view

    return declare


@dataclass(frozen=True)
class PublicRoute:
    name: str  # the URL name, with its namespace
    page: PublicPage
    takes_arguments: bool


def public_routes(urlconf: str | None = None) -> list[PublicRoute]:
    """Every named URL whose view was declared a public page."""
    found: list[PublicRoute] = []

    def walk(patterns: list[Any], namespace: str, takes_arguments: bool) -> None:
        for entry in patterns:
            has_arguments = takes_arguments or _has_converters(entry)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, has_arguments)
            elif isinstance(entry, URLPattern):
                page = getattr(entry.callback, "public_page", None)
                if page is not None and entry.name:
                    found.append(PublicRoute(f"{namespace}{entry.name}", page, has_arguments))

    walk(get_resolver(urlconf).url_patterns, "", False)
    return found


def _has_converters(entry: URLPattern | URLResolver) -> bool:
    pattern = entry.pattern
    return isinstance(pattern, RoutePattern) and bool(pattern.converters)
