"""Every change to a movement's launch, the units' plans and registrations: plain functions that check,
set fields, flush and write a ``MovementEvent``; the request handler commits.

A refusal raises ``MovementRefused`` with the message shown to the user, before anything is changed, so
the caller rolls back nothing. Who may act at all is ``app.access``'s (the views ask it first); what is
checked here is what the data says (the deadline, the movement's years, a registration already made).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import access
from app.extensions import db
from app.models import Award, Movement, Unit, User
from app.models.base import utcnow
from app.models.movement_plans import (
    ContentGroup,
    LaunchStatus,
    MovementEvent,
    MovementLaunch,
    MovementPhase,
    Registration,
    RegistrationReopening,
    RegistrationTarget,
    RegistrationYear,
    TargetKind,
    UnitPlan,
)
from app.models.target_groups import TargetGroup, target_group_of
from app.nominations import storage
from app.numbers import decimal_number, format_score
from app.text import clean_text, control_characters, nfc

# The plan documents: the plan as issued (PDF) or its Word file; nothing else.
PLAN_EXTENSIONS = ("pdf", "docx")
MAX_TEXT = 2000  # a text target or the commitment, in characters
MAX_VALUE = Decimal("999999999999.99")  # what Numeric(14, 2) holds


class MovementRefused(ValueError):
    """The change is refused; ``message`` says why, for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _day(value: date) -> str:
    return format_date(value, "dd/MM/yyyy")


def record(action: str, actor: User | None, movement_id: int | None, *, unit_id: int | None = None,
           year: int | None = None, **details) -> MovementEvent:
    event = MovementEvent(movement_id=movement_id, action=action, actor_id=actor.id if actor else None,
                          unit_id=unit_id, year=year, details=details, created_at=utcnow())
    db.session.add(event)
    return event


# --- launch -----------------------------------------------------------------------------------------------

def launch_of(movement: Movement) -> MovementLaunch | None:
    return db.session.scalar(select(MovementLaunch).where(MovementLaunch.movement_id == movement.id))


def save_launch(movement: Movement, actor: User, *, plan_reference: str, summary: str,
                plan_deadline: date | None) -> MovementLaunch:
    """Create the movement's launch (a draft) or change its text and the plan deadline."""
    launch = launch_of(movement)
    if plan_deadline is not None and not (movement.start_year - 1 <= plan_deadline.year <= movement.end_year):
        raise MovementRefused(_("The deadline for the units' plans must fall within the movement's years "
                                "(%(start)s–%(end)s).", start=movement.start_year, end=movement.end_year))
    created = launch is None
    if launch is None:
        launch = MovementLaunch(movement=movement, status=LaunchStatus.DRAFT, created_at=utcnow())
        db.session.add(launch)
    launch.plan_reference = nfc(plan_reference.strip())
    launch.summary = nfc(summary.strip())
    launch.plan_deadline = plan_deadline
    db.session.flush()
    record("launch_created" if created else "launch_edited", actor, movement.id,
           plan_deadline=plan_deadline.isoformat() if plan_deadline else None)
    return launch


def _store_plan_file(stream, filename: str) -> storage.StoredFile:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in PLAN_EXTENSIONS:
        raise MovementRefused(_("A plan is a PDF or DOCX file."))
    try:
        return storage.save_upload(stream, filename)
    except storage.UploadRejected as refused:
        raise MovementRefused(str(refused)) from None


def _put_file(target, stored: storage.StoredFile, filename: str) -> str | None:
    """Point the row at the new file; the old file's name, to delete once the transaction commits."""
    old = target.stored_name
    target.original_name = nfc(filename)[:255]
    target.stored_name = stored.stored_name
    target.content_type = stored.content_type
    target.size_bytes = stored.size_bytes
    target.sha256 = stored.sha256
    return old


def attach_plan_document(launch: MovementLaunch, actor: User, stream, filename: str) -> str | None:
    """Attach (or replace) the movement's plan document; returns the replaced file's stored name."""
    stored = _store_plan_file(stream, filename)
    old = _put_file(launch, stored, filename)
    db.session.flush()
    record("plan_document", actor, launch.movement_id, file=launch.original_name, sha256=stored.sha256)
    return old


