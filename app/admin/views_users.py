"""Admin screens for users: a filtered list with active search, create and edit (role, unit, active, password),
and ending all of a user's sessions ("log out everywhere")."""
from datetime import timedelta

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.admin import bp
from app.admin.common import committed, flush_or_field_error, is_taken, render_form
from app.admin.forms import UserForm
from app.admin.views_units import tree_rows
from app.extensions import db
from app.hats.forms import AssignmentForm
from app.hats.views import audit
from app.models import Role, RoleAssignment, Unit, User
from app.models.base import local_today
from app.numbers import to_id
from app.text import fold
from app.web import render_region_or_page


class UserFilters:
    """The list's filters, read from and written back to the query string (so a search can be bookmarked)."""

    def __init__(self, args):
        self.q = args.get("q", "").strip()
        role = args.get("role", "")
        self.role = Role(role) if role in Role._value2member_map_ else None
        self.unit = args.get("unit", type=to_id)
        active = args.get("active", "")
        self.active = {"yes": True, "no": False}.get(active)

    def as_args(self) -> dict:
        args = {"q": self.q, "role": self.role.value if self.role else "", "unit": self.unit or "",
                "active": "" if self.active is None else ("yes" if self.active else "no")}
        return {k: v for k, v in args.items() if v}

    def apply(self) -> list[User]:
        query = select(User).options(selectinload(User.unit)).order_by(User.username)
        if self.role is not None:
            query = query.where(User.role == self.role)
        if self.unit is not None:
            query = query.where(User.unit_id == self.unit)
        if self.active is not None:
            query = query.where(User.active.is_(self.active))
        users = list(db.session.scalars(query))
        if self.q:
            # Users number in the hundreds: folding names here keeps the search diacritic-insensitive
            # on both databases without another search column.
            key = fold(self.q)
            users = [u for u in users if key in fold(u.full_name) or key in u.username or key in fold(u.email)]
        return users


@bp.route("/users/")
def users():
    filters = UserFilters(request.args)
    return render_region_or_page(
        "user-results", "admin/users/_rows.html", "admin/users/list.html",
        lambda: {"units": db.session.scalars(select(Unit).order_by(Unit.name)).all(), "roles": list(Role)},
        users=filters.apply(), filters=filters)


def _user_choices(form: UserForm) -> None:
    units = db.session.scalars(select(Unit).order_by(Unit.name)).all()
    form.unit_id.choices = [("", "— " + _("none") + " —")] + [
        (u.id, "\u2003" * depth + f"{u.name} ({u.code})") for u, depth in tree_rows(list(units))]


def _duplicate_username_message(form: UserForm) -> str:
    return _("The username %(username)s is already taken.", username=form.username.data)


def _check_user(form: UserForm, user: User | None) -> bool:
    ok = True
    if is_taken(User.username, form.username.data, user.id if user else None):
        form.username.errors.append(_duplicate_username_message(form))
        ok = False
    if form.unit_id.data is not None and db.session.get(Unit, form.unit_id.data) is None:
        form.unit_id.errors.append(_("Choose a unit from the list."))
        ok = False
    if user is not None and user.id == current_user.id:
        # Locking oneself out would leave the province without the person who noticed the mistake.
        if not form.active.data:
            form.active.errors.append(_("You cannot deactivate your own account."))
            ok = False
        if form.role.data != Role.ADMIN.value:
            form.role.errors.append(_("You cannot remove the administrator role from your own account."))
            ok = False
    return ok


def _apply(form: UserForm, user: User) -> None:
    user.username = form.username.data
    user.full_name = form.full_name.data
    user.email = form.email.data or ""
    user.role = Role(form.role.data)
    user.unit_id = form.unit_id.data
    if user.active and not form.active.data:
        # Deactivation ends the sessions for good: reactivating later does not revive the old cookies.
        user.end_sessions()
    user.active = form.active.data
    if form.password.data:
        user.set_password(form.password.data)  # which ends the sessions opened with the old password


def _keep_own_session(user: User) -> None:
    """An administrator who changed their own password goes on working here; their other sessions end."""
    if user.id == current_user.id:
        remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
        login_user(user, remember=remembered)


@bp.route("/users/new", methods=["GET", "POST"])
def user_create():
    form = UserForm(creating=True)
    _user_choices(form)
    if form.validate_on_submit() and _check_user(form, None):
        user = User()
        _apply(form, user)
        db.session.add(user)
        if flush_or_field_error(form.username, _duplicate_username_message(form)):
            return committed(_("User %(username)s created.", username=user.username), ".users")
    return render_form("admin/users/form.html", form, user=None)


