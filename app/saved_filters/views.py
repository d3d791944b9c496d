"""Saved filters on screen: save the list's current filter, apply one (a redirect to the list with its
query read again by the list's parser), rename and delete them on a page of their own."""
from typing import NamedTuple

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app import cache
from app.access import saved_filter_scope
from app.extensions import db
from app.models import SavedFilter
from app.saved_filters import bp, operations
from app.saved_filters.forms import RenameFilterForm, SaveFilterForm
from app.saved_filters.lists import LISTS, clean_query, normalised_query


class FilterChoice(NamedTuple):
    id: int
    name: str


def filters_of(list_key: str) -> tuple[FilterChoice, ...]:
    """The signed-in user's filters of one list, by name (for the dropdown on every page of the list).

    Kept in each process's memory until a filter is saved, renamed or deleted (app/cache.py): the menu
    costs a list page no statement (issue 14). Only the user's own filters, as ``saved_filter_scope`` says.
    """
    if not current_user.is_authenticated:
        return ()
    user = current_user._get_current_object()

    def load() -> tuple[FilterChoice, ...]:
        rows = db.session.execute(select(SavedFilter.id, SavedFilter.name)
                                  .where(saved_filter_scope(user), SavedFilter.list_key == list_key)
                                  .order_by(SavedFilter.name)).all()
        return tuple(FilterChoice(*row) for row in rows)

    return cache.cached_entry(cache.SAVED_FILTERS, (user.id, list_key), load)


@bp.app_context_processor
def saved_filter_helpers():
    return {"saved_filters_of": filters_of}


def _own_filter_or_404(filter_id: int) -> SavedFilter:
    saved = db.session.scalar(select(SavedFilter).where(SavedFilter.id == filter_id,
                                                        saved_filter_scope(current_user)))
    if saved is None:
        abort(404)  # another user's filter is not there for this one
    return saved


def _list_or_404(list_key: str):
    if list_key not in LISTS:
        abort(404)
    return LISTS[list_key]


def _list_url(list_key: str, query: str) -> str:
    return url_for(LISTS[list_key].endpoint, **clean_query(current_user, list_key, query))


@bp.route("/<list_key>/save", methods=["POST"])
@login_required
def save(list_key: str):
    _list_or_404(list_key)
    form = SaveFilterForm()
    query = normalised_query(current_user, list_key, form.query.data or "")
    if form.validate_on_submit():
        try:
            saved = operations.save(current_user, list_key, form.name.data or "", query)
        except operations.FilterRefused as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        else:
            db.session.commit()
            flash(_("Filter “%(name)s” saved.", name=saved.name), "success")
    else:
        flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "danger")
    return redirect(_list_url(list_key, query), code=303)


@bp.route("/<id:filter_id>")
@login_required
def apply(filter_id: int):
    saved = _own_filter_or_404(filter_id)
    return redirect(_list_url(saved.list_key, saved.query), code=303)


@bp.route("/manage/<list_key>")
@login_required
def manage(list_key: str):
    _list_or_404(list_key)
    return render_template("saved_filters/manage.html", list_key=list_key, filters=filters_of(list_key),
                           list_url=url_for(LISTS[list_key].endpoint), rename_form=RenameFilterForm())


@bp.route("/<id:filter_id>/rename", methods=["POST"])
@login_required
def rename(filter_id: int):
    saved = _own_filter_or_404(filter_id)
    form = RenameFilterForm()
    if form.validate_on_submit():
        try:
            operations.rename(current_user, saved, form.name.data or "")
        except operations.FilterRefused as refused:
            db.session.rollback()
            flash(str(refused), "danger")
        else:
            db.session.commit()
            flash(_("Filter renamed to “%(name)s”.", name=saved.name), "success")
    else:
        flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "danger")
    return redirect(url_for(".manage", list_key=saved.list_key), code=303)


@bp.route("/<id:filter_id>/delete", methods=["POST"])
@login_required
def delete(filter_id: int):
    saved = _own_filter_or_404(filter_id)
    list_key, name = saved.list_key, saved.name
    operations.delete(saved)
    db.session.commit()
    flash(_("Filter “%(name)s” deleted.", name=name), "success")
    return redirect(url_for(".manage", list_key=list_key), code=303)


