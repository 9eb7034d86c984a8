"""Static files: collected with hashed names, compressed, and nothing from third parties."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import StreamingHttpResponse
from django.test import Client, override_settings

ROOT = Path(settings.BASE_DIR)
EXTERNAL_URL = re.compile(r"""(?:src|href|url\()\s*=?\s*["']?(https?:)?//""")


PRODUCTION_STORAGE = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
ASSET = re.compile(r'<(?:link|script|img)\b[^>]*?(?:href|src)="(/static/[^"]+)"')
YEAR = 365 * 24 * 60 * 60


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGE):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


def test_collectstatic_with_production_storage_writes_hashed_and_compressed_files(collected):
    manifest = (collected / "staticfiles.json").read_text()
    for name in ["css/site.css", "designsystemet/index.css", "designsystemet-theme/digdir.css"]:
        assert name in manifest
    hashed_css = list(collected.glob("css/site.*.css"))
    assert hashed_css
    assert list(collected.glob("css/site.*.css.br"))
    assert list(collected.glob("css/site.*.css.gz"))


def test_stylesheets_load_nothing_from_other_hosts(collected):
    for css in [
        *collected.glob("css/site.*.css"),
        *collected.glob("designsystemet/index.*.css"),
        *collected.glob("designsystemet-theme/digdir.*.css"),
    ]:
        text = css.read_text()
        assert "@import" not in text, css.name
        for match in re.finditer(r"url\(([^)]*)\)", text):
            target = match.group(1).strip("\"'")
            assert target.startswith(("data:", "#")) or "//" not in target, (css.name, target)


def test_templates_reference_no_other_host_for_assets():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text):
            assert not EXTERNAL_URL.search(tag), (template.name, tag)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/bekymring/"])
def test_page_with_everything_it_loads_weighs_under_60_kb(collected, path):
    """What a first visit transfers: the HTML as gunicorn sends it (uncompressed, so an upper
    bound), and each asset as whitenoise sends it to a browser that accepts brotli."""
    with override_settings(STATIC_ROOT=collected, STORAGES=PRODUCTION_STORAGE):
        client = Client()
        html = client.get(path).content
        assets = ASSET.findall(html.decode())
        assert any(url.endswith(".css") for url in assets)
        total = len(html)
        for url in assets:
            response = client.get(url, headers={"Accept-Encoding": "br, gzip"})
            assert response.status_code == 200, url
            content = cast(StreamingHttpResponse, response).streaming_content
            assert isinstance(content, Iterator), url  # a file, streamed synchronously
            body = b"".join(content)
            total += len(body)
            # Hashed names, so a year's caching is safe; compressed where it pays.
            assert re.search(r"\.[0-9a-f]{12}\.", url), url
            assert f"max-age={YEAR}" in response["Cache-Control"], url
            assert "immutable" in response["Cache-Control"], url
            if url.endswith((".css", ".js")):
                assert response["Content-Encoding"] == "br", url
    assert total <= 60 * 1024, total
    # No web fonts and no images yet; an image must come with its size and, below the
    # fold, loading="lazy" (checked here once one appears).
    for tag in re.findall(rb"<img\b[^>]*>", html):
        assert b"width=" in tag and b"height=" in tag, tag
