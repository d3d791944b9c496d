"""Find or create the record a dossier proposes, and enter an awarded dossier in the registry.

Operations: they add rows and flush, never commit. A person is matched by folded name, year of birth and
unit; a collective or household by kind, folded name and unit (the same keys the registry migration used
for the dossiers already there), unless the officer picked the record on the dossier form (or confirmed that
a namesake is a new person): an explicit choice wins. Merging two records is ``merging.py``'s.
"""
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Collective, CollectiveKind, Dossier, Gender, NomineeKind, Person, RegistryEntry, RegistrySource
from app.text import clean_line, fold


def find_person(name: str, birth_year: int | None, unit_id: int | None) -> Person | None:
    query = select(Person).where(
        Person.merged_into_id.is_(None),  # a merged duplicate is never found again
        Person.search_key == fold(name),
        Person.birth_year.is_(None) if birth_year is None else Person.birth_year == birth_year,
        Person.unit_id.is_(None) if unit_id is None else Person.unit_id == unit_id,
    )
    return db.session.scalars(query.order_by(Person.id).limit(1)).first()


def person_for(name: str, birth_year: int | None, unit_id: int | None, *, gender: Gender | None = None,
               position: str = "", new: bool = False) -> Person:
    """The person with this name, year of birth and unit, created if there is none (``new``: created
    anyway, the officer having said that the namesake on record is someone else)."""
    name = clean_line(name)
    person = None if new else find_person(name, birth_year, unit_id)
    if person is None:
        person = Person(full_name=name, search_key=fold(name), birth_year=birth_year, unit_id=unit_id,
                        gender=gender, position=clean_line(position), ethnicity="", is_ethnic_minority=False)
        db.session.add(person)
    elif person.gender is None and gender is not None:
        person.gender = gender
    return person


def collective_for(kind: CollectiveKind, name: str, unit_id: int | None, *, address: str = "") -> Collective:
    """The collective (unit, enterprise or household) of this kind, name and unit, created if there is none."""
    name = clean_line(name)
    query = select(Collective).where(Collective.kind == kind, Collective.search_key == fold(name),
                                     Collective.unit_id.is_(None) if unit_id is None
                                     else Collective.unit_id == unit_id)
    collective = db.session.scalars(query.order_by(Collective.id).limit(1)).first()
    if collective is None:
        collective = Collective(kind=kind, name=name, search_key=fold(name), unit_id=unit_id,
                                address=clean_line(address), tax_code="")
        db.session.add(collective)
    return collective


def link_nominee(dossier: Dossier, *, person: Person | None = None, collective: Collective | None = None,
                 new_person: bool = False) -> None:
    """Point the dossier at the record of its nominee: the ``person`` or ``collective`` picked on the form
    (the caller checked it is the user's to pick and of the dossier's nominee kind), else the record found
    by the nominee as it is now written, or a new one (always new with ``new_person``)."""
    # No autoflush: the dossier's changes are written by its operation's own flush, which reports a
    # concurrent change (the version) as such.
    with db.session.no_autoflush:
        if dossier.nominee_kind is NomineeKind.INDIVIDUAL and person is not None:
            dossier.nominee_person, dossier.nominee_collective = person, None
            if person.gender is None and dossier.nominee_gender is not None:
                person.gender = dossier.nominee_gender
        elif dossier.nominee_kind is not NomineeKind.INDIVIDUAL and collective is not None:
            dossier.nominee_person, dossier.nominee_collective = None, collective
        else:
            _link(dossier, new_person=new_person)


def _link(dossier: Dossier, *, new_person: bool = False) -> None:
    unit_id = dossier.nominee_unit_id or dossier.unit_id or (dossier.unit.id if dossier.unit else None)
    if dossier.nominee_kind is NomineeKind.INDIVIDUAL:
        dossier.nominee_person = person_for(dossier.nominee_name, dossier.nominee_birth_year, unit_id,
                                            gender=dossier.nominee_gender, position=dossier.nominee_position,
                                            new=new_person)
        dossier.nominee_collective = None
    else:
        household = dossier.nominee_kind is NomineeKind.HOUSEHOLD
        dossier.nominee_collective = collective_for(
            CollectiveKind.HOUSEHOLD if household else CollectiveKind.UNIT, dossier.nominee_name, unit_id,
            address=dossier.nominee_position if household else "")
        dossier.nominee_person = None


def register_award(dossier: Dossier, *, decision_number: str, decision_date: date | None,
                   decision_id: int | None = None) -> RegistryEntry:
    """Enter an awarded dossier in the registry (source: this app's decision), in the caller's transaction."""
    with db.session.no_autoflush:
        if dossier.nominee_person is None and dossier.nominee_collective is None:
            _link(dossier)
        campaign, award = dossier.campaign, dossier.award
    entry = RegistryEntry(
        person=dossier.nominee_person, collective=dossier.nominee_collective, award=award, year=campaign.year,
        campaign_kind=campaign.kind, authority=award.decided_by or "", decision_number=decision_number,
        decision_date=decision_date, source=RegistrySource.APP_DECISION, decision_id=decision_id,
        dossier=dossier,
    )
    db.session.add(entry)
    return entry


def revoke_award(dossier: Dossier, decision, actor) -> None:
    """Remove the dossier's registry entry, revoked by ``decision`` (a cancellation), writing what it said to
    the record's history (``entry_revoked``) in the caller's transaction."""
    from app.nominees.history import note

    entry = db.session.scalar(select(RegistryEntry).where(RegistryEntry.dossier_id == dossier.id))
    if entry is None:
        return
    note("entry_revoked", person=entry.person, collective=entry.collective, actor=actor, detail={
        "entry_id": entry.id, "award": entry.award.code, "year": entry.year, "dossier_id": dossier.id,
        "decision_number": entry.decision_number,
        "decision_date": entry.decision_date.isoformat() if entry.decision_date else None,
        "revoked_by": decision.reference,
        "revoked_on": decision.signed_on.isoformat() if decision.signed_on else None})
    db.session.delete(entry)
