"""Who may see and do what: every scoping query and ``can_*`` predicate of the app, in one place.

Views guard with these functions and templates ask the same ones (registered as template globals
that take the current user implicitly: ``can_manage_round(round)``), so a button is shown exactly
when the server would accept its request.

Two kinds of answers live here:

* **scopes** — SQL conditions and queries of what a user may see (``dossier_scope``,
  ``visible_rounds``); a record outside them is answered with 404, as if it did not exist;
* **predicates** — ``can_*(user, record)`` booleans for actions; a refusal is answered with 403.

A workflow transition says *through which relationship* its role acts on a dossier
(``Relationship``); ``stands_in`` answers it. A new relationship (e.g. a commune's chairman acting
for the commune's sub-units, or a delegate) is one more entry in ``_RELATIONSHIP_CHECKS``.
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from flask import abort, g, has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    EDITABLE_STATES,
    AwardDecision,
    Campaign,
    Cluster,
    ClusterLeadership,
    ClusterMembership,
    ClusterScoring,
    Collective,
    CouncilSession,
    Dossier,
    Notification,
    Person,
    RegistryEntry,
    Role,
    SavedFilter,
    ScoreSheet,
    ScoringStatus,
    SheetStatus,
    State,
    Unit,
    User,
)
from app.models.jobs import Job
from app.models.movement_plans import LaunchStatus, MovementLaunch
from app.models.reports import OPEN_STATUSES, ReportStatus, UnitReport
from app.models.settings import DX_ASSESSOR_UNIT_CODE, Setting

if TYPE_CHECKING:
    from datetime import date

    from flask import Flask


# --- units and clusters --------------------------------------------------------------------------

def unit_subtree_ids(unit_id: int) -> list[int]:
    """The unit and all its sub-units (cached for the app context: the tree changes rarely)."""
    cache = g.setdefault("_unit_subtree", {})
    if unit_id not in cache:
        rows = db.session.execute(select(Unit.id, Unit.parent_id)).all()
        children: dict[int | None, list[int]] = {}
        for uid, parent in rows:
            children.setdefault(parent, []).append(uid)
        found: list[int] = []
        stack = [unit_id]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.append(current)
            stack.extend(children.get(current, []))
        cache[unit_id] = found
    return cache[unit_id]


def led_cluster_years(user: User) -> list[tuple[int, int]]:
    """(cluster_id, year) pairs that the user's unit leads or deputises, for a cluster-lead user.

    The one query of "which clusters does this user lead"; cached for the request.
    """
    if user.role is not Role.CLUSTER_LEAD or user.unit_id is None:
        return []
    cache = g.setdefault("_led_cluster_years", {}) if has_request_context() else {}
    if user.id not in cache:
        rows = db.session.execute(
            select(ClusterLeadership.cluster_id, ClusterLeadership.year).where(
                or_(ClusterLeadership.lead_unit_id == user.unit_id, ClusterLeadership.deputy_unit_id == user.unit_id)
            )
        ).all()
        cache[user.id] = [(cluster_id, year) for cluster_id, year in rows]
    return cache[user.id]


def led_cluster_ids(user: User) -> set[int]:
    """Clusters the user's unit leads or deputises in any year."""
    return {cluster_id for cluster_id, _year in led_cluster_years(user)}


def leads_cluster(user: User, cluster_id: int, year: int) -> bool:
    """The user's unit is the cluster's lead or deputy for that year."""
    return (cluster_id, year) in led_cluster_years(user)


def is_own_unit(user: User, dossier: Dossier) -> bool:
    """The dossier belongs to the user's unit or one of its sub-units."""
    return user.unit_id is not None and dossier.unit_id in unit_subtree_ids(user.unit_id)


def leads_cluster_of(user: User, dossier: Dossier) -> bool:
    """The user's unit leads (or deputises) a cluster that has the dossier's unit as member that year."""
    year = dossier.campaign.year
    clusters = [cluster_id for cluster_id, led_year in led_cluster_years(user) if led_year == year]
    if not clusters:
        return False
    member = select(ClusterMembership.id).where(
        ClusterMembership.year == year, ClusterMembership.unit_id == dossier.unit_id,
        ClusterMembership.cluster_id.in_(clusters),
    )
    return db.session.scalar(member.limit(1)) is not None


# --- relationships through which a role acts on a dossier --------------------------------------------

class Relationship(enum.Enum):
    """How an actor stands to a dossier; each workflow transition names the one its roles act through."""

    OWN_UNIT = "own_unit"  # the nominating unit (or a parent of the sub-unit that nominates)
    CLUSTER_OF_YEAR = "cluster_of_year"  # lead or deputy, that campaign's year, of a cluster the unit belongs to
    PROVINCE = "province"  # the provincial bodies (Sở Nội vụ, the council's secretariat)
    DECIDING_UNIT = "deciding_unit"  # the department or commune whose head decides the dossier's unit-level award


def _acts_for_province(user: User, dossier: Dossier) -> bool:
    return user.role.is_province_role


def _acts_for_deciding_unit(user: User, dossier: Dossier) -> bool:
    """The user's own unit is the one that decides the dossier's unit-level award (not one of its divisions)."""
    return user.unit_id is not None and user.unit_id == dossier.unit.deciding_unit.id


