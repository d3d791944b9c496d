"""Benchmark of the dossier list and the dossier page at 200 and 20,000 dossiers (issue 2, "Speed").

Seeds a scratch SQLite database per size (and, when ``BENCH_DATABASE_URL`` names a scratch
PostgreSQL database, one schema per size in it), logs in through the real /login form and times
requests through the Flask test client, counting SQL statements per request. The sizes are measured
in alternation (one request at 200, one at 20,000, …) so that other work on the machine weighs on
both alike. Prints a Markdown table and PASS/FAIL per goal; always exits 0.

    make bench                                   # or: .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --requests 100 --sizes 200,20000
    .venv/bin/python bench/run.py --explain      # query plans of the list's statements
    .venv/bin/python bench/run.py --show-queries # the SQL of one request per scenario
    .venv/bin/python bench/run.py --profile list-officer   # cProfile one scenario
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python bench/run.py
"""
import argparse
import cProfile
import gc
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import create_engine, event, text  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from bench.seed import PASSWORD, detail_dossiers, seed_dossiers, seed_organisation  # noqa: E402

P95_LIMIT_MS = 150.0
RATIO_LIMIT = 2.0
HTMX_HEADERS = {"HX-Request": "true", "HX-Target": "dossier-results"}


@dataclass
class Scenario:
    name: str
    user: str
    url: str
    headers: dict = field(default_factory=dict)

    @property
    def is_list(self) -> bool:
        return self.name.startswith("list")


def scenarios(org: dict, dossier_ids: tuple[int, int]) -> list[Scenario]:
    campaign_2025 = org["campaigns"][0]
    typical_id, long_id = dossier_ids
    return [
        Scenario("list-appraiser-default", "appraiser", "/dossiers/"),
        Scenario("list-appraiser", "appraiser", "/dossiers/?q=nguyen&state=appraisal"),
        Scenario("list-appraiser-htmx", "appraiser", "/dossiers/?q=nguyen&state=appraisal", HTMX_HEADERS),
        Scenario("list-appraiser-campaign", "appraiser", f"/dossiers/?q=nguyen&campaign={campaign_2025}"),
        Scenario("list-officer", "officer", f"/dossiers/?q=nguyen&campaign={campaign_2025}"),
        Scenario("list-officer-htmx", "officer", f"/dossiers/?q=nguyen&campaign={campaign_2025}", HTMX_HEADERS),
        Scenario("detail-appraiser", "appraiser", f"/dossiers/{typical_id}"),
        Scenario("detail-officer", "officer", f"/dossiers/{typical_id}"),
        Scenario("detail-appraiser-long", "appraiser", f"/dossiers/{long_id}"),
    ]


