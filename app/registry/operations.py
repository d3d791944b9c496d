"""Changes to a person's or a collective's record made on the registry screens: details, positions, yearly
ratings, registry entries, initiatives, discipline, and removing a fact entered by mistake.

Each function checks who acts (``RegistryRefused`` otherwise), changes rows, writes one history line
(``app.nominees.history.note``) and flushes; the view commits. A history line never holds the personal ID
number (CCCD): a change to it is recorded as ``"personal_id": "changed"`` / ``"removed"``.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.access import can_edit_collective, can_edit_person
from app.extensions import db
from app.models import (
    PERSONAL_ID_ENABLED,
    Award,
    CampaignKind,
    Collective,
    CollectiveYearReport,
    Discipline,
    DisciplineStatus,
    Gender,
    Initiative,
    OccupationGroup,
    PerformanceRating,
    Person,
    PersonPosition,
    Rating,
    RegistryEntry,
    RegistrySource,
    Scope,
    Setting,
    User,
)
from app.nominees.history import note
from app.text import clean_line, fold


class RegistryRefused(Exception):
    """The action is not allowed (the view answers 403) or not possible (``message`` says why)."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


def _check_person(actor: User, person: Person) -> None:
    if not can_edit_person(actor, person):
        raise RegistryRefused()


def _check_collective(actor: User, collective: Collective) -> None:
    if not can_edit_collective(actor, collective):
        raise RegistryRefused()


