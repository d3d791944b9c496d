"""Finding people and collectives by what an officer types: the dossier form's picker and its offer of
possible duplicates before a new person is created (issue 8).

Everything is matched on folded text (``app.text.fold``: no diacritics, đ→d, case-folded), so "nguyen thi
hong" finds "Nguyễn Thị Hồng". The caller passes the SQL condition of what the user may see
(``access.person_scope`` / ``collective_scope``): this module sits below the permissions and knows no user.
Records merged into another never match.
"""
import difflib
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Collective, CollectiveKind, NomineeKind, Person, Unit
from app.text import fold

# Beyond this many results the officer types more; the picker is a list to choose from, not a report.
PICKER_LIMIT = 10
# How alike two folded names must be to offer one as a possible duplicate of the other (difflib's ratio:
# "nguyen thi hong" and "nguyen thi hongg" are 0.97, "nguyen thi hong" and "nguyen van hung" 0.8).
CLOSE_NAME_RATIO = 0.85
# Candidates sharing the start of the given name read to compare in Python: bounds the work on a large unit.
_CLOSE_CANDIDATES = 200


@dataclass(frozen=True)
class Terms:
    """What the officer typed: words of the name or the unit, and a year of birth if one was typed."""

    words: tuple[str, ...]
    birth_year: int | None

    @property
    def empty(self) -> bool:
        return not self.words and self.birth_year is None


def parse(query: str | None) -> Terms:
    """"hong 1980 khoa hoc" → words ("hong", "khoa", "hoc"), birth year 1980."""
    words: list[str] = []
    birth_year = None
    for word in fold(query).split():
        if len(word) == 4 and word.isascii() and word.isdigit() and 1900 <= int(word) <= 2100:
            birth_year = int(word)
        else:
            words.append(word)
    return Terms(tuple(dict.fromkeys(words))[:8], birth_year)


def search_people(query: str | None, *, within: ColumnElement[bool], limit: int = PICKER_LIMIT) -> list[Person]:
    """People within the scope whose name or unit holds every typed word, born the typed year if one was."""
    terms = parse(query)
    if terms.empty:
        return []
    statement = (select(Person).outerjoin(Unit, Person.unit_id == Unit.id)
                 .where(within, Person.merged_into_id.is_(None))
                 .options(joinedload(Person.unit)))
    for word in terms.words:
        statement = statement.where(or_(Person.search_key.contains(word, autoescape=True),
                                        Unit.search_key.contains(word, autoescape=True)))
    if terms.birth_year is not None:
        statement = statement.where(Person.birth_year == terms.birth_year)
    return list(db.session.scalars(statement.order_by(Person.search_key, Person.birth_year, Person.id).limit(limit)))


def search_collectives(query: str | None, kinds: list[CollectiveKind], *, within: ColumnElement[bool],
                       limit: int = PICKER_LIMIT) -> list[Collective]:
    """Collectives of these kinds within the scope whose name, tax code or unit holds every typed word."""
    terms = parse(query)
    if not terms.words:
        return []
    statement = (select(Collective).outerjoin(Unit, Collective.unit_id == Unit.id)
                 .where(within, Collective.kind.in_(kinds)).options(joinedload(Collective.unit)))
    for word in terms.words:
        statement = statement.where(or_(Collective.search_key.contains(word, autoescape=True),
                                        Collective.tax_code.contains(word, autoescape=True),
                                        Unit.search_key.contains(word, autoescape=True)))
    return list(db.session.scalars(statement.order_by(Collective.search_key, Collective.id).limit(limit)))


def search_units(query: str | None, unit_ids: list[int], *, limit: int = PICKER_LIMIT) -> list[Unit]:
    """Units among ``unit_ids`` (the officer's unit tree) whose name holds every typed word: a unit or
    sub-unit may be proposed as a collective before it has a record."""
    terms = parse(query)
    if not terms.words or not unit_ids:
        return []
    statement = select(Unit).where(Unit.id.in_(unit_ids))
    for word in terms.words:
        statement = statement.where(Unit.search_key.contains(word, autoescape=True))
    return list(db.session.scalars(statement.order_by(Unit.name, Unit.id).limit(limit)))


def possible_duplicates(name: str, birth_year: int | None, unit_id: int | None, *,
                        within: ColumnElement[bool], limit: int = 5) -> list[Person]:
    """People within the scope who may be the one about to be created: the same folded name and year of
    birth, or the same folded name in the same unit, or a close name (a typo, a missing word) with the same
    year of birth or in the same unit."""
    key = fold(name)
    if not key:
        return []
    same_birth = Person.birth_year == birth_year if birth_year is not None else None
    same_unit = Person.unit_id == unit_id if unit_id is not None else None
    near = [c for c in (same_birth, same_unit) if c is not None]
    if not near:
        return []
    base = (select(Person).where(within, Person.merged_into_id.is_(None), or_(*near))
            .options(joinedload(Person.unit)))
    exact = list(db.session.scalars(base.where(Person.search_key == key).order_by(Person.id).limit(limit)))
    # Close names share the start of the given name (Vietnamese names end with it): "hong" for "hongg".
    given_name = key.split()[-1][:3]
    candidates = db.session.scalars(
        base.where(Person.search_key != key, Person.search_key.contains(given_name, autoescape=True))
        .order_by(Person.id).limit(_CLOSE_CANDIDATES))
    close = sorted(((difflib.SequenceMatcher(None, key, p.search_key).ratio(), p) for p in candidates),
                   key=lambda pair: (-pair[0], pair[1].id))
    found = exact + [p for ratio, p in close if ratio >= CLOSE_NAME_RATIO]
    return found[:limit]


def collective_kinds_for(nominee_kind: NomineeKind) -> list[CollectiveKind]:
    """The collective records a dossier's nominee kind may propose: a collective is a unit or an
    enterprise, a household a household."""
    if nominee_kind is NomineeKind.HOUSEHOLD:
        return [CollectiveKind.HOUSEHOLD]
    return [CollectiveKind.UNIT, CollectiveKind.ENTERPRISE]


def in_scope(model, record_id: int, within: ColumnElement[bool]):
    """The record with this id if the scope holds it (and, for a person, it is not merged), else None."""
    conditions = [model.id == record_id, within]
    if model is Person:
        conditions.append(Person.merged_into_id.is_(None))
    return db.session.scalar(select(model).where(and_(*conditions)))
