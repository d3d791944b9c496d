"""The dashboard's numbers: one GROUP BY statement per table, within the user's scope and the filters.

Every query starts from ``access.dashboard_scope`` and adds the filters as more WHERE terms, so a filter
(even one naming a unit outside the scope) can only narrow what the user may see. The number of
statements does not depend on the number of dossiers; the stage durations fetch (stage, start day,
end day, count) groups, so the percentiles are computed over a few thousand groups, not every event.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.orm import aliased

from app.access import dashboard_scope, unit_subtree_ids
from app.extensions import db
from app.models import (
    Award,
    AwardLevel,
    Campaign,
    Cluster,
    ClusterMembership,
    Dossier,
    DossierEvent,
    Gender,
    Movement,
    NomineeKind,
    OccupationGroup,
    Person,
    State,
    Unit,
    User,
)
from app.models.base import local_today
from app.models.states import FINAL_STATES
from app.numbers import to_id
from app.workflow.calendar import WorkingCalendar

# Tables shown as charts list at most this many bars (the biggest); the table and its export list all.
CHART_BARS = 15


@dataclass
class Filters:
    """The dashboard's filters, from and back to the URL's query string."""

    movement: int | None = None
    year: int | None = None
    campaign: int | None = None
    award: int | None = None
    unit: int | None = None
    cluster: int | None = None

    @classmethod
    def from_args(cls, args) -> Filters:
        year = args.get("year", "")
        # ASCII digits only: str.isdigit() accepts "²", which int() refuses.
        year = year if year.isascii() and year.isdigit() and len(year) == 4 else ""
        return cls(
            movement=args.get("movement", type=to_id), campaign=args.get("campaign", type=to_id),
            award=args.get("award", type=to_id), unit=args.get("unit", type=to_id),
            cluster=args.get("cluster", type=to_id),
            year=int(year) if year.isdigit() and 1945 <= int(year) <= 2200 else None,
        )

    def as_args(self) -> dict:
        values = {"movement": self.movement, "year": self.year, "campaign": self.campaign, "award": self.award,
                  "unit": self.unit, "cluster": self.cluster}
        return {k: v for k, v in values.items() if v is not None}


@dataclass
class Table:
    """One table of the dashboard (and of its export): a title, headers and rows of cells."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # The chart: (label, value) of the column charted, or None for a table without a chart.
    chart_column: int | None = 1
    second_column: int | None = None  # a second series (e.g. the 90th percentile beside the median)
    note: str = ""
    empty: str = ""  # what to say when there are no rows (else "No dossiers match.")

    def chart_rows(self) -> list[tuple[str, float, float | None]]:
        column = self.chart_column
        if column is None:
            return []
        rows = [r for r in self.rows if isinstance(r[column], int | float)]
        # Units and clusters come biggest first already (the query's order): the chart keeps the first ones.
        rows = rows[:CHART_BARS]
        second = self.second_column
        return [(str(r[0]), r[column], r[second] if second is not None else None) for r in rows]


def choices(user: User) -> dict:
    """Options of the filter selects. Units and clusters: the ones the user's scope has dossiers of."""
    scope = dashboard_scope(user)
    has_visible = select(Dossier.id).where(Dossier.unit_id == Unit.id, scope).exists()
    in_cluster = exists().where(ClusterMembership.cluster_id == Cluster.id,
                                select(Dossier.id).where(Dossier.unit_id == ClusterMembership.unit_id, scope).exists())
    return {
        "movements": db.session.scalars(select(Movement).order_by(Movement.start_year.desc(), Movement.name)).all(),
        "years": db.session.scalars(select(Campaign.year).distinct().order_by(Campaign.year.desc())).all(),
        "campaigns": db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.name)).all(),
        "awards": db.session.scalars(select(Award).order_by(Award.sort_order, Award.name)).all(),
        "units": db.session.scalars(select(Unit).where(has_visible).order_by(Unit.name)).all(),
        "clusters": db.session.scalars(select(Cluster).where(in_cluster).order_by(Cluster.name)).all(),
    }


