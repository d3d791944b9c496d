"""Notifications: who is told of each event (and nobody out of scope), the centre, e-mail preferences,
the e-mails' language and links through a real SMTP sink, and the idempotent daily run."""
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import babel, db
from app.models import DossierEvent, Notification, Role, State
from app.notifications import mail, operations
from app.workflow import engine
from app.workflow.calendar import WorkingCalendar
from tests.smtp_sink import SmtpSink

TODAY = date(2026, 3, 2)  # a Monday


@pytest.fixture
def smtp(app):
    sink = SmtpSink().start()
    saved = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT", "BASE_URL")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, BASE_URL="https://kt.example.vn")
    yield sink
    app.config.update(saved)
    sink.stop()


@pytest.fixture
def people(make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    other = make.make_unit("Sở Y tế")
    lead = make.make_unit("Sở Tài chính")
    make.make_cluster(members=[unit, lead], year=2025, lead=lead)
    home_affairs = make.make_unit("Sở Nội vụ")

    class People:
        pass

    p = People()
    p.unit, p.campaign = unit, make.make_campaign(2025)
    p.officer = make.make_actor(Role.OFFICER, unit, email="officer@example.vn")
    p.officer_en = make.make_actor(Role.OFFICER, unit, email="officer-en@example.vn", locale="en")
    p.head = make.make_actor(Role.UNIT_HEAD, unit, email="head@example.vn")
    p.stranger = make.make_actor(Role.OFFICER, other, email="stranger@example.vn")
    p.stranger_head = make.make_actor(Role.UNIT_HEAD, other, email="stranger-head@example.vn")
    p.cluster_lead = make.make_actor(Role.CLUSTER_LEAD, lead, email="lead@example.vn")
    p.appraiser = make.make_actor(Role.APPRAISER, home_affairs, email="appraiser@example.vn")
    p.secretary = make.make_actor(Role.SECRETARY, home_affairs)
    p.admin = make.make_actor(Role.ADMIN, home_affairs, email="admin@example.vn")

    def dossier(state=State.DRAFT, **kw):
        return make.make_complete_dossier(unit, award=make.make_award(), campaign=p.campaign, state=state, **kw)

    p.dossier = dossier
    return p


def notified(kind: str | None = None) -> dict[int, set[str]]:
    query = select(Notification.recipient_id, Notification.kind)
    if kind:
        query = query.where(Notification.kind == kind)
    result: dict[int, set[str]] = {}
    for user_id, k in db.session.execute(query):
        result.setdefault(user_id, set()).add(k)
    return result


# --- who is told of what ---------------------------------------------------------------------------

def test_a_return_tells_the_units_officers_only(people):
    dossier = people.dossier(State.APPRAISAL)
    engine.apply(people.appraiser, dossier, "return", comment="Thiếu bản sao", today=TODAY)
    assert notified() == {people.officer.id: {"returned"}, people.officer_en.id: {"returned"}}
    notification = db.session.scalar(select(Notification).where(Notification.recipient_id == people.officer.id))
    assert notification.dossier_id == dossier.id and notification.read_at is None
    assert notification.params["comment"] == "Thiếu bản sao"


def test_a_supplement_request_carries_its_deadline(people):
    dossier = people.dossier(State.APPRAISAL)
    engine.apply(people.appraiser, dossier, "request_supplement", comment="Thiếu biên bản",
                 payload={"deadline_days": 5}, today=TODAY)
    rows = db.session.scalars(select(Notification)).all()
    assert {n.recipient_id for n in rows} == {people.officer.id, people.officer_en.id}
    assert {n.kind for n in rows} == {"supplement"}
    assert rows[0].params["deadline"] == dossier.stage_due_on.isoformat()
    assert "by 09/03/2026" in mail.text_of(rows[0])


@pytest.mark.parametrize("state, actor, action, comment", [
    (State.UNIT_REVIEW, "head", "approve", ""),
    (State.APPRAISAL, "appraiser", "forward", "Đạt"),
])
def test_moving_on_tells_the_units_officers_and_head_but_not_the_actor(people, state, actor, action, comment):
    dossier = people.dossier(state, via_cluster=False)
    engine.apply(getattr(people, actor), dossier, action, comment=comment, today=TODAY)
    expected = {people.officer.id, people.officer_en.id, people.head.id} - {getattr(people, actor).id}
    assert set(notified("moved_on")) == expected
    assert not notified().keys() - expected


def test_a_decision_tells_each_awarded_dossiers_unit(people):
    dossier = people.dossier(State.APPROVED)
    # Whoever writes the history row (here the decisions' register), the rule applies.
    db.session.add(DossierEvent(dossier=dossier, action="issue_decision", actor=people.secretary,
                                actor_role=Role.SECRETARY, from_state=State.APPROVED, to_state=State.AWARDED))
    db.session.flush()
    assert set(notified("decision")) == {people.officer.id, people.officer_en.id, people.head.id}
    assert set(notified()) == set(notified("decision"))


def test_a_dossier_created_by_the_cluster_tells_the_member_unit(people):
    dossier = people.dossier(State.DRAFT)
    db.session.add(DossierEvent(dossier=dossier, action="create", actor=people.cluster_lead,
                                actor_role=Role.CLUSTER_LEAD, from_state=None, to_state=State.DRAFT))
    # The unit's own creation tells nobody.
    other = people.dossier(State.DRAFT)
    db.session.add(DossierEvent(dossier=other, action="create", actor=people.officer, actor_role=Role.OFFICER,
                                from_state=None, to_state=State.DRAFT))
    db.session.flush()
    assert set(notified("cluster_proposal")) == {people.officer.id, people.officer_en.id, people.head.id}
    assert {n.dossier_id for n in db.session.scalars(select(Notification))} == {dossier.id}


def test_a_refused_action_notifies_nobody(people):
    dossier = people.dossier(State.APPRAISAL)
    with pytest.raises(engine.WorkflowError):
        engine.apply(people.appraiser, dossier, "return", comment="", today=TODAY)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


# --- deadlines ------------------------------------------------------------------------------------

def test_deadline_reminders_go_to_whoever_has_the_turn_once(people):
    calendar = WorkingCalendar()
    soon = people.dossier(State.UNIT_REVIEW, stage_due_on=calendar.add_working_days(TODAY, 3))
    late = people.dossier(State.APPRAISAL, stage_due_on=date(2026, 2, 20))
    later = people.dossier(State.APPRAISAL, stage_due_on=calendar.add_working_days(TODAY, 4))  # not yet
    created = operations.create_due_reminders(TODAY, calendar)
    rows = db.session.scalars(select(Notification)).all()
    # The unit head approves (unit_review); the appraiser appraises; the officer and strangers wait.
    assert {(n.recipient_id, n.dossier_id, n.kind) for n in rows} == {
        (people.head.id, soon.id, "due_soon"), (people.appraiser.id, late.id, "overdue"),
    }
    assert created == 2
    assert rows[0].email_pending  # deadlines are e-mailed by default
    # Twice the same day: nothing new; the next day only the deadline that came within 3 working days.
    assert operations.create_due_reminders(TODAY, calendar) == 0
    assert operations.create_due_reminders(date(2026, 3, 3), calendar) == 1
    assert db.session.scalar(select(Notification.dossier_id).order_by(Notification.id.desc()).limit(1)) == later.id


def test_send_due_is_idempotent(app, people, smtp):
    people.dossier(State.APPRAISAL, stage_due_on=date(2026, 2, 20))
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["notifications", "send-due", "--today", "2026-03-02"])
    assert "reminders created: 1" in first.output and "e-mails sent: 1" in first.output, first.output
    second = runner.invoke(args=["notifications", "send-due", "--today", "2026-03-02"])
    assert "reminders created: 0" in second.output and "e-mails sent: 0" in second.output, second.output
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["To"] == "appraiser@example.vn"


