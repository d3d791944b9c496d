"""The history of a person's or a collective's record (``RegistryEvent``): one call per change, in the
caller's transaction, so that a change and the line saying who made it are written together or not at all.
"""
import uuid

from app.extensions import db
from app.models import Collective, Person, RegistryEvent, User


def new_batch() -> str:
    """An id grouping the lines one operation writes (an import, a merge): shown and undone as one."""
    return str(uuid.uuid4())


def note(action: str, *, person: Person | None = None, collective: Collective | None = None,
         actor: User | None = None, detail: dict | None = None, batch: str = "") -> RegistryEvent:
    """Add a history line. ``detail`` is JSON (ids, years, codes, old and new values); it must never
    hold a personal ID number (CCCD)."""
    event = RegistryEvent(person=person, collective=collective, action=action, actor=actor,
                          detail=detail or {}, batch=batch)
    db.session.add(event)
    return event
