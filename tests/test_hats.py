"""Several roles per user (issue 10): the hat worn, switching, permissions per hat, the overlay that never
writes the user's row, the navbar switcher, and zero statements for a session without a hat."""
from datetime import date, timedelta

from sqlalchemy import select, text

from app.extensions import db
from app.models import Delegation, DelegationMode, DelegationScope, Role, RoleAssignment, RoleAuditEvent, State, User
from app.models.base import local_today, utcnow

TODAY = local_today()
YEAR_START, YEAR_END = date(TODAY.year, 1, 1), date(TODAY.year, 12, 31)


def _assign(user, role, unit=None, starts=YEAR_START, ends=YEAR_END):
    assignment = RoleAssignment(user_id=user.id, role=role, unit_id=unit.id if unit else None, starts_on=starts,
                                ends_on=ends)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def _delegate(head, deputy, *, scope=DelegationScope.ALL, mode=DelegationMode.KT, starts=YEAR_START, ends=YEAR_END):
    delegation = Delegation(delegator_id=head.id, delegate_id=deputy.id, unit_id=head.unit_id, role=Role.UNIT_HEAD,
                            scope=scope, mode=mode, starts_on=starts, ends_on=ends, reason="Nghỉ phép")
    db.session.add(delegation)
    db.session.flush()
    return delegation


def _switch(client, key, back="/dossiers/"):
    return client.post("/account/hat", data={"hat": key, "next": back})


def _hat_in_session(client):
    with client.session_transaction() as session:
        return session.get("hat")


def _cluster_world(make):
    """An officer of a unit that leads a cluster this year, with a cluster-lead assignment; a member's dossier of
    this year's campaign waiting for the cluster's endorsement."""
    lead_unit, member = make.make_unit("Sở Dẫn Đầu"), make.make_unit("Sở Thành Viên")
    make.make_cluster(members=(lead_unit, member), year=TODAY.year, lead=lead_unit)
    campaign = make.make_campaign(TODAY.year)
    award = make.make_award(via_cluster=True)
    dossier = make.make_complete_dossier(member, award=award, campaign=campaign, state=State.CLUSTER_REVIEW,
                                         name="Trần Thị Cụm")
    officer = make.make_user(Role.OFFICER, lead_unit, full_name="Cán Bộ Hai Vai")
    assignment = _assign(officer, Role.CLUSTER_LEAD, lead_unit)
    return officer, assignment, dossier


def test_switching_to_a_held_assignment_changes_what_the_user_sees_and_is_audited(app, make):
    officer, assignment, dossier = _cluster_world(make)
    client = make.signed_in_client(app, officer)
    assert "Trần Thị Cụm" not in client.get("/dossiers/").get_data(as_text=True)

    response = _switch(client, f"a{assignment.id}")
    assert response.status_code == 303 and response.headers["Location"].endswith("/dossiers/")
    assert _hat_in_session(client) == f"a{assignment.id}"
    page = client.get("/dossiers/").get_data(as_text=True)
    assert "Trần Thị Cụm" in page
    assert 'id="current-hat"' in page and "Cluster lead — Sở Dẫn Đầu" in page
    assert "Trần Thị Cụm" in client.get("/inbox").get_data(as_text=True)

    events = db.session.scalars(select(RoleAuditEvent)).all()
    assert [(e.action, e.actor_id, e.hat_key, e.role) for e in events] == [
        ("hat_switched", officer.id, f"a{assignment.id}", "cluster_lead")]

    assert _switch(client, "home").status_code == 303
    assert _hat_in_session(client) is None
    assert "Trần Thị Cụm" not in client.get("/dossiers/").get_data(as_text=True)
    assert "Trần Thị Cụm" not in client.get("/inbox").get_data(as_text=True)


