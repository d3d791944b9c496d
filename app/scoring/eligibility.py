"""Cluster ranks as facts for the eligibility engine: a collective's place in its cluster's scoring of the
proposal's year (only a locked ranking counts; the engine says so of one that is not locked yet).

Registered with ``app.eligibility.registry_facts`` when this package is imported: the engine's facts are
read below this package, the ranking is computed here.
"""
from sqlalchemy import select

from app.eligibility.facts import ClusterRankFact
from app.eligibility.registry_facts import register_cluster_ranks
from app.extensions import db
from app.models import ClusterMembership, ClusterScoring, Dossier, ScoringStatus
from app.scoring.operations import compute_ranking


def cluster_rank_facts(dossier: Dossier) -> tuple[ClusterRankFact, ...]:
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


register_cluster_ranks(cluster_rank_facts)