def add_phase(launch: MovementLaunch, actor: User, name: str, start_year: int, end_year: int) -> MovementPhase:
    movement = launch.movement
    name = nfc(name.strip())
    if not name:
        raise MovementRefused(_("Give the phase a name."))
    if not (movement.start_year <= start_year <= end_year <= movement.end_year):
        raise MovementRefused(_("A phase runs within the movement's years (%(start)s–%(end)s), its end not "
                                "before its start.", start=movement.start_year, end=movement.end_year))
    phase = MovementPhase(launch=launch, name=name[:255], start_year=start_year, end_year=end_year)
    db.session.add(phase)
    db.session.flush()
    record("phase_added", actor, launch.movement_id, name=phase.name, start=start_year, end=end_year)
    return phase


def remove_phase(launch: MovementLaunch, actor: User, phase: MovementPhase) -> None:
    record("phase_removed", actor, launch.movement_id, name=phase.name)
    db.session.delete(phase)
    db.session.flush()


@dataclass(frozen=True)
class GroupInput:
    target_group: TargetGroup
    code: str
    title: str
    criteria: str
    target_kind: TargetKind
    unit_label: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None


def add_content_group(launch: MovementLaunch, actor: User, data: GroupInput) -> ContentGroup:
    code, title = nfc(data.code.strip()), nfc(data.title.strip())
    if not code or not title:
        raise MovementRefused(_("A content group needs a code and a title."))
    if data.min_value is not None and data.max_value is not None and data.min_value > data.max_value:
        raise MovementRefused(_("The lowest value is above the highest."))
    if any(group.code == code for group in launch.content_groups):
        raise MovementRefused(_("The code %(code)s is already used in this movement.", code=code))
    group = ContentGroup(launch=launch, target_group=data.target_group, code=code[:40], title=title[:500],
                         criteria=nfc(data.criteria.strip()), target_kind=data.target_kind,
                         unit_label=nfc(data.unit_label.strip())[:40], min_value=data.min_value,
                         max_value=data.max_value, sort_order=len(launch.content_groups) * 10)
    db.session.add(group)
    db.session.flush()
    record("content_group_added", actor, launch.movement_id, code=group.code, target_group=group.target_group.value)
    return group


def remove_content_group(launch: MovementLaunch, actor: User, group: ContentGroup) -> None:
    used = db.session.scalar(select(RegistrationTarget.id).where(RegistrationTarget.content_group_id == group.id)
                             .limit(1))
    if used is not None:
        raise MovementRefused(_("Units have registered targets for this content group: it can no longer be "
                                "removed."))
    record("content_group_removed", actor, launch.movement_id, code=group.code)
    db.session.delete(group)
    db.session.flush()


def set_registration_year(launch: MovementLaunch, actor: User, year: int, deadline: date) -> RegistrationYear:
    """Open a year for registration with its deadline, or move the deadline of a year already open."""
    movement = launch.movement
    if not movement.start_year <= year <= movement.end_year:
        raise MovementRefused(_("The year must be one of the movement's (%(start)s–%(end)s).",
                                start=movement.start_year, end=movement.end_year))
    if not year - 1 <= deadline.year <= year:
        raise MovementRefused(_("The registration deadline of %(year)s falls in that year (or late in the year "
                                "before).", year=year))
    row = next((r for r in launch.registration_years if r.year == year), None)
    if row is None:
        row = RegistrationYear(launch=launch, year=year, deadline=deadline)
        db.session.add(row)
    else:
        row.deadline = deadline
    db.session.flush()
    record("registration_year", actor, launch.movement_id, year=year, deadline=deadline.isoformat())
    return row


def publish(launch: MovementLaunch, actor: User) -> None:
    """Make the launch visible to every unit: it needs its plan document, a content group, a phase and a
    registration year, so that what units see is complete."""
    missing = []
    if not launch.stored_name:
        missing.append(_("the plan document"))
    if not launch.content_groups:
        missing.append(_("a content group"))
    if not launch.phases:
        missing.append(_("a phase"))
    if not launch.registration_years:
        missing.append(_("a registration year with its deadline"))
    if launch.plan_deadline is None:
        missing.append(_("the deadline for the units' plans"))
    if launch.is_published:
        raise MovementRefused(_("The movement is already published."))
    if missing:
        raise MovementRefused(_("Before publishing, add %(what)s.", what=", ".join(str(m) for m in missing)))
    launch.status = LaunchStatus.PUBLISHED
    launch.published_at = utcnow()
    launch.published_by_id = actor.id
    db.session.flush()
    record("published", actor, launch.movement_id)


# --- units' plans ------------------------------------------------------------------------------------------

def _acting_unit(actor: User, unit: Unit) -> None:
    if not access.acts_for_unit(actor, unit.id):
        raise MovementRefused(_("You act for your own unit only: %(unit)s is not yours.", unit=unit.name))


