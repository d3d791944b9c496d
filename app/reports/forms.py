"""Sở Nội vụ's forms: a figure of the movement's reports, the schedule, opening a round, a reason.
(The unit's report form is built from the figures and read by app/reports/values.py.)"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.models.reports import FigureType, ReportFrequency, RoundKind
from app.models.target_groups import TargetGroup
from app.numbers import decimal_number

UNIT_GROUPS = [g for g in TargetGroup if g is not TargetGroup.INDIVIDUALS]  # units report, people do not


class DecimalText(StringField):
    """A bound typed with a decimal comma or point ("0", "12,5"); empty: no bound."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.raw = text
        if not text:
            self.data = None
            return
        try:
            self.data = decimal_number(text)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a number, e.g. 12,5.")) from None
        if abs(self.data) >= Decimal("1e14"):
            self.data = None
            raise ValueError(_l("The number is too large."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data).replace(".", ",")


class FigureForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(), Length(max=40), Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Letters, digits, . _ - only."))])
    label = StringField(_l("Figure"), validators=[DataRequired(), Length(max=255)])
    value_type = SelectField(_l("Type"), choices=[(t.value, t.label) for t in FigureType],
                             validators=[DataRequired()])
    min_value = DecimalText(_l("Minimum"), validators=[Optional()])
    max_value = DecimalText(_l("Maximum"), validators=[Optional()])
    target_group = SelectField(_l("Asked of"), choices=[("", _l("Every target group"))]
                               + [(g.value, g.label) for g in UNIT_GROUPS])
    unit_of_measure = StringField(_l("Unit of measure"), validators=[Optional(), Length(max=40)])
    position = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(0, 9999)])
    content_group_id = SelectField(_l("Content group of the plan"), choices=[("", "—")], default="")
    active = BooleanField(_l("Asked in new reports"), default=True)

    def validate_max_value(self, field):
        if field.data is not None and self.min_value.data is not None and field.data < self.min_value.data:
            raise ValidationError(_l("Below the minimum."))


class ScheduleForm(FlaskForm):
    frequency = SelectField(_l("Frequency"), choices=[(f.value, f.label) for f in ReportFrequency])
    deadline_working_days = IntegerField(_l("Working days after the period's end"), default=10,
                                         validators=[InputRequired(), NumberRange(1, 60)])
    active = BooleanField(_l("In use"), default=True)


class OpenRoundForm(FlaskForm):
    kind = SelectField(_l("Round"), choices=[(k.value, k.label) for k in RoundKind])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(1945, 2200)])
    part = SelectField(_l("Half-year"), choices=[("1", _l("First half")), ("2", _l("Second half"))], default="1")
    deadline_working_days = IntegerField(_l("Deadline (working days)"), default=10,
                                         validators=[InputRequired(), NumberRange(1, 60)])
    groups = SelectMultipleField(_l("Target groups asked"), choices=[(g.value, g.label) for g in UNIT_GROUPS],
                                 default=[g.value for g in UNIT_GROUPS])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Say what the unit should correct.")),
                                                     Length(max=2000)])
