"""Admin screens for dated settings: base salary, legal bases, signers, stage deadlines, working-day overrides,
the award's decision subject; and that the workflow and decisions read what the administrator saved."""
import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.decisions.operations import legal_bases_on, salary_base_on
from app.extensions import db
from app.models import Award, LegalBasis, Role, SalaryBase, Signer, SignerMode, StageDeadline, WorkingDayOverride
from app.models.states import State
from app.workflow import engine
from app.workflow.calendar import WorkingCalendar
from app.workflow.engine import local_today

FUTURE = date(2099, 1, 1)


@pytest.fixture
def admin(make, login):
    return login(make.make_user(Role.ADMIN, username="root"))


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


# --- base salary ---------------------------------------------------------------------------------

def test_create_salary_base_with_dotted_amount_and_list_it(admin):
    response = admin.post("/admin/salary-bases/new", data={"effective_from": "2024-07-01", "amount": "2.340.000"})
    assert response.status_code == 303
    row = db.session.scalar(select(SalaryBase))
    assert (row.effective_from, row.amount) == (date(2024, 7, 1), 2_340_000)
    page = page_text(admin.get("/admin/salary-bases/"))
    assert "01/07/2024" in page and "2.340.000" in page and "in force today" in page
    assert 'value="2.340.000"' in admin.get(f"/admin/salary-bases/{row.id}/edit").get_data(as_text=True)


def test_edit_salary_base_and_decisions_use_it(make, admin):
    make.make_salary_base(1_800_000, date(2023, 7, 1))
    row = make.make_salary_base(2_000_000, date(2024, 7, 1))
    db.session.commit()
    response = admin.post(f"/admin/salary-bases/{row.id}/edit", data={"effective_from": "2024-07-01",
                                                                      "amount": "2340000"})
    assert response.status_code == 303
    db.session.refresh(row)
    assert row.amount == 2_340_000
    # The decision screen takes the amount in force on the signing date.
    assert salary_base_on(date(2024, 6, 30)) == 1_800_000
    assert salary_base_on(date(2024, 7, 1)) == 2_340_000


@pytest.mark.parametrize("data,message", [
    ({"effective_from": "2024-07-01", "amount": "2.500.000"}, "A base salary from 01/07/2024 already exists"),
    ({"effective_from": "2025-01-01", "amount": "0"}, "The amount must be more than 0."),
    ({"effective_from": "2025-01-01", "amount": "-5"}, "The amount must be more than 0."),
    ({"effective_from": "2025-01-01", "amount": "hai triệu"}, "Enter a whole amount in VND"),
    ({"effective_from": "2025-01-01", "amount": "2,5"}, "Enter a whole amount in VND"),
    ({"effective_from": "2025-01-01", "amount": "2.34.000"}, "Enter a whole amount in VND"),
    ({"effective_from": "2025-01-01", "amount": ""}, "Enter the amount."),
    ({"effective_from": "", "amount": "2340000"}, "Enter the date it takes effect."),
    ({"effective_from": "2025-01-01", "amount": "5.000.000.000"}, "at most 1.000.000.000"),
], ids=["duplicate-date", "zero", "negative", "words", "decimal", "bad-grouping", "no-amount", "no-date", "huge"])
def test_bad_salary_input_saves_nothing(make, admin, data, message):
    make.make_salary_base(2_340_000, date(2024, 7, 1))
    db.session.commit()
    response = admin.post("/admin/salary-bases/new", data=data)
    assert response.status_code == 422
    assert message in page_text(response)
    assert count(SalaryBase) == 1
    assert db.session.scalar(select(SalaryBase.amount)) == 2_340_000


def test_editing_onto_another_rows_date_is_refused(make, admin):
    make.make_salary_base(1_800_000, date(2023, 7, 1))
    row = make.make_salary_base(2_340_000, date(2024, 7, 1))
    db.session.commit()
    response = admin.post(f"/admin/salary-bases/{row.id}/edit", data={"effective_from": "2023-07-01",
                                                                      "amount": "2340000"})
    assert response.status_code == 422
    assert "A base salary from 01/07/2023 already exists" in page_text(response)
    db.session.rollback()
    assert db.session.get(SalaryBase, row.id).effective_from == date(2024, 7, 1)


