"""The form of a campaign kind's policy: streaks, cluster stage, default deadline, its own stage deadlines,
the awards open in its campaigns (checkboxes named ``award-<id>``, checked against the catalogue by the view)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import NumberRange, Optional

from app.admin.forms_catalogue import RANGE_MESSAGE
from app.admin.forms_settings import WAITING_STATES, WholeNumberField, _stage_field


class CampaignKindForm(FlaskForm):
    counts_for_streaks = BooleanField(_l("Its awards count toward merit streaks and windows"))
    has_cluster_stage = BooleanField(_l("Dossiers of cluster awards go through the cluster stage"))
    submission_working_days = WholeNumberField(
        _l("Default submission deadline (working days after the campaign is created)"),
        invalid_message=_l("Enter a whole number of working days, or leave it empty."),
        validators=[Optional(), NumberRange(min=1, max=365, message=RANGE_MESSAGE)])
    all_awards_open = BooleanField(_l("Every award of the catalogue is open"))

    def stage_fields(self):
        return [(state, self[f"days_{state.value}"]) for state in WAITING_STATES]


for _state in WAITING_STATES:
    setattr(CampaignKindForm, f"days_{_state.value}", _stage_field(_state))
