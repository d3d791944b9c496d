"""Benchmark of the inbox (issue 3): latency and SQL statements per request with 20,000 dossiers.

Run: ``.venv/bin/python bench/bench_inbox.py [--requests 30]`` (``make bench`` runs it too). It seeds the
same organisation and dossiers as bench/run.py (bench/seed.py) at 200 and at 20,000, and asks for the
inbox of the appraiser (every submitted dossier waiting for appraisal), the unit head and the secretary,
as the full page and as the htmx partial, alternating the sizes so machine load weighs on both alike.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import event  # noqa: E402

from app.extensions import db  # noqa: E402
from bench.run import login, make_app  # noqa: E402
from bench.seed import seed_dossiers, seed_organisation  # noqa: E402

SCENARIOS = [
    ("appraiser", "/inbox", {}),
    ("appraiser", "/inbox?state=appraisal", {"HX-Request": "true", "HX-Target": "inbox-results"}),
    ("unithead", "/inbox", {}),
    ("secretary", "/inbox", {}),
]


def build(size: int):
    folder = tempfile.mkdtemp(prefix=f"bench-inbox-{size}-")
    app = make_app(f"sqlite:///{folder}/bench.sqlite", folder)
    with app.app_context():
        db.create_all()
        seed_dossiers(seed_organisation(), size)
        engine = db.engine
    counter = {"n": 0}
    event.listen(engine, "before_cursor_execute", lambda *a: counter.__setitem__("n", counter["n"] + 1))
    clients = {user: login(app, user) for user in {s[0] for s in SCENARIOS}}
    return clients, counter


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    sites = {size: build(size) for size in (200, 20_000)}
    print("| inbox (SQLite) | dossiers | p50 ms | p95 ms | queries |")
    print("|---|---:|---:|---:|---:|")
    for user, url, headers in SCENARIOS:
        samples = {size: [] for size in sites}
        queries = {}
        for clients, _counter in sites.values():
            for _ in range(3):  # warm-up
                clients[user].get(url, headers=headers)
        for _ in range(args.requests):
            for size, (clients, counter) in sites.items():
                counter["n"] = 0
                start = time.perf_counter()
                response = clients[user].get(url, headers=headers)
                samples[size].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries[size] = counter["n"]
        for size in sites:
            ordered = sorted(samples[size])
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            label = f"{user} {url}" + (" (htmx partial)" if headers else "")
            print(f"| {label} | {size:,} | {statistics.median(ordered):.1f} | {p95:.1f} | {queries[size]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
