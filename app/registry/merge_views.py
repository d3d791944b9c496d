"""Merging a duplicate person into the one kept, and undoing a merge, on screen (issue 8).

``/registry/people/<id>/merge`` finds the duplicate (possible duplicates first, then a search), shows what
would move and what needs a choice, and merges with a reason; ``/registry/merges`` lists the recent
merges with their undo button. Only ``access.can_merge_records`` (appraisers, the administrator). The
operations are ``app/nominees/merging.py``.
"""
import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import and_
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.access import can_merge_records, get_visible_person_or_404, person_scope
from app.extensions import db
from app.models import Person
from app.nominees import matching, merging
from app.numbers import to_id
from app.registry import bp
from app.web import render_region_or_page

_BATCH = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class MergeForm(FlaskForm):
    duplicate_id = HiddenField()
    reason = TextAreaField(_l("Why are the two records one person?"),
                           validators=[DataRequired(_l("Say why the two records are one person.")),
                                       Length(max=2000)])


def _require_merging() -> None:
    if not can_merge_records(current_user):
        abort(403)


def _candidates(kept: Person, query: str) -> list[Person]:
    """The people who may be the kept one's duplicate: what was searched, else the likely duplicates."""
    within = and_(person_scope(current_user), Person.id != kept.id)
    if query:
        return matching.search_people(query, within=within)
    return matching.possible_duplicates(kept.full_name, kept.birth_year, kept.unit_id, within=within, limit=10)


def _duplicate_from(value) -> Person | None:
    try:
        duplicate_id = to_id(value)
    except ValueError:
        return None
    return get_visible_person_or_404(current_user, duplicate_id)


def _rating_choices(preview: merging.MergePlan | None) -> dict[int, str]:
    if preview is None:
        return {}
    return {c.year: request.form.get(f"rating_{c.year}", "") for c in preview.conflicts}


@bp.route("/people/<id:person_id>/merge", methods=["GET", "POST"])
@login_required
def merge(person_id: int):
    _require_merging()
    kept = get_visible_person_or_404(current_user, person_id)
    query = (request.args.get("q") or "").strip()[:200]
    form = MergeForm()
    duplicate = _duplicate_from(form.duplicate_id.data if form.is_submitted() else request.args.get("duplicate"))
    preview, refusal, status = None, "", 200
    if duplicate is not None:
        try:
            preview = merging.plan(kept, duplicate)
        except merging.MergeRefused as error:
            refusal, status = str(error), 422
        form.duplicate_id.data = str(duplicate.id)
    if form.is_submitted():
        status = 422
        if preview is None:
            refusal = refusal or _("Choose the duplicate record first.")
        elif form.validate():
            try:
                batch = merging.merge(current_user, kept, preview.duplicate, reason=form.reason.data or "",
                                      choices=_rating_choices(preview))
            except merging.MergeRefused as error:
                db.session.rollback()
                refusal = str(error)
                preview = merging.plan(kept, preview.duplicate)  # again, from the rolled-back state
            else:
                db.session.commit()
                flash(_("%(duplicate)s (no. %(dup_id)s) was merged into %(kept)s (no. %(kept_id)s).",
                        duplicate=preview.duplicate.full_name, dup_id=preview.duplicate.id,
                        kept=kept.full_name, kept_id=kept.id), "success")
                return redirect(url_for(".merges", merged=batch), code=303)
    return render_region_or_page(
        "merge-candidates", "registry/_merge_candidates.html", "registry/merge.html",
        kept=kept, query=query, candidates=_candidates(kept, query) if preview is None else [],
        duplicate=duplicate, preview=preview, refusal=refusal, form=form,
        choices=_rating_choices(preview) if form.is_submitted() else {},
    ), status


@bp.route("/merges")
@login_required
def merges():
    _require_merging()
    return render_template("registry/merges.html", records=merging.recent_merges(),
                           obstacles_of=merging.undo_obstacles, error="")


@bp.route("/merges/<batch>/undo", methods=["POST"])
@login_required
def undo_merge(batch: str):
    _require_merging()
    record = merging.find_merge(batch) if _BATCH.fullmatch(batch) else None
    if record is None:
        abort(404)
    try:
        merging.undo(current_user, record)
    except merging.MergeRefused as error:
        db.session.rollback()
        message = _("This merge cannot be undone: %(why)s", why=str(error))
        return render_template("registry/merges.html", records=merging.recent_merges(),
                               obstacles_of=merging.undo_obstacles, error=message), 409
    db.session.commit()
    flash(_("The merge was undone: %(name)s (no. %(id)s) is a record of its own again.",
            name=record.duplicate.full_name if record.duplicate else "", id=record.event.detail.get("duplicate_id")),
          "success")
    return redirect(url_for(".merges"), code=303)
