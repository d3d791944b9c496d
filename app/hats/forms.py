"""The role switch, a delegation, and (for the administrator) a role assignment."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.models import DelegationMode, DelegationScope, Role
from app.models.base import local_today
from app.numbers import optional_id

# A delegation is for a period: leave, a mission, a vacancy until the new head is appointed.
LONGEST_DELEGATION = timedelta(days=366)


class HatForm(FlaskForm):
    hat = HiddenField(validators=[InputRequired(), Length(max=24)])
    next = HiddenField(validators=[Optional(), Length(max=2000)])


class DelegationForm(FlaskForm):
    delegate_id = SelectField(_l("Delegate"), coerce=optional_id,
                              validators=[InputRequired(_l("Choose the person who acts for you."))])
    scope = SelectField(_l("What they may do"), choices=[(s.value, s.label) for s in DelegationScope],
                        validators=[InputRequired(_l("Choose what the delegation covers."))])
    mode = SelectField(_l("Signature mode"), choices=[(m.value, m.label) for m in DelegationMode],
                       validators=[InputRequired(_l("Choose how they sign."))])
    starts_on = DateField(_l("From"), validators=[InputRequired(_l("Enter the first day of the delegation."))])
    ends_on = DateField(_l("Until"), validators=[InputRequired(_l("Enter the last day of the delegation."))])
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Say why you delegate (e.g. leave, a mission).")), Length(max=1000)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        starts, ends = self.starts_on.data, self.ends_on.data
        if starts is not None and starts < local_today():
            self.starts_on.errors.append(_l("A delegation cannot start in the past."))
            ok = False
        if starts is not None and ends is not None:
            if ends < starts:
                self.ends_on.errors.append(_l("The last day cannot be before the first day."))
                ok = False
            elif ends - starts >= LONGEST_DELEGATION:
                self.ends_on.errors.append(_l("A delegation lasts at most one year."))
                ok = False
        return ok


class AssignmentForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[(r.value, r.label) for r in Role],
                       validators=[InputRequired(_l("Choose a role."))])
    unit_id = SelectField(_l("Unit"), coerce=optional_id, validate_choice=False, validators=[Optional()])
    starts_on = DateField(_l("From"), validators=[Optional()])
    ends_on = DateField(_l("Until"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=255)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        role = Role(self.role.data) if self.role.data in Role._value2member_map_ else None
        if role is not None and role.is_unit_role and not self.unit_id.data:
            self.unit_id.errors.append(_l("%(role)s acts for a unit: choose the unit.", role=role.label))
            ok = False
        starts, ends = self.starts_on.data, self.ends_on.data
        if starts is not None and ends is not None and ends < starts:
            self.ends_on.errors.append(_l("The last day cannot be before the first day."))
            ok = False
        return ok
