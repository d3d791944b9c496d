"""Merging two records found to be one person (a duplicate found late), and undoing a merge (issue 8).

Everything the duplicate has moves to the person kept, in the caller's transaction: registry entries,
yearly ratings, initiatives, discipline, dated positions, and the dossiers that propose it (their printed
names stay as they were). The duplicate is not deleted: it is marked merged (``merged_into_id``,
``merged_at``) and leaves every search and picker. Two history lines in one batch, one on each person, list
every row id that moved, so that the merge can be undone exactly (``undo``) as long as those rows are
still where the merge put them.

Two ratings of one year cannot both stand (one rating per person and year): the same rating is simply kept
(the duplicate's stays on the merged record); two different ones need the user's choice, else the merge
is refused. Two entries for the same award, year and decision are both kept, and flagged.
Operations: they change rows, write history and flush; the caller commits.
"""
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from app.extensions import db
from app.models import (
    Discipline,
    Dossier,
    Initiative,
    PerformanceRating,
    Person,
    PersonPosition,
    RegistryEntry,
    RegistryEvent,
    User,
)
from app.models.base import utcnow
from app.nominees.history import new_batch, note

MERGE, MERGED_INTO, UNDO, UNDONE = "merge", "merged_into", "merge_undone", "unmerged"

# What moves, by the name the history lines use: the model and its column naming the person.
MOVABLE: dict[str, tuple[Any, Any]] = {
    "registry_entry": (RegistryEntry, RegistryEntry.person_id),
    "initiative": (Initiative, Initiative.person_id),
    "discipline": (Discipline, Discipline.person_id),
    "person_position": (PersonPosition, PersonPosition.person_id),
    "dossier": (Dossier, Dossier.nominee_person_id),
    "performance_rating": (PerformanceRating, PerformanceRating.person_id),
}
KEEP_KEPT, KEEP_DUPLICATE = "kept", "duplicate"


class MergeRefused(ValueError):
    """A merge or an undo that cannot be done, with the reason in plain words."""


@dataclass
class RatingConflict:
    year: int
    kept: PerformanceRating
    duplicate: PerformanceRating


@dataclass
class MergePlan:
    """What a merge would move (the preview) and what needs the user's attention."""

    kept: Person
    duplicate: Person
    rows: dict[str, list] = field(default_factory=dict)  # kind → the duplicate's rows that move
    conflicts: list[RatingConflict] = field(default_factory=list)  # same year, different ratings: choose
    same_ratings: list[PerformanceRating] = field(default_factory=list)  # same year, same rating: left behind
    twins: list[tuple[RegistryEntry, RegistryEntry]] = field(default_factory=list)  # (kept's, duplicate's)

    @property
    def moving_count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _check_pair(kept: Person, duplicate: Person) -> None:
    if kept.id == duplicate.id:
        raise MergeRefused(_("A record cannot be merged into itself."))
    if kept.merged_into_id is not None or duplicate.merged_into_id is not None:
        raise MergeRefused(_("One of the two records has already been merged into another."))


def plan(kept: Person, duplicate: Person) -> MergePlan:
    """The preview: every row of the duplicate that would move, the rating conflicts and the twin entries."""
    _check_pair(kept, duplicate)
    result = MergePlan(kept, duplicate)
    for kind, (model, column) in MOVABLE.items():
        result.rows[kind] = list(db.session.scalars(select(model).where(column == duplicate.id).order_by(model.id)))
    kept_ratings = {r.year: r for r in db.session.scalars(
        select(PerformanceRating).where(PerformanceRating.person_id == kept.id))}
    moving_ratings = []
    for rating in result.rows["performance_rating"]:
        other = kept_ratings.get(rating.year)
        if other is None:
            moving_ratings.append(rating)
        elif other.rating is rating.rating:
            result.same_ratings.append(rating)
        else:
            result.conflicts.append(RatingConflict(rating.year, other, rating))
    result.rows["performance_rating"] = moving_ratings
    kept_entries: dict[tuple, RegistryEntry] = {}
    for entry in db.session.scalars(select(RegistryEntry).where(RegistryEntry.person_id == kept.id)):
        kept_entries.setdefault(_entry_key(entry), entry)
    result.twins = [(kept_entries[_entry_key(e)], e) for e in result.rows["registry_entry"]
                    if _entry_key(e) in kept_entries]
    return result


