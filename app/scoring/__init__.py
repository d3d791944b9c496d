"""Cluster scoring: criteria tables, self-scores, the lead's review, ranking, minutes and proposals."""
