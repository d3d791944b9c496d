"""Ending sessions: logging out, a new password, deactivation and "log out everywhere" end every session
cookie and remember-me cookie of the user, wherever they were copied to; the cookies' own flags."""
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest

from app import create_app
from app.config import Config, apply_env
from app.extensions import db
from app.models import Role
from tests.factories import PASSWORD

SESSION = "session"
REMEMBER = "remember_token"


def log_in(app, user, remember: bool = True):
    """A fresh client logged in through the form, with "remember me" ticked."""
    db.session.commit()
    client = app.test_client()
    data = {"username": user.username, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 303
    return client


def stolen_cookies(client) -> dict[str, str]:
    """The session and remember-me cookies as they are now, e.g. copied from the browser."""
    cookies = {name: client.get_cookie(name) for name in (SESSION, REMEMBER)}
    assert all(cookies.values()), cookies
    return {name: cookie.value for name, cookie in cookies.items()}


def replay(app, name: str, value: str):
    """A new client carrying only one old cookie, asking for a page that needs a login."""
    client = app.test_client()
    client.set_cookie(name, value)
    return client.get("/dossiers/")


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


def assert_both_cookies_dead(app, cookies: dict[str, str]):
    for name, value in cookies.items():
        assert_sent_to_login(replay(app, name, value))


def edit_user(admin, user, **changes):
    """The administrator saves the user's edit form, as it stands but for ``changes``."""
    data = {"username": user.username, "full_name": user.full_name, "email": "", "role": user.role.value,
            "unit_id": "", "active": "y", "password": ""}
    return admin.post(f"/admin/users/{user.id}/edit", data={**data, **changes})


@pytest.fixture
def appraiser(make):
    return make.make_user(Role.APPRAISER, username="thamdinh", full_name="Phạm Thẩm Định")


def test_copied_cookies_work_while_the_user_is_logged_in(app, make):
    """The baseline the tests below rely on: each cookie alone opens the pages."""
    client = log_in(app, make.make_user(Role.OFFICER))
    for name, value in stolen_cookies(client).items():
        assert replay(app, name, value).status_code == 200, name


def test_logout_ends_the_copied_session_and_remember_cookies(app, make):
    client = log_in(app, make.make_user(Role.OFFICER))
    cookies = stolen_cookies(client)
    assert client.post("/logout").status_code == 303
    assert_both_cookies_dead(app, cookies)


def test_logout_on_one_device_ends_the_sessions_on_the_others(app, make):
    user = make.make_user(Role.OFFICER)
    laptop, phone = log_in(app, user), log_in(app, user)
    assert phone.post("/logout").status_code == 303
    assert_sent_to_login(laptop.get("/dossiers/"))


def test_admin_password_change_ends_the_users_sessions(app, make, login, appraiser):
    cookies = stolen_cookies(log_in(app, appraiser))
    admin = login(make.make_user(Role.ADMIN))
    assert edit_user(admin, appraiser, password="a-new-password-9").status_code == 303
    assert_both_cookies_dead(app, cookies)
    # The new password opens a new session.
    db.session.rollback()
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": "thamdinh", "password": "a-new-password-9"}).status_code == 303
    assert fresh.get("/dossiers/").status_code == 200


def test_admin_edit_without_a_new_password_keeps_the_users_sessions(app, make, login, appraiser):
    cookies = stolen_cookies(log_in(app, appraiser))
    admin = login(make.make_user(Role.ADMIN))
    assert edit_user(admin, appraiser, full_name="Phạm Văn Định").status_code == 303
    for name, value in cookies.items():
        assert replay(app, name, value).status_code == 200, name


def test_deactivation_ends_the_users_sessions_for_good(app, make, login, appraiser):
    """Deactivated, then active again: the cookies from before stay dead."""
    cookies = stolen_cookies(log_in(app, appraiser))
    admin = login(make.make_user(Role.ADMIN))
    assert edit_user(admin, appraiser, active="").status_code == 303
    assert edit_user(admin, appraiser, active="y").status_code == 303
    assert_both_cookies_dead(app, cookies)


def test_admin_changing_their_own_password_stays_logged_in_here_only(app, make):
    root = make.make_user(Role.ADMIN, username="root", full_name="Quản trị viên")
    elsewhere = stolen_cookies(log_in(app, root))
    here = log_in(app, root)
    assert edit_user(here, root, password="a-new-password-9").status_code == 303
    assert here.get("/admin/users/").status_code == 200
    assert_both_cookies_dead(app, elsewhere)


def test_user_logs_out_everywhere_from_the_account_page(app, make):
    user = make.make_user(Role.OFFICER, full_name="Lê Thị Hoa")
    elsewhere = stolen_cookies(log_in(app, user))
    here = log_in(app, user)
    page = here.get("/account").get_data(as_text=True)
    assert "Lê Thị Hoa" in page
    assert 'action="/account/logout-everywhere"' in page
    response = here.post("/account/logout-everywhere")
    assert response.status_code == 303
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert "logged out on every device" in here.get("/login").get_data(as_text=True)
    assert_sent_to_login(here.get("/dossiers/"))
    assert_both_cookies_dead(app, elsewhere)


def test_navbar_links_to_the_account_page(app, make):
    client = log_in(app, make.make_user(Role.OFFICER))
    assert 'href="/account"' in client.get("/").get_data(as_text=True)


def test_admin_logs_a_user_out_everywhere(app, make, login):
    user = make.make_user(Role.OFFICER)
    cookies = stolen_cookies(log_in(app, user))
    admin = login(make.make_user(Role.ADMIN))
    page = admin.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert f'action="/admin/users/{user.id}/logout-everywhere"' in page
    response = admin.post(f"/admin/users/{user.id}/logout-everywhere")
    assert response.status_code == 303
    assert f"{user.username} is logged out on every device" in admin.get(
        response.headers["Location"]).get_data(as_text=True)
    assert_both_cookies_dead(app, cookies)
    assert admin.get("/admin/users/").status_code == 200  # the administrator's own session is untouched


def test_only_an_administrator_logs_someone_else_out(app, make, login):
    victim = make.make_user(Role.OFFICER)
    cookies = stolen_cookies(log_in(app, victim))
    client = login(make.make_user(Role.UNIT_HEAD))
    assert client.post(f"/admin/users/{victim.id}/logout-everywhere").status_code == 403
    for name, value in cookies.items():
        assert replay(app, name, value).status_code == 200, name


@pytest.mark.parametrize("value", ["", "abc", "1", "1:x", ":", "1:2:3", "99999999999999999999999:1"])
def test_a_forged_or_old_style_user_id_in_the_session_is_refused(client, make, value):
    make.make_user(Role.OFFICER)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = value
    assert_sent_to_login(client.get("/dossiers/"))


# --- the cookies' flags -------------------------------------------------------------------------

def set_cookie(response, name: str):
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie(header)
        if name in cookie:
            return cookie[name], header
    raise AssertionError(f"no {name} cookie set")


def test_remember_cookie_is_lax_http_only_and_short_lived(app, make):
    user = make.make_user(Role.OFFICER)
    db.session.commit()
    response = app.test_client().post("/login", data={"username": user.username, "password": PASSWORD,
                                                      "remember": "y"})
    cookie, header = set_cookie(response, REMEMBER)
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header  # plain HTTP in tests: SESSION_COOKIE_SECURE is off
    expires = datetime.strptime(cookie["expires"], "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    lifetime = expires - datetime.now(UTC)
    assert timedelta(days=13) < lifetime <= timedelta(days=14)


def test_behind_https_both_cookies_are_secure(database_url, make, tmp_path):
    user = make.make_user(Role.OFFICER)
    db.session.commit()
    secure = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": str(tmp_path),
        "SESSION_COOKIE_SECURE": True,
    })
    try:
        client = secure.test_client()
        response = client.post("/login", base_url="https://localhost",
                               data={"username": user.username, "password": PASSWORD, "remember": "y"})
        assert response.status_code == 303
        for name in (SESSION, REMEMBER):
            _, header = set_cookie(response, name)
            assert "Secure" in header and "SameSite=Lax" in header and "HttpOnly" in header, header
    finally:
        with secure.app_context():
            db.session.remove()
            db.engine.dispose()


def test_remember_cookie_lifetime_is_a_setting_with_an_env_override(monkeypatch):
    assert Config.REMEMBER_COOKIE_DURATION == timedelta(days=14)
    monkeypatch.setenv("REMEMBER_COOKIE_DAYS", "3")
    config: dict = {}
    apply_env(config)
    assert config["REMEMBER_COOKIE_DURATION"] == timedelta(days=3)