def _entry_key(entry: RegistryEntry) -> tuple:
    return entry.award_id, entry.year, entry.decision_number.strip().casefold()


def merge(actor: User, kept: Person, duplicate: Person, *, reason: str,
          choices: dict[int, str] | None = None, at: datetime | None = None) -> str:
    """Merge ``duplicate`` into ``kept``; returns the batch id of its history lines.

    ``choices`` says, for each year whose two ratings differ, which one stands: ``"kept"`` (the kept
    person's) or ``"duplicate"`` (the duplicate's value replaces it; the old value is in the history)."""
    reason = reason.strip()
    if not reason:
        raise MergeRefused(_("Say why the two records are one person."))
    result = plan(kept, duplicate)
    choices = choices or {}
    unresolved = [c for c in result.conflicts if choices.get(c.year) not in (KEEP_KEPT, KEEP_DUPLICATE)]
    if unresolved:
        raise MergeRefused(_("Two different ratings for %(years)s: choose the one to keep.",
                             years=", ".join(str(c.year) for c in unresolved)))
    at = at or utcnow()
    moved = {kind: [row.id for row in rows] for kind, rows in result.rows.items()}
    for kind, ids in moved.items():
        _move(kind, ids, duplicate.id, kept.id)
    rating_changes = []
    for conflict in result.conflicts:
        if choices[conflict.year] == KEEP_DUPLICATE:
            rating_changes.append({"id": conflict.kept.id, "year": conflict.year,
                                   "from": conflict.kept.rating.value, "to": conflict.duplicate.rating.value})
            conflict.kept.rating = conflict.duplicate.rating
    duplicate.merged_into_id, duplicate.merged_at = kept.id, at
    batch = new_batch()
    detail = {
        "kept_id": kept.id, "duplicate_id": duplicate.id, "reason": reason, "moved": moved,
        "rating_changes": rating_changes,
        "ratings_left": [r.id for r in result.same_ratings + [c.duplicate for c in result.conflicts]],
        "twin_entries": [[a.id, b.id] for a, b in result.twins],
    }
    note(MERGE, person=kept, actor=actor, detail=detail, batch=batch).created_at = at
    note(MERGED_INTO, person=duplicate, actor=actor, detail=detail, batch=batch).created_at = at
    db.session.flush()
    return batch


def _move(kind: str, ids: list[int], from_id: int, to_id: int) -> None:
    if not ids:
        return
    model, column = MOVABLE[kind]
    values: dict = {column.key: to_id}
    if model is Dossier:
        values["updated_at"] = Dossier.updated_at  # a link moved, not the dossier edited
    db.session.execute(update(model).where(model.id.in_(ids), column == from_id).values(values)
                       .execution_options(synchronize_session="fetch"))


# --- the list of merges and undoing one -----------------------------------------------------------

@dataclass
class MergeRecord:
    """One merge as listed: its history line on the kept person, and whether it was undone."""

    event: RegistryEvent
    kept: Person | None
    duplicate: Person | None
    undone_by: RegistryEvent | None

    @property
    def batch(self) -> str:
        return self.event.batch

    @property
    def reason(self) -> str:
        return str(self.event.detail.get("reason", ""))

    @property
    def moved_count(self) -> int:
        return sum(len(ids) for ids in self.event.detail.get("moved", {}).values())


def recent_merges(limit: int = 50) -> list[MergeRecord]:
    """The latest merges, newest first, each with the line that undid it if it was undone."""
    events = list(db.session.scalars(select(RegistryEvent).where(RegistryEvent.action == MERGE)
                                     .order_by(RegistryEvent.id.desc()).limit(limit)))
    return [_record(event) for event in events]


def find_merge(batch: str) -> MergeRecord | None:
    event = db.session.scalar(select(RegistryEvent).where(RegistryEvent.batch == batch,
                                                          RegistryEvent.action == MERGE))
    return _record(event) if event is not None else None


