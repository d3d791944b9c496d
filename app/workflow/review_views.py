"""The appraiser's review of the engine's verdict: the form on the dossier page (htmx, or a page of its
own) and "agree with the engine" in bulk from the inbox (a preview, then each dossier on its own)."""
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from app import access
from app.extensions import db
from app.models import Dossier, Verdict
from app.numbers import id_list, to_id
from app.web import is_htmx, redirect_after_post
from app.workflow import bp
from app.workflow.eligibility_panel import eligibility_lines, eligibility_of
from app.workflow.eligibility_review import ReviewRefused, record_review

_DECISIONS = {"agree": True, "override": False}


class ReviewForm(FlaskForm):
    verdict = SelectField(_l("The verdict you hold"), validators=[Optional()],
                          choices=[("", "—")] + [(v.value, v.label) for v in Verdict])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])
    # The engine's verdict as the page showed it: agreeing means agreeing with what was seen.
    seen = HiddenField()


def _verdict(value: str | None) -> Verdict | None:
    """A verdict value sent by the page; anything else was not sent by it (400)."""
    if not value:
        return None
    try:
        return Verdict(value)
    except ValueError:
        abort(400)


@bp.app_template_global()
def eligibility_review_form(dossier: Dossier) -> ReviewForm:
    """An empty review form for the dossier page, holding the verdict it shows."""
    form = ReviewForm(formdata=None)
    form.seen.data = eligibility_of(dossier).result.verdict.value
    return form


def _render(dossier: Dossier, form: ReviewForm, status: int = 200, error: str | None = None):
    template = "workflow/_eligibility_review.html" if is_htmx() else "workflow/eligibility_review_page.html"
    return render_template(template, dossier=dossier, review_form=form, review_error=error), status


@bp.route("/dossiers/<id:dossier_id>/eligibility-review", methods=["GET", "POST"])
@login_required
def review_eligibility(dossier_id: int):
    dossier = access.get_visible_dossier_or_404(current_user, dossier_id)
    if not access.can_review_eligibility(current_user, dossier):
        abort(403)
    if request.method == "GET":
        return _render(dossier, eligibility_review_form(dossier))
    form = ReviewForm()
    if not form.validate_on_submit():
        return _render(dossier, form, 422)
    decision = request.form.get("decision", "")
    if decision not in _DECISIONS:
        return _render(dossier, form, 422, _("Agree with the automatic check, or override it."))
    agrees = _DECISIONS[decision]
    try:
        record_review(current_user, dossier, eligibility_of(dossier).result, agrees=agrees,
                      verdict=None if agrees else _verdict(form.verdict.data), reason=form.reason.data or "",
                      seen=_verdict(form.seen.data))
    except ReviewRefused as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        if error.status == 422 and not agrees:
            (form.verdict if not form.verdict.data else form.reason).errors = [error.message]
        return _render(dossier, form, error.status, error.message)
    db.session.commit()
    flash(_("Your review of the eligibility check is recorded.") if agrees
          else _("Your override of the eligibility check is recorded."), "success")
    return redirect_after_post(url_for("nominations.detail", dossier_id=dossier.id))


# --- in bulk, from the inbox -----------------------------------------------------------------------

def _reviewable(ids: list[int]) -> list[Dossier]:
    if not ids:
        return []
    query = (select(Dossier).where(Dossier.id.in_(ids), access.dossier_scope(current_user))
             .options(joinedload(Dossier.award), joinedload(Dossier.campaign), joinedload(Dossier.unit))
             .order_by(Dossier.id))
    return list(db.session.scalars(query))


def _seen_verdicts(form) -> dict[int, Verdict]:
    """The verdict the preview showed for each dossier ("seen-<id>")."""
    seen: dict[int, Verdict] = {}
    for key, value in form.items(multi=True):
        if key.startswith("seen-"):
            try:
                dossier_id = to_id(key.removeprefix("seen-"))
            except ValueError:
                continue
            verdict = _verdict(value)
            if verdict is not None:
                seen[dossier_id] = verdict
    return seen


@bp.route("/inbox/eligibility-agree", methods=["POST"])
@login_required
def bulk_agree():
    """The selection with the engine's verdict on each (preview); on confirm, each agreed with on its own."""
    if not access.reviews_eligibility(current_user):
        abort(403)
    dossiers = _reviewable(id_list(request.form.getlist("ids"))[:500])
    if not dossiers:
        return render_template("workflow/bulk_eligibility.html", rows=[], stage="empty"), 422
    lines = eligibility_lines(dossiers)
    if request.form.get("confirm") != "1":
        rows = [(d, lines[d.id], None if access.can_review_eligibility(current_user, d)
                 else _("The eligibility check is reviewed on intake and appraisal only.")) for d in dossiers]
        return render_template("workflow/bulk_eligibility.html", rows=rows, stage="preview")
    seen = _seen_verdicts(request.form)
    results: list[tuple[Dossier, object, str | None]] = []
    for dossier in dossiers:
        line = lines[dossier.id]
        try:
            record_review(current_user, dossier, line.result, agrees=True, seen=seen.get(dossier.id))
        except ReviewRefused as error:
            db.session.rollback()
            results.append((dossier, line, error.message))
        else:
            db.session.commit()
            results.append((dossier, line, None))
    return render_template("workflow/bulk_eligibility.html", rows=results, stage="done")
