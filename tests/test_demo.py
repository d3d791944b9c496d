"""The demo data: idempotent loading, an account for every role, the cluster lead's bloc, the catalogue, scoping,
the workflow settings, the files, the decisions, the clusters' scoring, and histories made by the workflow engine."""
import hashlib
import os
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask import g
from markupsafe import escape
from sqlalchemy import func, select

from app import access
from app.decisions.operations import legal_bases_on, salary_base_on
from app.demo import DEMO_PASSWORD, load
from app.demo.attachments import pdf_bytes
from app.demo.dossiers import SUPPLEMENT_DAYS
from app.extensions import db
from app.models import (
    Attachment,
    AttachmentType,
    Award,
    AwardDecision,
    AwardLevel,
    Campaign,
    ClusterLeadership,
    ClusterMembership,
    ClusterScoring,
    DecisionKind,
    DecisionStatus,
    Dossier,
    NomineeKind,
    Role,
    ScoreEntry,
    ScoringStatus,
    SheetStatus,
    Signer,
    SignerMode,
    StageDeadline,
    Unit,
    User,
)
from app.models.base import LOCAL_TZ
from app.models.states import State
from app.nominations import storage
from app.scoring.operations import compute_ranking, ranking_refusal
from app.text import fold
from app.workflow import engine
from app.workflow.calendar import WorkingCalendar
from app.workflow.transitions import find_transition

