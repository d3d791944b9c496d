"""The rows of a registry import file, checked one by one (``importing.py`` reads the file, matches the rows
to the registry and writes them): each row becomes a ``Row`` or row-numbered errors in the ``Analysis``.
The columns are those of ``import_layout.py``."""
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app import access
from app.extensions import db
from app.models import Award, CampaignKind, Gender, Rating, Unit, User
from app.models.base import local_today
from app.numbers import whole_number
from app.registry import import_layout as layout
from app.text import clean_line, control_characters, fold

MAX_ERRORS_KEPT = 1000  # a file wrong throughout says so in its first thousand errors
# What a row is for: an individual (a person) or a kind of collective.
INDIVIDUAL = "individual"


@dataclass(slots=True)
class Row:
    number: int
    kind: str  # INDIVIDUAL or a CollectiveKind value
    name: str
    key: tuple  # the nominee's matching key
    birth_year: int | None
    gender: Gender | None
    unit_id: int
    position: str
    award: Award | None
    rating: Rating | None
    year: int
    campaign_kind: CampaignKind
    authority: str
    decision_number: str
    decision_date: date | None
    record_id: int | None = None  # the existing record it matches


@dataclass
class Analysis:
    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    error_count: int = 0
    unit_names: dict[int, str] = field(default_factory=dict)

    def error(self, row: int | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append((row, message))

    def summary(self) -> dict:
        people = {r.key for r in self.rows if r.kind == INDIVIDUAL}
        collectives = {r.key for r in self.rows if r.kind != INDIVIDUAL}
        matched = {r.key for r in self.rows if r.record_id is not None}
        return {
            "rows": len(self.rows),
            "entries": sum(1 for r in self.rows if r.award is not None),
            "ratings": sum(1 for r in self.rows if r.rating is not None),
            "people_matched": len(people & matched), "people_new": len(people - matched),
            "collectives_matched": len(collectives & matched), "collectives_new": len(collectives - matched),
            "error_count": self.error_count,
            "errors": [[row, message] for row, message in sorted(self.errors, key=lambda e: e[0] or 0)],
        }

    def stored_rows(self) -> list[list]:
        """The checked rows as the preview keeps them (JSON): the apply step works from these, not from
        the file again, and the preview page shows them."""
        return [[r.number, r.kind, r.name, r.birth_year, r.gender.value if r.gender else None, r.unit_id,
                 r.position, r.award.code if r.award is not None else None, r.rating.value if r.rating else None,
                 r.year, r.campaign_kind.value, r.authority, r.decision_number,
                 r.decision_date.isoformat() if r.decision_date else None, r.record_id] for r in self.rows]


class Lookups:
    """The catalogue, the units and the user's scope, loaded once per file."""

    def __init__(self, user: User):
        self.awards = {award.code.casefold(): award for award in db.session.scalars(select(Award))}
        self.units_by_code: dict[str, int] = {}
        self.units_by_name: dict[str, list[int]] = defaultdict(list)
        self.unit_names: dict[int, str] = {}
        for unit_id, code, name, search_key in db.session.execute(select(Unit.id, Unit.code, Unit.name,
                                                                         Unit.search_key)):
            self.units_by_code[code.casefold()] = unit_id
            self.units_by_name[search_key or fold(name)].append(unit_id)
            self.unit_names[unit_id] = name
        allowed = access.registry_units(user)
        self.allowed_units: set[int] | None = None if allowed is None else set(allowed)
        self.this_year = local_today().year


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _whole(value, low: int, high: int) -> int | None:
    """A year from a cell (a number, or digits as text); None when empty; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        value = int(value)
    if isinstance(value, bool):
        raise ValueError(value)
    return whole_number(value if isinstance(value, int) else str(value).strip(), low, high)


def _day(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for form in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(text)


def check_row(number: int, values: Sequence, lookups: Lookups, analysis: Analysis) -> Row | None:
    """One data row as a Row, or None with its errors recorded."""
    cells = dict(zip(layout.KEYS, values, strict=False))
    before = analysis.error_count

    def refuse(message: str) -> None:
        analysis.error(number, message)

    texts: dict[str, str] = {}
    for column in layout.TEXT_KEYS:
        raw = _text(cells.get(column))
        bad = control_characters(raw)
        if bad:
            refuse(_("%(column)s contains control characters (%(chars)s).", column=layout.HEADERS[column],
                     chars=", ".join(bad)))
        texts[column] = clean_line(raw)
        if len(texts[column]) > layout.MAX_LENGTHS[column]:
            refuse(_("%(column)s is longer than %(n)s characters.", column=layout.HEADERS[column],
                     n=layout.MAX_LENGTHS[column]))

    kind = layout.NOMINEE_KINDS.get(fold(texts["kind"]))
    if kind is None:
        refuse(_("Say whether the row is for an individual (cá nhân), a collective (tập thể), a household "
                 "(hộ gia đình) or an enterprise (doanh nghiệp); “%(value)s” is none of them.",
                 value=texts["kind"]))
    name = texts["name"]
    if not name:
        refuse(_("The name is missing."))

    try:
        birth_year = _whole(cells.get("birth_year"), 1900, lookups.this_year)
    except ValueError:
        birth_year = None
        refuse(_("The year of birth must be a year from 1900 to %(max)s.", max=lookups.this_year))
    gender_text = fold(texts["gender"])
    gender = layout.GENDERS.get(gender_text)
    if gender_text and gender is None:
        refuse(_("Gender must be “Nam” or “Nữ”."))
    if kind is not None and kind != INDIVIDUAL and (birth_year is not None or gender is not None):
        refuse(_("A year of birth or a gender is for an individual only."))

    unit_id = None
    unit_text = texts["unit"]
    if not unit_text:
        refuse(_("The unit is missing."))
    else:
        unit_id = lookups.units_by_code.get(unit_text.casefold())
        if unit_id is None:
            by_name = lookups.units_by_name.get(fold(unit_text), [])
            if len(by_name) == 1:
                unit_id = by_name[0]
            elif by_name:
                refuse(_("The unit name “%(unit)s” fits %(n)s units: give its code.", unit=unit_text,
                         n=len(by_name)))
            else:
                refuse(_("Unknown unit “%(unit)s”: give its code or its name as in the list of units.",
                         unit=unit_text))
        if unit_id is not None and lookups.allowed_units is not None and unit_id not in lookups.allowed_units:
            refuse(_("The unit “%(unit)s” is outside your unit: you may import only your own unit's people "
                     "and collectives.", unit=unit_text))
            unit_id = None

    award = rating = None
    code, rating_text = texts["award"], texts["rating"]
    if code and rating_text:
        refuse(_("Give either an award code or a rating, not both."))
    elif not code and not rating_text:
        refuse(_("Give an award code or a rating."))
    elif code:
        award = lookups.awards.get(code.casefold())
        if award is None:
            refuse(_("Unknown award code “%(code)s” (the instructions sheet lists the catalogue's codes).",
                     code=code))
        elif kind is not None and not layout.award_fits(award, kind):
            refuse(_("%(award)s is not given to this kind of nominee.", award=award.name))
    else:
        rating = layout.RATINGS.get(fold(rating_text))
        if rating is None:
            refuse(_("Unknown rating “%(value)s” (htxs, htt, ht or kht).", value=rating_text))
        elif kind is not None and kind != INDIVIDUAL:
            refuse(_("A rating is for an individual only."))

    try:
        year = _whole(cells.get("year"), 1900, lookups.this_year)
    except ValueError:
        year = None
    if year is None:
        refuse(_("The year must be a year from 1900 to %(max)s.", max=lookups.this_year))

    campaign_kind = CampaignKind.YEARLY
    if texts["campaign_kind"]:
        found = layout.CAMPAIGN_KINDS.get(fold(texts["campaign_kind"]))
        if found is None:
            refuse(_("Unknown campaign kind “%(value)s”.", value=texts["campaign_kind"]))
        else:
            campaign_kind = found
    try:
        decision_date = _day(cells.get("decision_date"))
    except ValueError:
        decision_date = None
        refuse(_("The decision date is not a date (dd/mm/yyyy)."))
    if decision_date is not None and not (1900 <= decision_date.year and decision_date <= local_today()):
        refuse(_("The decision date must lie between 1900 and today."))
        decision_date = None

    if analysis.error_count > before or kind is None or unit_id is None or year is None:
        return None
    if kind == INDIVIDUAL:
        key: tuple = (INDIVIDUAL, fold(name), birth_year, unit_id)
    else:
        key = (kind, fold(name), None, unit_id)
    return Row(number=number, kind=kind, name=name, key=key, birth_year=birth_year, gender=gender,
               unit_id=unit_id, position=texts["position"], award=award, rating=rating, year=year,
               campaign_kind=campaign_kind, authority=texts["authority"],
               decision_number=texts["decision_number"], decision_date=decision_date)


def check_header(header: Sequence, analysis: Analysis) -> bool:
    ok = True
    for index, key in enumerate(layout.KEYS):
        found = clean_line(_text(header[index] if index < len(header) else None))
        if fold(found) != fold(layout.HEADERS[key]):
            ok = False
            analysis.error(1, _("Column %(col)s should be “%(expected)s”; the file has “%(found)s”. Start from "
                                "the template.", col=layout.column_letter(index), expected=layout.HEADERS[key],
                                found=found))
    return ok
