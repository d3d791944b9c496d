"""What people type is cleaned and bounded before it is stored (issue 13, items 4 and 5).

Item 4: invisible characters (zero-width, bidi controls) and odd spacing do not make a second nominee,
and never reach a stored name; control characters are refused beside the field.
Item 5: no date field takes an absurd year; an act (decision, council session, central decision) is
dated within the window around today, and in the future only when confirmed.
"""
from datetime import date, timedelta

import lxml.html
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AwardDecision, CouncilSession, Dossier, Gender, NomineeKind, Role, State
from app.models.base import local_today
from app.text import clean_line, clean_text, fold
from tests.test_decisions import Office


def errors_of(response) -> str:
    return " ".join(e.text_content() for e in lxml.html.fromstring(response.get_data(as_text=True))
                    .xpath('//*[contains(@class, "invalid-feedback")]'))


# --- item 4: names and free text ----------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "Nguyễn Thị\u200b Hồng", "Nguyễn Thị Hồng\u200d", "\u202eNguyễn Thị Hồng", "Nguyễn\u00a0Thị  Hồng",
    "\ufeffNguyễn Thị Hồng\u2069", "Nguye\u0302\u0303n Thị Hồng",  # NFD from some keyboards
])
def test_invisible_characters_do_not_make_a_second_dossier_for_the_same_person(app, make, typed):
    unit = make.make_unit()
    officer = make.make_actor(Role.OFFICER, unit)
    award, campaign = make.make_award(), make.make_campaign(2025)
    make.make_dossier(unit, award=award, campaign=campaign, name="Nguyễn Thị Hồng", nominee_birth_year=1985)
    client = make.signed_in_client(app, officer)
    response = client.post("/dossiers/new", data={
        "campaign_id": campaign.id, "award_id": award.id, "nominee_kind": NomineeKind.INDIVIDUAL.value,
        "nominee_name": typed, "nominee_gender": Gender.FEMALE.value, "nominee_birth_year": "1985",
        "nominee_position": "Chuyên viên", "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ."})
    assert response.status_code == 422
    assert "already has an active dossier" in errors_of(response)
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 1


def test_a_new_name_is_stored_clean_and_reaches_the_records_without_invisible_characters(app, make):
    unit = make.make_unit()
    officer = make.make_actor(Role.OFFICER, unit)
    award, campaign = make.make_award(), make.make_campaign(2025)
    client = make.signed_in_client(app, officer)
    response = client.post("/dossiers/new", data={
        "campaign_id": campaign.id, "award_id": award.id, "nominee_kind": NomineeKind.INDIVIDUAL.value,
        "nominee_name": " \u202eTrần\u200b  Văn\tBình ", "nominee_gender": Gender.MALE.value,
        "nominee_birth_year": "1979", "nominee_position": "Phó\u00a0Trưởng phòng\u200d",
        "achievement_summary": "Dòng một.  \r\n\r\n\u200bDòng hai.\u202c  "})
    assert response.status_code == 303, errors_of(response)
    dossier = db.session.scalar(select(Dossier))
    assert (dossier.nominee_name, dossier.nominee_position) == ("Trần Văn Bình", "Phó Trưởng phòng")
    assert dossier.achievement_summary == "Dòng một.\n\nDòng hai."
    assert dossier.search_key == "tran van binh pho truong phong"


@pytest.mark.parametrize("control", ["\x07", "\x1b[31m", "\x08", "\x7f"])
def test_control_characters_are_refused_beside_the_field_and_nothing_is_saved(app, make, control):
    unit = make.make_unit()
    officer = make.make_actor(Role.OFFICER, unit)
    award, campaign = make.make_award(), make.make_campaign(2025)
    response = make.signed_in_client(app, officer).post("/dossiers/new", data={
        "campaign_id": campaign.id, "award_id": award.id, "nominee_kind": NomineeKind.COLLECTIVE.value,
        "nominee_name": f"Phòng Kế hoạch{control}", "achievement_summary": "Tốt."})
    assert response.status_code == 422
    assert "control characters" in errors_of(response)
    assert db.session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_cleaning_keeps_what_people_mean():
    assert clean_line("  Lê\u00a0 Thị\u3000Hoa \n") == "Lê Thị Hoa"
    assert clean_text("Đoạn 1\r\n  có hai   dòng\r\n\r\nĐoạn 2\u200b") == "Đoạn 1\ncó hai dòng\n\nĐoạn 2"
    assert fold("Đặng\u200b Thị\u202e Hồng") == fold("Đặng Thị Hồng") == "dang thi hong"


