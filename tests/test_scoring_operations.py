"""Scoring operations (app/scoring/operations.py): who may act, in which status, bad input, and the audit."""
import re
from datetime import date
from decimal import Decimal

import pytest
from flask_babel import gettext
from sqlalchemy import select

from app import access
from app.extensions import db
from app.models import ScoreEntry, ScoreSheet, ScoringEvent, ScoringStatus, SheetStatus
from app.scoring import operations as ops
from app.scoring.operations import ScoringError

D = Decimal
T = gettext  # messages are compared in whatever language the catalogue gives (msgids are English)
FULL = {"1.1": 25, "1.2": 25, "2.1": 30}


@pytest.fixture
def c(make):
    people = make.make_scoring_people()
    people.make = make
    return people


def open_round(c, year=2025, **kw):
    return c.make.make_scoring(c.cluster, year, status=ScoringStatus.OPEN, **kw)


def refused_with(message: str):
    return pytest.raises(ScoringError, match=f"^{re.escape(message)}$")


def sheet_of(scoring, unit) -> ScoreSheet:
    return next(s for s in scoring.sheets if s.unit_id == unit.id)


def scores_of(sheet) -> dict[str, Decimal | None]:
    db.session.expire_all()
    return {e.item.code: e.self_score for e in db.session.get(ScoreSheet, sheet.id).entries}


def form_values(scoring, by_code: dict[str, str]) -> dict[int, tuple[str, str]]:
    items = {i.code: i.id for i in scoring.items}
    return {items[code]: (value, "") for code, value in by_code.items()}


def events(scoring, action=None) -> list[ScoringEvent]:
    query = select(ScoringEvent).where(ScoringEvent.scoring_id == scoring.id).order_by(ScoringEvent.id)
    if action:
        query = query.where(ScoringEvent.action == action)
    return list(db.session.scalars(query))


def submitted_round(c, **kw):
    """Every member's sheet filled and submitted, with distinct totals (no tie anywhere), and the
    acclamation vote recorded for every member (locking needs it)."""
    scoring = open_round(c, **kw)
    for unit, extra in ((c.a, 0), (c.b, 1), (c.lead, 2), (c.deputy, 3)):
        c.make.set_scores(scoring, unit, {"1.1": 20 + extra, "1.2": 20, "2.1": 30})
        c.make.record_vote(scoring, unit, 3)
    return scoring


# --- opening -------------------------------------------------------------------------------------

def test_open_creates_a_sheet_for_every_member_of_that_year_only(c):
    newcomer = c.make.make_unit("Sở mới 2026")
    c.make.add_cluster_year(c.cluster, 2026, members=[newcomer])
    scoring = c.make.make_scoring(c.cluster, 2025)
    ops.open_round(c.lead_user, scoring, date(2025, 12, 15))
    assert scoring.status is ScoringStatus.OPEN and scoring.deadline == date(2025, 12, 15)
    assert {s.unit_id for s in scoring.sheets} == {c.a.id, c.b.id, c.lead.id, c.deputy.id}
    assert all(s.status is SheetStatus.DRAFT for s in scoring.sheets)
    assert [(e.action, e.actor_id, e.comment) for e in events(scoring)] == [("open", c.lead_user.id, "15/12/2025")]


def test_open_refused_without_a_criterion(c):
    scoring = c.make.make_scoring(c.cluster, 2025, groups=())  # only bonus and penalty items
    with refused_with(T("Add at least one criterion before opening the scoring.")):
        ops.open_round(c.lead_user, scoring, None)
    assert scoring.status is ScoringStatus.PREPARING and scoring.sheets == []


def test_open_refused_without_members_that_year(c):
    scoring = c.make.make_scoring(c.cluster, 2027)
    c.make.add_cluster_year(c.cluster, 2027, lead=c.lead)
    with refused_with(T("The cluster has no members in %(year)s.", year=2027)):
        ops.open_round(c.lead_user, scoring, None)
    assert scoring.status is ScoringStatus.PREPARING


@pytest.mark.parametrize("who, allowed", [("officer_a", False), ("head_a", False), ("head_lead", False),
                                          ("lead_user", True), ("deputy_user", True), ("admin", True)])