# --- the centre -----------------------------------------------------------------------------------

def _returned(people):
    dossier = people.dossier(State.APPRAISAL)
    engine.apply(people.appraiser, dossier, "return", comment="Thiếu", today=TODAY)
    db.session.commit()
    return dossier


def test_the_centre_counts_lists_and_marks(app, make, people):
    dossier = _returned(people)
    client = make.signed_in_client(app, people.officer)
    assert ">1<" in client.get("/notifications/count").get_data(as_text=True)
    page = client.get("/notifications").get_data(as_text=True)
    assert "was returned to your unit" in page and "Mark all read" in page
    notification = db.session.scalar(select(Notification).where(Notification.recipient_id == people.officer.id))
    response = client.post(f"/notifications/{notification.id}/open")
    assert response.status_code == 303 and response.location.endswith(f"/dossiers/{dossier.id}")
    assert "bell-count" not in client.get("/notifications/count").get_data(as_text=True)
    # Mark all read: the other officer's.
    other = make.signed_in_client(app, people.officer_en)
    assert other.post("/notifications/read-all").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.read_at.is_(None))) == 0


def test_another_users_notification_does_not_exist(app, make, people):
    _returned(people)
    notification = db.session.scalar(select(Notification).where(Notification.recipient_id == people.officer.id))
    client = make.signed_in_client(app, people.stranger)
    assert client.post(f"/notifications/{notification.id}/open").status_code == 404
    assert "returned" not in client.get("/notifications").get_data(as_text=True)
    db.session.refresh(notification)
    assert notification.read_at is None


