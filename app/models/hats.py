"""The "hat": the role a user acts in right now — their own (home) role, a role assignment in force, or a
delegation in force to them (issue 10).

The session keeps only the hat's key ("home", "a<assignment id>", "d<delegation id>"); ``load_user``
(app/web.py) loads that hat with one statement and lays its role and unit over the loaded ``User`` without
persisting it (``set_committed_value``: nothing is dirty, nothing is flushed). Flask-SQLAlchemy expires every
object on commit; the ``refresh`` listener below lays the hat over again when the user's row is reloaded, so
``user.role`` stays the hat's role for the whole request, and the ``user_account`` row never changes.

Every permission predicate (app/access.py) goes on reading ``user.role`` and ``user.unit_id``: wearing a hat
is acting in its role, for its unit. What a delegation allows on top is ``access.delegation_allows``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from sqlalchemy import and_, bindparam, event, exists, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models.assignments import Delegation, DelegationMode, DelegationScope, RoleAssignment
from app.models.org import Unit
from app.models.users import Role, User

HOME = "home"


@dataclass(frozen=True)
class Hat:
    key: str
    role: Role
    unit_id: int | None
    label: str  # a lazy string: translated when shown
    acting_for_id: int | None = None
    acting_for_name: str | None = None
    mode: DelegationMode | None = None
    scope: DelegationScope | None = None
    delegation_id: int | None = None
    ends_on: date | None = None
    unit: Unit | None = field(default=None, compare=False, repr=False)

    @property
    def is_home(self) -> bool:
        return self.key == HOME

    @property
    def is_delegation(self) -> bool:
        return self.delegation_id is not None


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _role_and_unit(role: Role, unit: Unit | None) -> str:
    return _assignment_label(role, unit.name if unit is not None else None, None, None)


def _assignment_label(role: Role, unit_name: str | None, starts: date | None, ends: date | None) -> str:
    label = f"{role.label} — {unit_name}" if unit_name else str(role.label)
    if starts and ends and (starts, ends) == (date(starts.year, 1, 1), date(starts.year, 12, 31)):
        label += f" ({starts.year})"
    elif ends is not None:
        label += ", " + _("until %(day)s", day=_day(ends))
    return label


def _delegation_label(role: Role, title: str, prefix: str, name: str, ends: date) -> str:
    return _("%(prefix)s %(title)s — for %(name)s, until %(day)s", prefix=prefix, title=title or str(role.label),
             name=name, day=_day(ends))


# Labels are translated when shown, not when the hat is loaded: ``load_user`` loads it, and translating there
# would ask for the user's language, i.e. for the user being loaded.
def _assignment_hat(assignment: RoleAssignment, unit: Unit | None) -> Hat:
    label = LazyString(_assignment_label, assignment.role, unit.name if unit else None, assignment.starts_on,
                       assignment.ends_on)
    return Hat(f"a{assignment.id}", assignment.role, assignment.unit_id, label, ends_on=assignment.ends_on, unit=unit)


def _delegation_hat(delegation: Delegation, delegator_name: str, unit: Unit) -> Hat:
    label = LazyString(_delegation_label, delegation.role, getattr(unit, "head_title", ""), delegation.mode.prefix,
                       delegator_name, delegation.ends_on)
    return Hat(f"d{delegation.id}", delegation.role, delegation.unit_id, label, acting_for_id=delegation.delegator_id,
               acting_for_name=delegator_name, mode=delegation.mode, scope=delegation.scope,
               delegation_id=delegation.id, ends_on=delegation.ends_on, unit=unit)


def _assignments_in_force(today):
    return select(RoleAssignment, Unit).outerjoin(Unit, Unit.id == RoleAssignment.unit_id).where(
        or_(RoleAssignment.starts_on.is_(None), RoleAssignment.starts_on <= today),
        or_(RoleAssignment.ends_on.is_(None), RoleAssignment.ends_on >= today),
    )


def _delegations_in_force(today):
    """Delegations in their dates, not revoked, whose delegator is active and still holds the role delegated for
    that unit — in their own role or an assignment in force: a head moved elsewhere delegates nothing."""
    delegator = aliased(User, name="delegator")
    still_holds = or_(
        and_(delegator.role == Delegation.role, delegator.unit_id == Delegation.unit_id),
        exists().where(RoleAssignment.user_id == Delegation.delegator_id, RoleAssignment.role == Delegation.role,
                       RoleAssignment.unit_id == Delegation.unit_id,
                       or_(RoleAssignment.starts_on.is_(None), RoleAssignment.starts_on <= today),
                       or_(RoleAssignment.ends_on.is_(None), RoleAssignment.ends_on >= today)),
    )
    return select(Delegation, delegator.full_name, Unit).join(delegator, delegator.id == Delegation.delegator_id).join(
        Unit, Unit.id == Delegation.unit_id).where(
        Delegation.revoked_at.is_(None), Delegation.starts_on <= today, Delegation.ends_on >= today,
        delegator.active.is_(True), still_holds,
    )


@cache
def _one_hat(kind: str):
    """The one statement that loads a worn hat, on every request of a user who wears one: built once (at first
    use, the mappers configured), with bound parameters; building a select with its joins costs more than
    running it."""
    if kind == "a":
        return _assignments_in_force(bindparam("today")).where(
            RoleAssignment.id == bindparam("key"), RoleAssignment.user_id == bindparam("user_id"))
    return _delegations_in_force(bindparam("today")).where(
        Delegation.id == bindparam("key"), Delegation.delegate_id == bindparam("user_id"))


def home_role(user: User) -> tuple[Role, int | None]:
    """The user's own role and unit, whatever hat they wear."""
    return getattr(user, "_home", None) or (user.role, user.unit_id)


