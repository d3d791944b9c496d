"""Who may see and touch which dossier: the single source for queries, views and buttons.

Every dossier query goes through ``visible_dossiers`` so that scoping by unit and role is never
forgotten; ``get_visible_dossier_or_404`` turns "not yours" into a plain 404.
"""
from flask import abort, g
from sqlalchemy import Select, and_, false, or_, select

from app.extensions import db
from app.models import Campaign, ClusterLeadership, ClusterMembership, Dossier, Role, Unit, User
from app.workflow.states import EDITABLE_STATES, State


def unit_subtree_ids(unit_id: int) -> list[int]:
    """The unit and all its sub-units (cached for the request)."""
    cache = g.setdefault("_unit_subtree", {})
    if unit_id not in cache:
        rows = db.session.execute(select(Unit.id, Unit.parent_id)).all()
        children: dict[int | None, list[int]] = {}
        for uid, parent in rows:
            children.setdefault(parent, []).append(uid)
        found, stack = [], [unit_id]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.append(current)
            stack.extend(children.get(current, []))
        cache[unit_id] = found
    return cache[unit_id]


def led_cluster_years(user: User) -> list[tuple[int, int]]:
    """(cluster_id, year) pairs the user's unit leads or deputises."""
    if user.role is not Role.CLUSTER_LEAD or user.unit_id is None:
        return []
    rows = db.session.execute(
        select(ClusterLeadership.cluster_id, ClusterLeadership.year).where(
            or_(ClusterLeadership.lead_unit_id == user.unit_id, ClusterLeadership.deputy_unit_id == user.unit_id)
        )
    ).all()
    return [(cluster_id, year) for cluster_id, year in rows]


def dossier_scope(user: User):
    """A SQL condition on Dossier selecting what this user may see."""
    if user.role.is_province_role:
        # Everything that has left its unit; drafts stay private to the unit.
        return Dossier.submitted_at.is_not(None)
    if user.unit_id is None:
        return false()
    own = Dossier.unit_id.in_(unit_subtree_ids(user.unit_id))
    led = led_cluster_years(user)
    if not led:
        return own
    return or_(own, led_cluster_scope(led))


def led_cluster_scope(led: list[tuple[int, int]]):
    """Submitted dossiers of member units, in campaigns of the years the cluster is led."""
    parts = []
    for cluster_id, year in led:
        members = select(ClusterMembership.unit_id).where(
            ClusterMembership.cluster_id == cluster_id, ClusterMembership.year == year
        )
        campaigns = select(Campaign.id).where(Campaign.year == year)
        parts.append(
            and_(Dossier.unit_id.in_(members), Dossier.campaign_id.in_(campaigns), Dossier.submitted_at.is_not(None))
        )
    return or_(*parts) if parts else false()


def visible_dossiers(user: User) -> Select:
    return select(Dossier).where(dossier_scope(user))


def get_visible_dossier_or_404(user: User, dossier_id: int, *, for_update: bool = False, options=()) -> Dossier:
    """The dossier if this user may see it, else 404; ``options`` are loader options for the page."""
    query = visible_dossiers(user).where(Dossier.id == dossier_id).options(*options)
    if for_update:
        query = query.with_for_update()
    dossier = db.session.scalar(query)
    if dossier is None:
        abort(404)
    return dossier


def is_own_unit(user: User, dossier: Dossier) -> bool:
    return user.unit_id is not None and dossier.unit_id in unit_subtree_ids(user.unit_id)


def can_create(user: User) -> bool:
    return user.role is Role.OFFICER and user.unit_id is not None


def can_edit(user: User, dossier: Dossier) -> bool:
    """Officers of the nominating unit edit drafts and dossiers returned to them."""
    return user.role is Role.OFFICER and is_own_unit(user, dossier) and dossier.state in EDITABLE_STATES


def can_delete(user: User, dossier: Dossier) -> bool:
    """Only a draft that never left the unit may be deleted; later ones are withdrawn instead."""
    return can_edit(user, dossier) and dossier.state is State.DRAFT and dossier.submitted_at is None


def can_manage_attachments(user: User, dossier: Dossier) -> bool:
    return can_edit(user, dossier)