def test_who_may_open(c, who, allowed):
    scoring = c.make.make_scoring(c.cluster, 2025)
    if allowed:
        ops.open_round(getattr(c, who), scoring, None)
        assert scoring.status is ScoringStatus.OPEN
    else:
        with pytest.raises(ScoringError) as refused:
            ops.open_round(getattr(c, who), scoring, None)
        assert refused.value.status == 403
        assert scoring.status is ScoringStatus.PREPARING and scoring.sheets == []


def test_open_twice_is_refused(c):
    scoring = open_round(c)
    with pytest.raises(ScoringError) as refused:
        ops.open_round(c.lead_user, scoring, None)
    assert refused.value.status == 409


# --- self-scores ---------------------------------------------------------------------------------

BELOW_ZERO = ("A score cannot be below zero.", {})
ABOVE_MAX = ("At most %(max)s for this item.", {"max": "30"})
NOT_A_NUMBER = ("“%(raw)s” is not a number.", {})
DECIMALS = ("At most %(n)s decimal places.", {"n": 1})


@pytest.mark.parametrize("raw, message", [
    ("-1", BELOW_ZERO), ("-0.5", BELOW_ZERO), ("30.5", ABOVE_MAX), ("31", ABOVE_MAX),
    ("abc", NOT_A_NUMBER), ("NaN", NOT_A_NUMBER), ("nan", NOT_A_NUMBER), ("Infinity", NOT_A_NUMBER),
    ("1_0", NOT_A_NUMBER), ("1e1", NOT_A_NUMBER), ("12.5.1", NOT_A_NUMBER), ("²", NOT_A_NUMBER),
    ("7.25", DECIMALS), ("7,25", DECIMALS),
])
def test_a_bad_self_score_is_refused_and_nothing_of_the_save_is_kept(c, raw, message):
    scoring = open_round(c)
    sheet = sheet_of(scoring, c.a)
    assert ops.save_self_scores(c.officer_a, sheet, form_values(scoring, {"1.1": "20", "1.2": "20"})) == {}
    db.session.commit()
    errors = ops.save_self_scores(c.officer_a, sheet, form_values(scoring, {"1.1": raw, "1.2": "28", "2.1": "35"}))
    item_11 = next(i.id for i in scoring.items if i.code == "1.1")
    assert list(errors) == [item_11]
    msgid, values = message
    assert errors[item_11] == T(msgid, **(values or {"raw": raw}))
    db.session.rollback()
    assert scores_of(sheet) == {"1.1": D(20), "1.2": D(20)}


@pytest.mark.parametrize("decimals, raw, accepted", [
    (0, "7", D(7)), (0, "7.5", None), (1, "7.5", D("7.5")), (1, "7,5", D("7.5")), (1, "7.50", D("7.5")),
    (1, " 30 ", D(30)), (1, "0", D(0)), (2, "7.25", D("7.25")), (2, "7.255", None),
])
def test_decimal_places_follow_the_round_setting(c, decimals, raw, accepted):
    scoring = open_round(c, decimals=decimals)
    sheet = sheet_of(scoring, c.a)
    errors = ops.save_self_scores(c.head_a, sheet, form_values(scoring, {"1.1": raw}))
    if accepted is None:
        assert list(errors.values()) == [T("At most %(n)s decimal places.", n=decimals)]
        assert scores_of(sheet) == {}
    else:
        assert errors == {}
        assert scores_of(sheet) == {"1.1": accepted}


def test_an_empty_field_clears_the_score_and_notes_are_kept(c):
    scoring = open_round(c)
    sheet = sheet_of(scoring, c.a)
    items = {i.code: i.id for i in scoring.items}
    ops.save_self_scores(c.officer_a, sheet, {items["1.1"]: ("20", "  Có báo cáo  "), items["1.2"]: ("10", "")})
    ops.save_self_scores(c.officer_a, sheet, {items["1.1"]: ("20", "Có báo cáo"), items["1.2"]: ("", "")})
    assert scores_of(sheet) == {"1.1": D(20), "1.2": None}
    assert {e.item.code: e.note for e in sheet.entries}["1.1"] == "Có báo cáo"


