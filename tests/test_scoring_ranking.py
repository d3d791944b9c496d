"""Ranking arithmetic (app/scoring/ranking.py): totals, exclusions, tie-breaks, shared ranks."""
from decimal import Decimal

import pytest

from app.models import ItemKind, TieBreak
from app.scoring import operations as ops
from app.scoring.ranking import Item, compute

D = Decimal
G1, G2 = 1, 2
ITEMS = [
    Item(11, ItemKind.CRITERION, G1, D(30)),
    Item(12, ItemKind.CRITERION, G1, D(30)),
    Item(21, ItemKind.CRITERION, G2, D(40)),
    Item(91, ItemKind.BONUS, None, D(10)),
    Item(92, ItemKind.PENALTY, None, D(5)),
    Item(93, ItemKind.PENALTY, None, D(1), excludes=True),
]


def rank(scores: dict, votes: dict | None = None, tie_break=TieBreak.GROUPS_THEN_VOTE):
    """``scores``: unit → {item id: value}; values as strings for readability."""
    as_decimal = {unit: {item: None if v is None else D(v) for item, v in s.items()} for unit, s in scores.items()}
    return compute([G1, G2], ITEMS, as_decimal, votes or {}, tie_break)


def order(result) -> list[tuple[int, int]]:
    return [(r.unit_id, r.rank) for r in result.ranked]


# --- totals ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("scores, criteria, bonus, penalty, total", [
    ({11: "30", 12: "30", 21: "40"}, "100", "0", "0", "100"),
    ({11: "25.5", 12: "20", 21: "30", 91: "10"}, "75.5", "10", "0", "85.5"),
    ({11: "25", 12: "20", 21: "30", 92: "3"}, "75", "0", "3", "72"),
    ({11: "25", 12: "20", 21: "30", 91: "5", 92: "2.5"}, "75", "5", "2.5", "77.5"),
    # Values above an item's maximum (an adjustment typed before the maximum was lowered) are capped.
    ({11: "45", 12: "30", 21: "40", 91: "12", 92: "9"}, "100", "10", "5", "105"),
    # Items left empty count as zero.
    ({11: "10", 12: None}, "10", "0", "0", "10"),
    ({}, "0", "0", "0", "0"),
])
def test_total_is_capped_criteria_plus_bonus_minus_penalties(scores, criteria, bonus, penalty, total):
    result = rank({7: scores}).ranked[0]
    assert (result.criteria_total, result.bonus_total, result.penalty_total, result.total) == \
        (D(criteria), D(bonus), D(penalty), D(total))


def test_group_totals_follow_the_group_order():
    result = rank({7: {11: "10", 12: "15", 21: "33"}}).ranked[0]
    assert result.group_totals == [D(25), D(33)]


# --- exclusion -------------------------------------------------------------------------------------

@pytest.mark.parametrize("excluding_value, excluded", [("1", True), ("0.5", True), ("0", False), (None, False)])
def test_an_excluding_penalty_lists_the_unit_apart(excluding_value, excluded):
    result = rank({1: {11: "30", 12: "30", 21: "40", 93: excluding_value}, 2: {11: "10"}})
    assert [r.unit_id for r in result.excluded] == ([1] if excluded else [])
    assert [r.unit_id for r in result.ranked] == ([2] if excluded else [1, 2])
    assert all(r.rank is None for r in result.excluded)
    assert result.ranked[0].rank == 1  # the next unit takes first place


def test_excluded_units_are_listed_by_total():
    result = rank({1: {11: "10", 93: "1"}, 2: {11: "20", 93: "1"}, 3: {11: "5"}})
    assert [r.unit_id for r in result.excluded] == [2, 1]
    assert order(result) == [(3, 1)]


def test_an_ordinary_penalty_lowers_the_total_without_excluding():
    result = rank({1: {11: "30", 92: "5"}, 2: {11: "26"}})
    assert order(result) == [(2, 1), (1, 2)]
    assert result.excluded == []


# --- ties ------------------------------------------------------------------------------------------

def test_higher_total_wins_whatever_the_groups_and_votes():
    result = rank({1: {21: "40"}, 2: {11: "30", 12: "10.5"}}, votes={1: 9, 2: 0})
    assert order(result) == [(2, 1), (1, 2)]