def test_only_a_future_salary_base_can_be_deleted(make, admin):
    past = make.make_salary_base(2_340_000, date(2024, 7, 1))
    today = make.make_salary_base(2_500_000, local_today())
    future = make.make_salary_base(3_000_000, FUTURE)
    db.session.commit()
    past_id, today_id, future_id = past.id, today.id, future.id
    for row_id in (past_id, today_id):
        response = admin.post(f"/admin/salary-bases/{row_id}/delete")
        assert response.status_code == 303 and response.headers["Location"].endswith(f"/salary-bases/{row_id}/edit")
        assert "cannot be deleted" in page_text(admin.get(response.headers["Location"]))
        refused = admin.post(f"/admin/salary-bases/{row_id}/delete", headers={"HX-Request": "true"})
        assert refused.status_code == 409 and "cannot be deleted" in page_text(refused)
    assert count(SalaryBase) == 3
    edit_page = admin.get(f"/admin/salary-bases/{future_id}/edit").get_data(as_text=True)
    assert f"/admin/salary-bases/{future_id}/delete" in edit_page
    assert f"/admin/salary-bases/{past_id}/delete" not in admin.get(f"/admin/salary-bases/{past_id}/edit").get_data(
        as_text=True)
    assert admin.post(f"/admin/salary-bases/{future_id}/delete").status_code == 303
    assert count(SalaryBase) == 2
    assert db.session.get(SalaryBase, future_id) is None
    assert admin.post(f"/admin/salary-bases/{future_id}/delete").status_code == 404


# --- legal bases ---------------------------------------------------------------------------------

OLD_LAW = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
NEW_LAW = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
EMULATION_LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"


def legal_data(**overrides):
    data = {"text": EMULATION_LAW, "effective_from": "2024-01-01", "effective_to": "", "sort_order": "20"}
    data.update(overrides)
    return data


def test_create_and_edit_legal_basis(admin):
    # Line breaks and double spaces from a paste become single spaces: the line prints as one paragraph.
    response = admin.post("/admin/legal-bases/new", data=legal_data(
        text="  Căn cứ Luật Thi đua,\r\n khen thưởng  ngày 15 tháng 6 năm 2022;"))
    assert response.status_code == 303
    row = db.session.scalar(select(LegalBasis))
    assert (row.text, row.effective_from, row.effective_to, row.sort_order) == (
        EMULATION_LAW, date(2024, 1, 1), None, 20)
    response = admin.post(f"/admin/legal-bases/{row.id}/edit", data=legal_data(effective_to="2030-12-31",
                                                                               sort_order="25"))
    assert response.status_code == 303
    db.session.refresh(row)
    assert (row.effective_to, row.sort_order) == (date(2030, 12, 31), 25)
    assert EMULATION_LAW in page_text(admin.get("/admin/legal-bases/"))
    # A line ending with a comma (the last one before "Theo đề nghị …") is accepted too.
    assert admin.post("/admin/legal-bases/new", data=legal_data(text="Căn cứ Quy chế của tỉnh,")).status_code == 303


