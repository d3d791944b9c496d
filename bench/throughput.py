"""Throughput of the app against the limit of its stack (issue 14, "Speed goals"), on PostgreSQL.

Seeds 20,000 dossiers (and 200,000 with ``--growth``) with bench/seed.py into one schema per size of the
scratch database ``BENCH_DATABASE_URL``, starts the app under ``gunicorn -w 2`` and a bare Flask + Jinja
app (bench/throughput_apps.py: the same rows from one SQL query, same WHERE and ORDER BY, same indexes)
under ``gunicorn -w 2`` too, logs in as the appraiser, and runs wrk (bench/wrk_report.lua sends the
session cookie and the htmx headers) against each page, ALTERNATING app and bare runs (and the sizes), so
that the load of this shared machine weighs on both alike. Prints the throughput table, the growth
table and PASS/FAIL per goal; always exits 0.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/khenthuong_bench make bench-throughput
    .venv/bin/python bench/throughput.py --quick          # one round of 5 s runs, 20,000 only
    .venv/bin/python bench/throughput.py --growth         # 20,000 and 200,000 (growth table)
    .venv/bin/python bench/throughput.py --reuse          # keep schemas already seeded at the right size
    .venv/bin/python bench/throughput.py --explain        # EXPLAIN ANALYZE of every page's SELECTs (largest size)
    .venv/bin/python bench/throughput.py --profile list   # cProfile of 50 in-process requests (largest size)
"""
import argparse
import cProfile
import http.client
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sqlalchemy import create_engine, inspect, text  # noqa: E402

from app.extensions import db  # noqa: E402

USER = "appraiser"
LUA = os.path.join(ROOT, "bench", "wrk_report.lua")
GROWTH_LIMIT = 1.3


@dataclass
class Page:
    name: str
    app_path: str
    bare_path: str
    hx_target: str = ""
    goal: float | None = 0.30  # app req/s ÷ bare req/s (None: a reference row, no goal)


PAGES = [
    Page("dossier list (appraiser)", "/dossiers/", "/list"),
    Page('list, search "nguyen"', "/dossiers/?q=nguyen", "/list?q=nguyen"),
    Page("list, htmx partial", "/dossiers/?q=nguyen", "/list?q=nguyen", "dossier-results"),
    Page("dossier page", "/dossiers/{id}", "/dossier/{id}", goal=0.20),
    Page("inbox", "/inbox", "/inbox", goal=0.80),
    # The ceiling of any signed-in page of the app: its lightest one (the account page: the layout, the
    # signed-in user, a small form; no dossier) against the same bare inbox. Every page pays at least this
    # (session, user, layout, request id, logs, metrics, security headers); a page that would beat it beats
    # the framework, not the app.
    Page("signed-in floor: account page", "/account", "/inbox", goal=None),
]


@dataclass
class Run:
    requests: int
    seconds: float
    p50: float  # ms
    p99: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Server:
    kind: str  # "app" or "bare"
    size: int
    port: int
    process: subprocess.Popen
    cookie: str = ""
    runs: dict = field(default_factory=dict)  # page name -> [Run]
    sizes: dict = field(default_factory=dict)  # page name -> bytes of one response


# --- seeding -------------------------------------------------------------------------------------

def schema_of(size: int) -> str:
    return f"throughput_{size}"


def search_path(size: int) -> str:
    """The size's schema, then public where pg_trgm lives (its operator classes must be visible)."""
    return f"{schema_of(size)},public"


def seeded_count(url: str, schema: str) -> int | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("dossier", schema=schema):
                return None
            return conn.scalar(text(f"SELECT count(*) FROM {schema}.dossier"))
    finally:
        engine.dispose()


