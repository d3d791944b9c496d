"""Cluster scoring: criteria tables, self-scores, the lead's review, ranking, minutes and proposals."""
from flask import Flask


def register(app: Flask) -> None:
    """Hook the ranking into the workflow's cluster stage (endorse is refused outside the proposals)."""
    from app.scoring.operations import endorse_guard
    from app.workflow.transitions import ENDORSE_GUARDS

    if endorse_guard not in ENDORSE_GUARDS:
        ENDORSE_GUARDS.append(endorse_guard)
