"""Eligibility rules as dated data (one row per rule of an award, per decree), and the small enums the
eligibility engine (``app/eligibility/``) reasons with: rule kinds, verdicts, ratings, initiative scopes and
disciplinary statuses.

A rule row names its kind (implemented once in ``app/eligibility/rules.py``), its parameters (JSON, checked
per kind before they are saved), the nominee kind it applies to (none: every kind), an optional alternative
label (rules sharing a label form one way to qualify; one such way is enough), its validity dates and the
legal text it comes from. The rules of an award in force on a proposal's date are its rule set.
"""
import enum
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.awards import Award, NomineeKind
from app.models.base import enum_column


class RuleKind(enum.Enum):
    """What a rule checks. Adding a kind is code: a member here (and its CHECK migration), then its
    parameter check and its evaluation in ``app/eligibility/rules.py``."""

    CONSECUTIVE = "consecutive"  # N consecutive years (or cycles) of a title or a rating
    WINDOW_COUNT = "window_count"  # K titles or ratings within the N years after a previous award
    INITIATIVES = "initiatives"  # at least K initiatives of a scope, each used for one title only
    MEMBER_SHARE = "member_share"  # shares of a collective's members with a rating or title
    CLUSTER_RANK = "cluster_rank"  # leading (within a rank) a locked cluster ranking
    NO_DUPLICATE = "no_duplicate"  # no second proposal of the same nominee × award × campaign
    ONE_FORM_PER_YEAR = "one_form_per_year"  # one form of commendation for one achievement in a year
    NO_DISCIPLINE = "no_discipline"  # no disciplinary measure or review in force
    REGISTERED = "registered"  # the unit registered (đăng ký thi đua) for the movement in the year

    @property
    def label(self):
        return {
            RuleKind.CONSECUTIVE: _l("Consecutive years of a title or rating"),
            RuleKind.WINDOW_COUNT: _l("Titles or ratings after a previous award"),
            RuleKind.INITIATIVES: _l("Initiatives by scope"),
            RuleKind.MEMBER_SHARE: _l("Shares of a collective's members"),
            RuleKind.CLUSTER_RANK: _l("Rank in a locked cluster ranking"),
            RuleKind.NO_DUPLICATE: _l("No duplicate proposal"),
            RuleKind.ONE_FORM_PER_YEAR: _l("One form per achievement and year"),
            RuleKind.NO_DISCIPLINE: _l("No discipline in force"),
            RuleKind.REGISTERED: _l("Registered for the movement in the year"),
        }[self]


class Verdict(enum.Enum):
    """The engine's answer, from the best to the worst: combining takes the worst."""

    ELIGIBLE = "eligible"
    NEEDS_EVIDENCE = "needs_evidence"  # the history lacks a year (or a figure) a rule needs
    NOT_ELIGIBLE = "not_eligible"
    HOLD = "hold"  # a disciplinary measure or review is in force

    @property
    def severity(self) -> int:
        return _SEVERITY[self]

    @property
    def label(self):
        return {
            Verdict.ELIGIBLE: _l("Eligible"),
            Verdict.NEEDS_EVIDENCE: _l("Needs evidence"),
            Verdict.NOT_ELIGIBLE: _l("Not eligible"),
            Verdict.HOLD: _l("On hold (discipline)"),
        }[self]


_SEVERITY = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_EVIDENCE: 1, Verdict.NOT_ELIGIBLE: 2, Verdict.HOLD: 3}


class Rating(enum.Enum):
    """A yearly performance rating (đánh giá, xếp loại), best first."""

    HTXS = "htxs"  # Hoàn thành xuất sắc nhiệm vụ
    HTT = "htt"  # Hoàn thành tốt nhiệm vụ
    HT = "ht"  # Hoàn thành nhiệm vụ
    KHT = "kht"  # Không hoàn thành nhiệm vụ

    @property
    def label(self):
        return {
            Rating.HTXS: _l("Excellent completion of duties"),
            Rating.HTT: _l("Good completion of duties"),
            Rating.HT: _l("Completion of duties"),
            Rating.KHT: _l("Duties not completed"),
        }[self]


class Scope(enum.Enum):
    """The scope of effect recognised for an initiative, narrowest first."""

    UNIT = "unit"
    PROVINCE = "province"
    NATIONAL = "national"

    @property
    def label(self):
        return {Scope.UNIT: _l("Unit (grassroots)"), Scope.PROVINCE: _l("Province-wide"),
                Scope.NATIONAL: _l("Nationwide")}[self]

    @property
    def rank(self) -> int:
        return list(Scope).index(self)


class DisciplineStatus(enum.Enum):
    UNDER_REVIEW = "under_review"  # being reviewed, investigated or a complaint being verified
    DISCIPLINED = "disciplined"  # a disciplinary measure in force

    @property
    def label(self):
        return {DisciplineStatus.UNDER_REVIEW: _l("Under review"),
                DisciplineStatus.DISCIPLINED: _l("Disciplined")}[self]

    @property
    def badge(self) -> str:
        return "danger" if self is DisciplineStatus.DISCIPLINED else "warning"


class EligibilityRule(Model):
    """One rule of an award's standard, valid between two dates (the decree in force)."""

    __tablename__ = "eligibility_rule"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_range"),
        Index("ix_eligibility_rule_award_dates", "award_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("award.id", ondelete="CASCADE"))
    kind: Mapped[RuleKind] = mapped_column(enum_column(RuleKind, "eligibility_rule_kind"))
    # None: the rule applies to every kind of nominee the award is given to.
    nominee_kind: Mapped[NomineeKind | None] = mapped_column(enum_column(NomineeKind, "rule_nominee_kind"))
    # Rules with the same non-empty label are one way to qualify; the award needs one whole way.
    alternative: Mapped[str] = mapped_column(String(20), default="")
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # The rule set it belongs to ("Nghị định 152/2025/NĐ-CP") and the text it comes from.
    rule_set: Mapped[str] = mapped_column(String(120))
    legal_basis: Mapped[str] = mapped_column(String(500), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    award: Mapped[Award] = relationship()

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
