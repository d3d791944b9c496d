"""The engine's facts for dossiers' nominees, read from the registry tables (``app/models/registry.py``).

``cases_for(dossiers)`` reads, for all the dossiers at once, their nominees' registry entries (with their
campaign kind and deciding document), yearly ratings, initiatives and what each was used for, discipline,
the other active dossiers of the same records (pending proposals), collectives' yearly member figures and
the nominee units' registrations for movements (with the years in which a published movement took them):
a fixed number of statements (``IN`` lists), whatever the number of dossiers — a council agenda or an
inbox page costs what one dossier costs. ``case_for(dossier)`` is the same path for one dossier;
``book.evaluate(case)`` judges a case (``verdict_for``, ``verdicts_for``). A dossier not linked to a
record has only itself.

Cluster ranks are computed by the scoring package, which sits above this one: the caller passes them in
(``cluster_ranks``; ``app.workflow.eligibility_panel`` asks ``app.scoring.eligibility``).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from sqlalchemy import or_, select

from app.eligibility.engine import Result
from app.eligibility.facts import (
    AwardFact,
    Case,
    ClusterRankFact,
    DisciplineFact,
    History,
    InitiativeFact,
    MembersFact,
    Nominee,
    ProposalFact,
    RatingFact,
    RegistrationFact,
    Use,
)
from app.eligibility.store import RuleBook, published_registration_years
from app.extensions import db
from app.models import (
    Award,
    Campaign,
    CollectiveYearReport,
    Discipline,
    Dossier,
    Initiative,
    Movement,
    NomineeKind,
    PerformanceRating,
    Registration,
    RegistryEntry,
    State,
)
from app.models.campaign_kinds import counting_kinds
from app.models.states import INACTIVE_STATES

RankMap = Mapping[int, tuple[ClusterRankFact, ...]]  # dossier id → a collective's cluster ranks


def _decision_text(number: str | None, day: date | None) -> str:
    if not number:
        return ""
    on = f" ngày {day:%d/%m/%Y}" if day else ""
    return f"Quyết định số {number}{on}"


def _loaded(dossier: Dossier, name: str) -> bool:
    # A loaded relationship sits in the instance's dict (cheaper than inspect() for hundreds of dossiers).
    return name in dossier.__dict__


def _proposals(dossiers: Sequence[Dossier]) -> dict[int, ProposalFact]:
    """Each dossier's proposal: from its award and campaign when loaded, else one statement for all."""
    found: dict[int, ProposalFact] = {}
    missing = []
    for d in dossiers:
        if _loaded(d, "award") and _loaded(d, "campaign"):
            found[d.id] = ProposalFact(award=d.award.code, year=d.campaign.year, campaign_kind=d.campaign.kind)
        else:
            missing.append(d.id)
    if missing:
        rows = db.session.execute(
            select(Dossier.id, Award.code, Campaign.year, Campaign.kind).select_from(Dossier)
            .join(Award, Dossier.award_id == Award.id).join(Campaign, Dossier.campaign_id == Campaign.id)
            .where(Dossier.id.in_(missing)))
        for dossier_id, code, year, kind in rows:
            found[dossier_id] = ProposalFact(award=code, year=year, campaign_kind=kind)
    return found


def _nominee_condition(person_column, collective_column, people: set[int], collectives: set[int]):
    parts = []
    if people:
        parts.append(person_column.in_(sorted(people)))
    if collectives:
        parts.append(collective_column.in_(sorted(collectives)))
    return or_(*parts)


def _initiatives(people: set[int]) -> dict[int, list[InitiativeFact]]:
    used_award = Award.__table__.alias("used_award")
    used_dossier = Dossier.__table__.alias("used_dossier")
    dossier_award = Award.__table__.alias("dossier_award")
    dossier_campaign = Campaign.__table__.alias("dossier_campaign")
    rows = db.session.execute(
        select(Initiative.person_id, Initiative.title, Initiative.year, Initiative.scope, Initiative.used_for_year,
               Initiative.document, used_award.c.code, dossier_award.c.code, dossier_campaign.c.year)
        .outerjoin(used_award, used_award.c.id == Initiative.used_for_award_id)
        .outerjoin(used_dossier, used_dossier.c.id == Initiative.used_for_dossier_id)
        .outerjoin(dossier_award, dossier_award.c.id == used_dossier.c.award_id)
        .outerjoin(dossier_campaign, dossier_campaign.c.id == used_dossier.c.campaign_id)
        .where(Initiative.person_id.in_(sorted(people))).order_by(Initiative.year, Initiative.id))
    found: dict[int, list[InitiativeFact]] = defaultdict(list)
    for person_id, title, year, scope, used_for_year, document, award_code, dossier_award_code, dossier_year in rows:
        use = None
        if award_code is not None and used_for_year is not None:
            use = Use(award=award_code, year=used_for_year)
        elif dossier_award_code is not None:
            use = Use(award=dossier_award_code, year=dossier_year)
        found[person_id].append(InitiativeFact(code=title, year=year, scope=scope, used_for=use, document=document))
    return found


