"""Periodic reports on a movement (issue 11): rounds and deadlines in working days, the unit's form and its
refusals, scoping, Sở Nội vụ's desk (lateness, reminders, return, reopen) and the daily reminders."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Movement, Notification, Role, UnitKind
from app.models.reports import (
    FigureType,
    ReportAction,
    ReportEvent,
    ReportFigure,
    ReportRound,
    ReportStatus,
    ReportValue,
    RoundKind,
    UnitReport,
)
from app.models.target_groups import TargetGroup
from app.reports import operations
from app.reports.desk import desk_rows, summarise
from app.reports.notify import create_report_reminders
from app.workflow.calendar import WorkingCalendar
from tests import factories

OPENED = date(2026, 6, 20)   # a Saturday before the end of the first half-year
DUE = date(2026, 7, 14)      # 10 working days after Tuesday 30/06/2026


def make_movement() -> Movement:
    movement = Movement(name="Thi đua đổi mới sáng tạo và chuyển đổi số", description="", start_year=2025,
                        end_year=2030)
    db.session.add(movement)
    db.session.flush()
    return movement


def add_figure(movement, code, value_type=FigureType.INTEGER, group=None, low=None, high=None, measure=""):
    return operations.save_figure(factories.make_user(Role.APPRAISER), movement, operations.FigureData(
        code=code, label=f"Chỉ tiêu {code}", value_type=value_type, min_value=low, max_value=high, target_group=group,
        unit_of_measure=measure, position=0))


class World:
    """A movement with four figures, four reporting units (one per kind of group, two agencies), a sub-unit
    and a unit no longer valid, their officers, and Sở Nội vụ's appraiser."""

    def __init__(self):
        self.movement = make_movement()
        self.initiatives = add_figure(self.movement, "F1", measure="sáng kiến", low=Decimal(0))
        self.online = add_figure(self.movement, "F2", FigureType.PERCENT)
        self.budget = add_figure(self.movement, "F3", FigureType.DECIMAL, group=TargetGroup.ENTERPRISES)
        self.notes = add_figure(self.movement, "F4", FigureType.TEXT)
        self.finance = factories.make_unit("Sở Tài chính")
        self.commune = factories.make_unit("Xã Ia Grai", UnitKind.COMMUNE)
        self.front = factories.make_unit("Ủy ban MTTQ tỉnh", UnitKind.MASS_ORGANISATION)
        self.coffee = factories.make_unit("Công ty Cà phê", UnitKind.ENTERPRISE)
        factories.make_unit("Phòng Kế hoạch", UnitKind.SUB_UNIT, parent=self.finance)
        factories.make_unit("Sở cũ", valid_to=date(2025, 12, 31))
        self.appraiser = factories.make_user(Role.APPRAISER, email="snv@example.vn")
        self.officers = {u.id: factories.make_user(Role.OFFICER, u, email=f"{u.code}@example.vn")
                         for u in (self.finance, self.commune, self.front, self.coffee)}

    def open(self, today=OPENED, days=10) -> ReportRound:
        report_round = operations.open_round(self.appraiser, self.movement, RoundKind.HALF_YEAR, 2026, 1, days,
                                             today=today)
        db.session.commit()
        return report_round

    def report(self, report_round, unit) -> UnitReport:
        return db.session.scalar(select(UnitReport).where(UnitReport.round_id == report_round.id,
                                                          UnitReport.unit_id == unit.id))

    def submit(self, report_round, unit, values: dict, on: date, narrative="") -> UnitReport:
        report = self.report(report_round, unit)
        form = {f"fig_{figure.id}": value for figure, value in values.items()} | {"narrative": narrative}
        operations.save_report(self.officers[unit.id], report, form, submit=True, today=on)
        db.session.commit()
        return report


@pytest.fixture
def world():
    return World()


# --- rounds and deadlines --------------------------------------------------------------------------

