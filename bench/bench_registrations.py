"""Benchmark of a movement's registration list (issue 11, "Speed"): 2,000 registrants, list p95 ≤ 150 ms, the
statements per page the same at 200 registrants as at 2,000.

Seeds, per size, a published movement launch, that many registered units (departments and enterprises in 20
clusters, each registration with two targets and two titles aimed for) and a tenth more units that have not
registered, then times through the Flask test client, signed in as Sở Nội vụ's appraiser: the list's first
page, a cluster filter, a name search (as the htmx region), page 4, the "not registered yet" tab, and the
XLSX export of everything (timed, no goal; it reads targets and titles 1,000 registrations per statement).
Sizes are measured in alternation. Prints a Markdown table and PASS/FAIL; always exits 0.

    .venv/bin/python bench/bench_registrations.py [--requests 100] [--sizes 200,2000]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_registrations.py
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import create_engine, event, insert, text  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import Award, AwardLevel, Cluster, ClusterKind, ClusterMembership, Movement, Role, Unit, UnitKind, User  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.models.movement_plans import (  # noqa: E402
    ContentGroup,
    LaunchStatus,
    MovementLaunch,
    Registration,
    RegistrationTarget,
    RegistrationYear,
    TargetKind,
    registration_award,
)
from app.models.target_groups import TargetGroup, target_group_of  # noqa: E402
from app.text import fold  # noqa: E402
from bench.run import make_app  # noqa: E402

YEAR = 2026
P95_LIMIT_MS = 150.0
CLUSTERS = 20


def seed(size: int) -> dict:
    """The launch, ``size`` registered units and ``size // 10`` that have not registered."""
    movement = Movement(name="Thi đua đổi mới sáng tạo và chuyển đổi số", start_year=2025, end_year=2030)
    launch = MovementLaunch(movement=movement, status=LaunchStatus.PUBLISHED, plan_deadline=date(2025, 6, 30),
                            published_at=utcnow(), plan_reference="Kế hoạch số 125/KH-UBND")
    groups = {
        UnitKind.DEPARTMENT: [ContentGroup(target_group=TargetGroup.AGENCIES_AND_LOCALITIES, code=f"CQ{n}",
                                           title=f"Nội dung {n}", target_kind=TargetKind.NUMBER, sort_order=n)
                              for n in (1, 2)],
        UnitKind.ENTERPRISE: [ContentGroup(target_group=TargetGroup.ENTERPRISES, code=f"DN{n}",
                                           title=f"Nội dung doanh nghiệp {n}", target_kind=TargetKind.TEXT,
                                           sort_order=10 + n) for n in (1, 2)],
    }
    launch.content_groups = [g for gs in groups.values() for g in gs]
    launch.registration_years = [RegistrationYear(year=YEAR, deadline=date(YEAR, 1, 31))]
    awards = [Award(code=code, name=name, level=AwardLevel.PROVINCIAL, for_collective=True, sort_order=n)
              for n, (code, name) in enumerate((("co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh"),
                                                ("tt_ldxs", "Tập thể lao động xuất sắc")))]
    clusters = [Cluster(name=f"Cụm thi đua số {n + 1}", kind=ClusterKind.CLUSTER) for n in range(CLUSTERS)]
    db.session.add_all([launch, *awards, *clusters])
    appraiser = User(username="appraiser", full_name="Chuyên viên Sở Nội vụ", role=Role.APPRAISER,
                     password_hash=generate_password_hash("x", method="pbkdf2:sha256:1000"))
    db.session.add(appraiser)
    db.session.flush()
    total = size + size // 10
    kinds = [UnitKind.ENTERPRISE if n % 3 == 0 else UnitKind.DEPARTMENT for n in range(total)]
    names = [("Công ty cổ phần" if k is UnitKind.ENTERPRISE else "Sở") + f" Nguyễn Trãi {n}"
             for n, k in enumerate(kinds)]
    db.session.execute(insert(Unit), [
        {"code": f"B{n}", "name": names[n], "kind": kinds[n], "valid_from": date(2025, 7, 1),
         "search_key": fold(names[n])} for n in range(total)])
    unit_ids = [uid for (uid,) in db.session.execute(text("SELECT id FROM unit ORDER BY id"))]
    db.session.execute(insert(ClusterMembership), [
        {"cluster_id": clusters[n % CLUSTERS].id, "unit_id": uid, "year": YEAR} for n, uid in enumerate(unit_ids)])
    now = utcnow()
    db.session.execute(insert(Registration), [
        {"movement_id": movement.id, "unit_id": uid, "year": YEAR, "target_group": target_group_of(kinds[n]),
         "commitment": "", "registered_at": now, "registered_on": date(YEAR, 1, 10 + n % 40 // 2),
         "registered_by_id": appraiser.id} for n, uid in enumerate(unit_ids[:size])])
    registrations = list(db.session.execute(text(
        "SELECT r.id, u.kind FROM movement_registration r JOIN unit u ON u.id = r.unit_id ORDER BY r.id")))
    db.session.execute(insert(registration_award), [
        {"registration_id": rid, "award_id": award.id} for rid, _kind in registrations for award in awards])
    db.session.execute(insert(RegistrationTarget), [
        {"registration_id": rid, "content_group_id": group.id,
         "value": Decimal("85.5") if group.target_kind is TargetKind.NUMBER else None,
         "text": "" if group.target_kind is TargetKind.NUMBER else "Triển khai hóa đơn điện tử"}
        for rid, kind in registrations for group in groups[UnitKind(kind) if isinstance(kind, str) else kind]])
    db.session.commit()
    return {"launch": launch.id, "cluster": clusters[3].id, "appraiser": appraiser}


def scenarios(ids: dict) -> dict[str, tuple[str, dict]]:
    base = f"/movements/launch/{ids['launch']}/registrations"
    htmx = {"HX-Request": "true", "HX-Target": "registrations-region"}
    return {
        "list": (f"{base}?year={YEAR}", {}),
        "list-cluster": (f"{base}?year={YEAR}&cluster={ids['cluster']}", {}),
        "list-search-htmx": (f"{base}?year={YEAR}&q=trai 1", htmx),
        "list-page-4": (f"{base}?year={YEAR}&page=4", {}),
        "not-registered": (f"{base}?year={YEAR}&show=missing", {}),
        "export-xlsx": (f"{base}.xlsx?year={YEAR}", {}),
    }


def build(size: int, url: str | None, tmp: str):
    schema = None
    if url:
        schema = f"bench_registrations_{size}"
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    # The size's schema, then public, where pg_trgm's operator classes live.
    app = make_app(url or f"sqlite:///{tmp}/bench-{size}.sqlite", tmp, f"{schema},public" if schema else None)
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        ids = seed(size)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        session_id = ids["appraiser"].get_id()
        engine = db.engine
    print(f"[{size}] seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    return {"app": app, "client": client, "engine": engine, "scenarios": scenarios(ids), "schema": schema}


def timed(site: dict, name: str) -> tuple[float, int]:
    url, headers = site["scenarios"][name]
    count = {"n": 0}

    def before(*_args):
        count["n"] += 1

    event.listen(site["engine"], "before_cursor_execute", before)
    try:
        with site["app"].app_context():
            start = time.perf_counter()
            response = site["client"].get(url, headers=headers)
            elapsed = (time.perf_counter() - start) * 1000
    finally:
        event.remove(site["engine"], "before_cursor_execute", before)
    if response.status_code != 200:
        raise SystemExit(f"{name}: {response.status_code} {response.get_data(as_text=True)[:300]}")
    return elapsed, count["n"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--sizes", default="200,2000")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = tempfile.mkdtemp(prefix="bench-registrations-")
    sizes = [int(s) for s in args.sizes.split(",")]
    sites = {size: build(size, url, tmp) for size in sizes}
    names = list(next(iter(sites.values()))["scenarios"])
    results: dict[tuple[int, str], list[float]] = {}
    statements: dict[tuple[int, str], int] = {}
    try:
        for name in names:
            for size in sizes:
                timed(sites[size], name)  # warm up
            runs = args.requests if name != "export-xlsx" else max(5, args.requests // 10)
            for _ in range(runs):
                for size in sizes:  # alternate, so that other work on the machine weighs on both alike
                    elapsed, count = timed(sites[size], name)
                    results.setdefault((size, name), []).append(elapsed)
                    statements[(size, name)] = count
        label = "PostgreSQL" if url else "SQLite"
        print(f"| scenario ({label}) | registrants | median ms | p95 ms | statements |")
        print("|---|---:|---:|---:|---:|")
        failures = []
        for name in names:
            for size in sizes:
                times = sorted(results[(size, name)])
                p95 = times[max(0, int(len(times) * 0.95) - 1)]
                median = statistics.median(times)
                print(f"| {name} | {size:,} | {median:.1f} | {p95:.1f} | {statements[(size, name)]} |")
                if name != "export-xlsx" and size == max(sizes) and p95 > P95_LIMIT_MS:
                    failures.append(f"{name} p95 {p95:.1f} ms > {P95_LIMIT_MS:.0f} ms")
            counts = {statements[(size, name)] for size in sizes}
            if name != "export-xlsx" and len(counts) != 1:
                failures.append(f"{name}: statements differ between sizes {sorted(counts)}")
        print("PASS: every list p95 ≤ 150 ms at the largest size, statements the same at every size"
              if not failures else "FAIL: " + "; ".join(failures))
    finally:
        if url:
            with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
                for site in sites.values():
                    conn.execute(text(f"DROP SCHEMA IF EXISTS {site['schema']} CASCADE"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
