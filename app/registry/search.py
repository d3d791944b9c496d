"""The registry search (sổ khen thưởng): filters from the query string, the SQL they make, a page of entries.

The registry is large (a province's history: a million entries), so a page never counts the whole scope:
it asks for one row more than it shows and offers "next" when that row exists. Every filter is a
condition on ``registry_entry`` itself or an ``IN (SELECT id …)`` on the people and collectives, so the
database can walk the entries newest first (index ``(year, id)``) or start from the few matching people
(trigram index on their folded names, then ``(person_id, year)``), whichever is cheaper.
"""
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from app.access import (
    collective_scope,
    person_scope,
    registry_scope,
    registry_unit_scope,
    sees_whole_registry,
    unit_subtree_ids,
)
from app.extensions import db
from app.models import Award, CampaignKind, Collective, Person, RegistryEntry, Unit, User
from app.models.base import local_today
from app.numbers import page_number, to_id, whole_number
from app.text import fold

PER_PAGE = 50
KINDS = ("person", "collective")


def _year(value: str | None) -> int:
    """A year typed in the filters (1900 … this year), else ValueError (werkzeug then leaves it out)."""
    return whole_number(value, 1900, local_today().year)


@dataclass
class SearchParams:
    q: str = ""
    unit: int | None = None
    award: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    campaign_kind: CampaignKind | None = None
    kind: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "SearchParams":
        kind_value = args.get("campaign_kind", "")
        kind = args.get("kind", "")
        return cls(
            q=args.get("q", "")[:200],
            unit=args.get("unit", type=to_id),
            award=args.get("award", type=to_id),
            year_from=args.get("year_from", type=_year),
            year_to=args.get("year_to", type=_year),
            campaign_kind=CampaignKind(kind_value) if kind_value in CampaignKind._value2member_map_ else None,
            kind=kind if kind in KINDS else "",
            page=page_number(args),
        )

    def as_args(self, **changes) -> dict:
        """Query args for a link that keeps this search (the next page, the export)."""
        values = {
            "q": self.q, "unit": self.unit, "award": self.award, "year_from": self.year_from,
            "year_to": self.year_to, "campaign_kind": self.campaign_kind.value if self.campaign_kind else None,
            "kind": self.kind, "page": self.page,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "") and not (k == "page" and v == 1)}

    @property
    def is_filtered(self) -> bool:
        return bool(self.as_args(page=None))


def unit_lineage_ids(unit_id: int) -> list[int]:
    """A unit, its sub-units, and the units merged into it (their ``successor``), with theirs: the award
    history of a dissolved department belongs to its successor (DOMAIN §2, §4)."""
    rows = db.session.execute(select(Unit.id, Unit.successor_id)).all()
    predecessors: dict[int, list[int]] = {}
    for uid, successor in rows:
        if successor is not None:
            predecessors.setdefault(successor, []).append(uid)
    found: list[int] = []
    stack = [unit_id]
    while stack:
        current = stack.pop()
        for uid in unit_subtree_ids(current):
            if uid not in found:
                found.append(uid)
                stack.extend(predecessors.get(uid, []))
    return found


def visible_units(user: User) -> list[Unit]:
    """The units a user may filter by: every unit for the province, its own unit tree for a unit."""
    return list(db.session.scalars(select(Unit).where(registry_unit_scope(user)).order_by(Unit.name)))


def _like_words(column, q: str) -> list[ColumnElement[bool]]:
    terms = []
    for word in fold(q).split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        terms.append(column.like(f"%{escaped}%", escape="\\"))
    return terms


def _entry_terms(params: SearchParams) -> list[ColumnElement[bool]]:
    """The filters on the entries themselves: award, years, campaign kind."""
    terms: list[ColumnElement[bool]] = []
    if params.award:
        terms.append(RegistryEntry.award_id == params.award)
    if params.year_from:
        terms.append(RegistryEntry.year >= params.year_from)
    if params.year_to:
        terms.append(RegistryEntry.year <= params.year_to)
    if params.campaign_kind:
        terms.append(RegistryEntry.campaign_kind == params.campaign_kind)
    return terms


# A name or unit matching at most this many people (or collectives) is looked up by their ids; more, and
# the entries are walked newest first, each checked against its own nominee.
FEW_NOMINEES = 2000