def _registrations(dossiers: Sequence[Dossier], proposals: Mapping[int, ProposalFact],
                   published_years: frozenset[int] | None = None
                   ) -> tuple[dict[int, list[RegistrationFact]], frozenset[int]]:
    """Collective nominees' units' registrations (unit id → facts) in the proposals' years (and the five
    before, for a rule's year offset), and those of these years in which a published movement took
    registrations (``published_years`` when the caller has them, as a rule book does, else read): one or
    two statements, none without a collective nominee."""
    units = {d.nominee_unit_id for d in dossiers
             if d.nominee_kind is NomineeKind.COLLECTIVE and d.nominee_unit_id is not None}
    if not units:
        return {}, frozenset()
    years = sorted({p.year - back for p in proposals.values() for back in range(6)})
    found: dict[int, list[RegistrationFact]] = defaultdict(list)
    for unit_id, year, name, day in db.session.execute(
            select(Registration.unit_id, Registration.year, Movement.name, Registration.registered_on)
            .join(Movement, Registration.movement_id == Movement.id)
            .where(Registration.unit_id.in_(sorted(units)), Registration.year.in_(years))
            .order_by(Registration.year, Registration.id)):
        found[unit_id].append(RegistrationFact(year=year, movement=name, day=day))
    if published_years is None:
        published_years = published_registration_years()
    return found, published_years & frozenset(years)


