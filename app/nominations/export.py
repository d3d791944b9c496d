"""The dossier list as XLSX: every dossier the list shows with its current filters and sort, in pages."""
from flask import url_for
from flask_babel import gettext as _

from app import list_exports
from app.extensions import db
from app.models import User
from app.nominations.listing import ListParams, all_rows_query, count_query
from app.web import campaign_label


def headers() -> list[str]:
    return [_("No."), _("Nominee"), _("Kind"), _("Position / address"), _("Award"), _("Campaign"),
            _("Nominating unit"), _("State"), _("Updated")]


def _rows(user: User, params: ListParams):
    # Many-to-one eager loads only (unit, award, campaign): rows can stream in batches.
    query = all_rows_query(user, params).execution_options(yield_per=1000)
    for number, dossier in enumerate(db.session.scalars(query), start=1):
        yield [number, dossier.nominee_name, str(dossier.nominee_kind.label), dossier.nominee_position,
               dossier.award.name, campaign_label(dossier.campaign), dossier.unit.name, str(dossier.state.label),
               list_exports.local_time(dossier.updated_at)]


def response(user: User, params: ListParams):
    count = db.session.scalar(count_query(user, params)) or 0
    return list_exports.respond(
        count=count, back_to=url_for("nominations.index", **params.as_args(page=None)), stem="ho-so",
        make=lambda: list_exports.build(_("NOMINATION DOSSIERS"), "Ho so", headers(),
                                        (6, 30, 12, 28, 34, 24, 30, 18, 17), _rows(user, params)))