_RELATIONSHIP_CHECKS: dict[Relationship, Callable[[User, Dossier], bool]] = {
    Relationship.OWN_UNIT: is_own_unit,
    Relationship.DECIDING_UNIT: _acts_for_deciding_unit,
    Relationship.CLUSTER_OF_YEAR: leads_cluster_of,
    Relationship.PROVINCE: _acts_for_province,
}


def stands_in(user: User, dossier: Dossier, relationship: Relationship) -> bool:
    """Whether the user stands in ``relationship`` to the dossier."""
    return _RELATIONSHIP_CHECKS[relationship](user, dossier)


# --- dossiers ---------------------------------------------------------------------------------------

def led_cluster_scope(led: list[tuple[int, int]]) -> ColumnElement[bool]:
    """Submitted dossiers of member units, in campaigns of the years the cluster is led."""
    parts = []
    for cluster_id, year in led:
        members = select(ClusterMembership.unit_id).where(
            ClusterMembership.cluster_id == cluster_id, ClusterMembership.year == year
        )
        campaigns = select(Campaign.id).where(Campaign.year == year)
        parts.append(
            and_(Dossier.unit_id.in_(members), Dossier.campaign_id.in_(campaigns), Dossier.submitted_at.is_not(None))
        )
    return or_(*parts) if parts else false()


def dossier_scope(user: User) -> ColumnElement[bool]:
    """A SQL condition on Dossier selecting what this user may see (DOMAIN §6 "who sees what").

    Deleted drafts are seen by nobody. Only a draft that never left its unit can be deleted (a CHECK
    on the table), so the conditions on ``submitted_at`` already leave them out of the province's and
    cluster leads' scopes; the unit's own scope says it.
    """
    if user.role.is_province_role:
        # Everything that has left its unit; drafts stay private to the unit.
        return Dossier.submitted_at.is_not(None)
    if user.unit_id is None:
        return false()
    own = and_(Dossier.unit_id.in_(unit_subtree_ids(user.unit_id)), Dossier.deleted_at.is_(None))
    led = led_cluster_years(user)
    if not led:
        return own
    return or_(own, led_cluster_scope(led))


def sees_every_unit(user: User) -> bool:
    """The province's roles see every unit's submitted dossiers (``dossier_scope``): each unit is a filter choice."""
    return user.role.is_province_role


def visible_dossiers(user: User) -> Select:
    return select(Dossier).where(dossier_scope(user))


def get_visible_dossier_or_404(user: User, dossier_id: int, *, for_update: bool = False, options=()) -> Dossier:
    """The dossier if this user may see it, else 404; ``options`` are loader options for the page."""
    query = visible_dossiers(user).where(Dossier.id == dossier_id)
    if options:
        # populate_existing: a dossier this session loaded before gets what the options load afresh too (a
        # query expression, e.g. Dossier.has_public_comments, keeps its first value on an object already
        # loaded; a request's session is its own in production, but tests share one across requests).
        query = query.options(*options).execution_options(populate_existing=True)
    if for_update:
        # The dossier's row only: PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins
        # that loader options add.
        query = query.with_for_update(of=Dossier)
    # unique(): the options may join a collection (a row per element of it).
    dossier = db.session.scalars(query).unique().one_or_none()
    if dossier is None:
        abort(404)
    return dossier


def can_see_dossier(user: User, dossier_id: int) -> bool:
    """Whether the dossier is within what the user may see: a message names or links another dossier
    only then (a unit's drafts and the dossiers of other units are not even said to exist by number)."""
    return db.session.scalar(select(Dossier.id).where(Dossier.id == dossier_id, dossier_scope(user))) is not None


def can_create_dossier(user: User) -> bool:
    return user.role is Role.OFFICER and user.unit_id is not None


def can_edit_dossier(user: User, dossier: Dossier) -> bool:
    """Officers of the nominating unit edit drafts and dossiers returned to them (not deleted drafts)."""
    return (user.role is Role.OFFICER and is_own_unit(user, dossier) and dossier.state in EDITABLE_STATES
            and dossier.deleted_at is None)


def can_delete_dossier(user: User, dossier: Dossier) -> bool:
    """Only a draft that never left the unit may be deleted (hidden, its rows and files kept); later
    ones are withdrawn instead."""
    return can_edit_dossier(user, dossier) and dossier.state is State.DRAFT and dossier.submitted_at is None


def can_see_eligibility(user: User, dossier: Dossier) -> bool:
    """The eligibility engine's verdict on a dossier: its unit's officer and head, and the province."""
    if user.role.is_province_role:
        return True
    return user.role in (Role.OFFICER, Role.UNIT_HEAD) and is_own_unit(user, dossier)


# Intake (submitted) and appraisal: the states in which the appraiser works on a dossier (accept, request a
# supplement, forward, return) and so decides whether the engine's verdict holds.
ELIGIBILITY_REVIEW_STATES = frozenset({State.SUBMITTED, State.APPRAISAL})


def reviews_eligibility(user: User) -> bool:
    """The appraisers of Sở Nội vụ review the engine's verdicts (their inbox shows them, in bulk too)."""
    return user.role is Role.APPRAISER


