"""The movement's lists for Sở Nội vụ: registrations of a year (per cluster or bloc, target group, a name),
the units that have not registered yet, the units' plans with their lateness, and the registrations' XLSX.

Which units are expected to take part: every top-level unit valid in the year (departments, localities,
mass organisations, public service units, enterprises), not sub-units, which act through their unit.

Each page is a fixed number of statements whatever the number of registrants: a count, one page of rows
(joined to the unit and its cluster of the year), and the page's titles in one ``IN`` query.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select

from app.extensions import db
from app.list_exports import build
from app.models import Award, Cluster, ClusterMembership, Unit, UnitKind, User
from app.models.movement_plans import (
    ContentGroup,
    MovementLaunch,
    Registration,
    RegistrationTarget,
    UnitPlan,
    registration_award,
)
from app.models.target_groups import TargetGroup, target_group_of
from app.numbers import format_score
from app.text import fold
from app.workflow.calendar import WorkingCalendar

PER_PAGE = 50


@dataclass(frozen=True)
class Filters:
    year: int
    cluster_id: int | None = None
    target_group: TargetGroup | None = None
    q: str = ""

    def as_args(self) -> dict:
        args: dict = {"year": self.year}
        if self.cluster_id:
            args["cluster"] = self.cluster_id
        if self.target_group:
            args["group"] = self.target_group.value
        if self.q:
            args["q"] = self.q
        return args


def kinds_of(group: TargetGroup) -> list[UnitKind]:
    return [kind for kind in UnitKind if kind is not UnitKind.SUB_UNIT and target_group_of(kind) is group]


def expected_units(year: int) -> ColumnElement[bool]:
    """Units that take part in a year: top-level, valid at some time in it."""
    return and_(Unit.parent_id.is_(None), Unit.kind != UnitKind.SUB_UNIT, Unit.valid_from <= date(year, 12, 31),
                or_(Unit.valid_to.is_(None), Unit.valid_to >= date(year, 1, 1)))


def _unit_filters(filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.target_group is not None:
        conditions.append(Unit.kind.in_(kinds_of(filters.target_group)))
    if filters.q:
        conditions.append(Unit.search_key.contains(fold(filters.q), autoescape=True))
    if filters.cluster_id:
        conditions.append(Unit.id.in_(select(ClusterMembership.unit_id).where(
            ClusterMembership.cluster_id == filters.cluster_id, ClusterMembership.year == filters.year)))
    return conditions


def _cluster_of_year(year: int):
    membership = ClusterMembership.__table__.alias("membership")
    cluster = Cluster.__table__.alias("member_cluster")
    return membership, cluster, and_(membership.c.unit_id == Unit.id, membership.c.year == year)


@dataclass(frozen=True)
class RegistrationRow:
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    cluster: str
    registered_on: date
    registered_by: str
    deadline: date | None
    awards: tuple[str, ...] = ()
    targets: tuple[tuple[str, str], ...] = ()

    @property
    def late(self) -> bool:
        return self.deadline is not None and self.registered_on > self.deadline


def _registration_query(launch: MovementLaunch, filters: Filters):
    membership, cluster, joined = _cluster_of_year(filters.year)
    return (select(Registration.id, Unit.id, Unit.code, Unit.name, Unit.kind, cluster.c.name,
                   Registration.registered_on, User.full_name)
            .join(Unit, Registration.unit_id == Unit.id)
            .outerjoin(membership, joined).outerjoin(cluster, cluster.c.id == membership.c.cluster_id)
            .outerjoin(User, Registration.registered_by_id == User.id)
            .where(Registration.movement_id == launch.movement_id, Registration.year == filters.year,
                   *_unit_filters(filters)))


def count_registrations(launch: MovementLaunch, filters: Filters) -> int:
    query = select(func.count()).select_from(Registration).join(Unit, Registration.unit_id == Unit.id).where(
        Registration.movement_id == launch.movement_id, Registration.year == filters.year, *_unit_filters(filters))
    return db.session.scalar(query) or 0


def _rows(launch: MovementLaunch, filters: Filters, result, *, with_targets: bool) -> list[RegistrationRow]:
    from app.movements.operations import registration_deadline

    deadline = registration_deadline(launch, filters.year)
    base = list(result)
    ids = [row[0] for row in base]
    awards: dict[int, list[str]] = defaultdict(list)
    targets: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for chunk in _chunks(ids, 1000):
        for registration_id, name in db.session.execute(
                select(registration_award.c.registration_id, Award.name)
                .join(Award, Award.id == registration_award.c.award_id)
                .where(registration_award.c.registration_id.in_(chunk)).order_by(Award.sort_order, Award.id)):
            awards[registration_id].append(name)
        if with_targets:
            for registration_id, code, value, text, unit_label in db.session.execute(
                    select(RegistrationTarget.registration_id, ContentGroup.code, RegistrationTarget.value,
                           RegistrationTarget.text, ContentGroup.unit_label)
                    .join(ContentGroup, ContentGroup.id == RegistrationTarget.content_group_id)
                    .where(RegistrationTarget.registration_id.in_(chunk))
                    .order_by(ContentGroup.sort_order, ContentGroup.id)):
                shown = text if value is None else f"{format_score(value)} {unit_label}".strip()
                targets[registration_id].append((code, shown))
    return [RegistrationRow(id=rid, unit_id=uid, unit_code=code, unit_name=name, unit_kind=kind, cluster=cluster or "",
                            registered_on=on, registered_by=by or "", deadline=deadline,
                            awards=tuple(awards.get(rid, ())), targets=tuple(targets.get(rid, ())))
            for rid, uid, code, name, kind, cluster, on, by in base]


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def registrations_page(launch: MovementLaunch, filters: Filters, page: int) -> tuple[list[RegistrationRow], int]:
    total = count_registrations(launch, filters)
    query = _registration_query(launch, filters).order_by(Unit.name, Unit.id) \
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    return _rows(launch, filters, db.session.execute(query), with_targets=False), total


def all_registrations(launch: MovementLaunch, filters: Filters) -> list[RegistrationRow]:
    query = _registration_query(launch, filters).order_by(Unit.name, Unit.id)
    return _rows(launch, filters, db.session.execute(query), with_targets=True)


@dataclass(frozen=True)
class MissingRow:
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: UnitKind
    cluster: str


def _missing_query(launch: MovementLaunch, filters: Filters):
    registered = select(Registration.unit_id).where(Registration.movement_id == launch.movement_id,
                                                    Registration.year == filters.year)
    return select(Unit.id).where(expected_units(filters.year), Unit.id.not_in(registered), *_unit_filters(filters))


def count_missing(launch: MovementLaunch, filters: Filters) -> int:
    return db.session.scalar(select(func.count()).select_from(_missing_query(launch, filters).subquery())) or 0


def missing_units(launch: MovementLaunch, filters: Filters, page: int | None = None) -> list[MissingRow]:
    """Units expected to register in the year that have not (all of them when ``page`` is None)."""
    membership, cluster, joined = _cluster_of_year(filters.year)
    query = (select(Unit.id, Unit.code, Unit.name, Unit.kind, cluster.c.name)
             .outerjoin(membership, joined).outerjoin(cluster, cluster.c.id == membership.c.cluster_id)
             .where(Unit.id.in_(_missing_query(launch, filters))).order_by(Unit.name, Unit.id))
    if page is not None:
        query = query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    return [MissingRow(uid, code, name, kind, cluster_name or "")
            for uid, code, name, kind, cluster_name in db.session.execute(query)]


# --- units' plans ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanRow:
    unit_id: int
    unit_code: str
    unit_name: str
    plan_id: int | None
    file_name: str
    uploaded_on: date | None
    late_days: int  # working days after the deadline (0: on time, or not due yet)

    @property
    def status(self) -> str:
        if self.plan_id is None:
            return "missing"
        return "late" if self.late_days > 0 else "on_time"


def plan_rows(launch: MovementLaunch, today: date, status: str = "") -> list[PlanRow]:
    """Every expected unit with its plan (or none) and how many working days late it came (or is)."""
    deadline = launch.plan_deadline
    year = deadline.year if deadline else today.year
    query = (select(Unit.id, Unit.code, Unit.name, UnitPlan.id, UnitPlan.original_name, UnitPlan.uploaded_on)
             .outerjoin(UnitPlan, and_(UnitPlan.unit_id == Unit.id, UnitPlan.movement_id == launch.movement_id))
             .where(expected_units(year)).order_by(Unit.name, Unit.id))
    calendar = WorkingCalendar.load()
    rows = []
    for uid, code, name, plan_id, file_name, uploaded_on in db.session.execute(query):
        late = 0
        if deadline is not None:
            until = uploaded_on if plan_id is not None else today
            late = max(0, calendar.working_days_between(deadline, until)) if until and until > deadline else 0
        rows.append(PlanRow(uid, code, name, plan_id, file_name or "", uploaded_on, late))
    if status:
        rows = [row for row in rows if row.status == status]
    return rows


# --- XLSX ---------------------------------------------------------------------------------------------------

def registrations_xlsx(launch: MovementLaunch, filters: Filters, rows: list[RegistrationRow]) -> bytes:
    """The year's registrations, print-ready (title, export date, the header on every page)."""
    title = _("Registrations for %(year)s: %(movement)s", year=filters.year, movement=launch.movement.name)
    headers = [_("No."), _("Unit code"), _("Unit"), _("Target group"), _("Cluster / bloc"), _("Registered on"),
               _("Late"), _("Titles aimed for"), _("Targets")]
    widths = [6, 12, 36, 24, 24, 14, 8, 36, 60]
    return build(title, _("Registrations"), headers, widths, (
        [index, row.unit_code, row.unit_name, str(target_group_of(row.unit_kind).label), row.cluster,
         row.registered_on, _("yes") if row.late else "", "; ".join(row.awards),
         "; ".join(f"{code}: {shown}" for code, shown in row.targets)]
        for index, row in enumerate(rows, start=1)))


