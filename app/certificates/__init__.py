"""What the office prints from a decision besides the decision: the certificates on pre-printed forms (one PDF
for the whole decision, made by a background job) and the bonus payment list for the finance office.

The layouts of the forms are data an administrator edits (app/admin/views_certificates.py); the
documents are drawn by app/documents/certificate.py and app/documents/payment_list.py.
"""
from flask import Blueprint

bp = Blueprint("certificates", __name__, url_prefix="/decisions")

from app.certificates import jobs, views  # noqa: E402,F401  (the job handler and the routes register here)
