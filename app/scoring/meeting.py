"""The cluster meeting (họp bình xét, suy tôn) behind the round's minutes: number, time, place, chair,
secretary and attendance, recorded by the cluster's lead, and the form and page that record them.

The minutes (app/scoring/minutes.py) print these facts; without them a biên bản would go out with no
number, no time or place and a unit's name where a person signs, so the minutes and the proposals that
attach them wait until the meeting is recorded.
"""
import re
from datetime import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app import access
from app.extensions import db
from app.models import ClusterMeeting, ClusterMeetingAttendance, ClusterScoring, ScoringStatus, User
from app.scoring import bp
from app.scoring.operations import ScoringError, _audit, _require_manager, member_unit_ids
from app.scoring.proposals import unit_names
from app.scoring.views import manager_round_or_404, round_or_404
from app.text import control_characters

_TIME = re.compile(r"^\s*([01]?\d|2[0-3])\s*[:hH.]\s*([0-5]\d)\s*$")
# Text a clerk would leave in a form to fill later: never a minutes' number or a name.
_PLACEHOLDER = re.compile(r"…|\.\.\.|\[|\]|_{2,}")


def parse_time(raw: str) -> time:
    """"8:00", "08:00", "8h00", "14.30" → a time of day (24-hour, as Vietnamese documents write it)."""
    match = _TIME.match(raw or "")
    if not match:
        raise ValueError(raw)
    return time(int(match.group(1)), int(match.group(2)))


