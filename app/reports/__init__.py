"""Periodic reports on a movement (issue 11): the figures and schedule Sở Nội vụ defines, report rounds
with a request to every unit in scope, the unit's form (draft, submit), Sở Nội vụ's desk (lateness in
working days, reminders, return for correction, acceptance, reopening) and the aggregated report to the
Chairman (page, DOCX/PDF through the "report-aggregate" template, XLSX).
"""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from app.notifications.operations import register_due_reminders  # noqa: E402
from app.reports import views  # noqa: E402,F401
from app.reports.notify import create_report_reminders  # noqa: E402

register_due_reminders("report reminders", create_report_reminders)  # the daily run (flask notifications send-due)