@bp.route("/users/<id:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user if request.method == "GET" else None)
    if request.method == "GET":
        form.role.data = user.role.value
    _user_choices(form)
    if form.validate_on_submit() and _check_user(form, user):
        _apply(form, user)
        if flush_or_field_error(form.username, _duplicate_username_message(form)):
            _keep_own_session(user)
            return committed(_("User %(username)s saved.", username=user.username), ".users")
        user = db.get_or_404(User, user_id)
    return render_form("admin/users/form.html", form, user=user, **_assignments_context(user))


# --- further roles of a user (role assignments, issue 10) ----------------------------------------------------

def _assignments_context(user: User | None, assignment_form: AssignmentForm | None = None) -> dict:
    if user is None:
        return {}
    if assignment_form is None:
        assignment_form = AssignmentForm(formdata=None, prefix="assignment")
    _user_choices(assignment_form)
    rows = db.session.scalars(select(RoleAssignment).where(RoleAssignment.user_id == user.id)
                              .options(selectinload(RoleAssignment.unit)).order_by(RoleAssignment.id)).all()
    return {"assignments": rows, "assignment_form": assignment_form, "today": local_today()}


@bp.route("/users/<id:user_id>/assignments", methods=["POST"])
def assignment_add(user_id: int):
    """Give the user one more role, for a unit and a period: they switch to it from the navbar."""
    user = db.get_or_404(User, user_id)
    form = AssignmentForm(prefix="assignment")
    _user_choices(form)
    ok = form.validate_on_submit()
    if ok and form.unit_id.data is not None and db.session.get(Unit, form.unit_id.data) is None:
        form.unit_id.errors.append(_("Choose a unit from the list."))
        ok = False
    if ok:
        role = Role(form.role.data)
        assignment = RoleAssignment(user_id=user.id, role=role, unit_id=form.unit_id.data,
                                    starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                                    note=form.note.data or "", created_by_id=current_user.id)
        db.session.add(assignment)
        db.session.flush()
        audit("assignment_added", subject_id=user.id, hat_key=f"a{assignment.id}", role=role,
              unit_id=assignment.unit_id, detail=f"{assignment.starts_on or ''}..{assignment.ends_on or ''}")
        return committed(_("%(username)s also acts as %(role)s.", username=user.username, role=role.label),
                         ".user_edit", user_id=user.id)
    edit_form = UserForm(obj=user, formdata=None)
    edit_form.role.data = user.role.value
    _user_choices(edit_form)
    return render_form("admin/users/form.html", edit_form, user=user, **_assignments_context(user, form))


@bp.route("/users/<id:user_id>/assignments/<id:assignment_id>/end", methods=["POST"])
def assignment_end(user_id: int, assignment_id: int):
    """End a role assignment: it stops today (kept for the record); one that has not started is removed."""
    assignment = db.session.scalar(select(RoleAssignment).where(RoleAssignment.id == assignment_id,
                                                                RoleAssignment.user_id == user_id))
    if assignment is None:
        return committed(_("This role assignment no longer exists."), ".user_edit", user_id=user_id)
    yesterday = local_today() - timedelta(days=1)
    not_started = assignment.starts_on is not None and assignment.starts_on > yesterday
    remove = request.form.get("remove") == "1" or not_started
    if remove:
        db.session.delete(assignment)
    elif assignment.ends_on is None or assignment.ends_on > yesterday:
        assignment.ends_on = yesterday
    audit("assignment_removed" if remove else "assignment_ended", subject_id=user_id, hat_key=f"a{assignment_id}",
          role=assignment.role, unit_id=assignment.unit_id)
    message = _("Role assignment removed.") if remove else _("Role assignment ended.")
    return committed(message, ".user_edit", user_id=user_id)


@bp.route("/users/<id:user_id>/logout-everywhere", methods=["POST"])
def user_logout_everywhere(user_id: int):
    """Every session and remember-me cookie of the user ends, e.g. after a lost phone or a leaked password."""
    user = db.get_or_404(User, user_id)
    user.end_sessions()
    db.session.flush()
    return committed(_("%(username)s is logged out on every device.", username=user.username),
                     ".user_edit", user_id=user.id)
