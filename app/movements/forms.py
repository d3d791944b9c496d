"""Forms of the movement's screens: the launch, its phases, content groups and registration years, a plan
upload, the reopening of a registration. The registration form is built per unit (its content groups),
so it is read field by field in the view (``views.registration``) and checked by the operation."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.models.movement_plans import TargetKind
from app.models.target_groups import TargetGroup
from app.numbers import MAX_ID
from app.scoring.forms import ScoreField


class LaunchForm(FlaskForm):
    plan_reference = StringField(_l("Plan (number and date)"), validators=[Length(max=255)],
                                 description=_l("For example: Kế hoạch số 125/KH-UBND ngày 20/3/2025"))
    summary = TextAreaField(_l("Summary"), validators=[Length(max=5000)])
    plan_deadline = DateField(_l("Units upload their own plan by"), validators=[Optional()])
    document = FileField(_l("Plan document (PDF or DOCX)"))


class PhaseForm(FlaskForm):
    name = StringField(_l("Phase"), validators=[DataRequired(), Length(max=255)])
    start_year = IntegerField(_l("From"), validators=[InputRequired(), NumberRange(1945, 2200)])
    end_year = IntegerField(_l("To"), validators=[InputRequired(), NumberRange(1945, 2200)])


class ContentGroupForm(FlaskForm):
    target_group = SelectField(_l("Target group"), choices=[(g.value, g.label) for g in TargetGroup],
                               description=_l("Individuals do not register: their content groups are criteria."))
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])
    title = StringField(_l("Content group"), validators=[DataRequired(), Length(max=500)])
    criteria = TextAreaField(_l("Criteria"), validators=[Length(max=5000)])
    target_kind = SelectField(_l("Target"), choices=[(k.value, k.label) for k in TargetKind])
    unit_label = StringField(_l("Unit of the number"), validators=[Length(max=40)])
    min_value = ScoreField(_l("Lowest"), validators=[Optional()])
    max_value = ScoreField(_l("Highest"), validators=[Optional()])


class RegistrationYearForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(1945, 2200)])
    deadline = DateField(_l("Registration deadline"), validators=[InputRequired()])


class PlanUploadForm(FlaskForm):
    document = FileField(_l("Your unit's plan (PDF or DOCX)"), validators=[FileRequired(_l("Choose a file."))])


class ReopenForm(FlaskForm):
    unit_id = IntegerField(_l("Unit"), validators=[InputRequired(_l("Choose a unit.")), NumberRange(1, MAX_ID)])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(1945, 2200)])
    until = DateField(_l("Reopened until"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class ConfirmForm(FlaskForm):
    """Nothing to fill in: the CSRF token of a button."""
