"""Issue 12, item 5: dates are typed and shown as dd/mm/yyyy whatever the browser's locale (app/form_input.py)."""
from datetime import date

import lxml.html
import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField
from wtforms.validators import InputRequired, Optional

from app.extensions import db
from app.form_input import DayField, parse_day
from app.models import ScoringStatus
from app.models.base import local_today


class _Form(FlaskForm):
    day = DateField("Ngày", validators=[InputRequired()])
    until = DateField("Đến ngày", validators=[Optional()])


@pytest.mark.parametrize("typed, day", [
    ("27/11/2026", date(2026, 11, 27)),
    ("7/3/2026", date(2026, 3, 7)),
    (" 07/03/2026 ", date(2026, 3, 7)),
    ("2026-11-27", date(2026, 11, 27)),  # ISO, as scripts, links and older tests send
    ("29/02/2028", date(2028, 2, 29)),
])
def test_parse_day_takes_day_first_and_iso(typed, day):
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed, reason", [
    ("31/02/2026", "not a real date"),
    ("29/02/2026", "not a real date"),
    ("12/13/2026", "not a real date"),  # month first, as an English browser would write 13 December
    ("11/27/2026", "not a real date"),
    ("27-11-2026", "dd/mm/yyyy"),
    ("27/11/26", "dd/mm/yyyy"),
    ("27.11.2026", "dd/mm/yyyy"),
    ("2026-1-5", "dd/mm/yyyy"),
    ("２７/１１/２０２６", "dd/mm/yyyy"),  # full-width digits are no date either
    ("", "dd/mm/yyyy"),
])
def test_parse_day_refuses_with_the_reason(app, typed, reason):
    with app.test_request_context(), force_locale("en"), pytest.raises(ValueError) as refused:
        parse_day(typed)
    assert reason in str(refused.value.args[0])


def test_a_date_field_is_a_text_input_shown_day_first_with_its_hint(app):
    with app.test_request_context():
        form = _Form(data={"day": date(2026, 11, 27)}, meta={"csrf": False})
        assert isinstance(form.day, DayField) and isinstance(form.day, DateField)
        html = str(form.day())
    [field] = lxml.html.fragments_fromstring(html)[:1]
    assert field.tag == "input" and field.get("type") == "text"
    assert field.get("value") == "27/11/2026"
    assert field.get("inputmode") == "numeric" and field.get("placeholder") == "dd/mm/yyyy"
    assert field.get("pattern")
    hint = lxml.html.fromstring(html).xpath(f'//*[@id="{field.get("aria-describedby")}"]')
    assert hint and "27/11/2026" in hint[0].text_content()


@pytest.mark.parametrize("typed, expected", [("27/11/2026", date(2026, 11, 27)), ("2026-11-27", date(2026, 11, 27)),
                                             ("1/2/2026", date(2026, 2, 1))])
def test_a_date_field_parses_what_people_type(app, typed, expected):
    with app.test_request_context(method="POST"):
        form = _Form(formdata=MultiDict({"day": typed}), meta={"csrf": False})
        assert form.validate(), form.errors
        assert form.day.data == expected and form.until.data is None


def test_an_impossible_date_or_a_wrong_format_is_said_beside_the_field(app):
    with app.test_request_context(method="POST"):
        form = _Form(formdata=MultiDict({"day": "31/02/2026", "until": "2026/02/01"}), meta={"csrf": False})
        assert not form.validate()
        assert form.day.errors == ["31/02/2026 is not a real date: check the day and the month."]
        assert form.until.errors == ["Enter the date as dd/mm/yyyy, for example 27/11/2026."]
        # What was typed stays in the field, to be corrected.
        assert 'value="31/02/2026"' in str(form.day())


def test_the_messages_are_vietnamese_in_the_catalogue():
    """The suite reads the English msgids; the Vietnamese interface shows these."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    path = Path(__file__).resolve().parents[1] / "app/translations/vi/LC_MESSAGES/messages.po"
    with path.open("rb") as po:
        catalogue = read_po(po)
    assert catalogue.get("%(text)s is not a real date: check the day and the month.").string == (
        "%(text)s không phải là ngày có thật: kiểm tra lại ngày và tháng.")
    assert catalogue.get("Enter the date as dd/mm/yyyy, for example 27/11/2026.").string == (
        "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 27/11/2026.")


def test_the_year_bounds_still_apply(app):
    with app.test_request_context(method="POST"):
        form = _Form(formdata=MultiDict({"day": "01/01/0225"}), meta={"csrf": False})
        assert not form.validate() and form.day.errors


def test_a_real_form_saves_a_day_first_date_and_shows_it_so_in_english(make, login):
    """The lead opens scoring with the deadline typed day first; the round page shows it day first, also
    in the English interface."""
    people = make.make_scoring_people()
    scoring = make.make_scoring(people.cluster, 2025)
    client = login(people.lead_user)
    page = client.get(f"/scoring/{scoring.id}").get_data(as_text=True)
    deadline = lxml.html.fromstring(page).xpath('//input[@id="deadline"]')[0]
    assert deadline.get("type") == "text" and deadline.get("placeholder") == "dd/mm/yyyy"
    response = client.post(f"/scoring/{scoring.id}/open", data={"deadline": "27/11/2026"})
    assert response.status_code == 303
    assert scoring.status is ScoringStatus.OPEN and scoring.deadline == date(2026, 11, 27)
    people.lead_user.locale = "en"
    db.session.flush()
    assert "27/11/2026" in client.get(f"/scoring/{scoring.id}").get_data(as_text=True)


def test_the_legal_bases_preview_takes_a_day_first_date(make, login):
    from app.models import Role

    client = login(make.make_user(Role.ADMIN))
    html = client.get("/admin/legal-bases/?date=27/11/2026").get_data(as_text=True)
    field = lxml.html.fromstring(html).xpath('//input[@id="preview-date"]')[0]
    assert field.get("value") == "27/11/2026" and field.get("type") == "text"
    assert "not a valid date" not in client.get("/admin/legal-bases/?date=2026-11-27").get_data(as_text=True)
    today = local_today().strftime("%d/%m/%Y")
    bad = client.get("/admin/legal-bases/?date=31/02/2026").get_data(as_text=True)
    assert lxml.html.fromstring(bad).xpath('//input[@id="preview-date"]')[0].get("value") == today
