"""Import of past years into the registry (sổ khen thưởng) from an XLSX file (issue 8): read, check, match,
preview, apply — all or nothing.

The layout (``import_layout.py``; the template is downloaded from the import screen) has one row per fact,
checked by ``import_rows.py``: an award or title received (a registry entry) or a person's rating for a
year. Each row's nominee is matched to an existing record by folded name + year of birth + unit (a
collective: kind + folded name + unit); a row that matches no record creates one (rows of one new nominee
create one record), a row that matches two is an error. Any error, and nothing is imported: errors name
their row.

Two jobs (``app/jobs``) do the work, so that a file of 50,000 rows never holds a request open:

* **preview** (``KIND_PREVIEW``): the upload is the job's payload; ``analyse`` reads and checks it and the
  job keeps a summary (``result``) and the per-row preview, compressed (``result_file``);
* **apply** (``KIND_APPLY``), once the user confirms: reads the same file again and checks it against the
  registry as it is now (it may have changed since the preview), then writes everything in ONE transaction
  with bulk inserts — people, collectives, registry entries (source "imported"), ratings, and one history
  line per record touched (one batch id for the whole import). The job runner commits the writes together
  with the job's "done", under the job row's check: a retried job never applies twice.

Matching loads the candidate keys in bulk (by folded name, a few hundred names per query), never one query
per row.
"""
import gzip
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from app import access, jobs
from app.extensions import db
from app.jobs.runner import JobFailed, JobResult, Progress
from app.models import (
    CampaignKind,
    Collective,
    CollectiveKind,
    Gender,
    PerformanceRating,
    Person,
    Rating,
    RegistryEntry,
    RegistryEvent,
    RegistrySource,
    User,
)
from app.models.base import utcnow
from app.models.jobs import Job
from app.nominees.history import new_batch
from app.registry import import_layout as layout
from app.registry.import_rows import INDIVIDUAL, Analysis, Lookups, Row, check_header, check_row
from app.spreadsheets import SpreadsheetRefused, read_sheet
from app.text import fold

KIND_PREVIEW = "registry_import_preview"
KIND_APPLY = "registry_import_apply"
_NAMES_PER_QUERY = 500
_IDS_PER_QUERY = 2000
_PROGRESS_EVERY_ROWS = 2000

# --- matching against the registry -------------------------------------------------------------

def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _describe(record_id: int, name: str, birth_year: int | None, unit_id: int | None, units: dict[int, str]) -> str:
    details = ", ".join(str(part) for part in (birth_year, units.get(unit_id) if unit_id else None) if part)
    return f"#{record_id} {name}" + (f" ({details})" if details else "")


