"""Response headers: a Content-Security-Policy the app's own pages satisfy (no inline script or style in
any template), HSTS only behind HTTPS, and no server banner added by the app."""
import re
from pathlib import Path

import pytest

from app.models import Role

TEMPLATES = Path(__file__).resolve().parent.parent / "app" / "templates"


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/login", "/static/css/app.css", "/no-such-page"])
def test_every_answer_carries_the_content_security_policy(client, url):
    with client.get(url) as response:  # a static file is streamed: close it
        policy = csp(response)
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    for directive in ("script-src", "style-src"):
        assert "unsafe" not in policy.get(directive, ""), directive  # no inline script or style allowed


def test_htmx_fragments_carry_it_too(login, make):
    client = login(make.make_user(Role.OFFICER))
    response = client.get("/dossiers/?q=x", headers={"HX-Request": "true", "HX-Target": "dossier-results"})
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_hsts_only_when_cookies_are_secure(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    response = client.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_app_adds_no_server_banner(client):
    response = client.get("/login")
    assert "Server" not in response.headers
    assert "X-Powered-By" not in response.headers


# --- what the policy forbids is absent from the templates ---------------------------------------

def template_sources():
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_has_inline_script():
    found = []
    for path in template_sources():
        for match in re.finditer(r"<script\b([^>]*)>", path.read_text()):
            if "src=" not in match.group(1):
                found.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    assert not found, "inline <script> blocked by the CSP; move it to app/static/js/app.js:\n" + "\n".join(found)


def test_no_template_has_event_handler_attributes():
    found = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
             for path in template_sources()
             for match in re.finditer(r"\son[a-z]+\s*=", path.read_text())]
    assert not found, "on…= handlers are blocked by the CSP; use app/static/js/app.js:\n" + "\n".join(found)


def test_no_template_has_style_attributes():
    found = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
             for path in template_sources()
             for match in re.finditer(r"""[\s(,]style\s*=\s*["']?[^"'>]*""", path.read_text())]
    assert not found, "style attributes are blocked by the CSP; use classes in app/static/css/app.css:\n" + "\n".join(
        found)


def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    """htmx 2 adds a <style> element for .htmx-indicator unless told not to; app.css carries those rules."""
    html = client.get("/login").get_data(as_text=True)
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1)
    assert '"includeIndicatorStyles":false' in config
    css = (TEMPLATES.parent / "static" / "css" / "app.css").read_text()
    assert ".htmx-request .htmx-indicator" in css
