"""The one function that changes a dossier's state, and the question "what may this user do now".

``apply`` checks the source state, the actor's role and relationship to the dossier, the comment and
the guard, and raises ``WorkflowError`` with the reason; then it changes the state under the
dossier's version (SQLAlchemy's ``version_id_col`` turns the flush into ``UPDATE … WHERE id = ? AND
version = ?``, so of two concurrent actions exactly one wins) and writes the history row in the
same transaction. The caller commits (or, on a refusal, rolls back).
"""
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from app import access, campaign_kinds
from app.extensions import db
from app.models import Dossier, DossierEvent, State, User
from app.models.base import LOCAL_TZ, local_today, utcnow
from app.ops import metrics
from app.workflow.calendar import WorkingCalendar
from app.workflow.transitions import TRANSITIONS, Context, Transition, find_transition


class WorkflowError(Exception):
    """An action refused; ``status`` is the HTTP status the view answers with."""

    status = 422

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotPermitted(WorkflowError):
    status = 403


class NotPossible(WorkflowError):
    """The action does not exist from the dossier's current state (it has probably moved on)."""

    status = 409


class ConcurrentChange(WorkflowError):
    status = 409

    def __init__(self):
        super().__init__(_("This dossier has changed in the meantime. Reload the page to see its current state."))



def _check_actor(actor: User, dossier: Dossier, transition: Transition) -> None:
    if not access.holds_role_for(actor, transition):
        raise NotPermitted(_("Your role cannot take this action."))
    if not access.stands_in(actor, dossier, transition.acts_through):
        raise NotPermitted(_("You do not act for this dossier's unit."))
    if not access.delegation_covers(actor, transition.name):
        raise NotPermitted(_("Your delegation does not cover this action."))


def apply(actor: User, dossier: Dossier, action: str, *, comment: str = "", payload: dict | None = None,
          expected_version: int | None = None, at: datetime | None = None, today: date | None = None,
          calendar: WorkingCalendar | None = None) -> DossierEvent:
    """Apply ``action`` to ``dossier`` as ``actor``; raises WorkflowError with the reason if refused.

    ``at`` is the moment of the action (UTC, default now): it stamps the history row and the state
    change, and its local date is the ``today`` deadlines count from (unless ``today`` is given).
    Importers of past history (the demo) pass their own clock.
    """
    at = at or utcnow()
    if expected_version is not None and expected_version != dossier.version:
        raise ConcurrentChange()
    transition = find_transition(action, dossier.state)
    if transition is not None and not transition.applies_to(dossier):
        transition = None  # not on this award's route (a unit-level award never reaches the province)
    if transition is None:
        raise NotPossible(_("This action is not possible while the dossier is “%(state)s”. Reload the page.",
                            state=dossier.state.label))
    _check_actor(actor, dossier, transition)
    comment = (comment or "").strip()
    if transition.comment_required and not comment:
        raise WorkflowError(_("A comment is required for this action."))
    ctx = Context(dossier=dossier, actor=actor, comment=comment, payload=payload or {},
                  today=today or at.astimezone(LOCAL_TZ).date(), calendar=calendar or WorkingCalendar.load(), at=at)
    if transition.guard is not None:
        reason = transition.guard(ctx)
        if reason:
            raise WorkflowError(reason)

    from_state = dossier.state
    to_state = transition.resolve_target(ctx)
    dossier.stage_due_on = _stage_due(to_state, ctx)
    if transition.effect is not None:
        transition.effect(ctx)  # may set its own deadline (a supplement request's)
    dossier.state = to_state
    dossier.state_changed_at = dossier.updated_at = at
    acting_for = access.acting_for(actor)
    event = DossierEvent(dossier=dossier, action=transition.name, actor=actor, actor_role=actor.role,
                         from_state=from_state, to_state=to_state, comment=comment, created_at=at,
                         on_behalf_of_id=acting_for[0] if acting_for else None)
    db.session.add(event)
    try:
        db.session.flush()
    except StaleDataError:
        # The caller rolls back, as for every refusal: operations never end the caller's transaction.
        raise ConcurrentChange() from None
    metrics.transition_applied(db.session(), transition.name)  # counted on /metrics once committed
    return event


def _stage_due(state: State, ctx: Context) -> date | None:
    days = campaign_kinds.stage_working_days(ctx.dossier.campaign.kind, state)
    return ctx.calendar.add_working_days(ctx.today, days) if days else None


@dataclass
class AvailableAction:
    transition: Transition
    blocked_reason: str | None

    @property
    def name(self) -> str:
        return self.transition.name


def available_actions(user: User, dossier: Dossier, *, today: date | None = None) -> list[AvailableAction]:
    """The dossier-page actions this user may take now; a guard's refusal is kept as the reason shown."""
    candidates = [t for t in TRANSITIONS if t.on_dossier_page and dossier.state in t.sources
                  and t.applies_to(dossier) and access.can_take(user, dossier, t)]
    if not candidates:
        return []
    ctx = Context(dossier=dossier, actor=user, comment="", payload={}, today=today or local_today(),
                  calendar=WorkingCalendar.load(), at=utcnow())
    actions = []
    for transition in candidates:
        # Guards that only judge the form's input are checked on submit, not before.
        reason = transition.guard(ctx) if transition.guard and not transition.fields else None
        actions.append(AvailableAction(transition, reason))
    return actions


def working_days_left(dossier: Dossier, calendar: WorkingCalendar, today: date | None = None) -> int | None:
    if dossier.stage_due_on is None:
        return None
    return calendar.working_days_between(today or local_today(), dossier.stage_due_on)
