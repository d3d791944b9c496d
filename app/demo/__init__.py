"""Demo data for the merged Gia Lai province; ``flask demo load`` calls ``load()``.

Idempotent: every row is matched by its natural key (unit code, username, award and attachment
type code, cluster and campaign name; a dossier by unit, campaign, award and nominee; an attachment
by dossier and type; a scoring round by cluster and year) and only missing rows are added, so rows
an administrator has since edited are left as they are. Dossiers, their files and histories, the
decisions and the scoring are written through the app's own operations and workflow engine (see each
module). Everything is committed once, at the end; on any error nothing is saved and the files this
run stored are deleted again.

What users did with the demo since the last load never stops it (``make run`` loads it at every
start): a demo dossier that can no longer be built on their changes is left out (``DemoConflict``),
and the load starts again without it.
"""
import logging

from app.demo import catalogue, org, settings
from app.demo.decisions import issue_decisions
from app.demo.dossiers import DemoConflict, load_dossiers
from app.demo.movements import load_movement_launch
from app.demo.org import DEMO_PASSWORD  # noqa: F401  (re-exported for tests and docs)
from app.demo.reports import load_reports
from app.demo.roles import load_roles
from app.demo.scoring import load_scoring
from app.demo.tally import Tally
from app.extensions import db
from app.nominations import storage

log = logging.getLogger(__name__)
MAX_CONFLICTS = 20


def load() -> str:
    """Add whatever demo rows are missing and return a one-line summary."""
    skip: set[int] = set()
    while True:
        try:
            return _load_once(frozenset(skip))
        except DemoConflict as conflict:
            if len(skip) >= MAX_CONFLICTS:
                raise
            log.warning("demo data: %s; loading again without it", conflict)
            skip.add(conflict.index)


def _load_once(skip: frozenset[int]) -> str:
    tally = Tally()
    written: list[str] = []  # stored names of the files this run wrote
    try:
        units = org.load_units(tally)
        org.load_clusters(tally, units)
        users = org.load_users(tally, units)
        load_roles(tally, units, users)  # further roles and a delegation (issue 10)
        # Before the dossiers: their stage deadlines are computed from these settings.
        signers = settings.load_settings(tally)
        types = catalogue.load_attachment_types(tally)
        awards = catalogue.load_awards(tally, types)
        catalogue.load_eligibility_rules(tally, awards)
        campaigns = catalogue.load_campaigns(tally)
        # Before the dossiers too: the workflow endorses a flag proposal only on a locked ranking.
        load_scoring(tally, units, users)
        pairs = load_dossiers(tally, units, users, awards, campaigns, signers, written, skip)
        issue_decisions(tally, pairs, users, signers, awards)
        load_movement_launch(tally, written)  # the movement's launch, plans, registrations (issue 11)
        load_reports(tally)  # the movement's periodic reports (issue 11)
        db.session.commit()
    except Exception:
        db.session.rollback()
        for name in written:
            storage.delete_file(name)
        raise
    return tally.summary()
