"""The Content-Security-Policy and Permissions-Policy headers, and templates that keep to them:
no inline script, inline event handler or style attribute anywhere (the browser would refuse them)."""

import re
from pathlib import Path

import pytest

import arkaofis

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(arkaofis.__file__).parent.rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


def directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_every_page_gets_a_policy_allowing_only_our_own_scripts_and_styles(client):
    response = client.get("/accounts/login/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_only_our_own_pages_may_use_the_camera_and_none_the_microphone_or_location(client):
    policy = client.get("/accounts/login/")["Permissions-Policy"]
    assert "camera=(self)" in policy  # the pick and pack screens scan barcodes with it; no frame may
    for feature in ("microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy


def test_images_may_come_from_us_and_from_https_product_photo_hosts(client):
    policy = directives(client.get("/accounts/login/")["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "data:", "https:"]  # ARKAOFIS_IMAGE_HOSTS's default


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path).split("arkaofis/", 1)[-1])
def test_templates_have_no_inline_script_event_handler_or_style(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to static/js"
    assert not EVENT_HANDLER.search(text), "inline on…= handler: bind it in static/js"
    assert not STYLE.search(text), "inline style: give it a class in static/css/app.css"
