"""The public notice (thông báo công khai), without login: the nominees under notice and a comment form each.

Citizens read who is proposed for which award while the notice runs and may send a comment; the
appraisers read the comments on the dossier page (``access.can_read_public_comments``).
"""
from flask import Blueprint

bp = Blueprint("public", __name__)

from app.public import views  # noqa: E402,F401
