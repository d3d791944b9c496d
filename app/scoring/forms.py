"""Forms of the scoring screens."""
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.models import ItemKind, TieBreak
from app.models.base import local_today
from app.numbers import decimal_number, format_score


class ScoreField(DecimalField):
    """A number of points, typed with the locale's decimal comma or a point ("9,5", "9.5") and shown in
    the locale's format, as the score sheet does."""

    data: Any  # a Decimal, or None when left empty (as WTForms' own DecimalField, which declares nothing)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_score(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = decimal_number(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value.")) from None


class RoundForm(FlaskForm):
    cluster_id = SelectField(_l("Cluster / bloc"), coerce=int, validators=[DataRequired(_l("Choose a cluster."))])
    year = IntegerField(_l("Year"), default=lambda: local_today().year,
                        validators=[InputRequired(), NumberRange(2000, 2100)])


class SettingsForm(FlaskForm):
    decimals = IntegerField(_l("Decimal places allowed in scores"), validators=[InputRequired(), NumberRange(0, 2)])
    tie_break = SelectField(_l("Tie-break rule"), choices=[(t.value, t.label) for t in TieBreak])
    flag_quota = IntegerField(_l("Units proposed for the flag"), validators=[InputRequired(), NumberRange(0, 5)])
    merit_quota = IntegerField(_l("Units proposed for Bằng khen"), validators=[InputRequired(), NumberRange(0, 10)])
    bonus_cap = ScoreField(_l("Most bonus points counted in a total"), validators=[Optional(), NumberRange(0, 1000)])


class GroupForm(FlaskForm):
    name = StringField(_l("Group of criteria"), validators=[DataRequired(), Length(max=500)])


class ItemForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[(k.value, k.label) for k in ItemKind], default=ItemKind.CRITERION.value)
    group_id = SelectField(_l("Group"), coerce=lambda v: int(v) if v not in (None, "", "None") else None,
                           validators=[Optional()])
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    name = TextAreaField(_l("Item"), validators=[DataRequired(), Length(max=2000)])
    max_score = ScoreField(_l("Maximum score"), places=2,
                             validators=[InputRequired(_l("Enter a number.")), NumberRange(min=0.01, max=1000)])
    excludes_from_ranking = BooleanField(_l("Excludes the unit from ranking"))
    guidance = TextAreaField(_l("Guidance"), validators=[Optional(), Length(max=5000)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.kind.data == ItemKind.CRITERION.value and not self.group_id.data:
            self.group_id.errors.append(_l("A criterion belongs to a group."))
            ok = False
        if self.excludes_from_ranking.data and self.kind.data != ItemKind.PENALTY.value:
            self.excludes_from_ranking.errors.append(_l("Only a penalty can exclude a unit from ranking."))
            ok = False
        return ok


class OpenForm(FlaskForm):
    deadline = DateField(_l("Deadline for self-scoring"), validators=[DataRequired(_l("Enter a valid date."))])


class ImportForm(FlaskForm):
    file = FileField(_l("Criteria table (.xlsx)"), validators=[FileRequired(_l("Choose a file."))])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Give the reason.")), Length(max=2000)])


class ProposeForm(FlaskForm):
    campaign_id = SelectField(_l("Campaign"), coerce=int, validators=[DataRequired(_l("Choose a campaign."))])