@pytest.mark.parametrize("who", ["officer_b", "head_b", "lead_user", "deputy_user", "admin"])
def test_only_the_units_own_people_enter_its_scores(c, who):
    scoring = open_round(c)
    sheet = sheet_of(scoring, c.a)
    with pytest.raises(ScoringError) as refused:
        ops.save_self_scores(getattr(c, who), sheet, form_values(scoring, {"1.1": "20"}))
    assert refused.value.status == 403
    assert scores_of(sheet) == {}


# --- submitting ----------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["officer_a", "head_b", "lead_user", "admin"])
def test_only_the_unit_head_submits(c, who):
    scoring = open_round(c)
    sheet = c.make.set_scores(scoring, c.a, FULL, submitted=False)
    with pytest.raises(ScoringError) as refused:
        ops.submit_sheet(getattr(c, who), sheet)
    assert refused.value.status == 403
    assert sheet.status is SheetStatus.DRAFT


@pytest.mark.parametrize("scores, missing", [
    ({}, "1.1, 1.2, 2.1"),
    ({"1.1": 20, "1.2": 20}, "2.1"),
    ({"1.1": 20, "1.2": None, "2.1": 30}, "1.2"),
])
def test_submit_needs_every_criterion_scored(c, scores, missing):
    scoring = open_round(c)
    sheet = c.make.set_scores(scoring, c.a, scores, submitted=False)
    with refused_with(T("Score every criterion first (missing: %(codes)s).", codes=missing)):
        ops.submit_sheet(c.head_a, sheet)
    assert sheet.status is SheetStatus.DRAFT


def test_submit_without_bonus_or_penalty_is_fine_and_audited(c):
    scoring = open_round(c)
    sheet = c.make.set_scores(scoring, c.a, FULL, submitted=False)
    ops.submit_sheet(c.head_a, sheet)
    assert sheet.status is SheetStatus.SUBMITTED and sheet.submitted_by_id == c.head_a.id
    assert [(e.action, e.comment) for e in events(scoring)] == [("submit", "Sở A")]
    with pytest.raises(ScoringError) as again:
        ops.submit_sheet(c.head_a, sheet)
    assert again.value.status == 409


def test_a_submitted_sheet_cannot_be_edited_until_the_lead_reopens_it(c):
    scoring = open_round(c)
    sheet = c.make.set_scores(scoring, c.a, FULL)
    with pytest.raises(ScoringError) as refused:
        ops.save_self_scores(c.officer_a, sheet, form_values(scoring, {"1.1": "29"}))
    assert refused.value.status == 409
    with refused_with(T("Give the reason for reopening the sheet.")):
        ops.reopen_sheet(c.lead_user, sheet, "  ")
    ops.reopen_sheet(c.lead_user, sheet, "Bổ sung minh chứng")
    assert ops.save_self_scores(c.officer_a, sheet, form_values(scoring, {"1.1": "29"})) == {}
    assert scores_of(sheet)["1.1"] == D(29)
    assert events(scoring, "reopen")[0].comment == "Sở A: Bổ sung minh chứng"


# --- the lead's adjustments ----------------------------------------------------------------------

def entry_of(sheet, code) -> ScoreEntry:
    return next(e for e in sheet.entries if e.item.code == code)


@pytest.mark.parametrize("reason", ["", "   "])
def test_adjust_requires_a_reason(c, reason):
    scoring = open_round(c)
    entry = entry_of(c.make.set_scores(scoring, c.a, FULL), "2.1")
    with refused_with(T("Give the reason for the adjustment.")):
        ops.adjust(c.lead_user, entry, "20", reason)
    assert entry.adjusted_score is None and events(scoring, "adjust") == []


@pytest.mark.parametrize("who", ["lead_user", "deputy_user", "admin"])
def test_adjust_keeps_the_self_score_beside_it(c, who):
    scoring = open_round(c)
    entry = entry_of(c.make.set_scores(scoring, c.a, FULL), "2.1")
    ops.adjust(getattr(c, who), entry, "22,5", "Thiếu minh chứng")
    db.session.commit()
    db.session.expire_all()
    assert (entry.self_score, entry.adjusted_score, entry.final_score) == (D(30), D("22.5"), D("22.5"))
    assert entry.adjust_reason == "Thiếu minh chứng" and entry.adjusted_by_id == getattr(c, who).id
    [event] = events(scoring, "adjust")
    assert event.comment == "Sở A · 2.1: 30 → 22.5 (Thiếu minh chứng)"
    assert next(r for r in ops.compute_ranking(scoring).ranked if r.unit_id == c.a.id).total == D("72.5")