def _record(event: RegistryEvent) -> MergeRecord:
    people = {p.id: p for p in db.session.scalars(select(Person).where(
        Person.id.in_([event.detail.get("kept_id", 0), event.detail.get("duplicate_id", 0)])))}
    undone = None
    if event.person_id is not None:
        # The undo line sits on the same kept person; few lines per person, read and matched here (no JSON
        # query: SQLite and PostgreSQL spell them differently).
        for line in db.session.scalars(select(RegistryEvent).where(RegistryEvent.person_id == event.person_id,
                                                                   RegistryEvent.action == UNDO,
                                                                   RegistryEvent.id > event.id)):
            if line.detail.get("undoes") == event.batch:
                undone = line
                break
    return MergeRecord(event, people.get(int(event.detail.get("kept_id") or 0)),
                       people.get(int(event.detail.get("duplicate_id") or 0)), undone)


def undo_obstacles(record: MergeRecord) -> list[str]:
    """Why the merge cannot be undone now (nothing: it can)."""
    if record.undone_by is not None:
        return [_("This merge has already been undone.")]
    kept, duplicate = record.kept, record.duplicate
    if kept is None or duplicate is None:
        return [_("One of the two records no longer exists.")]
    reasons = []
    if duplicate.merged_into_id != kept.id:
        reasons.append(_("The merged record is no longer merged into the kept one."))
    if kept.merged_into_id is not None:
        reasons.append(_("The kept record has since been merged into another (%(name)s, no. %(id)s): undo that "
                         "merge first.", name=kept.merged_into.full_name if kept.merged_into else "",
                         id=kept.merged_into_id))
    for kind, ids in record.event.detail.get("moved", {}).items():
        if kind not in MOVABLE or not ids:
            continue
        model, column = MOVABLE[kind]
        still = set(db.session.scalars(select(model.id).where(model.id.in_(ids), column == kept.id)))
        gone = [i for i in ids if i not in still]
        if gone:
            reasons.append(_("%(what)s no. %(ids)s no longer belong to the kept record (changed or removed since "
                             "the merge).", what=_kind_label(kind), ids=", ".join(map(str, gone))))
    for change in record.event.detail.get("rating_changes", []):
        rating = db.session.get(PerformanceRating, change["id"])
        if rating is None or rating.person_id != kept.id or rating.rating.value != change["to"]:
            reasons.append(_("The rating of %(year)s has changed since the merge.", year=change["year"]))
    return reasons


def _kind_label(kind: str) -> str:
    return {
        "registry_entry": _("Registry entries"), "initiative": _("Initiatives"), "discipline": _("Discipline"),
        "person_position": _("Positions"), "dossier": _("Dossiers"), "performance_rating": _("Ratings"),
    }[kind]


def undo(actor: User, record: MergeRecord, *, at: datetime | None = None) -> str:
    """Put back exactly what the merge moved and un-mark the duplicate; refused (MergeRefused, every
    reason) when something since makes it impossible. Returns the batch id of its own history lines."""
    obstacles = undo_obstacles(record)
    if obstacles:
        raise MergeRefused(" ".join(obstacles))
    kept, duplicate = record.kept, record.duplicate
    assert kept is not None and duplicate is not None  # undo_obstacles said so
    at = at or utcnow()
    moved = record.event.detail.get("moved", {})
    for kind, ids in moved.items():
        _move(kind, ids, kept.id, duplicate.id)
    for change in record.event.detail.get("rating_changes", []):
        rating = db.session.get(PerformanceRating, change["id"])
        assert rating is not None
        rating.rating = type(rating.rating)(change["from"])
    duplicate.merged_into_id, duplicate.merged_at = None, None
    batch = new_batch()
    detail = {"undoes": record.batch, "kept_id": kept.id, "duplicate_id": duplicate.id, "moved_back": moved,
              "rating_changes_reverted": record.event.detail.get("rating_changes", [])}
    note(UNDO, person=kept, actor=actor, detail=detail, batch=batch).created_at = at
    note(UNDONE, person=duplicate, actor=actor, detail=detail, batch=batch).created_at = at
    db.session.flush()
    return batch
