"""The registry on screen: search (``/registry/``), its sổ khen thưởng export, and a person's and a
collective's page. The forms that record facts are in ``record_views.py``.

Every page reads within the user's scope (``access.registry_scope``, ``person_scope``,
``collective_scope``): a record outside it is a 404. Pages run a fixed number of statements whatever the
size of a record's history: each list is one query with its relationships loaded alongside.
"""
from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.access import can_see_registry, dossier_scope, get_visible_collective_or_404, get_visible_person_or_404
from app.extensions import db
from app.models import (
    CollectiveYearReport,
    Discipline,
    Dossier,
    Initiative,
    PerformanceRating,
    PersonPosition,
    RegistryEntry,
    RegistryEvent,
)
from app.registry import bp, export, search
from app.registry.operations import can_remove, personal_id_enabled
from app.web import reads_only, render_region_or_page

HISTORY_LINES = 200  # the newest lines of a record's history shown on its page


def _require_registry() -> None:
    if not can_see_registry(current_user):
        abort(403)


@bp.route("/")
@login_required
@reads_only
def index():
    _require_registry()
    params = search.SearchParams.from_args(request.args)
    page = search.search(current_user, params)
    return render_region_or_page("registry-results", "registry/_search_results.html", "registry/search.html",
                                 lambda: {"choices": search.filter_choices(current_user)},
                                 page=page, params=params)


@bp.route("/export.xlsx")
@login_required
def export_xlsx():
    _require_registry()
    params = search.SearchParams.from_args(request.args)
    return export.response(current_user, params)


# --- a person's page ------------------------------------------------------------------------------

def _entries_of(**where) -> list[RegistryEntry]:
    column = RegistryEntry.person_id if "person_id" in where else RegistryEntry.collective_id
    query = (select(RegistryEntry).where(column == next(iter(where.values())))
             .options(joinedload(RegistryEntry.award))
             .order_by(RegistryEntry.year.desc(), RegistryEntry.id.desc()))
    return list(db.session.scalars(query))


def _timeline(entries: list[RegistryEntry], ratings: list[PerformanceRating] | None = None) -> list[dict]:
    """Years, newest first, each with its entries and (for a person) its rating."""
    years: dict[int, dict] = {}
    for entry in entries:
        years.setdefault(entry.year, {"year": entry.year, "entries": [], "rating": None})["entries"].append(entry)
    for rating in ratings or []:
        years.setdefault(rating.year, {"year": rating.year, "entries": [], "rating": None})["rating"] = rating
    return [years[year] for year in sorted(years, reverse=True)]


def _dossiers(column, record_id: int) -> list[Dossier]:
    query = (select(Dossier).where(column == record_id, dossier_scope(current_user))
             .options(joinedload(Dossier.award), joinedload(Dossier.campaign))
             .order_by(Dossier.id.desc()))
    return list(db.session.scalars(query))


def _history(column, record_id: int) -> list[RegistryEvent]:
    query = select(RegistryEvent).where(column == record_id).order_by(RegistryEvent.id.desc()).limit(HISTORY_LINES)
    return list(db.session.scalars(query))


@bp.route("/people/<id:person_id>")
@login_required
def person(person_id: int):
    _require_registry()
    record = get_visible_person_or_404(current_user, person_id)
    positions = list(db.session.scalars(
        select(PersonPosition).where(PersonPosition.person_id == record.id)
        .options(joinedload(PersonPosition.unit))
        .order_by(PersonPosition.from_date.desc(), PersonPosition.id.desc())))
    ratings = list(db.session.scalars(select(PerformanceRating).where(PerformanceRating.person_id == record.id)
                                      .order_by(PerformanceRating.year.desc())))
    entries = _entries_of(person_id=record.id)
    initiatives = list(db.session.scalars(
        select(Initiative).where(Initiative.person_id == record.id)
        .options(joinedload(Initiative.used_for_award)).order_by(Initiative.year.desc(), Initiative.id.desc())))
    disciplines = list(db.session.scalars(select(Discipline).where(Discipline.person_id == record.id)
                                          .order_by(Discipline.since.desc(), Discipline.id.desc())))
    return render_template(
        "registry/person.html", person=record, positions=positions, ratings=ratings, entries=entries,
        timeline=_timeline(entries, ratings), initiatives=initiatives, disciplines=disciplines,
        dossiers=_dossiers(Dossier.nominee_person_id, record.id),
        history=_history(RegistryEvent.person_id, record.id), personal_id_enabled=personal_id_enabled(),
        can_remove=can_remove, history_label=history_label,
    )


@bp.route("/collectives/<id:collective_id>")
@login_required
def collective(collective_id: int):
    _require_registry()
    record = get_visible_collective_or_404(current_user, collective_id)
    entries = _entries_of(collective_id=record.id)
    return render_template(
        "registry/collective.html", collective=record, entries=entries, timeline=_timeline(entries),
        dossiers=_dossiers(Dossier.nominee_collective_id, record.id),
        figures=db.session.scalars(select(CollectiveYearReport).where(
            CollectiveYearReport.collective_id == record.id).order_by(CollectiveYearReport.year.desc())).all(),
        history=_history(RegistryEvent.collective_id, record.id), can_remove=can_remove,
        history_label=history_label,
    )


def history_label(action: str) -> str:
    """A history line's action in words (lines written by the import and the merge included)."""
    labels = {
        "person_updated": _("Details changed"),
        "position_added": _("Position added"),
        "position_ended": _("Position ended"),
        "rating_recorded": _("Rating recorded"),
        "rating_changed": _("Rating changed"),
        "entry_added": _("Award or title entered"),
        "entry_revoked": _("Award revoked by a cancellation decision"),
        "nominee_corrected": _("Name or position corrected by a decision"),
        "initiative_added": _("Initiative added"),
        "discipline_recorded": _("Discipline recorded"),
        "fact_removed": _("Entered by mistake, removed"),
        "year_report_recorded": _("Year's rating and members recorded"),
        "year_report_changed": _("Year's rating and members changed"),
    }
    return labels.get(action, action.replace("_", " "))


from app.registry import record_views  # noqa: E402,F401
