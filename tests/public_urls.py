"""Every public URL, found by walking the URL resolver, never from a hand-kept list.

A route is public when its view is declared with core.public.public_page; a route with
a slug is reached through the published objects of the declared public models.
"""

from typing import cast

from django.urls import resolve, reverse
from django.utils import translation

from core.content import PublishedQuerySet
from core.public import PublicRoute, public_models, public_routes

LANGUAGES = ("nb", "en")
ROUTES = public_routes()
ROUTES_BY_NAME = {route.name: route for route in ROUTES}


def published(model) -> PublishedQuerySet:
    return cast(PublishedQuerySet, model._default_manager.all()).published()


def paths_for(route: PublicRoute, language: str) -> list[str]:
    """The paths of one public route in one language; routes with a slug need the database."""
    with translation.override(language):
        if not route.takes_arguments:
            return [reverse(route.name)]
        return [
            url
            for model in public_models()
            if hasattr(model, "get_absolute_url")
            for url in (obj.get_absolute_url() for obj in published(model))
            if resolve(url).view_name == route.name
        ]


def reached_paths(route: PublicRoute, language: str) -> list[str]:
    """paths_for(), failing when published content reaches none of a route's pages.

    A route declared empty_until_published may have none on a fresh install; its own
    tests publish content and run these guards on it.
    """
    paths = paths_for(route, language)
    assert paths or route.page.empty_until_published, (
        f"{route.name} is public but no published content reaches it"
    )
    return paths


def all_public_paths(languages=LANGUAGES) -> list[str]:
    return [
        path for language in languages for route in ROUTES for path in paths_for(route, language)
    ]
