"""Benchmark of several roles per user and delegation (issue 10): the dossier list and the inbox, without and
with role assignments and 2,000 active delegations, side by side in one run.

Run:

    .venv/bin/python bench/bench_delegations.py [--dossiers 5000 --delegations 2000 --requests 30]
    createdb -h 127.0.0.1 -U postgres khenthuong_bench
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/khenthuong_bench \\
        .venv/bin/python bench/bench_delegations.py

Two sites are seeded alike (bench/seed.py's organisation and dossiers, plus the same extra people: unit heads
and their deputies): "without" has no role assignment and no delegation; "with" gives every user three role
assignments (one in force, one over, one to come) and has ``--delegations`` delegations in force (heads to
deputies), among them the unit head of Sở KH&CN's to the bench user ``deputy`` (approve and sign, "KT.").
Through the Flask test client it asks for ``/dossiers/`` and ``/inbox`` as the appraiser and the unit head (in
their own role, "home hat"), and as ``deputy`` wearing the delegation hat (on the "without" site the unit head
stands in for them: the same role and unit). Requests alternate between the two sites, so machine load weighs
on both alike. Goals: in the home hat, the same number of SQL statements with as without, and a median within
10 %; the delegation hat costs the one statement that loads it. Always exits 0; prints PASS/FAIL per goal.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import create_engine, event, insert, select, text  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import Delegation, Role, RoleAssignment, Unit, User  # noqa: E402
from app.models.base import local_today, utcnow  # noqa: E402
from bench.run import login, make_app  # noqa: E402
from bench.seed import OFFICER_UNIT_CODE, seed_dossiers, seed_organisation  # noqa: E402

SCENARIOS = [  # (label, user on the "with" site, user on the "without" site, url)
    ("appraiser list", "appraiser", "appraiser", "/dossiers/"),
    ("appraiser inbox", "appraiser", "appraiser", "/inbox"),
    ("unit head list", "unithead", "unithead", "/dossiers/"),
    ("unit head inbox", "unithead", "unithead", "/inbox"),
    ("deputy as KT. head list", "deputy", "unithead", "/dossiers/"),
    ("deputy as KT. head inbox", "deputy", "unithead", "/inbox"),
]
HOME_HAT = {"appraiser list", "appraiser inbox", "unit head list", "unit head inbox"}
HEADS = 100  # extra unit heads, who delegate to the deputies


def seed_people(org: dict, deputies: int) -> None:
    """The same extra people on both sites: heads of every unit and their deputies, and the bench ``deputy``."""
    password = db.session.scalar(select(User.password_hash).where(User.username == "appraiser"))
    units = org["top_units"]
    rows = [{"username": f"head_{n}", "full_name": f"Thủ trưởng {n}", "role": Role.UNIT_HEAD,
             "unit_id": units[n % len(units)], "password_hash": password, "email": "", "active": True,
             "session_version": 1, "created_at": utcnow()} for n in range(HEADS)]
    rows += [{"username": f"deputy_{n}", "full_name": f"Cấp phó {n}", "role": Role.OFFICER,
              "unit_id": units[n % HEADS % len(units)], "password_hash": password, "email": "", "active": True,
              "session_version": 1, "created_at": utcnow()} for n in range(deputies)]
    rows.append({"username": "deputy", "full_name": "Phó Giám đốc", "role": Role.OFFICER,
                 "unit_id": org["units"][OFFICER_UNIT_CODE], "password_hash": password, "email": "", "active": True,
                 "session_version": 1, "created_at": utcnow()})
    db.session.execute(insert(User), rows)
    db.session.commit()


def seed_roles(org: dict, delegations: int) -> None:
    """Three role assignments per user and ``delegations`` delegations in force."""
    today = local_today()
    year_start, year_end = date(today.year, 1, 1), date(today.year, 12, 31)
    users = db.session.execute(select(User.id, User.unit_id)).all()
    units = org["top_units"]
    rows = []
    for n, (user_id, unit_id) in enumerate(users):
        unit = unit_id or units[n % len(units)]
        rows += [
            {"user_id": user_id, "role": Role.CLUSTER_LEAD, "unit_id": unit, "starts_on": year_start,
             "ends_on": year_end, "note": ""},
            {"user_id": user_id, "role": Role.SECRETARY, "unit_id": None, "starts_on": date(today.year - 1, 1, 1),
             "ends_on": date(today.year - 1, 12, 31), "note": ""},
            {"user_id": user_id, "role": Role.OFFICER, "unit_id": units[(n + 1) % len(units)],
             "starts_on": today + timedelta(days=30), "ends_on": None, "note": ""},
        ]
    for row in rows:
        row["created_at"] = utcnow()
    db.session.execute(insert(RoleAssignment), rows)
    ids = dict(db.session.execute(select(User.username, User.id)).all())
    unit_of = dict(db.session.execute(select(User.id, User.unit_id)).all())
    scopes, modes = ["approve", "sign", "all"], ["kt", "q", "tl"]
    rows = [{"delegator_id": ids["unithead"], "delegate_id": ids["deputy"], "unit_id": unit_of[ids["unithead"]],
             "role": Role.UNIT_HEAD, "scope": "all", "mode": "kt", "starts_on": year_start, "ends_on": year_end}]
    for n in range(delegations - 1):
        head = ids[f"head_{n % HEADS}"]
        rows.append({"delegator_id": head, "delegate_id": ids[f"deputy_{n}"], "unit_id": unit_of[head],
                     "role": Role.UNIT_HEAD, "scope": scopes[n % 3], "mode": modes[n % 3],
                     "starts_on": today - timedelta(days=n % 30), "ends_on": today + timedelta(days=1 + n % 300)})
    for row in rows:
        row.update(reason="Nghỉ phép", created_at=utcnow())
    db.session.execute(insert(Delegation.__table__), rows)
    db.session.commit()


def build(label: str, url: str | None, folder: str, dossiers: int, delegations: int, with_roles: bool):
    schema = None
    if url:
        schema = f"bench_hats_{label}"
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; "
                              "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        app = make_app(url, folder, f"{schema},public")
    else:
        app = make_app(f"sqlite:///{folder}/bench-{label}.sqlite", folder)
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        org = seed_organisation()
        seed_dossiers(org, dossiers)
        seed_people(org, delegations)
        if with_roles:
            seed_roles(org, delegations)
        if url:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        engine = db.engine
        made = (db.session.scalar(select(db.func.count(RoleAssignment.id))),
                db.session.scalar(select(db.func.count(Delegation.id))),
                db.session.scalar(select(db.func.count(Unit.id))))
    print(f"[{label}] seeded {dossiers:,} dossiers, {made[0]:,} role assignments, {made[1]:,} delegations in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    counter = {"n": 0}
    event.listen(engine, "before_cursor_execute", lambda *a: counter.__setitem__("n", counter["n"] + 1))
    clients = {name: login(app, name) for name in {s[1] for s in SCENARIOS} | {s[2] for s in SCENARIOS}}
    if with_roles:
        with app.app_context():
            key = db.session.scalar(select(Delegation.id).join(User, User.id == Delegation.delegate_id)
                                    .where(User.username == "deputy"))
        response = clients["deputy"].post("/account/hat", data={"hat": f"d{key}", "next": "/"})
        assert response.status_code == 303
        with clients["deputy"].session_transaction() as session:
            assert session.get("hat") == f"d{key}", "the deputy could not wear the delegation hat"
    return {"app": app, "clients": clients, "counter": counter, "schema": schema}


def measure(sites: dict, requests: int, warmup: int) -> dict:
    results = {}
    for label, with_user, without_user, url in SCENARIOS:
        users = {"without": without_user, "with": with_user}
        samples = {name: [] for name in sites}
        counts = {name: set() for name in sites}
        for name, site in sites.items():
            for _ in range(warmup):
                assert site["clients"][users[name]].get(url).status_code == 200
        for _ in range(requests):
            for name, site in sites.items():
                site["counter"]["n"] = 0
                start = time.perf_counter()
                response = site["clients"][users[name]].get(url)
                samples[name].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (label, name, response.status_code)
                counts[name].add(site["counter"]["n"])
        results[label] = {name: (statistics.median(samples[name]), sorted(counts[name])) for name in sites}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=5000)
    parser.add_argument("--delegations", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL")
    database = "PostgreSQL" if url else "SQLite"
    with tempfile.TemporaryDirectory(prefix="khenthuong-bench-hats-") as folder:
        sites = {"without": build("without", url, folder, args.dossiers, args.delegations, False),
                 "with": build("with", url, folder, args.dossiers, args.delegations, True)}
        results = measure(sites, args.requests, args.warmup)
        for site in sites.values():
            with site["app"].app_context():
                db.session.remove()
                db.engine.dispose()
        if url:
            with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
                for site in sites.values():
                    conn.execute(text(f"DROP SCHEMA IF EXISTS {site['schema']} CASCADE"))
    print(f"\n{database}: {args.dossiers:,} dossiers; \"with\": 3 role assignments per user and "
          f"{args.delegations:,} delegations in force; median of {args.requests} requests after {args.warmup} "
          f"warm-up\n")
    print("| scenario | request | statements without | statements with | p50 ms without | p50 ms with | change |")
    print("|---|---|---:|---:|---:|---:|---:|")
    verdicts = []
    for label, _with_user, _without_user, url_path in SCENARIOS:
        (t0, c0), (t1, c1) = results[label]["without"], results[label]["with"]
        change = (t1 - t0) / t0 * 100
        print(f"| {label} | `{url_path}` | {'/'.join(map(str, c0))} | {'/'.join(map(str, c1))} | {t0:.1f} | {t1:.1f} "
              f"| {change:+.1f} % |")
        if label in HOME_HAT:
            verdicts.append((f"{label}: same statement count ({c0} → {c1}) and within 10 % ({change:+.1f} %)",
                             c0 == c1 and change <= 10.0))
        else:
            extra = [b - a for a, b in zip(c0, c1, strict=False)]
            verdicts.append((f"{label}: one statement more, the hat's ({c0} → {c1}), within 10 % ({change:+.1f} %)",
                             len(c0) == len(c1) == 1 and extra == [1] and change <= 10.0))
    print()
    for text_, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'} [{database}] {text_}")
    try:
        load = os.getloadavg()
        print(f"load average after: {load[0]:.1f} (1 min), {load[1]:.1f} (5 min); {os.cpu_count()} CPUs")
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
