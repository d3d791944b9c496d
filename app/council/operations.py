"""Every change the council's secretary makes: sessions, their agenda, and the vote on each dossier.

Each operation checks who acts (``access.can_manage_council``), changes rows and flushes; the view
commits or rolls back. A recorded vote moves the dossier through the workflow engine, which writes
the dossier's history row in the same transaction.
"""
import logging
from dataclasses import dataclass
from datetime import date, time

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import joinedload

from app import access
from app.council.voting import evaluate
from app.extensions import db
from app.models import Award, AwardLevel, CouncilAgendaItem, CouncilSession, Dossier, State, User
from app.models.base import utcnow
from app.text import clean_line, clean_text
from app.workflow import engine

log = logging.getLogger(__name__)


class CouncilRefused(ValueError):
    """A refused change; ``status`` is the HTTP status the view answers with."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.message = message
        self.status = status


def _require_secretary(actor: User, session: CouncilSession | None = None) -> None:
    allowed = access.can_manage_council(actor) if session is None else access.can_manage_council_session(actor, session)
    if not allowed:
        raise CouncilRefused(_("Only the council secretary can do this."), 403)


@dataclass(frozen=True)
class SessionData:
    name: str
    held_on: date
    members_total: int
    members_present: int
    notes: str = ""


def create_session(actor: User, data: SessionData) -> CouncilSession:
    _require_secretary(actor)
    # The provincial secretary's session is the provincial council's; a unit officer's, their unit's council's.
    session = CouncilSession(name=data.name.strip(), held_on=data.held_on, members_total=data.members_total,
                             members_present=data.members_present, notes=(data.notes or "").strip(),
                             created_by_id=actor.id, unit_id=access.council_unit_id(actor))
    db.session.add(session)
    db.session.flush()
    return session


def pending_candidates(session: CouncilSession) -> list[Dossier]:
    """Dossiers awaiting this council that are not already waiting on another agenda: the provincial council
    votes on provincial and central awards; a unit's council on its own unit-level awards (DOMAIN.md §10b)."""
    waiting = select(CouncilAgendaItem.dossier_id).where(CouncilAgendaItem.approved.is_(None))
    whose: ColumnElement[bool]
    if session.unit_id is None:
        whose = Dossier.award_id.in_(select(Award.id).where(Award.level != AwardLevel.UNIT))
    else:
        whose = and_(Dossier.award_id.in_(select(Award.id).where(Award.level == AwardLevel.UNIT)),
                     Dossier.unit_id.in_(access.unit_subtree_ids(session.unit_id)))
    query = (
        select(Dossier).where(Dossier.state == State.COUNCIL_REVIEW, Dossier.id.not_in(waiting), whose)
        .options(joinedload(Dossier.award), joinedload(Dossier.unit)).order_by(Dossier.award_id, Dossier.nominee_name)
    )
    return list(db.session.scalars(query))


def add_to_agenda(actor: User, session: CouncilSession, dossier_ids: list[int]) -> list[CouncilAgendaItem]:
    """Put the chosen dossiers awaiting the council on the session's agenda; others are ignored."""
    _require_secretary(actor, session)
    candidates = {d.id for d in pending_candidates(session)}
    chosen = list(dict.fromkeys(i for i in dossier_ids if i in candidates))
    if not chosen:
        raise CouncilRefused(_("Select dossiers awaiting the council."))
    items = [CouncilAgendaItem(session=session, dossier_id=dossier_id) for dossier_id in chosen]
    db.session.add_all(items)
    db.session.flush()
    return items


def remove_from_agenda(actor: User, item: CouncilAgendaItem) -> None:
    _require_secretary(actor, item.session)
    if item.approved is not None:
        raise CouncilRefused(_("A recorded vote cannot be taken off the agenda."), 409)
    db.session.delete(item)
    db.session.flush()


def record_vote(actor: User, item: CouncilAgendaItem, votes_for: int, votes_against: int,
                votes_abstain: int) -> bool:
    """Record one agenda row's votes and move its dossier to approved or not approved; returns the outcome.

    Raises ``VoteRejected`` (numbers, quorum) or ``engine.WorkflowError`` (the dossier moved on).
    """
    _require_secretary(actor, item.session)
    # Read before the agenda row changes: after an earlier row's commit the actor is expired, and loading
    # it mid-row would autoflush a half-filled agenda item (votes without a result), which a CHECK refuses.
    actor_id = actor.id
    session = item.session
    outcome = evaluate(session, item.dossier.award, votes_for, votes_against, votes_abstain)
    item.votes_for, item.votes_against, item.votes_abstain = votes_for, votes_against, votes_abstain
    item.approved, item.recorded_at, item.recorded_by_id = outcome.approved, utcnow(), actor_id
    # "Phiên họp %(name)s" of a session named "Phiên họp thường kỳ…" would say "Phiên họp" twice.
    name, word = session.name, _("Session")
    if name.casefold().startswith(word.casefold() + " "):
        name = name[len(word):].lstrip()
    comment = _("Session %(name)s: %(for)s for, %(against)s against, %(abstain)s abstain "
                "(needed %(needed)s of %(base)s).", name=name, needed=outcome.needed, base=outcome.base,
                **{"for": votes_for, "against": votes_against, "abstain": votes_abstain})
    action = "record_vote" if session.unit_id is None else "record_unit_vote"
    engine.apply(actor, item.dossier, action, comment=comment, payload={"approved": outcome.approved})
    return outcome.approved



@dataclass(frozen=True)
class MinutesDetails:
    minutes_number: int | None
    starts_at: time
    place: str
    chair_name: str
    chair_title: str
    secretary_name: str
    present_names: list[str]
    absent_names: list[str]
    conclusion: str


def update_minutes_details(actor: User, session: CouncilSession, details: MinutesDetails) -> None:
    """What the session's minutes print beyond the votes (the form has checked the lists against the counts)."""
    _require_secretary(actor, session)
    session.minutes_number = details.minutes_number
    session.starts_at = details.starts_at
    session.place = clean_line(details.place)
    session.chair_name, session.chair_title = clean_line(details.chair_name), clean_line(details.chair_title)
    session.secretary_name = clean_line(details.secretary_name)
    session.present_names = "\n".join(clean_line(line) for line in details.present_names)
    session.absent_names = "\n".join(clean_line(line) for line in details.absent_names)
    session.conclusion = clean_text(details.conclusion)
    db.session.flush()
    log.info("council session %s: minutes details updated by user %s", session.id, actor.id)
