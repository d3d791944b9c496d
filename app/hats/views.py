"""Switching hats, and a unit head's delegations (list, create, revoke); every change is audited."""
import logging

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import access
from app.audit import record_role_event
from app.auth.views import _safe_next
from app.extensions import db
from app.hats import HAT_KEY, MENU_KEY, bp
from app.hats.forms import DelegationForm, HatForm
from app.models import Delegation, DelegationMode, DelegationScope, Role, User
from app.models.base import local_today, utcnow
from app.models.hats import HOME

log = logging.getLogger(__name__)


def audit(action: str, *, subject_id: int | None, hat_key: str = "", role: Role | None = None,
          unit_id: int | None = None, detail: str = "") -> None:
    """One line of the roles' audit trail, by the current user from this request's address."""
    record_role_event(action, actor_id=current_user.id, subject_id=subject_id, hat_key=hat_key, role=role,
                      unit_id=unit_id, detail=detail, address=request.remote_addr)


@bp.route("/hat", methods=["POST"])
@login_required
def switch():
    """Wear another of one's hats. A hat the user does not hold (or no longer: an assignment that ended, a
    delegation revoked or over) is refused with a message and a redirect back; nothing changes."""
    form = HatForm()
    back = _safe_next(form.next.data)
    if not form.validate_on_submit():
        flash(_("Choose one of your roles."), "danger")
        return redirect(back, code=303)
    key = form.hat.data
    user = current_user._get_current_object()
    hats = {hat.key: hat for hat in access.available_hats(user)}
    if key not in hats:
        log.warning("User %s refused the hat %r (not held, or no longer in force)", user.id, key)
        flash(_("You do not hold this role, or it is no longer in force: nothing was changed."), "danger")
        return redirect(back, code=303)
    hat = hats[key]
    if key == HOME:
        session.pop(HAT_KEY, None)
    else:
        session[HAT_KEY] = key
    session.pop(MENU_KEY, None)
    audit("hat_switched", subject_id=user.id, hat_key=key, role=hat.role, unit_id=hat.unit_id, detail=str(hat.label))
    db.session.commit()
    flash(_("You now act as: %(hat)s", hat=str(hat.label)), "success")
    return redirect(back, code=303)


def _delegate_choices(user: User) -> list[tuple[int, str]]:
    """Active people of the unit (and its sub-units) the head may delegate to, themselves excepted."""
    units = access.unit_subtree_ids(user.unit_id) if user.unit_id is not None else []
    people = db.session.execute(
        select(User.id, User.full_name, User.username).where(User.unit_id.in_(units), User.active.is_(True),
                                                             User.id != user.id).order_by(User.full_name))
    return [(uid, f"{name} ({username})") for uid, name, username in people]


def _page(form: DelegationForm | None, status: int = 200):
    user = current_user._get_current_object()
    query = select(Delegation).options(selectinload(Delegation.delegator), selectinload(Delegation.delegate),
                                       selectinload(Delegation.unit)).order_by(Delegation.starts_on.desc(),
                                                                               Delegation.id.desc())
    everyone = access.can_manage_assignments(user)
    if not everyone:
        query = query.where((Delegation.delegator_id == user.id) | (Delegation.delegate_id == user.id))
    delegations = db.session.scalars(query.limit(500)).all()
    hats = access.available_hats(user)
    session.pop(MENU_KEY, None)  # the switcher shows what this page shows
    return render_template("hats/delegations.html", form=form, delegations=delegations, today=local_today(),
                           everyone=everyone, hats=hats, current_key=user.hat.key,
                           can_revoke=lambda d: access.can_revoke_delegation(user, d)), status


@bp.route("/delegations", methods=["GET", "POST"])
@login_required
def delegations():
    user = current_user._get_current_object()
    if not access.can_delegate(user):
        if request.method == "POST":
            abort(403)
        return _page(None)
    form = DelegationForm()
    form.delegate_id.choices = _delegate_choices(user)
    if request.method == "POST":
        if not form.validate_on_submit():
            return _page(form, 422)
        delegate = db.session.get(User, form.delegate_id.data)
        if delegate is None:  # deleted since the form was shown
            form.delegate_id.errors = [_("Choose the person who acts for you.")]
            return _page(form, 422)
        delegation = Delegation(
            delegator_id=user.id, delegate_id=delegate.id, unit_id=user.unit_id, role=Role.UNIT_HEAD,
            scope=DelegationScope(form.scope.data), mode=DelegationMode(form.mode.data),
            starts_on=form.starts_on.data, ends_on=form.ends_on.data, reason=form.reason.data,
            created_by_id=user.id)
        db.session.add(delegation)
        db.session.flush()
        audit("delegation_created", subject_id=delegate.id, hat_key=f"d{delegation.id}", role=Role.UNIT_HEAD,
              unit_id=user.unit_id, detail=f"{delegation.mode.prefix} {delegation.scope.value} "
                                           f"{delegation.starts_on.isoformat()}..{delegation.ends_on.isoformat()}: "
                                           f"{delegation.reason}")
        db.session.commit()
        flash(_("%(name)s may act for you from %(start)s to %(end)s.", name=delegate.full_name,
                start=delegation.starts_on.strftime("%d/%m/%Y"), end=delegation.ends_on.strftime("%d/%m/%Y")),
              "success")
        return redirect(url_for(".delegations"), code=303)
    return _page(form)


@bp.route("/delegations/<id:delegation_id>/revoke", methods=["POST"])
@login_required
def revoke(delegation_id: int):
    """The head ends a delegation before its end date; the deputy's hat falls away at their next request."""
    delegation = db.session.get(Delegation, delegation_id)
    user = current_user._get_current_object()
    if delegation is None or not access.can_see_delegation(user, delegation):
        abort(404)
    if not access.can_revoke_delegation(user, delegation):
        flash(_("Only the head who gave a delegation revokes it, while it is not over."), "danger")
        return redirect(url_for(".delegations"), code=303)
    delegation.revoked_at = utcnow()
    delegation.revoked_by_id = user.id
    audit("delegation_revoked", subject_id=delegation.delegate_id, hat_key=f"d{delegation.id}",
          role=delegation.role, unit_id=delegation.unit_id)
    db.session.commit()
    flash(_("The delegation to %(name)s is revoked.", name=delegation.delegate.full_name), "success")
    return redirect(url_for(".delegations"), code=303)
