"""Admin screen of the registry's province settings: whether personal ID numbers (CCCD) are stored at all."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from app.admin import bp
from app.admin.common import committed
from app.models import PERSONAL_ID_ENABLED, Setting


class RegistrySettingsForm(FlaskForm):
    personal_id_enabled = BooleanField(_l("Store people's personal ID numbers (CCCD)"))


@bp.route("/registry-settings", methods=["GET", "POST"])
def registry_settings():
    form = RegistrySettingsForm()
    if request.method == "GET":
        form.personal_id_enabled.data = Setting.get_bool(PERSONAL_ID_ENABLED)
    if form.validate_on_submit():
        Setting.set_bool(PERSONAL_ID_ENABLED, form.personal_id_enabled.data)
        return committed(_("The registry settings are saved."), "admin.registry_settings")
    return render_template("admin/settings/registry_settings.html", form=form), (422 if request.method == "POST"
                                                                                 else 200)
