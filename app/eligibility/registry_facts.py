"""The engine's facts for a dossier's nominee, read from the registry tables (``app/models/registry.py``).

``case_for(dossier)`` reads the nominee's registry entries (with their campaign kind and deciding
document), yearly ratings, initiatives and what each was used for, discipline, the other active dossiers of
the same record (pending proposals) and, for a collective, its ranks in locked cluster scorings; then
``book.evaluate(case)`` judges it (``verdict_for``). A dossier not linked to a record has only itself.

Cluster ranks are computed by the scoring package, which sits above this one: the caller passes them in
(``cluster_ranks``; the dossier page's panel in ``app.workflow.eligibility_panel`` asks
``app.scoring.eligibility.cluster_rank_facts``).
"""
from __future__ import annotations

from sqlalchemy import select

from app.eligibility.engine import Result
from app.eligibility.facts import (
    AwardFact,
    Case,
    ClusterRankFact,
    DisciplineFact,
    History,
    InitiativeFact,
    Nominee,
    ProposalFact,
    RatingFact,
    Use,
)
from app.eligibility.store import RuleBook
from app.extensions import db
from app.models import Award, Campaign, Discipline, Dossier, Initiative, PerformanceRating, RegistryEntry, State
from app.models.states import INACTIVE_STATES


def _decision_text(entry: RegistryEntry) -> str:
    if not entry.decision_number:
        return ""
    day = f" ngày {entry.decision_date:%d/%m/%Y}" if entry.decision_date else ""
    return f"Quyết định số {entry.decision_number}{day}"


def _nominee_filter(column_person, column_collective, dossier: Dossier):
    if dossier.nominee_person_id is not None:
        return column_person == dossier.nominee_person_id
    return column_collective == dossier.nominee_collective_id


def case_for(dossier: Dossier, cluster_ranks: tuple[ClusterRankFact, ...] = ()) -> Case:
    """The facts of the dossier's nominee and the proposal the dossier makes; ``cluster_ranks`` are a
    collective's places in its cluster's scorings (read by the scoring package)."""
    campaign, award = dossier.campaign, dossier.award
    proposal = ProposalFact(award=award.code, year=campaign.year, campaign_kind=campaign.kind)
    nominee = Nominee(kind=dossier.nominee_kind, name=dossier.nominee_name, birth_year=dossier.nominee_birth_year)
    if dossier.nominee_person_id is None and dossier.nominee_collective_id is None:
        return Case(nominee=nominee, proposal=proposal)

    entries = db.session.execute(
        select(RegistryEntry, Award.code).join(Award, RegistryEntry.award_id == Award.id)
        .where(_nominee_filter(RegistryEntry.person_id, RegistryEntry.collective_id, dossier),
               RegistryEntry.dossier_id.is_(None) | (RegistryEntry.dossier_id != dossier.id))
        .order_by(RegistryEntry.year, RegistryEntry.id))
    awards = tuple(AwardFact(award=code, year=e.year, campaign_kind=e.campaign_kind, decision=_decision_text(e))
                   for e, code in entries)

    pending_rows = db.session.execute(
        select(Award.code, Campaign.year, Campaign.kind).select_from(Dossier)
        .join(Award, Dossier.award_id == Award.id).join(Campaign, Dossier.campaign_id == Campaign.id)
        .where(_nominee_filter(Dossier.nominee_person_id, Dossier.nominee_collective_id, dossier),
               Dossier.id != dossier.id, Dossier.deleted_at.is_(None),
               Dossier.state.not_in(INACTIVE_STATES | {State.AWARDED})))
    pending = tuple(ProposalFact(award=code, year=year, campaign_kind=kind) for code, year, kind in pending_rows)

    ratings: tuple[RatingFact, ...] = ()
    initiatives: tuple[InitiativeFact, ...] = ()
    disciplines: tuple[DisciplineFact, ...] = ()
    if dossier.nominee_person_id is not None:
        person_id = dossier.nominee_person_id
        ratings = tuple(RatingFact(year=r.year, rating=r.rating) for r in db.session.scalars(
            select(PerformanceRating).where(PerformanceRating.person_id == person_id)
            .order_by(PerformanceRating.year)))
        used_award = Award.__table__.alias("used_award")
        used_dossier = Dossier.__table__.alias("used_dossier")
        dossier_award = Award.__table__.alias("dossier_award")
        dossier_campaign = Campaign.__table__.alias("dossier_campaign")
        rows = db.session.execute(
            select(Initiative, used_award.c.code, dossier_award.c.code, dossier_campaign.c.year)
            .outerjoin(used_award, used_award.c.id == Initiative.used_for_award_id)
            .outerjoin(used_dossier, used_dossier.c.id == Initiative.used_for_dossier_id)
            .outerjoin(dossier_award, dossier_award.c.id == used_dossier.c.award_id)
            .outerjoin(dossier_campaign, dossier_campaign.c.id == used_dossier.c.campaign_id)
            .where(Initiative.person_id == person_id).order_by(Initiative.year, Initiative.id))
        facts = []
        for item, award_code, dossier_award_code, dossier_year in rows:
            use = None
            if award_code is not None and item.used_for_year is not None:
                use = Use(award=award_code, year=item.used_for_year)
            elif dossier_award_code is not None:
                use = Use(award=dossier_award_code, year=dossier_year)
            facts.append(InitiativeFact(code=item.title, year=item.year, scope=item.scope, used_for=use,
                                        document=item.document))
        initiatives = tuple(facts)
        disciplines = tuple(DisciplineFact(status=d.status, since=d.since, until=d.until) for d in db.session.scalars(
            select(Discipline).where(Discipline.person_id == person_id).order_by(Discipline.since)))

    history = History(awards=awards, ratings=ratings, initiatives=initiatives, disciplines=disciplines,
                      cluster_ranks=cluster_ranks, pending=pending)
    return Case(nominee=nominee, proposal=proposal, history=history)


def verdict_for(dossier: Dossier, book: RuleBook | None = None,
                cluster_ranks: tuple[ClusterRankFact, ...] = ()) -> Result:
    """The engine's verdict on the dossier's proposal (``book``: the rules read once for many dossiers)."""
    return (book or RuleBook.load()).evaluate(case_for(dossier, cluster_ranks))