def can_review_eligibility(user: User, dossier: Dossier) -> bool:
    """Agree with the engine's verdict or override it with a reason: the appraiser, on intake and appraisal."""
    return (reviews_eligibility(user) and dossier.state in ELIGIBILITY_REVIEW_STATES
            and stands_in(user, dossier, Relationship.PROVINCE))


def can_manage_attachments(user: User, dossier: Dossier) -> bool:
    """Upload, remove (detach) and restore files: the unit's officer, while the dossier is editable."""
    return can_edit_dossier(user, dossier)


def holds_role_for(user: User, transition) -> bool:
    """The user's role is one the transition row lists.

    ``transition`` is a row of ``app.workflow.transitions`` (typed loosely: the workflow sits above).
    """
    return user.role in transition.roles


def can_take(user: User, dossier: Dossier, transition) -> bool:
    """The row is on the route of the dossier's award, the user's role takes it, stands in the relationship the
    row acts through and, acting under a delegation, the delegation covers it."""
    return (transition.applies_to(dossier) and holds_role_for(user, transition)
            and stands_in(user, dossier, transition.acts_through) and delegation_covers(user, transition.name))


# Under a delegation, the head's actions a "sign" delegation covers; every other head's action is an approval.
_SIGNING_ACTIONS = frozenset({"issue_unit_decision", "sign_unit_decision"})


def delegation_covers(user: User, action: str) -> bool:
    """Whether the delegation the user acts under (if any) covers ``action`` (a workflow action or a step of a
    unit decision's life): signing for the unit's decisions, approving for the rest."""
    from app.models.assignments import DelegationScope

    return delegation_allows(user, DelegationScope.SIGN if action in _SIGNING_ACTIONS else DelegationScope.APPROVE)


def work_scope(user: User) -> ColumnElement[bool]:
    """The dossiers whose next step may be this user's: a cluster lead works on the led clusters' dossiers
    (its own unit's are its officer's and head's work), everyone else within what they see."""
    if user.role is Role.CLUSTER_LEAD:
        return led_cluster_scope(led_cluster_years(user))
    return dossier_scope(user)


def has_inbox(user: User) -> bool:
    """Every role that takes workflow actions has work waiting; the administrator takes none."""
    return user.role is not Role.ADMIN


# --- council --------------------------------------------------------------------------------------

def council_unit_id(user: User) -> int | None:
    """The unit whose own council (Hội đồng TĐKT cơ sở) and decisions a unit's officer or head works with: their
    unit, when it is one that decides its unit-level awards (a department, a commune). A division's (sub-unit's)
    staff propose to it but do not sit on its council, draft or sign for it: None, as for everyone else."""
    if user.role in (Role.OFFICER, Role.UNIT_HEAD) and user.unit is not None and \
            user.unit.deciding_unit.id == user.unit_id:
        return user.unit_id
    return None


def can_view_council(user: User) -> bool:
    """The provincial council: its secretary and the administrator; a unit's council: its officer and head."""
    return user.role in (Role.SECRETARY, Role.ADMIN) or council_unit_id(user) is not None


def can_manage_council(user: User) -> bool:
    """Creates sessions, sets their agenda and records the votes: the provincial council's secretary, and for a
    unit's own council its emulation officer (who is that council's secretary)."""
    return user.role is Role.SECRETARY or (user.role is Role.OFFICER and council_unit_id(user) is not None)


def council_session_scope(user: User) -> ColumnElement[bool]:
    """The council sessions the user sees: the provincial council's, or their unit's council's."""
    if user.role in (Role.SECRETARY, Role.ADMIN):
        return CouncilSession.unit_id.is_(None)
    unit_id = council_unit_id(user)
    return CouncilSession.unit_id == unit_id if unit_id is not None else false()


def can_manage_council_session(user: User, session: CouncilSession) -> bool:
    """The session's agenda and votes: the secretary of the council it belongs to."""
    if session.unit_id is None:
        return user.role is Role.SECRETARY
    return user.role is Role.OFFICER and council_unit_id(user) == session.unit_id


# --- decisions ------------------------------------------------------------------------------------

def saved_filter_scope(user: User) -> ColumnElement[bool]:
    """A user's saved filters are theirs alone: nobody else sees, applies, renames or deletes them."""
    return SavedFilter.user_id == user.id


def can_view_decision_register(user: User) -> bool:
    """The register of all decisions and the dossiers waiting for one: the provincial bodies."""
    return user.role.is_province_role


def can_issue_decisions(user: User) -> bool:
    """Records what the People's Committee's clerk (văn thư) gave — number, date, signed copy — and issues the
    decision: the council's secretary, the one person at Home Affairs who deals with the committee's office."""
    return user.role is Role.SECRETARY


def can_draft_decisions(user: User) -> bool:
    """Drafts decisions (dự thảo), corrections and cancellations and sends them up with the Tờ trình: Home
    Affairs' secretary and appraisers (DOMAIN.md §10a: the appraising body drafts)."""
    return user.role in (Role.SECRETARY, Role.APPRAISER)


