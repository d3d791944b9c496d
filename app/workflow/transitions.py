"""The workflow as one declarative table (DOMAIN.md §6).

Each row says: the action's name, the states it leaves from, where it goes, which roles may take it
and through which relationship to the dossier they act (``app.access.Relationship``), whether a
comment is required, and a named guard that returns the reason it cannot happen now (or None).
The engine applies a row; the templates ask the same table which buttons to show; ``flask workflow
diagram`` draws it.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from app.access import Relationship
from app.models import FINAL_STATES, AwardLevel, Dossier, Role, State, User
from app.nominees import records
from app.scoring import operations as scoring
from app.workflow.calendar import WorkingCalendar


@dataclass
class Context:
    """Everything a guard or an effect may look at."""

    dossier: Dossier
    actor: User
    comment: str
    payload: dict
    today: date
    calendar: WorkingCalendar
    at: datetime  # the moment of the action (UTC)


Guard = Callable[[Context], str | None]
Effect = Callable[[Context], None]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[State]
    # A fixed state, or a function of the context for routed actions (approve, forward, record_vote, release).
    target: State | Callable[[Context], State]
    roles: frozenset[Role]
    label: object
    # The relationship to the dossier that the roles act through (own unit, cluster of that year, province).
    acts_through: Relationship = field(kw_only=True)
    comment_required: bool = False
    guard: Guard | None = None
    effect: Effect | None = None
    # Possible targets of a routed action, for the diagram and the consistency tests.
    targets: tuple[State, ...] = ()
    style: str = "primary"
    # False where the action is taken from another screen (council votes, decisions).
    on_dossier_page: bool = True
    bulk: bool = False
    fields: tuple[str, ...] = field(default=())  # extra form fields the action asks for
    # The authority levels of the awards whose route has this row (DOMAIN.md §10b): a unit-level award is
    # voted on by the unit's own council and decided by its head; it never reaches Home Affairs.
    levels: frozenset[AwardLevel] = field(default=frozenset(AwardLevel))

    def resolve_target(self, ctx: Context) -> State:
        return self.target(ctx) if callable(self.target) else self.target

    @property
    def possible_targets(self) -> tuple[State, ...]:
        return self.targets if callable(self.target) else (self.target,)

    def applies_to(self, dossier: Dossier) -> bool:
        """Whether the row is on the route of the dossier's award (its authority level)."""
        return dossier.award.level in self.levels


# --- guards --------------------------------------------------------------------------------------

def guard_complete(ctx: Context) -> str | None:
    missing = ctx.dossier.missing_items()
    if missing:
        return str(_l("Still missing: %(items)s.", items=", ".join(missing)))
    return None


def guard_supplement(ctx: Context) -> str | None:
    days = ctx.payload.get("deadline_days")
    if not isinstance(days, int) or not 1 <= days <= 60:
        return str(_l("Give a deadline between 1 and 60 working days."))
    return None


def guard_cluster_ranking(ctx: Context) -> str | None:
    """A cluster award (the provincial flag, the cluster's Bằng khen) is endorsed only for the units the
    year's locked cluster ranking proposes for it; other awards pass."""
    return scoring.ranking_refusal(ctx.dossier)


def guard_notice_over(ctx: Context) -> str | None:
    ends = ctx.dossier.notice_ends_on
    if ends is not None and ctx.today < ends:
        left = ctx.calendar.working_days_between(ctx.today, ends)
        return str(_l("The public notice runs until %(day)s (%(n)s working days left).",
                      day=ends.strftime("%d/%m/%Y"), n=left))
    return None


def guard_vote(ctx: Context) -> str | None:
    if not isinstance(ctx.payload.get("approved"), bool):
        return str(_l("Record the votes in a council session."))
    return None


def guard_unit_decision(ctx: Context) -> str | None:
    decision = ctx.payload.get("decision")
    if decision is None:
        return str(_l("Issue the unit's decision from the decisions screen."))
    if decision.issuer_unit_id != ctx.dossier.unit.deciding_unit.id:
        return str(_l("Only the nominating unit's own decision awards a unit-level award."))
    return None