def test_an_empty_adjustment_removes_it(c):
    scoring = open_round(c)
    entry = entry_of(c.make.set_scores(scoring, c.a, FULL, adjusted={"2.1": 10}), "2.1")
    ops.adjust(c.lead_user, entry, "", "")
    assert (entry.adjusted_score, entry.adjust_reason, entry.final_score) == (None, "", D(30))


@pytest.mark.parametrize("raw", ["41", "-1", "x", "NaN", "10.25"])
def test_an_adjustment_is_checked_like_a_score(c, raw):
    scoring = open_round(c)
    entry = entry_of(c.make.set_scores(scoring, c.a, FULL), "2.1")
    with pytest.raises(ScoringError):
        ops.adjust(c.lead_user, entry, raw, "Lý do")
    assert entry.adjusted_score is None


@pytest.mark.parametrize("who", ["officer_a", "head_a", "head_b"])
def test_members_cannot_adjust(c, who):
    scoring = open_round(c)
    entry = entry_of(c.make.set_scores(scoring, c.a, FULL), "2.1")
    with pytest.raises(ScoringError) as refused:
        ops.adjust(getattr(c, who), entry, "10", "Lý do")
    assert refused.value.status == 403 and entry.adjusted_score is None


# --- a lead of 2025 acting on 2026 ---------------------------------------------------------------

def _prepared_2026(c):
    return c.make.make_scoring(c.cluster, 2026)


def _opened_2026(c):
    scoring = open_round(c, year=2026)
    for offset, unit in enumerate((c.a, c.b, c.lead, c.deputy)):
        c.make.set_scores(scoring, unit, {"1.1": 20 + offset, "1.2": 20, "2.1": 30})
        c.make.record_vote(scoring, unit, 3)
    return scoring


def _empty_2026(c):
    return c.make.make_scoring(c.cluster, 2026, groups=(), bonus=(), penalties=(), excluding=())


def _source_2025(c):
    if not hasattr(c, "source"):
        c.source = c.make.make_scoring(c.cluster, 2025)
    return c.source


ACTIONS_2026 = {
    "open": (_prepared_2026, lambda c, s, actor: ops.open_round(actor, s, None)),
    "copy": (_empty_2026, lambda c, s, actor: ops.copy_table(actor, _source_2025(c), s)),
    "adjust": (_opened_2026, lambda c, s, actor: ops.adjust(actor, entry_of(sheet_of(s, c.a), "1.1"), "10", "Lý do")),
    "reopen": (_opened_2026, lambda c, s, actor: ops.reopen_sheet(actor, sheet_of(s, c.a), "Lý do")),
    "votes": (_opened_2026, lambda c, s, actor: ops.record_votes(actor, s, {c.a.id: (3, 0, 0)})),
    "lock": (_opened_2026, lambda c, s, actor: ops.lock(actor, s)),
}


@pytest.mark.parametrize("action", list(ACTIONS_2026))
def test_a_lead_of_2025_cannot_act_on_the_2026_round(c, action):
    build, act = ACTIONS_2026[action]
    scoring = build(c)
    status = scoring.status
    with pytest.raises(ScoringError) as refused:
        act(c, scoring, c.lead_user)
    assert refused.value.status == 403
    assert "2026" in refused.value.message
    assert scoring.status is status and events(scoring) == []
    # The 2026 lead (Sở Xây dựng) may.
    act(c, scoring, c.deputy_user)
    assert [e.action for e in events(scoring)] == [action if action != "votes" else "vote"]


