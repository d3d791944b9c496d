"""Ranking a cluster's units from their sheets: pure arithmetic on plain values, no database.

Total = criteria (each capped at its maximum) + bonus (each item capped at its maximum, the sum at the
round's bonus cap) − penalties. A unit with an excluding penalty
is listed apart. Ties are broken by the configured rule: group totals in order, then the acclamation
vote's "for" count; units still equal share a rank.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from app.models.scoring import ItemKind, TieBreak

ZERO = Decimal("0")


@dataclass(frozen=True)
class Item:
    id: int
    kind: ItemKind
    group_id: int | None
    max_score: Decimal
    excludes: bool = False


@dataclass
class UnitResult:
    unit_id: int
    criteria_total: Decimal = ZERO
    bonus_total: Decimal = ZERO  # what the total counts: at most the round's cap
    bonus_earned: Decimal = ZERO  # the bonus items' sum before the cap
    penalty_total: Decimal = ZERO
    group_totals: list[Decimal] = field(default_factory=list)
    excluded: bool = False
    votes_for: int = 0
    rank: int | None = None
    tie_unresolved: bool = False

    @property
    def bonus_capped(self) -> bool:
        return self.bonus_earned > self.bonus_total

    @property
    def total(self) -> Decimal:
        return self.criteria_total + self.bonus_total - self.penalty_total


@dataclass
class Ranking:
    ranked: list[UnitResult]
    excluded: list[UnitResult]

    def top(self, count: int, skip: int = 0) -> list[UnitResult]:
        return self.ranked[skip:skip + count]


def capped_bonus(earned: Decimal, cap: Decimal | None) -> Decimal:
    """The bonus a total counts: what the items earned, at most the round's cap."""
    return earned if cap is None else min(earned, cap)


def compute(group_ids: list[int], items: list[Item], scores: dict[int, dict[int, Decimal | None]],
            votes_for: dict[int, int], tie_break: TieBreak, bonus_cap: Decimal | None = None) -> Ranking:
    """``scores`` maps unit id → item id → final score (adjusted or self); ``group_ids`` in order;
    ``bonus_cap`` the most bonus points a total counts (None: no cap)."""
    position = {gid: i for i, gid in enumerate(group_ids)}
    results = []
    for unit_id, unit_scores in scores.items():
        result = UnitResult(unit_id=unit_id, group_totals=[ZERO] * len(group_ids), votes_for=votes_for.get(unit_id, 0))
        for item in items:
            value = unit_scores.get(item.id) or ZERO
            if item.kind is ItemKind.CRITERION:
                value = min(value, item.max_score)
                result.criteria_total += value
                if item.group_id is not None:  # a criterion always has its group (CHECK on scoring_item)
                    result.group_totals[position[item.group_id]] += value
            elif item.kind is ItemKind.BONUS:
                result.bonus_earned += min(value, item.max_score)
            else:
                result.penalty_total += min(value, item.max_score)
                if item.excludes and value > 0:
                    result.excluded = True
        result.bonus_total = capped_bonus(result.bonus_earned, bonus_cap)
        results.append(result)

    def key(r: UnitResult) -> tuple:
        parts: list[Decimal | int] = [-r.total]
        if tie_break is TieBreak.GROUPS_THEN_VOTE:
            parts.extend(-g for g in r.group_totals)
        parts.append(-r.votes_for)
        return tuple(parts)

    ranked = sorted((r for r in results if not r.excluded), key=lambda r: (key(r), r.unit_id))
    previous_key, rank = None, 0
    for index, result in enumerate(ranked, start=1):
        current = key(result)
        if current != previous_key:
            rank = index
        else:
            result.tie_unresolved = True
            ranked[index - 2].tie_unresolved = True
        result.rank = rank
        previous_key = current
    excluded = sorted((r for r in results if r.excluded), key=lambda r: (-r.total, r.unit_id))
    return Ranking(ranked=ranked, excluded=excluded)
