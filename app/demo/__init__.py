"""Demo data for the merged Gia Lai province; ``flask demo load`` calls ``load()``.

Idempotent: every row is matched by its natural key (unit code, username, award and attachment
type code, cluster and campaign name; a dossier by unit, campaign, award and nominee; an attachment
by dossier and type; a scoring round by cluster and year) and only missing rows are added, so rows
an administrator has since edited are left as they are. Everything is committed once, at the end;
on any error nothing is saved. The attachment files are written after the commit.
"""
from app.demo import attachments, catalogue, org, settings
from app.demo.decisions import issue_decisions
from app.demo.dossiers import load_dossiers
from app.demo.org import DEMO_PASSWORD  # noqa: F401  (re-exported for tests and docs)
from app.demo.scoring import load_scoring
from app.demo.tally import Tally
from app.extensions import db


def load() -> str:
    """Add whatever demo rows are missing and return a one-line summary."""
    tally = Tally()
    pending: attachments.PendingFiles = []
    try:
        units = org.load_units(tally)
        org.load_clusters(tally, units)
        users = org.load_users(tally, units)
        # Before the dossiers: their stage deadlines are computed from these settings.
        signers = settings.load_settings(tally)
        types = catalogue.load_attachment_types(tally)
        awards = catalogue.load_awards(tally, types)
        campaigns = catalogue.load_campaigns(tally)
        load_scoring(tally, units, users)
        pairs = load_dossiers(tally, units, users, awards, campaigns, pending)
        issue_decisions(tally, pairs, users, signers, awards)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    attachments.write_files(pending)
    return tally.summary()
