"""Registration-due notifications (issues 11 and 12): units that have not registered are told 3 working days
before the deadline and once it has passed, by the daily ``flask notifications send-due``, once each."""
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Notification, Role, UnitKind
from app.models.movement_plans import Registration
from app.models.target_groups import target_group_of
from app.movements.due import create_registration_reminders
from tests import factories
from tests.movement_data import make_launch

DEADLINE = date(2026, 3, 4)  # a Wednesday


def _kinds(user) -> list[tuple[str, date]]:
    return [(n.kind, n.due_on) for n in db.session.scalars(
        select(Notification).where(Notification.recipient_id == user.id).order_by(Notification.id))]


def test_units_that_have_not_registered_are_told_once(app):
    launch = make_launch(year=2026, deadline=DEADLINE)
    late_unit, done_unit = factories.make_unit("Sở Y tế"), factories.make_unit("Sở Tài chính")
    officer, head = factories.make_user(Role.OFFICER, unit=late_unit, email="a@example.vn"), \
        factories.make_user(Role.UNIT_HEAD, unit=late_unit)
    enterprise = factories.make_unit("Công ty A", kind=UnitKind.ENTERPRISE)
    enterprise_officer = factories.make_user(Role.OFFICER, unit=enterprise)
    sub = factories.make_unit("Phòng Kế hoạch", kind=UnitKind.SUB_UNIT, parent=late_unit)
    sub_officer = factories.make_user(Role.OFFICER, unit=sub)
    done_officer = factories.make_user(Role.OFFICER, unit=done_unit)
    appraiser = factories.make_user(Role.APPRAISER)
    db.session.add(Registration(movement_id=launch.movement_id, unit_id=done_unit.id, year=2026,
                                target_group=target_group_of(done_unit.kind), registered_on=date(2026, 2, 20)))
    db.session.commit()

    # Four working days before: nothing yet.
    assert create_registration_reminders(date(2026, 2, 26)) == 0
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "send-due", "--today", "2026-03-02"])
    assert "registration reminders created: 3" in result.output, result.output
    assert _kinds(officer) == _kinds(head) == _kinds(enterprise_officer) == [("registration_due_soon", DEADLINE)]
    assert _kinds(sub_officer) == _kinds(done_officer) == _kinds(appraiser) == []
    note = db.session.scalar(select(Notification).where(Notification.recipient_id == officer.id))
    assert note.link == f"/movements/launch/{launch.id}" and note.email_pending
    assert note.params["unit"] == "Sở Y tế" and note.params["year"] == 2026

    # Again the same day and the next: nothing new.
    assert create_registration_reminders(date(2026, 3, 2)) == 0
    assert create_registration_reminders(date(2026, 3, 3)) == 0
    # Overdue, once; the centre words it.
    assert create_registration_reminders(date(2026, 3, 5)) == 3
    assert create_registration_reminders(date(2026, 3, 9)) == 0
    assert _kinds(officer)[-1] == ("registration_overdue", DEADLINE)
    db.session.commit()
    page = factories.signed_in_client(app, officer).get("/notifications").get_data(as_text=True)
    assert "has not registered for 2026" in page and "04/03/2026" in page


def test_a_draft_or_a_past_year_reminds_nobody(app):
    make_launch(published=False, year=2026, deadline=DEADLINE)
    make_launch(year=2025, deadline=date(2025, 1, 31))
    factories.make_user(Role.OFFICER)
    db.session.commit()
    assert create_registration_reminders(date(2026, 3, 2)) == 0