def home_hat(user: User) -> Hat:
    role, unit_id = home_role(user)
    if getattr(user, "_hat", None) is None:
        unit = user.unit
    else:
        unit = db.session.get(Unit, unit_id) if unit_id is not None else None
    return Hat(HOME, role, unit_id, LazyString(_role_and_unit, role, unit), unit=unit)


def hat_of(user: User) -> Hat:
    """The hat the user wears now: the one laid over them, else their home hat."""
    return getattr(user, "_hat", None) or home_hat(user)


def hats_of(user: User, today: date) -> list[Hat]:
    """Home first, then the role assignments in force, then the delegations in force to the user."""
    hats = [home_hat(user)]
    assignments = db.session.execute(
        _assignments_in_force(today).where(RoleAssignment.user_id == user.id).order_by(RoleAssignment.id))
    hats += [_assignment_hat(assignment, unit) for assignment, unit in assignments]
    delegations = db.session.execute(
        _delegations_in_force(today).where(Delegation.delegate_id == user.id).order_by(Delegation.id))
    hats += [_delegation_hat(delegation, name, unit) for delegation, name, unit in delegations]
    return hats


def load_hat(user: User, key: str, today: date) -> Hat | None:
    """The hat ``key`` if it is the user's and in force today (one statement), else None."""
    kind, number = key[:1], key[1:]
    if not number.isdecimal() or len(number) > 18:
        return None
    if kind not in ("a", "d"):
        return None
    row = db.session.execute(_one_hat(kind), {"today": today, "key": int(number), "user_id": user.id}).first()
    if row is None:
        return None
    return _assignment_hat(*row) if kind == "a" else _delegation_hat(*row)


def _overlay(user: User, hat: Hat) -> None:
    set_committed_value(user, "role", hat.role)
    set_committed_value(user, "unit_id", hat.unit_id)
    set_committed_value(user, "unit", hat.unit)


def wear(user: User, hat: Hat) -> None:
    """Lay the hat's role and unit over the loaded user, for this request only (never written back)."""
    if hat.is_home:
        return
    if getattr(user, "_home", None) is None:
        state = user.__dict__
        user._home = (state.get("role", user.role), state.get("unit_id", user.unit_id))
    user._hat = hat
    _overlay(user, hat)


def unwear(user: User) -> None:
    """Back to the user's own role and unit (an instance reused from an earlier request of the same session)."""
    if getattr(user, "_hat", None) is None:
        return
    role, unit_id = user._home
    del user._hat, user._home
    set_committed_value(user, "role", role)
    set_committed_value(user, "unit_id", unit_id)
    if db.inspect(user).session is not None:
        db.session.expire(user, ["unit"])


@event.listens_for(User, "refresh")
def _wear_again(user: User, context, attrs) -> None:
    """A commit expired the user and the next access reloaded the row: the hat goes back on."""
    hat = getattr(user, "_hat", None)
    if hat is None or (attrs is not None and not {"role", "unit_id", "unit"} & set(attrs)):
        return
    if attrs is None:  # the whole row: the user's own role and unit, as stored now
        user._home = (user.__dict__.get("role"), user.__dict__.get("unit_id"))
    _overlay(user, hat)
