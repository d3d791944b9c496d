"""The demo data: idempotent loading, an account for every role, the cluster lead's bloc, the catalogue, scoping."""
from decimal import Decimal

import pytest
from flask import g
from markupsafe import escape
from sqlalchemy import func, select

from app.demo import DEMO_PASSWORD, load
from app.extensions import db
from app.models import (
    AttachmentType, Award, AwardLevel, Campaign, ClusterLeadership, ClusterMembership, Dossier, NomineeKind, Role,
    Unit, User,
)
from app.text import fold
from app.workflow.states import State

DOMAIN_AWARD_CODES = {
    "huan_chuong_ld_3", "huan_chuong_ld_2", "huan_chuong_ld_1", "co_thi_dua_cp", "bang_khen_ttg",
    "co_thi_dua_tinh", "bang_khen_tinh", "giay_khen", "cstd_tinh", "cstd_co_so", "tt_ldxs",
}
ROLE_ACCOUNTS = {
    "officer": Role.OFFICER, "unithead": Role.UNIT_HEAD, "clusterlead": Role.CLUSTER_LEAD,
    "appraiser": Role.APPRAISER, "secretary": Role.SECRETARY, "admin": Role.ADMIN,
}


@pytest.fixture
def demo(app):
    return load()


def _row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def _snapshot() -> list:
    """Values a careless second load would touch: password hashes, dossier states and timestamps."""
    users = db.session.execute(select(User.username, User.password_hash).order_by(User.id)).all()
    dossiers = db.session.execute(
        select(Dossier.id, Dossier.state, Dossier.version, Dossier.updated_at).order_by(Dossier.id)).all()
    return [tuple(r) for r in users] + [tuple(r) for r in dossiers]


def _home_unit() -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == "SKHCN"))


def test_second_load_changes_nothing(demo):
    assert demo.startswith("demo: 37 units, 4 clusters")
    assert "created 0," not in demo and "already present 0)" in demo
    counts, snapshot = _row_counts(), _snapshot()
    db.session.expire_all()

    again = load()

    assert _row_counts() == counts
    assert _snapshot() == snapshot
    assert "created 0, already present" in again
    assert again.split(" (")[0] == demo.split(" (")[0]  # the same totals


