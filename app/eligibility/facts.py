"""The facts the eligibility engine reasons over: a nominee's history and the proposal, as frozen values.

They say nothing of where the facts are kept. ``flask eligibility check`` builds them from a CASE.json
(``app/eligibility/case_file.py``); the award registry will build them from its tables. Award codes are
the catalogue's (``Award.code``); a year is a calendar year of achievement.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.models import CampaignKind, DisciplineStatus, NomineeKind, Rating, Scope

# Results of these campaign kinds count toward merit streaks and windows; thematic (chuyên đề) and ad hoc
# (đột xuất) awards do not, unless a rule's ``campaign_kinds`` parameter says so (DOMAIN §5, §10d). This is
# the default of a case read from a file; the registry's cases carry the administrator's choice
# (app/campaign_kinds.counting_kinds) in ``Case.merit_kinds``.
MERIT_CAMPAIGN_KINDS = frozenset({CampaignKind.YEARLY, CampaignKind.MID_TERM, CampaignKind.FINAL})


@dataclass(frozen=True)
class Nominee:
    kind: NomineeKind
    name: str = ""
    birth_year: int | None = None


@dataclass(frozen=True)
class AwardFact:
    """An award or emulation title received (a registry entry)."""

    award: str
    year: int
    campaign_kind: CampaignKind = CampaignKind.YEARLY
    decision: str = ""  # the deciding document, e.g. "Quyết định số 12/QĐ-UBND ngày 05/01/2025"


@dataclass(frozen=True)
class RatingFact:
    """The yearly performance rating (đánh giá, xếp loại) of a person or a collective."""

    year: int
    rating: Rating


@dataclass(frozen=True)
class Use:
    """What an initiative was already used for: an award of a year."""

    award: str
    year: int


@dataclass(frozen=True)
class InitiativeFact:
    """An initiative (sáng kiến, đề tài, giải pháp) with its recognised scope of effect."""

    code: str
    year: int
    scope: Scope
    used_for: Use | None = None
    document: str = ""  # the recognising document


@dataclass(frozen=True)
class DisciplineFact:
    status: DisciplineStatus
    since: date
    until: date | None = None  # None: still in force (or still under review)

    def in_force_on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class ClusterRankFact:
    """The nominee's rank in its cluster's (or bloc's) scoring of a year; only a locked ranking counts."""

    year: int
    rank: int
    locked: bool
    cluster: str = ""


@dataclass(frozen=True)
class MembersFact:
    """Member statistics of a collective for a year: how many members, completed their tasks, earned
    Lao động tiên tiến, earned Chiến sĩ thi đua cơ sở."""

    year: int
    total: int
    completed: int
    ldtt: int
    cstd_co_so: int

    def value(self, name: str) -> int:
        return {"completed": self.completed, "ldtt": self.ldtt, "cstd_co_so": self.cstd_co_so}[name]


@dataclass(frozen=True)
class RegistrationFact:
    """A unit's registration (đăng ký thi đua) for a movement in a year."""

    year: int
    movement: str
    day: date | None = None


@dataclass(frozen=True)
class ProposalFact:
    """A proposal: the one judged (with the date that chooses the rule set), or another pending one."""

    award: str
    year: int
    campaign_kind: CampaignKind = CampaignKind.YEARLY
    day: date | None = None  # the proposal's date; None: 31 December of its year

    @property
    def on(self) -> date:
        return self.day or date(self.year, 12, 31)


@dataclass(frozen=True)
class History:
    awards: tuple[AwardFact, ...] = ()
    ratings: tuple[RatingFact, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()
    disciplines: tuple[DisciplineFact, ...] = ()
    cluster_ranks: tuple[ClusterRankFact, ...] = ()
    members: tuple[MembersFact, ...] = ()
    pending: tuple[ProposalFact, ...] = ()  # other proposals of the same nominee still being considered
    # The nominee unit's registrations for movements, and the years in which a published movement took
    # registrations at all (no registration that year: the rule does not apply).
    registrations: tuple[RegistrationFact, ...] = ()
    registration_years: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Case:
    nominee: Nominee
    proposal: ProposalFact
    history: History = field(default_factory=History)
    merit_kinds: frozenset[CampaignKind] = MERIT_CAMPAIGN_KINDS
