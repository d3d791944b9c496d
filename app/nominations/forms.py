"""Forms for drafting a dossier and uploading attachments; choices are filled per request from data."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app import campaign_kinds
from app.models import Gender, NomineeKind
from app.numbers import optional_id


class DossierForm(FlaskForm):
    # The view checks these ids against the open campaigns and active awards, with a clearer message
    # than WTForms' "Not a valid choice." (a campaign may close while the form is open).
    campaign_id = SelectField(_l("Campaign"), coerce=int, validate_choice=False,
                              validators=[DataRequired(_l("Choose a campaign."))])
    award_id = SelectField(_l("Award"), coerce=int, validate_choice=False,
                           validators=[DataRequired(_l("Choose an award."))])
    nominee_kind = RadioField(
        _l("Nominee"),
        choices=[(k.value, k.label) for k in NomineeKind],
        default=NomineeKind.INDIVIDUAL.value,
        validators=[DataRequired()],
    )
    nominee_name = StringField(
        _l("Full name / name of the collective"),
        validators=[DataRequired(_l("Enter the nominee's name.")), Length(max=255)],
    )
    nominee_gender = SelectField(
        _l("Gender"), choices=[("", "—")] + [(g.value, g.label) for g in Gender], validators=[Optional()]
    )
    nominee_birth_year = IntegerField(
        _l("Year of birth"),
        validators=[Optional(), NumberRange(min=1920, max=date.today().year - 15,
                                            message=_l("Enter a year between %(min)s and %(max)s."))],
    )
    nominee_position = StringField(_l("Position / address"), validators=[Length(max=255)])
    nominee_unit_id = SelectField(_l("Unit or sub-unit of the nominee"), coerce=optional_id, validators=[Optional()])
    achievement_summary = TextAreaField(
        _l("Achievement summary"), validators=[DataRequired(_l("Summarise the achievements.")), Length(max=20000)]
    )
    # The registry record picked with the picker (one of the two, by the nominee kind); the view checks
    # it is within the user's scope and of the right kind before linking the dossier to it.
    nominee_person_id = HiddenField()
    nominee_collective_id = HiddenField()
    version = HiddenField()

    def __init__(self, *args, awards_by_id=None, campaigns_by_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.awards_by_id = awards_by_id or {}
        self.campaigns_by_id = campaigns_by_id or {}
        # (campaign id, award id) of the dossier being edited: kept as it is, a pair is not judged again
        # when an administrator later closes the award for the campaign's kind.
        self.unchanged_pair: tuple[int, int] | None = None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        kind = NomineeKind(self.nominee_kind.data) if self.nominee_kind.data in {k.value for k in NomineeKind} else None
        award = self.awards_by_id.get(self.award_id.data)
        if award is not None and kind is not None and kind not in award.nominee_kinds:
            allowed = ", ".join(str(k.label).lower() for k in award.nominee_kinds)
            self.nominee_kind.errors.append(
                _l("%(award)s is given to: %(allowed)s.", award=award.name, allowed=allowed)
            )
            ok = False
        campaign = self.campaigns_by_id.get(self.campaign_id.data)
        if award is not None and campaign is not None and (campaign.id, award.id) != self.unchanged_pair:
            refusal = campaign_kinds.award_refusal(campaign, award)
            if refusal:
                self.award_id.errors.append(refusal)
                ok = False
        if kind is NomineeKind.INDIVIDUAL:
            if not self.nominee_gender.data:
                self.nominee_gender.errors.append(_l("Choose the gender."))
                ok = False
            if self.nominee_birth_year.data is None and not self.nominee_birth_year.errors:
                self.nominee_birth_year.errors.append(_l("Enter the year of birth."))
                ok = False
        return ok


class AttachmentForm(FlaskForm):
    type_id = SelectField(_l("Document type"), coerce=int, validators=[DataRequired(_l("Choose the document type."))])
    file = FileField(_l("File (PDF, DOCX, XLSX, JPEG, PNG)"), validators=[FileRequired(_l("Choose a file."))])