def _match(analysis: Analysis, progress: Progress) -> None:
    """Give each row its existing record (or none: a new one), and refuse ambiguous matches, rows repeated in
    the file and rows already in the registry."""
    rows = analysis.rows
    people: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
    collectives: dict[tuple, list[tuple[int, str]]] = defaultdict(list)
    person_names = sorted({r.key[1] for r in rows if r.kind == INDIVIDUAL})
    collective_names = sorted({r.key[1] for r in rows if r.kind != INDIVIDUAL})
    units = analysis.unit_names
    for names in _chunks(person_names, _NAMES_PER_QUERY):
        found = db.session.execute(select(Person.id, Person.search_key, Person.birth_year, Person.unit_id,
                                          Person.full_name).where(Person.search_key.in_(names), *_live_people()))
        for person_id, search_key, birth_year, unit_id, full_name in found:
            people[(INDIVIDUAL, search_key, birth_year, unit_id)].append(
                (person_id, _describe(person_id, full_name, birth_year, unit_id, units)))
    for names in _chunks(collective_names, _NAMES_PER_QUERY):
        groups = db.session.execute(select(Collective.id, Collective.kind, Collective.search_key, Collective.unit_id,
                                           Collective.name).where(Collective.search_key.in_(names)))
        for collective_id, collective_kind, collective_key, collective_unit, collective_name in groups:
            collectives[(collective_kind.value, collective_key, None, collective_unit)].append(
                (collective_id, _describe(collective_id, collective_name, None, collective_unit, units)))
    progress(len(rows) // 2, len(rows), _("Matching the rows to the registry"))

    bad_rows: set[int] = set()
    for row in rows:
        candidates = (people if row.kind == INDIVIDUAL else collectives).get(row.key, [])
        if len(candidates) == 1:
            row.record_id = candidates[0][0]
        elif candidates:
            bad_rows.add(row.number)
            analysis.error(row.number, _("Matches %(n)s records: %(records)s. Merge them first, or tell them "
                                         "apart by the year of birth or the unit.", n=len(candidates),
                                         records="; ".join(description for _id, description in candidates)))

    # Rows repeated in the file.
    first_entry: dict[tuple, int] = {}
    first_rating: dict[tuple, tuple[int, Rating]] = {}
    for row in rows:
        if row.award is not None:
            entry = (row.key, row.award.id, row.year, row.campaign_kind)
            if entry in first_entry:
                bad_rows.add(row.number)
                analysis.error(row.number, _("Same as row %(row)s.", row=first_entry[entry]))
            else:
                first_entry[entry] = row.number
        elif row.rating is not None:
            fact = (row.key, row.year)
            if fact in first_rating:
                bad_rows.add(row.number)
                earlier, rating = first_rating[fact]
                if rating is row.rating:
                    analysis.error(row.number, _("Same as row %(row)s.", row=earlier))
                else:
                    analysis.error(row.number, _("Row %(row)s gives this person another rating for %(year)s.",
                                                 row=earlier, year=row.year))
            else:
                first_rating[fact] = (row.number, row.rating)

    # Rows already in the registry (of the records they match).
    _already_registered(rows, analysis, bad_rows)
    progress(len(rows), len(rows), _("Matching the rows to the registry"))


def _live_people() -> tuple:
    """Records still in use: a person merged into another (``merged_into_id``) matches no row."""
    return (Person.merged_into_id.is_(None),)


def _already_registered(rows: list[Row], analysis: Analysis, bad_rows: set[int]) -> None:
    person_ids = sorted({r.record_id for r in rows if r.kind == INDIVIDUAL and r.record_id is not None})
    collective_ids = sorted({r.record_id for r in rows if r.kind != INDIVIDUAL and r.record_id is not None})
    person_entries: set[tuple] = set()
    collective_entries: set[tuple] = set()
    ratings: dict[tuple[int, int], Rating] = {}
    for ids in _chunks(person_ids, _IDS_PER_QUERY):
        person_entries.update(tuple(found) for found in db.session.execute(select(
            RegistryEntry.person_id, RegistryEntry.award_id, RegistryEntry.year, RegistryEntry.campaign_kind)
            .where(RegistryEntry.person_id.in_(ids))))
        for person_id, year, rating in db.session.execute(select(
                PerformanceRating.person_id, PerformanceRating.year, PerformanceRating.rating)
                .where(PerformanceRating.person_id.in_(ids))):
            ratings[(person_id, year)] = rating
    for ids in _chunks(collective_ids, _IDS_PER_QUERY):
        collective_entries.update(tuple(found) for found in db.session.execute(select(
            RegistryEntry.collective_id, RegistryEntry.award_id, RegistryEntry.year, RegistryEntry.campaign_kind)
            .where(RegistryEntry.collective_id.in_(ids))))
    for row in rows:
        if row.record_id is None or row.number in bad_rows:
            continue
        if row.award is not None:
            entries = person_entries if row.kind == INDIVIDUAL else collective_entries
            if (row.record_id, row.award.id, row.year, row.campaign_kind) in entries:
                analysis.error(row.number, _("Already in the registry: %(award)s %(year)s of record #%(id)s.",
                                             award=row.award.name, year=row.year, id=row.record_id))
        elif row.rating is not None:
            existing = ratings.get((row.record_id, row.year))
            if existing is row.rating:
                analysis.error(row.number, _("Already in the registry: the rating of %(year)s of record #%(id)s.",
                                             year=row.year, id=row.record_id))
            elif existing is not None:
                analysis.error(row.number, _("Record #%(id)s already has another rating for %(year)s (%(rating)s).",
                                             id=row.record_id, year=row.year, rating=existing.label))


def analyse(content: bytes, user: User, progress: Progress) -> Analysis:
    """Read, check and match a file; the rows and every error (nothing is written)."""
    analysis = Analysis()
    progress(0, 0, _("Reading the file"), force=True)
    try:
        table = read_sheet(content, columns=len(layout.KEYS), max_rows=layout.MAX_ROWS + 1, first_row=1,
                           limits=layout.LIMITS)
    except SpreadsheetRefused as refused:
        analysis.error(None, refused.message)
        return analysis
    if not table or table[0][0] != 1:
        analysis.error(1, _("The first row must be the header of the template."))
        return analysis
    if not check_header(table[0][1], analysis):
        return analysis
    if len(table) == 1:
        analysis.error(None, _("The file has no rows to import."))
        return analysis
    lookups = Lookups(user)
    analysis.unit_names = lookups.unit_names
    total = len(table) - 1
    for index, (number, values) in enumerate(table[1:], start=1):
        row = check_row(number, values, lookups, analysis)
        if row is not None:
            analysis.rows.append(row)
        if index % _PROGRESS_EVERY_ROWS == 0:
            progress(index // 2, total, _("Checking the rows"))
    del table
    if analysis.error_count:
        return analysis  # the file's own mistakes first; matching waits for a clean file
    _match(analysis, progress)
    return analysis


def restore(stored: list[list], user: User, progress: Progress) -> Analysis:
    """The rows a preview kept, checked again against the catalogue, the user's scope and the registry as
    they are now (an award removed, a unit left, an entry recorded meanwhile: errors, as in the preview)."""
    analysis = Analysis()
    lookups = Lookups(user)
    analysis.unit_names = lookups.unit_names
    for (number, kind, name, birth_year, gender, unit_id, position, code, rating, year, campaign_kind, authority,
         decision_number, decision_date, _record_id) in stored:
        award = lookups.awards.get(code.casefold()) if code else None
        if code and award is None:
            analysis.error(number, _("Unknown award code “%(code)s” (the instructions sheet lists the catalogue's "
                                     "codes).", code=code))
            continue
        if unit_id not in lookups.unit_names or (lookups.allowed_units is not None
                                                 and unit_id not in lookups.allowed_units):
            analysis.error(number, _("The unit “%(unit)s” is outside your unit: you may import only your own "
                                     "unit's people and collectives.", unit=lookups.unit_names.get(unit_id, "?")))
            continue
        key: tuple = (kind, fold(name), birth_year if kind == INDIVIDUAL else None, unit_id)
        analysis.rows.append(Row(
            number=number, kind=kind, name=name, key=key, birth_year=birth_year,
            gender=Gender(gender) if gender else None, unit_id=unit_id, position=position, award=award,
            rating=Rating(rating) if rating else None, year=year, campaign_kind=CampaignKind(campaign_kind),
            authority=authority, decision_number=decision_number,
            decision_date=date.fromisoformat(decision_date) if decision_date else None))
    if not analysis.error_count:
        _match(analysis, progress)
    return analysis


# --- applying -------------------------------------------------------------------------------------

def _apply(analysis: Analysis, user: User, job_id: int, progress: Progress) -> dict:
    """Write the whole file (flush, no commit: the job runner commits with the job's "done")."""
    rows = analysis.rows
    now = utcnow()
    new_people: dict[tuple, dict] = {}
    new_collectives: dict[tuple, dict] = {}
    for row in rows:
        if row.record_id is not None:
            continue
        if row.kind == INDIVIDUAL:
            person = new_people.setdefault(row.key, {
                "full_name": row.name, "search_key": row.key[1], "birth_year": row.birth_year,
                "unit_id": row.unit_id, "gender": row.gender, "position": row.position, "ethnicity": "",
                "is_ethnic_minority": False, "created_at": now})
            person["gender"] = person["gender"] or row.gender
            person["position"] = person["position"] or row.position
        else:
            new_collectives.setdefault(row.key, {
                "kind": CollectiveKind(row.kind), "name": row.name, "search_key": row.key[1],
                "unit_id": row.unit_id, "tax_code": "", "address": "", "created_at": now})
    # Bulk inserts returning each new id with its matching key (batched "insertmanyvalues" on both databases;
    # asking for the rows' order instead makes SQLite insert one row per statement).
    record_of: dict[tuple, int] = {}
    if new_people:
        for person_id, search_key, birth_year, unit_id in db.session.execute(
                insert(Person).returning(Person.id, Person.search_key, Person.birth_year, Person.unit_id),
                list(new_people.values())):
            record_of[(INDIVIDUAL, search_key, birth_year, unit_id)] = person_id
    if new_collectives:
        for collective_id, kind, search_key, unit_id in db.session.execute(
                insert(Collective).returning(Collective.id, Collective.kind, Collective.search_key, Collective.unit_id),
                list(new_collectives.values())):
            record_of[(kind.value, search_key, None, unit_id)] = collective_id
    created = set(record_of)
    progress(len(rows) // 5, len(rows), _("Writing to the registry"))
    for row in rows:
        if row.record_id is None:
            row.record_id = record_of[row.key]

    entries, ratings = [], []
    touched: dict[tuple, dict] = {}
    for row in rows:
        is_person = row.kind == INDIVIDUAL
        line = touched.setdefault(row.key, {"person_id": row.record_id if is_person else None,
                                            "collective_id": None if is_person else row.record_id,
                                            "rows": [], "entries": 0, "ratings": 0})
        line["rows"].append(row.number)
        if row.award is not None:
            line["entries"] += 1
            entries.append({"person_id": row.record_id if is_person else None,
                            "collective_id": None if is_person else row.record_id, "award_id": row.award.id,
                            "year": row.year, "campaign_kind": row.campaign_kind,
                            "authority": row.authority or row.award.decided_by or "",
                            "decision_number": row.decision_number, "decision_date": row.decision_date,
                            "source": RegistrySource.IMPORTED, "created_at": now})
        else:
            line["ratings"] += 1
            ratings.append({"person_id": row.record_id, "year": row.year, "rating": row.rating})
    if entries:
        db.session.execute(insert(RegistryEntry), entries)
    progress(len(rows) * 3 // 5, len(rows), _("Writing to the registry"))
    if ratings:
        db.session.execute(insert(PerformanceRating), ratings)
    progress(len(rows) * 4 // 5, len(rows), _("Writing to the registry"))
    # One history line per record touched, all under the import's batch id: compact even for 50,000 rows.
    batch = new_batch()
    events = [{"person_id": line["person_id"], "collective_id": line["collective_id"], "action": "imported",
               "actor_id": user.id, "batch": batch, "created_at": now,
               "detail": {"job": job_id, "created": key in created, "entries": line["entries"],
                          "ratings": line["ratings"], "rows": line["rows"][:50]}}
              for key, line in touched.items()]
    if events:
        db.session.execute(insert(RegistryEvent), events)
    db.session.flush()
    return {"entries": len(entries), "ratings": len(ratings), "people_created": len(new_people),
            "collectives_created": len(new_collectives), "records": len(touched), "batch": batch}


# --- the two jobs -----------------------------------------------------------------------------------

def run_preview(job: Job, progress: Progress) -> JobResult:
    if job.user is None or job.payload is None:
        raise JobFailed(_("The file of this import is gone; upload it again."))
    analysis = analyse(job.payload, job.user, progress)
    summary = analysis.summary()
    summary["file_name"] = job.params.get("file_name", "")
    if analysis.error_count:
        return JobResult(summary)
    return JobResult(summary, _pack(analysis.stored_rows()))


def _pack(rows: list[list]) -> bytes:
    return gzip.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 5)


def stored_rows(job: Job) -> list[list]:
    """The checked rows a preview job kept (none when the file had errors)."""
    if not job.result_file:
        return []
    return json.loads(gzip.decompress(job.result_file))


def run_apply(job: Job, progress: Progress) -> JobResult:
    preview = db.session.get(Job, job.params.get("preview_job_id"))
    user = job.user
    if preview is None or user is None or not preview.result_file:
        raise JobFailed(_("The preview of this import is gone; upload the file again."))
    if not access.can_edit_registry(user):
        raise JobFailed(_("You may no longer import into the registry."))
    progress(0, 0, _("Checking the rows against the registry"), force=True)
    analysis = restore(stored_rows(preview), user, progress)
    if analysis.error_count:
        first = "; ".join(_("row %(row)s: %(message)s", row=row, message=message) if row else message
                          for row, message in analysis.summary()["errors"][:5])
        raise JobFailed(_("Nothing was imported: the registry changed since the preview and %(n)s rows are now "
                          "in error (%(first)s). Upload the file again to see them all.",
                          n=analysis.error_count, first=first))
    progress(0, len(analysis.rows), _("Writing to the registry"), force=True)
    try:
        with progress.writing():
            outcome = _apply(analysis, user, job.id, progress)
    except IntegrityError:
        db.session.rollback()
        raise JobFailed(_("Nothing was imported: someone changed the same records meanwhile. "
                          "Confirm the import again.")) from None
    outcome["file_name"] = preview.params.get("file_name", "")
    return JobResult(outcome)


def _import_page(job: Job) -> str | None:
    from flask import url_for

    preview_id = job.params.get("preview_job_id", job.id)
    return url_for("registry.import_page", job_id=preview_id)


jobs.register(KIND_PREVIEW, run_preview, label=_l("Registry import: checking the file"), result_url=_import_page)
jobs.register(KIND_APPLY, run_apply, label=_l("Registry import: writing"), result_url=_import_page)
