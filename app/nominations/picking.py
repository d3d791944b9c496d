"""The nominee picker of the dossier form: pick the person or collective from the registry, or create one
after being shown the possible duplicates (issue 8).

With JavaScript the officer types in the picker's search box, the list comes from ``registry.picker``
(htmx) and a result's "Choose" button fills the nominee fields and the hidden record id in the page
(``app.js``). Without it the same buttons submit the form: this module then searches, fills the fields or
clears the pick, and the form is shown again with nothing saved. Either way the server checks the hidden
id on save: within the user's scope (``access.person_scope`` / ``collective_scope``) and of the nominee's
kind, or the one the dossier already links to.
"""
from dataclasses import dataclass, field

from flask import Request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.access import collective_scope, person_scope, unit_subtree_ids
from app.extensions import db
from app.models import Collective, CollectiveKind, Dossier, NomineeKind, Person, Unit, User
from app.nominees import matching
from app.numbers import optional_id


@dataclass
class Choice:
    """One line of the picker: what it shows, and what choosing it fills in the form (field → value)."""

    button: str  # the name of its submit button: pick_person, pick_collective or pick_unit
    record_id: int
    label: str
    detail: str
    fill: dict[str, str]


def person_choice(person: Person) -> Choice:
    detail = " · ".join(part for part in (str(person.birth_year or ""), person.position,
                                          person.unit.name if person.unit else "") if part)
    return Choice("pick_person", person.id, person.full_name, detail, {
        "nominee_person_id": str(person.id), "nominee_collective_id": "", "nominee_name": person.full_name,
        "nominee_gender": person.gender.value if person.gender else "",
        "nominee_birth_year": str(person.birth_year or ""), "nominee_position": person.position,
        "nominee_unit_id": str(person.unit_id or ""),
    })


def collective_choice(collective: Collective) -> Choice:
    parts = [str(collective.kind.label)]
    if collective.tax_code:
        parts.append(_("tax code %(code)s", code=collective.tax_code))
    parts += [part for part in (collective.address, collective.unit.name if collective.unit else "") if part]
    return Choice("pick_collective", collective.id, collective.name, " · ".join(parts), {
        "nominee_person_id": "", "nominee_collective_id": str(collective.id), "nominee_name": collective.name,
        "nominee_position": collective.address, "nominee_unit_id": str(collective.unit_id or ""),
    })


def unit_choice(unit: Unit) -> Choice:
    # A unit of the tree without a record yet: saving creates its record (kind unit) from these fields.
    return Choice("pick_unit", unit.id, unit.name, _("Unit or sub-unit (new record)"), {
        "nominee_person_id": "", "nominee_collective_id": "", "nominee_name": unit.name,
        "nominee_unit_id": str(unit.id),
    })


def choices_for(user: User, query: str | None, kind: NomineeKind) -> list[Choice]:
    """What the picker lists for this query: the people, or the collectives and units, the user may pick."""
    if kind is NomineeKind.INDIVIDUAL:
        return [person_choice(p) for p in matching.search_people(query, within=person_scope(user))]
    collectives = matching.search_collectives(query, matching.collective_kinds_for(kind),
                                              within=collective_scope(user))
    choices = [collective_choice(c) for c in collectives]
    if kind is NomineeKind.COLLECTIVE and user.unit_id is not None:
        recorded = {(c.unit_id, c.search_key) for c in collectives if c.kind is CollectiveKind.UNIT}
        choices += [unit_choice(u) for u in matching.search_units(query, unit_subtree_ids(user.unit_id))
                    if (u.id, u.search_key) not in recorded]
    return choices[:matching.PICKER_LIMIT]


def nominee_kind_of(value: str | None) -> NomineeKind:
    return NomineeKind(value) if value in NomineeKind._value2member_map_ else NomineeKind.INDIVIDUAL


@dataclass
class Picker:
    """The picker's state in one request of the dossier form."""

    query: str = ""
    results: list[Choice] | None = None  # a search made without JavaScript (None: none was made)
    picked: Choice | None = None  # the record the dossier links to, as shown above the fields
    person: Person | None = None
    collective: Collective | None = None
    new_person: bool = False  # the officer confirmed that the namesakes on record are other people
    offer: list[Choice] = field(default_factory=list)  # possible duplicates, before creating a person
    handled: bool = False  # a picker button was pressed: show the form again, save nothing
    error: str = ""


def for_dossier(dossier: Dossier | None) -> Picker:
    """The picker of a form shown for the first time: the record the dossier links to, if any."""
    picker = Picker()
    if dossier is not None and dossier.nominee_person is not None:
        picker.person, picker.picked = dossier.nominee_person, person_choice(dossier.nominee_person)
    elif dossier is not None and dossier.nominee_collective is not None:
        picker.collective = dossier.nominee_collective
        picker.picked = collective_choice(dossier.nominee_collective)
    return picker