def test_leads_is_bound_to_the_year(c):
    r2025, r2026 = c.make.make_scoring(c.cluster, 2025), c.make.make_scoring(c.cluster, 2026)
    assert access.can_manage_round(c.lead_user, r2025) and not access.can_manage_round(c.lead_user, r2026)
    assert access.can_manage_round(c.deputy_user, r2025) and access.can_manage_round(c.deputy_user, r2026)
    assert not access.can_manage_round(c.head_lead, r2025)  # the lead unit's head is a member, not the cluster lead
    assert access.can_manage_round(c.admin, r2026)


# --- votes ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("counts, message", [
    ((3, 2, 0), ("More votes than member units (%(n)s).", {"n": 4})),  # 5 votes, 4 members
    ((-1, 0, 0), ("Vote counts cannot be negative.", {})),
])
def test_bad_vote_counts_are_refused(c, counts, message):
    scoring = open_round(c)
    with refused_with(T(message[0], **message[1])):
        ops.record_votes(c.lead_user, scoring, {c.a.id: counts})
    assert scoring.votes == []


def test_votes_only_for_member_units(c):
    scoring = open_round(c)
    outsider = c.make.make_unit("Sở ngoài cụm")
    with refused_with(T("Only member units can be voted on.")):
        ops.record_votes(c.lead_user, scoring, {outsider.id: (1, 0, 0)})


def test_votes_are_recorded_and_replaced(c):
    scoring = open_round(c)
    ops.record_votes(c.lead_user, scoring, {c.a.id: (3, 1, 0)})
    ops.record_votes(c.lead_user, scoring, {c.a.id: (4, 0, 0), c.b.id: (0, 2, 2)})
    assert sorted((v.unit_id, v.votes_for, v.votes_against, v.votes_abstain) for v in scoring.votes) == \
        sorted([(c.a.id, 4, 0, 0), (c.b.id, 0, 2, 2)])


# --- lock and unlock -----------------------------------------------------------------------------

def test_lock_refused_while_a_sheet_is_not_submitted(c):
    scoring = submitted_round(c)
    sheet_of(scoring, c.b).status = SheetStatus.DRAFT
    with refused_with(T("Not every member has submitted: %(units)s.", units="Sở B")):
        ops.lock(c.lead_user, scoring)
    assert scoring.status is ScoringStatus.OPEN and scoring.locked_at is None


TIED = "Units are tied where awards are proposed; record the acclamation vote first."
VOTE_FIRST = "Record the acclamation vote first, for the units the ranking proposes: %(units)s."


def tied_round(c, merit_quota=2):
    """Sở A first; Sở B and Sở Tài chính tied for second on every group; Sở Xây dựng last."""
    scoring = open_round(c, merit_quota=merit_quota)
    c.make.set_scores(scoring, c.a, {"1.1": 30, "1.2": 30, "2.1": 40})
    c.make.set_scores(scoring, c.b, {"1.1": 25, "1.2": 25, "2.1": 30})
    c.make.set_scores(scoring, c.lead, {"1.1": 25, "1.2": 25, "2.1": 30})
    c.make.set_scores(scoring, c.deputy, {"1.1": 10, "1.2": 10, "2.1": 10})
    return scoring


def test_lock_refused_while_units_tied_in_the_proposal_zone_have_no_vote(c):
    scoring = tied_round(c, merit_quota=1)  # zone: the first two places; B and the lead tie for second
    with refused_with(T(VOTE_FIRST, units="Sở A, Sở B")):
        ops.lock(c.lead_user, scoring)
    ops.record_votes(c.lead_user, scoring, {c.a.id: (4, 0, 0), c.b.id: (2, 2, 0), c.lead.id: (2, 1, 1)})
    with refused_with(T(TIED)):  # equal "for": still tied
        ops.lock(c.lead_user, scoring)
    ops.record_votes(c.lead_user, scoring, {c.b.id: (3, 1, 0)})
    ops.lock(c.lead_user, scoring)
    assert scoring.status is ScoringStatus.LOCKED
    assert [r.unit_id for r in ops.compute_ranking(scoring).ranked[:2]] == [c.a.id, c.b.id]


def test_a_tie_outside_the_proposal_zone_does_not_block_the_lock(c):
    scoring = tied_round(c)
    scoring.merit_quota = 0  # zone: first place only
    c.make.record_vote(scoring, c.a, 4)
    ops.lock(c.lead_user, scoring)
    assert scoring.status is ScoringStatus.LOCKED


