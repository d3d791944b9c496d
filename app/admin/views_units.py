"""Admin screens for units: the tree with diacritic-insensitive search, create/edit, and guarded delete."""

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app.admin import bp
from app.admin.common import committed, flush_or_field_error, is_taken, references_to, render_form, see_other
from app.admin.forms import UnitForm
from app.extensions import db
from app.models import Unit, UnitKind
from app.models.base import local_today
from app.numbers import to_id
from app.text import fold
from app.web import is_htmx, redirect_after_post, render_region_or_page


def tree_rows(units: list[Unit]) -> list[tuple[Unit, int]]:
    """Units in tree order (parents first, sub-units indented below them) with their depth."""
    by_id = {u.id: u for u in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in by_id else None
        children.setdefault(parent, []).append(unit)
    rows: list[tuple[Unit, int]] = []
    seen: set[int] = set()

    def walk(parent_id, depth):
        for unit in sorted(children.get(parent_id, []), key=lambda u: u.search_key or fold(u.name)):
            if unit.id in seen:  # bad data must not loop forever
                continue
            seen.add(unit.id)
            rows.append((unit, depth))
            walk(unit.id, depth + 1)

    walk(None, 0)
    # Units caught in a cycle of bad data are unreachable from a root: still list them.
    rows.extend((u, 0) for u in units if u.id not in seen)
    return rows


def _all_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).order_by(Unit.name)))


@bp.route("/units/")
def units():
    q = request.args.get("q", "").strip()
    all_units = _all_units()  # one query; parents and successors then come from the identity map
    if q:
        key = fold(q)
        query = select(Unit).where(or_(
            Unit.search_key.contains(key, autoescape=True),
            func.lower(Unit.code).contains(q.lower(), autoescape=True),
        )).order_by(Unit.search_key)
        rows = [(u, 0) for u in db.session.scalars(query)]
    else:
        rows = tree_rows(all_units)
    return render_region_or_page("unit-results", "admin/units/_rows.html", "admin/units/list.html",
                                 rows=rows, q=q, today=local_today(), total=len(all_units))


def _unit_choices(form: UnitForm) -> None:
    options = [(u.id, "\u2003" * depth + f"{u.name} ({u.code})") for u, depth in tree_rows(_all_units())]
    form.parent_id.choices = [("", "— " + _("none (top level)") + " —")] + options
    form.successor_id.choices = [("", "— " + _("none") + " —")] + options


def _parent_map() -> dict[int, int | None]:
    return dict(db.session.execute(select(Unit.id, Unit.parent_id)).all())


def _check_relations(form: UnitForm, unit: Unit | None) -> bool:
    """Checks that need the database: unique code, existing parent without a cycle, a sensible successor."""
    ok = True
    unit_id = unit.id if unit else None
    if is_taken(Unit.code, form.code.data, unit_id):
        form.code.errors.append(_("The code %(code)s is already used by another unit.", code=form.code.data))
        ok = False
    parents = _parent_map()
    parent_id = form.parent_id.data
    if parent_id is not None:
        if parent_id not in parents:
            form.parent_id.errors.append(_("Choose a unit from the list."))
            ok = False
        elif parent_id == unit_id:
            form.parent_id.errors.append(_("A unit cannot be its own parent."))
            ok = False
        elif unit_id is not None and _is_ancestor(unit_id, parent_id, parents):
            parent = db.get_or_404(Unit, parent_id)
            form.parent_id.errors.append(_(
                "%(parent)s is a sub-unit of this unit: choosing it as the parent would make a cycle.",
                parent=parent.name))
            ok = False
    successor_id = form.successor_id.data
    if successor_id is not None:
        if successor_id not in parents:
            form.successor_id.errors.append(_("Choose a unit from the list."))
            ok = False
        elif successor_id == unit_id:
            form.successor_id.errors.append(_("A unit cannot be its own successor."))
            ok = False
        elif unit_id is not None and _successor_chain_reaches(successor_id, unit_id):
            form.successor_id.errors.append(_("That unit's successors lead back to this unit."))
            ok = False
    return ok


def _is_ancestor(ancestor_id: int, unit_id: int, parents: dict[int, int | None]) -> bool:
    """True when ``ancestor_id`` is ``unit_id`` or above it in the tree."""
    seen = set()
    current: int | None = unit_id
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _successor_chain_reaches(start_id: int, target_id: int) -> bool:
    successors = dict(db.session.execute(select(Unit.id, Unit.successor_id)).all())
    seen = set()
    current: int | None = start_id
    while current is not None and current not in seen:
        if current == target_id:
            return True
        seen.add(current)
        current = successors.get(current)
    return False


def _apply(form: UnitForm, unit: Unit) -> None:
    unit.code = form.code.data
    unit.name = form.name.data
    unit.search_key = fold(unit.name)
    unit.kind = UnitKind(form.kind.data)
    unit.parent_id = form.parent_id.data
    unit.valid_from = form.valid_from.data
    unit.valid_to = form.valid_to.data
    unit.successor_id = form.successor_id.data


def _duplicate_code_message(form: UnitForm) -> str:
    return _("The code %(code)s is already used by another unit.", code=form.code.data)


@bp.route("/units/new", methods=["GET", "POST"])
def unit_create():
    form = UnitForm()
    if request.method == "GET":
        form.parent_id.data = request.args.get("parent", type=to_id)
        form.valid_from.data = local_today()
    _unit_choices(form)
    if form.validate_on_submit() and _check_relations(form, None):
        unit = Unit()
        _apply(form, unit)
        db.session.add(unit)
        if flush_or_field_error(form.code, _duplicate_code_message(form)):
            return committed(_("Unit %(name)s created.", name=unit.name), ".units")
    return render_form("admin/units/form.html", form, unit=None)


@bp.route("/units/<id:unit_id>/edit", methods=["GET", "POST"])
def unit_edit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    form = UnitForm(obj=unit if request.method == "GET" else None)
    if request.method == "GET":
        form.kind.data = unit.kind.value
    _unit_choices(form)
    if form.validate_on_submit() and _check_relations(form, unit):
        _apply(form, unit)
        if flush_or_field_error(form.code, _duplicate_code_message(form)):
            return committed(_("Unit %(name)s saved.", name=unit.name), ".units")
        unit = db.get_or_404(Unit, unit_id)
    return render_form("admin/units/form.html", form, unit=unit)


@bp.route("/units/<id:unit_id>/delete", methods=["POST"])
def unit_delete(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    references = references_to(Unit, unit.id)
    if references:
        listed = "; ".join(f"{label}: {count}" for label, count in references)
        message = _("%(name)s cannot be deleted because other records refer to it (%(refs)s). "
                    "Set its “valid to” date instead, so it stays in the history.", name=unit.name, refs=listed)
        if is_htmx():
            return render_template("admin/_alert.html", message=message, category="danger"), 409
        flash(message, "error")
        return see_other(".unit_edit", unit_id=unit.id)
    name = unit.name
    db.session.delete(unit)
    db.session.commit()
    flash(_("Unit %(name)s deleted.", name=name), "success")
    return redirect_after_post(url_for(".units"))
