"""The award registry (sổ khen thưởng) and its people and collectives, on screen.

* ``views.py`` — registry search, a person's and a collective's page, recording ratings, titles,
  initiatives and discipline, the sổ khen thưởng export;
* ``importing.py`` / ``import_views.py`` — importing past years from XLSX (preview, match, confirm);
* ``picker.py`` — the nominee picker of the dossier form (active search, possible duplicates);
* ``merge_views.py`` — merging two records of one person and undoing it (operations: ``app/nominees/merging.py``).

The operations below every feature (find or create a nominee, enter an award, merge) are in
``app/nominees``; models are in ``app/models/registry.py``; the eligibility engine reads its facts from these tables
through ``app/eligibility/registry_facts.py``.
"""
from flask import Blueprint

bp = Blueprint("registry", __name__, url_prefix="/registry")

from app.registry import import_views, merge_views, picker, views  # noqa: E402,F401
