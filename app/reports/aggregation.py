"""The aggregated report of a round, for the Chairman: every figure per target group and in total, and
every unit's values.

What is counted: the reports submitted or accepted (a draft or a report returned for correction is not,
until it comes back). How a figure is aggregated follows its type:

* whole and decimal numbers are **summed** (a unit that left a number blank adds nothing);
* percentages are **averaged** over the units that gave one, each unit weighing the same (an unweighted
  mean: the units report rates of different bases, which the report does not know); the total is the
  average over all those units, not the average of the groups' averages;
* texts are **listed**, unit by unit.

A constant number of statements whatever the number of units and figures: the figures, one GROUP BY of
the values per figure and target group, one count of the reports per group and status, the counted
reports, and their values (``count_statements`` in the tests and the benchmark hold it to that).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import parse_pattern
from sqlalchemy import func, select

from app.extensions import db
from app.models import Unit
from app.models.reports import COUNTED_STATUSES, FigureType, ReportFigure, ReportRound, ReportValue, UnitReport
from app.models.target_groups import TargetGroup

# The groups that report (units): individuals are nominated, they do not report on the movement.
REPORTING_GROUPS = (TargetGroup.AGENCIES_AND_LOCALITIES, TargetGroup.FRONT_AND_MASS_ORGANISATIONS,
                    TargetGroup.ENTERPRISES)


@dataclass(frozen=True)
class Cell:
    """A figure's aggregate in one group (or all): the sum, and how many units gave a value."""

    total: Decimal | None
    count: int

    def value(self, figure: ReportFigure) -> Decimal | None:
        if self.count == 0 or self.total is None:
            return None
        if figure.value_type is FigureType.PERCENT:
            return self.total / self.count
        return self.total


@dataclass
class UnitLine:
    report_id: int
    unit_name: str
    target_group: TargetGroup
    narrative: str
    numbers: dict[int, Decimal | None] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)


@dataclass
class Aggregate:
    round: ReportRound
    figures: list[ReportFigure]
    cells: dict[tuple[int, TargetGroup | None], Cell]   # (figure id, group or None for all) → cell
    reports: dict[TargetGroup, tuple[int, int]]         # group → (counted reports, requested reports)
    units: list[UnitLine]

    def cell(self, figure: ReportFigure, group: TargetGroup | None) -> Cell:
        return self.cells.get((figure.id, group), Cell(None, 0))

    def value(self, figure: ReportFigure, group: TargetGroup | None) -> Decimal | None:
        return self.cell(figure, group).value(figure)

    def texts(self, figure: ReportFigure) -> list[tuple[str, str]]:
        return [(u.unit_name, u.texts[figure.id]) for u in self.units if u.texts.get(figure.id)]

    @property
    def counted(self) -> int:
        return sum(counted for counted, _requested in self.reports.values())

    @property
    def requested(self) -> int:
        return sum(requested for _counted, requested in self.reports.values())


def aggregate(report_round: ReportRound) -> Aggregate:
    figures = list(db.session.scalars(select(ReportFigure).where(
        ReportFigure.movement_id == report_round.movement_id, ReportFigure.active.is_(True))
        .order_by(ReportFigure.position, ReportFigure.code)))
    counted = (UnitReport.round_id == report_round.id) & UnitReport.status.in_(COUNTED_STATUSES)
    sums = db.session.execute(
        select(ReportValue.figure_id, UnitReport.target_group, func.sum(ReportValue.number),
               func.count(ReportValue.number))
        .join(UnitReport, UnitReport.id == ReportValue.report_id).where(counted)
        .group_by(ReportValue.figure_id, UnitReport.target_group)).all()
    cells: dict[tuple[int, TargetGroup | None], Cell] = {}
    overall_sum: dict[int, Decimal] = defaultdict(Decimal)
    overall_count: dict[int, int] = defaultdict(int)
    for figure_id, group, total, count in sums:
        cells[(figure_id, group)] = Cell(Decimal(total) if total is not None else None, count)
        if total is not None:
            overall_sum[figure_id] += Decimal(total)
            overall_count[figure_id] += count
    for figure_id, total_sum in overall_sum.items():
        cells[(figure_id, None)] = Cell(total_sum, overall_count[figure_id])
    reports: dict[TargetGroup, list[int]] = {group: [0, 0] for group in REPORTING_GROUPS}
    for group, status, how_many in db.session.execute(
            select(UnitReport.target_group, UnitReport.status, func.count())
            .where(UnitReport.round_id == report_round.id).group_by(UnitReport.target_group, UnitReport.status)):
        entry = reports.setdefault(group, [0, 0])
        entry[1] += how_many
        if status in COUNTED_STATUSES:
            entry[0] += how_many
    lines = {row.id: UnitLine(row.id, row.name, row.target_group, row.narrative or "") for row in db.session.execute(
        select(UnitReport.id, Unit.name, UnitReport.target_group, UnitReport.narrative)
        .join(Unit, Unit.id == UnitReport.unit_id).where(counted).order_by(UnitReport.target_group, Unit.name))}
    for report_id, figure_id, number, text in db.session.execute(
            select(ReportValue.report_id, ReportValue.figure_id, ReportValue.number, ReportValue.text)
            .join(UnitReport, UnitReport.id == ReportValue.report_id).where(counted)):
        line = lines[report_id]
        if text is not None:
            line.texts[figure_id] = text
        else:
            line.numbers[figure_id] = number
    return Aggregate(report_round, figures, cells, {g: (c, r) for g, (c, r) in reports.items()}, list(lines.values()))


@lru_cache(maxsize=8)
def _number_format(locale: str):
    """The pattern and locale parsed once: a 300-unit table formats 12,000 values."""
    return parse_pattern("#,##0.##"), Locale.parse(locale)


def format_figure(figure: ReportFigure, value: Decimal | None, locale: str = "vi") -> str:
    """A figure's value as printed: thousands grouped, at most 2 decimals, "%" after a percentage; "—" for none."""
    if value is None:
        return "—"
    pattern, parsed = _number_format(locale)
    text = pattern.apply(value, parsed)
    return f"{text} %" if figure.value_type is FigureType.PERCENT else text
