"""Forms for the award catalogue, attachment types, movements and campaigns."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from app.admin.forms import CODE_MESSAGE, CODE_PATTERN, strip, to_nfc
from app.models import AwardLevel, AwardType, CampaignKind, NomineeKind, ThresholdBase
from app.numbers import optional_id

RANGE_MESSAGE = _l("Enter a number between %(min)s and %(max)s.")
MIN_MESSAGE = _l("Enter a number of at least %(min)s.")
PERCENT = Decimal(100)


class AttachmentTypeForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip], validators=[
        DataRequired(_l("Enter a code.")), Length(max=40), Regexp(CODE_PATTERN, message=CODE_MESSAGE)])
    name = StringField(_l("Name"), filters=[to_nfc], validators=[DataRequired(_l("Enter the name.")), Length(max=255)])
    description = TextAreaField(_l("Description"), filters=[to_nfc], validators=[Length(max=5000)])
    sort_order = IntegerField(_l("Sort order"), default=0, validators=[
        InputRequired(_l("Enter a number.")), NumberRange(min=0, max=100000, message=RANGE_MESSAGE)])


def _coefficient(label):
    # Numeric(6, 2) in the database: at most 9999.99.
    return DecimalField(label, places=2, validators=[
        Optional(), NumberRange(min=0, max=Decimal("9999.99"), message=RANGE_MESSAGE)])


def _percent(label):
    return DecimalField(label, places=1, validators=[
        InputRequired(_l("Enter a percentage.")), NumberRange(min=1, max=100, message=RANGE_MESSAGE)])


class AwardForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip], validators=[
        DataRequired(_l("Enter a code.")), Length(max=40), Regexp(CODE_PATTERN, message=CODE_MESSAGE)])
    name = StringField(_l("Name"), filters=[to_nfc], validators=[DataRequired(_l("Enter the name.")), Length(max=255)])
    level = SelectField(_l("Level"), choices=[(k.value, k.label) for k in AwardLevel],
                        validators=[DataRequired(_l("Choose the level."))])
    # "tặng danh hiệu …" or "tặng …" in the decision (DOMAIN.md §10a).
    award_type = SelectField(_l("Type"), choices=[(k.value, k.label) for k in AwardType],
                             default=AwardType.COMMENDATION.value)
    decided_by = StringField(_l("Decided by"), filters=[to_nfc], validators=[Length(max=255)])
    decision_subject = StringField(_l("Decision subject line"), filters=[to_nfc], validators=[
        Length(max=500, message=_l("Use at most %(max)d characters."))])
    nominee_kinds = SelectMultipleField(_l("Given to"), choices=[(k.value, k.label) for k in NomineeKind])
    via_cluster = BooleanField(_l("Proposed through the emulation cluster"))
    coefficient_individual = _coefficient(_l("Coefficient: individual"))
    coefficient_collective = _coefficient(_l("Coefficient: collective"))
    coefficient_household = _coefficient(_l("Coefficient: household"))
    quorum_percent = _percent(_l("Quorum (percent of council members)"))
    threshold_percent = _percent(_l("Approval threshold (%)"))
    threshold_base = SelectField(_l("Threshold counted on"), choices=[(k.value, k.label) for k in ThresholdBase],
                                 validators=[DataRequired()])
    public_notice_days = IntegerField(_l("Public notice (working days)"), default=0, validators=[
        InputRequired(_l("Enter a number of days.")), NumberRange(min=0, max=365, message=RANGE_MESSAGE)])
    active = BooleanField(_l("Active (offered for new dossiers)"), default=True)
    sort_order = IntegerField(_l("Sort order"), default=0, validators=[
        InputRequired(_l("Enter a number.")), NumberRange(min=0, max=100000, message=RANGE_MESSAGE)])
    required_types = SelectMultipleField(_l("Required attachments"), coerce=int)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.nominee_kinds.data:
            self.nominee_kinds.errors.append(_l("Tick at least one kind of nominee."))
            ok = False
        return ok

    def kind_selected(self, kind: NomineeKind) -> bool:
        return kind.value in (self.nominee_kinds.data or [])

    def coefficient_field(self, kind: NomineeKind):
        return getattr(self, f"coefficient_{kind.value}")


class MovementForm(FlaskForm):
    name = StringField(_l("Name"), filters=[to_nfc], validators=[DataRequired(_l("Enter the name.")), Length(max=255)])
    description = TextAreaField(_l("Description"), filters=[to_nfc], validators=[Length(max=5000)])
    start_year = IntegerField(_l("From year"), validators=[
        InputRequired(_l("Enter the first year.")), NumberRange(min=1945, max=2200, message=RANGE_MESSAGE)])
    end_year = IntegerField(_l("To year"), validators=[
        InputRequired(_l("Enter the last year.")), NumberRange(min=1945, max=2200, message=RANGE_MESSAGE)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.end_year.data < self.start_year.data:
            self.end_year.errors.append(_l("The last year cannot be before the first year."))
            ok = False
        return ok


class CampaignForm(FlaskForm):
    name = StringField(_l("Name"), filters=[to_nfc], validators=[DataRequired(_l("Enter the name.")), Length(max=255)])
    year = IntegerField(_l("Year"), validators=[
        InputRequired(_l("Enter the year.")), NumberRange(min=1945, max=2200, message=RANGE_MESSAGE)])
    kind = SelectField(_l("Kind"), choices=[(k.value, k.label) for k in CampaignKind],
                       validators=[DataRequired(_l("Choose the kind."))])
    movement_id = SelectField(_l("Movement"), coerce=optional_id, validate_choice=False, validators=[Optional()])
    submission_deadline = DateField(_l("Submission deadline"), validators=[Optional()],
                                    description=_l("Left empty on a new campaign: the kind's default deadline, if it "
                                                   "has one (Administration → Kinds of campaign)."))
    is_open = BooleanField(_l("Open for new dossiers"), default=True)