def seed(url: str, size: int, reuse: bool) -> int:
    """A schema with the organisation and ``size`` dossiers (kept when ``reuse`` and already that size);
    returns the id of a submitted dossier for the dossier page."""
    from bench.run import make_app
    from bench.seed import seed_dossiers, seed_organisation

    schema = schema_of(size)
    if not (reuse and seeded_count(url, schema) == size):
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        started = time.perf_counter()
        app = make_app(url, "/tmp/khenthuong-throughput-uploads", search_path(size))
        with app.app_context():
            db.create_all()
            seed_dossiers(seed_organisation(), size)
            # Deadlines as the workflow sets them (bench/seed.py leaves them empty): most dossiers waiting
            # at the province have one, so the inbox's order (due date first) is a real one.
            db.session.execute(text(
                "UPDATE dossier SET stage_due_on = CAST(state_changed_at AS date) + (id % 20) "
                "WHERE submitted_at IS NOT NULL AND id % 5 <> 0"))
            db.session.commit()
            db.engine.dispose()
        print(f"seeded {size:,} dossiers into {schema} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    else:  # a schema seeded by an earlier version of the models: the tables and indexes added since
        from app.models import Dossier

        app = make_app(url, "/tmp/khenthuong-throughput-uploads", search_path(size))
        with app.app_context():
            db.create_all()
            with db.engine.begin() as conn:
                existing = inspect(conn)
                for table in db.metadata.sorted_tables:
                    have = {c["name"] for c in existing.get_columns(table.name)}
                    for column in table.columns:
                        if column.name not in have:  # nullable here: the bench only reads it
                            kind = column.type.compile(dialect=conn.dialect)
                            conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
                for index in Dossier.__table__.indexes:
                    index.create(conn, checkfirst=True)
            db.engine.dispose()
    with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f"VACUUM ANALYZE {schema}.dossier"))
        return conn.scalar(text(f"SELECT min(id) FROM {schema}.dossier WHERE submitted_at IS NOT NULL "
                                f"AND unit_id = (SELECT id FROM {schema}.unit WHERE code = 'SKHCN')"))


# --- servers -------------------------------------------------------------------------------------

