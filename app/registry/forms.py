"""Forms of the registry screens: a person's details, positions, yearly ratings, registry entries,
initiatives and discipline. Choices (units, awards) are filled per request by the view."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.models import CampaignKind, DisciplineStatus, Gender, OccupationGroup, Rating, RegistrySource, Scope
from app.models.base import local_today
from app.numbers import optional_id

MIN_YEAR = 1900
_PERSONAL_ID = re.compile(r"[0-9]{12}")


def past_year(form, field) -> None:
    """A year of a person's history: 1900 to this year (a later one is a typo or not yet history)."""
    if field.data is not None and not MIN_YEAR <= field.data <= local_today().year:
        raise ValidationError(_l("Enter a year between %(low)s and %(high)s.", low=MIN_YEAR,
                                 high=local_today().year))


def not_in_future(form, field) -> None:
    if field.data is not None and field.data > local_today():
        raise ValidationError(_l("This date is in the future."))


def _choices(enum, blank: bool = False) -> list[tuple[str, str]]:
    return ([("", "—")] if blank else []) + [(member.value, member.label) for member in enum]


def _year_field(label, required: bool = True) -> IntegerField:
    first = DataRequired(_l("Enter the year.")) if required else Optional()
    return IntegerField(label, validators=[first, past_year])


class PersonForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter the full name.")), Length(max=255)])
    gender = SelectField(_l("Gender"), choices=_choices(Gender, blank=True), validators=[Optional()])
    birth_year = _year_field(_l("Year of birth"), required=False)
    birth_date = DateField(_l("Date of birth"), validators=[Optional(), not_in_future])
    ethnicity = StringField(_l("Ethnicity"), validators=[Length(max=60)])
    is_ethnic_minority = BooleanField(_l("Ethnic minority"))
    occupation_group = SelectField(_l("Occupation group"), choices=_choices(OccupationGroup, blank=True),
                                   validators=[Optional()])
    unit_id = SelectField(_l("Current unit"), coerce=optional_id, validate_choice=False,
                          validators=[DataRequired(_l("Choose the unit."))])
    position = StringField(_l("Current position"), validators=[Length(max=255)])
    # Only where the province enables it (the view removes the field otherwise). Never shown in clear:
    # left empty, the stored number is kept.
    personal_id = StringField(_l("Personal ID number (CCCD)"), validators=[Optional(), Length(max=12)])
    remove_personal_id = BooleanField(_l("Remove the stored personal ID number"))

    def validate_personal_id(self, field) -> None:
        if field.data and not _PERSONAL_ID.fullmatch(field.data):
            raise ValidationError(_l("A personal ID number (CCCD) is 12 digits."))

    def validate_birth_date(self, field) -> None:
        if field.data and self.birth_year.data and field.data.year != self.birth_year.data:
            raise ValidationError(_l("The date of birth is not in the year of birth."))


class PositionForm(FlaskForm):
    unit_id = SelectField(_l("Unit"), coerce=optional_id, validate_choice=False)
    position = StringField(_l("Position"), validators=[DataRequired(_l("Enter the position.")), Length(max=255)])
    from_date = DateField(_l("From"), validators=[DataRequired(_l("Enter the date the position began.")),
                                                   not_in_future])
    to_date = DateField(_l("Until"), validators=[Optional()])

    def validate_to_date(self, field) -> None:
        if field.data and self.from_date.data and field.data < self.from_date.data:
            raise ValidationError(_l("The end is before the beginning."))


class EndPositionForm(FlaskForm):
    to_date = DateField(_l("Until"), validators=[DataRequired(_l("Enter the date the position ended."))])


class RatingForm(FlaskForm):
    year = _year_field(_l("Year"))
    rating = SelectField(_l("Rating"), choices=_choices(Rating, blank=True),
                         validators=[DataRequired(_l("Choose the rating."))])


def _member_count(label) -> IntegerField:
    # InputRequired, not DataRequired: 0 is an answer.
    return IntegerField(label, validators=[InputRequired(_l("Enter a number (0 if none).")),
                                           NumberRange(min=0, max=1_000_000, message=_l("Between 0 and 1,000,000."))])


class YearReportForm(FlaskForm):
    """A collective's year: its rating and its members; every count is at most the number of members."""

    year = _year_field(_l("Year"))
    rating = SelectField(_l("The collective's rating"), choices=_choices(Rating, blank=True), validators=[Optional()])
    total = IntegerField(_l("Members"), validators=[InputRequired(_l("Enter the number of members.")),
                                                    NumberRange(min=1, max=1_000_000,
                                                                message=_l("Between 1 and 1,000,000."))])
    completed = _member_count(_l("Members completing their tasks or better"))
    ldtt = _member_count(_l("Members with the title Lao động tiên tiến"))
    cstd_co_so = _member_count(_l("Members with the title Chiến sĩ thi đua cơ sở"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for name in ("completed", "ldtt", "cstd_co_so"):
            counted = getattr(self, name)
            if valid and counted.data > self.total.data:
                counted.errors.append(_l("More than the number of members."))
                valid = False
        return valid


# A past entry is the unit's own decision or history taken from the old books; entries of this app's
# decisions are written by the decision itself.
ENTRY_SOURCES = (RegistrySource.UNIT_DECISION, RegistrySource.IMPORTED)


class EntryForm(FlaskForm):
    award_id = SelectField(_l("Award or title"), coerce=optional_id, validate_choice=False,
                           validators=[DataRequired(_l("Choose an award from the catalogue."))])
    year = _year_field(_l("Year"))
    campaign_kind = SelectField(_l("Campaign kind"), choices=_choices(CampaignKind),
                                default=CampaignKind.YEARLY.value)
    authority = StringField(_l("Deciding authority"),
                            validators=[DataRequired(_l("Enter who decided it.")), Length(max=255)])
    decision_number = StringField(_l("Decision number"), validators=[Length(max=60)])
    decision_date = DateField(_l("Decision date"), validators=[Optional(), not_in_future])
    source = SelectField(_l("Source"), choices=[(s.value, s.label) for s in ENTRY_SOURCES],
                         default=RegistrySource.UNIT_DECISION.value)

    def validate_decision_date(self, field) -> None:
        if field.data and self.year.data and field.data.year < self.year.data:
            raise ValidationError(_l("The decision is dated before the year it rewards."))


class InitiativeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter the title.")), Length(max=500)])
    year = _year_field(_l("Year"))
    scope = SelectField(_l("Scope of effect"), choices=_choices(Scope))
    document = StringField(_l("Recognising document"), validators=[Length(max=255)])
    used_for_award_id = SelectField(_l("Used for (award)"), coerce=optional_id, validate_choice=False,
                                    validators=[Optional()])
    used_for_year = _year_field(_l("Used for (year)"), required=False)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # Here, not in validate_used_for_year: Optional() skips a field's own checks when it is empty.
        if ok and bool(self.used_for_year.data) != bool(self.used_for_award_id.data):
            self.used_for_year.errors.append(_l("Give both the award and the year it was used for, or neither."))
            ok = False
        return ok


class DisciplineForm(FlaskForm):
    status = SelectField(_l("Status"), choices=_choices(DisciplineStatus))
    since = DateField(_l("Since"), validators=[DataRequired(_l("Enter the date it began.")), not_in_future])
    until = DateField(_l("Until"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end is before the beginning."))