def test_a_hat_not_held_is_refused_with_a_message_and_nothing_changes(app, make):
    officer, assignment, _dossier = _cluster_world(make)
    someone = make.make_user(Role.APPRAISER)
    theirs = _assign(someone, Role.SECRETARY)
    client = make.signed_in_client(app, officer)
    for key in (f"a{theirs.id}", "a999999", "d1", "x", "a", "a1e3", "home2", "a" + "9" * 30):
        response = _switch(client, key)
        # Refused: a redirect back (303) with a danger flash, the session without a hat, no audit row.
        assert response.status_code == 303, key
        assert _hat_in_session(client) is None
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "You do not hold this role" in page or "Choose one of your roles" in page, key
    assert db.session.scalar(select(RoleAuditEvent.id)) is None
    assert db.session.get(User, officer.id).role is Role.OFFICER


def test_an_ended_or_future_assignment_cannot_be_worn(app, make):
    officer, assignment, _dossier = _cluster_world(make)
    assignment.ends_on = TODAY - timedelta(days=1)
    assignment.starts_on = TODAY - timedelta(days=30)
    later = _assign(officer, Role.SECRETARY, starts=TODAY + timedelta(days=1), ends=None)
    client = make.signed_in_client(app, officer)
    for key in (f"a{assignment.id}", f"a{later.id}"):
        assert _switch(client, key).status_code == 303
        assert _hat_in_session(client) is None


def test_a_worn_hat_that_ends_falls_back_to_home(app, make):
    officer, assignment, dossier = _cluster_world(make)
    client = make.signed_in_client(app, officer)
    _switch(client, f"a{assignment.id}")
    assert "Trần Thị Cụm" in client.get("/dossiers/").get_data(as_text=True)
    db.session.get(RoleAssignment, assignment.id).ends_on = TODAY - timedelta(days=1)
    db.session.commit()
    page = client.get("/dossiers/").get_data(as_text=True)
    assert "Trần Thị Cụm" not in page and "no longer yours" in page
    assert _hat_in_session(client) is None


def test_a_revoked_or_expired_delegation_falls_back_to_home(app, make):
    head = make.make_user(Role.UNIT_HEAD, full_name="Giám Đốc A")
    deputy = make.make_user(Role.OFFICER, head.unit, full_name="Phó Giám Đốc B")
    delegation = _delegate(head, deputy)
    client = make.signed_in_client(app, deputy)
    assert _switch(client, f"d{delegation.id}").status_code == 303
    assert _hat_in_session(client) == f"d{delegation.id}"
    page = client.get("/account/delegations").get_data(as_text=True)
    assert "KT. Unit head — for Giám Đốc A, until" in page

    db.session.get(Delegation, delegation.id).revoked_at = utcnow()
    db.session.commit()
    client.get("/")
    assert _hat_in_session(client) is None
    assert _switch(client, f"d{delegation.id}").status_code == 303 and _hat_in_session(client) is None

    expired = _delegate(head, deputy, starts=TODAY - timedelta(days=10), ends=TODAY - timedelta(days=1))
    db.session.commit()
    with client.session_transaction() as session:
        session["hat"] = f"d{expired.id}"  # as if switched while it was in force
    client.get("/")
    assert _hat_in_session(client) is None


def test_the_appraiser_in_the_secretary_hat_opens_the_council(app, make):
    appraiser = make.make_user(Role.APPRAISER)
    assignment = _assign(appraiser, Role.SECRETARY, starts=None, ends=None)
    client = make.signed_in_client(app, appraiser)
    assert client.get("/council/").status_code == 403
    _switch(client, f"a{assignment.id}")
    assert client.get("/council/").status_code == 200
    _switch(client, "home")
    assert client.get("/council/").status_code == 403


