"""Benchmark of the registry import (issue 8): 50,000 rows checked and previewed, then written.

Run: ``.venv/bin/python bench/bench_registry_import.py [--rows 50000]``; with
``BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/khenthuong_bench`` it measures PostgreSQL
(a schema ``bench_registry_import`` made and dropped in that scratch database), otherwise a SQLite file.

Two imports of ``--rows`` rows each (five rows per person: two awards, three yearly ratings), by an appraiser
across four units, through the two jobs the screens queue (immediate mode: the job runs in this process,
as a worker would): **new** — an empty registry, every person created; **matched** — the same people's
other years, every row matched to the records the first import made. Reported per import: the preview job
(read and check the XLSX, match, keep the preview) and the apply job (check again against the registry,
bulk inserts, one transaction), wall-clock seconds, and SQL statements. Goal: each import (preview + apply)
within 60 s on this 2-core machine, and the statements do not grow with the rows (bulk, not per row).
Always exits 0 and prints PASS/FAIL.
"""
import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import create_engine, event, func, select, text  # noqa: E402

from app import create_app, jobs  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Award, AwardLevel, RegistryEntry, Role, Unit, UnitKind, User  # noqa: E402
from app.models.jobs import Job, JobStatus  # noqa: E402
from app.registry import importing  # noqa: E402
from app.text import fold  # noqa: E402
from tests.registry_import_data import fast_xlsx, generated_rows  # noqa: E402

SCHEMA = "bench_registry_import"
UNITS = ["SKHCN", "SYT", "SGDDT", "STC"]


def make_app(url: str, schema: str | None):
    config = {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
              "RATELIMIT_ENABLED": False, "HUEY_IMMEDIATE": True}
    if schema:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"options": f"-csearch_path={schema}"}}
    return create_app(config)


def seed() -> int:
    from datetime import date

    for code in UNITS:
        db.session.add(Unit(code=code, name=f"Đơn vị {code}", kind=UnitKind.DEPARTMENT, valid_from=date(2025, 7, 1),
                            search_key=fold(f"Đơn vị {code}")))
    for code, name in (("cstd_co_so", "Chiến sĩ thi đua cơ sở"), ("bang_khen_tinh", "Bằng khen tỉnh")):
        db.session.add(Award(code=code, name=name, level=AwardLevel.PROVINCIAL, for_individual=True,
                             for_collective=True))
    appraiser = User(username="appraiser", full_name="Chuyên viên", role=Role.APPRAISER, password_hash="x")
    db.session.add(appraiser)
    db.session.commit()
    return appraiser.id


def run_job(kind: str, user_id: int, counter: dict, **create) -> tuple[Job, float, int]:
    job = jobs.create(kind, db.session.get(User, user_id), **create)
    db.session.commit()
    counter["n"] = 0
    started = time.perf_counter()
    jobs.enqueue(job)
    elapsed = time.perf_counter() - started
    statements = counter["n"]
    db.session.expire_all()
    done = db.session.get(Job, job.id)
    assert done is not None
    if done.status is not JobStatus.DONE:
        raise SystemExit(f"{kind} failed: {done.error or (done.result or {}).get('errors', [])[:3]}")
    return done, elapsed, statements


def measure(label: str, url: str, schema: str | None, rows: int) -> list[tuple]:
    if schema:
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
    app = make_app(url, schema)
    results = []
    with app.app_context():
        db.create_all()
        user_id = seed()
        counter = {"n": 0}
        event.listen(db.engine, "before_cursor_execute", lambda *a: counter.__setitem__("n", counter["n"] + 1))
        for name, start_year in (("new", 1990), ("matched", 1950)):
            # The second file: the same people, other years (so every row matches an existing record).
            content = fast_xlsx(generated_rows(rows, UNITS, start_year=start_year))
            preview, preview_s, preview_q = run_job(importing.KIND_PREVIEW, user_id, counter, payload=content,
                                                    params={"file_name": f"{name}.xlsx"})
            if preview.result["error_count"]:
                raise SystemExit(f"preview errors: {preview.result['errors'][:3]}")
            _apply, apply_s, apply_q = run_job(importing.KIND_APPLY, user_id, counter,
                                               params={"preview_job_id": preview.id})
            results.append((label, name, rows, len(content), preview_s, preview_q, apply_s, apply_q,
                            preview.result["people_new"], preview.result["people_matched"]))
        total = db.session.scalar(select(func.count()).select_from(RegistryEntry))
        assert total == 2 * rows * 2 // 5, total
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--sqlite", action="store_true", help="also SQLite when BENCH_DATABASE_URL is set")
    args = parser.parse_args()
    runs = []
    pg_url = os.environ.get("BENCH_DATABASE_URL")
    if pg_url:
        runs.append(("PostgreSQL", pg_url, SCHEMA))
    if not pg_url or args.sqlite:
        runs.append(("SQLite", f"sqlite:///{tempfile.mkdtemp(prefix='bench-import-')}/bench.sqlite", None))
    print("| database | import | rows | file KB | preview s | preview stmts | apply s | apply stmts | new people "
          "| matched people |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    verdicts = []
    for label, url, schema in runs:
        for (db_label, name, rows, size, preview_s, preview_q, apply_s, apply_q, new,
             matched) in measure(label, url, schema, args.rows):
            print(f"| {db_label} | {name} | {rows:,} | {size // 1024:,} | {preview_s:.1f} | {preview_q} | "
                  f"{apply_s:.1f} | {apply_q} | {new:,} | {matched:,} |")
            verdicts.append((f"{db_label} {name}: preview + apply ≤ 60 s", preview_s + apply_s <= 60))
            verdicts.append((f"{db_label} {name}: ≤ 300 statements per job (bulk, not per row)",
                             max(preview_q, apply_q) <= 300))
    print()
    for goal, ok in verdicts:
        print(f"- {'PASS' if ok else 'FAIL'}: {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
