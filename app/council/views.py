"""Council screens: sessions, their agenda, and recording the votes per dossier."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import access
from app.council import bp, operations
from app.council import minutes as council_minutes
from app.council.forms import MinutesForm, SessionForm, people_lines
from app.council.voting import VoteRejected, quorum_needed
from app.downloads import send_document
from app.extensions import db
from app.models import CouncilAgendaItem, CouncilSession, Dossier, Unit
from app.numbers import id_list, whole_number
from app.workflow import engine
from app.workflow.eligibility_panel import eligibility_lines


@bp.before_request
@login_required
def only_council_staff():
    if not access.can_view_council(current_user):
        abort(403)
    if request.method == "POST" and not access.can_manage_council(current_user):
        abort(403)


def _session_or_404(session_id: int) -> CouncilSession:
    session = db.session.scalar(
        select(CouncilSession).where(CouncilSession.id == session_id,
                                     access.council_session_scope(current_user)).options(
            selectinload(CouncilSession.items).joinedload(CouncilAgendaItem.dossier).joinedload(Dossier.award),
            selectinload(CouncilSession.items).joinedload(CouncilAgendaItem.dossier).joinedload(Dossier.unit),
        )
    )
    if session is None:
        abort(404)
    return session


def _refused(error: operations.CouncilRefused, session_id: int):
    db.session.rollback()
    if error.status == 403:
        abort(403)
    flash(error.message, "danger" if error.status == 409 else "warning")
    return redirect(url_for(".session", session_id=session_id), code=303)


@bp.route("/", methods=["GET", "POST"])
def index():
    form = SessionForm()
    if form.validate_on_submit():
        session = operations.create_session(current_user, operations.SessionData(
            name=form.name.data, held_on=form.held_on.data, members_total=form.members_total.data,
            members_present=form.members_present.data, notes=form.notes.data or ""))
        db.session.commit()
        flash(_("Session created. Now put dossiers on its agenda."), "success")
        return redirect(url_for(".session", session_id=session.id), code=303)
    sessions = db.session.scalars(select(CouncilSession).where(access.council_session_scope(current_user))
                                  .order_by(CouncilSession.held_on.desc())).all()
    status = 422 if request.method == "POST" else 200
    unit_id = access.council_unit_id(current_user)
    council_unit = db.session.get(Unit, unit_id) if unit_id is not None else None
    return render_template("council/index.html", form=form, sessions=sessions, council_unit=council_unit), status


def _render_session(session_id: int, results: dict[int, str] | None = None, status: int = 200):
    council_session = _session_or_404(session_id)
    # The engine's verdict and the appraiser's review of every agenda row, read at once (issue 8).
    eligibility = eligibility_lines([item.dossier for item in council_session.items])
    return render_template("council/session.html", session=council_session,
                           candidates=operations.pending_candidates(council_session), quorum_needed=quorum_needed,
                           results=results, eligibility=eligibility), status


@bp.route("/<id:session_id>")
def session(session_id: int):
    return _render_session(session_id)


@bp.route("/<id:session_id>/agenda", methods=["POST"])
def add_to_agenda(session_id: int):
    council_session = _session_or_404(session_id)
    try:
        operations.add_to_agenda(current_user, council_session, id_list(request.form.getlist("ids")))
    except operations.CouncilRefused as error:
        return _refused(error, session_id)
    db.session.commit()
    return redirect(url_for(".session", session_id=session_id), code=303)


@bp.route("/<id:session_id>/agenda/<id:item_id>/remove", methods=["POST"])
def remove_from_agenda(session_id: int, item_id: int):
    item = db.session.scalar(select(CouncilAgendaItem).where(
        CouncilAgendaItem.id == item_id, CouncilAgendaItem.session_id == session_id))
    if item is None:
        abort(404)
    try:
        operations.remove_from_agenda(current_user, item)
    except operations.CouncilRefused as error:
        return _refused(error, session_id)
    db.session.commit()
    return redirect(url_for(".session", session_id=session_id), code=303)


def _count(name: str) -> int | None:
    raw = request.form.get(name, "").strip()
    if raw == "":
        return None
    try:
        return whole_number(raw, 0, 9999)
    except ValueError:
        raise VoteRejected(_("Vote counts are whole numbers from 0.")) from None


@bp.route("/<id:session_id>/votes", methods=["POST"])
def record_votes(session_id: int):
    """Each agenda row with numbers is evaluated and recorded on its own; the page says which passed."""
    council_session = _session_or_404(session_id)
    results: dict[int, str] = {}
    for item in [i for i in council_session.items if i.approved is None]:
        try:
            votes_for, against, abstain = (_count(f"{kind}-{item.id}") for kind in ("for", "against", "abstain"))
            if votes_for is None and against is None and abstain is None:
                continue
            if votes_for is None or against is None or abstain is None:
                raise VoteRejected(_("Enter all three numbers: for, against, abstain."))
            operations.record_vote(current_user, item, votes_for, against, abstain)
        except (VoteRejected, engine.WorkflowError, operations.CouncilRefused) as error:
            db.session.rollback()
            results[item.id] = str(error) if isinstance(error, VoteRejected) else error.message
        else:
            db.session.commit()
            results[item.id] = ""
    return _render_session(session_id, results, 422 if any(results.values()) else 200)


@bp.route("/<id:session_id>/minutes", methods=["GET", "POST"])
def minutes_details(session_id: int):
    """The secretary fills in what the minutes print beyond the votes: time, place, chair, secretary, attendance."""
    council_session = _session_or_404(session_id)
    form = MinutesForm(obj=council_session if request.method == "GET" else None, session=council_session)
    if form.validate_on_submit():
        operations.update_minutes_details(current_user, council_session, operations.MinutesDetails(
            minutes_number=form.minutes_number.data, starts_at=form.starts_at.data, place=form.place.data,
            chair_name=form.chair_name.data, chair_title=form.chair_title.data or "",
            secretary_name=form.secretary_name.data, present_names=people_lines(form.present_names.data),
            absent_names=people_lines(form.absent_names.data), conclusion=form.conclusion.data or ""))
        db.session.commit()
        flash(_("Minutes details saved."), "success")
        return redirect(url_for(".session", session_id=session_id), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("council/minutes_form.html", session=council_session, form=form,
                           editable=access.can_manage_council_session(current_user, council_session)), status


@bp.route("/<id:session_id>/minutes.docx")
def minutes_document(session_id: int):
    """The minutes as DOCX, or PDF with ?format=pdf; refused with what is missing until they can be complete."""
    council_session = _session_or_404(session_id)
    problems = council_minutes.missing(council_session)
    if problems:
        for problem in problems:
            flash(problem, "warning")
        return redirect(url_for(".session", session_id=session_id), code=303)
    return send_document(council_minutes.render_minutes(council_session),
                         f"bien-ban-hop-hoi-dong-{council_session.held_on:%Y%m%d}")