def test_lock_is_audited_and_publishes(c):
    scoring = submitted_round(c)
    ops.lock(c.deputy_user, scoring)
    assert scoring.status is ScoringStatus.LOCKED and scoring.locked_at is not None
    assert [(e.action, e.actor_id) for e in events(scoring)] == [("lock", c.deputy_user.id)]


def _after_lock_action(c, scoring, action):
    sheet = sheet_of(scoring, c.a)
    return {
        "save": lambda: ops.save_self_scores(c.officer_a, sheet, form_values(scoring, {"1.1": "1"})),
        "submit": lambda: ops.submit_sheet(c.head_a, sheet),
        "reopen": lambda: ops.reopen_sheet(c.lead_user, sheet, "Lý do"),
        "adjust": lambda: ops.adjust(c.lead_user, entry_of(sheet, "1.1"), "1", "Lý do"),
        "votes": lambda: ops.record_votes(c.lead_user, scoring, {c.a.id: (4, 0, 0)}),
        "lock": lambda: ops.lock(c.lead_user, scoring),
        "open": lambda: ops.open_round(c.lead_user, scoring, None),
    }[action]


@pytest.mark.parametrize("action", ["save", "submit", "reopen", "adjust", "votes", "lock", "open"])
def test_after_lock_nothing_changes(c, action):
    scoring = submitted_round(c)
    ops.lock(c.lead_user, scoring)
    db.session.commit()
    before = ops.compute_ranking(scoring)
    with pytest.raises(ScoringError) as refused:
        _after_lock_action(c, scoring, action)()
    db.session.rollback()
    assert refused.value.status == 409
    assert scoring.status is ScoringStatus.LOCKED
    after = ops.compute_ranking(scoring)
    assert [(r.unit_id, r.total, r.votes_for) for r in after.ranked] == \
        [(r.unit_id, r.total, r.votes_for) for r in before.ranked]
    assert all(s.status is SheetStatus.SUBMITTED for s in scoring.sheets)


def test_an_admin_unlocks_with_a_reason_and_the_unlock_is_audited(c):
    scoring = submitted_round(c)
    ops.lock(c.lead_user, scoring)
    with refused_with(T("Give the reason for unlocking.")):
        ops.unlock(c.admin, scoring, " ")
    assert scoring.status is ScoringStatus.LOCKED
    ops.unlock(c.admin, scoring, "Sai sót điểm tiêu chí 2.1 của Sở B")
    db.session.commit()
    assert scoring.status is ScoringStatus.OPEN and scoring.locked_at is None
    unlock_event = events(scoring, "unlock")[0]
    assert (unlock_event.actor_id, unlock_event.comment) == (c.admin.id, "Sai sót điểm tiêu chí 2.1 của Sở B")
    # Changes are possible again, and the round can be locked anew.
    ops.adjust(c.lead_user, entry_of(sheet_of(scoring, c.b), "2.1"), "20", "Theo biên bản kiểm tra")
    ops.lock(c.lead_user, scoring)
    assert [e.action for e in events(scoring)] == ["lock", "unlock", "adjust", "lock"]


@pytest.mark.parametrize("who", ["lead_user", "deputy_user", "head_a", "officer_a"])
def test_only_an_admin_unlocks(c, who):
    scoring = submitted_round(c)
    ops.lock(c.lead_user, scoring)
    with pytest.raises(ScoringError) as refused:
        ops.unlock(getattr(c, who), scoring, "Lý do")
    assert refused.value.status == 403
    assert scoring.status is ScoringStatus.LOCKED and events(scoring, "unlock") == []


def test_unlocking_a_round_that_is_not_locked_is_refused(c):
    scoring = open_round(c)
    with pytest.raises(ScoringError) as refused:
        ops.unlock(c.admin, scoring, "Lý do")
    assert refused.value.status == 409


# --- copying a table -----------------------------------------------------------------------------