def upload_unit_plan(launch: MovementLaunch, unit: Unit, actor: User, stream, filename: str,
                     today: date) -> tuple[UnitPlan, str | None]:
    """The unit's own implementation plan (a new upload replaces the previous one); returns the plan and the
    replaced file's stored name, to delete once the transaction commits."""
    if not launch.is_published:
        raise MovementRefused(_("The movement has not been published yet."))
    _acting_unit(actor, unit)
    if today.year > launch.movement.end_year:
        raise MovementRefused(_("The movement ended in %(year)s.", year=launch.movement.end_year))
    stored = _store_plan_file(stream, filename)
    plan = db.session.scalar(select(UnitPlan).where(UnitPlan.movement_id == launch.movement_id,
                                                    UnitPlan.unit_id == unit.id))
    if plan is None:
        plan = UnitPlan(movement_id=launch.movement_id, unit_id=unit.id)
        db.session.add(plan)
    old = _put_file(plan, stored, filename)
    plan.uploaded_at, plan.uploaded_on, plan.uploaded_by_id = utcnow(), today, actor.id
    db.session.flush()
    record("unit_plan", actor, launch.movement_id, unit_id=unit.id, file=plan.original_name, on=today.isoformat())
    return plan, old


# --- registration ------------------------------------------------------------------------------------------

def groups_for(launch: MovementLaunch, unit: Unit) -> list[ContentGroup]:
    """The content groups a unit registers targets for: those of its target group."""
    group = target_group_of(unit.kind)
    return [g for g in launch.content_groups if g.target_group is group]


def registrable_awards() -> list[Award]:
    """The titles and forms a unit may aim for: the catalogue's active awards for collectives."""
    return list(db.session.scalars(select(Award).where(Award.active.is_(True), Award.for_collective.is_(True))
                                   .order_by(Award.sort_order, Award.id)))


def registration_deadline(launch: MovementLaunch, year: int) -> date | None:
    row = next((r for r in launch.registration_years if r.year == year), None)
    return row.deadline if row else None


def reopened_until(launch: MovementLaunch, unit_id: int, year: int) -> date | None:
    return db.session.scalar(select(RegistrationReopening.until).where(
        RegistrationReopening.movement_id == launch.movement_id, RegistrationReopening.unit_id == unit_id,
        RegistrationReopening.year == year))


def existing_registration(launch: MovementLaunch, unit_id: int, year: int) -> Registration | None:
    return db.session.scalar(select(Registration).where(
        Registration.movement_id == launch.movement_id, Registration.unit_id == unit_id, Registration.year == year))


def why_cannot_register(launch: MovementLaunch, unit: Unit, actor: User, year: int, today: date) -> str | None:
    """Why this registration would be refused now (None: it would not): the one rule behind the form's button
    and the refusal of the POST."""
    movement = launch.movement
    if not launch.is_published:
        return _("The movement has not been published yet.")
    if not access.acts_for_unit(actor, unit.id):
        return _("You register your own unit only: %(unit)s is not yours.", unit=unit.name)
    if year > movement.end_year or today.year > movement.end_year:
        return _("The movement %(name)s is over (it ran until %(year)s).", name=movement.name,
                 year=movement.end_year)
    if target_group_of(unit.kind) is TargetGroup.INDIVIDUALS:
        return _("Individuals do not register.")
    deadline = registration_deadline(launch, year)
    if deadline is None:
        return _("Registration for %(year)s is not open in this movement.", year=year)
    if existing_registration(launch, unit.id, year) is not None:
        return _("%(unit)s has already registered for %(year)s.", unit=unit.name, year=year)
    if today > deadline:
        until = reopened_until(launch, unit.id, year)
        if until is None or today > until:
            return _("The registration deadline for %(year)s was %(day)s: ask the Department of Home Affairs to "
                     "reopen it for your unit.", year=year, day=_day(deadline))
    return None


def _free_text(raw: str | None, code: str) -> str:
    """Text read from the request (not through a WTForms field): refused with control characters, as every
    form field refuses them (app/form_input.py), else cleaned the same way."""
    codes = control_characters(raw)
    if codes:
        message = _("Remove the invisible control characters (%(codes)s): they cannot be printed.",
                    codes=", ".join(codes))
        raise MovementRefused(f"{code}: {message}" if code else message)
    return clean_text(raw)