def missing_xlsx(launch: MovementLaunch, filters: Filters, rows: list[MissingRow]) -> bytes:
    title = _("Not registered for %(year)s: %(movement)s", year=filters.year, movement=launch.movement.name)
    headers = [_("No."), _("Unit code"), _("Unit"), _("Target group"), _("Cluster / bloc")]
    return build(title, _("Not registered"), headers, [6, 14, 44, 30, 30], (
        [index, row.unit_code, row.unit_name, str(target_group_of(row.unit_kind).label), row.cluster]
        for index, row in enumerate(rows, start=1)))


@dataclass(frozen=True)
class ClusterCount:
    cluster_id: int | None
    cluster: str
    expected: int
    registered: int


def cluster_summary(launch: MovementLaunch, year: int) -> list[ClusterCount]:
    """Per cluster or bloc of the year (and the units in none): units expected to register and how many did;
    one GROUP BY."""
    membership, cluster, joined = _cluster_of_year(year)
    registered = and_(Registration.unit_id == Unit.id, Registration.movement_id == launch.movement_id,
                      Registration.year == year)
    rows = db.session.execute(
        select(cluster.c.id, cluster.c.name, func.count(Unit.id), func.count(Registration.id))
        .select_from(Unit).outerjoin(membership, joined).outerjoin(cluster, cluster.c.id == membership.c.cluster_id)
        .outerjoin(Registration, registered).where(expected_units(year))
        .group_by(cluster.c.id, cluster.c.name).order_by(cluster.c.name))
    return [ClusterCount(cid, name or "", expected, done) for cid, name, expected, done in rows]