def test_opening_a_round_asks_every_reporting_unit_with_a_deadline_in_working_days(world):
    report_round = world.open()
    assert report_round.due_on == DUE and report_round.title == "Báo cáo 6 tháng đầu năm 2026"
    reports = db.session.scalars(select(UnitReport).where(UnitReport.round_id == report_round.id)).all()
    # Not the sub-unit (it reports through its unit), not the unit that no longer exists.
    assert {r.unit_id: r.target_group for r in reports} == {
        world.finance.id: TargetGroup.AGENCIES_AND_LOCALITIES, world.commune.id: TargetGroup.AGENCIES_AND_LOCALITIES,
        world.front.id: TargetGroup.FRONT_AND_MASS_ORGANISATIONS, world.coffee.id: TargetGroup.ENTERPRISES}
    assert all(r.status is ReportStatus.DRAFT for r in reports)


def test_the_deadline_skips_a_day_off_the_administrator_declared(world, make):
    make.make_working_day_override(date(2026, 7, 1), False, "Nghỉ bù")
    assert world.open().due_on == date(2026, 7, 15)


def test_a_round_opened_after_its_period_counts_from_the_opening_day(world):
    # Monday 20/07/2026 + 5 working days = Monday 27/07/2026.
    assert world.open(today=date(2026, 7, 20), days=5).due_on == date(2026, 7, 27)


def test_the_same_round_cannot_be_opened_twice_and_the_year_must_be_the_movements(world):
    world.open()
    with pytest.raises(operations.ReportRefused) as twice:
        operations.open_round(world.appraiser, world.movement, RoundKind.HALF_YEAR, 2026, 1, 10, today=OPENED)
    assert twice.value.status == 409
    with pytest.raises(operations.ReportRefused) as outside:
        operations.open_round(world.appraiser, world.movement, RoundKind.MID_TERM, 2031, 0, 10, today=OPENED)
    assert "year" in outside.value.errors


def test_mid_term_and_final_reviews_are_rounds_too(world):
    mid = operations.open_round(world.appraiser, world.movement, RoundKind.MID_TERM, 2027, 0, 15,
                                today=date(2027, 11, 2))
    final = operations.open_round(world.appraiser, world.movement, RoundKind.FINAL, 2030, 0, 15,
                                  today=date(2030, 11, 1))
    assert (mid.period_end, final.period_end) == (date(2027, 12, 31), date(2030, 12, 31))
    assert mid.title.startswith("Sơ kết") and final.title.startswith("Tổng kết")


def test_a_unit_person_cannot_define_figures_or_open_rounds(world):
    officer = world.officers[world.finance.id]
    with pytest.raises(operations.ReportRefused) as refused:
        operations.open_round(officer, world.movement, RoundKind.YEARLY, 2026, 0, 10, today=OPENED)
    assert refused.value.status == 403


def test_a_figure_code_is_unique_in_its_movement_and_bounds_are_ordered(world):
    with pytest.raises(operations.ReportRefused) as clash:
        add_figure(world.movement, "F1")
    assert "code" in clash.value.errors
    with pytest.raises(operations.ReportRefused):
        add_figure(world.movement, "F9", low=Decimal(10), high=Decimal(1))


# --- lateness in working days ----------------------------------------------------------------------

def test_the_desk_counts_lateness_in_working_days(world):
    report_round = world.open()
    world.submit(report_round, world.finance, {world.initiatives: "3", world.online: "80"}, on=date(2026, 7, 14))
    world.submit(report_round, world.commune, {world.initiatives: "1", world.online: "60"}, on=date(2026, 7, 16))
    rows = {r.unit_name: r for r in desk_rows(report_round, date(2026, 7, 20), WorkingCalendar.load())}
    assert rows["Sở Tài chính"].late_days == 0 and not rows["Sở Tài chính"].late        # on the deadline
    assert rows["Xã Ia Grai"].late_days == 2                                               # 15 and 16/07
    assert rows["Ủy ban MTTQ tỉnh"].owed and rows["Ủy ban MTTQ tỉnh"].late_days == 4      # 15, 16, 17, 20/07
    summary = summarise(list(rows.values()))
    assert (summary.total, summary.submitted, summary.on_time, summary.late, summary.owed) == (4, 2, 1, 3, 2)