def decision_actions(user: User, decision: AwardDecision) -> frozenset[str]:
    """What ``user`` may do to ``decision`` now, by its stage (app/decisions/life.py): a draft is edited,
    discarded or sent by whoever drafts; a sent one is signed (recorded) or returned, a signed one issued, by
    whoever deals with the clerk; an issued decision is never edited, only corrected or cancelled by a new one."""
    from app.models.decisions import DecisionKind, DecisionStatus

    status = decision.status
    if decision.is_unit_decision:
        return _unit_decision_actions(user, decision)
    if status is DecisionStatus.DRAFT:
        return frozenset({"edit", "send", "discard"}) if can_draft_decisions(user) else frozenset()
    if status is DecisionStatus.SENT:
        return frozenset({"sign", "return"}) if can_issue_decisions(user) else frozenset()
    if status is DecisionStatus.SIGNED:
        return frozenset({"issue"}) if can_issue_decisions(user) else frozenset()
    if decision.kind is DecisionKind.DECISION and can_draft_decisions(user):
        return frozenset({"correct", "cancel"})
    return frozenset()


def _unit_decision_actions(user: User, decision: AwardDecision) -> frozenset[str]:
    """A unit's own decision (DOMAIN.md §10b): its emulation officer drafts and sends it to the head; the head, or
    a deputy under a signing delegation, signs it (the unit's register gives the number) and so issues it, or
    sends it back to draft."""
    from app.models.decisions import DecisionStatus

    if council_unit_id(user) != decision.issuer_unit_id:
        return frozenset()
    if decision.status is DecisionStatus.DRAFT and user.role is Role.OFFICER:
        return frozenset({"send", "discard"})
    if (decision.status is DecisionStatus.SENT and user.role is Role.UNIT_HEAD
            and delegation_covers(user, "sign_unit_decision")):
        return frozenset({"sign", "return"})
    return frozenset()


def can_draft_unit_decisions(user: User) -> bool:
    """A unit's emulation officer drafts the decisions of the unit's head for its unit-level awards."""
    return user.role is Role.OFFICER and council_unit_id(user) is not None


def can_see_unit_decisions(user: User) -> bool:
    """The units' own decisions: each unit's officer and head see theirs; the provincial bodies read the issued
    ones of every unit (they feed the registry)."""
    return user.role.is_province_role or council_unit_id(user) is not None


def unit_decision_scope(user: User) -> ColumnElement[bool]:
    """The units' decisions the user sees, as a condition on AwardDecision."""
    from app.models.decisions import DecisionStatus

    if user.role.is_province_role:
        return AwardDecision.issuer_unit_id.is_not(None) & (AwardDecision.status == DecisionStatus.ISSUED)
    unit_id = council_unit_id(user)
    return AwardDecision.issuer_unit_id == unit_id if unit_id is not None else false()


def _can_read_unit_decision(user: User, decision: AwardDecision) -> bool:
    if user.role.is_province_role:
        return decision.is_issued
    return council_unit_id(user) == decision.issuer_unit_id


def can_act_on_decision(user: User, decision: AwardDecision, action: str) -> bool:
    """The view's check and the page's buttons: one predicate (``decision_actions``)."""
    return action in decision_actions(user, decision)


def can_read_decision(user: User, decision: AwardDecision) -> bool:
    """Provincial bodies read every decision; a unit reads issued ones that honour a dossier it can see, and
    its own decisions (unit-level awards) at every stage."""
    if decision.is_unit_decision:
        return _can_read_unit_decision(user, decision)
    if user.role.is_province_role:
        return True
    if decision.number is None:  # a draft is Home Affairs' working paper
        return False
    honours_visible = select(Dossier.id).where(Dossier.decision_id == decision.id, dossier_scope(user)).limit(1)
    return db.session.scalar(honours_visible) is not None


def can_read_whole_decision(user: User, decision: AwardDecision) -> bool:
    """The whole document, every honouree's name and bonus: the provincial bodies. A unit that reads the
    decision gets an extract instead: the decision's text with the annex lines of the honourees it sees.
    A unit's own decision is whole for the unit and, once issued, for the province."""
    if decision.is_unit_decision:
        return _can_read_unit_decision(user, decision)
    return can_view_decision_register(user) and can_read_decision(user, decision)


# --- cluster scoring ------------------------------------------------------------------------------

def visible_rounds(user: User) -> Select:
    """Scoring rounds the user may open: province roles all; members their clusters'; leads the led ones."""
    query = select(ClusterScoring).options(selectinload(ClusterScoring.cluster))
    if user.role.is_province_role:
        return query
    member = select(ScoreSheet.scoring_id).where(ScoreSheet.unit_id == (user.unit_id or -1))
    conditions: list[ColumnElement[bool]] = [ClusterScoring.id.in_(member)]
    conditions.extend(and_(ClusterScoring.cluster_id == cluster_id, ClusterScoring.year == year)
                      for cluster_id, year in led_cluster_years(user))
    return query.where(or_(*conditions))


def clusters_to_score(user: User) -> list[Cluster]:
    """Clusters the user may open a scoring round for: all for an administrator, else the led ones."""
    query = select(Cluster).order_by(Cluster.name)
    if user.role is not Role.ADMIN:
        led = led_cluster_ids(user)
        query = query.where(Cluster.id.in_(led) if led else false())
    return list(db.session.scalars(query))


def can_create_round(user: User) -> bool:
    """An administrator, or the lead or deputy of some cluster (for the clusters it leads)."""
    return user.role is Role.ADMIN or bool(led_cluster_ids(user))


