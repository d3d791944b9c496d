"""Changes to dossiers and their attachments, each writing a history row; the caller commits.

The one write path for drafting: the dossier form, cluster proposals (``app.scoring.proposals``) and
the demo data all create dossiers and attach files through these functions. Workflow state changes
live in ``app.workflow``. Operations flush but never commit or roll back: on an error the caller
rolls back the whole request.

None of them destroys anything: deleting a draft hides it, removing a file detaches it; the rows, the
history and the stored files stay (``app.models.dossiers``).
"""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import campaign_kinds
from app.extensions import db
from app.models import (
    Attachment,
    AttachmentType,
    Award,
    Campaign,
    Collective,
    Dossier,
    DossierEvent,
    Gender,
    NomineeKind,
    Person,
    User,
)
from app.models.base import utcnow
from app.models.states import INACTIVE_STATES, State
from app.nominations import storage
from app.nominees import records
from app.text import clean_line, clean_text, fold, nfc


class DuplicateNominee(ValueError):
    """Another active dossier already proposes this nominee for this award in this campaign.

    ``existing_id`` is None when the database's unique index caught it at flush: the caller rolls back
    and may then look the other dossier up with ``find_active_duplicate``.
    """

    def __init__(self, existing_id: int | None):
        super().__init__(existing_id)
        self.existing_id = existing_id


@dataclass
class NomineeData:
    campaign: Campaign
    award: Award
    kind: NomineeKind
    name: str
    gender: Gender | None
    birth_year: int | None
    position: str
    nominee_unit_id: int | None
    achievement_summary: str
    # The record picked on the form (checked by the view: within the user's scope, of the nominee's kind);
    # None: found or created from the fields above. ``new_person``: the officer confirmed that the namesakes
    # on record are other people, so a new person is created.
    person: Person | None = None
    collective: Collective | None = None
    new_person: bool = False


def nominee_key(kind: NomineeKind, name: str, birth_year: int | None) -> str:
    """Identity of a nominee for the duplicate rule: kind, folded name and (for people) year of birth."""
    # A collective or household has no birth year, even if the form still carries one.
    year = birth_year if kind is NomineeKind.INDIVIDUAL and birth_year else ""
    return f"{kind.value}|{fold(name)}|{year}"


def find_active_duplicate(data: NomineeData, exclude_id: int | None = None) -> int | None:
    query = select(Dossier.id).where(
        Dossier.campaign_id == data.campaign.id,
        Dossier.award_id == data.award.id,
        Dossier.nominee_key == nominee_key(data.kind, data.name, data.birth_year),
        Dossier.state.not_in(INACTIVE_STATES),
        Dossier.deleted_at.is_(None),
    )
    if exclude_id is not None:
        query = query.where(Dossier.id != exclude_id)
    return db.session.scalar(query.limit(1))


def _apply(dossier: Dossier, data: NomineeData) -> None:
    dossier.campaign = data.campaign
    dossier.award = data.award
    dossier.nominee_kind = data.kind
    dossier.nominee_name = clean_line(data.name)
    dossier.nominee_gender = data.gender if data.kind is NomineeKind.INDIVIDUAL else None
    dossier.nominee_birth_year = data.birth_year if data.kind is NomineeKind.INDIVIDUAL else None
    dossier.nominee_position = clean_line(data.position)
    dossier.nominee_unit_id = data.nominee_unit_id
    dossier.achievement_summary = clean_text(data.achievement_summary)
    dossier.nominee_key = nominee_key(data.kind, dossier.nominee_name, dossier.nominee_birth_year)
    dossier.search_key = fold(f"{dossier.nominee_name} {dossier.nominee_position}")
    # The person or collective it proposes: the one picked, else found or created by the same key.
    records.link_nominee(dossier, person=data.person, collective=data.collective, new_person=data.new_person)


def _record(dossier: Dossier, actor: User, action: str, comment: str = "", *, from_state=...,
            at: datetime | None = None) -> None:
    """A history row for a change that keeps the state (from_state None marks creation)."""
    db.session.add(
        DossierEvent(
            dossier=dossier, action=action, actor=actor, actor_role=actor.role,
            from_state=dossier.state if from_state is ... else from_state, to_state=dossier.state, comment=comment,
            created_at=at or utcnow(),
        )
    )


def _flush_or_duplicate() -> None:
    # The partial unique index is the last word when two officers save the same nominee at once.
    # The caller rolls the whole request back (no SAVEPOINT: pysqlite's are unreliable).
    try:
        db.session.flush()
    except IntegrityError:
        raise DuplicateNominee(None) from None


def _default_route(data: NomineeData) -> bool:
    """Through the cluster when the award goes that way and the campaign's kind has a cluster stage (an ad hoc
    campaign has none: its dossiers go from the unit straight to Sở Nội vụ)."""
    return data.award.via_cluster and campaign_kinds.uses_cluster_stage(data.campaign.kind)


