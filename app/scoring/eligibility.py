"""Cluster ranks as facts for the eligibility engine: a collective's place in its cluster's scoring of the
proposal's year (only a locked ranking counts; the engine says so of one that is not locked yet).

The engine's facts are read below this package and the ranking is computed here: whoever asks for a
verdict passes these in (``app.workflow.eligibility_panel``). ``cluster_rank_facts_for(dossiers)`` answers
for many dossiers in a fixed number of statements (the rounds of every cluster concerned ranked together).
"""
from collections.abc import Iterable

from sqlalchemy import select, tuple_
from sqlalchemy.orm import joinedload

from app.eligibility.facts import ClusterRankFact
from app.extensions import db
from app.models import Campaign, ClusterMembership, ClusterScoring, Collective, Dossier, ScoringStatus
from app.scoring.operations import compute_rankings


def cluster_rank_facts_for(dossiers: Iterable[Dossier]) -> dict[int, tuple[ClusterRankFact, ...]]:
    """dossier id → the collective nominee's places in the scorings of its cluster in the proposal's year
    (no entry for a person)."""
    chosen = [d for d in dict.fromkeys(dossiers) if d.nominee_collective_id is not None]
    if not chosen:
        return {}
    # The unit a collective is (a unit or sub-unit), else the nominating unit; the campaign's year.
    units = dict(db.session.execute(select(Collective.id, Collective.unit_id).where(
        Collective.id.in_({d.nominee_collective_id for d in chosen}))).all())
    years = dict(db.session.execute(select(Campaign.id, Campaign.year).where(
        Campaign.id.in_({d.campaign_id for d in chosen}))).all())
    wanted = {d.id: (units.get(d.nominee_collective_id or 0) or d.unit_id, years[d.campaign_id]) for d in chosen}
    rows = db.session.execute(
        select(ClusterScoring, ClusterMembership.unit_id).options(joinedload(ClusterScoring.cluster))
        .join(ClusterMembership, (ClusterMembership.cluster_id == ClusterScoring.cluster_id)
              & (ClusterMembership.year == ClusterScoring.year))
        .where(tuple_(ClusterMembership.unit_id, ClusterScoring.year).in_(sorted(set(wanted.values()))))
        .order_by(ClusterScoring.id)).unique().all()
    scorings_of: dict[tuple[int, int], list[ClusterScoring]] = {}
    for scoring, unit_id in rows:
        scorings_of.setdefault((unit_id, scoring.year), []).append(scoring)
    rankings = compute_rankings([s for found in scorings_of.values() for s in found])
    facts: dict[int, tuple[ClusterRankFact, ...]] = {}
    for dossier_id, (unit_id, year) in wanted.items():
        found = []
        for scoring in scorings_of.get((unit_id, year), ()):
            ranked = [r.unit_id for r in rankings[scoring.id].ranked]
            if unit_id in ranked:
                found.append(ClusterRankFact(year=scoring.year, rank=ranked.index(unit_id) + 1,
                                             locked=scoring.status is ScoringStatus.LOCKED,
                                             cluster=scoring.cluster.name))
        facts[dossier_id] = tuple(found)
    return facts


def cluster_rank_facts(dossier: Dossier) -> tuple[ClusterRankFact, ...]:
    """The collective nominee's places in the scorings of its cluster in the proposal's year (none for a person)."""
    return cluster_rank_facts_for([dossier]).get(dossier.id, ())