def conditions(user: User, filters: Filters) -> list[ColumnElement[bool]]:
    """The WHERE terms: the user's scope first, then each filter (all on Dossier)."""
    terms: list[ColumnElement[bool]] = [dashboard_scope(user)]
    campaign_terms = []
    if filters.movement:
        campaign_terms.append(Campaign.movement_id == filters.movement)
    if filters.year:
        campaign_terms.append(Campaign.year == filters.year)
    if campaign_terms:
        terms.append(Dossier.campaign_id.in_(select(Campaign.id).where(*campaign_terms)))
    if filters.campaign:
        terms.append(Dossier.campaign_id == filters.campaign)
    if filters.award:
        terms.append(Dossier.award_id == filters.award)
    if filters.unit:
        # A unit and its sub-units; still within the scope above, so another unit's tree yields nothing.
        terms.append(Dossier.unit_id.in_(unit_subtree_ids(filters.unit)))
    if filters.cluster:
        # Member units of the cluster in the year of the dossier's campaign (membership changes yearly).
        # Aliases, correlated to Dossier only: the cluster table's own query joins these tables too.
        member, campaign = aliased(ClusterMembership), aliased(Campaign)
        terms.append(select(member.id).join(campaign, campaign.year == member.year).where(
            member.cluster_id == filters.cluster, member.unit_id == Dossier.unit_id,
            campaign.id == Dossier.campaign_id).correlate(Dossier).exists())
    return terms


def _overdue(today: date) -> ColumnElement[bool]:
    # The inbox's notion: a stage whose working-day deadline has passed, on a dossier still moving.
    return and_(Dossier.stage_due_on.is_not(None), Dossier.stage_due_on < today,
                Dossier.state.not_in(list(FINAL_STATES)))


def by_state(user: User, filters: Filters) -> tuple[Table, Table]:
    """Dossiers by state, and the overdue ones per stage (the same statement)."""
    overdue = func.sum(case((_overdue(local_today()), 1), else_=0))
    rows = dict((state, (count, late or 0)) for state, count, late in db.session.execute(
        select(Dossier.state, func.count(), overdue).where(*conditions(user, filters)).group_by(Dossier.state)))
    states = Table("state", _("Dossiers by state"), [_("State"), _("Dossiers")],
                   [[str(s.label), rows[s][0]] for s in State if s in rows])
    late = Table("overdue", _("Overdue per stage"), [_("Stage"), _("Dossiers"), _("Overdue")],
                 [[str(s.label), rows[s][0], rows[s][1]] for s in State if s in rows and s not in FINAL_STATES],
                 chart_column=2, note=_("Overdue: the stage's deadline (working days) has passed."))
    return states, late


def by_award(user: User, filters: Filters) -> tuple[Table, Table]:
    """Dossiers by award (with how many were awarded), and the same summed by the award's level."""
    awarded = func.sum(case((Dossier.state == State.AWARDED, 1), else_=0))
    rows = db.session.execute(
        select(Award.name, Award.level, func.count(), awarded).join(Dossier, Dossier.award_id == Award.id)
        .where(*conditions(user, filters)).group_by(Award.id, Award.name, Award.level, Award.sort_order)
        .order_by(Award.sort_order, Award.name)).all()
    awards = Table("award", _("Dossiers by award"), [_("Award"), _("Dossiers"), _("Awarded")],
                   [[name, count, done or 0] for name, _level, count, done in rows])
    levels: dict[AwardLevel, list[int]] = defaultdict(lambda: [0, 0])
    for _name, level, count, done in rows:
        levels[level][0] += count
        levels[level][1] += done or 0
    level_table = Table("level", _("Awards by authority level"), [_("Level"), _("Dossiers"), _("Awarded")],
                        [[str(lv.label), *levels[lv]] for lv in AwardLevel if lv in levels])
    return awards, level_table


def by_unit(user: User, filters: Filters) -> Table:
    rows = db.session.execute(
        select(Unit.name, func.count()).join(Dossier, Dossier.unit_id == Unit.id)
        .where(*conditions(user, filters)).group_by(Unit.id, Unit.name).order_by(func.count().desc(), Unit.name)).all()
    return Table("unit", _("Dossiers by nominating unit"), [_("Unit"), _("Dossiers")],
                 [[name, count] for name, count in rows])