class QueryCounter:
    """Collects the SQL statements run on an engine (as the test suite's ``count_queries`` does)."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[tuple[str, object]] = []

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        if not re.match(r"\s*(SAVEPOINT|RELEASE|PRAGMA)", statement, re.I):
            self.statements.append((statement, parameters))

    def __enter__(self):
        self.statements = []
        event.listen(self.engine, "before_cursor_execute", self._before)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._before)


@dataclass
class Site:
    """One seeded database with its app and logged-in clients."""

    size: int
    app: object
    engine: object
    clients: dict
    scenarios: dict
    timings: dict = field(default_factory=dict)
    cpu: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    bodies: dict = field(default_factory=dict)

    def get(self, scenario: Scenario):
        return self.clients[scenario.user].get(scenario.url, headers=scenario.headers)


def make_app(database_url: str, upload_folder: str, schema: str | None = None):
    config = {
        "TESTING": True,
        "SECRET_KEY": "bench-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": upload_folder,
    }
    if schema:  # one PostgreSQL database, one schema per size
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    return create_app(config)


def login(app, username: str):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    if response.status_code != 303:
        raise SystemExit(f"login as {username} failed: {response.status_code}")
    return client


def build_site(label: str, size: int, database_url: str, upload_folder: str, schema: str | None) -> Site:
    """Fresh schema, organisation and ``size`` dossiers, then two logged-in clients."""
    app = make_app(database_url, upload_folder, schema)
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        org = seed_organisation()
        seed_dossiers(org, size)
        dossier_ids = detail_dossiers(org)
        if db.engine.dialect.name == "postgresql":
            # Autovacuum would analyse the freshly loaded tables soon; do it now for stable plans.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        engine = db.engine
    print(f"[{label}] seeded {size:,} dossiers (with history and attachments) in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    clients = {name: login(app, name) for name in ("appraiser", "officer")}
    return Site(size, app, engine, clients, {s.name: s for s in scenarios(org, dossier_ids)})


def measure(sites: list[Site], name: str, requests: int, warmup: int) -> None:
    """Alternate between the sizes request by request, so that the machine's load hits both alike."""
    for site in sites:
        for _ in range(warmup):
            site.get(site.scenarios[name])
    gc.collect()
    for site in sites:
        site.timings[name], site.cpu[name], site.counts[name] = [], [], []
    for _ in range(requests):
        for site in sites:
            scenario = site.scenarios[name]
            with QueryCounter(site.engine) as counter:
                started, cpu_started = time.perf_counter(), time.thread_time()
                response = site.get(scenario)
                site.timings[name].append((time.perf_counter() - started) * 1000)
                site.cpu[name].append((time.thread_time() - cpu_started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name} at {site.size}: HTTP {response.status_code}")
            site.counts[name].append(len(counter.statements))
            site.bodies[name] = response.get_data(as_text=True)


def explain(site: Site, scenario: Scenario) -> None:
    """Print the query plan of every SELECT one request of the scenario runs."""
    with QueryCounter(site.engine) as counter:
        site.get(scenario)
    print(f"\n#### Query plans: {scenario.name} ({scenario.url}) at {site.size:,}\n")
    with site.engine.connect() as conn:
        raw = conn.connection.driver_connection.cursor()
        prefix = "EXPLAIN QUERY PLAN " if site.engine.dialect.name == "sqlite" else "EXPLAIN "
        for statement, params in counter.statements:
            if statement.lstrip().upper().startswith("SELECT"):
                raw.execute(prefix + statement, params)
                print("```sql\n" + " ".join(statement.split())[:400] + "\n```")
                for row in raw.fetchall():
                    print("    " + " | ".join(str(c) for c in row))


def show_queries(site: Site, scenario: Scenario) -> None:
    with QueryCounter(site.engine) as counter:
        site.get(scenario)
    print(f"\n#### Statements of one request: {scenario.name} ({scenario.url}) at {site.size:,}\n")
    for number, (statement, _params) in enumerate(counter.statements, 1):
        print(f"{number}. " + " ".join(statement.split())[:300])


def profile(site: Site, scenario: Scenario, requests: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        site.get(scenario)
    profiler.disable()
    print(f"\n#### cProfile: {scenario.name} at {site.size:,}, {requests} requests\n```")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)
    print("```")


@dataclass
class Result:
    scenario: str
    size: int
    p50: float
    p95: float
    cpu50: float
    cpu95: float
    query_counts: set
    matches: str
    rows: int


def results_of(sites: list[Site]) -> list[Result]:
    results = []
    for site in sites:
        for name, timings in site.timings.items():
            ordered, cpu = sorted(timings), sorted(site.cpu[name])
            body = site.bodies[name]
            match = re.search(r'id="result-count">([^<]*)<', body)
            results.append(Result(
                name, site.size, statistics.median(ordered),
                ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
                statistics.median(cpu), cpu[min(len(cpu) - 1, round(0.95 * (len(cpu) - 1)))], set(site.counts[name]),
                match.group(1).split()[0] if match else "–",
                body.count('<td><a href="/dossiers/') if name.startswith("list") else 0,
            ))
    return results


def run_database(label: str, sizes: list[int], args, database_url: str | None = None) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="khenthuong-bench-") as tmp:
        sites = []
        for size in sizes:
            schema = f"bench_{size}" if database_url else None
            if schema:
                with create_engine(database_url, isolation_level="AUTOCOMMIT").connect() as conn:
                    conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
            url = database_url or f"sqlite:///{tmp}/bench-{size}.sqlite"
            sites.append(build_site(label, size, url, os.path.join(tmp, "uploads"), schema))
        names = [n for n in sites[0].scenarios if not args.only or n in args.only]
        for name in names:
            measure(sites, name, args.requests, args.warmup)
            largest = sites[-1]
            scenario = largest.scenarios[name]
            if args.explain and scenario.is_list and "htmx" not in name:
                explain(largest, scenario)
            if args.show_queries:
                show_queries(largest, scenario)
            if args.profile == name:
                profile(largest, scenario, args.requests)
        for site in sites:
            with site.app.app_context():
                db.session.remove()
                db.engine.dispose()
        if database_url:  # leave the scratch PostgreSQL database as it was
            with create_engine(database_url, isolation_level="AUTOCOMMIT").connect() as conn:
                for size in sizes:
                    conn.execute(text(f"DROP SCHEMA IF EXISTS bench_{size} CASCADE"))
        return results_of(sites)