def read(form, request: Request, user: User, dossier: Dossier | None) -> Picker:
    """The picker's state from a submitted dossier form: a picker button's effect (no JavaScript), or the
    hidden record id checked against the user's scope and the nominee's kind."""
    sent: MultiDict = request.form
    kind = nominee_kind_of(form.nominee_kind.data)
    picker = Picker(query=(sent.get("picker_q") or "").strip()[:200],
                    new_person=sent.get("confirm_new_person") == "1")
    if "picker_search" in sent:
        picker.handled, picker.results = True, choices_for(user, picker.query, kind)
    elif "picker_clear" in sent:
        picker.handled = True
        _fill(form, {"nominee_person_id": "", "nominee_collective_id": ""})
        return picker
    else:
        for button, model in (("pick_person", Person), ("pick_collective", Collective), ("pick_unit", Unit)):
            if button in sent:
                picker.handled = True
                choice = _choice_from_button(model, sent.get(button), user, kind)
                if choice is None:
                    picker.error = _("This record cannot be picked here: search again.")
                    return picker
                _fill(form, choice.fill)
                break
    _check_hidden_ids(picker, form, user, dossier, kind)
    return picker


def _choice_from_button(model, raw: str | None, user: User, kind: NomineeKind) -> Choice | None:
    try:
        record_id = optional_id(raw)
    except ValueError:
        return None
    if record_id is None:
        return None
    if model is Unit:
        if kind is not NomineeKind.COLLECTIVE or user.unit_id is None \
                or record_id not in unit_subtree_ids(user.unit_id):
            return None
        unit = db.session.get(Unit, record_id)
        return unit_choice(unit) if unit is not None else None
    record = _pickable(model, record_id, user, kind)
    if record is None:
        return None
    return person_choice(record) if model is Person else collective_choice(record)


def _pickable(model, record_id: int, user: User, kind: NomineeKind):
    """The record if this user may pick it for this nominee kind, else None."""
    if model is Person:
        return matching.in_scope(Person, record_id, person_scope(user)) if kind is NomineeKind.INDIVIDUAL else None
    if kind is NomineeKind.INDIVIDUAL:
        return None
    collective = matching.in_scope(Collective, record_id, collective_scope(user))
    if collective is None or collective.kind not in matching.collective_kinds_for(kind):
        return None
    return collective


def _check_hidden_ids(picker: Picker, form, user: User, dossier: Dossier | None, kind: NomineeKind) -> None:
    for name, model, current in (
        ("nominee_person_id", Person, dossier.nominee_person_id if dossier else None),
        ("nominee_collective_id", Collective, dossier.nominee_collective_id if dossier else None),
    ):
        try:
            record_id = optional_id(getattr(form, name).data)
        except ValueError:
            picker.error = _("This record cannot be picked here: search again.")
            continue
        if record_id is None:
            continue
        wanted = Person if kind is NomineeKind.INDIVIDUAL else Collective
        if model is not wanted:
            picker.error = _("The record picked is not of this nominee kind: pick again or clear the pick.")
            continue
        if model is Person and current is not None and record_id != current:
            # The form was opened before the person it carried was merged into the dossier's person.
            stale = db.session.get(Person, record_id)
            if stale is not None and stale.merged_into_id == current:
                record_id = current
        # The record the dossier already proposes stays pickable even if it has left the user's scope
        # (the person moved to another unit): editing the printed fields keeps the link.
        record = db.session.get(model, record_id) if record_id == current else _pickable(model, record_id, user, kind)
        if record is None:
            picker.error = _("This record cannot be picked here: search again.")
            continue
        if isinstance(record, Person):
            picker.person, picker.picked = record, person_choice(record)
        elif isinstance(record, Collective):
            picker.collective, picker.picked = record, collective_choice(record)


def offer_duplicates(picker: Picker, user: User, *, name: str, birth_year: int | None, unit_id: int | None,
                     dossier: Dossier | None = None) -> bool:
    """Before a new person is created (nothing picked, not confirmed): the people on record who may be the
    same, put in ``picker.offer``. True when there are any, and the form must ask first.

    A dossier whose own person is among them keeps it (a form sent without the hidden id, or the printed
    name corrected): nothing to ask."""
    if picker.person is not None or picker.new_person:
        return False
    people = matching.possible_duplicates(name, birth_year, unit_id, within=person_scope(user))
    if dossier is not None and dossier.nominee_person is not None and dossier.nominee_person in people:
        picker.person = dossier.nominee_person
        return False
    picker.offer = [person_choice(p) for p in people]
    return bool(picker.offer)


def _fill(form, values: dict[str, str]) -> None:
    """Set form fields as if they had been typed (raw data too: IntegerField renders it first)."""
    for name, value in values.items():
        bound = getattr(form, name)
        bound.raw_data = [value]
        try:
            bound.process_formdata([value])
        except ValueError:  # "" in a number or id field: nothing there
            bound.data = None