def by_cluster(user: User, filters: Filters) -> Table:
    """Dossiers of each cluster's member units (membership of the campaign's year)."""
    rows = db.session.execute(
        select(Cluster.name, func.count()).select_from(Dossier)
        .join(Campaign, Campaign.id == Dossier.campaign_id)
        .join(ClusterMembership, and_(ClusterMembership.unit_id == Dossier.unit_id,
                                      ClusterMembership.year == Campaign.year))
        .join(Cluster, Cluster.id == ClusterMembership.cluster_id)
        .where(*conditions(user, filters)).group_by(Cluster.id, Cluster.name)
        .order_by(func.count().desc(), Cluster.name)).all()
    return Table("cluster", _("Dossiers by cluster"), [_("Cluster"), _("Dossiers")],
                 [[name, count] for name, count in rows],
                 note=_("A unit that belongs to no cluster in the campaign's year is not counted here."))


def _day(value) -> date:
    # SQLite's date() returns text, PostgreSQL's a date.
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def percentile(durations: list[tuple[int, int]], fraction: float) -> float:
    """The nearest-rank percentile of (duration, count) pairs sorted by duration."""
    total = sum(n for _d, n in durations)
    rank = max(1, math.ceil(fraction * total))
    seen = 0
    for duration, n in durations:
        seen += n
        if seen >= rank:
            return duration
    return durations[-1][0]