def table(label: str, results: list[Result]) -> str:
    lines = [f"### {label}", "",
             "| scenario | dossiers | matches | rows on page | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | queries |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(results, key=lambda r: r.size):
        counts = sorted(r.query_counts)
        queries = str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
        rows = str(r.rows) if r.scenario.startswith("list") else "–"
        lines.append(f"| {r.scenario} | {r.size:,} | {r.matches} | {rows} | {r.p50:.1f} | {r.p95:.1f} | "
                     f"{r.cpu50:.1f} | {r.cpu95:.1f} | {queries} |")
    return "\n".join(lines)


def check_goals(label: str, results: list[Result], sizes: list[int], check_p95: bool) -> list[str]:
    small, large = min(sizes), max(sizes)
    by_key = {(r.scenario, r.size): r for r in results}
    names = list(dict.fromkeys(r.scenario for r in results))
    pairs = [(by_key[(n, small)], by_key[(n, large)]) for n in names if (n, small) in by_key and (n, large) in by_key]
    list_pairs = [(a, b) for a, b in pairs if a.scenario.startswith("list")]
    lines = [f"\nRatio list@{large:,} / list@{small:,} ({label}), wall-clock p50 (CPU p50):"]
    for a, b in list_pairs:
        lines.append(f"- {a.scenario}: {b.p50 / a.p50:.2f}× ({b.cpu50 / a.cpu50:.2f}×)")
    # The same scenario at both sizes must run the same statements (the searches show 4-25 rows at 200
    # and a full page at 20,000; the seed makes the first 200 dossiers alike at every size), and the
    # dossier page with a long history by six people and more files no more than with a short one.
    history = [(by_key[("detail-appraiser", size)], by_key[("detail-appraiser-long", size)]) for size in sizes
               if ("detail-appraiser", size) in by_key and ("detail-appraiser-long", size) in by_key]
    same = [a.query_counts == b.query_counts and len(a.query_counts) == 1 for a, b in pairs]
    same += [max(b.query_counts) <= min(a.query_counts) for a, b in history]
    for (a, b), ok in zip(pairs + history, same):
        if not ok:
            lines.append(f"- queries grow: {a.scenario}@{a.size:,} {sorted(a.query_counts)} vs "
                         f"{b.scenario}@{b.size:,} {sorted(b.query_counts)}")
    verdict = lambda ok: "PASS" if ok else "FAIL"  # noqa: E731
    queries_ok = all(same)
    ratio_ok = all(b.p50 <= RATIO_LIMIT * a.p50 for a, b in list_pairs)
    lines.append(f"\n{verdict(queries_ok)} [{label}] queries per request do not grow with the rows: same count at "
                 f"{small:,} and {large:,} dossiers, and no more for a long history than for a short one")
    lines.append(f"{verdict(ratio_ok)} [{label}] list p50 at {large:,} ≤ {RATIO_LIMIT:g}× list p50 at {small:,}")
    if check_p95 and results:
        worst = max(results, key=lambda r: r.p95)
        lines.append(f"{verdict(worst.p95 <= P95_LIMIT_MS)} [{label}] p95 ≤ {P95_LIMIT_MS:g} ms for every "
                     f"scenario (worst: {worst.scenario} @ {worst.size:,}: {worst.p95:.1f} ms)")
        worst_cpu = max(results, key=lambda r: r.cpu95)
        if worst.p95 > P95_LIMIT_MS and worst_cpu.cpu95 <= P95_LIMIT_MS:
            lines.append(f"  (the requests' own CPU time stays within it: worst CPU p95 {worst_cpu.cpu95:.1f} ms; "
                         "the rest is waiting for a CPU, see the load average)")
    return lines


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,20000", help="comma-separated dossier counts (default 200,20000)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per scenario and size (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first (default 5)")
    parser.add_argument("--only", nargs="*", help="run only these scenarios")
    parser.add_argument("--explain", action="store_true", help="print query plans of the lists at the largest size")
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of one request per scenario")
    parser.add_argument("--profile", metavar="SCENARIO", help="cProfile one scenario at the largest size")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    started = time.perf_counter()
    load_before = load()
    sqlite = run_database("SQLite", sizes, args)
    output = [table("SQLite", sqlite), *check_goals("SQLite", sqlite, sizes, check_p95=True)]
    pg_url = os.environ.get("BENCH_DATABASE_URL")
    if pg_url:
        pg = run_database("PostgreSQL", sizes, args, pg_url)
        output += ["", table("PostgreSQL", pg), *check_goals("PostgreSQL", pg, sizes, check_p95=False),
                   "(PostgreSQL: CPU time is the app's only; the server's own work shows in wall-clock time)"]
    print("\n".join(output))
    print(f"\n{args.requests} timed requests per scenario and size, after {args.warmup} warm-up, sizes in "
          f"alternation; {os.cpu_count()} CPUs; load average before {load_before}, after {load()}; "
          f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