def can_manage_round(user: User, scoring: ClusterScoring) -> bool:
    """The cluster's lead or deputy for the round's year, or an administrator."""
    return user.role is Role.ADMIN or leads_cluster(user, scoring.cluster_id, scoring.year)


def can_edit_criteria(user: User, scoring: ClusterScoring) -> bool:
    """The criteria table changes only before scoring opens."""
    return can_manage_round(user, scoring) and scoring.status is ScoringStatus.PREPARING


def can_run_round(user: User, scoring: ClusterScoring) -> bool:
    """While members score: adjustments, the acclamation vote, locking."""
    return can_manage_round(user, scoring) and scoring.status is ScoringStatus.OPEN


def can_see_results(user: User, scoring: ClusterScoring) -> bool:
    """Members see ranks only once the round is locked; the lead, deputy and province roles always."""
    return scoring.status is ScoringStatus.LOCKED or can_manage_round(user, scoring) or user.role.is_province_role


def can_record_meeting(user: User, scoring: ClusterScoring) -> bool:
    """The lead records the meeting that votes (while the round is open) and may correct it once locked."""
    return can_manage_round(user, scoring) and scoring.status in (ScoringStatus.OPEN, ScoringStatus.LOCKED)


def can_unlock_round(user: User, scoring: ClusterScoring | None = None) -> bool:
    """Only an administrator reopens a locked round (audited with a reason)."""
    return user.role is Role.ADMIN


def can_see_round_history(user: User, scoring: ClusterScoring) -> bool:
    return can_manage_round(user, scoring)


def own_score_sheet(user: User, scoring: ClusterScoring) -> ScoreSheet | None:
    """The sheet of the user's unit in this round, for the unit's officer and head."""
    if user.role not in (Role.OFFICER, Role.UNIT_HEAD) or user.unit_id is None:
        return None
    return db.session.scalar(select(ScoreSheet).where(
        ScoreSheet.scoring_id == scoring.id, ScoreSheet.unit_id == user.unit_id))


def can_open_sheet(user: User, sheet: ScoreSheet) -> bool:
    """Members see their own sheet (every sheet once locked); those who see results see all sheets."""
    scoring = sheet.scoring
    sees_all = can_manage_round(user, scoring) or user.role.is_province_role or scoring.status is ScoringStatus.LOCKED
    return sees_all or sheet.unit_id == user.unit_id


def is_sheet_member(user: User, sheet: ScoreSheet) -> bool:
    """The officer or head of the unit the sheet scores."""
    return user.unit_id == sheet.unit_id and user.role in (Role.OFFICER, Role.UNIT_HEAD)


def is_sheet_head(user: User, sheet: ScoreSheet) -> bool:
    """The head of the unit the sheet scores: the one who signs the unit's self-assessment off."""
    return user.unit_id == sheet.unit_id and user.role is Role.UNIT_HEAD


def can_score_sheet(user: User, sheet: ScoreSheet) -> bool:
    """The unit's officer or head fills its own draft sheet while the round is open."""
    return (is_sheet_member(user, sheet) and sheet.scoring.status is ScoringStatus.OPEN
            and sheet.status is SheetStatus.DRAFT)


def can_submit_sheet(user: User, sheet: ScoreSheet) -> bool:
    """The unit head sends the unit's sheet to the cluster lead."""
    return is_sheet_head(user, sheet) and can_score_sheet(user, sheet)


def can_adjust_sheet(user: User, sheet: ScoreSheet) -> bool:
    """The lead or deputy adjusts a sheet's scores, with a reason, while the round is open."""
    return can_run_round(user, sheet.scoring)


def can_reopen_sheet(user: User, sheet: ScoreSheet) -> bool:
    """The lead or deputy sends a submitted sheet back to its unit while the round is open."""
    return can_run_round(user, sheet.scoring) and sheet.status is SheetStatus.SUBMITTED


# --- registry (people, collectives, the sổ khen thưởng) -----------------------------------------

def _own_units(user: User) -> list[int]:
    return unit_subtree_ids(user.unit_id) if user.unit_id is not None else []


def person_scope(user: User) -> ColumnElement[bool]:
    """The people whose records this user may see: a unit sees the people of its own unit tree (where
    they work now), the province sees everyone. A record merged into another is no one's to see: it
    leaves every search and picker (the kept person carries its history; undoing the merge brings it back)."""
    current = Person.merged_into_id.is_(None)
    if user.role.is_province_role:
        return current
    units = _own_units(user)
    return and_(current, Person.unit_id.in_(units)) if units else false()


def collective_scope(user: User) -> ColumnElement[bool]:
    """The collectives (units, enterprises, households) whose records this user may see."""
    if user.role.is_province_role:
        return Collective.id.is_not(None)
    units = _own_units(user)
    return Collective.unit_id.in_(units) if units else false()


def registry_unit_scope(user: User) -> ColumnElement[bool]:
    """A SQL condition on Unit: the units whose people and collectives this user may look up (the
    registry search's unit filter, the units a record may be placed in)."""
    if user.role.is_province_role:
        return Unit.id.is_not(None)
    units = _own_units(user)
    return Unit.id.in_(units) if units else false()


def sees_whole_registry(user: User) -> bool:
    """The province reads every record of the registry (``registry_scope`` is then no condition at all)."""
    return user.role.is_province_role