def test_the_desk_page_lists_who_is_late_and_who_has_not_submitted(app, world):
    report_round = world.open()
    world.submit(report_round, world.finance, {world.initiatives: "3", world.online: "80"}, on=date(2026, 7, 16))
    page = factories.signed_in_client(app, world.appraiser).get(f"/reports/round/{report_round.id}?show=late")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Sở Tài chính" in html and "working days late" in html and "Ủy ban MTTQ tỉnh" in html


# --- the unit's form: refusals -------------------------------------------------------------------

def test_wrong_figures_are_refused_with_a_message_per_field_and_nothing_changes(app, world):
    report_round = world.open()
    report = world.report(report_round, world.finance)
    client = factories.signed_in_client(app, world.officers[world.finance.id])
    response = client.post(f"/reports/report/{report.id}", data={
        f"fig_{world.initiatives.id}": "1,5", f"fig_{world.online.id}": "150", "narrative": "Kết quả tốt",
        "action": "submit"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a whole number (digits only)." in html and "At most 100." in html
    assert "Kết quả tốt" in html  # what was typed is shown again, to correct
    db.session.expire_all()
    assert report.status is ReportStatus.DRAFT and report.narrative == "" and report.values == []
    response = client.post(f"/reports/report/{report.id}", data={
        f"fig_{world.initiatives.id}": "-2", f"fig_{world.online.id}": "abc", "action": "save"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "At least 0." in html and "Enter a number, e.g. 12,5." in html
    assert db.session.scalar(select(func.count()).select_from(ReportValue)) == 0


def test_submitting_needs_every_number_but_a_draft_does_not(app, world):
    report_round = world.open()
    report = world.report(report_round, world.finance)
    client = factories.signed_in_client(app, world.officers[world.finance.id])
    draft = client.post(f"/reports/report/{report.id}", data={f"fig_{world.initiatives.id}": "4", "action": "save"})
    assert draft.status_code == 303
    refused = client.post(f"/reports/report/{report.id}", data={f"fig_{world.initiatives.id}": "4", "action": "submit"})
    assert refused.status_code == 422 and "Required to submit the report." in refused.get_data(as_text=True)
    done = client.post(f"/reports/report/{report.id}", data={
        f"fig_{world.initiatives.id}": "4", f"fig_{world.online.id}": "72,5%", "action": "submit"})
    assert done.status_code == 303
    db.session.expire_all()
    assert report.status is ReportStatus.SUBMITTED
    assert {v.figure_id: v.number for v in report.values if v.number is not None} == {
        world.initiatives.id: Decimal(4), world.online.id: Decimal("72.5")}
    # The enterprises' figure is not asked of a department.
    assert world.budget.id not in {v.figure_id for v in report.values}


def test_a_report_submitted_after_the_round_closed_is_refused_unless_reopened_for_the_unit(app, world):
    report_round = world.open()
    operations.close_round(world.appraiser, report_round)
    db.session.commit()
    report = world.report(report_round, world.front)
    client = factories.signed_in_client(app, world.officers[world.front.id])
    data = {f"fig_{world.initiatives.id}": "2", f"fig_{world.online.id}": "50", "action": "submit"}
    refused = client.post(f"/reports/report/{report.id}", data=data)
    assert refused.status_code == 409 and "The round is closed" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert report.status is ReportStatus.DRAFT and report.values == []
    appraiser = factories.signed_in_client(app, world.appraiser)
    assert appraiser.post(f"/reports/report/{report.id}/reopen").status_code == 303
    assert client.post(f"/reports/report/{report.id}", data=data).status_code == 303
    db.session.expire_all()
    assert report.status is ReportStatus.SUBMITTED
    # Another unit of the same closed round is still refused.
    other = world.report(report_round, world.commune)
    assert factories.signed_in_client(app, world.officers[world.commune.id]).post(
        f"/reports/report/{other.id}", data=data).status_code == 409


# --- scoping -------------------------------------------------------------------------------------

def test_a_unit_cannot_see_or_fill_another_units_report(app, world):
    report_round = world.open()
    theirs = world.report(report_round, world.commune)
    client = factories.signed_in_client(app, world.officers[world.finance.id])
    assert client.get(f"/reports/report/{theirs.id}").status_code == 404
    assert client.post(f"/reports/report/{theirs.id}", data={"action": "save"}).status_code == 404
    assert client.get(f"/reports/round/{report_round.id}").status_code == 403
    assert client.get(f"/reports/round/{report_round.id}/aggregate").status_code == 403
    assert client.get(f"/reports/round/{report_round.id}/aggregate.docx").status_code == 403
    assert client.post(f"/reports/round/{report_round.id}/remind").status_code == 403
    own = client.get("/reports/").get_data(as_text=True)
    assert "Báo cáo 6 tháng đầu năm 2026" in own and f"/reports/report/{theirs.id}" not in own
    # Sở Nội vụ reads it, but cannot fill it in for the unit.
    with pytest.raises(operations.ReportRefused) as refused:
        operations.save_report(world.appraiser, theirs, {}, submit=False)
    assert refused.value.status == 403


# --- Sở Nội vụ's desk: return, accept, reminders --------------------------------------------------

def test_return_for_correction_then_resubmission_keeps_the_history(app, world):
    report_round = world.open()
    report = world.submit(report_round, world.finance, {world.initiatives: "3", world.online: "80"}, on=DUE)
    appraiser = factories.signed_in_client(app, world.appraiser)
    empty = appraiser.post(f"/reports/report/{report.id}/return", data={"reason": "  "})
    assert empty.status_code == 422
    db.session.expire_all()
    assert report.status is ReportStatus.SUBMITTED
    assert appraiser.post(f"/reports/report/{report.id}/return",
                          data={"reason": "Số sáng kiến chưa khớp quyết định công nhận"}).status_code == 303
    db.session.expire_all()
    assert report.status is ReportStatus.RETURNED
    officer = world.officers[world.finance.id]
    notice = db.session.scalar(select(Notification).where(Notification.recipient_id == officer.id,
                                                          Notification.kind == "report_returned"))
    assert notice is not None and notice.link == f"/reports/report/{report.id}"
    client = factories.signed_in_client(app, officer)
    page = client.get(f"/reports/report/{report.id}").get_data(as_text=True)
    assert "Số sáng kiến chưa khớp quyết định công nhận" in page and 'value="3"' in page
    assert client.post(f"/reports/report/{report.id}", data={
        f"fig_{world.initiatives.id}": "2", f"fig_{world.online.id}": "80", "action": "submit"}).status_code == 303
    assert appraiser.post(f"/reports/report/{report.id}/accept").status_code == 303
    db.session.expire_all()
    assert report.status is ReportStatus.ACCEPTED
    assert [e.action for e in report.events] == [ReportAction.SUBMIT, ReportAction.RETURN, ReportAction.SUBMIT,
                                                 ReportAction.ACCEPT]
    # Each submission's figures stay in the history: what was returned and what replaced it.
    assert [e.comment for e in report.events if e.action is ReportAction.SUBMIT] == ["F1 = 3; F2 = 80 %",
                                                                                       "F1 = 2; F2 = 80 %"]
    # Accepted: neither returned again nor changed by the unit.
    assert appraiser.post(f"/reports/report/{report.id}/return", data={"reason": "x"}).status_code == 303
    db.session.expire_all()
    assert report.status is ReportStatus.ACCEPTED
    assert client.post(f"/reports/report/{report.id}", data={"action": "save"}).status_code == 409


def test_reminders_go_once_a_day_to_the_units_that_owe_their_report(world):
    report_round = world.open()
    world.submit(report_round, world.finance, {world.initiatives: "3", world.online: "80"}, on=DUE)
    first = operations.remind(world.appraiser, report_round, today=date(2026, 7, 15))
    db.session.commit()
    again = operations.remind(world.appraiser, report_round, today=date(2026, 7, 15))
    db.session.commit()
    assert (first.sent, first.skipped) == (3, 0) and (again.sent, again.skipped) == (0, 3)
    reminded = db.session.scalars(select(Notification.recipient_id).where(Notification.kind == "report_reminder")).all()
    assert sorted(reminded) == sorted(world.officers[u.id].id for u in (world.commune, world.front, world.coffee))
    assert all(n.email_pending for n in db.session.scalars(select(Notification)))
    events = db.session.scalar(select(func.count()).select_from(ReportEvent)
                               .where(ReportEvent.action == ReportAction.REMIND))
    assert events == 3
    # The next day they may be reminded again; only the one ticked here.
    chosen = world.report(report_round, world.front)
    nextday = operations.remind(world.appraiser, report_round, [chosen.id], today=date(2026, 7, 16))
    assert (nextday.sent, nextday.skipped) == (1, 0)


def test_the_reminder_button_says_how_many_were_reminded(app, world):
    report_round = world.open()
    client = factories.signed_in_client(app, world.appraiser)
    first = client.post(f"/reports/round/{report_round.id}/remind", follow_redirects=True).get_data(as_text=True)
    second = client.post(f"/reports/round/{report_round.id}/remind", follow_redirects=True).get_data(as_text=True)
    assert "4 units reminded." in first
    assert "4 units were already reminded today: not reminded again." in second


def test_daily_reminders_before_and_after_the_deadline_are_sent_once(world):
    report_round = world.open()
    world.submit(report_round, world.finance, {world.initiatives: "3", world.online: "80"}, on=DUE)
    calendar = WorkingCalendar.load()
    assert create_report_reminders(date(2026, 7, 1), calendar) == 0          # far from the deadline
    assert create_report_reminders(date(2026, 7, 9), calendar) == 3          # 3 working days before 14/07
    assert create_report_reminders(date(2026, 7, 10), calendar) == 0         # the same deadline: not again
    assert create_report_reminders(date(2026, 7, 15), calendar) == 3         # overdue, once
    assert create_report_reminders(date(2026, 7, 16), calendar) == 0
    kinds = db.session.execute(select(Notification.kind, func.count()).group_by(Notification.kind)).all()
    assert dict(kinds) == {"report_due_soon": 3, "report_overdue": 3}


def test_send_due_creates_the_report_reminders(app, world):
    world.open()
    result = app.test_cli_runner().invoke(args=["notifications", "send-due", "--today", "2026-07-15"])
    assert result.exit_code == 0, result.output
    assert "report reminders created: 4" in result.output
    again = app.test_cli_runner().invoke(args=["notifications", "send-due", "--today", "2026-07-15"])
    assert "report reminders created: 0" in again.output


def test_a_closed_round_sends_no_daily_reminder_except_to_a_reopened_unit(world):
    report_round = world.open()
    operations.close_round(world.appraiser, report_round)
    operations.reopen_report(world.appraiser, world.report(report_round, world.coffee))
    db.session.commit()
    assert create_report_reminders(date(2026, 7, 15)) == 1


# --- attachments ------------------------------------------------------------------------------------

def test_attachments_are_checked_by_content(app, world):
    import io

    report_round = world.open()
    report = world.report(report_round, world.finance)
    client = factories.signed_in_client(app, world.officers[world.finance.id])
    fake = client.post(f"/reports/report/{report.id}/attachments",
                       data={"file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "bao-cao.pdf")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "does not match its name" in fake.get_data(as_text=True)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    ok = client.post(f"/reports/report/{report.id}/attachments", data={"file": (io.BytesIO(pdf), "bao-cao.pdf")},
                     content_type="multipart/form-data")
    assert ok.status_code == 303
    db.session.expire_all()
    assert [a.filename for a in report.attachments] == ["bao-cao.pdf"]
    attachment = report.attachments[0]
    other = factories.signed_in_client(app, world.officers[world.commune.id])
    assert other.get(f"/reports/attachment/{attachment.id}").status_code == 404
    download = client.get(f"/reports/attachment/{attachment.id}")
    assert download.data == pdf
    download.close()
    assert other.post(f"/reports/attachment/{attachment.id}/delete").status_code == 404
    assert client.post(f"/reports/attachment/{attachment.id}/delete").status_code == 303
    db.session.expire_all()
    assert report.attachments == [] and [e.action for e in report.events] == [ReportAction.ATTACH, ReportAction.DETACH]
    assert client.get(f"/reports/attachment/{attachment.id}").status_code == 404


# --- Sở Nội vụ's screens -----------------------------------------------------------------------------

def test_the_movement_page_defines_figures_and_opens_a_round(app, world):
    client = factories.signed_in_client(app, world.appraiser)
    movement_id = world.movement.id
    bad = client.post(f"/reports/movement/{movement_id}/figures", data={
        "code": "F1", "label": "Trùng mã", "value_type": "integer", "target_group": "", "position": "1"})
    assert bad.status_code == 422 and "Already used in this movement." in bad.get_data(as_text=True)
    good = client.post(f"/reports/movement/{movement_id}/figures", data={
        "code": "F5", "label": "Số thủ tục trực tuyến toàn trình", "value_type": "integer", "min_value": "0",
        "target_group": "agencies_and_localities", "unit_of_measure": "thủ tục", "position": "5", "active": "y"})
    assert good.status_code == 303
    figure = db.session.scalar(select(ReportFigure).where(ReportFigure.code == "F5"))
    assert figure.target_group is TargetGroup.AGENCIES_AND_LOCALITIES and figure.min_value == 0
    opened = client.post(f"/reports/movement/{movement_id}/rounds", data={
        "kind": "yearly", "year": "2026", "part": "1", "deadline_working_days": "7",
        "groups": ["agencies_and_localities", "enterprises"]})
    assert opened.status_code == 303
    report_round = db.session.scalar(select(ReportRound).where(ReportRound.kind == RoundKind.YEARLY))
    assert db.session.scalar(select(func.count()).select_from(UnitReport)
                             .where(UnitReport.round_id == report_round.id)) == 3  # not the Front


# --- demo data ---------------------------------------------------------------------------------------

def test_the_demo_round_has_reports_on_time_late_returned_and_owed():
    from app.demo.catalogue import MOVEMENT
    from app.demo.reports import load_reports
    from app.demo.tally import Tally

    db.session.add(Movement(**MOVEMENT))
    factories.make_user(Role.APPRAISER)
    for n in range(14):
        factories.make_user(Role.OFFICER, factories.make_unit(f"Sở {n}"))
    load_reports(Tally())
    db.session.commit()
    report_round = db.session.scalar(select(ReportRound))
    rows = desk_rows(report_round, date(2026, 11, 27), WorkingCalendar.load())
    statuses = [r.status for r in rows]
    assert statuses.count(ReportStatus.SUBMITTED) == 9 and statuses.count(ReportStatus.RETURNED) == 1
    assert sum(1 for r in rows if not r.owed and r.late) == 3 and sum(1 for r in rows if r.owed) == 5
    again = Tally()
    load_reports(again)
    assert "created 0" in again.summary() and db.session.scalar(select(func.count()).select_from(ReportRound)) == 1


def test_the_council_secretary_reads_the_desk_but_does_not_act(app, world):
    report_round = world.open()
    secretary = factories.signed_in_client(app, factories.make_user(Role.SECRETARY))
    desk = secretary.get(f"/reports/round/{report_round.id}")
    assert desk.status_code == 200 and 'id="remind"' not in desk.get_data(as_text=True)
    assert secretary.post(f"/reports/round/{report_round.id}/remind").status_code == 403
    assert secretary.post(f"/reports/round/{report_round.id}/close").status_code == 403
    report = world.report(report_round, world.finance)
    assert secretary.get(f"/reports/report/{report.id}").status_code == 200
    assert secretary.post(f"/reports/report/{report.id}/accept").status_code == 403
    assert secretary.get(f"/reports/movement/{world.movement.id}").status_code == 403
