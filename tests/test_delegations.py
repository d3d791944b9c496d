"""Delegation (issue 10): a unit head lends approving and/or signing to a deputy for a period; validated on the
server, audited, revocable, ending by itself; what a delegation hat allows (``access.delegation_allows``,
``access.acting_for``); the administrator's view of all delegations and the role assignments on a user's page."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import access
from app.extensions import db
from app.models import Delegation, DelegationMode, DelegationScope, Role, RoleAssignment, RoleAuditEvent, User
from app.models.base import local_today
from tests.test_hats import _delegate, _hat_in_session, _switch

TODAY = local_today()


def _day(value) -> str:
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def office(make):
    head = make.make_user(Role.UNIT_HEAD, make.make_unit("Sở Khoa học"), full_name="Giám Đốc Sở")
    sub = make.make_unit("Phòng Quản lý", parent=head.unit)
    deputy = make.make_user(Role.OFFICER, head.unit, full_name="Phó Giám Đốc")
    staff = make.make_user(Role.OFFICER, sub, full_name="Chuyên Viên Phòng")
    stranger = make.make_user(Role.OFFICER, make.make_unit("Sở Khác"), full_name="Người Sở Khác")
    inactive = make.make_user(Role.OFFICER, head.unit, full_name="Đã Nghỉ", active=False)
    db.session.commit()
    return {"head": head, "deputy": deputy, "staff": staff, "stranger": stranger, "inactive": inactive}


def _form(delegate, **changes):
    data = {"delegate_id": str(delegate.id), "scope": "all", "mode": "kt", "starts_on": _day(TODAY),
            "ends_on": _day(TODAY + timedelta(days=30)), "reason": "Đi công tác nước ngoài"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_head_delegates_and_the_deputy_acts_for_them(app, make, office):
    head, deputy = office["head"], office["deputy"]
    client = make.signed_in_client(app, head)
    page = client.get("/account/delegations").get_data(as_text=True)
    assert 'id="new-delegation"' in page and "Chuyên Viên Phòng" in page  # the sub-unit's people too
    assert "Người Sở Khác" not in page and "Đã Nghỉ" not in page and ">Giám Đốc Sở (" not in page
    response = client.post("/account/delegations", data=_form(deputy, mode="q", scope="sign"))
    assert response.status_code == 303
    delegation = db.session.scalar(select(Delegation))
    assert (delegation.delegator_id, delegation.delegate_id, delegation.unit_id, delegation.role) == (
        head.id, deputy.id, head.unit_id, Role.UNIT_HEAD)
    assert (delegation.scope, delegation.mode) == (DelegationScope.SIGN, DelegationMode.Q)
    event = db.session.scalar(select(RoleAuditEvent))
    assert (event.action, event.actor_id, event.subject_id, event.hat_key) == (
        "delegation_created", head.id, deputy.id, f"d{delegation.id}")

    deputy_client = make.signed_in_client(app, deputy)
    assert 'id="hat-switcher"' in deputy_client.get("/").get_data(as_text=True)
    assert _switch(deputy_client, f"d{delegation.id}").status_code == 303
    page = deputy_client.get("/account/delegations").get_data(as_text=True)
    assert "Q. Unit head — for Giám Đốc Sở, until" in page
    assert 'id="new-delegation"' not in page  # a delegate does not delegate further

    with app.test_request_context("/"):
        from flask import session
        from flask_login import current_user

        session["_user_id"], session["hat"] = deputy.get_id(), f"d{delegation.id}"
        assert current_user.role is Role.UNIT_HEAD and current_user.unit_id == head.unit_id
        assert access.acting_for(current_user) == (head.id, "Giám Đốc Sở", DelegationMode.Q)
        assert access.delegation_allows(current_user, DelegationScope.SIGN)
        assert not access.delegation_allows(current_user, DelegationScope.APPROVE)
        assert not access.can_delegate(current_user)
    audit = [e.action for e in db.session.scalars(select(RoleAuditEvent).order_by(RoleAuditEvent.id))]
    assert audit == ["delegation_created", "hat_switched"]


@pytest.mark.parametrize("scope, approve, sign", [
    (DelegationScope.APPROVE, True, False), (DelegationScope.SIGN, False, True), (DelegationScope.ALL, True, True)])
def test_what_a_delegation_allows(make, office, scope, approve, sign):
    from app.models.hats import load_hat, wear

    delegation = _delegate(office["head"], office["deputy"], scope=scope)
    deputy = office["deputy"]
    assert access.delegation_allows(deputy, DelegationScope.APPROVE) and access.acting_for(deputy) is None
    wear(deputy, load_hat(deputy, f"d{delegation.id}", TODAY))
    assert access.delegation_allows(deputy, DelegationScope.APPROVE) is approve
    assert access.delegation_allows(deputy, DelegationScope.SIGN) is sign
    assert access.acting_for(deputy)[0] == office["head"].id
    # The head in their own role is not limited by any delegation.
    assert access.delegation_allows(office["head"], DelegationScope.SIGN)
    assert access.can_delegate(office["head"])


BAD = [
    ("no end", {"ends_on": ""}, "ends_on"),
    ("end before start", {"ends_on": _day(TODAY - timedelta(days=1))}, "ends_on"),
    ("over a year", {"ends_on": _day(TODAY + timedelta(days=400))}, "ends_on"),
    ("starts in the past", {"starts_on": _day(TODAY - timedelta(days=1))}, "starts_on"),
    ("no start", {"starts_on": None}, "starts_on"),
    ("not a date", {"ends_on": "31/02/2026"}, "ends_on"),
    ("year 9999", {"ends_on": "01/01/9999"}, "ends_on"),
    ("unknown scope", {"scope": "everything"}, "scope"),
    ("unknown mode", {"mode": "boss"}, "mode"),
    ("no reason", {"reason": "  "}, "reason"),
    ("a huge reason", {"reason": "x" * 5000}, "reason"),
    ("a control character", {"reason": "nghỉ\x07phép"}, "reason"),
    ("no delegate", {"delegate_id": ""}, "delegate_id"),
    ("not an id", {"delegate_id": "1e3"}, "delegate_id"),
    ("a huge id", {"delegate_id": "9" * 40}, "delegate_id"),
]


@pytest.mark.parametrize("case, changes, field", BAD, ids=[case for case, _c, _f in BAD])
def test_bad_delegations_are_refused_and_nothing_is_saved(app, make, office, case, changes, field):
    client = make.signed_in_client(app, office["head"])
    response = client.post("/account/delegations", data=_form(office["deputy"], **changes))
    assert response.status_code == 422, case
    assert f'id="field-{field}"' in response.get_data(as_text=True)
    assert 'invalid-feedback' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Delegation.id))) == 0
    assert db.session.scalar(select(func.count(RoleAuditEvent.id))) == 0


def test_a_head_cannot_delegate_to_themself_another_units_people_or_inactive_ones(app, make, office):
    client = make.signed_in_client(app, office["head"])
    for who in ("head", "stranger", "inactive"):
        response = client.post("/account/delegations", data=_form(office[who]))
        assert response.status_code == 422, who
    assert db.session.scalar(select(func.count(Delegation.id))) == 0


def test_only_a_unit_head_delegates(app, make, office):
    for who in ("deputy", "stranger"):
        client = make.signed_in_client(app, office[who])
        assert client.post("/account/delegations", data=_form(office["staff"])).status_code == 403
        assert 'id="new-delegation"' not in client.get("/account/delegations").get_data(as_text=True)
    appraiser = make.make_user(Role.APPRAISER)
    client = make.signed_in_client(app, appraiser)
    assert client.post("/account/delegations", data=_form(office["deputy"])).status_code == 403
    assert db.session.scalar(select(func.count(Delegation.id))) == 0


def test_a_head_in_a_head_assignment_delegates_for_that_unit_only(app, make, office):
    """A unit head of another unit by assignment delegates for the unit of the hat they wear."""
    other_head = make.make_user(Role.UNIT_HEAD, office["stranger"].unit)
    assignment = RoleAssignment(user_id=other_head.id, role=Role.UNIT_HEAD, unit_id=office["head"].unit_id)
    db.session.add(assignment)
    db.session.commit()
    client = make.signed_in_client(app, other_head)
    # In their home hat: the Sở Khoa học's deputy is not theirs to delegate to.
    assert client.post("/account/delegations", data=_form(office["deputy"])).status_code == 422
    _switch(client, f"a{assignment.id}")
    assert client.post("/account/delegations", data=_form(office["deputy"])).status_code == 303
    delegation = db.session.scalar(select(Delegation))
    assert (delegation.delegator_id, delegation.unit_id) == (other_head.id, office["head"].unit_id)


def test_revoking(app, make, office):
    delegation = _delegate(office["head"], office["deputy"])
    other = make.make_user(Role.UNIT_HEAD, office["stranger"].unit)
    db.session.commit()
    url = f"/account/delegations/{delegation.id}/revoke"
    deputy_client = make.signed_in_client(app, office["deputy"])
    _switch(deputy_client, f"d{delegation.id}")
    assert make.signed_in_client(app, other).post(url).status_code == 404  # another unit's: does not exist
    assert deputy_client.post(url).status_code == 303  # the deputy cannot revoke it
    assert db.session.get(Delegation, delegation.id).revoked_at is None

    assert make.signed_in_client(app, office["head"]).post(url).status_code == 303
    db.session.expire_all()
    assert db.session.get(Delegation, delegation.id).revoked_at is not None
    events = db.session.scalars(select(RoleAuditEvent).where(RoleAuditEvent.action == "delegation_revoked")).all()
    assert [(e.actor_id, e.subject_id) for e in events] == [(office["head"].id, office["deputy"].id)]
    deputy_client.get("/")
    assert _hat_in_session(deputy_client) is None  # the deputy is back in their own role at once


def test_the_administrator_reads_every_delegation_and_manages_assignments(app, make, office):
    _delegate(office["head"], office["deputy"])
    admin = make.make_user(Role.ADMIN)
    db.session.commit()
    client = make.signed_in_client(app, admin)
    page = client.get("/account/delegations").get_data(as_text=True)
    assert "All delegations" in page and "Phó Giám Đốc" in page and 'id="new-delegation"' not in page

    user = office["staff"]
    url = f"/admin/users/{user.id}/assignments"
    assert 'id="user-assignments"' in client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    bad = client.post(url, data={"assignment-role": "cluster_lead", "assignment-unit_id": ""})
    assert bad.status_code == 422 and "acts for a unit" in bad.get_data(as_text=True)
    bad = client.post(url, data={"assignment-role": "secretary", "assignment-starts_on": "10/10/2026",
                                 "assignment-ends_on": "01/10/2026"})
    assert bad.status_code == 422
    assert db.session.scalar(select(func.count(RoleAssignment.id))) == 0
    ok = client.post(url, data={"assignment-role": "cluster_lead", "assignment-unit_id": str(user.unit_id),
                                "assignment-starts_on": _day(TODAY), "assignment-note": "Cụm phó"})
    assert ok.status_code == 303
    assignment = db.session.scalar(select(RoleAssignment))
    assert (assignment.user_id, assignment.role, assignment.created_by_id) == (user.id, Role.CLUSTER_LEAD, admin.id)
    # Not started before today: ending it removes it.
    assert client.post(f"{url}/{assignment.id}/end").status_code == 303
    assert db.session.scalar(select(func.count(RoleAssignment.id))) == 0
    old = RoleAssignment(user_id=user.id, role=Role.SECRETARY, starts_on=TODAY - timedelta(days=100))
    db.session.add(old)
    db.session.commit()
    assert client.post(f"{url}/{old.id}/end").status_code == 303
    db.session.expire_all()
    assert db.session.get(RoleAssignment, old.id).ends_on == TODAY - timedelta(days=1)
    actions = [e.action for e in db.session.scalars(select(RoleAuditEvent).order_by(RoleAuditEvent.id))]
    assert actions == ["assignment_added", "assignment_removed", "assignment_ended"]
    # Not for anyone else.
    other = make.signed_in_client(app, office["head"])
    assert other.post(url, data={"assignment-role": "secretary"}).status_code == 403
    assert db.session.scalar(select(func.count(User.id)).where(User.role == Role.SECRETARY)) == 0


def test_a_head_with_one_role_finds_the_delegations_from_the_account_page(app, make, office):
    client = make.signed_in_client(app, office["head"])
    page = client.get("/account").get_data(as_text=True)
    assert 'id="hat-switcher"' not in page and 'href="/account/delegations"' in page