def start(kind: str, size: int, port: int, url: str, workers: int) -> Server:
    from app.models import Role
    from app.workflow.inbox import inbox_states

    env = dict(os.environ, KT_TP_URL=url, KT_TP_SCHEMA=search_path(size),
               KT_TP_INBOX_STATES=",".join(s.value for s in inbox_states(Role.APPRAISER)))
    factory = "bench.throughput_apps:real_app()" if kind == "app" else "bench.throughput_apps:bare_app()"
    command = [os.path.join(ROOT, ".venv", "bin", "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "--log-level", "warning", factory]
    # The app logs every request (JSON logs): to a file, not over the table.
    log = open(os.path.join(tempfile.gettempdir(), f"khenthuong-throughput-{kind}-{size}.log"), "w")  # noqa: SIM115
    return Server(kind, size, port, subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log))


def request(port: int, method: str, path: str, headers: dict | None = None, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body, headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def wait_until_up(server: Server) -> None:
    path = "/login" if server.kind == "app" else "/list"
    for _ in range(120):
        try:
            request(server.port, "GET", path)
            return
        except OSError:
            if server.process.poll() is not None:
                raise SystemExit(f"{server.kind}@{server.size} exited: {server.process.returncode}") from None
            time.sleep(0.5)
    raise SystemExit(f"{server.kind}@{server.size} did not start")


def log_in(server: Server) -> None:
    from bench.seed import PASSWORD

    body = urllib.parse.urlencode({"username": USER, "password": PASSWORD})
    response, _data = request(server.port, "POST", "/login", {"Content-Type": "application/x-www-form-urlencoded"},
                              body)
    if response.status not in (302, 303):
        raise SystemExit(f"login failed: HTTP {response.status}")
    jar = _cookies(response, {})
    # Follow the redirect as a browser does and keep what the first page adds to the session (the role
    # switcher's menu, cached there for the day): wrk then sends what a browser would, instead of a cookie
    # from before that first page, which would make every request rebuild and re-sign the session.
    response, _data = request(server.port, "GET", response.headers.get("Location") or "/",
                              {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
    jar = _cookies(response, jar)
    server.cookie = "; ".join(f"{k}={v}" for k, v in jar.items())


def _cookies(response, jar: dict) -> dict:
    """The cookie jar after a response: its Set-Cookie headers replace cookies of the same name."""
    jar = dict(jar)
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _eq, value = header.split(";", 1)[0].partition("=")
        jar[name.strip()] = value
    return jar


def headers_of(server: Server, page: Page) -> dict:
    headers = {"Cookie": server.cookie} if server.cookie else {}
    if page.hx_target:
        headers.update({"HX-Request": "true", "HX-Target": page.hx_target})
    return headers


def path_of(server: Server, page: Page, dossier_id: int) -> str:
    return (page.app_path if server.kind == "app" else page.bare_path).format(id=dossier_id)


def check(server: Server, page: Page, dossier_id: int) -> None:
    """One request before the runs: a 200 with the page (not the login form), its size noted."""
    response, data = request(server.port, "GET", path_of(server, page, dossier_id), headers_of(server, page))
    if response.status != 200 or b'name="password"' in data:
        raise SystemExit(f"{server.kind}@{server.size} {page.name}: HTTP {response.status}")
    if response.headers.get("Set-Cookie"):
        # A page that rewrites the session on every request measures the cookie, not the page.
        print(f"  note: {server.kind}@{server.size} {page.name} sets a cookie: {response.headers['Set-Cookie'][:60]}…")
    server.sizes[page.name] = len(data)


def wrk(server: Server, page: Page, dossier_id: int, seconds: int, connections: int) -> Run:
    env = dict(os.environ, KT_COOKIE=server.cookie, KT_HX_TARGET=page.hx_target)
    url = f"http://127.0.0.1:{server.port}{path_of(server, page, dossier_id)}"
    output = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", LUA, url],
                            env=env, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("KTRESULT"))
    values = dict(part.split("=") for part in line.split()[1:])
    return Run(int(values["requests"]), int(values["duration_us"]) / 1e6, int(values["p50_us"]) / 1000,
               int(values["p99_us"]) / 1000, int(values["non2xx"]) + int(values["timeouts"]) + int(values["socket"]))


# --- in-process views: EXPLAIN and cProfile -------------------------------------------------------

def in_process_client(url: str, size: int):
    from bench.run import login, make_app

    app = make_app(url, "/tmp/khenthuong-throughput-uploads", search_path(size))
    return app, login(app, USER)


def explain(url: str, size: int, dossier_id: int) -> list[str]:
    from bench.run import QueryCounter

    app, client = in_process_client(url, size)
    lines = [f"\n## EXPLAIN (ANALYZE) of each page's statements at {size:,} dossiers (PostgreSQL)"]
    with app.app_context():
        engine = db.engine
    for page in PAGES:
        headers = {"HX-Request": "true", "HX-Target": page.hx_target} if page.hx_target else {}
        client.get(page.app_path.format(id=dossier_id), headers=headers)  # warm caches
        with QueryCounter(engine) as counter:
            client.get(page.app_path.format(id=dossier_id), headers=headers)
        lines.append(f"\n### {page.name}: {page.app_path.format(id=dossier_id)} ({len(counter.statements)} statements)")
        with engine.connect() as conn:
            cursor = conn.connection.driver_connection.cursor()
            for statement, params in counter.statements:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + statement, params)
                lines.append("```sql\n" + " ".join(statement.split())[:600] + "\n```\n```")
                lines += [row[0] for row in cursor.fetchall()]
                lines.append("```")
    with app.app_context():
        db.engine.dispose()
    return lines


def profile(url: str, size: int, dossier_id: int, name: str, requests: int = 50) -> list[str]:
    page = next((p for p in PAGES if p.name.startswith(name)), None)
    if page is None:
        raise SystemExit(f"--profile: no page starts with {name!r}: " + ", ".join(p.name for p in PAGES))
    app, client = in_process_client(url, size)
    headers = {"HX-Request": "true", "HX-Target": page.hx_target} if page.hx_target else {}
    path = page.app_path.format(id=dossier_id)
    for _ in range(5):
        client.get(path, headers=headers)
    cpu = []
    for _ in range(requests):
        started = time.thread_time()
        client.get(path, headers=headers)
        cpu.append((time.thread_time() - started) * 1000)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path, headers=headers)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    with app.app_context():
        db.engine.dispose()
    return [f"\n## cProfile: {page.name} ({path}) at {size:,}, {requests} requests; "
            f"CPU per request p50 {statistics.median(cpu):.1f} ms (thread time, without profiler)",
            "```", out.getvalue(), "```"]


# --- the run -------------------------------------------------------------------------------------

def summary(runs: list[Run]) -> tuple[float, float, float, int]:
    rate = sum(r.requests for r in runs) / sum(r.seconds for r in runs)
    return rate, statistics.median(r.p50 for r in runs), max(r.p99 for r in runs), sum(r.errors for r in runs)


def tables(servers: dict, sizes: list[int]) -> list[str]:
    lines: list[str] = []
    verdict = lambda ok: "PASS" if ok else "FAIL"  # noqa: E731
    for size in sizes:
        app, bare = servers[("app", size)], servers[("bare", size)]
        lines += [f"\n### {size:,} dossiers: app ÷ bare (one query) under gunicorn -w 2", "",
                  "| page | app req/s | bare req/s | app ÷ bare | app p50 ms | app p99 ms | bare p50 ms "
                  "| app KiB | bare KiB | goal | |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for page in PAGES:
            a_rate, a50, a99, a_err = summary(app.runs[page.name])
            b_rate, b50, _b99, _b_err = summary(bare.runs[page.name])
            ratio = a_rate / b_rate if b_rate else 0
            errors = f" ({a_err} errors)" if a_err else ""
            lines.append(f"| {page.name} | {a_rate:,.0f} | {b_rate:,.0f} | {ratio:.0%} | {a50:.0f} | {a99:.0f} | "
                         f"{b50:.0f} | {app.sizes[page.name] / 1024:.1f} | {bare.sizes[page.name] / 1024:.1f} | "
                         + (f"≥ {page.goal:.0%} | {verdict(ratio >= page.goal and not a_err)}{errors} |"
                            if page.goal is not None else f"(reference) | {errors} |"))
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        lines += [f"\n### Growth {small:,} → {large:,} dossiers (p50 ms, wrk -c connections)", "",
                  f"| page | app @{small:,} | app @{large:,} | growth | bare @{small:,} | bare @{large:,} | |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for page in PAGES:
            s50 = summary(servers[("app", small)].runs[page.name])[1]
            l50 = summary(servers[("app", large)].runs[page.name])[1]
            bs50 = summary(servers[("bare", small)].runs[page.name])[1]
            bl50 = summary(servers[("bare", large)].runs[page.name])[1]
            growth = l50 / s50 if s50 else 0
            lines.append(f"| {page.name} | {s50:.0f} | {l50:.0f} | {growth:.2f}× | {bs50:.0f} | {bl50:.0f} | "
                         f"{verdict(growth <= GROWTH_LIMIT)} ≤ {GROWTH_LIMIT}× |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--growth", action="store_true", help="also 200,000 dossiers, and the growth table")
    parser.add_argument("--sizes", help="comma-separated dossier counts (default 20000, or 20000,200000)")
    parser.add_argument("--quick", action="store_true", help="one round of 5 s runs")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="app/bare alternations per page (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (default 2)")
    parser.add_argument("--reuse", action="store_true", help="keep schemas already seeded at the right size")
    parser.add_argument("--keep", action="store_true", help="leave the schemas in place afterwards")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each page's SELECTs (largest size)")
    parser.add_argument("--profile", metavar="PAGE", help="cProfile a page in-process (largest size), no wrk runs")
    parser.add_argument("--only", nargs="*", help="pages whose name starts with one of these")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        raise SystemExit("BENCH_DATABASE_URL must name a scratch PostgreSQL database "
                         "(postgresql+psycopg://postgres@127.0.0.1:5432/khenthuong_bench)")
    if not shutil.which("wrk") and not args.profile:
        raise SystemExit("wrk is missing: apt-get install wrk")
    sizes = sorted(int(s) for s in (args.sizes or ("20000,200000" if args.growth else "20000")).split(","))
    if args.quick:
        args.rounds, args.seconds = 1, 5
    global PAGES
    if args.only:
        PAGES = [p for p in PAGES if any(p.name.startswith(o) for o in args.only)]

    started, load_before = time.perf_counter(), os.getloadavg()
    dossier_ids = {size: seed(url, size, args.reuse or bool(args.profile)) for size in sizes}
    output: list[str] = []
    if args.profile:
        output += profile(url, sizes[-1], dossier_ids[sizes[-1]], args.profile)
        print("\n".join(output))
        return 0

    servers: dict = {}
    try:
        port = 8470
        for size in sizes:
            for kind in ("app", "bare"):
                servers[(kind, size)] = start(kind, size, port, url, args.workers)
                port += 1
        for server in servers.values():
            wait_until_up(server)
            if server.kind == "app":
                log_in(server)
        for page in PAGES:
            for server in servers.values():
                check(server, page, dossier_ids[server.size])
                wrk(server, page, dossier_ids[server.size], 2, args.connections)  # warm-up
            for _round in range(args.rounds):
                for server in servers.values():  # app, bare, (app, bare at the next size) …
                    run = wrk(server, page, dossier_ids[server.size], args.seconds, args.connections)
                    server.runs.setdefault(page.name, []).append(run)
                    print(f"  {server.kind}@{server.size:,} {page.name}: {run.rate:.0f} req/s, p50 {run.p50:.0f} ms, "
                          f"p99 {run.p99:.0f} ms" + (f", {run.errors} errors" if run.errors else ""),
                          file=sys.stderr)
    finally:
        for server in servers.values():
            server.process.terminate()
        for server in servers.values():
            server.process.wait(timeout=30)
    output += tables(servers, sizes)
    output.append(f"\nwrk -t1 -c{args.connections} -d{args.seconds}s, {args.rounds} round(s) per page alternating "
                  f"app and bare; gunicorn -w {args.workers} each; logged in as {USER}; {os.cpu_count()} CPUs; load "
                  f"average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f}; "
                  f"total {time.perf_counter() - started:.0f} s")
    if args.explain:
        output += explain(url, sizes[-1], dossier_ids[sizes[-1]])
    print("\n".join(output))
    if not args.keep and not args.reuse:
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            for size in sizes:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema_of(size)} CASCADE"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
