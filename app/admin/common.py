"""Helpers shared by the admin views: form rendering with the right status, uniqueness, reference checks."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db

# What a foreign key pointing at a row means to a person, keyed by (table, column).
_REFERENCE_LABELS = {
    ("dossier", "unit_id"): _l("dossiers of this unit"),
    ("dossier", "nominee_unit_id"): _l("dossiers naming it as the nominee's unit"),
    ("user_account", "unit_id"): _l("users"),
    ("unit", "parent_id"): _l("sub-units"),
    ("unit", "successor_id"): _l("units naming it as their successor"),
    ("cluster_membership", "unit_id"): _l("cluster memberships"),
    ("cluster_leadership", "lead_unit_id"): _l("cluster leaderships (lead)"),
    ("cluster_leadership", "deputy_unit_id"): _l("cluster leaderships (deputy)"),
}


def form_status() -> int:
    """A GET shows the form (200); a POST that reaches rendering failed validation (422)."""
    return 422 if request.method == "POST" else 200


def render_form(template: str, form, **context):
    return render_template(template, form=form, **context), form_status()


def see_other(endpoint: str, **values):
    """303 after a successful POST, so reloading the next page does not resend the form."""
    return redirect(url_for(endpoint, **values), code=303)


def committed(message: str, endpoint: str, **values):
    """The end of every successful admin form: commit, say what was saved, and 303 to the next page."""
    db.session.commit()
    flash(message, "success")
    return see_other(endpoint, **values)


def is_taken(column, value, exclude_id: int | None = None) -> bool:
    """True when another row already holds ``value`` in the unique ``column``."""
    model_id = column.class_.id
    query = select(model_id).where(column == value)
    if exclude_id is not None:
        query = query.where(model_id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def flush_or_field_error(field, message: str) -> bool:
    """Flush; if a unique constraint fires anyway (a concurrent save), roll back and show it on ``field``."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        field.errors.append(message)
        return False
    return True


def references_to(model, row_id: int) -> list[tuple[str, int]]:
    """Every row of any table whose foreign key points at ``model`` row ``row_id``, counted per meaning.

    Walks the metadata rather than a fixed list, so tables added later (council, decisions)
    also keep a referenced row from being deleted.
    """
    target = model.__table__
    found: list[tuple[str, int]] = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is not target:
                continue
            query = select(func.count()).select_from(table).where(fk.parent == row_id)
            if table is target:
                query = query.where(table.c.id != row_id)
            count = db.session.scalar(query)
            if count:
                label = _REFERENCE_LABELS.get((table.name, fk.parent.name))
                found.append((str(label) if label else _("records in %(table)s", table=table.name), count))
    return found



def sync_stage_days(rows: dict, stage_fields, add, remove) -> None:
    """Make per-stage rows (``rows``: state → row with ``working_days``) match a form's stage fields: an empty
    field removes its row, a new value adds one (``add(state, days)``), a changed one updates it."""
    for state, field in stage_fields:
        row = rows.get(state)
        if field.data is None:
            if row is not None:
                remove(row)
        elif row is None:
            add(state, field.data)
        else:
            row.working_days = field.data
