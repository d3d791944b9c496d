"""Results of a round: the scoreboard (with bars), its XLSX, the meeting minutes (DOCX, PDF), a unit's profile."""
from decimal import Decimal
from io import BytesIO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from app import access
from app.downloads import send_document
from app.models import ScoringStatus
from app.scoring import bp, proposals, spreadsheet
from app.scoring import operations as ops
from app.scoring.views import XLSX, round_or_404


def _results_or_404(scoring_id: int):
    scoring = round_or_404(scoring_id)
    if not access.can_see_results(current_user, scoring):
        abort(404)
    return scoring, ops.compute_ranking(scoring), proposals.unit_names(scoring)


@bp.route("/<id:scoring_id>/scoreboard")
@login_required
def scoreboard(scoring_id: int):
    scoring, result, names = _results_or_404(scoring_id)
    everyone = result.ranked + result.excluded
    top = max((r.total for r in everyone), default=Decimal(0))
    slots = ops.proposal_slots(scoring, result) if scoring.status is ScoringStatus.LOCKED else {}
    return render_template("scoring/scoreboard.html", scoring=scoring, result=result, names=names,
                           scale=top if top > 0 else Decimal(1), slots=slots)


@bp.route("/<id:scoring_id>/scoreboard.xlsx")
@login_required
def scoreboard_xlsx(scoring_id: int):
    scoring, result, names = _results_or_404(scoring_id)
    return send_file(BytesIO(spreadsheet.export_scoreboard(scoring, result, names)), mimetype=XLSX,
                     as_attachment=True, download_name=f"bang-diem-{scoring.year}.xlsx")


@bp.route("/<id:scoring_id>/minutes.docx")
@login_required
def minutes(scoring_id: int):
    """The minutes as DOCX, or as PDF with ?format=pdf (same permission: whoever sees the results)."""
    from app.scoring.meeting import minutes_refusal
    from app.scoring.minutes import render_minutes

    scoring, result, names = _results_or_404(scoring_id)
    if scoring.status is not ScoringStatus.LOCKED:
        abort(404)
    refusal = minutes_refusal(scoring)
    if refusal:
        flash(refusal, "danger")
        target = "scoring.meeting" if access.can_record_meeting(current_user, scoring) else "scoring.round_page"
        return redirect(url_for(target, scoring_id=scoring.id), code=303)
    return send_document(render_minutes(scoring, result, names), f"bien-ban-hop-cum-{scoring.year}")


@bp.route("/<id:scoring_id>/units/<id:unit_id>")
@login_required
def unit_profile(scoring_id: int, unit_id: int):
    """A unit's score by group against the cluster average."""
    scoring, result, names = _results_or_404(scoring_id)
    everyone = result.ranked + result.excluded
    mine = next((r for r in everyone if r.unit_id == unit_id), None)
    if mine is None:
        abort(404)
    count = len(everyone) or 1
    averages = [sum((r.group_totals[i] for r in everyone), Decimal(0)) / count for i in range(len(scoring.groups))]
    maxima = [sum((it.max_score for it in scoring.items if it.group_id == g.id), Decimal(0)) for g in scoring.groups]
    rows = [(g.name, mine.group_totals[i], averages[i], maxima[i] or Decimal(1)) for i, g in enumerate(scoring.groups)]
    return render_template("scoring/unit.html", scoring=scoring, unit_name=names[unit_id], mine=mine, rows=rows)