def guard_provincial(ctx: Context) -> str | None:
    if ctx.dossier.award.is_central:
        return str(_l("A central award is proposed to the central level, not decided by the province."))
    if ctx.payload.get("decision") is None:
        return str(_l("Issue the decision from the decisions screen."))
    return None


def guard_central(ctx: Context) -> str | None:
    if not ctx.dossier.award.is_central:
        return str(_l("Only central awards are proposed to the central level."))
    if ctx.payload.get("decision") is None:
        return str(_l("Prepare the proposal letter from the decisions screen."))
    return None


def guard_central_decision(ctx: Context) -> str | None:
    if not (ctx.payload.get("central_number") or "").strip() or ctx.payload.get("central_date") is None:
        return str(_l("Enter the central decision's number and date."))
    if ctx.payload["central_date"] > ctx.today:
        return str(_l("The decision date cannot be in the future."))
    return None


# --- effects -------------------------------------------------------------------------------------

def effect_left_unit(ctx: Context) -> None:
    """The dossier leaves its unit for the cluster or the province (a unit-level award stays home)."""
    if ctx.dossier.award.level is not AwardLevel.UNIT and ctx.dossier.submitted_at is None:
        ctx.dossier.submitted_at = ctx.at


def effect_supplement(ctx: Context) -> None:
    ctx.dossier.stage_due_on = ctx.calendar.add_working_days(ctx.today, ctx.payload["deadline_days"])


def effect_forward(ctx: Context) -> None:
    ctx.dossier.appraisal_opinion = ctx.comment
    days = ctx.dossier.award.public_notice_days
    ctx.dossier.notice_ends_on = ctx.calendar.add_working_days(ctx.today, days) if days else None


def effect_hold(ctx: Context) -> None:
    ctx.dossier.held_from_state = ctx.dossier.state


def effect_release(ctx: Context) -> None:
    ctx.dossier.held_from_state = None


def effect_decision(ctx: Context) -> None:
    decision = ctx.payload["decision"]
    ctx.dossier.decision_id = decision.id
    ctx.dossier.bonus_amount = ctx.payload.get("amount")


def effect_awarded(ctx: Context) -> None:
    """The province's decision awards the dossier: it enters the registry in the same transaction."""
    effect_decision(ctx)
    decision = ctx.payload["decision"]
    records.register_award(ctx.dossier, decision_number=decision.reference, decision_date=decision.signed_on,
                           decision_id=decision.id)


def guard_cancellation(ctx: Context) -> str | None:
    decision = ctx.payload.get("decision")
    if decision is None or decision.kind.value != "cancellation":
        return str(_l("An award is revoked only by an issued cancellation decision (decisions screen)."))
    return None


def effect_revoked(ctx: Context) -> None:
    """The award is revoked: its registry entry leaves the sổ khen thưởng, the record's history keeps it."""
    records.revoke_award(ctx.dossier, ctx.payload["decision"], ctx.actor)


def effect_central_decision(ctx: Context) -> None:
    ctx.dossier.central_decision_number = ctx.payload["central_number"].strip()
    ctx.dossier.central_decision_date = ctx.payload["central_date"]
    records.register_award(ctx.dossier, decision_number=ctx.dossier.central_decision_number,
                           decision_date=ctx.dossier.central_decision_date)


# --- routing -------------------------------------------------------------------------------------

def after_unit_approval(ctx: Context) -> State:
    if ctx.dossier.award.level is AwardLevel.UNIT:
        return State.COUNCIL_REVIEW  # the unit's own council (Hội đồng TĐKT cơ sở)
    return State.CLUSTER_REVIEW if ctx.dossier.via_cluster else State.SUBMITTED


def after_appraisal(ctx: Context) -> State:
    return State.PUBLIC_NOTICE if ctx.dossier.award.public_notice_days > 0 else State.COUNCIL_REVIEW