def test_flask_demo_load_command(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("demo: ")
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "created 0," in result.output


def test_every_role_has_a_demo_account_that_logs_in(app, demo):
    # One load for all accounts: loading costs about a second.
    for username in [*ROLE_ACCOUNTS, "officer.snv", "head.pquynhon", "head.skhcn", "lead.sgddt"]:
        user = db.session.scalar(select(User).where(User.username == username))
        assert user is not None and user.active, username
        if username in ROLE_ACCOUNTS:
            assert user.role is ROLE_ACCOUNTS[username]
        # Requests share the test's app context, where Flask-Login caches the current user in ``g``.
        g.pop("_login_user", None)
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 303, (username, response.get_data(as_text=True)[:300])
        assert client.get("/dossiers/").status_code == 200


def test_each_current_unit_has_an_officer_and_a_head(demo):
    units = db.session.scalars(select(Unit).where(Unit.parent_id.is_(None), Unit.valid_to.is_(None))).all()
    assert 28 <= len(units) <= 32
    for unit in units:
        roles = {u.role for u in db.session.scalars(select(User).where(User.unit_id == unit.id))}
        assert {Role.OFFICER, Role.UNIT_HEAD} <= roles, unit.code
    assert _home_unit().name == "Sở Khoa học và Công nghệ"
    old = db.session.scalar(select(Unit).where(Unit.code == "SKHCN-BD"))
    assert old.successor.code == "SKHCN" and old.valid_to.isoformat() == "2025-06-30"


def test_clusterlead_leads_the_home_units_cluster_in_both_years(demo):
    lead_user = db.session.scalar(select(User).where(User.username == "clusterlead"))
    assert lead_user.role is Role.CLUSTER_LEAD
    deputies = set()
    for year in (2025, 2026):
        cluster_id = db.session.scalar(select(ClusterMembership.cluster_id).where(
            ClusterMembership.unit_id == _home_unit().id, ClusterMembership.year == year))
        leadership = db.session.scalar(select(ClusterLeadership).where(
            ClusterLeadership.cluster_id == cluster_id, ClusterLeadership.year == year))
        assert leadership.lead_unit_id == lead_user.unit_id, year
        deputies.add(leadership.deputy_unit_id)
    assert len(deputies) == 2 and None not in deputies  # the members elect a new deputy each year
    members = db.session.scalar(select(func.count()).select_from(ClusterMembership).where(
        ClusterMembership.cluster_id == cluster_id, ClusterMembership.year == 2026))
    assert 5 <= members <= 11


def test_award_catalogue_follows_the_domain_table(demo):
    awards = {a.code: a for a in db.session.scalars(select(Award))}
    assert set(awards) == DOMAIN_AWARD_CODES
    assert {code for code, a in awards.items() if a.via_cluster} == {"co_thi_dua_tinh", "co_thi_dua_cp"}
    assert {code for code, a in awards.items() if a.level is AwardLevel.CENTRAL} == {
        "huan_chuong_ld_3", "huan_chuong_ld_2", "huan_chuong_ld_1", "co_thi_dua_cp", "bang_khen_ttg"}
    assert awards["huan_chuong_ld_2"].coefficient_collective == Decimal("15.0")
    assert awards["bang_khen_tinh"].coefficient_household == Decimal("2.25")
    assert awards["co_thi_dua_tinh"].nominee_kinds == [NomineeKind.COLLECTIVE]
    assert awards["cstd_tinh"].approval_threshold == Decimal("0.9")
    assert awards["bang_khen_ttg"].approval_threshold == Decimal("0.8")
    assert awards["bang_khen_ttg"].public_notice_days == 10 and awards["bang_khen_tinh"].public_notice_days == 0
    assert all(a.quorum_ratio == Decimal("0.667") for a in awards.values())
    required = {code: {t.code for t in a.required_attachment_types} for code, a in awards.items()}
    basic = {"to_trinh", "bao_cao_thanh_tich", "bien_ban_hoi_dong_co_so"}
    assert all(basic <= types for types in required.values())
    assert "xac_nhan_sang_kien" in required["cstd_tinh"] and "xac_nhan_sang_kien" in required["cstd_co_so"]
    assert required["co_thi_dua_tinh"] == basic | {"bien_ban_hop_cum"}
    assert required["bang_khen_tinh"] == basic
    assert db.session.scalar(select(func.count()).select_from(AttachmentType)) == 6
    assert {c.name for c in db.session.scalars(select(Campaign))} >= {"Năm 2025", "Năm 2026"}


def test_dossiers_are_consistent_with_their_history(demo):
    dossiers = db.session.scalars(select(Dossier)).all()
    assert 55 <= len(dossiers) <= 65
    assert {d.state for d in dossiers} >= {
        State.DRAFT, State.UNIT_REVIEW, State.SUBMITTED, State.APPRAISAL, State.COUNCIL_REVIEW,
        State.RETURNED, State.APPROVED, State.AWARDED, State.CLUSTER_REVIEW}
    for d in dossiers:
        assert d.nominee_kind in d.award.nominee_kinds
        assert d.search_key == fold(f"{d.nominee_name} {d.nominee_position}")
        assert d.via_cluster == d.award.via_cluster
        events = d.events
        assert events[0].action == "create" and events[0].from_state is None
        assert events[-1].to_state is d.state
        for before, after in zip(events, events[1:]):
            assert after.from_state is before.to_state and after.created_at >= before.created_at
        left_unit = any(e.action == "approve" for e in events)
        assert (d.submitted_at is not None) == left_unit, d
        for e in events:
            assert e.actor_role is e.actor.role
            if e.action in ("return", "request_supplement"):
                assert e.comment
        if d.state is State.AWARDED:
            assert d.central_decision_number and d.award.is_central


def test_officer_sees_own_unit_but_not_other_drafts(app, demo):
    home = _home_unit()
    own = db.session.scalars(select(Dossier).where(Dossier.unit_id == home.id)).all()
    assert 8 <= len(own) <= app.config["PAGE_SIZE"]
    own_names = {d.nominee_name for d in own}
    other_draft = next(d for d in db.session.scalars(select(Dossier).where(
        Dossier.unit_id != home.id, Dossier.state == State.DRAFT)) if d.nominee_name not in own_names)

    client = app.test_client()
    client.post("/login", data={"username": "officer", "password": DEMO_PASSWORD})
    page = client.get("/dossiers/").get_data(as_text=True)
    for name in own_names:
        assert str(escape(name)) in page
    assert str(escape(other_draft.nominee_name)) not in page
    assert client.get(f"/dossiers/{other_draft.id}").status_code == 404

    # The search examples of the foundation issue work on the demo names.
    assert "Nguyễn Thị Hồng" in client.get("/dossiers/?q=nguyen+thi+hong").get_data(as_text=True)
    assert "Đặng Thị Hồng" in client.get("/dossiers/?q=dang").get_data(as_text=True)


def test_clusterlead_sees_the_home_units_flag_proposal(app, demo):
    flag = db.session.scalar(select(Dossier).join(Dossier.award).where(
        Dossier.unit_id == _home_unit().id, Award.code == "co_thi_dua_tinh"))
    assert flag.state is State.CLUSTER_REVIEW
    client = app.test_client()
    client.post("/login", data={"username": "clusterlead", "password": DEMO_PASSWORD})
    assert client.get(f"/dossiers/{flag.id}").status_code == 200
