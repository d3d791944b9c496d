"""The process documents of a campaign (DOMAIN.md §10c) that are not the decision: the public notice and its
comments report, the Sở Nội vụ's letters to units, the unit's Tờ trình and báo cáo thành tích forms. The
council's minutes live with the council (app/council/minutes.py); this package prepares the others'
values from the database and serves them (DOCX, or PDF with ?format=pdf) to whoever ``app.access`` allows.
"""
from flask import Blueprint

bp = Blueprint("paperwork", __name__, url_prefix="/paperwork")

from app.paperwork import views  # noqa: E402,F401
