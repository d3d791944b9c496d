"""Slowing down password guessing at one username, from any number of addresses.

After ``LOGIN_LOCK_AFTER_FAILURES`` failures in a row a username refuses every attempt, the right password
included, for ``LOGIN_LOCK_MINUTES``; each further failure doubles the wait, up to
``LOGIN_LOCK_MAX_MINUTES``. The wait always ends, so nobody can lock a colleague out for good; a success
starts the count afresh, and failures ``LOGIN_FAILURES_FORGOTTEN_HOURS`` old are forgotten.

The counts live in the database (``LoginThrottle``), so every app server sees them. These operations
flush and never commit: the login view commits, failures included.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models.users import LoginThrottle


@dataclass(frozen=True)
class Policy:
    lock_after: int
    first_wait: timedelta
    longest_wait: timedelta
    forget_after: timedelta

    @classmethod
    def from_config(cls, config: Any) -> "Policy":
        return cls(
            lock_after=config["LOGIN_LOCK_AFTER_FAILURES"],
            first_wait=timedelta(minutes=config["LOGIN_LOCK_MINUTES"]),
            longest_wait=timedelta(minutes=config["LOGIN_LOCK_MAX_MINUTES"]),
            forget_after=timedelta(hours=config["LOGIN_FAILURES_FORGOTTEN_HOURS"]),
        )

    def wait_after(self, failures: int) -> timedelta | None:
        """How long the username refuses attempts after ``failures`` failures in a row (None: not at all)."""
        if failures < self.lock_after:
            return None
        doublings = min(failures - self.lock_after, 30)  # 2**30 minutes is past any ceiling already
        return min(self.first_wait * 2 ** doublings, self.longest_wait)


def remaining_wait(username: str, now: datetime) -> timedelta | None:
    """How long ``username`` still refuses attempts, or None when it accepts them."""
    row = db.session.get(LoginThrottle, username)
    if row is None or row.locked_until is None or row.locked_until <= now:
        return None
    return row.locked_until - now


def record_failure(username: str, now: datetime, policy: Policy) -> LoginThrottle:
    """Count one more failure for ``username`` (known or not) and lock it when the count calls for it."""
    _prune(now, policy)
    # Insert-if-missing, then read the row locked: two servers counting a failure at once both count.
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    db.session.execute(
        insert(LoginThrottle).values(username=username, failures=0, last_failure_at=now).on_conflict_do_nothing()
    )
    row = db.session.get(LoginThrottle, username, with_for_update=True, populate_existing=True)
    assert row is not None  # inserted just above
    if now - row.last_failure_at > policy.forget_after:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    wait = policy.wait_after(row.failures)
    row.locked_until = now + wait if wait else None
    db.session.flush()
    return row


def forget_failures(username: str) -> None:
    """A successful login: the count starts afresh."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.username == username))


def _prune(now: datetime, policy: Policy) -> None:
    # Guessed usernames that never existed would otherwise stay for ever; the per-address rate limit
    # bounds how fast they arrive, and this keeps the table to about a day of them.
    db.session.execute(delete(LoginThrottle).where(
        LoginThrottle.last_failure_at < now - policy.forget_after,
        or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
    ))
