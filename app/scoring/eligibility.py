"""Cluster ranks as facts for the eligibility engine: a collective's place in its cluster's scoring of the
proposal's year (only a locked ranking counts; the engine says so of one that is not locked yet).

The engine's facts are read below this package and the ranking is computed here: whoever asks for a
verdict passes these in (``app.workflow.eligibility_panel``).
"""
from sqlalchemy import select

from app.eligibility.facts import ClusterRankFact
from app.extensions import db
from app.models import ClusterMembership, ClusterScoring, Dossier, ScoringStatus
from app.scoring.operations import compute_ranking


def cluster_rank_facts(dossier: Dossier) -> tuple[ClusterRankFact, ...]:
    """The collective nominee's places in the scorings of its cluster in the proposal's year (none for a person)."""
    if dossier.nominee_collective_id is None:
        return ()
    collective = dossier.nominee_collective
    unit_id = collective.unit_id if collective is not None and collective.unit_id else dossier.unit_id
    year = dossier.campaign.year
    scorings = db.session.scalars(
        select(ClusterScoring)
        .join(ClusterMembership, (ClusterMembership.cluster_id == ClusterScoring.cluster_id)
              & (ClusterMembership.year == ClusterScoring.year))
        .where(ClusterScoring.year == year, ClusterMembership.unit_id == unit_id))
    facts = []
    for scoring in scorings:
        ranked = [r.unit_id for r in compute_ranking(scoring).ranked]
        if unit_id in ranked:
            facts.append(ClusterRankFact(year=scoring.year, rank=ranked.index(unit_id) + 1,
                                         locked=scoring.status is ScoringStatus.LOCKED,
                                         cluster=scoring.cluster.name))
    return tuple(facts)