def test_the_overlay_survives_a_commit_and_never_writes_the_users_row(app, make):
    officer, assignment, _dossier = _cluster_world(make)
    client = make.signed_in_client(app, officer)
    _switch(client, f"a{assignment.id}")
    row = "SELECT role, unit_id, locale FROM user_account WHERE id = :id"
    before = db.session.execute(text(row), {"id": officer.id}).one()

    # A request that changes the user and commits (the language switch writes the user's locale)...
    assert client.post("/language/vi", data={"next": "/dossiers/"}).status_code == 303
    after = db.session.execute(text(row), {"id": officer.id}).one()
    assert (after.role, after.unit_id) == (before.role, before.unit_id) == ("officer", officer.unit_id)
    assert after.locale == "vi"
    assert _hat_in_session(client) == f"a{assignment.id}"

    # ... and inside one request: after a commit, the expired user reloads with the hat laid over again.
    from flask_login import current_user

    with app.test_request_context("/"):
        from flask import session

        session["_user_id"], session["hat"] = officer.get_id(), f"a{assignment.id}"
        assert current_user.role is Role.CLUSTER_LEAD
        current_user.locale = "en"
        db.session.commit()
        assert "role" not in db.inspect(current_user._get_current_object()).dict  # expired by the commit
        assert current_user.role is Role.CLUSTER_LEAD and current_user.unit_id == officer.unit_id
        assert current_user.hat.key == f"a{assignment.id}"
        db.session.refresh(current_user._get_current_object())
        assert current_user.role is Role.CLUSTER_LEAD
        assert not db.session.dirty
        db.session.commit()
    assert db.session.execute(text(row), {"id": officer.id}).one().role == "officer"


def test_the_navbar_switcher_shows_only_with_more_than_one_hat(app, make):
    single = make.make_user(Role.OFFICER)
    double, assignment, _dossier = _cluster_world(make)
    page = make.signed_in_client(app, single).get("/").get_data(as_text=True)
    assert 'id="hat-switcher"' not in page
    client = make.signed_in_client(app, double)
    page = client.get("/").get_data(as_text=True)
    assert 'id="hat-switcher"' in page and 'aria-labelledby="hat-switcher-button"' in page
    assert f'name="hat" value="a{assignment.id}"' in page
    assert 'name="hat" value="home"' not in page  # the hat worn is not offered again
    _switch(client, f"a{assignment.id}")
    page = client.get("/").get_data(as_text=True)
    assert 'name="hat" value="home"' in page and f'name="hat" value="a{assignment.id}"' not in page


def test_a_session_without_a_hat_costs_no_statement(app, make, count_queries):
    officer, assignment, _dossier = _cluster_world(make)
    plain = make.make_user(Role.OFFICER, officer.unit)
    key = f"a{assignment.id}"
    clients = {"plain": make.signed_in_client(app, plain), "double": make.signed_in_client(app, officer)}
    counts = {}
    for name, client in clients.items():
        client.get("/dossiers/")  # fills the switcher's menu for the day
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get("/dossiers/").status_code == 200
        counts[name] = counter.count
    assert counts["plain"] == counts["double"]
    # Wearing a hat costs the one statement that loads it.
    _switch(clients["double"], key)
    clients["double"].get("/dossiers/")
    db.session.expunge_all()
    with count_queries() as counter:
        clients["double"].get("/dossiers/")
    hat_loads = [s for s in counter.statements if "role_assignment" in s]
    assert len(hat_loads) == 1, hat_loads


def test_the_account_page_lists_the_hats_and_switches(app, make, csrf_enabled):
    officer, assignment, _dossier = _cluster_world(make)
    client = make.signed_in_client(app, officer)
    page = client.get("/account/delegations").get_data(as_text=True)
    assert "Cluster lead — Sở Dẫn Đầu" in page
    # CSRF: a switch without the token is refused, nothing changes.
    assert _switch(client, f"a{assignment.id}").status_code == 400
    assert _hat_in_session(client) is None


def test_a_refused_switch_keeps_the_hat_worn_and_redirects_only_within_the_site(app, make):
    officer, assignment, _dossier = _cluster_world(make)
    client = make.signed_in_client(app, officer)
    _switch(client, f"a{assignment.id}")
    response = _switch(client, "a999999")
    assert response.status_code == 303
    assert _hat_in_session(client) == f"a{assignment.id}"  # nothing changed
    for back in ("//evil.example/", "/\\evil.example/", "https://evil.example/", "javascript:alert(1)"):
        location = _switch(client, "home", back=back).headers["Location"]
        assert "evil" not in location and "javascript" not in location and location.endswith("/"), back
