"""Security seen from outside: escaping, CSRF on forms and htmx, login redirects, rate limiting,
the production secret check, open redirects and disabled accounts."""
import io
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from app import create_app
from app.config import DEFAULT_SECRET_KEY
from app.extensions import db, limiter
from app.models import Dossier, Role
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def body_token(html: str) -> str:
    """The token htmx sends: the one in ``<body hx-headers>``."""
    match = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', html)
    assert match, "no hx-headers CSRF token on <body>"
    return match.group(1)


def test_script_in_nominee_name_is_shown_as_text(make, login):
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    attachment_type = make.make_attachment_type()
    dossier = make.make_dossier(unit, name=XSS, nominee_position=XSS, achievement_summary=XSS)
    client = login(officer)
    client.post(f"/dossiers/{dossier.id}/attachments", data={
        "type_id": attachment_type.id, "file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), XSS + ".pdf")})
    pages = {
        "list": client.get("/dossiers/"),
        "list-partial": client.get("/dossiers/?q=script", headers={"HX-Request": "true",
                                                                     "HX-Target": "dossier-results"}),
        "detail": client.get(f"/dossiers/{dossier.id}"),
        "edit": client.get(f"/dossiers/{dossier.id}/edit"),
    }
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert response.status_code == 200, name
        assert XSS not in html, name
        assert ESCAPED in html, name


def test_created_name_with_markup_round_trips_as_text(make, login):
    officer = make.make_user(Role.OFFICER)
    campaign, award = make.make_campaign(), make.make_award()
    client = login(officer)
    response = client.post("/dossiers/new", data={
        "campaign_id": campaign.id, "award_id": award.id, "nominee_kind": "individual", "nominee_name": XSS,
        "nominee_gender": "male", "nominee_birth_year": "1979", "achievement_summary": "x"})
    assert response.status_code == 303
    assert db.session.scalar(db.select(Dossier)).nominee_name == XSS  # stored as typed, escaped on output
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert XSS not in html and ESCAPED in html


# --- CSRF ------------------------------------------------------------------------------------

@pytest.fixture
def csrf_client(app, make, csrf_enabled):
    """An officer logged in through the real form, token and all, with CSRF checks on."""
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    dossier = make.make_dossier(unit, name="Lê Văn Tám")
    db.session.commit()
    client = app.test_client()
    client.post("/language/en", data={"csrf_token": csrf_token_from(client.get("/login").get_data(as_text=True))})
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": officer.username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303
    return client, dossier


def test_login_without_token_is_refused(app, make, csrf_enabled):
    """Without a session there is no token to match: the login form is shown again, with a message."""
    officer = make.make_user(Role.OFFICER)
    db.session.commit()
    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/language/en", data={"csrf_token": token}).status_code == 303
    with client.session_transaction() as session:
        session.pop("csrf_token")  # the session lost its token, as when it expires
    response = client.post("/login", data={"username": officer.username, "password": PASSWORD})
    assert response.status_code in (302, 400)
    page = client.get("/login").get_data(as_text=True) if response.status_code == 302 else response.get_data(
        as_text=True)
    assert "expired" in page
    assert client.get("/dossiers/").status_code == 302  # not logged in


@pytest.mark.parametrize("url", ["/dossiers/{d}/edit", "/dossiers/{d}/delete", "/dossiers/check-duplicate",
                                 "/logout"])
def test_post_without_token_is_refused_for_forms(csrf_client, url):
    client, dossier = csrf_client
    response = client.post(url.format(d=dossier.id), data={"nominee_name": "Đổi tên"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" in html
    assert "Reload the page and try again" in html
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).deleted_at is None  # not deleted


def test_post_without_token_is_refused_for_htmx(csrf_client):
    client, dossier = csrf_client
    response = client.post(f"/dossiers/{dossier.id}/delete", headers={"HX-Request": "true"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" not in html  # a fragment for the error toast, not a whole page
    assert "Reload the page and try again" in html
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).deleted_at is None  # not deleted


def test_wrong_token_is_refused(csrf_client):
    client, dossier = csrf_client
    response = client.post(f"/dossiers/{dossier.id}/delete", headers={"HX-Request": "true", "X-CSRFToken": "forged"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).deleted_at is None  # not deleted


def test_htmx_request_with_header_token_is_accepted(csrf_client):
    client, dossier = csrf_client
    token = body_token(client.get(f"/dossiers/{dossier.id}").get_data(as_text=True))
    check = client.post("/dossiers/check-duplicate", data={"nominee_name": "x"},
                        headers={"HX-Request": "true", "X-CSRFToken": token})
    assert check.status_code == 200
    response = client.post(f"/dossiers/{dossier.id}/delete", headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/dossiers/"
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).deleted_at is not None  # deleted (kept, hidden)


def test_form_with_hidden_token_is_accepted(csrf_client):
    client, dossier = csrf_client
    page = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/dossiers/{dossier.id}/delete", data={"csrf_token": token}).status_code == 303


# --- login, sessions and redirects ------------------------------------------------------------

def test_htmx_request_without_session_is_sent_to_login_page(client):
    response = client.get("/dossiers/?q=abc", headers={"HX-Request": "true", "HX-Target": "dossier-results"})
    assert response.status_code == 401
    assert urlsplit(response.headers["HX-Redirect"]).path == "/login"
    assert "<form" not in response.get_data(as_text=True)  # no login form inside a table cell


def test_htmx_redirect_to_login_comes_back_to_the_page(client, make):
    response = client.get("/dossiers/?q=abc", headers={
        "HX-Request": "true", "HX-Target": "dossier-results", "HX-Current-URL": "http://localhost/dossiers/?q=ab"})
    redirect_to = urlsplit(response.headers["HX-Redirect"])
    assert redirect_to.path == "/login"
    assert parse_qs(redirect_to.query)["next"] == ["/dossiers/?q=ab"]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "form"])
def test_expired_session_with_csrf_on_goes_to_login_not_form_expired(app, make, csrf_enabled, htmx):
    """The CSRF token lives in the session: when the session is gone, the answer is "log in again"."""
    unit = make.make_unit()
    dossier = make.make_dossier(unit)
    db.session.commit()
    client = app.test_client()  # no session cookie at all, as after expiry
    headers = {"HX-Request": "true", "X-CSRFToken": "token-of-the-old-session"} if htmx else {}
    response = client.post(f"/dossiers/{dossier.id}/delete", headers=headers, data={"csrf_token": "old"})
    if htmx:
        assert response.status_code == 401
        assert urlsplit(response.headers["HX-Redirect"]).path == "/login"
    else:
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/login"
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).deleted_at is None  # not deleted


def test_htmx_post_without_session_is_sent_to_login_page(client):
    response = client.post("/dossiers/check-duplicate", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert urlsplit(response.headers["HX-Redirect"]).path == "/login"


def test_normal_request_without_session_redirects_to_login_with_next(client, make):
    response = client.get("/dossiers/?q=nguyen")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/dossiers/?q=nguyen"]
    # Logging in from there lands back on the page asked for.
    officer = make.make_user(Role.OFFICER)
    db.session.commit()
    login = client.post(response.headers["Location"], data={"username": officer.username, "password": PASSWORD})
    assert login.status_code == 303
    assert login.headers["Location"] == "/dossiers/?q=nguyen"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
    "http:/evil.example", "https:evil.example", "javascript:alert(1)", " //evil.example", "/\t/evil.example",
    "%2F%2Fevil.example", "///evil.example",
])
def test_login_next_never_leaves_the_site(client, make, target):
    officer = make.make_user(Role.OFFICER)
    db.session.commit()
    response = client.post("/login", query_string={"next": target},
                           data={"username": officer.username, "password": PASSWORD})
    assert response.status_code == 303
    location = response.headers["Location"]
    resolved = urlsplit(urljoin("http://localhost/login", location.replace("\\", "/")))
    assert resolved.scheme == "http" and resolved.netloc == "localhost", location
    assert "evil" not in resolved.netloc


def test_language_switch_never_leaves_the_site(client):
    response = client.post("/language/en", data={"next": "//evil.example/"})
    assert urlsplit(urljoin("http://localhost/", response.headers["Location"])).netloc == "localhost"
    response = client.post("/language/en", headers={"Referer": "https://evil.example/steal"})
    assert urlsplit(urljoin("http://localhost/", response.headers["Location"])).netloc == "localhost"


@pytest.mark.parametrize("field", ["username", "password"])
def test_nul_byte_in_login_is_refused_cleanly(client, make, field):
    officer = make.make_user(Role.OFFICER)
    db.session.commit()
    data = {"username": officer.username, "password": PASSWORD}
    data[field] += "\x00"
    response = client.post("/login", data=data)
    assert response.status_code == 400
    assert client.get("/dossiers/").status_code == 302


def test_nul_byte_in_a_dossier_form_is_refused_and_nothing_saved(login, make):
    officer = make.make_user(Role.OFFICER)
    campaign, award = make.make_campaign(), make.make_award()
    client = login(officer)
    response = client.post("/dossiers/new", data={
        "campaign_id": campaign.id, "award_id": award.id, "nominee_kind": "individual",
        "nominee_name": "Lê\x00Văn", "nominee_gender": "male", "nominee_birth_year": "1979",
        "achievement_summary": "x"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Dossier.id))) == 0


