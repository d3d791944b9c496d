"""Forms for workflow actions: a comment and the version the user saw, plus per-action fields."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.form_input import ActDate


class ActionForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=5000)])
    version = HiddenField(validators=[InputRequired()])

    def payload(self) -> dict:
        return {}


class SupplementForm(ActionForm):
    missing_types = SelectMultipleField(
        _l("Missing documents"), coerce=int, option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False)
    )
    comment = TextAreaField(_l("What must be supplemented"), validators=[Optional(), Length(max=5000)])
    deadline_days = IntegerField(
        _l("Deadline (working days)"), default=10,
        validators=[InputRequired(_l("Give a deadline.")), NumberRange(1, 60, _l("Between 1 and 60 working days."))],
    )

    def payload(self) -> dict:
        return {"deadline_days": self.deadline_days.data}


class CentralDecisionForm(ActionForm):
    central_number = StringField(_l("Central decision number"), validators=[DataRequired(), Length(max=60)])
    # The central decision has been signed when it is recorded: never in the future.
    central_date = DateField(_l("Decision date"),
                             validators=[DataRequired(_l("Enter a valid date.")), ActDate(allow_future=False)])

    def payload(self) -> dict:
        return {"central_number": self.central_number.data, "central_date": self.central_date.data}


FORMS = {"request_supplement": SupplementForm, "record_central": CentralDecisionForm}


def form_for(action: str, **kwargs) -> ActionForm:
    return FORMS.get(action, ActionForm)(**kwargs)