DOMAIN_AWARD_CODES = {
    "huan_chuong_ld_3", "huan_chuong_ld_2", "huan_chuong_ld_1", "co_thi_dua_cp", "bang_khen_ttg",
    "co_thi_dua_tinh", "bang_khen_tinh", "giay_khen", "cstd_tinh", "cstd_co_so", "tt_ldxs",
    # Issue 8: the titles the eligibility rules read (DOMAIN §9).
    "cstd_toan_quoc", "lao_dong_tien_tien", "tt_ldtt",
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


def _files(app) -> dict[str, str]:
    """Every file under the upload folder (relative path -> sha256)."""
    root, found = app.config["UPLOAD_FOLDER"], {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                found[os.path.relpath(os.path.join(folder, name), root)] = hashlib.sha256(f.read()).hexdigest()
    return found


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _bloc_scoring(year: int) -> ClusterScoring:
    cluster_id = db.session.scalar(select(ClusterMembership.cluster_id).where(
        ClusterMembership.unit_id == _home_unit().id, ClusterMembership.year == year))
    return db.session.scalar(select(ClusterScoring).where(
        ClusterScoring.cluster_id == cluster_id, ClusterScoring.year == year))


def _home_flag() -> Dossier:
    return db.session.scalar(select(Dossier).join(Dossier.award).join(Dossier.campaign).where(
        Dossier.unit_id == _home_unit().id, Award.code == "co_thi_dua_tinh", Campaign.year == 2025))


def test_second_load_changes_nothing(app, demo):
    assert demo.startswith("demo: 37 units, 4 clusters")
    assert "created 0," not in demo and "already present 0)" in demo
    for part in ("2 salary bases", "3 signers", "7 legal bases", "8 stage deadlines", "3 scoring rounds",
                 "3 central proposals", "2 award decisions"):
        assert part in demo
    counts, snapshot, files = _row_counts(), _snapshot(), _files(app)
    stored = set(db.session.scalars(select(Attachment.stored_name)))
    assert len(stored) > 100 and stored <= {os.path.basename(path) for path in files}  # other tests' files too
    db.session.expire_all()

    again = load()

    assert _row_counts() == counts
    assert _snapshot() == snapshot
    assert _files(app) == files
    assert "created 0, already present" in again and "restored" not in again
    assert again.split(" (")[0] == demo.split(" (")[0]  # the same totals


def test_a_missing_file_is_written_again(app, demo):
    """An old database on a new machine: the rows are there, the files are not."""
    attachment = db.session.scalar(select(Dossier).where(Dossier.unit_id == _home_unit().id,
                                                         Dossier.state != State.DRAFT, Dossier.attachments.any())
                                   .order_by(Dossier.id).limit(1)).attachments[0]
    path = storage.path_for(attachment.stored_name)
    with open(path, "rb") as f:
        content = f.read()
    os.remove(path)
    counts = _row_counts()

    again = load()

    assert "restored missing files: 1" in again and "created 0," in again
    with open(path, "rb") as f:
        assert f.read() == content
    assert _row_counts() == counts


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
        "huan_chuong_ld_3", "huan_chuong_ld_2", "huan_chuong_ld_1", "co_thi_dua_cp", "bang_khen_ttg", "cstd_toan_quoc"}
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
    from app.models import EligibilityRule  # the rules of both decrees come with the catalogue (issue 8)

    assert set(db.session.execute(select(Award.code, EligibilityRule.rule_set).join(EligibilityRule.award))) == {
        (code, rule_set) for code in awards for rule_set in ("Nghị định 98/2023/NĐ-CP", "Nghị định 152/2025/NĐ-CP")}


def test_dossiers_are_consistent_with_their_history(demo):
    dossiers = db.session.scalars(select(Dossier)).all()
    assert 60 <= len(dossiers) <= 70
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
        # A unit-level award is approved by its head for the unit's own council: it never leaves the unit.
        left_unit = any(e.action == "approve" for e in events) and d.award.level is not AwardLevel.UNIT
        assert (d.submitted_at is not None) == left_unit, d
        for e in events:
            assert e.actor_role is e.actor.role
            if e.action in ("return", "request_supplement", "withdraw"):
                assert e.comment
        if d.state in (State.PROPOSED_TO_CENTRAL, State.AWARDED) and d.award.is_central:
            # Proposed by the province's own Tờ trình, then decided by the central level.
            assert d.decision.kind is DecisionKind.PROPOSAL and d.decision.award_id == d.award_id
            assert d.decision.signed_on <= d.events[-1].created_at.astimezone(LOCAL_TZ).date()
            assert (d.central_decision_number is not None) == (d.state is State.AWARDED)
        elif d.state is State.AWARDED and d.award.level is AwardLevel.UNIT:
            # The unit head's own decision, in the unit's register (DOMAIN.md §10b).
            assert d.decision.issuer_unit_id == _home_unit().id and d.decision.symbol == "QĐ-SKHCN"
            assert events[-1].action == "issue_unit_decision" and events[-1].actor.username == "unithead"
        elif d.state is State.AWARDED:
            assert d.decision.award_id == d.award_id and d.bonus_amount > 0
            assert events[-1].action == "issue_decision" and events[-1].actor.username == "secretary"
        if d.state is not State.DRAFT:
            # Every demo dossier past the draft could have passed the workflow's completeness guard.
            assert {t.id for t in d.award.required_attachment_types} <= {a.type_id for a in d.attachments}


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
    flag = _home_flag()
    assert flag.state is State.CLUSTER_REVIEW
    client = app.test_client()
    client.post("/login", data={"username": "clusterlead", "password": DEMO_PASSWORD})
    assert client.get(f"/dossiers/{flag.id}").status_code == 200


def test_workflow_settings(demo):
    assert salary_base_on(date(2024, 3, 1)) == 1_800_000 and salary_base_on(date(2026, 1, 5)) == 2_340_000
    signers = db.session.scalars(select(Signer)).all()
    assert sorted(s.mode.value for s in signers) == ["chairman", "deputy", "deputy"]
    deadlines = dict(db.session.execute(select(StageDeadline.state, StageDeadline.working_days)).all())
    assert deadlines[State.APPRAISAL] == 20 and deadlines[State.CLUSTER_REVIEW] == 10 and len(deadlines) == 8
    subjects = {a.code: a.decision_subject for a in db.session.scalars(select(Award))}
    assert subjects["bang_khen_tinh"] == "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    assert subjects["bang_khen_ttg"].startswith("Về việc đề nghị tặng")


def test_legal_bases_follow_the_2025_reorganisation(demo):
    current = legal_bases_on(date(2026, 1, 5))
    assert len(current) == 4
    assert current[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
    assert current[1] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert current[2].startswith("Căn cứ Nghị định số 152/2025/NĐ-CP")
    assert "Quy chế công tác thi đua, khen thưởng" in current[3]
    before = legal_bases_on(date(2025, 3, 1))
    assert len(before) == 3 and "ngày 19 tháng 6 năm 2015" in before[0] and "98/2023/NĐ-CP" in before[2]


def test_officers_dossiers_have_their_files(app, demo):
    own = db.session.scalars(select(Dossier).where(Dossier.unit_id == _home_unit().id)).all()
    drafts = [d for d in own if d.state is State.DRAFT]
    assert drafts and len(drafts) < len(own)
    for d in own:
        required = {t.id for t in d.award.required_attachment_types}
        present = {a.type_id for a in d.attachments}
        if d.state is State.DRAFT:
            assert present and present < required, d  # the checklist shows what is still missing
        else:
            assert required <= present, d
        for a in d.attachments:
            with open(storage.path_for(a.stored_name), "rb") as f:
                content = f.read()
            assert len(content) == a.size_bytes and hashlib.sha256(content).hexdigest() == a.sha256
            assert content.startswith(b"%PDF-1.4") and a.content_type == "application/pdf"
            assert a.original_name.endswith(".pdf") and a.uploaded_by.unit_id == d.unit_id
    # The officer downloads one through the app.
    client = app.test_client()
    client.post("/login", data={"username": "officer", "password": DEMO_PASSWORD})
    attachment = next(d for d in own if d.state is not State.DRAFT).attachments[0]
    response = client.get(f"/dossiers/{attachment.dossier_id}/attachments/{attachment.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    response.close()  # send_file streams from the open file


def test_demo_pdf_is_well_formed():
    content = pdf_bytes("Tờ trình – Nguyễn Thị Hồng", ["TỜ TRÌNH", "Nguyễn Thị Hồng (Sở Khoa học)"])
    assert content.startswith(b"%PDF-1.4\n") and content.endswith(b"%%EOF\n")
    xref = int(re.search(rb"startxref\n(\d+)\n", content).group(1))
    assert content[xref:xref + 4] == b"xref"
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n \n", content)]
    assert len(offsets) == 6
    for number, offset in enumerate(offsets, start=1):
        assert content[offset:].startswith(b"%d 0 obj" % number)
    assert b"(Nguyen Thi Hong \\(So Khoa hoc\\)) Tj" in content
    assert "Nguyễn Thị Hồng".encode("utf-16-be").hex().upper().encode() in content  # the title keeps its marks


def test_decisions_screen_has_issued_decisions_and_others_in_progress(app, demo):
    issued = AwardDecision.status == DecisionStatus.ISSUED
    decisions = db.session.scalars(select(AwardDecision).where(AwardDecision.kind == DecisionKind.DECISION, issued,
                                                               AwardDecision.issuer_unit_id.is_(None))
                                   .order_by(AwardDecision.number)).all()
    proposals = db.session.scalars(select(AwardDecision).where(AwardDecision.kind == DecisionKind.PROPOSAL)
                                   .order_by(AwardDecision.number)).all()
    assert {d.award.code for d in decisions} == {"bang_khen_tinh", "cstd_tinh"}
    assert proposals and all(p.award.is_central for p in proposals)
    # The register numbers the proposal letters in the order they were signed.
    assert [p.signed_on for p in proposals] == sorted(p.signed_on for p in proposals)
    assert {d.signer_mode for d in decisions} == {SignerMode.CHAIRMAN, SignerMode.DEPUTY}
    for decision in decisions:
        honoured = db.session.scalars(select(Dossier).where(Dossier.decision_id == decision.id)).all()
        assert honoured and all(d.state is State.AWARDED for d in honoured)
        assert decision.total_amount == sum(d.bonus_amount for d in honoured)
        assert decision.base_salary == 2_340_000 and decision.proposal_reference.startswith("Theo đề nghị")
        assert db.session.scalar(select(AwardDecision.docx).where(AwardDecision.id == decision.id)).startswith(b"PK")

    client = app.test_client()
    client.post("/login", data={"username": "secretary", "password": DEMO_PASSWORD})
    page = client.get("/decisions/").get_data(as_text=True)
    assert all(d.reference in page for d in decisions + proposals)

    # The life of a decision on the screens: one draft, one sent for signature, nobody awarded by them yet.
    in_progress = db.session.scalars(select(AwardDecision).where(~issued)).all()
    assert sorted(d.status.value for d in in_progress) == ["draft", "sent"]
    for decision in in_progress:
        assert decision.number is None and decision.signed_on is None and decision.items
        page = client.get(f"/decisions/{decision.id}").get_data(as_text=True)
        for item in decision.items:
            assert item.dossier.state is State.APPROVED
            amount = -(-int(decision.award.coefficient_for(item.dossier.nominee_kind) * 2_340_000) // 10_000) * 10_000
            assert item.amount == amount and f"{amount:,}".replace(",", ".") in page


def test_bloc_scoring_2025_is_locked_with_the_home_unit_first(demo):
    scoring = _bloc_scoring(2025)
    assert scoring.status is ScoringStatus.LOCKED and scoring.locked_at is not None
    criteria = [i for i in scoring.items if i.kind.value == "criterion"]
    assert 10 <= len(criteria) <= 15 and 3 <= len(scoring.groups) <= 4
    assert sum(i.max_score for i in criteria) == 100
    assert any(i.kind.value == "bonus" and i.max_score == 10 and "Cờ thi đua" in i.name for i in scoring.items)
    assert any(i.kind.value == "penalty" and not i.excludes_from_ranking for i in scoring.items)
    assert any(i.excludes_from_ranking for i in scoring.items)
    assert all(sheet.status is SheetStatus.SUBMITTED for sheet in scoring.sheets)
    adjusted = db.session.scalars(select(ScoreEntry).where(
        ScoreEntry.sheet_id.in_([s.id for s in scoring.sheets]), ScoreEntry.adjusted_score.is_not(None))).all()
    assert len(adjusted) == 1 and adjusted[0].adjust_reason and adjusted[0].adjusted_score < adjusted[0].self_score
    result = compute_ranking(scoring)
    first, second = result.ranked[:2]
    assert first.unit_id == _home_unit().id and first.total - second.total >= 3
    assert len(result.excluded) == 1 and not any(r.tie_unresolved for r in result.ranked[:3])
    assert {v.unit_id for v in scoring.votes} == {r.unit_id for r in result.ranked[:3]}
    assert [e.action for e in scoring.events][-2:] == ["vote", "lock"]

    current = _bloc_scoring(2026)
    assert current.status is ScoringStatus.OPEN and len(current.items) == len(scoring.items)
    statuses = [sheet.status for sheet in current.sheets]
    assert SheetStatus.DRAFT in statuses and SheetStatus.SUBMITTED in statuses


def test_clusterlead_can_endorse_the_home_units_flag(demo):
    lead, flag = _user("clusterlead"), _home_flag()
    assert _bloc_scoring(2025).status is ScoringStatus.LOCKED
    # No other unit of the bloc has a 2025 flag proposal waiting at the cluster stage.
    others = db.session.scalars(select(Dossier).join(Dossier.award).join(Dossier.campaign).where(
        Award.code == "co_thi_dua_tinh", Campaign.year == 2025, Dossier.state == State.CLUSTER_REVIEW)).all()
    assert others == [flag]
    assert {a.name for a in engine.available_actions(lead, flag) if a.blocked_reason is None} == {"endorse", "return"}

    engine.apply(lead, flag, "endorse")

    assert flag.state is State.SUBMITTED and flag.events[-1].actor == lead


# Actions that keep the state: drafting (app/nominations/operations.py), not the workflow table.
DRAFTING = {"create", "edit", "attach"}


def test_every_history_is_a_path_the_workflow_engine_takes(demo):
    """The histories were made by the engine: each step is a row of the transition table taken from the
    state the dossier was in, by someone with the row's role who stood in its relationship to the dossier,
    and the deadlines are the engine's, counted from the day of the last step."""
    calendar = WorkingCalendar.load()
    stage_days = dict(db.session.execute(select(StageDeadline.state, StageDeadline.working_days)).all())
    now = datetime.now(UTC)
    for d in db.session.scalars(select(Dossier)):
        state, moves = None, []
        for e in d.events:
            assert e.from_state is state and e.created_at < now, (d, e.action)
            assert e.actor.role is e.actor_role
            if e.action in DRAFTING:
                assert e.to_state is (State.DRAFT if e.action == "create" else state)
                assert e.actor.role is Role.OFFICER and access.is_own_unit(e.actor, d), (d, e.action)
            else:
                transition = find_transition(e.action, state)
                assert transition is not None, (d, e.action, state)
                assert e.to_state in transition.possible_targets and e.actor_role in transition.roles
                assert access.stands_in(e.actor, d, transition.acts_through), (d, e.action, e.actor.username)
                assert e.comment or not transition.comment_required
                moves.append(e)
            state = e.to_state
        assert state is d.state
        if not moves:
            assert d.stage_due_on is None and d.submitted_at is None
            continue
        last = moves[-1]
        day = last.created_at.astimezone(LOCAL_TZ).date()
        if last.action == "request_supplement":
            expected = calendar.add_working_days(day, SUPPLEMENT_DAYS)
        else:
            expected = calendar.add_working_days(day, stage_days[d.state]) if d.state in stage_days else None
        assert d.stage_due_on == expected, d
        assert d.state_changed_at == last.created_at
        first_approval = next((e for e in moves if e.action == "approve"), None)
        if d.award.level is AwardLevel.UNIT:
            first_approval = None  # its head approves it for the unit's own council: it never leaves the unit
        assert d.submitted_at == (first_approval.created_at if first_approval else None)
        forward = next((e for e in moves if e.action == "forward"), None)
        if forward is not None:
            assert d.appraisal_opinion == forward.comment
            days = d.award.public_notice_days
            assert d.notice_ends_on == (calendar.add_working_days(forward.created_at.astimezone(LOCAL_TZ).date(), days)
                                        if days else None)
        if any(e.action == "endorse" for e in moves):
            assert ranking_refusal(d) is None  # the flag went to the unit its cluster's locked ranking proposes
        for e in moves:
            if e.action in ("issue_decision", "forward_central", "issue_unit_decision"):
                # The document was signed the day its dossiers moved on, after the council's vote.
                assert e.created_at.astimezone(LOCAL_TZ).date() == d.decision.signed_on
                assert e.comment.startswith(d.decision.reference)


def test_a_failed_load_leaves_no_rows_and_no_files(app, monkeypatch):
    counts, files = _row_counts(), _files(app)

    def refuse(*args, **kwargs):
        raise RuntimeError("refused")

    monkeypatch.setattr("app.demo.issue_decisions", refuse)
    with pytest.raises(RuntimeError, match="refused"):
        load()

    assert _row_counts() == counts
    assert _files(app) == files  # the attachments written before the failure are gone again


def test_ordinary_use_never_stops_the_next_load(app, demo):
    """Issue 13, item 11: `make run` loads the demo at every start; what users did since must not stop it.

    A demo draft moved to another campaign, another withdrawn, one deleted, the scoring unlocked: the
    second load reconciles (re-adds what is missing, leaves the rest as the users left it) and succeeds.
    """
    from app.nominations import operations as drafting
    from app.nominations.operations import NomineeData
    from app.workflow import engine

    officer = _user("officer")
    drafts = list(db.session.scalars(select(Dossier).where(
        Dossier.unit_id == _home_unit().id, Dossier.state == State.DRAFT).order_by(Dossier.id)))
    moved, deleted = drafts[0], drafts[1]
    other = db.session.scalar(select(Campaign).where(Campaign.id != moved.campaign_id).order_by(Campaign.id))
    drafting.update_dossier(officer, moved, NomineeData(
        campaign=other, award=moved.award, kind=moved.nominee_kind, name=moved.nominee_name,
        gender=moved.nominee_gender, birth_year=moved.nominee_birth_year, position=moved.nominee_position,
        nominee_unit_id=moved.nominee_unit_id, achievement_summary=moved.achievement_summary))
    drafting.delete_dossier(officer, deleted)
    waiting = db.session.scalar(select(Dossier).where(
        Dossier.unit_id == _home_unit().id, Dossier.state == State.UNIT_REVIEW))
    engine.apply(officer, waiting, "withdraw", comment="Đơn vị rút hồ sơ.")
    db.session.commit()

    summary = load()

    assert summary.startswith("demo: 37 units")
    db.session.expire_all()
    assert db.session.get(Dossier, moved.id).campaign_id == other.id  # the user's change is kept
    assert db.session.get(Dossier, waiting.id).state is State.WITHDRAWN
    assert load().startswith("demo: 37 units")  # and the load after that changes nothing more


def test_a_demo_dossier_the_engine_now_refuses_is_left_out_and_the_rest_loads(app, monkeypatch):
    """E.g. an administrator changed the cluster's lead: the history of one demo dossier cannot be
    replayed any more. That dossier is skipped (and its files removed); everything else is loaded."""
    from app.demo import dossiers
    from app.workflow.engine import NotPermitted

    real_build, refused = dossiers.build_dossier, []

    def build(spec, index, *args, **kwargs):
        dossier = real_build(spec, index, *args, **kwargs)
        if not refused and dossier.state is not State.DRAFT:
            refused.append(index)
            raise NotPermitted("You do not act for this dossier's unit.")
        return dossier

    monkeypatch.setattr(dossiers, "build_dossier", build)
    summary = load()
    assert refused and "skipped 1 conflicting" in summary
    stored = set(db.session.scalars(select(Attachment.stored_name)))
    assert stored == {name for name in stored if os.path.exists(storage.path_for(name))}
    monkeypatch.setattr(dossiers, "build_dossier", real_build)
    assert "skipped" not in load()  # once the conflict is gone, the dossier is added