def test_copy_table_brings_groups_and_items_but_no_scores(c):
    other = c.make.make_cluster("Khối các cơ quan Đảng", members=[c.b], year=2024)
    source = c.make.make_scoring(other, 2024, status=ScoringStatus.OPEN)
    c.make.set_scores(source, c.b, FULL)
    target = c.make.make_scoring(c.cluster, 2025, groups=(), bonus=(), penalties=(), excluding=())
    ops.copy_table(c.lead_user, source, target)
    db.session.commit()
    db.session.expire_all()

    def table(scoring):
        return [(i.group.name if i.group else None, i.kind, i.code, i.name, i.max_score, i.excludes_from_ranking,
                 i.sort_order) for i in scoring.items]

    assert table(target) == table(source)
    assert [g.name for g in target.groups] == [g.name for g in source.groups]
    assert {g.id for g in target.groups}.isdisjoint({g.id for g in source.groups})
    assert target.sheets == [] and target.status is ScoringStatus.PREPARING
    assert events(target)[0].comment == T("Copied from %(cluster)s %(year)s", cluster="Khối các cơ quan Đảng",
                                          year=2024)
    with refused_with(T("The criteria table is not empty; remove its items first.")):
        ops.copy_table(c.lead_user, source, target)


# --- the criteria table: every change is an operation with its audit row -------------------------

def test_each_criteria_change_writes_an_audit_row_naming_the_actor(c):
    from app.models import ItemKind, TieBreak

    scoring = c.make.make_scoring(c.cluster, 2025)
    group = ops.add_group(c.lead_user, scoring, "  III. Chuyển đổi số ")
    item = ops.add_item(c.lead_user, scoring, kind=ItemKind.CRITERION, group_id=group.id, code="3.1",
                        name="Hồ sơ trực tuyến", guidance="", max_score=D("10"), excludes_from_ranking=False)
    ops.update_settings(c.lead_user, scoring, decimals=1, flag_quota=1, merit_quota=3,
                        tie_break=TieBreak.VOTE_ONLY)
    ops.remove_item(c.lead_user, scoring, item)
    ops.remove_group(c.lead_user, scoring, group)
    db.session.commit()
    rows = [(e.action, e.actor_id) for e in events(scoring)]
    assert rows == [(action, c.lead_user.id) for action in
                    ("add_group", "add_item", "settings", "remove_item", "remove_group")]
    assert [e.comment for e in events(scoring, "add_item")] == ["3.1: Hồ sơ trực tuyến (10)"]
    assert group.name == "III. Chuyển đổi số"


@pytest.mark.parametrize("status", [ScoringStatus.OPEN, ScoringStatus.LOCKED])
def test_the_criteria_table_is_frozen_once_scoring_opens(c, status):
    from app.models import ItemKind

    scoring = c.make.make_scoring(c.cluster, 2025, status=status)
    with refused_with(T("The criteria table can only change before scoring opens.")):
        ops.add_item(c.lead_user, scoring, kind=ItemKind.BONUS, group_id=None, code="T9", name="Thưởng",
                     guidance="", max_score=D("5"), excludes_from_ranking=False)
    with refused_with(T("The criteria table can only change before scoring opens.")):
        ops.remove_item(c.lead_user, scoring, scoring.items[0])


def test_only_the_lead_of_the_year_edits_the_criteria_and_nothing_is_committed_by_the_operation(c):
    scoring = c.make.make_scoring(c.cluster, 2026)  # Sở Xây dựng leads 2026, Sở Tài chính does not
    db.session.commit()
    with pytest.raises(ScoringError) as refused:
        ops.add_group(c.lead_user, scoring, "Nhóm mới")
    assert refused.value.status == 403
    ops.add_group(c.deputy_user, scoring, "Nhóm mới")
    db.session.rollback()  # the caller decides: an operation only flushes
    assert [g.name for g in db.session.get(type(scoring), scoring.id).groups] == [g[0] for g in c.make.SCORING_TABLE]


def test_a_duplicate_code_is_refused_on_its_field(c):
    from app.models import ItemKind

    scoring = c.make.make_scoring(c.cluster, 2025)
    with pytest.raises(ScoringError) as refused:
        ops.add_item(c.lead_user, scoring, kind=ItemKind.BONUS, group_id=None, code="T1", name="Trùng",
                     guidance="", max_score=D("5"), excludes_from_ranking=False)
    assert refused.value.field == "code"
