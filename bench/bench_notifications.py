"""Benchmark of the daily notification run (issue 12): ``flask notifications send-due`` at 20,000 dossiers.

Run (PostgreSQL, a scratch database; the script makes and drops the schema ``bench_notifications``)::

    createdb -h 127.0.0.1 -U postgres khenthuong_bench
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/khenthuong_bench \
        .venv/bin/python bench/bench_notifications.py [--dossiers 20000]

Without BENCH_DATABASE_URL it runs on a scratch SQLite file. It seeds the organisation and dossiers of
bench/seed.py, gives every active dossier a stage deadline spread from 15 working days ago to 10 ahead
and every user an e-mail address, then times the daily run — the reminders for whoever's turn it is
(the inbox's rule), then one e-mail per user through a real local SMTP server (aiosmtpd) — and the same
run again (idempotent: it must create and send nothing). Goal: the first run ≤ 10 s.
"""
import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import create_engine, event, func, select, text, update  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import FINAL_STATES, Dossier, Notification, State, User  # noqa: E402
from app.notifications.mail import send_pending  # noqa: E402
from app.notifications.operations import create_due_reminders  # noqa: E402
from app.workflow.calendar import WorkingCalendar  # noqa: E402
from bench.run import make_app  # noqa: E402
from bench.seed import seed_dossiers, seed_organisation  # noqa: E402
from tests.smtp_sink import SmtpSink  # noqa: E402

TODAY = date(2026, 3, 2)
SCHEMA = "bench_notifications"


def give_deadlines(calendar: WorkingCalendar) -> None:
    rng = random.Random(12)
    ids = list(db.session.scalars(select(Dossier.id).where(Dossier.state.not_in(
        list(FINAL_STATES) + [State.DRAFT, State.ON_HOLD]))))
    days = {d: calendar.add_working_days(TODAY, d) for d in range(1, 11)}
    days.update({-d: TODAY - (calendar.add_working_days(TODAY, d) - TODAY) for d in range(1, 16)})
    by_day: dict[date, list[int]] = {}
    for dossier_id in ids:
        by_day.setdefault(days[rng.choice([d for d in days])], []).append(dossier_id)
    for due, chunk in by_day.items():
        db.session.execute(update(Dossier).where(Dossier.id.in_(chunk)).values(stage_due_on=due))
    db.session.execute(update(User).values(email=User.username + "@example.vn"))
    db.session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=20_000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = tempfile.mkdtemp(prefix="bench-notifications-")
    schema = None
    if url:
        schema = SCHEMA
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
    app = make_app(url or f"sqlite:///{tmp}/bench.sqlite", tmp, schema)
    sink = SmtpSink().start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, BASE_URL="https://kt.example.vn")
    try:
        with app.app_context():
            db.drop_all()
            db.create_all()
            started = time.perf_counter()
            seed_dossiers(seed_organisation(), args.dossiers)
            calendar = WorkingCalendar.load()
            give_deadlines(calendar)
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("ANALYZE"))
            print(f"seeded {args.dossiers:,} dossiers in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            statements = {"n": 0}
            event.listen(db.engine, "before_cursor_execute",
                         lambda *a: statements.__setitem__("n", statements["n"] + 1))
            label = "PostgreSQL" if url else "SQLite"
            print(f"| daily run ({label}, {args.dossiers:,} dossiers) | s | reminders | e-mails | statements |")
            print("|---|---:|---:|---:|---:|")
            for run in ("first", "again (same day)"):
                statements["n"] = 0
                before = len(sink.messages)
                start = time.perf_counter()
                created = create_due_reminders(TODAY, WorkingCalendar.load())
                db.session.commit()
                sent, failed = send_pending()
                elapsed = time.perf_counter() - start
                assert failed == 0
                print(f"| {run} | {elapsed:.2f} | {created:,} | {sent:,} ({len(sink.messages) - before} received)"
                      f" | {statements['n']:,} |")
                if run == "first":
                    first = elapsed
            total = db.session.scalar(select(func.count()).select_from(Notification))
            print(f"notifications in the table: {total:,}")
            print(("PASS" if first <= 10 else "FAIL") + f": the daily run took {first:.2f} s (goal ≤ 10 s)")
    finally:
        sink.stop()
        if url:
            with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