def stage_durations(user: User, filters: Filters, calendar: WorkingCalendar | None = None) -> Table:
    """Median and 90th percentile of working days spent in each stage, from the history's transitions.

    A stage starts with the event that entered it and ends with the dossier's next event (a window
    function, on SQLite too). Only finished stages count. Days are the events' UTC dates: office hours in
    Vietnam (UTC+7) fall on the same UTC date. The statement returns one row per (stage, start day,
    end day) with its count, so Python walks the distinct day pairs, not every event.
    """
    scoped = select(Dossier.id).where(*conditions(user, filters))
    steps = (
        select(DossierEvent.to_state.label("stage"), DossierEvent.created_at.label("started"),
               func.lead(DossierEvent.created_at).over(partition_by=DossierEvent.dossier_id,
                                                       order_by=DossierEvent.id).label("ended"))
        .where(DossierEvent.dossier_id.in_(scoped))
        .subquery()
    )
    started, ended = func.date(steps.c.started), func.date(steps.c.ended)
    rows = db.session.execute(
        select(steps.c.stage, started, ended, func.count()).where(steps.c.ended.is_not(None))
        .group_by(steps.c.stage, started, ended)).all()
    calendar = calendar or WorkingCalendar.load()
    per_stage: dict[State, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    days = [(_day(a), _day(b)) for _s, a, b, _n in rows]
    index = _working_day_index(calendar, days)
    for (stage, _a, _b, count), (start, end) in zip(rows, days):
        per_stage[stage][max(0, index[end] - index[start])] += count
    table = Table("stages", _("Working days per stage"),
                  [_("Stage"), _("Median"), _("90th percentile"), _("Finished stages")], chart_column=1,
                  second_column=2,
                  note=_("Working days from entering a stage to leaving it, finished stages only."),
                  empty=_("No stage of these dossiers has finished yet."))
    for state in State:
        if state in per_stage:
            pairs = sorted(per_stage[state].items())
            table.rows.append([str(state.label), percentile(pairs, 0.5), percentile(pairs, 0.9),
                               sum(per_stage[state].values())])
    return table


def _working_day_index(calendar: WorkingCalendar, pairs: list[tuple[date, date]]) -> dict[date, int]:
    """Day → working days since the first day: the working days between two days is a subtraction."""
    if not pairs:
        return {}
    first = min(min(a, b) for a, b in pairs)
    last = max(max(a, b) for a, b in pairs)
    index, count, day = {}, 0, first
    while day <= last:
        if day != first and calendar.is_working_day(day):
            count += 1
        index[day] = count
        day += timedelta(days=1)
    return index


def shares(user: User, filters: Filters) -> Table:
    """Per award, the shares statutory emulation reports state (DOMAIN §10d), among individual nominees,
    from the linked person's record (gender falls back to the dossier's own). What no record says is
    counted as "not recorded", never guessed."""
    person = Person
    female = case((person.gender == Gender.FEMALE, 1),
                  (and_(person.gender.is_(None), Dossier.nominee_gender == Gender.FEMALE), 1), else_=0)
    no_gender = case((and_(person.gender.is_(None), Dossier.nominee_gender.is_(None)), 1), else_=0)
    minority = case((person.is_ethnic_minority.is_(True), 1), else_=0)
    # Without a record, or a record with neither ethnicity nor the minority flag, nothing is known.
    no_ethnicity = case((person.id.is_(None), 1),
                        (and_(person.is_ethnic_minority.is_not(True), func.coalesce(person.ethnicity, "") == ""), 1),
                        else_=0)

    def group(value):
        return func.sum(case((person.occupation_group == value, 1), else_=0))

    no_group = func.sum(case((person.occupation_group.is_(None), 1), else_=0))
    rows = db.session.execute(
        select(Award.name, func.count(), func.sum(female), func.sum(no_gender), func.sum(minority),
               func.sum(no_ethnicity), group(OccupationGroup.DIRECT_WORKER), group(OccupationGroup.FARMER),
               group(OccupationGroup.LEADER), group(OccupationGroup.STAFF), no_group)
        .select_from(Dossier).join(Award, Award.id == Dossier.award_id)
        .outerjoin(person, person.id == Dossier.nominee_person_id)
        .where(*conditions(user, filters), Dossier.nominee_kind == NomineeKind.INDIVIDUAL)
        .group_by(Award.id, Award.name, Award.sort_order).order_by(Award.sort_order, Award.name)).all()
    table = Table("shares", _("Shares for the emulation reports (individuals)"),
                  [_("Award"), _("Individuals"), _("Women"), _("Women %"), _("Gender not recorded"),
                   _("Ethnic minorities"), _("Ethnic minorities %"), _("Ethnicity not recorded"),
                   _("Direct workers and farmers"), _("Direct workers and farmers %"), _("Leaders"), _("Staff"),
                   _("Occupation not recorded")],
                  chart_column=3,
                  note=_("Percentages are of the individuals whose record states it; \"not recorded\" counts "
                         "those whose record does not."))
    for name, total, women, no_g, minor, no_e, workers, farmers, leaders, staff, no_o in rows:
        women, no_g, minor, no_e = women or 0, no_g or 0, minor or 0, no_e or 0
        front_line, no_o = (workers or 0) + (farmers or 0), no_o or 0
        table.rows.append([name, total, women, _share(women, total - no_g), no_g, minor,
                           _share(minor, total - no_e), no_e, front_line, _share(front_line, total - no_o),
                           leaders or 0, staff or 0, no_o])
    return table


def _share(part: int, known: int) -> float | str:
    return round(100 * part / known, 1) if known else _("not recorded")


TABLES = ("state", "overdue", "award", "level", "unit", "cluster", "stages", "shares")


def compute(user: User, filters: Filters, only: str | None = None) -> dict[str, Table]:
    """The tables by key (all, or ``only`` one and what its statement yields alongside)."""
    tables: dict[str, Table] = {}
    if only in (None, "state", "overdue"):
        tables["state"], tables["overdue"] = by_state(user, filters)
    if only in (None, "award", "level"):
        tables["award"], tables["level"] = by_award(user, filters)
    if only in (None, "unit"):
        tables["unit"] = by_unit(user, filters)
    if only in (None, "cluster"):
        tables["cluster"] = by_cluster(user, filters)
    if only in (None, "stages"):
        tables["stages"] = stage_durations(user, filters)
    if only in (None, "shares"):
        tables["shares"] = shares(user, filters)
    return {key: tables[key] for key in TABLES if key in tables}