def after_vote(ctx: Context) -> State:
    return State.APPROVED if ctx.payload["approved"] else State.NOT_APPROVED


def after_hold(ctx: Context) -> State:
    held = ctx.dossier.held_from_state
    if held is None:  # the CHECK hold_remembers_state makes this impossible in a saved dossier
        raise RuntimeError(f"dossier {ctx.dossier.id} is on hold without the state it was held in")
    return held


NON_FINAL = frozenset(State) - FINAL_STATES
_ = frozenset

OWN_UNIT, CLUSTER_OF_YEAR, PROVINCE = Relationship.OWN_UNIT, Relationship.CLUSTER_OF_YEAR, Relationship.PROVINCE
DECIDING_UNIT = Relationship.DECIDING_UNIT
# The routes (DOMAIN.md §10b): a unit-level award stays in its unit; the others go through the province.
UNIT_LEVEL = frozenset({AwardLevel.UNIT})
THROUGH_PROVINCE = frozenset({AwardLevel.PROVINCIAL, AwardLevel.CENTRAL})

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", _({State.DRAFT}), State.UNIT_REVIEW, _({Role.OFFICER}), _l("Send to unit head"),
               acts_through=OWN_UNIT, guard=guard_complete),
    Transition("approve", _({State.UNIT_REVIEW}), after_unit_approval, _({Role.UNIT_HEAD}), _l("Approve and submit"),
               acts_through=OWN_UNIT, guard=guard_complete, effect=effect_left_unit,
               targets=(State.CLUSTER_REVIEW, State.SUBMITTED, State.COUNCIL_REVIEW), style="success", bulk=True),
    Transition("return", _({State.UNIT_REVIEW}), State.RETURNED, _({Role.UNIT_HEAD}), _l("Return to officer"),
               acts_through=OWN_UNIT, comment_required=True, style="warning"),
    Transition("return", _({State.CLUSTER_REVIEW}), State.RETURNED, _({Role.CLUSTER_LEAD}), _l("Return to unit"),
               acts_through=CLUSTER_OF_YEAR, comment_required=True, style="warning"),
    Transition("return", _({State.APPRAISAL}), State.RETURNED, _({Role.APPRAISER}), _l("Return to unit"),
               acts_through=PROVINCE, comment_required=True, style="warning"),
    Transition("resubmit", _({State.RETURNED}), State.UNIT_REVIEW, _({Role.OFFICER}), _l("Resubmit"),
               acts_through=OWN_UNIT, comment_required=True, guard=guard_complete),
    Transition("endorse", _({State.CLUSTER_REVIEW}), State.SUBMITTED, _({Role.CLUSTER_LEAD}),
               _l("Endorse for the province"),
               acts_through=CLUSTER_OF_YEAR, guard=guard_cluster_ranking, style="success", bulk=True),
    Transition("accept", _({State.SUBMITTED}), State.APPRAISAL, _({Role.APPRAISER}), _l("Accept for appraisal"),
               acts_through=PROVINCE, guard=guard_complete, bulk=True),
    Transition("request_supplement", _({State.APPRAISAL}), State.RETURNED, _({Role.APPRAISER}),
               _l("Request supplement"),
               acts_through=PROVINCE, comment_required=True, guard=guard_supplement, effect=effect_supplement,
               style="warning", fields=("deadline_days",)),
    Transition("forward", _({State.APPRAISAL}), after_appraisal, _({Role.APPRAISER}),
               _l("Forward with appraisal opinion"),
               acts_through=PROVINCE, comment_required=True, effect=effect_forward,
               targets=(State.PUBLIC_NOTICE, State.COUNCIL_REVIEW), style="success"),
    Transition("close_notice", _({State.PUBLIC_NOTICE}), State.COUNCIL_REVIEW, _({Role.APPRAISER}),
               _l("Close public notice"),
               acts_through=PROVINCE, guard=guard_notice_over),
    Transition("record_vote", _({State.COUNCIL_REVIEW}), after_vote, _({Role.SECRETARY}), _l("Record council vote"),
               acts_through=PROVINCE, guard=guard_vote,
               targets=(State.APPROVED, State.NOT_APPROVED), on_dossier_page=False, levels=THROUGH_PROVINCE),
    # The unit's council: its emulation officer is the council's secretary and records the votes.
    Transition("record_unit_vote", _({State.COUNCIL_REVIEW}), after_vote, _({Role.OFFICER}),
               _l("Record the unit council's vote"),
               acts_through=DECIDING_UNIT, guard=guard_vote,
               targets=(State.APPROVED, State.NOT_APPROVED), on_dossier_page=False, levels=UNIT_LEVEL),
    Transition("issue_decision", _({State.APPROVED}), State.AWARDED, _({Role.SECRETARY}), _l("Issue award decision"),
               acts_through=PROVINCE, guard=guard_provincial, effect=effect_awarded, on_dossier_page=False,
               levels=THROUGH_PROVINCE),
    # The unit head's own decision (or a deputy's under a delegation), in the unit's register.
    Transition("issue_unit_decision", _({State.APPROVED}), State.AWARDED, _({Role.UNIT_HEAD}),
               _l("Issue the unit's decision"),
               acts_through=DECIDING_UNIT, guard=guard_unit_decision, effect=effect_awarded, on_dossier_page=False,
               levels=UNIT_LEVEL),
    Transition("forward_central", _({State.APPROVED}), State.PROPOSED_TO_CENTRAL, _({Role.SECRETARY}),
               _l("Propose to central level"),
               acts_through=PROVINCE, guard=guard_central, effect=effect_decision, on_dossier_page=False,
               levels=THROUGH_PROVINCE),
    Transition("record_central", _({State.PROPOSED_TO_CENTRAL}), State.AWARDED, _({Role.SECRETARY}),
               _l("Record central decision"),
               acts_through=PROVINCE, guard=guard_central_decision, effect=effect_central_decision,
               style="success", fields=("central_number", "central_date"), levels=THROUGH_PROVINCE),
    # A cancellation decision (thu hồi, hủy bỏ), once issued: the award no longer stands.
    Transition("revoke_award", _({State.AWARDED}), State.NOT_APPROVED, _({Role.SECRETARY}),
               _l("Award revoked by a cancellation decision"),
               acts_through=PROVINCE, guard=guard_cancellation, effect=effect_revoked, style="danger",
               on_dossier_page=False),  # every level: a unit-level award the province decided before the routes
    # A draft is deleted, not withdrawn: it never left the unit (the page offered both).
    Transition("withdraw", NON_FINAL - {State.DRAFT}, State.WITHDRAWN, _({Role.OFFICER, Role.UNIT_HEAD}),
               _l("Withdraw"),
               acts_through=OWN_UNIT, comment_required=True, style="danger"),
    Transition("hold", NON_FINAL - {State.ON_HOLD}, State.ON_HOLD, _({Role.APPRAISER}), _l("Put on hold"),
               acts_through=PROVINCE, comment_required=True, effect=effect_hold, style="secondary"),
    Transition("release", _({State.ON_HOLD}), after_hold, _({Role.APPRAISER}), _l("Release hold"),
               acts_through=PROVINCE, effect=effect_release, targets=tuple(NON_FINAL - {State.ON_HOLD}),
               style="secondary"),
)
del _

ACTION_NAMES = tuple(dict.fromkeys(t.name for t in TRANSITIONS))
# History labels: the first row's label per action, except "return", which reads the same from every stage.
EVENT_LABELS = {t.name: t.label for t in reversed(TRANSITIONS)} | {"return": _l("Returned")}


def find_transition(action: str, state: State) -> Transition | None:
    for transition in TRANSITIONS:
        if transition.name == action and state in transition.sources:
            return transition
    return None