def registry_scope(user: User) -> ColumnElement[bool]:
    """A SQL condition on RegistryEntry: the entries of the people and collectives this user may see."""
    if user.role.is_province_role:
        return RegistryEntry.id.is_not(None)
    return or_(
        RegistryEntry.person_id.in_(select(Person.id).where(person_scope(user))),
        RegistryEntry.collective_id.in_(select(Collective.id).where(collective_scope(user))),
    )


def get_visible_person_or_404(user: User, person_id: int) -> Person:
    person = db.session.scalar(select(Person).where(Person.id == person_id, person_scope(user)))
    if person is None:
        abort(404)
    return person


def get_visible_collective_or_404(user: User, collective_id: int) -> Collective:
    collective = db.session.scalar(select(Collective).where(Collective.id == collective_id, collective_scope(user)))
    if collective is None:
        abort(404)
    return collective


def can_see_registry(user: User) -> bool:
    """Every role but the administrator's reads the registry within its scope; the administrator too
    (support), province-wide."""
    return user.role.is_province_role or user.unit_id is not None


def can_edit_registry(user: User) -> bool:
    """Record ratings, titles, initiatives and disciplinary status, and import past years: a unit's
    emulation officer for its own people, the appraisers of Sở Nội vụ for everyone."""
    return user.role in (Role.OFFICER, Role.APPRAISER)


def registry_units(user: User) -> list[int] | None:
    """The units whose people and collectives this user may record or import: None for every unit (the
    appraisers), the own unit tree for a unit's officer, none for anyone else."""
    if user.role is Role.APPRAISER:
        return None
    return _own_units(user) if user.role is Role.OFFICER else []


def can_edit_person(user: User, person: Person) -> bool:
    if user.role is Role.APPRAISER:
        return True
    return user.role is Role.OFFICER and person.unit_id is not None and person.unit_id in _own_units(user)


def can_edit_collective(user: User, collective: Collective) -> bool:
    if user.role is Role.APPRAISER:
        return True
    return (user.role is Role.OFFICER and collective.unit_id is not None
            and collective.unit_id in _own_units(user))


def can_merge_records(user: User) -> bool:
    """Merging two records found to be one person (and undoing it) is the province's: it rewrites
    history across units."""
    return user.role in (Role.APPRAISER, Role.ADMIN)


def can_see_personal_id(user: User, person: Person) -> bool:
    """The personal ID number (CCCD), masked, is shown to those who may edit the record; it never
    appears in exports or logs."""
    return can_edit_person(user, person)


# --- background jobs ------------------------------------------------------------------------------

def can_see_job(user: User, job: Job) -> bool:
    """A job's page (its progress, its result, its error) is its starter's, and the administrator's
    (support); to anyone else the job does not exist (404)."""
    return (job.user_id is not None and job.user_id == user.id) or user.role is Role.ADMIN


# --- dashboard ------------------------------------------------------------------------------------

def can_see_dashboard(user: User) -> bool:
    """The statistics: the province roles province-wide, a unit's people their unit tree (and a cluster
    lead its led clusters), i.e. exactly what ``dossier_scope`` lets them see."""
    return user.role.is_province_role or user.unit_id is not None


def dashboard_scope(user: User) -> ColumnElement[bool]:
    """The dossiers the dashboard counts for this user: the ones the user may see (``dossier_scope``);
    every filter is added to this condition, so a filter can narrow the numbers but never widen them."""
    return dossier_scope(user)


# --- notifications --------------------------------------------------------------------------------

def can_see_notification(user: User, notification: Notification) -> bool:
    """A notification is its recipient's alone; to anyone else it does not exist (404)."""
    return notification.recipient_id == user.id


def unit_people(unit_id: int, *, heads: bool) -> Select:
    """The active users who act for the unit itself on its dossiers: its officers (and its head): those
    told of what happens to the unit's dossiers. They see the unit's dossiers (``dossier_scope``)."""
    roles = (Role.OFFICER, Role.UNIT_HEAD) if heads else (Role.OFFICER,)
    return select(User).where(User.unit_id == unit_id, User.role.in_(roles), User.active.is_(True))


def unit_heads(unit_id: int) -> Select:
    """The unit's active heads: who signs the unit's own papers (its Tờ trình)."""
    return select(User).where(User.unit_id == unit_id, User.role == Role.UNIT_HEAD, User.active.is_(True))


# --- administration -------------------------------------------------------------------------------

def can_administer(user: User) -> bool:
    return user.role is Role.ADMIN


# --- public notice ------------------------------------------------------------------------------

def public_notice_scope(today: date) -> ColumnElement[bool]:
    """The dossiers the public may see and comment on, logged out: those in their public notice whose
    period (``notice_ends_on``, working days counted when the notice opened) has not ended. A dossier
    whose notice is over but not yet closed by the appraiser is no longer on show."""
    return and_(Dossier.state == State.PUBLIC_NOTICE, Dossier.deleted_at.is_(None),
                or_(Dossier.notice_ends_on.is_(None), Dossier.notice_ends_on >= today))


def can_read_public_comments(user: User, dossier: Dossier) -> bool:
    """The citizens' comments on a nominee, contact details included: the province, which appraises them.
    Not the nominating unit: a comment may come from the nominee's colleagues, and showing it (even without
    its contact) to the unit that chose the nominee would expose its author; the appraiser asks the unit
    about any substance through the usual request for a supplement."""
    return user.role.is_province_role


