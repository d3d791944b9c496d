"""Per-process cache of read-mostly data, with invalidation through a stamp in the database (issue 14).

The dossier list's filter offers every campaign and award, and the dossier page and the inbox count working
days with the administrator's calendar overrides; reading them cost queries and ORM objects on every page,
while an administrator changes them a few times a year. Each app
process keeps them in memory (plain tuples, never ORM objects that belong to a session), under the
stamp of their family (``app.models.cache_stamps``). A request reads the stamps (all the families', once per
request, in the statement that loads the signed-in user: ``stamps_column``) and reads the data again only when
the stamp changed. Any flush that adds, changes or
deletes a watched model gives the family a new stamp in the same transaction, so an administrator's
rename shows on the next request of every process, and a rolled-back edit changes nothing. Several app
servers agree because they all read the stamp from the shared database (no Redis needed).

What depends on who asks is never cached here: the user, their role, their unit's scope and which
units they may see are read fresh on every request.
"""
import functools
import secrets
from collections.abc import Callable
from itertools import chain
from typing import NamedTuple

from flask import current_app, g, has_app_context
from sqlalchemy import event, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import (
    Award,
    Campaign,
    CampaignKindPolicy,
    EligibilityRule,
    Movement,
    MovementLaunch,
    RegistrationYear,
    SavedFilter,
    Unit,
    WorkingDayOverride,
)
from app.models.cache_stamps import CacheStamp

CATALOGUE = "catalogue"
CALENDAR = "calendar"
SAVED_FILTERS = "saved_filters"
UNITS = "units"
ELIGIBILITY = "eligibility"  # the engine's rule book (app/workflow/eligibility_panel.py)
# Family -> the models its cached values are read from: a change to any of them renews the stamp.
WATCHED: dict[str, tuple[type, ...]] = {CATALOGUE: (Campaign, Award, Movement), CALENDAR: (WorkingDayOverride,),
                                        SAVED_FILTERS: (SavedFilter,), UNITS: (Unit,),
                                        ELIGIBILITY: (Award, EligibilityRule, CampaignKindPolicy, MovementLaunch,
                                                      RegistrationYear)}
PER_KEY_LIMIT = 5000  # entries of a per-key family (e.g. one per user) kept before it starts afresh


class CampaignChoice(NamedTuple):
    id: int
    name: str
    year: int


class AwardChoice(NamedTuple):
    id: int
    name: str


class UnitChoice(NamedTuple):
    id: int
    name: str


@functools.cache  # a constant construct: built once, compiled once
def stamps_column():
    """Every family's stamp as one text ("name=stamp,…"), a scalar subquery to read alongside another
    statement: ``load_user`` reads it with the user, so that a page pays no statement of its own for it."""
    pair = CacheStamp.name + "=" + CacheStamp.stamp
    return select(func.aggregate_strings(pair, ",")).scalar_subquery()


def prime(stamps: str | None) -> None:
    """This request's stamps, as ``stamps_column`` read them (None: no family has changed yet)."""
    g._cache_stamps = dict(item.partition("=")[::2] for item in (stamps or "").split(",") if item)


def stamp(name: str) -> str:
    """The family's current stamp ("" while it has never changed): every family's, read once per request
    (with the user, or in one statement of their own when no user was loaded: a job, a command)."""
    stamps = g.get("_cache_stamps")
    if stamps is None:
        stamps = g._cache_stamps = dict(db.session.execute(select(CacheStamp.name, CacheStamp.stamp)).all())
    return stamps.get(name, "")


def _flushed_stamp(name: str) -> str:
    """The stamp after this session's pending changes are flushed: reading from memory skips the autoflush
    a query would have done, and a change made earlier in this request must show in what it reads."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        session.flush()
    return stamp(name)


def cached(name: str, load: Callable[[], object]):
    """The family's value from this process's memory, or ``load()`` when its stamp changed."""
    store = current_app.extensions.setdefault("khenthuong_cache", {})
    current = _flushed_stamp(name)
    hit = store.get(name)
    if hit is not None and hit[0] == current:
        return hit[1]
    value = load()
    store[name] = (current, value)
    return value


def cached_entry(name: str, key, load: Callable[[], object]):
    """One key's value of a family cached per key (e.g. per user), or ``load()`` when the family's stamp
    changed or the key was not read since."""
    store = current_app.extensions.setdefault("khenthuong_cache", {})
    current = _flushed_stamp(name)
    hit = store.get(name)
    if hit is None or hit[0] != current or len(hit[1]) > PER_KEY_LIMIT:
        hit = store[name] = (current, {})
    if key not in hit[1]:
        hit[1][key] = load()
    return hit[1][key]


def _load_catalogue() -> dict:
    campaigns = db.session.execute(
        select(Campaign.id, Campaign.name, Campaign.year).order_by(Campaign.year.desc(), Campaign.name)).all()
    awards = db.session.execute(select(Award.id, Award.name).order_by(Award.sort_order, Award.name)).all()
    return {"campaigns": tuple(CampaignChoice(*row) for row in campaigns),
            "awards": tuple(AwardChoice(*row) for row in awards)}


def catalogue() -> dict:
    """Every campaign (newest year first) and award (catalogue order), as the list's filter offers them."""
    return cached(CATALOGUE, _load_catalogue)


def all_units() -> tuple[UnitChoice, ...]:
    """Every unit (id, name) by name: the province's filter choices."""
    return cached(UNITS, lambda: tuple(UnitChoice(*row) for row in db.session.execute(
        select(Unit.id, Unit.name).order_by(Unit.name, Unit.id)).all()))


def read_working_day_overrides() -> dict:
    """The days an administrator made working days or days off, read from the database (not cached: the
    working calendar built from them is, ``app.workflow.calendar.WorkingCalendar.load``)."""
    return dict(db.session.execute(select(WorkingDayOverride.day, WorkingDayOverride.is_working_day)).all())


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, flush_context, instances) -> None:
    changed = list(chain(session.new, session.dirty, session.deleted))
    for name, models in WATCHED.items():
        if any(isinstance(obj, models) for obj in changed):
            session.info.setdefault("renew_cache_stamps", set()).add(name)


@event.listens_for(Session, "after_flush")
def _renew_stamps(session: Session, flush_context) -> None:
    names = session.info.pop("renew_cache_stamps", None)
    if not names:
        return
    connection = session.connection()
    upsert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    for name in sorted(names):
        new = secrets.token_hex(16)
        # One statement that inserts the family's row or renews it: two first edits at once cannot collide.
        connection.execute(upsert(CacheStamp).values(name=name, stamp=new)
                           .on_conflict_do_update(index_elements=[CacheStamp.name], set_={"stamp": new}))
    if has_app_context():
        g.pop("_cache_stamps", None)  # this request reads the new stamp if it renders the list after all