@pytest.mark.parametrize("overrides,message", [
    ({"text": "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"}, "A legal basis line starts with “Căn cứ”"),
    ({"text": "căn cứ Luật Thi đua, khen thưởng;"}, "A legal basis line starts with “Căn cứ”"),
    ({"text": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"}, "End the line with “;”"),
    ({"text": "Căn cứ Luật Thi đua, khen thưởng."}, "End the line with “;”"),
    ({"text": "   "}, "Enter the text of the line."),
    ({"effective_from": "2025-07-01", "effective_to": "2025-06-30"}, "The end date cannot be before the start date."),
    ({"effective_from": ""}, "Enter the date it takes effect."),
    ({"sort_order": "đầu tiên"}, "Enter a whole number."),
], ids=["no-can-cu", "lower-case", "no-end-mark", "full-stop", "empty", "end-before-start", "no-start", "order-text"])
def test_bad_legal_basis_saves_nothing(make, admin, overrides, message):
    row = make.make_legal_basis(OLD_LAW, date(2020, 7, 1), date(2025, 6, 30), 10)
    db.session.commit()
    response = admin.post("/admin/legal-bases/new", data=legal_data(**overrides))
    assert response.status_code == 422
    assert message in page_text(response)
    assert count(LegalBasis) == 1
    response = admin.post(f"/admin/legal-bases/{row.id}/edit", data=legal_data(**overrides))
    assert response.status_code == 422
    db.session.rollback()
    assert db.session.get(LegalBasis, row.id).text == OLD_LAW


@pytest.fixture
def dated_bases(make):
    make.make_legal_basis(OLD_LAW, date(2020, 7, 1), date(2025, 6, 30), 10)
    make.make_legal_basis(NEW_LAW, date(2025, 7, 1), None, 10)
    make.make_legal_basis(EMULATION_LAW, date(2024, 1, 1), None, 20)
    db.session.commit()


def preview_lines(text: str) -> list[str]:
    start = text.index('id="legal-preview"') if 'id="legal-preview"' in text else 0
    lines = []
    for chunk in text[start:].split('class="fst-italic mb-1 legal-line">')[1:]:
        lines.append(chunk.split("</p>")[0])
    return lines


@pytest.mark.usefixtures("dated_bases")
@pytest.mark.parametrize("day,expected", [
    ("2025-06-30", [OLD_LAW, EMULATION_LAW]),
    ("2025-07-01", [NEW_LAW, EMULATION_LAW]),
    ("2023-12-31", [OLD_LAW]),
])
def test_preview_shows_the_lines_a_decision_signed_that_day_prints(admin, day, expected):
    text = page_text(admin.get(f"/admin/legal-bases/?date={day}"))
    assert preview_lines(text) == expected == legal_bases_on(date.fromisoformat(day))
    assert f"Lines in force on {date.fromisoformat(day):%d/%m/%Y}" in text
    # The htmx request from the date box gets only the preview.
    partial = page_text(admin.get(f"/admin/legal-bases/?date={day}",
                                  headers={"HX-Request": "true", "HX-Target": "legal-preview"}))
    assert preview_lines(partial) == expected
    assert "breadcrumb" not in partial and "legal-table" not in partial


@pytest.mark.usefixtures("dated_bases")
def test_preview_without_lines_or_with_a_bad_date(admin):
    text = page_text(admin.get("/admin/legal-bases/?date=2019-01-01"))
    assert preview_lines(text) == [] and "No legal basis is in force on that date." in text
    text = page_text(admin.get("/admin/legal-bases/?date=31/02/2025"))  # no such day
    assert "That is not a valid date: showing today instead." in text
    assert preview_lines(text) == legal_bases_on(local_today())


# --- signers -------------------------------------------------------------------------------------

def test_create_and_edit_signers(admin):
    assert admin.post("/admin/signers/new", data={"name": "Trần Quốc Khánh", "mode": "chairman",
                                                  "active": "y"}).status_code == 303
    assert admin.post("/admin/signers/new", data={"name": "Lê Thị Thu Hiền", "mode": "deputy",
                                                  "active": "y"}).status_code == 303
    assert admin.post("/admin/signers/new", data={"name": "Võ Đình Nguyên", "mode": "deputy",
                                                  "active": "y"}).status_code == 303
    signers = {s.name: s for s in db.session.scalars(select(Signer))}
    assert signers["Trần Quốc Khánh"].mode is SignerMode.CHAIRMAN and signers["Trần Quốc Khánh"].active
    deputy = signers["Võ Đình Nguyên"]
    response = admin.post(f"/admin/signers/{deputy.id}/edit", data={"name": "Võ Đình Nguyên", "mode": "deputy"})
    assert response.status_code == 303
    db.session.refresh(deputy)
    assert deputy.active is False
    page = page_text(admin.get("/admin/signers/"))
    assert "Trần Quốc Khánh" in page and "Vice chairman (on behalf)" in page


def test_a_second_active_chairman_is_refused(make, admin):
    first = make.make_signer("Trần Quốc Khánh", SignerMode.CHAIRMAN)
    db.session.commit()
    message = "Trần Quốc Khánh is already the active chairman."
    response = admin.post("/admin/signers/new", data={"name": "Nguyễn Văn Mới", "mode": "chairman", "active": "y"})
    assert response.status_code == 422 and message in page_text(response)
    assert count(Signer) == 1
    # An inactive second chairman is fine; making them active is refused until the first steps down.
    assert admin.post("/admin/signers/new", data={"name": "Nguyễn Văn Mới", "mode": "chairman"}).status_code == 303
    second = db.session.scalar(select(Signer).where(Signer.name == "Nguyễn Văn Mới"))
    response = admin.post(f"/admin/signers/{second.id}/edit", data={"name": "Nguyễn Văn Mới", "mode": "chairman",
                                                                    "active": "y"})
    assert response.status_code == 422 and message in page_text(response)
    db.session.rollback()
    assert db.session.get(Signer, second.id).active is False
    # A deputy made chairman while active is refused the same way.
    deputy = make.make_signer("Lê Thị Thu Hiền", SignerMode.DEPUTY)
    db.session.commit()
    response = admin.post(f"/admin/signers/{deputy.id}/edit", data={"name": "Lê Thị Thu Hiền", "mode": "chairman",
                                                                    "active": "y"})
    assert response.status_code == 422
    # Re-saving the active chairman is not a conflict with themselves.
    assert admin.post(f"/admin/signers/{first.id}/edit", data={"name": "Trần Quốc Khánh", "mode": "chairman",
                                                               "active": "y"}).status_code == 303
    assert admin.post(f"/admin/signers/{first.id}/edit", data={"name": "Trần Quốc Khánh",
                                                               "mode": "chairman"}).status_code == 303
    assert admin.post(f"/admin/signers/{second.id}/edit", data={"name": "Nguyễn Văn Mới", "mode": "chairman",
                                                                "active": "y"}).status_code == 303
    active = db.session.scalars(select(Signer.name).where(Signer.mode == SignerMode.CHAIRMAN, Signer.active)).all()
    assert active == ["Nguyễn Văn Mới"]


@pytest.mark.parametrize("data,message", [
    ({"name": "", "mode": "deputy"}, "Enter the full name."),
    ({"name": "Ai đó", "mode": "president"}, "Not a valid choice"),
])
def test_bad_signer_input(admin, data, message):
    response = admin.post("/admin/signers/new", data=data)
    assert response.status_code == 422 and message in page_text(response)
    assert count(Signer) == 0


# --- stage deadlines -----------------------------------------------------------------------------

STAGES = ["unit_review", "cluster_review", "submitted", "appraisal", "returned", "public_notice", "council_review",
          "approved", "proposed_to_central"]


def stage_data(**days):
    return {f"days_{stage}": str(days.get(stage, "")) for stage in STAGES}


def deadlines() -> dict[State, int]:
    db.session.rollback()
    return dict(db.session.execute(select(StageDeadline.state, StageDeadline.working_days)).all())


def test_stage_deadlines_form_lists_every_waiting_stage(make, admin):
    db.session.add(StageDeadline(state=State.APPRAISAL, working_days=20))
    db.session.commit()
    response = admin.get("/admin/stage-deadlines")
    text = page_text(response)
    for stage in STAGES:
        assert f'name="days_{stage}"' in text
        assert str(State(stage).label) in text
    assert re.search(r'<input[^>]*id="days_appraisal"[^>]*value="20"', text)
    assert re.search(r'<input[^>]*id="days_unit_review"[^>]*value=""', text)


def test_stage_deadlines_saved_in_one_go(admin):
    db.session.add(StageDeadline(state=State.RETURNED, working_days=10))
    db.session.commit()
    response = admin.post("/admin/stage-deadlines", data=stage_data(unit_review=5, appraisal=3, approved=120))
    assert response.status_code == 303
    assert deadlines() == {State.UNIT_REVIEW: 5, State.APPRAISAL: 3, State.APPROVED: 120}
    response = admin.post("/admin/stage-deadlines", data=stage_data(unit_review=1, council_review=15))
    assert response.status_code == 303
    assert deadlines() == {State.UNIT_REVIEW: 1, State.COUNCIL_REVIEW: 15}


@pytest.mark.parametrize("value,message", [
    ("0", "Enter a number between 1 and 120."),
    ("500", "Enter a number between 1 and 120."),
    ("mười", "Enter a whole number of working days, or leave it empty."),
    ("2.5", "Enter a whole number of working days, or leave it empty."),
])
def test_bad_stage_days_change_nothing(admin, value, message):
    db.session.add(StageDeadline(state=State.APPRAISAL, working_days=20))
    db.session.commit()
    data = stage_data(unit_review=5, appraisal=3)
    data["days_public_notice"] = value
    response = admin.post("/admin/stage-deadlines", data=data)
    assert response.status_code == 422
    assert message in page_text(response)
    assert deadlines() == {State.APPRAISAL: 20}


# --- working-day overrides -----------------------------------------------------------------------

SATURDAY = date(2026, 3, 7)
MONDAY = date(2026, 3, 9)


def override_data(day: date, working: bool, note: str = ""):
    return {"day": day.isoformat(), "is_working_day": "1" if working else "0", "note": note}


def test_add_and_delete_overrides(admin):
    response = admin.post("/admin/working-days/new", data=override_data(SATURDAY, True, "Làm bù cho ngày 02/01"))
    assert response.status_code == 303 and response.headers["Location"].endswith("/admin/working-days/?year=2026")
    response = admin.post("/admin/working-days/new", data=override_data(MONDAY, False, "Nghỉ bù"))
    assert response.status_code == 303
    # A public holiday may be made a working day too.
    assert admin.post("/admin/working-days/new", data=override_data(date(2026, 2, 20), True)).status_code == 303
    rows = {row.day: row for row in db.session.scalars(select(WorkingDayOverride))}
    assert (rows[SATURDAY].is_working_day, rows[SATURDAY].note) == (True, "Làm bù cho ngày 02/01")
    assert rows[MONDAY].is_working_day is False
    page = page_text(admin.get("/admin/working-days/?year=2026"))
    assert "07/03/2026" in page and "Làm bù cho ngày 02/01" in page and "09/03/2026" in page
    response = admin.post(f"/admin/working-days/{rows[MONDAY].id}/delete")
    assert response.status_code == 303
    assert count(WorkingDayOverride) == 2
    response = admin.post(f"/admin/working-days/{rows[SATURDAY].id}/delete", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith("/admin/working-days/?year=2026")
    assert count(WorkingDayOverride) == 1


def test_overrides_list_shows_the_national_calendar_beside_each_date(make, admin):
    make.make_working_day_override(SATURDAY, True, "Làm bù")
    make.make_working_day_override(date(2026, 2, 17), True)  # Tết
    make.make_working_day_override(date(2025, 3, 10), False, "Năm trước")
    db.session.commit()
    text = admin.get("/admin/working-days/?year=2026").get_data(as_text=True)
    table = text[text.index('id="override-table"'):text.index("</table>", text.index('id="override-table"'))]
    rows = table.split("<tr>")[2:]
    assert len(rows) == 2  # the 2025 row is listed under 2025 only
    tet, saturday = rows  # in date order
    # Each row: the override's badge, then the national calendar's.
    assert tet.index("working day") < tet.index("day off") and "Tết Nguyên Đán" in tet
    assert saturday.index("working day") < saturday.index("day off")
    assert "Năm trước" in admin.get("/admin/working-days/?year=2025").get_data(as_text=True)


def test_overrides_page_shows_the_years_public_holidays(admin):
    text = page_text(admin.get("/admin/working-days/?year=2026"))
    holidays_table = text[text.index('id="holiday-table"'):]
    for day, name in [("01/01/2026", "Tết Dương lịch"), ("17/02/2026", "Tết Nguyên Đán"),
                      ("30/04/2026", "Ngày Chiến thắng"), ("02/09/2026", "Quốc khánh")]:
        assert day in holidays_table and name in holidays_table
    # The package knows Saturday 22 August 2026 is worked; the page lists it, and deadlines count it already.
    assert "22/08/2026" in text[text.index('id="working-weekends"'):]
    prefilled = admin.get("/admin/working-days/?year=2026&day=2026-03-07&working=1").get_data(as_text=True)
    assert 'value="07/03/2026"' in prefilled  # shown day first (issue 12, item 5)
    next_year = page_text(admin.get("/admin/working-days/?year=2027"))
    next_holidays = next_year[next_year.index('id="holiday-table"'):]
    assert "06/02/2027" in next_holidays and "17/02/2026" not in next_holidays


@pytest.mark.parametrize("day,working,message", [
    (MONDAY, True, "already counts 09/03/2026 as a working day"),
    (SATURDAY, False, "already counts 07/03/2026 as a day off"),
    (date(2026, 2, 17), False, "already counts 17/02/2026 as a day off"),
], ids=["working-monday", "saturday-off", "tet-off"])
def test_override_that_changes_nothing_is_refused(admin, day, working, message):
    response = admin.post("/admin/working-days/new", data=override_data(day, working))
    assert response.status_code == 422
    text = page_text(response)
    assert message in text and "this override would change nothing" in text
    assert count(WorkingDayOverride) == 0


def test_bad_override_input(make, admin):
    make.make_working_day_override(SATURDAY, True, "Làm bù")
    db.session.commit()
    response = admin.post("/admin/working-days/new", data=override_data(SATURDAY, True, "Lần hai"))
    assert response.status_code == 422
    assert "There is already an override for 07/03/2026" in page_text(response)
    response = admin.post("/admin/working-days/new", data={"day": "", "is_working_day": "1"})
    assert response.status_code == 422 and "Enter the date." in page_text(response)
    response = admin.post("/admin/working-days/new", data={"day": "2026-03-14", "note": ""})
    assert response.status_code == 422 and "Choose whether people work that day." in page_text(response)
    response = admin.post("/admin/working-days/new", data=override_data(date(1900, 1, 6), True))
    assert response.status_code == 422 and "Enter a date between 1945 and 2200." in page_text(response)
    assert count(WorkingDayOverride) == 1


# --- the workflow reads what was saved -----------------------------------------------------------

def test_appraisal_deadline_and_a_working_saturday_set_the_due_date(make, admin):
    assert admin.post("/admin/stage-deadlines", data=stage_data(appraisal=3)).status_code == 303
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    appraiser = make.make_actor(Role.APPRAISER, make.make_unit("Sở Nội vụ"))
    campaign = make.make_campaign(2026)

    def accepted_on(today: date):
        dossier = make.make_complete_dossier(unit, award=make.make_award(), campaign=campaign, state=State.SUBMITTED)
        engine.apply(appraiser, dossier, "accept", today=today)
        db.session.commit()
        return dossier.stage_due_on

    thursday = date(2026, 3, 5)
    # Friday, Monday, Tuesday.
    assert accepted_on(thursday) == date(2026, 3, 10)
    assert admin.post("/admin/working-days/new", data=override_data(SATURDAY, True, "Làm bù")).status_code == 303
    # Friday, the working Saturday, Monday.
    assert accepted_on(thursday) == MONDAY
    assert WorkingCalendar.load().add_working_days(thursday, 3) == MONDAY
    # Removing the deadline leaves the stage without one.
    assert admin.post("/admin/stage-deadlines", data=stage_data()).status_code == 303
    assert accepted_on(thursday) is None


# --- award decision subject and the index ---------------------------------------------------------

SUBJECT = "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"


def award_data(**overrides):
    data = {"code": "bang_khen_tinh", "name": "Bằng khen của Chủ tịch UBND tỉnh", "level": "provincial",
            "decided_by": "Chủ tịch UBND tỉnh", "decision_subject": SUBJECT, "nominee_kinds": ["individual"],
            "coefficient_individual": "1.5", "quorum_percent": "66.7", "threshold_percent": "50",
            "threshold_base": "all_members", "public_notice_days": "0", "active": "y", "sort_order": "40"}
    data.update(overrides)
    return data


def test_award_decision_subject(admin):
    assert admin.post("/admin/awards/new", data=award_data()).status_code == 303
    award = db.session.scalar(select(Award))
    assert award.decision_subject == SUBJECT
    assert f'value="{SUBJECT}"' in page_text(admin.get(f"/admin/awards/{award.id}/edit"))
    assert admin.post(f"/admin/awards/{award.id}/edit", data=award_data(decision_subject="  ")).status_code == 303
    db.session.refresh(award)
    assert award.decision_subject == ""
    response = admin.post(f"/admin/awards/{award.id}/edit", data=award_data(decision_subject="x" * 501))
    assert response.status_code == 422 and "Use at most 500 characters." in page_text(response)
    db.session.rollback()
    assert db.session.get(Award, award.id).decision_subject == ""


def test_index_links_to_the_settings_and_every_page_renders(make, admin):
    page = admin.get("/admin/").get_data(as_text=True)
    for href in ("/admin/salary-bases/", "/admin/legal-bases/", "/admin/signers/", "/admin/stage-deadlines",
                 "/admin/working-days/"):
        assert f'href="{href}"' in page
        assert admin.get(href).status_code == 200, href
    salary = make.make_salary_base(2_340_000, FUTURE - timedelta(days=1))
    basis = make.make_legal_basis(EMULATION_LAW)
    signer = make.make_signer()
    db.session.commit()
    for url in ("/admin/salary-bases/new", f"/admin/salary-bases/{salary.id}/edit", "/admin/legal-bases/new",
                f"/admin/legal-bases/{basis.id}/edit", "/admin/signers/new", f"/admin/signers/{signer.id}/edit",
                "/admin/working-days/?year=1200", "/admin/working-days/?day=nonsense"):
        assert admin.get(url).status_code == 200, url
    for url in ("/admin/salary-bases/999999/edit", "/admin/legal-bases/999999/edit", "/admin/signers/999999/edit"):
        assert admin.get(url).status_code == 404, url
    assert admin.post("/admin/working-days/999999/delete").status_code == 404