def test_wrong_password_is_refused(client, make):
    officer = make.make_user(Role.OFFICER)
    db.session.commit()
    client.post("/language/en")
    response = client.post("/login", data={"username": officer.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Wrong username or password." in response.get_data(as_text=True)
    assert client.get("/dossiers/").status_code == 302


def test_inactive_user_cannot_log_in(client, make):
    user = make.make_user(Role.OFFICER, active=False)
    db.session.commit()
    client.post("/language/en")
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code != 303
    assert "disabled" in response.get_data(as_text=True)
    assert client.get("/dossiers/").status_code == 302


def test_user_disabled_while_logged_in_loses_access(login, make):
    user = make.make_user(Role.OFFICER)
    client = login(user)
    assert client.get("/dossiers/").status_code == 200
    user.active = False
    db.session.commit()
    response = client.get("/dossiers/")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


def test_login_sets_a_hardened_session_cookie(client, make):
    officer = make.make_user(Role.OFFICER)
    db.session.commit()
    response = client.post("/login", data={"username": officer.username, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_logout_ends_the_session(login, make):
    client = login(make.make_user(Role.OFFICER))
    assert client.post("/logout").status_code == 303
    assert client.get("/dossiers/").status_code == 302


def test_responses_carry_protective_headers(client):
    response = client.get("/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


# --- rate limit and production configuration ---------------------------------------------------

def test_login_attempts_are_rate_limited(app, database_url, make, monkeypatch, tmp_path):
    user = make.make_user(Role.OFFICER)
    db.session.commit()
    # The limiter is one object shared by every app in the process: give it back its state afterwards.
    monkeypatch.setattr(limiter, "enabled", limiter.enabled)
    limited = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute",
        "UPLOAD_FOLDER": str(tmp_path),
    })
    try:
        client = limited.test_client()
        client.post("/language/en")
        statuses = [client.post("/login", data={"username": user.username, "password": "wrong"}).status_code
                    for _ in range(3)]
        assert statuses == [200, 200, 200]
        blocked = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert blocked.status_code == 429
        assert "Too many attempts" in blocked.get_data(as_text=True)
        # Looking at the login page is not an attempt.
        assert client.get("/login").status_code == 200
    finally:
        limiter.reset()
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("secret", [None, "", DEFAULT_SECRET_KEY])
def test_production_refuses_a_missing_or_default_secret(secret):
    config = {"TESTING": False, "DEBUG": False, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    if secret is not None:
        config["SECRET_KEY"] = secret
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


def test_production_starts_with_a_real_secret():
    app = create_app({"TESTING": False, "DEBUG": False, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "a-long-random-value-0123456789abcdef"})
    assert not app.testing and not app.debug
