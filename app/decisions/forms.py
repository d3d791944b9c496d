"""The forms of the decision's life: the draft, the signature the clerk gave, sending back."""

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, StopValidation

from app.decisions.operations import has_placeholder
from app.form_input import ActDate
from app.models.base import local_today


def not_after_today(form, field) -> None:
    """A decision is dated when it is signed: never ahead (it would also open next year's register early)."""
    today = local_today()
    # Far-off or absurd dates are left to the window's and the years' messages (ActDate, app/form_input.py).
    latest = today + timedelta(days=current_app.config["ACT_DATE_FUTURE_DAYS"])
    if field.data is not None and today < field.data <= latest:
        raise StopValidation(_l("The decision date is after today (%(today)s): a decision is dated when it is signed.",
                                today=today.strftime("%d/%m/%Y")))


def no_placeholder(form, field) -> None:
    if has_placeholder(field.data):
        raise StopValidation(_l("This still holds placeholder text (“…” or dots): enter the real number and date."))


class DraftForm(FlaskForm):
    """A draft's signer, proposal reference (needed before sending) and honourees; no number, no date."""

    signer_id = SelectField(_l("Signer"), coerce=int, validators=[DataRequired(_l("Choose who signs."))])
    # Not prefilled: a template with blanks ("số …/TTr-SNV ngày …") would be sent on unedited. The example
    # shows the shape.
    proposal_reference = StringField(
        _l("Proposal of Home Affairs"),
        validators=[Optional(), Length(max=500), no_placeholder],
        render_kw={"placeholder": "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 125/TTr-SNV ngày 02/01/2026"},
    )
    dossier_ids = SelectMultipleField(_l("Honourees"), coerce=int,
                                      validators=[DataRequired(_l("Select at least one approved dossier."))])


class SignatureForm(FlaskForm):
    """What the clerk gave once the leader signed: the number (unless the app's register numbers), the date,
    the signed copy."""

    number = IntegerField(_l("Number from the register"),
                          validators=[Optional(), NumberRange(min=1, max=99999,
                                                              message=_l("A whole number from 1 to 99999."))])
    signed_on = DateField(_l("Decision date"), default=local_today,
                          validators=[DataRequired(_l("Enter a valid date.")), not_after_today,
                                      ActDate(allow_future=False)])
    signed_copy = FileField(_l("Signed copy (PDF)"), validators=[FileRequired(_l("Choose the signed PDF."))])


class ReturnForm(FlaskForm):
    reason = TextAreaField(_l("Why it comes back"),
                           validators=[DataRequired(_l("Say why the draft comes back.")), Length(max=1000)])


class AmendmentForm(FlaskForm):
    """A correction or a cancellation: the honourees it names (for a correction, with the corrected fields)."""

    signer_id = SelectField(_l("Signer"), coerce=int, validators=[DataRequired(_l("Choose who signs."))])
    proposal_reference = StringField(
        _l("Proposal of Home Affairs"), validators=[Optional(), Length(max=500), no_placeholder],
        render_kw={"placeholder": "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 130/TTr-SNV ngày 10/02/2027"})
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Give the reason.")), Length(max=1000),
                                                     no_placeholder])
    dossier_ids = SelectMultipleField(_l("Honourees"), coerce=int,
                                      validators=[DataRequired(_l("Select at least one honouree."))])


class UnitDraftForm(FlaskForm):
    """A unit's own decision: the honourees and the line citing the unit council's proposal (a default names
    the unit's council). Its signer is whoever signs it: the head, or a deputy under a delegation."""

    proposal_reference = StringField(_l("Proposal line"), validators=[Optional(), Length(max=500), no_placeholder])
    dossier_ids = SelectMultipleField(_l("Honourees"), coerce=int,
                                      validators=[DataRequired(_l("Select at least one approved dossier."))])
