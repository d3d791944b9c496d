"""Council session form, and the minutes details the secretary fills in."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.form_input import ActDate
from app.models.base import local_today


class SessionForm(FlaskForm):
    name = StringField(_l("Session"), validators=[DataRequired(), Length(max=255)])
    held_on = DateField(_l("Date"), default=local_today,
                        validators=[DataRequired(_l("Enter a valid date.")), ActDate()])
    # Asked only when the date is in the future (ActDate): an act dated ahead is rare and on purpose.
    confirm_future = BooleanField(_l("The date is in the future on purpose"))
    members_total = IntegerField(_l("Council members"), validators=[InputRequired(), NumberRange(1, 200)])
    members_present = IntegerField(_l("Members present"), validators=[InputRequired(), NumberRange(0, 200)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.members_present.data > self.members_total.data:
            self.members_present.errors.append(_l("More members present than the council has."))
            ok = False
        return ok


_PLACEHOLDER = re.compile(r"…|\.{2,}|\[|\]|_{2,}")
LIST_MAX_LINES = 200


def no_placeholder(form, field) -> None:
    """The minutes print these as they are: an example left in ("…", "[...]", "__") is refused."""
    if field.data and _PLACEHOLDER.search(str(field.data)):
        raise ValidationError(_l("Replace the placeholder (…, [ ], __) with the real text."))


def people_lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class MinutesForm(FlaskForm):
    """What the minutes of a session print beyond its votes; the secretary fills it in after the meeting."""

    minutes_number = IntegerField(_l("Minutes number"), validators=[Optional(), NumberRange(1, 9999)])
    starts_at = TimeField(_l("Started at"), validators=[DataRequired(_l("Enter a valid time."))])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=255), no_placeholder])
    chair_name = StringField(_l("Chaired by (name)"), validators=[DataRequired(), Length(max=255), no_placeholder])
    chair_title = StringField(_l("Chair's position"), validators=[Optional(), Length(max=255), no_placeholder])
    secretary_name = StringField(_l("Secretary (name)"),
                                 validators=[DataRequired(), Length(max=255), no_placeholder])
    present_names = TextAreaField(_l("Members present (name, position; one a line)"),
                                  validators=[DataRequired(), Length(max=20000), no_placeholder])
    absent_names = TextAreaField(_l("Members absent (name, position, reason; one a line)"),
                                 validators=[Optional(), Length(max=20000), no_placeholder])
    conclusion = TextAreaField(_l("Conclusion"), validators=[Optional(), Length(max=5000), no_placeholder])

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        present, absent = people_lines(self.present_names.data), people_lines(self.absent_names.data)
        for field, people in ((self.present_names, present), (self.absent_names, absent)):
            if any(len(line) > 255 for line in people) or len(people) > LIST_MAX_LINES:
                field.errors.append(_l("One person a line, at most 255 characters each."))
                ok = False
        if self.session is not None and ok:
            # The lists must agree with the counts the votes were checked against.
            if len(present) != self.session.members_present:
                self.present_names.errors.append(_l(
                    "%(n)s names for %(present)s members present.", n=len(present),
                    present=self.session.members_present))
                ok = False
            absent_count = self.session.members_total - self.session.members_present
            if absent and len(absent) != absent_count:
                self.absent_names.errors.append(_l("%(n)s names for %(absent)s members absent.", n=len(absent),
                                                   absent=absent_count))
                ok = False
        return ok