def _target_value(group: ContentGroup, raw: str) -> tuple[Decimal | None, str]:
    raw = _free_text(raw, group.code)
    if not raw:
        raise MovementRefused(_("%(code)s: enter the target.", code=group.code))
    if group.target_kind is TargetKind.TEXT:
        if len(raw) > MAX_TEXT:
            raise MovementRefused(_("%(code)s: at most %(n)s characters.", code=group.code, n=MAX_TEXT))
        return None, raw
    try:
        value = decimal_number(raw.replace(" ", "").removesuffix("%"))
    except ValueError:
        raise MovementRefused(_("%(code)s: enter a number (for example 85 or 85,5).", code=group.code)) from None
    if not value.is_finite() or abs(value) > MAX_VALUE or value != value.quantize(Decimal("0.01")):
        raise MovementRefused(_("%(code)s: enter a number with at most two decimals.", code=group.code))
    if (group.min_value is not None and value < group.min_value) or \
            (group.max_value is not None and value > group.max_value):
        low = format_score(group.min_value) if group.min_value is not None else "…"
        high = format_score(group.max_value) if group.max_value is not None else "…"
        raise MovementRefused(_("%(code)s: the target must be between %(low)s and %(high)s.", code=group.code,
                                low=low, high=high))
    return value, ""


def register(launch: MovementLaunch, unit: Unit, actor: User, year: int, *, targets: Mapping[int, str],
             award_ids: Iterable[int], commitment: str, today: date) -> Registration:
    """Register ``unit`` for ``year``: a target for each content group of its target group and at least one
    title it aims for. Refused (nothing written) as ``why_cannot_register`` says, or for a bad target."""
    reason = why_cannot_register(launch, unit, actor, year, today)
    if reason:
        raise MovementRefused(reason)
    groups = groups_for(launch, unit)
    values = {group.id: _target_value(group, targets.get(group.id, "")) for group in groups}
    wanted = set(award_ids)
    awards = [a for a in registrable_awards() if a.id in wanted]
    if not awards or len(awards) != len(wanted):
        raise MovementRefused(_("Choose at least one title or form of commendation the unit aims for, from the "
                                "list."))
    commitment = _free_text(commitment, "")
    if len(commitment) > MAX_TEXT:
        raise MovementRefused(_("The commitment is at most %(n)s characters.", n=MAX_TEXT))
    registration = Registration(movement_id=launch.movement_id, unit_id=unit.id, year=year,
                                target_group=target_group_of(unit.kind), commitment=commitment,
                                registered_at=utcnow(), registered_on=today, registered_by_id=actor.id,
                                awards=awards)
    registration.targets = [RegistrationTarget(content_group_id=gid, value=value, text=text)
                            for gid, (value, text) in values.items()]
    db.session.add(registration)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # Two requests at once: the unique constraint lets one win; the other is told as if it came second.
        raise MovementRefused(_("%(unit)s has already registered for %(year)s.", unit=unit.name,
                                year=year)) from None
    deadline = registration_deadline(launch, year)
    record("registered", actor, launch.movement_id, unit_id=unit.id, year=year, on=today.isoformat(),
           late=bool(deadline and today > deadline), awards=[a.code for a in awards])
    return registration


def reopen_registration(launch: MovementLaunch, unit: Unit, actor: User, year: int, until: date,
                        reason: str, today: date) -> RegistrationReopening:
    """Let one unit register for ``year`` after the deadline, until ``until``."""
    if registration_deadline(launch, year) is None:
        raise MovementRefused(_("Registration for %(year)s is not open in this movement.", year=year))
    if until < today:
        raise MovementRefused(_("Reopen until today or a later day."))
    if existing_registration(launch, unit.id, year) is not None:
        raise MovementRefused(_("%(unit)s has already registered for %(year)s.", unit=unit.name, year=year))
    reason = nfc((reason or "").strip())
    if not reason:
        raise MovementRefused(_("Say why the registration is reopened."))
    row = db.session.scalar(select(RegistrationReopening).where(
        RegistrationReopening.movement_id == launch.movement_id, RegistrationReopening.unit_id == unit.id,
        RegistrationReopening.year == year))
    if row is None:
        row = RegistrationReopening(movement_id=launch.movement_id, unit_id=unit.id, year=year)
        db.session.add(row)
    row.until, row.reason, row.reopened_by_id = until, reason[:MAX_TEXT], actor.id
    db.session.flush()
    record("registration_reopened", actor, launch.movement_id, unit_id=unit.id, year=year,
           until=until.isoformat(), reason=row.reason)
    return row
