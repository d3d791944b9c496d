"""The public notice pages, open to anyone: the list of nominees under notice and the comment form.

Only what a printed notice carries is shown (name, award, nominating unit, achievement summary, the end of
the notice): no birth date, position or address, ID or attachment. A dossier outside its notice answers 404
exactly like one that does not exist, so the form reveals nothing about other dossiers.
"""
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from app.access import public_notice_scope
from app.extensions import db, limiter
from app.models import Award, Dossier, PublicComment
from app.models.base import local_today
from app.numbers import page_number
from app.public import bp, operations
from app.public.forms import PublicCommentForm

DEFAULT_RATE_LIMIT = "5 per hour;20 per day"
SUMMARY_CHARS = 400


def _rate_limit() -> str:
    return current_app.config.get("PUBLIC_COMMENT_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def _noticed_dossier_or_404(dossier_id: int) -> Dossier:
    dossier = db.session.scalar(select(Dossier).where(Dossier.id == dossier_id, public_notice_scope(local_today()))
                                .options(joinedload(Dossier.award), joinedload(Dossier.unit)))
    if dossier is None:
        abort(404)  # the same answer as for a dossier that never existed
    return dossier


@bp.app_template_global()
def public_comments_of(dossier: Dossier) -> list[PublicComment]:
    """A dossier's comments, oldest first (for the include on the dossier page, behind its predicate)."""
    if dossier.has_public_comments is False:  # the page read with the dossier that there is none
        return []
    return list(db.session.scalars(select(PublicComment).where(PublicComment.dossier_id == dossier.id)
                                   .order_by(PublicComment.created_at, PublicComment.id)))


@bp.route("/cong-khai")
def index():
    query = (select(Dossier).join(Dossier.award).where(public_notice_scope(local_today()))
             .options(contains_eager(Dossier.award), joinedload(Dossier.unit))
             .order_by(Award.sort_order, Award.name, Dossier.nominee_name, Dossier.id))
    page = db.paginate(query, page=page_number(request.args), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("public/index.html", page=page, summary_chars=SUMMARY_CHARS)


@bp.route("/cong-khai/<id:dossier_id>/y-kien", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def comment(dossier_id: int):
    dossier = _noticed_dossier_or_404(dossier_id)
    form = PublicCommentForm()
    if request.method == "POST" and form.website.data:
        # A bot filled in the field no person sees: the same answer as a real comment, and nothing kept.
        current_app.logger.info("Public comment on dossier %s dropped: honeypot filled", dossier.id)
        flash(_("Your comment has been received. Thank you."), "success")
        return redirect(url_for("public.index"), 303)
    if form.validate_on_submit():
        operations.add_comment(dossier, name=form.name.data or "", contact=form.contact.data or "",
                               text=form.text.data,
                               hashed_address=operations.address_hash(request.remote_addr,
                                                                      current_app.config["SECRET_KEY"]))
        db.session.commit()
        flash(_("Your comment has been received. Thank you."), "success")
        return redirect(url_for("public.index"), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("public/comment.html", dossier=dossier, form=form, summary_chars=SUMMARY_CHARS), status


@bp.errorhandler(429)
def too_many_comments(error) -> tuple[str, int] | Response:
    return render_template(
        "public/message.html", title=_("Too many comments"),
        message=_("Too many comments were sent from your address. Please wait an hour and try again."),
    ), 429


@bp.errorhandler(CSRFError)
def form_expired(error) -> tuple[str, int]:
    # Not the app's handler: that one sends a logged-out visitor to the login page, which citizens have none for.
    return render_template(
        "public/message.html", title=_("Form expired"),
        message=_("The form expired or was sent from elsewhere. Go back, reload the page and send it again."),
    ), 400