def _plain(value):
    """A value as it goes into a history line's JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


# --- a person's details ---------------------------------------------------------------------------

@dataclass
class PersonDetails:
    full_name: str
    gender: Gender | None
    birth_year: int | None
    birth_date: date | None
    ethnicity: str
    is_ethnic_minority: bool
    occupation_group: OccupationGroup | None
    unit_id: int | None
    position: str


def personal_id_enabled() -> bool:
    """Whether the province stores personal ID numbers at all (an administrator's setting, default off)."""
    return Setting.get_bool(PERSONAL_ID_ENABLED)


def update_person(actor: User, person: Person, details: PersonDetails, *, personal_id: str | None = None,
                  remove_personal_id: bool = False) -> dict:
    """Change a person's details; ``personal_id`` None keeps the stored number (the caller passes one only
    where the province stores them). Returns the changes written to history (old → new)."""
    _check_person(actor, person)
    if personal_id and not personal_id_enabled():
        raise RegistryRefused("personal_id_disabled")
    changes: dict = {}
    values = dict(vars(details))
    values["full_name"] = clean_line(values["full_name"])
    for name, new in values.items():
        old = getattr(person, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(person, name, new)
    if "full_name" in changes:
        person.search_key = fold(person.full_name)
    if remove_personal_id and person.personal_id is not None:
        person.personal_id = None
        changes["personal_id"] = "removed"
    elif personal_id and personal_id != person.personal_id:
        person.personal_id = personal_id
        changes["personal_id"] = "changed"
    if changes:
        note("person_updated", person=person, actor=actor, detail={"changes": changes})
    db.session.flush()
    return changes


# --- positions ------------------------------------------------------------------------------------

def add_position(actor: User, person: Person, *, unit_id: int | None, position: str, from_date: date,
                 to_date: date | None) -> PersonPosition:
    """A dated position. One still held (no end) also becomes the person's current unit and position."""
    _check_person(actor, person)
    row = PersonPosition(person=person, unit_id=unit_id, position=clean_line(position), from_date=from_date,
                         to_date=to_date)
    db.session.add(row)
    if to_date is None:
        person.unit_id, person.position = unit_id, row.position
    db.session.flush()
    note("position_added", person=person, actor=actor,
         detail={"position_id": row.id, "unit_id": unit_id, "position": row.position,
                 "from": _plain(from_date), "to": _plain(to_date)})
    return row


def end_position(actor: User, person: Person, row: PersonPosition, to_date: date) -> None:
    _check_person(actor, person)
    if row.person_id != person.id:
        raise RegistryRefused()
    if row.to_date is not None:
        raise RegistryRefused("ended")
    if to_date < row.from_date:
        raise RegistryRefused("before_start")
    row.to_date = to_date
    note("position_ended", person=person, actor=actor,
         detail={"position_id": row.id, "position": row.position, "to": _plain(to_date)})
    db.session.flush()


# --- yearly ratings -------------------------------------------------------------------------------

def set_rating(actor: User, person: Person, year: int, rating: Rating) -> PerformanceRating:
    """One rating per person and year: recording another for the same year changes it (old → new)."""
    _check_person(actor, person)
    row = db.session.scalar(select(PerformanceRating).where(PerformanceRating.person_id == person.id,
                                                               PerformanceRating.year == year))
    if row is None:
        row = PerformanceRating(person=person, year=year, rating=rating)
        db.session.add(row)
        note("rating_recorded", person=person, actor=actor, detail={"year": year, "rating": rating.value})
    elif row.rating is not rating:
        note("rating_changed", person=person, actor=actor,
             detail={"year": year, "old": row.rating.value, "new": rating.value})
        row.rating = rating
    db.session.flush()
    return row


# --- a collective's year: its rating and its members ---------------------------------------------------------------

@dataclass
class YearReport:
    year: int
    rating: Rating | None
    total: int
    completed: int
    ldtt: int
    cstd_co_so: int

    def as_dict(self) -> dict:
        return {"rating": self.rating, "total": self.total, "completed": self.completed, "ldtt": self.ldtt,
                "cstd_co_so": self.cstd_co_so}


def _json(values: dict) -> dict:
    return {name: value.value if isinstance(value, Rating) else value for name, value in values.items()}


def set_year_report(actor: User, collective: Collective, figures: YearReport) -> CollectiveYearReport:
    """One report per collective and year: recording a year again changes it (old → new)."""
    _check_collective(actor, collective)
    row = db.session.scalar(select(CollectiveYearReport).where(
        CollectiveYearReport.collective_id == collective.id, CollectiveYearReport.year == figures.year))
    new = figures.as_dict()
    if row is None:
        row = CollectiveYearReport(collective=collective, year=figures.year, **new)
        db.session.add(row)
        note("year_report_recorded", collective=collective, actor=actor, detail={"year": figures.year, **_json(new)})
    else:
        old = {name: getattr(row, name) for name in new}
        if old != new:
            note("year_report_changed", collective=collective, actor=actor,
                 detail={"year": figures.year, "old": _json(old), "new": _json(new)})
            for name, value in new.items():
                setattr(row, name, value)
    db.session.flush()
    return row


# --- registry entries -----------------------------------------------------------------------------

@dataclass
class EntryData:
    award: Award
    year: int
    campaign_kind: CampaignKind
    authority: str
    decision_number: str
    decision_date: date | None
    source: RegistrySource


def _entry_detail(entry: RegistryEntry) -> dict:
    return {"entry_id": entry.id, "award": entry.award.code, "year": entry.year,
            "campaign_kind": entry.campaign_kind.value, "authority": entry.authority,
            "decision_number": entry.decision_number, "decision_date": _plain(entry.decision_date),
            "source": entry.source.value}


def add_entry(actor: User, data: EntryData, *, person: Person | None = None,
              collective: Collective | None = None) -> RegistryEntry:
    """An award or title decided outside this app (a unit's own decision, or past history)."""
    if (person is None) == (collective is None):
        raise ValueError("an entry names exactly one nominee")
    if person is not None:
        _check_person(actor, person)
    else:
        _check_collective(actor, collective)  # type: ignore[arg-type]
    if data.source is RegistrySource.APP_DECISION:
        raise RegistryRefused("app_decision")  # written by the decision itself (nominees.records)
    entry = RegistryEntry(person=person, collective=collective, award=data.award, year=data.year,
                          campaign_kind=data.campaign_kind, authority=clean_line(data.authority),
                          decision_number=clean_line(data.decision_number), decision_date=data.decision_date,
                          source=data.source)
    db.session.add(entry)
    db.session.flush()
    note("entry_added", person=person, collective=collective, actor=actor, detail=_entry_detail(entry))
    return entry


# --- initiatives and discipline -------------------------------------------------------------------

def add_initiative(actor: User, person: Person, *, title: str, year: int, scope: Scope, document: str,
                   used_for_award: Award | None, used_for_year: int | None) -> Initiative:
    _check_person(actor, person)
    row = Initiative(person=person, title=clean_line(title), year=year, scope=scope, document=clean_line(document),
                     used_for_award=used_for_award, used_for_year=used_for_year if used_for_award else None)
    db.session.add(row)
    db.session.flush()
    note("initiative_added", person=person, actor=actor,
         detail={"initiative_id": row.id, "title": row.title, "year": year, "scope": scope.value,
                 "document": row.document, "used_for_award": used_for_award.code if used_for_award else None,
                 "used_for_year": row.used_for_year})
    return row


def add_discipline(actor: User, person: Person, *, status: DisciplineStatus, since: date, until: date | None,
                   text: str) -> Discipline:
    _check_person(actor, person)
    row = Discipline(person=person, status=status, since=since, until=until, note=text)
    db.session.add(row)
    db.session.flush()
    note("discipline_recorded", person=person, actor=actor,
         detail={"discipline_id": row.id, "status": status.value, "since": _plain(since), "until": _plain(until)})
    return row


# --- removing a fact entered by mistake -----------------------------------------------------------

FACT_KINDS = {
    "entries": RegistryEntry,
    "ratings": PerformanceRating,
    "initiatives": Initiative,
    "discipline": Discipline,
    "positions": PersonPosition,
}


def _fact_detail(fact) -> dict:
    if isinstance(fact, RegistryEntry):
        return _entry_detail(fact)
    if isinstance(fact, PerformanceRating):
        return {"year": fact.year, "rating": fact.rating.value}
    if isinstance(fact, Initiative):
        return {"initiative_id": fact.id, "title": fact.title, "year": fact.year, "scope": fact.scope.value}
    if isinstance(fact, Discipline):
        return {"discipline_id": fact.id, "status": fact.status.value, "since": _plain(fact.since),
                "until": _plain(fact.until)}
    return {"position_id": fact.id, "position": fact.position, "unit_id": fact.unit_id,
            "from": _plain(fact.from_date), "to": _plain(fact.to_date)}


def can_remove(fact) -> bool:
    """Anything entered by hand may be removed; an entry of this app's decision may not (the decision
    stands: it is corrected by another decision), nor an initiative a dossier of this app relies on."""
    if isinstance(fact, RegistryEntry):
        return fact.source is not RegistrySource.APP_DECISION
    if isinstance(fact, Initiative):
        return fact.used_for_dossier_id is None
    return True


def remove_fact(actor: User, fact, *, person: Person | None = None, collective: Collective | None = None) -> None:
    """Delete a fact entered by mistake, keeping what it said in the record's history."""
    if person is not None:
        _check_person(actor, person)
    elif collective is not None:
        _check_collective(actor, collective)
    else:
        raise ValueError("a fact belongs to a person or a collective")
    if not can_remove(fact):
        raise RegistryRefused("not_removable")
    kind = next(name for name, model in FACT_KINDS.items() if isinstance(fact, model))
    note("fact_removed", person=person, collective=collective, actor=actor,
         detail={"kind": kind, **_fact_detail(fact)})
    db.session.delete(fact)
    db.session.flush()