def cases_for(dossiers: Iterable[Dossier], cluster_ranks: RankMap | None = None,
              merit_kinds: frozenset | None = None,
              published_years: frozenset[int] | None = None) -> dict[int, Case]:
    """dossier id → the facts of its nominee and the proposal it makes, in at most ten statements for any
    number of dossiers; ``cluster_ranks`` (dossier id → ranks) are collectives' places in their clusters'
    scorings (read by the scoring package)."""
    dossiers = list(dict.fromkeys(dossiers))
    if not dossiers:
        return {}
    ranks = cluster_ranks or {}
    proposals = _proposals(dossiers)
    if merit_kinds is None:  # the administrator's choice (Administration → Kinds of campaign)
        merit_kinds = counting_kinds()
    people = {d.nominee_person_id for d in dossiers if d.nominee_person_id is not None}
    collectives = {d.nominee_collective_id for d in dossiers if d.nominee_collective_id is not None}

    # Keyed by ("p", person id) or ("c", collective id): a dossier proposes one or the other.
    entries: dict[tuple[str, int | None], list[tuple[int | None, AwardFact]]] = defaultdict(list)
    pending: dict[tuple[str, int | None], list[tuple[int, ProposalFact]]] = defaultdict(list)
    ratings: dict[int, list[RatingFact]] = defaultdict(list)
    initiatives: dict[int, list[InitiativeFact]] = {}
    disciplines: dict[int, list[DisciplineFact]] = defaultdict(list)
    members: dict[int, list[MembersFact]] = defaultdict(list)
    collective_ratings: dict[int, list[RatingFact]] = defaultdict(list)
    if collectives:
        # A collective's year: its own rating (a collective title's streak reads it as a person's) and its
        # members' figures.
        report = CollectiveYearReport
        for row in db.session.execute(
                select(report.collective_id, report.year, report.rating, report.total, report.completed,
                       report.ldtt, report.cstd_co_so).where(report.collective_id.in_(sorted(collectives)))
                .order_by(report.year)):
            members[row.collective_id].append(MembersFact(year=row.year, total=row.total, completed=row.completed,
                                                          ldtt=row.ldtt, cstd_co_so=row.cstd_co_so))
            if row.rating is not None:
                collective_ratings[row.collective_id].append(RatingFact(year=row.year, rating=row.rating))
    if people or collectives:
        rows = db.session.execute(
            select(RegistryEntry.person_id, RegistryEntry.collective_id, RegistryEntry.dossier_id, Award.code,
                   RegistryEntry.year, RegistryEntry.campaign_kind, RegistryEntry.decision_number,
                   RegistryEntry.decision_date).join(Award, RegistryEntry.award_id == Award.id)
            .where(_nominee_condition(RegistryEntry.person_id, RegistryEntry.collective_id, people, collectives))
            .order_by(RegistryEntry.year, RegistryEntry.id))
        for person_id, collective_id, owner, code, year, campaign_kind, number, day in rows:
            key = ("p", person_id) if person_id is not None else ("c", collective_id)
            entries[key].append((owner, AwardFact(award=code, year=year, campaign_kind=campaign_kind,
                                                  decision=_decision_text(number, day))))
        others = db.session.execute(
            select(Dossier.id, Dossier.nominee_person_id, Dossier.nominee_collective_id, Award.code, Campaign.year,
                   Campaign.kind).select_from(Dossier)
            .join(Award, Dossier.award_id == Award.id).join(Campaign, Dossier.campaign_id == Campaign.id)
            .where(_nominee_condition(Dossier.nominee_person_id, Dossier.nominee_collective_id, people, collectives),
                   Dossier.deleted_at.is_(None), Dossier.state.not_in(INACTIVE_STATES | {State.AWARDED}))
            .order_by(Dossier.id))
        for dossier_id, person_id, collective_id, code, year, kind in others:
            key = ("p", person_id) if person_id is not None else ("c", collective_id)
            pending[key].append((dossier_id, ProposalFact(award=code, year=year, campaign_kind=kind)))
    if people:
        for person_id, year, rating in db.session.execute(
                select(PerformanceRating.person_id, PerformanceRating.year, PerformanceRating.rating)
                .where(PerformanceRating.person_id.in_(sorted(people))).order_by(PerformanceRating.year)):
            ratings[person_id].append(RatingFact(year=year, rating=rating))
        initiatives = _initiatives(people)
        for person_id, status, since, until in db.session.execute(
                select(Discipline.person_id, Discipline.status, Discipline.since, Discipline.until)
                .where(Discipline.person_id.in_(sorted(people))).order_by(Discipline.since, Discipline.id)):
            disciplines[person_id].append(DisciplineFact(status=status, since=since, until=until))

    registrations, registration_years = _registrations(dossiers, proposals, published_years)

    cases: dict[int, Case] = {}
    for d in dossiers:
        nominee = Nominee(kind=d.nominee_kind, name=d.nominee_name, birth_year=d.nominee_birth_year)
        proposal = proposals[d.id]
        unit_registrations = tuple(registrations.get(d.nominee_unit_id or 0, ())) \
            if d.nominee_kind is NomineeKind.COLLECTIVE else ()
        if d.nominee_person_id is None and d.nominee_collective_id is None:
            cases[d.id] = Case(nominee=nominee, proposal=proposal, merit_kinds=merit_kinds,
                               history=History(registrations=unit_registrations,
                                               registration_years=registration_years))
            continue
        person, collective = d.nominee_person_id, d.nominee_collective_id or 0
        key = ("p", person) if person is not None else ("c", collective)
        history = History(
            # The dossier's own entry (once awarded) is not history it can be judged on.
            awards=tuple(fact for owner, fact in entries.get(key, ()) if owner != d.id),
            ratings=tuple(ratings.get(person, ()) if person is not None else collective_ratings.get(collective, ())),
            initiatives=tuple(initiatives.get(person, ())) if person is not None else (),
            disciplines=tuple(disciplines.get(person, ())) if person is not None else (),
            cluster_ranks=tuple(ranks.get(d.id, ())),
            members=tuple(members.get(collective, ())) if person is None else (),
            pending=tuple(fact for other, fact in pending.get(key, ()) if other != d.id),
            registrations=unit_registrations,
            registration_years=registration_years,
        )
        cases[d.id] = Case(nominee=nominee, proposal=proposal, history=history, merit_kinds=merit_kinds)
    return cases


def case_for(dossier: Dossier, cluster_ranks: tuple[ClusterRankFact, ...] = ()) -> Case:
    """The facts of one dossier's nominee and the proposal it makes (``cases_for`` of one)."""
    return cases_for([dossier], {dossier.id: cluster_ranks})[dossier.id]


def verdicts_for(dossiers: Iterable[Dossier], book: RuleBook | None = None,
                 cluster_ranks: RankMap | None = None) -> dict[int, Result]:
    """dossier id → the engine's verdict on its proposal, the facts of all read at once."""
    book = book or RuleBook.load()
    cases = cases_for(dossiers, cluster_ranks, merit_kinds=book.merit_kinds,
                      published_years=book.registration_years)
    return {dossier_id: book.evaluate(case) for dossier_id, case in cases.items()}


def verdict_for(dossier: Dossier, book: RuleBook | None = None,
                cluster_ranks: tuple[ClusterRankFact, ...] = ()) -> Result:
    """The engine's verdict on the dossier's proposal (``book``: the rules read once for many dossiers)."""
    return verdicts_for([dossier], book, {dossier.id: cluster_ranks})[dossier.id]
