"""The inbox ("Việc cần xử lý"): dossiers waiting for this user's action, and bulk actions on them."""
from typing import NamedTuple

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, false, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload

from app import list_exports, pagination
from app.access import council_unit_id, dossier_scope, reviews_eligibility, work_scope
from app.extensions import db
from app.models import Award, AwardLevel, Dossier, Role, State
from app.models.base import local_today
from app.numbers import id_list, page_number, to_id, whole_number
from app.web import campaign_label, reads_only, render_region_or_page
from app.workflow import bp, engine
from app.workflow.calendar import WorkingCalendar
from app.workflow.eligibility_panel import eligibility_lines
from app.workflow.transitions import TRANSITIONS

# Actions that can be taken from anywhere are not "work waiting": they do not fill the inbox. Nor is an awarded
# dossier waiting for the secretary because a cancellation decision may one day revoke it.
_ANYTIME = {"withdraw", "hold", "revoke_award"}
ALL_LEVELS = frozenset(AwardLevel)


def inbox_states(role: Role) -> list[State]:
    states = {s for t in TRANSITIONS if role in t.roles and t.name not in _ANYTIME for s in t.sources}
    return [s for s in State if s in states]


def bulk_actions(role: Role) -> list:
    return [t for t in TRANSITIONS if t.bulk and role in t.roles]


def _states_by_levels(role: Role) -> dict[frozenset[AwardLevel], list[State]]:
    """The inbox's states grouped by the award levels whose route has this role's work there: a unit head's
    approved dossiers wait for them only if the award is the unit's own to decide."""
    levels: dict[State, frozenset[AwardLevel]] = {}
    for t in TRANSITIONS:
        if role in t.roles and t.name not in _ANYTIME:
            for state in t.sources:
                levels[state] = levels.get(state, frozenset()) | t.levels
    grouped: dict[frozenset[AwardLevel], list[State]] = {}
    for state in State:
        if state in levels:
            grouped.setdefault(levels[state], []).append(state)
    return grouped


def inbox_condition(user):
    parts = []
    for levels, states in _states_by_levels(user.role).items():
        if levels == {AwardLevel.UNIT} and council_unit_id(user) is None:
            continue  # a division's staff propose to their department's council and head, they do not act for them
        condition: ColumnElement[bool] = Dossier.state.in_(states)
        if levels != ALL_LEVELS:
            condition = condition & Dossier.award_id.in_(select(Award.id).where(Award.level.in_(levels)))
        parts.append(condition)
    return or_(*parts) & work_scope(user) if parts else false()


def chosen_state(user, args) -> str:
    """The stage filter of the query args: a state this user's inbox holds, or "" for all of them."""
    chosen = args.get("state", "")
    return chosen if chosen in State._value2member_map_ and State(chosen) in inbox_states(user.role) else ""


# Most urgent first: the earliest due date (none: last), then the longest waiting. Written as NULLS LAST
# (PostgreSQL's default for ASC) so that the index ix_dossier_inbox_order serves it as it stands.
INBOX_ORDER = (Dossier.stage_due_on.asc().nulls_last(), Dossier.state_changed_at, Dossier.id)
_ROW_OPTIONS = (joinedload(Dossier.unit), joinedload(Dossier.award), joinedload(Dossier.campaign))


def _inbox_ids(user, chosen: str = ""):
    """The ids of the inbox's dossiers in its order: a page of them is read from the order's index."""
    query = select(Dossier.id).where(inbox_condition(user)).order_by(*INBOX_ORDER)
    return query.where(Dossier.state == State(chosen)) if chosen else query


def inbox_query(user, chosen: str = ""):
    """The inbox's rows, most urgent first: the export reads this (the page: its ids first, then its rows)."""
    query = select(Dossier).where(inbox_condition(user)).options(*_ROW_OPTIONS).order_by(*INBOX_ORDER)
    return query.where(Dossier.state == State(chosen)) if chosen else query