# --- item 5: dates -----------------------------------------------------------------------------

@pytest.fixture
def production_window(app, monkeypatch):
    """The window of the production defaults (the suite widens it for fixed test dates)."""
    monkeypatch.setitem(app.config, "ACT_DATE_PAST_DAYS", 366)
    monkeypatch.setitem(app.config, "ACT_DATE_FUTURE_DAYS", 366)


def _issue(office, dossier, signed_on, confirm_future=False):
    """The decision's life through the screens; the date is the one the clerk records with the signature."""
    return office.post(office.award, [dossier], signed_on=signed_on,
                       sign_fields={"confirm_future": "y"} if confirm_future else None)


def _numbered() -> int:
    return db.session.scalar(select(func.count()).select_from(AwardDecision).where(AwardDecision.number.is_not(None)))


@pytest.mark.parametrize("signed_on, message", [
    ("9999-12-31", "Enter a date between the years 1900 and 2100."),
    ("0225-01-05", "Enter a date between the years 1900 and 2100."),
    ((local_today() - timedelta(days=400)).isoformat(), "Enter a date from"),
    ((local_today() + timedelta(days=400)).isoformat(), "Enter a date from"),
    ((local_today() + timedelta(days=3)).isoformat(), "is after today"),
])
def test_a_decision_with_an_absurd_or_unconfirmed_future_date_is_refused(make, app, production_window,
                                                                          signed_on, message):
    office = Office(make, app)
    dossier = office.approved("Nguyễn Thị Hồng")
    response = _issue(office, dossier, signed_on)
    assert response.status_code == 422
    assert message in errors_of(response)
    assert _numbered() == 0
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).state is State.APPROVED


def test_a_future_decision_date_is_refused_even_once_confirmed(make, app, production_window):
    """A decision is dated when signed (tests/test_decision_refusals.py): no box lets a later date through."""
    office = Office(make, app)
    dossier = office.approved("Nguyễn Thị Hồng")
    day = local_today() + timedelta(days=3)
    assert b'name="confirm_future"' not in _issue(office, dossier, day.isoformat()).data
    assert _issue(office, dossier, day.isoformat(), confirm_future=True).status_code == 422
    assert _numbered() == 0


@pytest.mark.parametrize("held_on, confirm, status", [
    ("1800-01-01", False, 422), ("9999-12-31", True, 422),
    ((local_today() + timedelta(days=10)).isoformat(), False, 422),
    ((local_today() + timedelta(days=10)).isoformat(), True, 303),
    (local_today().isoformat(), False, 303),
])
def test_council_sessions_are_dated_within_the_window(make, app, production_window, held_on, confirm, status):
    secretary = make.make_actor(Role.SECRETARY)
    data = {"name": "Phiên họp thường kỳ", "held_on": held_on, "members_total": "21", "members_present": "19"}
    if confirm:
        data["confirm_future"] = "y"
    response = make.signed_in_client(app, secretary).post("/council/", data=data)
    assert response.status_code == status, errors_of(response)
    assert db.session.scalar(select(func.count()).select_from(CouncilSession)) == (1 if status == 303 else 0)


def test_the_central_decision_date_is_never_in_the_future_nor_long_ago(make, app, production_window):
    from app.models import AwardLevel

    secretary = make.make_actor(Role.SECRETARY)
    award = make.make_award(level=AwardLevel.CENTRAL)
    dossier = make.make_complete_dossier(make.make_unit(), award=award, state=State.PROPOSED_TO_CENTRAL,
                                         decision_id=make.make_decision(award).id)
    client = make.signed_in_client(app, secretary)
    for day in (date(1999, 1, 1), local_today() + timedelta(days=1)):
        response = client.post(f"/dossiers/{dossier.id}/act/record_central", data={
            "version": dossier.version, "central_number": "1/QĐ-TTg", "central_date": day.isoformat()})
        assert response.status_code == 422
        assert "Enter a date from" in errors_of(response)
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).state is State.PROPOSED_TO_CENTRAL
