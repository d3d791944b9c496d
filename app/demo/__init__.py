"""Demo data for the merged Gia Lai province; ``flask demo load`` calls ``load()``.

Idempotent: every row is matched by its natural key (unit code, username, award and attachment
type code, cluster and campaign name; a dossier by unit, campaign, award and nominee) and only
missing rows are added, so rows an administrator has since edited are left as they are.
Everything is committed once, at the end; on any error nothing is saved.
"""
from app.demo import catalogue, org
from app.demo.dossiers import load_dossiers
from app.demo.org import DEMO_PASSWORD  # noqa: F401  (re-exported for tests and docs)
from app.demo.tally import Tally
from app.extensions import db


def load() -> str:
    """Add whatever demo rows are missing and return a one-line summary."""
    tally = Tally()
    try:
        units = org.load_units(tally)
        org.load_clusters(tally, units)
        users = org.load_users(tally, units)
        types = catalogue.load_attachment_types(tally)
        awards = catalogue.load_awards(tally, types)
        campaigns = catalogue.load_campaigns(tally)
        load_dossiers(tally, units, users, awards, campaigns)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return tally.summary()