def state_counts(user, states: list[State]) -> dict[State, int]:
    """Dossiers waiting in each of the inbox's stages, each counted up to the cap (one statement): a tab
    says "1000+" rather than counting a whole province's dossiers on every request."""
    cap = pagination.count_cap()
    condition = inbox_condition(user)
    parts = [select(literal(state.value).label("state"),
                    select(func.count()).select_from(
                        select(Dossier.id).where(condition, Dossier.state == state).limit(cap + 1).subquery()
                    ).scalar_subquery().label("n"))
             for state in states]
    if not parts:
        return {}
    rows = db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).all()
    return {State(value): count for value, count in rows if count}


def _stage_tabs(user, states: list[State]) -> dict:
    """The full page's stage tabs (an htmx swap of the rows does not redraw them): each with its capped
    count, "All" with their sum ("1000+" once a stage passed the cap, or the sum did)."""
    cap = pagination.count_cap()
    counts = state_counts(user, states)
    labels = {state: pagination.count_label(count, cap) for state, count in counts.items()}
    total = sum(min(count, cap) for count in counts.values())
    over = total > cap or any(count > cap for count in counts.values())
    return {"count_labels": labels, "all_label": f"{min(total, cap)}+" if over else str(total)}


class DueCell(NamedTuple):
    """A row's working days left as the inbox shows them."""

    text: str
    badge: str = ""  # the Bootstrap colour of its badge; "" for plain text


def due_cells(dossiers, calendar: WorkingCalendar, today) -> dict[int, DueCell | None]:
    """dossier id → its working days left (None: the stage has no deadline), a badge when 2 or fewer are left
    or the deadline has passed. "n overdue" is translated once per page and filled in per row (issue 14)."""
    overdue = _("%(n)s overdue")  # without values gettext gives the pattern itself
    cells: dict[int, DueCell | None] = {}
    for d in dossiers:
        left = engine.working_days_left(d, calendar, today)
        if left is None:
            cells[d.id] = None
        elif left < 0:
            cells[d.id] = DueCell(overdue % {"n": -left}, "danger")
        else:
            cells[d.id] = DueCell(str(left), "warning" if left <= 2 else "")
    return cells


@bp.route("/inbox")
@login_required
@reads_only
def inbox():
    states = inbox_states(current_user.role)
    chosen = chosen_state(current_user, request.args)
    page = pagination.CappedPagination(
        ids=_inbox_ids(current_user, chosen),
        rows=select(Dossier).options(*_ROW_OPTIONS).order_by(*INBOX_ORDER), id_column=Dossier.id,
        session=db.session(), page=page_number(request.args), per_page=current_app.config["PAGE_SIZE"])
    due = due_cells(page.items, WorkingCalendar.load(), local_today())
    # The appraiser sees the engine's verdict on the rows shown, read for the whole page at once (issue 8).
    eligibility = eligibility_lines(page.items) if reviews_eligibility(current_user) else {}
    return render_region_or_page("inbox-results", "workflow/_inbox_results.html", "workflow/inbox.html",
                                 lambda: _stage_tabs(current_user, states),
                                 page=page, states=states, chosen=chosen, due=due,
                                 bulk=bulk_actions(current_user.role), eligibility=eligibility)


def _selected_dossiers(ids: list[int]) -> list[Dossier]:
    if not ids:
        return []
    query = select(Dossier).where(Dossier.id.in_(ids), dossier_scope(current_user)).order_by(Dossier.id)
    return list(db.session.scalars(query.options(joinedload(Dossier.unit), joinedload(Dossier.award))))


@bp.route("/inbox/bulk", methods=["POST"])
@login_required
def bulk():
    """Two steps: the selection is shown with a per-dossier pre-check; on confirm each is applied on its own."""
    action = request.form.get("action", "")
    transition = next((t for t in bulk_actions(current_user.role) if t.name == action), None)
    if transition is None:
        abort(403)
    ids = id_list(request.form.getlist("ids"))[:500]
    dossiers = _selected_dossiers(ids)
    if not dossiers:
        return render_template("workflow/bulk.html", transition=transition, rows=[], stage="empty"), 422
    if request.form.get("confirm") != "1":
        rows = [(d, _precheck(d, action)) for d in dossiers]
        return render_template("workflow/bulk.html", transition=transition, rows=rows, stage="preview")
    results: list[tuple[Dossier | None, str | None]] = []
    calendar = WorkingCalendar.load()
    versions = _versions_seen(request.form)
    for dossier_id in [d.id for d in dossiers]:
        dossier = db.get_or_404(Dossier, dossier_id)
        try:
            engine.apply(current_user, dossier, action, comment=request.form.get("comment", ""),
                         expected_version=versions.get(dossier_id), calendar=calendar)
        except engine.WorkflowError as error:
            db.session.rollback()
            results.append((db.session.get(Dossier, dossier_id), error.message))
        else:
            db.session.commit()
            results.append((dossier, None))
    return render_template("workflow/bulk.html", transition=transition, rows=results, stage="done")


