"""Language and dates: Vietnamese by default with an English switch; dd/mm/yyyy dates and times
shown in Asia/Ho_Chi_Minh whatever the language."""
import re
from datetime import UTC, date, datetime

import pytest

from app import create_app
from app.extensions import db
from app.models import Role, User


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert match, "no <html lang>"
    return match.group(1)


@pytest.fixture
def default_client(tmp_path):
    """A client of an app with the shipped language settings (the suite's app may read English msgids)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": str(tmp_path)})
    return app.test_client()  # each request gets its own app context (and flask.g), as in production


def test_default_language_is_vietnamese(default_client):
    assert html_lang(default_client.get("/login")) == "vi"


def test_language_switch_and_back(default_client):
    response = default_client.post("/language/en", data={"next": "/login"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert html_lang(default_client.get("/login")) == "en"
    default_client.post("/language/vi")
    assert html_lang(default_client.get("/login")) == "vi"


def test_unknown_language_is_ignored(default_client):
    default_client.post("/language/fr")
    assert html_lang(default_client.get("/login")) == "vi"


def test_language_switch_returns_to_the_page_it_came_from(client):
    response = client.post("/language/en", headers={"Referer": "http://localhost/login?x=1"})
    assert response.headers["Location"] == "/login"


def test_logged_in_users_choice_is_remembered_for_their_next_session(app, make, login):
    officer = make.make_user(Role.OFFICER)
    client = login(officer)
    client.post("/language/en")
    db.session.expire_all()
    assert db.session.get(User, officer.id).locale == "en"
    # A new browser: after logging in the interface is in the user's language.
    fresh = app.test_client()
    from tests.factories import PASSWORD

    fresh.post("/login", data={"username": officer.username, "password": PASSWORD})
    assert html_lang(fresh.get("/dossiers/")) == "en"


def test_page_carries_the_language_switch(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'action="/language/en"' in html or 'formaction="/language/en"' in html
    assert 'formaction="/language/vi"' in html or 'action="/language/vi"' in html


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_dates_read_day_month_year(app, locale):
    with app.test_request_context():
        from flask import session

        session["locale"] = locale
        render = app.jinja_env.from_string("{{ d|vn_date }}|{{ dt|vn_date }}").render
        assert render(d=date(2025, 4, 1), dt=datetime(2025, 4, 1, 3, 0, tzinfo=UTC)) == "01/04/2025|01/04/2025"


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_times_show_in_ho_chi_minh_time(app, locale):
    with app.test_request_context():
        from flask import session

        session["locale"] = locale
        render = app.jinja_env.from_string("{{ t|vn_datetime }}").render
        # 17:30 UTC is half past midnight of the next day in Việt Nam (UTC+7).
        assert render(t=datetime(2025, 3, 31, 17, 30, tzinfo=UTC)) == "00:30 01/04/2025"
        assert render(t=None) == ""


def test_dossier_page_shows_creation_time_in_ho_chi_minh_time(make, login):
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    dossier = make.make_dossier(unit, created_at=datetime(2025, 12, 31, 17, 30, tzinfo=UTC))
    client = login(officer)
    html = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert "00:30 01/01/2026" in html
    assert "17:30 31/12/2025" not in html


def test_stored_times_are_utc(make):
    unit = make.make_unit()
    dossier = make.make_dossier(unit, created_at=datetime(2025, 6, 1, 12, 0, tzinfo=UTC))
    db.session.commit()
    db.session.expire_all()
    created = db.session.get(type(dossier), dossier.id).created_at
    assert created.tzinfo is not None
    assert created == datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def test_a_forced_language_translates_in_it_and_then_hands_back(default_client):
    """The request keeps its catalogue (app/i18n.py), but a notification written in its recipient's language
    (``force_locale``) is in that language, and what follows it is in the page's language again: in code, in
    lazy strings and in templates."""
    from flask import render_template_string
    from flask_babel import force_locale, lazy_gettext
    from flask_babel import gettext as _

    app = default_client.application
    inbox = lazy_gettext("Inbox")
    with app.test_request_context("/"):
        page = (_("Inbox"), str(inbox), render_template_string("{{ _('Inbox') }}"))
        with force_locale("en"):
            forced = (_("Inbox"), str(inbox), render_template_string("{{ _('Inbox') }}"))
        after = (_("Inbox"), str(inbox), render_template_string("{{ _('Inbox') }}"))
    assert page == after == ("Việc cần xử lý",) * 3
    assert forced == ("Inbox",) * 3