# --- the process documents (app/paperwork) --------------------------------------------------------

def can_read_unit_papers(user: User, unit_id: int) -> bool:
    """The Sở Nội vụ's letters to a unit (supplement request, appraisal result, not approved), the unit's
    Tờ trình and its dossiers' báo cáo thành tích: the province, and the people of that unit (or of a parent
    unit); never another unit's, nor a cluster lead's for the units of its cluster."""
    if user.role.is_province_role:
        return True
    return user.role.is_unit_role and user.unit_id is not None and unit_id in unit_subtree_ids(user.unit_id)


def can_read_public_notice_papers(user: User) -> bool:
    """The public notice list and the report on the comments received: the provincial bodies."""
    return user.role.is_province_role


def can_handle_public_comments(user: User) -> bool:
    """Record how a citizen's comment was dealt with (printed in the report): the appraisers."""
    return user.role is Role.APPRAISER


# --- periodic reports on a movement (issue 11) ----------------------------------------------------

def can_manage_reports(user: User) -> bool:
    """Sở Nội vụ (its appraisers, and the administrator): the figures and schedule, opening and closing
    rounds, the desk (reminders, returns, acceptance, reopening) and the aggregated report."""
    return user.role in (Role.APPRAISER, Role.ADMIN)


def can_see_reports(user: User) -> bool:
    """The reports menu: the province's roles, and a unit's people (their unit's own reports)."""
    return user.role.is_province_role or (user.role.is_unit_role and user.unit_id is not None)


def can_see_report_desk(user: User) -> bool:
    """A round's desk (who submitted, who is late) and every unit's report: the province's roles; only Sở Nội
    vụ acts on them (``can_manage_reports``)."""
    return user.role.is_province_role


def unit_report_scope(user: User) -> ColumnElement[bool]:
    """The reports a user may see: every one for the province's roles, their own unit's for a unit's people
    (not its sub-units': each unit reports for itself)."""
    if user.role.is_province_role:
        return true()
    if user.unit_id is None:
        return false()
    return UnitReport.unit_id == user.unit_id


def can_see_unit_report(user: User, report: UnitReport) -> bool:
    return user.role.is_province_role or (user.unit_id is not None and report.unit_id == user.unit_id)


def why_cannot_fill_report(user: User, report: UnitReport) -> str | None:
    """Why this user may not edit or submit this report now (None: they may): the one rule behind the
    form's buttons and the refusal of a save or submission."""
    if not (user.role.is_unit_role and user.unit_id is not None and report.unit_id == user.unit_id):
        return _("Only the unit's own people fill in its report.")
    if report.status not in OPEN_STATUSES:
        return _("The report is %(status)s: it can no longer be changed.", status=report.status.label)
    if report.round.is_closed and not report.reopened:
        return _("The round is closed: ask the Department of Home Affairs to reopen it for your unit.")
    return None


def can_fill_report(user: User, report: UnitReport) -> bool:
    return why_cannot_fill_report(user, report) is None


def can_review_report(user: User, report: UnitReport) -> bool:
    """Return for correction or accept: a submitted report, by Sở Nội vụ."""
    return can_manage_reports(user) and report.status is ReportStatus.SUBMITTED


def can_reopen_report(user: User, report: UnitReport) -> bool:
    """Let one unit submit in a closed round (the report is still owed and not already reopened)."""
    return (can_manage_reports(user) and report.round.is_closed and not report.reopened
            and report.status in OPEN_STATUSES)


# --- a movement's launch, units' plans and registrations, the digital-transformation index (issue 11) ---

def can_manage_movements(user: User) -> bool:
    """Sở Nội vụ (its appraisers, and the administrator): launching and publishing a movement, its content
    groups, phases and deadlines, reopening a registration, the lists of plans and registrations."""
    return user.role in (Role.APPRAISER, Role.ADMIN)


def launch_scope(user: User) -> ColumnElement[bool]:
    """The launches a user may see: published ones for everybody, drafts for Sở Nội vụ only."""
    if can_manage_movements(user):
        return true()
    return MovementLaunch.status == LaunchStatus.PUBLISHED


def can_see_launch(user: User, launch: MovementLaunch) -> bool:
    return launch.is_published or can_manage_movements(user)


def acts_for_unit(user: User, unit_id: int | None) -> bool:
    """The unit's own people (its officer, its head, a cluster lead for its own unit): they upload the unit's
    plan and register it. Never another unit, not even a sub-unit: each unit registers for itself."""
    return user.role.is_unit_role and user.unit_id is not None and unit_id == user.unit_id


def can_take_part(user: User, launch: MovementLaunch) -> bool:
    """Upload the unit's plan and register: a unit's people, once the movement is published."""
    return launch.is_published and user.role.is_unit_role and user.unit_id is not None


def can_see_registrations(user: User) -> bool:
    """The lists of registrations and plans across units (per cluster, bloc, target group): the province's
    roles; a unit's people see their own unit's on the movement's page."""
    return user.role.is_province_role


def can_read_unit_plan(user: User, unit_id: int) -> bool:
    return can_see_registrations(user) or acts_for_unit(user, unit_id)