def _versions_seen(form) -> dict[int, int]:
    """The version of each dossier as the preview showed it ("version-<id>"), for the concurrency check.

    A key that names no dossier is ignored; a version that is not a whole number is refused (400): going
    on without it would apply the action to a dossier whatever happened to it since the preview."""
    versions: dict[int, int] = {}
    for key, value in form.items(multi=True):
        if not key.startswith("version-"):
            continue
        try:
            dossier_id = to_id(key.removeprefix("version-"))
        except ValueError:
            continue
        try:
            versions[dossier_id] = whole_number(value)
        except ValueError:
            abort(400)
    return versions


def _precheck(dossier: Dossier, action: str) -> str | None:
    """The reason the action would be refused, without changing anything."""
    available = {a.name: a for a in engine.available_actions(current_user, dossier)}
    if action not in available:
        return _("Not possible in its current state or for your unit.")
    return available[action].blocked_reason


@bp.route("/inbox/submission-list.xlsx")
@login_required
def submission_list():
    """The list that goes with the unit's submission letter (Tờ trình): the dossiers just approved."""
    from io import BytesIO

    from flask import send_file
    from openpyxl.styles import Alignment, Font

    from app.spreadsheets import SheetWriter

    ids = id_list(request.args.get("ids", "").split(","))[:500]
    dossiers = _selected_dossiers(ids)
    if not dossiers:
        abort(404)
    writer = SheetWriter("Danh sach")  # names and positions are typed by units: text, never formulas
    sheet = writer.sheet
    writer.append([_("LIST OF NOMINATIONS ATTACHED TO THE SUBMISSION LETTER")])
    sheet["A1"].font = Font(bold=True, size=13)
    writer.append([dossiers[0].unit.name])
    writer.append([])
    header = [_("No."), _("Nominee"), _("Kind"), _("Position / address"), _("Award"), _("Campaign")]
    writer.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for number, d in enumerate(dossiers, start=1):
        writer.append([number, d.nominee_name, str(d.nominee_kind.label), d.nominee_position, d.award.name,
                       d.campaign.name])
    for column, width in zip("ABCDEF", (6, 32, 12, 36, 40, 20)):
        sheet.column_dimensions[column].width = width
    return send_file(BytesIO(writer.to_bytes()), as_attachment=True, download_name="danh-sach-de-nghi.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/inbox/export.xlsx")
@login_required
def export_xlsx():
    """The inbox (its chosen stage, every page) as XLSX, with the working days left as on the page."""
    chosen = chosen_state(current_user, request.args)
    query = inbox_query(current_user, chosen)
    count = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    back_to = url_for("workflow.inbox", state=chosen or None)
    if list_exports.too_many(count):
        return list_exports.refuse(back_to)
    calendar, today = WorkingCalendar.load(), local_today()

    def rows():
        for number, d in enumerate(db.session.scalars(query), start=1):
            yield [number, d.nominee_name, d.award.name, campaign_label(d.campaign), d.unit.name, str(d.state.label),
                   d.stage_due_on, engine.working_days_left(d, calendar, today)]

    headers = [_("No."), _("Nominee"), _("Award"), _("Campaign"), _("Nominating unit"), _("State"),
               _("Due on"), _("Working days left")]
    content = list_exports.build(_("WORK WAITING FOR YOU"), "Viec can xu ly", headers,
                                 (6, 30, 34, 24, 30, 18, 12, 12), rows())
    return list_exports.send(content, "viec-can-xu-ly")
