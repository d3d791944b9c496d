"""A collective's year (issue 8): its own rating and its members' figures, recorded by its unit, read by
the collective titles' rules (Tập thể lao động xuất sắc: the collective Hoàn thành xuất sắc nhiệm vụ,
every member completing their tasks, ≥ 70 % Lao động tiên tiến, ≥ 1 Chiến sĩ thi đua cơ sở)."""
import lxml.html
import pytest
from sqlalchemy import select

from app.demo import catalogue as demo_catalogue
from app.demo.tally import Tally
from app.eligibility import registry_facts
from app.eligibility.seed import seed_rules
from app.extensions import db
from app.models import CollectiveYearReport, NomineeKind, Rating, RegistryEvent, Role, Verdict
from app.nominations import operations
from app.nominations.operations import NomineeData


@pytest.fixture
def office(make):
    tally = Tally()
    awards = demo_catalogue.load_awards(tally, demo_catalogue.load_attachment_types(tally))
    seed_rules(awards)
    department = make.make_unit("Sở Khoa học và Công nghệ")
    sub_unit = make.make_unit("Phòng Kế hoạch - Tài chính", parent=department)
    officer = make.make_actor(Role.OFFICER, department)
    data = NomineeData(campaign=make.make_campaign(2025), award=awards["tt_ldxs"], kind=NomineeKind.COLLECTIVE,
                       name=sub_unit.name, gender=None, birth_year=None, position="", nominee_unit_id=sub_unit.id,
                       achievement_summary="Thành tích")
    dossier = operations.create_dossier(officer, data)
    db.session.commit()
    return officer, dossier, dossier.nominee_collective


def record(client, collective, **fields):
    data = {"year": "2025", "rating": "htxs", "total": "40", "completed": "40", "ldtt": "29", "cstd_co_so": "1"}
    data.update(fields)
    return client.post(f"/registry/collectives/{collective.id}/years/new", data=data)


def verdict(dossier) -> Verdict:
    db.session.expire_all()
    return registry_facts.verdict_for(dossier).verdict


def test_the_unit_records_a_year_and_the_collective_title_becomes_eligible(app, make, office):
    officer, dossier, collective = office
    assert verdict(dossier) is Verdict.NEEDS_EVIDENCE  # nothing recorded for 2025 yet

    client = make.signed_in_client(app, officer)
    response = record(client, collective)
    assert response.status_code in (302, 303)
    row = db.session.scalar(select(CollectiveYearReport).where(CollectiveYearReport.collective_id == collective.id))
    assert (row.year, row.rating, row.total, row.completed, row.ldtt, row.cstd_co_so) == (
        2025, Rating.HTXS, 40, 40, 29, 1)
    assert verdict(dossier) is Verdict.ELIGIBLE

    page = lxml.html.fromstring(client.get(f"/registry/collectives/{collective.id}").get_data(as_text=True))
    line = page.xpath('//*[@id="member-figures"]//tr[@data-year="2025"]')[0].text_content()
    assert "40" in line and "29" in line and "72,5 %" in line  # the Vietnamese decimal comma


def test_recording_a_year_again_changes_it_and_the_history_says_old_and_new(app, make, office):
    officer, dossier, collective = office
    client = make.signed_in_client(app, officer)
    record(client, collective)
    record(client, collective, ldtt="27")  # 27 of 40: 67.5 %, under the 70 % the title asks
    rows = db.session.scalars(select(CollectiveYearReport)).all()
    assert len(rows) == 1 and rows[0].ldtt == 27
    assert verdict(dossier) is Verdict.NOT_ELIGIBLE
    lines = db.session.scalars(select(RegistryEvent).where(RegistryEvent.collective_id == collective.id)
                               .order_by(RegistryEvent.id)).all()
    assert [line.action for line in lines] == ["year_report_recorded", "year_report_changed"]
    assert lines[1].detail["old"]["ldtt"] == 29 and lines[1].detail["new"]["ldtt"] == 27
    assert lines[0].detail["rating"] == "htxs"


def test_a_collective_rated_below_excellent_is_not_eligible_for_the_excellent_title(app, make, office):
    officer, dossier, collective = office
    record(make.signed_in_client(app, officer), collective, rating="htt")
    assert verdict(dossier) is Verdict.NOT_ELIGIBLE


@pytest.mark.parametrize("fields, message", [
    ({"ldtt": "41"}, "More than the number of members"),
    ({"completed": "50"}, "More than the number of members"),
    ({"total": ""}, "Enter the number of members"),
    ({"total": "0"}, "Between 1 and 1,000,000"),
    ({"cstd_co_so": ""}, "Enter a number (0 if none)"),
    ({"ldtt": "-1"}, "Between 0 and 1,000,000"),
    ({"year": "2999"}, ""),
    ({"rating": "excellent"}, ""),
])
def test_impossible_figures_are_refused_with_a_message_and_nothing_recorded(app, make, office, fields, message):
    officer, _, collective = office
    client = make.signed_in_client(app, officer)
    client.post("/language/en")  # messages are asserted in English
    response = record(client, collective, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(CollectiveYearReport.id)) is None


def test_only_the_units_officer_and_the_province_appraiser_record_a_year(app, make, office):
    officer, _, collective = office
    head = make.make_actor(Role.UNIT_HEAD, officer.unit)
    assert record(make.signed_in_client(app, head), collective).status_code == 403
    stranger = make.make_actor(Role.OFFICER, make.make_unit("Sở Tài chính"))
    assert record(make.signed_in_client(app, stranger), collective).status_code == 404
    assert db.session.scalar(select(CollectiveYearReport.id)) is None
    appraiser = make.make_actor(Role.APPRAISER)
    assert record(make.signed_in_client(app, appraiser), collective).status_code in (302, 303)