def _nominee_term(column, model, scope: ColumnElement[bool], terms: list[ColumnElement[bool]]):
    """The condition on ``column`` (an entry's person or collective) for the nominees ``terms`` select
    within ``scope``.

    A rare name (found through the trigram index) gives a list of ids: the database reads those people's
    entries through ``(person_id, year)`` and sorts the few. A common one ("nguyen": a third of the people)
    gives a correlated subquery: the database walks the entries newest first (``(year, id)``), looks up
    each entry's own nominee by primary key and stops at a page. ``IN (SELECT …)`` would instead match the
    name against every person first (40–90 ms at 200,000 people) and either plan alone is slow for the
    other case at a million entries.
    """
    candidates = select(model.id).where(scope, *terms)
    ids = list(db.session.scalars(candidates.limit(FEW_NOMINEES + 1)))
    if len(ids) <= FEW_NOMINEES:
        return column.in_(ids)
    return candidates.where(model.id == column).correlate(RegistryEntry).scalar_subquery().is_not(None)


def ids_query(user: User, params: SearchParams) -> Select:
    """The matching entries' ids in the registry's order (newest year first), within the user's scope:
    ``access.registry_scope`` for the province without a name or unit filter; otherwise its two halves,
    ``person_scope`` and ``collective_scope``, select the nominees with the filters (``_nominee_term``), so
    that a unit's officer walks the entries newest first checking each one's person, instead of collecting
    every person of the unit tree first."""
    terms = _entry_terms(params)
    people: list[ColumnElement[bool]] = _like_words(Person.search_key, params.q)
    collectives: list[ColumnElement[bool]] = _like_words(Collective.search_key, params.q)
    if params.unit:
        units = unit_lineage_ids(params.unit)
        people.append(Person.unit_id.in_(units))
        collectives.append(Collective.unit_id.in_(units))
    if not people and sees_whole_registry(user):
        terms.append(registry_scope(user))
        if params.kind == "person":
            terms.append(RegistryEntry.person_id.is_not(None))
        elif params.kind == "collective":
            terms.append(RegistryEntry.collective_id.is_not(None))
    else:
        by_person = by_collective = None
        if params.kind != "collective":
            by_person = _nominee_term(RegistryEntry.person_id, Person, person_scope(user), people)
        if params.kind != "person":
            by_collective = _nominee_term(RegistryEntry.collective_id, Collective, collective_scope(user),
                                          collectives)
        either = [term for term in (by_person, by_collective) if term is not None]
        terms.append(or_(*either) if len(either) > 1 else either[0])
    return select(RegistryEntry.id).where(and_(*terms)).order_by(RegistryEntry.year.desc(), RegistryEntry.id.desc())


def entries_query(user: User, params: SearchParams) -> Select:
    """Every matching entry (the export), in the registry's order, with its nominee, the nominee's unit and
    the award loaded alongside."""
    return _loaded(select(RegistryEntry).where(RegistryEntry.id.in_(ids_query(user, params).order_by(None))))


def _loaded(query: Select) -> Select:
    return (query.options(joinedload(RegistryEntry.person).joinedload(Person.unit),
                          joinedload(RegistryEntry.collective).joinedload(Collective.unit),
                          joinedload(RegistryEntry.award))
            .order_by(RegistryEntry.year.desc(), RegistryEntry.id.desc()))


@dataclass
class Page:
    items: list[RegistryEntry]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PER_PAGE + 1


def search(user: User, params: SearchParams, per_page: int = PER_PAGE) -> Page:
    """One page of entries, and whether there is another (one row more asked, no count)."""
    page_ids = list(db.session.scalars(ids_query(user, params).limit(per_page + 1)
                                       .offset((params.page - 1) * per_page)))
    shown = page_ids[:per_page]
    rows = list(db.session.scalars(_loaded(select(RegistryEntry).where(RegistryEntry.id.in_(shown))))) if shown else []
    return Page(rows, params.page, len(page_ids) > per_page)


def count_at_most(user: User, params: SearchParams, limit: int) -> int:
    """How many entries match, counting no further than ``limit`` (enough to refuse an export)."""
    ids = ids_query(user, params).order_by(None).limit(limit).subquery()
    return db.session.scalar(select(func.count()).select_from(ids)) or 0


def filter_choices(user: User) -> dict:
    return {
        "units": visible_units(user),
        "awards": list(db.session.scalars(select(Award).order_by(Award.sort_order, Award.name))),
        "campaign_kinds": list(CampaignKind),
    }