class TimeOfDayField(StringField):
    """A time typed as HH:MM (24-hour), whatever the browser's locale: a text input, like dates."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "placeholder": "08:00", "maxlength": 5,
                                        "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)
        self.time: time | None = None

    def pre_validate(self, form) -> None:
        self.time = None
        if self.data:
            try:
                self.time = parse_time(self.data)
            except ValueError:
                raise ValidationError(_l("Enter a time as hours:minutes, for example 08:00 or 14:30.")) from None


def no_placeholder(form, field) -> None:
    if field.data and _PLACEHOLDER.search(field.data):
        raise ValidationError(_l("Write the real text, not “…”, “[ ]” or underscores to fill in later."))


class MeetingForm(FlaskForm):
    number = StringField(_l("Minutes number"), validators=[DataRequired(_l("Give the minutes' number.")),
                                                            Length(max=40), no_placeholder],
                         description=_l("As the cluster's register gives it, for example 01/BB-CTĐ1."))
    held_on = DateField(_l("Meeting day"), validators=[DataRequired(_l("Give the meeting day."))])
    starts_at = TimeOfDayField(_l("Starts at"), validators=[DataRequired(_l("Give the time the meeting began."))])
    ends_at = TimeOfDayField(_l("Ends at"), validators=[Optional()])
    place = StringField(_l("Meeting place"), validators=[DataRequired(_l("Give the meeting place.")), Length(max=255),
                                                 no_placeholder])
    chair_name = StringField(_l("Chair's full name"), validators=[
        DataRequired(_l("Give the chair's full name.")), Length(max=255), no_placeholder])
    chair_position = StringField(_l("Chair's position"), validators=[
        DataRequired(_l("Give the chair's position.")), Length(max=255), no_placeholder])
    secretary_name = StringField(_l("Secretary's full name"), validators=[
        DataRequired(_l("Give the secretary's full name.")), Length(max=255), no_placeholder])
    secretary_position = StringField(_l("Secretary's position"), validators=[
        DataRequired(_l("Give the secretary's position.")), Length(max=255), no_placeholder])

    def validate_ends_at(self, field) -> None:
        if field.time and self.starts_at.time and field.time <= self.starts_at.time:
            raise ValidationError(_l("The meeting ends after it begins."))


def meeting_of(scoring: ClusterScoring) -> ClusterMeeting | None:
    return db.session.scalar(db.select(ClusterMeeting).where(ClusterMeeting.scoring_id == scoring.id))


def minutes_refusal(scoring: ClusterScoring) -> str | None:
    """Why the minutes cannot be printed yet, or None: the one answer of the download and the proposals."""
    if scoring.status is not ScoringStatus.LOCKED:
        return _("Lock the scoring before printing the minutes.")
    if meeting_of(scoring) is None:
        return _("Record the meeting (number, time, place, chair, secretary, attendance) before printing the "
                 "minutes.")
    return None


def record_meeting(actor: User, scoring: ClusterScoring, form: MeetingForm,
                   attendance: dict[int, tuple[bool, str]]) -> ClusterMeeting:
    """Creates or corrects the meeting; ``attendance`` maps every member unit to (present, representative)."""
    _require_manager(actor, scoring)
    if not access.can_record_meeting(actor, scoring):
        raise ScoringError(_("The meeting is recorded while the round is open or once it is locked."), 409)
    members = set(member_unit_ids(scoring))
    if set(attendance) - members:
        raise ScoringError(_("Only member units attend the cluster's meeting."))
    if not any(present for present, _name in attendance.values()):
        raise ScoringError(_("Tick the member units that attended the meeting."))
    for present, representative in attendance.values():
        # Read from request.form, not a WTForms field: app/form_input.py's refusal of control characters
        # does not reach these boxes, so it is repeated here.
        if len(representative) > 255 or _PLACEHOLDER.search(representative) or control_characters(representative):
            raise ScoringError(_("A representative's name is at most 255 characters of real text."))
        if not present and representative:
            raise ScoringError(_("An absent unit has no representative at the meeting."))
    meeting = meeting_of(scoring) or ClusterMeeting(scoring=scoring)
    for name in ("number", "held_on", "place", "chair_name", "chair_position", "secretary_name",
                 "secretary_position"):
        setattr(meeting, name, getattr(form, name).data)
    if form.starts_at.time is None:  # the form requires it: a caller passing an unvalidated form is a bug
        raise ScoringError(_("Give the time the meeting began."))
    meeting.starts_at, meeting.ends_at = form.starts_at.time, form.ends_at.time
    meeting.updated_by_id = actor.id
    existing = {row.unit_id: row for row in meeting.attendance}
    for unit_id in members:
        present, representative = attendance.get(unit_id, (False, ""))
        row = existing.get(unit_id) or ClusterMeetingAttendance(unit_id=unit_id)
        row.present, row.representative = present, representative
        if row not in meeting.attendance:
            meeting.attendance.append(row)
    db.session.add(meeting)
    _audit(scoring, actor, "meeting", f"{meeting.number}, {meeting.held_on:%d/%m/%Y}, {meeting.place}")
    db.session.flush()
    return meeting


def _attendance_from(form_data, members: list[int]) -> dict[int, tuple[bool, str]]:
    return {unit_id: (form_data.get(f"present-{unit_id}") == "y",
                      " ".join(form_data.get(f"representative-{unit_id}", "").split()))
            for unit_id in members}


@bp.route("/<id:scoring_id>/meeting", methods=["GET", "POST"])
@login_required
def meeting(scoring_id: int):
    """The lead records the meeting; whoever sees the results reads it."""
    scoring = round_or_404(scoring_id)
    if not access.can_see_results(current_user, scoring):
        abort(404)
    editable = access.can_record_meeting(current_user, scoring)
    if request.method == "POST":
        scoring = manager_round_or_404(scoring_id)
        if not editable:
            abort(403)
    existing = meeting_of(scoring)
    # The stored meeting fills the form on GET only: on POST, a box left out of the request would otherwise
    # take the stored value (a time object, not the text the field parses).
    form = MeetingForm(obj=existing if request.method == "GET" else None)
    if request.method == "GET" and existing:
        form.starts_at.data = existing.starts_at.strftime("%H:%M")
        form.ends_at.data = existing.ends_at.strftime("%H:%M") if existing.ends_at else ""
    members = member_unit_ids(scoring)
    names = unit_names(scoring)
    attendance = ({row.unit_id: (row.present, row.representative) for row in existing.attendance} if existing
                  else {unit_id: (True, "") for unit_id in members})
    error = None
    if request.method == "POST":
        attendance = _attendance_from(request.form, members)
        if form.validate_on_submit():
            try:
                record_meeting(current_user, scoring, form, attendance)
            except ScoringError as refusal:
                db.session.rollback()
                error = refusal.message
            else:
                db.session.commit()
                flash(_("Meeting recorded: the minutes print it."), "success")
                return redirect(url_for(".round_page", scoring_id=scoring.id), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template("scoring/meeting.html", scoring=scoring, form=form, editable=editable, error=error,
                           members=sorted(members, key=lambda u: names.get(u, "")), names=names,
                           attendance=attendance), status
