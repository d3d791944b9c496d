"""Per-process cache of read-mostly data, with invalidation through a stamp in the database (issue 14).

The dossier list's filter offers every campaign and award, and the dossier page and the inbox count working
days with the administrator's calendar overrides; reading them cost queries and ORM objects on every page,
while an administrator changes them a few times a year. Each app
process keeps them in memory (plain tuples, never ORM objects that belong to a session), under the
stamp of their family (``app.models.cache_stamps``). A request reads the stamps (one statement for all the
families, once per request) and reads the data again only when the stamp changed. Any flush that adds, changes or
deletes a watched model gives the family a new stamp in the same transaction, so an administrator's
rename shows on the next request of every process, and a rolled-back edit changes nothing. Several app
servers agree because they all read the stamp from the shared database (no Redis needed).

What depends on who asks is never cached here: the user, their role, their unit's scope and which
units they may see are read fresh on every request.
"""
import secrets
from collections.abc import Callable
from itertools import chain
from typing import NamedTuple

from flask import current_app, g, has_app_context
from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Award, Campaign, Movement, WorkingDayOverride
from app.models.cache_stamps import CacheStamp

CATALOGUE = "catalogue"
CALENDAR = "calendar"
# Family -> the models its cached values are read from: a change to any of them renews the stamp.
WATCHED: dict[str, tuple[type, ...]] = {CATALOGUE: (Campaign, Award, Movement), CALENDAR: (WorkingDayOverride,)}


class CampaignChoice(NamedTuple):
    id: int
    name: str
    year: int


class AwardChoice(NamedTuple):
    id: int
    name: str


def stamp(name: str) -> str:
    """The family's current stamp ("" while it has never changed): every family's, read in one statement
    once per request (or app context)."""
    stamps = g.get("_cache_stamps")
    if stamps is None:
        stamps = g._cache_stamps = dict(db.session.execute(select(CacheStamp.name, CacheStamp.stamp)).all())
    return stamps.get(name, "")


def cached(name: str, load: Callable[[], object]):
    """The family's value from this process's memory, or ``load()`` when its stamp changed."""
    store = current_app.extensions.setdefault("khenthuong_cache", {})
    current = stamp(name)
    hit = store.get(name)
    if hit is not None and hit[0] == current:
        return hit[1]
    value = load()
    store[name] = (current, value)
    return value


def _load_catalogue() -> dict:
    campaigns = db.session.execute(
        select(Campaign.id, Campaign.name, Campaign.year).order_by(Campaign.year.desc(), Campaign.name)).all()
    awards = db.session.execute(select(Award.id, Award.name).order_by(Award.sort_order, Award.name)).all()
    return {"campaigns": tuple(CampaignChoice(*row) for row in campaigns),
            "awards": tuple(AwardChoice(*row) for row in awards)}


def catalogue() -> dict:
    """Every campaign (newest year first) and award (catalogue order), as the list's filter offers them."""
    return cached(CATALOGUE, _load_catalogue)


def _load_calendar() -> dict:
    return dict(db.session.execute(select(WorkingDayOverride.day, WorkingDayOverride.is_working_day)).all())


def working_day_overrides() -> dict:
    """The days an administrator made working days or days off (app/workflow/calendar.py): a copy, so that
    a caller changing it changes nothing for the next request."""
    return dict(cached(CALENDAR, _load_calendar))


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
