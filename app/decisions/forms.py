"""The form for issuing a decision."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length

from app.form_input import ActDate
from app.models.base import local_today


class IssueForm(FlaskForm):
    signer_id = SelectField(_l("Signer"), coerce=int, validators=[DataRequired(_l("Choose who signs."))])
    signed_on = DateField(_l("Decision date"), default=local_today,
                          validators=[DataRequired(_l("Enter a valid date.")), ActDate()])
    # Asked only when the date is in the future (ActDate): an act dated ahead is rare and on purpose.
    confirm_future = BooleanField(_l("The date is in the future on purpose"))
    proposal_reference = StringField(
        _l("Proposal of Home Affairs"),
        default="Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …/TTr-SNV ngày …",
        validators=[DataRequired(_l("Cite the Home Affairs submission.")), Length(max=500)],
    )
    dossier_ids = SelectMultipleField(_l("Honourees"), coerce=int,
                                      validators=[DataRequired(_l("Select at least one approved dossier."))])
