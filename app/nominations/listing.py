"""The dossier list: filters, diacritic-insensitive search, sorting and pagination from query args."""
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Select, String, case, func, select, type_coerce
from sqlalchemy.orm import contains_eager, joinedload, load_only

from app import cache
from app.access import dossier_scope, sees_every_unit
from app.extensions import CUSTOM_PLAN, db
from app.models import Award, Campaign, Dossier, NomineeKind, Unit, User
from app.models.states import State
from app.numbers import page_number, to_id
from app.pagination import CappedPagination
from app.text import fold

SORTS = {
    "updated": Dossier.updated_at,
    "name": Dossier.search_key,
    "award": Award.sort_order,
    # The workflow's order (draft first, awarded last), not the alphabet of the stored values.
    "state": case({state.value: position for position, state in enumerate(State)},
                  value=type_coerce(Dossier.state, String())),
    "unit": Unit.name,
    "created": Dossier.created_at,
}
DEFAULT_SORT = "-updated"


@dataclass
class ListParams:
    q: str = ""
    campaign: int | None = None
    award: int | None = None
    state: State | None = None
    unit: int | None = None
    sort: str = DEFAULT_SORT
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "ListParams":
        state_value = args.get("state", "")
        sort = args.get("sort", DEFAULT_SORT)
        if sort.lstrip("-") not in SORTS:
            sort = DEFAULT_SORT
        return cls(
            q=args.get("q", "")[:200],
            campaign=args.get("campaign", type=to_id),
            award=args.get("award", type=to_id),
            state=State(state_value) if state_value in State._value2member_map_ else None,
            unit=args.get("unit", type=to_id),
            sort=sort,
            page=page_number(args),
        )

    def as_args(self, **changes) -> dict:
        """Query args for a link that keeps this search but changes some of it."""
        values = {
            "q": self.q, "campaign": self.campaign, "award": self.award,
            "state": self.state.value if self.state else None, "unit": self.unit,
            "sort": self.sort, "page": self.page,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "") and not (k == "page" and v == 1)}

    def sort_link(self, column: str) -> dict:
        new = "-" + column if self.sort == column else column
        return self.as_args(sort=new, page=None)


def _conditions(user: User, params: ListParams) -> list:
    """The WHERE terms of the list: the user's scope, the search words and the filters (all on Dossier)."""
    terms = [dossier_scope(user)]
    if params.q:
        for word in fold(params.q).split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            terms.append(Dossier.search_key.like(f"%{escaped}%", escape="\\"))
    if params.campaign:
        terms.append(Dossier.campaign_id == params.campaign)
    if params.award:
        terms.append(Dossier.award_id == params.award)
    if params.state:
        terms.append(Dossier.state == params.state)
    if params.unit:
        terms.append(Dossier.unit_id == params.unit)
    return terms


def _ordering(params: ListParams) -> tuple:
    column = SORTS[params.sort.lstrip("-")]
    return (column.desc() if params.sort.startswith("-") else column.asc()), Dossier.id.desc()


def _rows_query(params: ListParams) -> Select:
    # The joins serve the award and unit sorts; contains_eager fills the relationships from them. Only
    # the columns the list (and its export) shows are read: the dossier rows are wide (issue 14).
    return (
        select(Dossier)
        .join(Dossier.unit)
        .join(Dossier.award)
        .options(
            load_only(Dossier.nominee_name, Dossier.nominee_kind, Dossier.nominee_position, Dossier.state,
                      Dossier.updated_at, Dossier.unit_id, Dossier.award_id, Dossier.campaign_id),
            contains_eager(Dossier.unit).load_only(Unit.name),
            contains_eager(Dossier.award).load_only(Award.name),
            joinedload(Dossier.campaign).load_only(Campaign.name, Campaign.year),
        )
        .order_by(*_ordering(params))
    )


class NameOnly(NamedTuple):
    name: str


class ListRow(NamedTuple):
    """One row of the list as the page shows it: plain values, no ORM object (issue 14: building 25 mapped
    dossiers with their unit, award and campaign took a tenth of the page's time). The attribute names are
    those of ``Dossier``, so the rows template reads either."""
    id: int
    nominee_name: str
    nominee_kind: NomineeKind
    nominee_position: str | None
    state: State
    updated_at: datetime
    award: NameOnly
    unit: NameOnly
    campaign: cache.CampaignChoice | None