@pytest.mark.parametrize("first, second, expected", [
    # Same total 70: the first group decides.
    ({11: "30", 12: "10", 21: "30"}, {11: "20", 12: "10", 21: "40"}, [1, 2]),
    ({11: "20", 12: "10", 21: "40"}, {11: "30", 12: "10", 21: "30"}, [2, 1]),
    # Same total and same first group (40): the second group decides (bonus makes up the total).
    ({11: "20", 12: "20", 21: "30"}, {11: "20", 12: "20", 21: "25", 91: "5"}, [1, 2]),
    ({11: "20", 12: "20", 21: "25", 91: "5"}, {11: "20", 12: "20", 21: "30"}, [2, 1]),
])
def test_ties_are_broken_by_the_first_group_then_the_next(first, second, expected):
    result = rank({1: first, 2: second}, votes={1: 0, 2: 5})
    assert [r.unit_id for r in result.ranked] == expected
    assert [r.rank for r in result.ranked] == [1, 2]
    assert not any(r.tie_unresolved for r in result.ranked)


@pytest.mark.parametrize("votes, expected", [({1: 7, 2: 5}, [1, 2]), ({1: 5, 2: 7}, [2, 1]), ({2: 1}, [2, 1])])
def test_equal_groups_are_broken_by_the_votes_for(votes, expected):
    same = {11: "25", 12: "25", 21: "30"}
    result = rank({1: same, 2: dict(same)}, votes=votes)
    assert [r.unit_id for r in result.ranked] == expected
    assert [r.rank for r in result.ranked] == [1, 2]
    assert not any(r.tie_unresolved for r in result.ranked)


def test_vote_only_ignores_the_groups():
    better_first_group = {11: "30", 12: "30", 21: "20"}
    better_second_group = {11: "20", 12: "20", 21: "40"}
    by_groups = rank({1: better_first_group, 2: better_second_group}, votes={1: 3, 2: 6})
    by_vote = rank({1: better_first_group, 2: better_second_group}, votes={1: 3, 2: 6}, tie_break=TieBreak.VOTE_ONLY)
    assert [r.unit_id for r in by_groups.ranked] == [1, 2]
    assert [r.unit_id for r in by_vote.ranked] == [2, 1]


def test_vote_only_without_votes_leaves_the_tie_unresolved():
    result = rank({1: {11: "30", 21: "20"}, 2: {11: "20", 21: "30"}}, tie_break=TieBreak.VOTE_ONLY)
    assert [r.rank for r in result.ranked] == [1, 1]
    assert all(r.tie_unresolved for r in result.ranked)


@pytest.mark.parametrize("votes", [{}, {1: 4, 2: 4}])
def test_an_unresolved_tie_shares_the_rank_and_is_flagged(votes):
    same = {11: "25", 12: "25", 21: "30"}
    result = rank({1: same, 2: dict(same), 3: {11: "30", 12: "30", 21: "40"}, 4: {11: "1"}}, votes=votes)
    ranks = {r.unit_id: (r.rank, r.tie_unresolved) for r in result.ranked}
    assert ranks == {3: (1, False), 1: (2, True), 2: (2, True), 4: (4, False)}


def test_three_units_tied_all_share_the_rank():
    same = {11: "10"}
    result = rank({1: same, 2: dict(same), 3: dict(same)})
    assert [r.rank for r in result.ranked] == [1, 1, 1]
    assert all(r.tie_unresolved for r in result.ranked)


# --- from the database ----------------------------------------------------------------------------

def test_compute_ranking_uses_the_adjusted_score_over_the_self_score(make):
    a, b = make.make_unit("Sở A"), make.make_unit("Sở B")
    cluster = make.make_cluster(members=[a, b], year=2025, lead=a)
    from app.models import ScoringStatus

    scoring = make.make_scoring(cluster, status=ScoringStatus.OPEN)
    make.set_scores(scoring, a, {"1.1": 30, "1.2": 30, "2.1": 40}, adjusted={"2.1": 20})
    make.set_scores(scoring, b, {"1.1": 25, "1.2": 25, "2.1": 30, "T1": 5, "D1": 2})
    result = ops.compute_ranking(scoring)
    assert [(r.unit_id, r.total) for r in result.ranked] == [(b.id, D(83)), (a.id, D(80))]
    assert result.ranked[1].group_totals == [D(60), D(20)]
