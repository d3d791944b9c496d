"""A movement's launch, the units' plans and their registration (issue 11, part 1): what Sở Nội vụ and the
units see and may do, and every refusal (clear message, nothing changed)."""
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import Movement, Role, UnitKind
from app.models.base import local_today
from app.models.movement_plans import (
    LaunchStatus,
    MovementEvent,
    MovementLaunch,
    Registration,
    RegistrationReopening,
    UnitPlan,
)
from tests import factories
from tests.movement_data import PDF_BYTES, flag_awards, make_launch, registration_form, this_year


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def appraiser():
    return factories.make_user(Role.APPRAISER, unit=factories.make_unit("Sở Nội vụ", code="SNV"))


# --- launch ---------------------------------------------------------------------------------------------------

def test_sở_nội_vụ_launches_and_publishes_a_movement(app, appraiser):
    movement = Movement(name="Thi đua đổi mới sáng tạo và chuyển đổi số", start_year=2025, end_year=2030)
    db.session.add(movement)
    officer = factories.make_user(Role.OFFICER)
    client = factories.signed_in_client(app, appraiser)
    response = client.post(f"/movements/{movement.id}/launch", data={
        "plan_reference": "Kế hoạch số 125/KH-UBND", "summary": "Phát động", "plan_deadline": "30/06/2025",
        "document": (io.BytesIO(PDF_BYTES), "ke-hoach.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 303
    launch = db.session.scalar(select(MovementLaunch))
    assert launch.status is LaunchStatus.DRAFT and launch.original_name == "ke-hoach.pdf"
    assert launch.plan_deadline == date(2025, 6, 30)

    # A draft: Sở Nội vụ only.
    officer_client = factories.signed_in_client(app, officer)
    assert officer_client.get(f"/movements/launch/{launch.id}").status_code == 404
    assert "Thi đua đổi mới" not in officer_client.get("/movements/").get_data(as_text=True)

    # Publishing an incomplete launch is refused, saying what is missing.
    response = client.post(f"/movements/launch/{launch.id}/publish", follow_redirects=True)
    assert "Before publishing, add" in response.get_data(as_text=True) and "a content group" in \
        response.get_data(as_text=True)
    db.session.refresh(launch)
    assert launch.status is LaunchStatus.DRAFT

    client.post(f"/movements/launch/{launch.id}/phases", data={"name": "Giai đoạn 2025–2027", "start_year": "2025",
                                                                "end_year": "2027"})
    client.post(f"/movements/launch/{launch.id}/phases", data={"name": "Giai đoạn 2027–2030", "start_year": "2027",
                                                                "end_year": "2030"})
    response = client.post(f"/movements/launch/{launch.id}/phases", data={"name": "Sai", "start_year": "2020",
                                                                           "end_year": "2031"}, follow_redirects=True)
    assert "within the movement&#39;s years" in response.get_data(as_text=True)
    for group, code in (("agencies_and_localities", "CQ1"), ("front_and_mass_organisations", "MT1"),
                        ("enterprises", "DN1")):
        assert client.post(f"/movements/launch/{launch.id}/groups", data={
            "target_group": group, "code": code, "title": f"Nội dung {code}", "criteria": "Tiêu chí",
            "target_kind": "number", "unit_label": "%", "min_value": "0", "max_value": "100"}).status_code == 303
    client.post(f"/movements/launch/{launch.id}/years", data={"year": "2026", "deadline": "31/01/2026"})
    response = client.post(f"/movements/launch/{launch.id}/publish", follow_redirects=True)
    assert "The movement is published" in response.get_data(as_text=True)
    db.session.refresh(launch)
    assert launch.is_published and [p.name for p in launch.phases] == ["Giai đoạn 2025–2027", "Giai đoạn 2027–2030"]
    assert {g.code for g in launch.content_groups} == {"CQ1", "MT1", "DN1"}

    page = officer_client.get(f"/movements/launch/{launch.id}").get_data(as_text=True)
    assert "Giai đoạn 2027–2030" in page and "Nội dung CQ1" in page and "31/01/2026" in page
    with officer_client.get(f"/movements/launch/{launch.id}/document") as download:
        assert download.status_code == 200 and download.data == PDF_BYTES
    actions = set(db.session.scalars(select(MovementEvent.action)))
    assert {"launch_created", "plan_document", "phase_added", "content_group_added", "published"} <= actions


def test_only_sở_nội_vụ_edits_a_launch(app):
    launch = make_launch(published=False)
    for role in (Role.OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEAD, Role.SECRETARY):
        client = factories.signed_in_client(app, factories.make_user(role))
        assert client.get(f"/movements/{launch.movement_id}/launch").status_code == 403
        assert client.post(f"/movements/launch/{launch.id}/publish").status_code == 403


def test_plan_document_must_be_a_real_pdf_or_docx(app, appraiser):
    launch = make_launch(published=False)
    client = factories.signed_in_client(app, appraiser)
    for name, content in (("ke-hoach.pdf", b"MZ\x90\x00 not a pdf"), ("ke-hoach.exe", PDF_BYTES),
                          ("ke-hoach.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50)):
        response = client.post(f"/movements/{launch.movement_id}/launch", data={
            "plan_reference": "KH", "summary": "", "plan_deadline": "30/06/2025",
            "document": (io.BytesIO(content), name)}, content_type="multipart/form-data")
        assert response.status_code == 422, name
        db.session.refresh(launch)
        assert launch.stored_name is None


# --- units' plans ---------------------------------------------------------------------------------------------

def test_units_upload_their_plans_and_sở_nội_vụ_sees_who_is_late(app, appraiser):
    launch = make_launch(plan_deadline=date(2025, 6, 30))
    on_time, late, missing = (factories.make_unit(name) for name in ("Sở Y tế", "Sở Tài chính", "Sở Xây dựng"))
    factories.make_unit("Phòng Kế hoạch", kind=UnitKind.SUB_UNIT, parent=late)  # sub-units do not owe a plan
    for unit, day in ((on_time, date(2025, 6, 30)), (late, date(2025, 7, 3))):
        db.session.add(UnitPlan(movement_id=launch.movement_id, unit_id=unit.id, original_name=f"{unit.name}.pdf",
                                stored_name=f"x{unit.id}", content_type="application/pdf", size_bytes=1,
                                sha256="0", uploaded_on=day))
    officer = factories.make_user(Role.OFFICER, unit=missing)
    client = factories.signed_in_client(app, officer)
    response = client.post(f"/movements/launch/{launch.id}/plan",
                           data={"document": (io.BytesIO(b"not a pdf"), "kh.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 303 and _count(UnitPlan) == 2

    page = factories.signed_in_client(app, appraiser).get(f"/movements/launch/{launch.id}/plans")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Phòng Kế hoạch" not in html
    # 30/06/2025 was a Monday: 03/07/2025 is three working days late.
    assert "3 working days late" in html and "not uploaded" in html and "on time" in html

    response = client.post(f"/movements/launch/{launch.id}/plan",
                           data={"document": (io.BytesIO(PDF_BYTES), "ke-hoach-so-xd.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    plan = db.session.scalar(select(UnitPlan).where(UnitPlan.unit_id == missing.id))
    assert plan.original_name == "ke-hoach-so-xd.pdf" and plan.uploaded_on == local_today()
    with client.get(f"/movements/plans/{plan.id}/file") as download:
        assert download.data == PDF_BYTES
    # Another unit's people cannot read it; the plans list is Sở Nội vụ's.
    other = factories.signed_in_client(app, factories.make_user(Role.OFFICER))
    assert other.get(f"/movements/plans/{plan.id}/file").status_code == 404
    assert other.get(f"/movements/launch/{launch.id}/plans").status_code == 403


# --- registration -----------------------------------------------------------------------------------------------

def test_a_unit_registers_for_the_year(app):
    launch = make_launch()
    awards = flag_awards()
    officer = factories.make_user(Role.OFFICER)
    client = factories.signed_in_client(app, officer)
    year = this_year()
    page = client.get(f"/movements/launch/{launch.id}")
    assert f'id="register-{year}"' in page.get_data(as_text=True)
    form = client.get(f"/movements/launch/{launch.id}/register/{year}").get_data(as_text=True)
    assert "CQ1" in form and "CQ2" in form and "MT1" not in form and "DN1" not in form  # its target group's only
    response = client.post(f"/movements/launch/{launch.id}/register/{year}",
                           data=registration_form(launch, officer.unit, awards))
    assert response.status_code == 303
    registration = db.session.scalar(select(Registration))
    assert registration.unit_id == officer.unit_id and registration.year == year
    assert {a.code for a in registration.awards} == {"co_thi_dua_tinh", "tt_ldxs"}
    assert sorted((t.content_group.code, t.value, t.text) for t in registration.targets) == [
        ("CQ1", 85.5, ""), ("CQ2", None, "Triển khai 2 sáng kiến")]
    shown = client.get(f"/movements/registrations/{registration.id}").get_data(as_text=True)
    assert "Cờ thi đua của UBND tỉnh" in shown and "Triển khai 2 sáng kiến" in shown


def test_enterprises_and_organisations_register_too(app):
    launch = make_launch()
    awards = flag_awards()
    for kind, code in ((UnitKind.ENTERPRISE, "DN1"), (UnitKind.MASS_ORGANISATION, "MT1")):
        unit = factories.make_unit(kind=kind)
        client = factories.signed_in_client(app, factories.make_user(Role.UNIT_HEAD, unit=unit))
        assert code in client.get(f"/movements/launch/{launch.id}/register/{this_year()}").get_data(as_text=True)
        response = client.post(f"/movements/launch/{launch.id}/register/{this_year()}",
                               data=registration_form(launch, unit, awards[1:]))
        assert response.status_code == 303, response.get_data(as_text=True)
    assert [g.value for g in db.session.scalars(select(Registration.target_group).order_by(Registration.id))] == [
        "enterprises", "front_and_mass_organisations"]


def _refused(client, launch, year, data, message: str):
    before = (_count(Registration), _count(MovementEvent))
    response = client.post(f"/movements/launch/{launch.id}/register/{year}", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert (_count(Registration), _count(MovementEvent)) == before


def test_registration_refusals_change_nothing(app):
    launch = make_launch()
    awards = flag_awards()
    officer = factories.make_user(Role.OFFICER)
    other = factories.make_unit("Sở Công Thương")
    client = factories.signed_in_client(app, officer)
    year = this_year()
    good = registration_form(launch, officer.unit, awards)

    _refused(client, launch, year, registration_form(launch, other, awards),
             "You register your own unit only: Sở Công Thương is not yours.")
    bad_number = dict(good, **{f"target_{launch.content_groups[0].id}": "150"})
    _refused(client, launch, year, bad_number, "CQ1: the target must be between 0 and 100.")
    _refused(client, launch, year, dict(good, **{f"target_{launch.content_groups[0].id}": "nhiều"}),
             "CQ1: enter a number")
    _refused(client, launch, year, dict(good, **{f"target_{launch.content_groups[1].id}": ""}),
             "CQ2: enter the target.")
    _refused(client, launch, year, dict(good, award_id=[]), "Choose at least one title")
    individual_only = factories.make_award("cstd_co_so", for_collective=False)
    _refused(client, launch, year, dict(good, award_id=[str(individual_only.id)]), "Choose at least one title")
    _refused(client, launch, year + 1, good, f"Registration for {year + 1} is not open in this movement.")

    assert client.post(f"/movements/launch/{launch.id}/register/{year}", data=good).status_code == 303
    _refused(client, launch, year, good, f"has already registered for {year}.")


def test_registration_after_the_deadline_unless_reopened(app, appraiser):
    today = local_today()
    launch = make_launch(deadline=today - timedelta(days=1))
    awards = flag_awards()
    officer = factories.make_user(Role.OFFICER)
    client = factories.signed_in_client(app, officer)
    year = this_year()
    good = registration_form(launch, officer.unit, awards)
    _refused(client, launch, year, good, "The registration deadline for")

    manager = factories.signed_in_client(app, appraiser)
    response = manager.post(f"/movements/launch/{launch.id}/reopen", data={
        "unit_id": str(officer.unit_id), "year": str(year), "until": (today + timedelta(days=3)).strftime("%d/%m/%Y"),
        "reason": "Đơn vị mới thành lập"})
    assert response.status_code == 303
    assert _count(RegistrationReopening) == 1
    assert client.post(f"/movements/launch/{launch.id}/register/{year}", data=good).status_code == 303
    registration = db.session.scalar(select(Registration))
    # Listed as late.
    listing = manager.get(f"/movements/launch/{launch.id}/registrations?year={year}").get_data(as_text=True)
    assert officer.unit.name in listing and "late" in listing
    assert registration.registered_on == today


def test_registering_for_a_movement_that_is_over_is_refused(app):
    year = this_year()
    launch = make_launch(start=year - 5, end=year - 1, year=year - 1, deadline=date(year - 1, 12, 31))
    flag = flag_awards()
    officer = factories.make_user(Role.OFFICER)
    client = factories.signed_in_client(app, officer)
    _refused(client, launch, year - 1, registration_form(launch, officer.unit, flag), "is over")


def test_a_draft_movement_takes_no_registration(app):
    launch = make_launch(published=False)
    officer = factories.make_user(Role.OFFICER)
    client = factories.signed_in_client(app, officer)
    response = client.post(f"/movements/launch/{launch.id}/register/{this_year()}",
                           data=registration_form(launch, officer.unit, flag_awards()))
    assert response.status_code == 404 and _count(Registration) == 0


# --- lists ------------------------------------------------------------------------------------------------------

def _register(launch, unit, awards, year=None, on=None):
    registration = Registration(movement_id=launch.movement_id, unit_id=unit.id, year=year or this_year(),
                                target_group=__import__("app.models.target_groups", fromlist=["x"])
                                .target_group_of(unit.kind), registered_on=on or local_today(), awards=list(awards))
    db.session.add(registration)
    db.session.flush()
    return registration


def test_registration_lists_filter_by_cluster_and_group_and_export(app, appraiser):
    launch = make_launch()
    flag, ldxs = flag_awards()
    year = this_year()
    health, finance, bank = factories.make_unit("Sở Y tế"), factories.make_unit("Sở Tài chính"), \
        factories.make_unit("Công ty CP =Gia Lai", kind=UnitKind.ENTERPRISE)
    absent = factories.make_unit("Sở Xây dựng")
    cluster = factories.make_cluster("Cụm thi đua số 1", members=[health, absent], year=year)
    factories.make_cluster("Khối doanh nghiệp", members=[bank, finance], year=year)
    _register(launch, health, [flag, ldxs])
    _register(launch, finance, [ldxs])
    _register(launch, bank, [ldxs])
    client = factories.signed_in_client(app, appraiser)

    html = client.get(f"/movements/launch/{launch.id}/registrations?year={year}").get_data(as_text=True)
    assert all(name in html for name in ("Sở Y tế", "Sở Tài chính", "Công ty CP =Gia Lai")) and "3 units" in html
    summary = html.split('id="cluster-summary"')[1].split("</table>")[0]
    # Cụm thi đua số 1: Sở Y tế registered, Sở Xây dựng not; Khối doanh nghiệp: both; Sở Nội vụ in none.
    assert re.search(r"Cụm thi đua số 1</a></td>\s*<td[^>]*>1</td><td[^>]*>2</td>", summary), summary
    assert re.search(r"Khối doanh nghiệp</a></td>\s*<td[^>]*>2</td><td[^>]*>2</td>", summary), summary
    assert re.search(r"In no cluster or bloc</td>\s*<td[^>]*>0</td><td[^>]*>1</td>", summary), summary
    html = client.get(f"/movements/launch/{launch.id}/registrations?year={year}&cluster={cluster.id}").get_data(
        as_text=True)
    assert "Sở Y tế" in html and "Sở Tài chính" not in html
    html = client.get(f"/movements/launch/{launch.id}/registrations?year={year}&group=enterprises").get_data(
        as_text=True)
    assert "Công ty CP" in html and "Sở Y tế" not in html
    partial = client.get(f"/movements/launch/{launch.id}/registrations?year={year}&q=tai chinh",
                         headers={"HX-Request": "true", "HX-Target": "registrations-region"})
    assert "<html" not in partial.get_data(as_text=True) and "Sở Tài chính" in partial.get_data(as_text=True)
    missing = client.get(f"/movements/launch/{launch.id}/registrations?year={year}&show=missing").get_data(
        as_text=True)
    assert "Sở Xây dựng" in missing and "Sở Nội vụ" in missing and "Sở Y tế" not in missing

    export = client.get(f"/movements/launch/{launch.id}/registrations.xlsx?year={year}")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Registrations for" in rows[0][0]
    header = rows[3]
    assert header[2] == "Unit" and header[7] == "Titles aimed for"
    by_name = {row[2]: row for row in rows[4:]}
    assert set(by_name) == {"Sở Y tế", "Sở Tài chính", "Công ty CP =Gia Lai"}
    assert by_name["Sở Y tế"][7] == "Cờ thi đua của UBND tỉnh; Tập thể lao động xuất sắc"
    assert by_name["Sở Y tế"][4] == "Cụm thi đua số 1"
    assert sheet.print_title_rows == "$4:$4" and int(sheet.page_setup.paperSize) == 9
    missing_export = client.get(f"/movements/launch/{launch.id}/registrations.xlsx?year={year}&show=missing")
    names = [row[2] for row in load_workbook(io.BytesIO(missing_export.data)).active.iter_rows(min_row=5,
                                                                                               values_only=True)]
    assert "Sở Xây dựng" in names and "Sở Y tế" not in names


def test_registration_lists_are_the_province_s(app):
    launch = make_launch()
    for role in (Role.OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEAD):
        client = factories.signed_in_client(app, factories.make_user(role))
        assert client.get(f"/movements/launch/{launch.id}/registrations").status_code == 403
        assert client.get(f"/movements/launch/{launch.id}/registrations.xlsx").status_code == 403
    other = _register(launch, factories.make_unit("Sở Y tế"), flag_awards())
    officer_client = factories.signed_in_client(app, factories.make_user(Role.OFFICER))
    assert officer_client.get(f"/movements/registrations/{other.id}").status_code == 404


def test_registration_list_statements_do_not_grow(app, appraiser, count_queries):
    launch = make_launch()
    awards = flag_awards()
    for n in range(3):
        _register(launch, factories.make_unit(f"Đơn vị A{n}"), awards)
    client = factories.signed_in_client(app, appraiser)
    url = f"/movements/launch/{launch.id}/registrations?year={this_year()}"
    client.get(url)
    db.session.commit()
    with count_queries() as few:
        client.get(url)
    for n in range(30):
        _register(launch, factories.make_unit(f"Đơn vị B{n}"), awards)
    db.session.commit()
    with count_queries() as many:
        client.get(url)
    assert many.count == few.count
