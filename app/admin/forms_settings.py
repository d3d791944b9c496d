"""Forms for the dated settings the workflow and decisions read: base salary, legal bases, signers,
stage deadlines and working-day overrides.

Checks that need the database (a date already used, a second active chairman, an override that
changes nothing) live in the views, next to the query they need.
"""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.admin.forms import to_nfc
from app.admin.forms_catalogue import RANGE_MESSAGE
from app.models import BasisIssuers, SignerMode
from app.models.states import State
from app.numbers import optional_id
from app.text import nfc

MAX_SALARY = 1_000_000_000  # a sanity bound: the base salary is a few million VND a month
# Digits, optionally grouped by three with dots, commas or spaces as people write money ("2.340.000").
# A minus sign is accepted here so that "-5" is refused for being negative, not for being unreadable.
_AMOUNT_PATTERN = re.compile(r"^-?\d{1,3}(?:([.,\s])\d{3})?(?:\1\d{3})*$|^-?\d+$")

# The states a dossier waits in for someone's action, in workflow order: each may have a deadline.
WAITING_STATES = [
    State.UNIT_REVIEW, State.CLUSTER_REVIEW, State.SUBMITTED, State.APPRAISAL, State.RETURNED,
    State.PUBLIC_NOTICE, State.COUNCIL_REVIEW, State.APPROVED, State.PROPOSED_TO_CENTRAL,
]
MAX_STAGE_DAYS = 120


def one_line(value):
    """NFC, and any run of spaces or line breaks as one space: a legal basis prints as one paragraph."""
    return " ".join(nfc(value).split()) if isinstance(value, str) else value


def format_amount(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}".replace(",", ".")


class AmountField(StringField):
    """A whole amount in VND, typed as "2340000" or "2.340.000"; ``data`` is the int (None if invalid)."""

    def process_formdata(self, valuelist):
        self.data = None
        self.raw_text = valuelist[0].strip() if valuelist else ""
        if not self.raw_text:
            return
        if not _AMOUNT_PATTERN.match(self.raw_text):
            raise ValueError(_l("Enter a whole amount in VND, for example 2.340.000."))
        digits = int(re.sub(r"\D", "", self.raw_text))
        self.data = -digits if self.raw_text.startswith("-") else digits

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_amount(self.data)


class WholeNumberField(IntegerField):
    """An integer field whose "not a number" message says what to enter."""

    def __init__(self, label=None, validators=None, invalid_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid_message or _l("Enter a whole number.")) from None


class SalaryBaseForm(FlaskForm):
    effective_from = DateField(_l("In force from"), validators=[InputRequired(_l("Enter the date it takes effect."))])
    amount = AmountField(_l("Amount (VND per month)"), validators=[InputRequired(_l("Enter the amount."))])

    def validate_amount(self, field):
        if field.data is not None and field.data <= 0:
            raise ValidationError(_l("The amount must be more than 0."))
        if field.data is not None and field.data > MAX_SALARY:
            raise ValidationError(_l("Enter an amount of at most %(max)s VND.", max=format_amount(MAX_SALARY)))


class LegalBasisForm(FlaskForm):
    text = TextAreaField(_l("Text"), filters=[one_line], validators=[
        DataRequired(_l("Enter the text of the line.")), Length(max=2000)])
    effective_from = DateField(_l("In force from"), validators=[InputRequired(_l("Enter the date it takes effect."))])
    effective_to = DateField(_l("In force until"), validators=[Optional()])
    sort_order = WholeNumberField(_l("Print position"), default=0, validators=[
        InputRequired(_l("Enter a number.")), NumberRange(min=0, max=100000, message=RANGE_MESSAGE)])
    issuers = SelectField(_l("Printed in"), choices=[(b.value, b.label) for b in BasisIssuers],
                          default=BasisIssuers.ALL.value)
    # Choices: the units (views_settings); validate_choice stays on, so an id that is no unit is refused.
    unit_id = SelectField(_l("Only the decisions of"), coerce=optional_id, validators=[Optional()])

    def validate_unit_id(self, field):
        if field.data is not None and self.issuers.data != BasisIssuers.UNITS.value:
            raise ValidationError(_l("A basis of one unit is printed in the units' own decisions: choose that."))

    def validate_text(self, field):
        if not field.data.startswith("Căn cứ"):
            raise ValidationError(_l("A legal basis line starts with “Căn cứ”, for example "
                                "“Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;”."))
        if not field.data.endswith((";", ",")):
            raise ValidationError(_l("End the line with “;” (or “,” for the line printed last), "
                                     "as the decision prints it."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        start, end = self.effective_from.data, self.effective_to.data
        if start and end and end < start:
            self.effective_to.errors.append(_l("The end date cannot be before the start date."))
            ok = False
        return ok


class SignerForm(FlaskForm):
    name = StringField(_l("Full name"), filters=[to_nfc], validators=[
        DataRequired(_l("Enter the full name.")), Length(max=255)])
    mode = SelectField(_l("Signs as"), choices=[(m.value, m.label) for m in SignerMode],
                       validators=[DataRequired(_l("Choose how this person signs."))])
    active = BooleanField(_l("Active (offered when a decision is issued)"), default=True)


def _stage_field(state: State) -> WholeNumberField:
    return WholeNumberField(state.label, invalid_message=_l("Enter a whole number of working days, or leave it empty."),
                            validators=[Optional(), NumberRange(min=1, max=MAX_STAGE_DAYS, message=RANGE_MESSAGE)])


class StageDeadlineForm(FlaskForm):
    """One working-days field per waiting state, named ``days_<state>``."""

    def stage_fields(self):
        return [(state, self[f"days_{state.value}"]) for state in WAITING_STATES]


for _state in WAITING_STATES:
    setattr(StageDeadlineForm, f"days_{_state.value}", _stage_field(_state))


class WorkingDayOverrideForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    is_working_day = RadioField(_l("On that day"), choices=[("1", _l("People work")), ("0", _l("Day off"))],
                                validators=[InputRequired(_l("Choose whether people work that day."))])
    note = StringField(_l("Note"), filters=[to_nfc], validators=[Length(max=500)])

    def validate_day(self, field):
        if field.data is not None and not 1945 <= field.data.year <= 2200:  # None: not a date, already said
            raise ValidationError(_l("Enter a date between 1945 and 2200."))

    @property
    def working(self) -> bool:
        return self.is_working_day.data == "1"
