"""Static files: collected with hashed names, compressed, and nothing from third parties."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
EXTERNAL_URL = re.compile(r"""(?:src|href|url\()\s*=?\s*["']?(https?:)?//""")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    production_storage = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=production_storage):
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
