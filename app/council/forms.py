"""Council session form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

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
