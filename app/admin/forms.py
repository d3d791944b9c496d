"""Forms for the organisation screens: units, clusters and their yearly members and leaders, users.

Choices that come from data (units, clusters) are filled by the views per request; checks that
need the database (uniqueness, cycles, membership) live in the views, next to the query they need.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from app.models import ClusterKind, Role, UnitKind
from app.numbers import optional_id
from app.text import nfc

CODE_PATTERN = r"^[A-Za-z0-9_.\-]+$"
CODE_MESSAGE = _l("Use letters without diacritics, digits, dot, dash or underscore.")


def strip(value):
    return value.strip() if isinstance(value, str) else value


def to_nfc(value):
    return nfc(value) if isinstance(value, str) else value


class UnitForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip], validators=[
        DataRequired(_l("Enter a code.")), Length(max=40), Regexp(CODE_PATTERN, message=CODE_MESSAGE)])
    name = StringField(_l("Name"), filters=[to_nfc], validators=[DataRequired(_l("Enter the name.")), Length(max=255)])
    kind = SelectField(_l("Kind"), choices=[(k.value, k.label) for k in UnitKind],
                       validators=[DataRequired(_l("Choose the kind."))])
    parent_id = SelectField(_l("Parent unit"), coerce=optional_id, validate_choice=False, validators=[Optional()])
    valid_from = DateField(_l("Valid from"), validators=[InputRequired(_l("Enter the date the unit starts."))])
    valid_to = DateField(_l("Valid to"), validators=[Optional()])
    successor_id = SelectField(_l("Successor unit"), coerce=optional_id, validate_choice=False,
                               validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.valid_from.data and self.valid_to.data and self.valid_to.data < self.valid_from.data:
            self.valid_to.errors.append(_l("The end date cannot be before the start date."))
            ok = False
        if self.kind.data == UnitKind.SUB_UNIT.value and not self.parent_id.data:
            self.parent_id.errors.append(_l("A sub-unit needs a parent unit."))
            ok = False
        return ok


class ClusterForm(FlaskForm):
    name = StringField(_l("Name"), filters=[to_nfc], validators=[DataRequired(_l("Enter the name.")), Length(max=255)])
    kind = SelectField(_l("Kind"), choices=[(k.value, k.label) for k in ClusterKind],
                       validators=[DataRequired(_l("Choose the kind."))])
    description = TextAreaField(_l("Description"), filters=[to_nfc], validators=[Length(max=5000)])


class AddMemberForm(FlaskForm):
    unit_id = SelectField(_l("Unit"), coerce=optional_id, validate_choice=False,
                          validators=[DataRequired(_l("Choose a unit."))])


class LeadershipForm(FlaskForm):
    lead_unit_id = SelectField(_l("Lead (cụm trưởng)"), coerce=optional_id, validate_choice=False,
                               validators=[Optional()])
    deputy_unit_id = SelectField(_l("Deputy (cụm phó)"), coerce=optional_id, validate_choice=False,
                                 validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        lead, deputy = self.lead_unit_id.data, self.deputy_unit_id.data
        if deputy and not lead:
            self.lead_unit_id.errors.append(_l("Choose the lead before the deputy."))
            ok = False
        if lead and deputy and lead == deputy:
            self.deputy_unit_id.errors.append(_l("The deputy must be a different unit from the lead."))
            ok = False
        return ok


USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._\-]*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def lower(value):
    return value.strip().lower() if isinstance(value, str) else value


class UserForm(FlaskForm):
    username = StringField(_l("Username"), filters=[lower], validators=[
        DataRequired(_l("Enter a username.")), Length(min=3, max=80),
        Regexp(USERNAME_PATTERN,
               message=_l("Use lowercase letters without diacritics, digits, dot, dash or underscore."))])
    full_name = StringField(_l("Full name"), filters=[to_nfc],
                            validators=[DataRequired(_l("Enter the full name.")), Length(max=255)])
    email = StringField(_l("Email"), filters=[strip], validators=[
        Optional(), Length(max=255), Regexp(EMAIL_PATTERN, message=_l("Enter a valid email address."))])
    role = SelectField(_l("Role"), choices=[(r.value, r.label) for r in Role],
                       validators=[DataRequired(_l("Choose the role."))])
    unit_id = SelectField(_l("Unit"), coerce=optional_id, validate_choice=False, validators=[Optional()])
    active = BooleanField(_l("Active (may log in)"), default=True)
    password = PasswordField(_l("Password"), validators=[
        Optional(), Length(min=8, max=128, message=_l("The password needs at least %(min)d characters."))])

    def __init__(self, *args, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = creating

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.creating and not self.password.data:
            self.password.errors.append(_l("Enter a password for the new user."))
            ok = False
        role = Role(self.role.data) if self.role.data in Role._value2member_map_ else None
        if role is not None and role.is_unit_role and not self.unit_id.data:
            self.unit_id.errors.append(_l("%(role)s acts for a unit: choose the unit.", role=role.label))
            ok = False
        return ok
