"""Council screens: sessions, their agenda, and recording the votes per dossier."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.council import bp
from app.council.forms import SessionForm
from app.council.voting import VoteRejected, evaluate, quorum_needed
from app.extensions import db
from app.models import CouncilAgendaItem, CouncilSession, Dossier, Role
from app.models.base import utcnow
from app.workflow import engine
from app.workflow.states import State


@bp.before_request
@login_required
def only_council_staff():
    if current_user.role not in (Role.SECRETARY, Role.ADMIN):
        abort(403)
    if request.method == "POST" and current_user.role is not Role.SECRETARY:
        abort(403)


def _session_or_404(session_id: int) -> CouncilSession:
    session = db.session.scalar(
        select(CouncilSession).where(CouncilSession.id == session_id).options(
            selectinload(CouncilSession.items).joinedload(CouncilAgendaItem.dossier).joinedload(Dossier.award),
            selectinload(CouncilSession.items).joinedload(CouncilAgendaItem.dossier).joinedload(Dossier.unit),
        )
    )
    if session is None:
        abort(404)
    return session


@bp.route("/", methods=["GET", "POST"])
def index():
    form = SessionForm()
    if form.validate_on_submit():
        session = CouncilSession(created_by_id=current_user.id)
        form.populate_obj(session)
        db.session.add(session)
        db.session.commit()
        flash(_("Session created. Now put dossiers on its agenda."), "success")
        return redirect(url_for(".session", session_id=session.id), code=303)
    sessions = db.session.scalars(select(CouncilSession).order_by(CouncilSession.held_on.desc())).all()
    status = 422 if request.method == "POST" else 200
    return render_template("council/index.html", form=form, sessions=sessions), status


def _pending_candidates() -> list[Dossier]:
    """Dossiers awaiting the council that are not already waiting on another agenda."""
    waiting = select(CouncilAgendaItem.dossier_id).where(CouncilAgendaItem.approved.is_(None))
    query = (
        select(Dossier).where(Dossier.state == State.COUNCIL_REVIEW, Dossier.id.not_in(waiting))
        .options(joinedload(Dossier.award), joinedload(Dossier.unit)).order_by(Dossier.award_id, Dossier.nominee_name)
    )
    return list(db.session.scalars(query))


@bp.route("/<int:session_id>")
def session(session_id: int):
    council_session = _session_or_404(session_id)
    return render_template("council/session.html", session=council_session, candidates=_pending_candidates(),
                           quorum_needed=quorum_needed, results=None)


@bp.route("/<int:session_id>/agenda", methods=["POST"])
def add_to_agenda(session_id: int):
    council_session = _session_or_404(session_id)
    candidate_ids = {d.id for d in _pending_candidates()}
    chosen = [i for i in request.form.getlist("ids", type=int) if i in candidate_ids]
    if not chosen:
        flash(_("Select dossiers awaiting the council."), "warning")
    for dossier_id in chosen:
        db.session.add(CouncilAgendaItem(session=council_session, dossier_id=dossier_id))
    db.session.commit()
    return redirect(url_for(".session", session_id=session_id), code=303)


@bp.route("/<int:session_id>/agenda/<int:item_id>/remove", methods=["POST"])
def remove_from_agenda(session_id: int, item_id: int):
    item = db.session.scalar(select(CouncilAgendaItem).where(
        CouncilAgendaItem.id == item_id, CouncilAgendaItem.session_id == session_id))
    if item is None:
        abort(404)
    if item.approved is not None:
        flash(_("A recorded vote cannot be taken off the agenda."), "danger")
    else:
        db.session.delete(item)
        db.session.commit()
    return redirect(url_for(".session", session_id=session_id), code=303)


def _count(name: str) -> int | None:
    raw = request.form.get(name, "").strip()
    if raw == "":
        return None
    if not raw.isdigit() or len(raw) > 4:
        raise VoteRejected(_("Vote counts are whole numbers from 0."))
    return int(raw)


@bp.route("/<int:session_id>/votes", methods=["POST"])
def record_votes(session_id: int):
    """Each agenda row with numbers is evaluated and recorded on its own; the page says which passed."""
    council_session = _session_or_404(session_id)
    results: dict[int, str] = {}
    # Read once: after each row's commit the user is expired, and reloading it mid-row would autoflush a
    # half-filled agenda item (votes without a result), which the votes_complete CHECK refuses.
    actor_id = current_user.id
    for item in [i for i in council_session.items if i.approved is None]:
        try:
            counts = [_count(f"{kind}-{item.id}") for kind in ("for", "against", "abstain")]
            if all(c is None for c in counts):
                continue
            if any(c is None for c in counts):
                raise VoteRejected(_("Enter all three numbers: for, against, abstain."))
            outcome = evaluate(council_session, item.dossier.award, *counts)
            item.votes_for, item.votes_against, item.votes_abstain = counts
            item.approved, item.recorded_at, item.recorded_by_id = outcome.approved, utcnow(), actor_id
            comment = _("Session %(name)s: %(for)s for, %(against)s against, %(abstain)s abstain (needed %(needed)s of %(base)s).",
                        name=council_session.name, needed=outcome.needed, base=outcome.base,
                        **{"for": counts[0], "against": counts[1], "abstain": counts[2]})
            engine.apply(current_user, item.dossier, "record_vote", comment=comment,
                         payload={"approved": outcome.approved})
        except (VoteRejected, engine.WorkflowError) as error:
            db.session.rollback()
            results[item.id] = str(error.message if isinstance(error, engine.WorkflowError) else error)
        else:
            db.session.commit()
            results[item.id] = ""
    council_session = _session_or_404(session_id)
    status = 422 if any(results.values()) else 200
    return render_template("council/session.html", session=council_session, candidates=_pending_candidates(),
                           quorum_needed=quorum_needed, results=results), status