def _page_rows_query(params: ListParams) -> Select:
    """The columns of ``ListRow``, in the list's order (the joins also serve the award and unit sorts)."""
    return (
        select(Dossier.id, Dossier.nominee_name, Dossier.nominee_kind, Dossier.nominee_position, Dossier.state,
               Dossier.updated_at, Award.name, Unit.name, Campaign.id, Campaign.name, Campaign.year)
        .join(Dossier.unit).join(Dossier.award).outerjoin(Dossier.campaign)
        .order_by(*_ordering(params))
    )


def _list_row(row) -> ListRow:
    (dossier_id, name, kind, position, state, updated_at, award, unit, campaign_id, campaign, year) = row
    return ListRow(dossier_id, name, kind, position, state, updated_at, NameOnly(award), NameOnly(unit),
                   cache.CampaignChoice(campaign_id, campaign, year) if campaign_id is not None else None)


def count_query(user: User, params: ListParams) -> Select:
    """The number of matching dossiers, from the dossier table alone (unit and award are required FKs)."""
    return select(func.count()).select_from(Dossier).where(*_conditions(user, params))


def _ids_query(user: User, params: ListParams) -> Select:
    """The matching dossiers' ids in list order, joining only what the sort needs, so that the database
    can pick a page of them from an index before it reads any wide dossier row."""
    query = select(Dossier.id).where(*_conditions(user, params))
    sort = params.sort.lstrip("-")
    if sort == "award":
        query = query.join(Dossier.award)
    elif sort == "unit":
        query = query.join(Dossier.unit)
    # Not correlated to the outer query's dossier table: it is a list of ids on its own.
    return query.order_by(*_ordering(params)).correlate(None)


def paginate(user: User, params: ListParams, per_page: int) -> CappedPagination:
    """The page's ids from ``_ids_query`` (an index can answer it), then only the page's rows; the total is
    counted up to the cap (app/pagination.py), never over the user's whole scope on every request."""
    # Planned for the words and filters asked each time: a plan kept for any search word is slower (extensions).
    return CappedPagination(ids=_ids_query(user, params).execution_options(**{CUSTOM_PLAN: True}),
                            rows=_page_rows_query(params).execution_options(**{CUSTOM_PLAN: True}),
                            id_column=Dossier.id, session=db.session(), page=params.page, per_page=per_page,
                            item=_list_row)


def filter_choices(user: User) -> dict:
    """Options for the filter selects: campaigns, awards, and the units this user can see dossiers of."""
    catalogue = cache.catalogue()  # read-mostly: kept in memory until an edit renews its stamp (app/cache.py)
    if sees_every_unit(user):
        # The province sees every unit's submitted dossiers: every unit of the province is a choice, from
        # memory (app/cache.py) rather than asking which units have one on every page (issue 14).
        units = cache.all_units()
    else:
        # EXISTS per unit stops at the first visible dossier (index on unit_id); IN (SELECT DISTINCT …)
        # read every visible dossier and took most of the page's time at 20,000 dossiers (bench/).
        has_visible = select(Dossier.id).where(Dossier.unit_id == Unit.id, dossier_scope(user)).exists()
        units = tuple(cache.UnitChoice(*row) for row in db.session.execute(
            select(Unit.id, Unit.name).where(has_visible).order_by(Unit.name, Unit.id)))
    return {"campaigns": catalogue["campaigns"], "awards": catalogue["awards"], "units": units,
            "states": list(State)}


def count_by_state(user: User) -> dict[State, int]:
    rows = db.session.execute(
        select(Dossier.state, func.count()).where(dossier_scope(user)).group_by(Dossier.state)
    ).all()
    return {state: count for state, count in rows}


def all_rows_query(user: User, params: ListParams) -> Select:
    """Every matching dossier in the list's order, for the export: the page's own scope and filters."""
    return _rows_query(params).where(*_conditions(user, params))