def can_import_dx_index(user: User) -> bool:
    """Sở KH&CN assesses the digital-transformation index: its officer and head import it, and Sở Nội vụ
    (which runs the movement) and the administrator. Which unit is the assessor is a setting (the unit's
    code, ``movements.dx_assessor_unit_code``, default SKHCN), not a role."""
    if user.role in (Role.APPRAISER, Role.ADMIN):
        return True
    if user.role not in (Role.OFFICER, Role.UNIT_HEAD) or user.unit_id is None:
        return False
    code = Setting.get_text(DX_ASSESSOR_UNIT_CODE, "SKHCN").strip()
    return db.session.scalar(select(Unit.code).where(Unit.id == user.unit_id)) == code


# --- templates ----------------------------------------------------------------------------------

# --- certificates and the bonus payment list ---------------------------------------------------------

def can_print_certificates(user: User, decision: AwardDecision) -> bool:
    """Certificates of a numbered and dated decision: whoever reads the decision, for the honourees they see
    (the province all of them, a unit its own: the views print only ``dossier_scope``'s lines). Only the
    province's own award decisions: a central award's certificate comes from the central level, and a
    proposal (Tờ trình) or a correction awards no one."""
    from app.models.decisions import DecisionKind

    return (decision.kind is DecisionKind.DECISION and decision.number is not None and decision.signed_on is not None
            and can_read_decision(user, decision))


def can_download_payment_list(user: User, decision: AwardDecision) -> bool:
    """The bonus payment list, scoped like the decision's download: the whole list for the province, a unit's
    own lines for a unit."""
    return can_print_certificates(user, decision)


# Predicates templates ask, with the current user filled in: ``{% if can_manage_round(scoring) %}``.
TEMPLATE_PREDICATES: tuple[Callable[..., bool], ...] = (
    can_create_dossier, can_edit_dossier, can_delete_dossier, can_manage_attachments, can_see_eligibility, has_inbox,
    reviews_eligibility, can_review_eligibility,
    can_view_council, can_manage_council, can_manage_council_session, can_view_decision_register, can_issue_decisions,
    can_read_decision,
    can_read_whole_decision, can_draft_decisions, can_act_on_decision, can_draft_unit_decisions,
    can_see_unit_decisions,
    can_manage_round, can_edit_criteria, can_run_round, can_see_results, can_unlock_round, can_see_round_history,
    can_record_meeting,
    can_create_round, can_open_sheet, can_score_sheet, can_submit_sheet, can_adjust_sheet, can_reopen_sheet,
    can_see_registry, can_edit_registry, can_edit_person, can_edit_collective, can_merge_records,
    can_see_personal_id,
    can_see_dashboard,
    can_read_public_comments,
    can_read_unit_papers, can_read_public_notice_papers, can_handle_public_comments,
    can_manage_reports, can_see_reports, can_see_report_desk, can_fill_report, can_review_report, can_reopen_report,
    can_manage_movements, can_see_launch, can_take_part, can_see_registrations, can_import_dx_index,
    can_print_certificates, can_download_payment_list,
    can_administer,
)


def _for_current_user(predicate: Callable[..., bool]) -> Callable[..., bool]:
    @wraps(predicate)
    def ask(*args, **kwargs) -> bool:
        return current_user.is_authenticated and predicate(current_user._get_current_object(), *args, **kwargs)

    return ask


def register(app: Flask) -> None:
    """Make every template predicate a Jinja global bound to the current user."""
    app.jinja_env.globals.update({p.__name__: _for_current_user(p) for p in TEMPLATE_PREDICATES})


# --- several roles per user, and delegation (issue 10; the hats themselves are app.models.hats) -------------

def available_hats(user: User) -> list:
    """The hats the user may wear: their own role, the role assignments and the delegations to them in force."""
    from app.models.base import local_today
    from app.models.hats import hats_of

    return hats_of(user, local_today())


def can_wear(user: User, key: str) -> bool:
    return key == "home" or any(hat.key == key for hat in available_hats(user))


def delegation_allows(user: User, scope) -> bool:
    """True unless the user acts under a delegation whose scope is neither ``scope`` nor everything."""
    from app.models.assignments import DelegationScope

    hat = getattr(user, "_hat", None)
    return hat is None or hat.scope is None or hat.scope in (scope, DelegationScope.ALL)


def acting_for(user: User):
    """(id, name, mode) of the head the user acts for under a delegation, else None."""
    hat = getattr(user, "_hat", None)
    return (hat.acting_for_id, hat.acting_for_name, hat.mode) if hat is not None and hat.acting_for_id else None


def can_delegate(user: User) -> bool:
    """A unit head, in their own role or a head's assignment; a delegate does not delegate further."""
    return user.role is Role.UNIT_HEAD and user.unit_id is not None and acting_for(user) is None


def can_manage_assignments(user: User) -> bool:
    return user.role is Role.ADMIN


TEMPLATE_PREDICATES += (can_delegate, can_manage_assignments)


def can_see_delegation(user: User, delegation) -> bool:
    return user.id in (delegation.delegator_id, delegation.delegate_id) or can_manage_assignments(user)


def can_revoke_delegation(user: User, delegation) -> bool:
    """The head who gave it, until it is over (revoked or past its end date)."""
    from app.models.base import local_today

    return delegation.delegator_id == user.id and delegation.in_force_or_ahead(local_today())