def test_preferences_page_saves_the_choice(app, make, people):
    client = make.signed_in_client(app, people.officer)
    assert 'value="returned" id="email-returned" checked' in client.get("/notifications/preferences").get_data(
        as_text=True)
    assert client.post("/notifications/preferences", data={"email": ["overdue"]}).status_code == 303
    assert operations.email_choices(people.officer) == {k: k == "overdue" for k in operations.KINDS}


# --- e-mail ---------------------------------------------------------------------------------------

def test_email_off_keeps_it_in_app_only(people, smtp):
    operations.set_email_preferences(people.officer, set())
    dossier = _returned(people)
    assert mail.send_pending() == (1, 0)  # the English-speaking officer's only
    assert [m["To"] for m in smtp.messages] == ["officer-en@example.vn"]
    kept = db.session.scalar(select(Notification).where(Notification.recipient_id == people.officer.id))
    assert kept.dossier_id == dossier.id and not kept.email_pending and kept.emailed_at is None


def test_emails_are_in_the_readers_language_with_an_absolute_link(app, people, smtp, monkeypatch):
    # The suite's app has no catalogue (conftest): lend it the real one for this test.
    monkeypatch.setattr(app.extensions["babel"], "translation_directories", [str(Path(app.root_path, "translations"))])
    babel.domain_instance.cache.clear()
    try:
        _returned(people)
        assert mail.send_pending() == (2, 0)
    finally:
        babel.domain_instance.cache.clear()
    by_address = {m["To"]: m for m in smtp.messages}
    english = by_address["officer-en@example.vn"].get_body(("plain",)).get_content()
    vietnamese = by_address["officer@example.vn"].get_body(("plain",)).get_content()
    assert "was returned to your unit" in english
    assert "was returned to your unit" not in vietnamese and "trả lại" in vietnamese
    notification = db.session.scalar(select(Notification).where(Notification.recipient_id == people.officer.id))
    assert f"https://kt.example.vn/notifications/{notification.id}/open" in vietnamese
    html = by_address["officer@example.vn"].get_body(("html",)).get_content()
    assert f'href="https://kt.example.vn/notifications/{notification.id}/open"' in html
    assert notification.emailed_at is not None and not notification.email_pending


def test_the_email_link_opens_the_dossier(app, make, people, smtp):
    dossier = _returned(people)
    mail.send_pending()
    link = next(line.strip() for line in smtp.messages[0].get_body(("plain",)).get_content().splitlines()
                if "/open" in line)
    client = make.signed_in_client(app, people.officer)
    recipient = db.session.scalar(select(Notification).where(Notification.recipient_id == people.officer.id))
    path = link.removeprefix("https://kt.example.vn")
    if f"/{recipient.id}/" not in path:  # the first e-mail may be the other officer's
        client = make.signed_in_client(app, people.officer_en)
    response = client.get(path)
    assert response.status_code == 303 and response.location.endswith(f"/dossiers/{dossier.id}")


def test_an_smtp_failure_keeps_it_pending_and_others_are_sent(people, smtp):
    smtp.handler.refuse.add("officer@example.vn")
    _returned(people)
    assert mail.send_pending() == (1, 1)
    failed = db.session.scalar(select(Notification).where(Notification.recipient_id == people.officer.id))
    assert failed.email_pending and "550" in failed.email_error
    assert [m["To"] for m in smtp.messages] == ["officer-en@example.vn"]
    smtp.handler.refuse.clear()
    assert mail.send_pending() == (1, 0)  # retried on the next run
    db.session.refresh(failed)
    assert not failed.email_pending and failed.email_error == ""


def test_no_server_no_loss(app, people):
    _returned(people)
    assert not app.config.get("MAIL_SERVER")
    assert mail.send_pending() == (0, 0)
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.email_pending.is_(True))) == 2


def test_a_server_that_is_down_loses_nothing(app, people):
    from tests.smtp_sink import free_port

    _returned(people)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    try:
        assert mail.send_pending() == (0, 2)
    finally:
        app.config["MAIL_SERVER"] = ""
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.email_pending.is_(True))) == 2
