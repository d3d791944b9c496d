"""The form of an eligibility rule: its parameters (JSON, checked by the rule kind's own reader), its dates
and its legal basis. The kind, the award, the nominee kind and the alternative are the rule's identity and
are not edited here: a new kind of rule is code (app/eligibility/rules.py)."""
import json
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.admin.forms_settings import one_line
from app.eligibility.rules import ParamsError, read_params
from app.models import RuleKind

MAX_PARAMS = 5000


def params_text(params: dict) -> str:
    """The parameters as the form shows them: indented JSON, Vietnamese letters kept."""
    return json.dumps(params, ensure_ascii=False, indent=2)


def params_line(params: dict) -> str:
    """The parameters on one line, as the list shows them."""
    return json.dumps(params, ensure_ascii=False)


class EligibilityRuleForm(FlaskForm):
    params = TextAreaField(_l("Parameters (JSON)"), validators=[
        DataRequired(_l("Enter the parameters, {} when the rule has none.")), Length(max=MAX_PARAMS)])
    valid_from = DateField(_l("Valid from"), validators=[InputRequired(_l("Enter the date the rule starts."))])
    valid_to = DateField(_l("Valid until"), validators=[Optional()])
    legal_basis = TextAreaField(_l("Legal basis"), filters=[one_line], validators=[Length(max=500)])

    def __init__(self, *args, kind: RuleKind, award_codes: Iterable[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.award_codes = frozenset(award_codes)
        self.parsed: dict | None = None

    def validate_params(self, field):
        try:
            value = json.loads(field.data)
        except json.JSONDecodeError as error:
            raise ValidationError(_l("This is not valid JSON: %(error)s (line %(line)s, column %(column)s).",
                                     error=error.msg, line=error.lineno, column=error.colno)) from None
        try:
            read_params(self.kind, value, self.award_codes)
        except ParamsError as error:
            raise ValidationError(error.message) from None
        self.parsed = value

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        start, end = self.valid_from.data, self.valid_to.data
        if start and end and end < start:
            self.valid_to.errors.append(_l("The end date cannot be before the start date."))
            ok = False
        return ok