def create_dossier(actor: User, data: NomineeData, *, unit_id: int | None = None, via_cluster: bool | None = None,
                   comment: str = "", at: datetime | None = None) -> Dossier:
    """A new draft of ``unit_id`` (the actor's unit by default), with its "created" history row.

    ``via_cluster`` overrides the award's default route (a cluster's proposal always goes via the
    cluster); ``at`` is the moment of creation (UTC, default now) for importers of past history.
    """
    existing = find_active_duplicate(data)
    if existing is not None:
        raise DuplicateNominee(existing)
    at = at or utcnow()
    dossier = Dossier(unit_id=unit_id or actor.unit_id, created_by=actor, state=State.DRAFT,
                      via_cluster=_default_route(data) if via_cluster is None else via_cluster,
                      created_at=at, updated_at=at, state_changed_at=at)
    _apply(dossier, data)
    db.session.add(dossier)
    _record(dossier, actor, "create", comment, from_state=None, at=at)
    _flush_or_duplicate()
    return dossier


def update_dossier(actor: User, dossier: Dossier, data: NomineeData, *, at: datetime | None = None) -> Dossier:
    """Change the nominee's data, with an "edit" history row; ``at`` as in create_dossier."""
    existing = find_active_duplicate(data, exclude_id=dossier.id)
    if existing is not None:
        raise DuplicateNominee(existing)
    route_changed = dossier.award_id != data.award.id or dossier.campaign_id != data.campaign.id
    _apply(dossier, data)
    if route_changed and dossier.state is State.DRAFT:
        dossier.via_cluster = _default_route(data)
    if at is not None:
        dossier.updated_at = at  # otherwise the column's onupdate stamps it when a field changed
    _record(dossier, actor, "edit", at=at)
    _flush_or_duplicate()
    return dossier


def delete_dossier(actor: User, dossier: Dossier, *, at: datetime | None = None) -> None:
    """Delete a draft: from now on nobody sees it (``access.dossier_scope``) and the nominee may be
    proposed again; its row, history, attachments and files are kept, with a "delete" history row."""
    at = at or utcnow()
    dossier.deleted_at = dossier.updated_at = at
    _record(dossier, actor, "delete", at=at)
    db.session.flush()


def add_attachment(actor: User, dossier: Dossier, attachment_type: AttachmentType, stream, filename: str, *,
                   at: datetime | None = None) -> Attachment:
    """Store the file (checked by content) and attach it, with a history row; ``at`` as in create_dossier."""
    stored = storage.save_upload(stream, filename)
    at = at or utcnow()
    attachment = Attachment(
        dossier=dossier, type=attachment_type, original_name=nfc(filename)[:255] or "file",
        stored_name=stored.stored_name, content_type=stored.content_type,
        size_bytes=stored.size_bytes, sha256=stored.sha256, uploaded_by=actor, uploaded_at=at,
    )
    db.session.add(attachment)
    _record(dossier, actor, "attach", f"{attachment_type.name}: {attachment.original_name}", at=at)
    dossier.updated_at = at
    try:
        db.session.flush()
    except Exception:
        storage.delete_file(stored.stored_name)
        raise
    return attachment


def detach_attachment(actor: User, attachment: Attachment, *, at: datetime | None = None) -> None:
    """Remove a file from the dossier: it stops counting (checklist, guards) and is listed as removed;
    its row and stored file are kept, and ``restore_attachment`` brings it back. A history row says so."""
    if attachment.detached_at is not None:
        return
    at = at or utcnow()
    attachment.detached_at, attachment.detached_by = at, actor
    _changed_files(attachment, actor, "detach", at)


def restore_attachment(actor: User, attachment: Attachment, *, at: datetime | None = None) -> None:
    """Attach a removed file again, with a "restore" history row."""
    if attachment.detached_at is None:
        return
    attachment.detached_at, attachment.detached_by = None, None
    _changed_files(attachment, actor, "restore", at or utcnow())


def _changed_files(attachment: Attachment, actor: User, action: str, at: datetime) -> None:
    dossier = attachment.dossier
    _record(dossier, actor, action, f"{attachment.type.name}: {attachment.original_name}", at=at)
    dossier.updated_at = at
    db.session.flush()
    # Which list the file belongs to is decided by the database (the relationships' join conditions).
    db.session.expire(dossier, ["attachments", "removed_attachments"])


ACTION_LABELS = {
    "create": _l("Created"),
    "edit": _l("Edited"),
    "attach": _l("Attached a file"),
    "detach": _l("Removed a file"),
    "restore": _l("Restored a file"),
    "delete": _l("Deleted the draft"),
}
