"""Benchmark of a report round's aggregation (issue 11): 300 units × 40 figures.

Run (PostgreSQL, a scratch database; the script makes and drops the schema ``bench_report_aggregation``)::

    createdb -h 127.0.0.1 -U postgres kt_report_bench
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/kt_report_bench \
        .venv/bin/python bench/bench_report_aggregation.py [--units 300] [--figures 40]

Without BENCH_DATABASE_URL it runs on a scratch SQLite file. It seeds one movement with 40 figures (30 whole
or decimal numbers, 8 percentages, 2 texts), 300 units spread over the three reporting target groups, a
half-year round with every unit's report (nine in ten submitted, the rest drafts) and its values (about
11,000 rows), then times ``aggregate()`` (the sums per target group and the per-unit values), the page
and the DOCX and XLSX, counting SQL statements; the same on a 30-unit round first, to show the
aggregation's statements do not grow with the units. Goal: aggregation ≤ 1 s, statements constant.
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import create_engine, event, insert, text  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import Movement, Role, Unit, UnitKind, User  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.models.reports import FigureType, ReportFigure, ReportRound, ReportStatus, ReportValue, RoundKind, UnitReport  # noqa: E402
from app.models.target_groups import target_group_of  # noqa: E402
from app.reports.aggregation import aggregate  # noqa: E402
from app.reports.export import render_docx, render_xlsx  # noqa: E402
from bench.run import make_app  # noqa: E402

SCHEMA = "bench_report_aggregation"
KINDS = [UnitKind.DEPARTMENT, UnitKind.COMMUNE, UnitKind.WARD, UnitKind.MASS_ORGANISATION, UnitKind.ENTERPRISE]


def seed(units: int, figures: int, name: str) -> tuple[int, User]:
    """A movement, its figures, ``units`` units and a half-year round with their reports; returns the round."""
    rng = random.Random(units)
    movement = Movement(name=name, description="", start_year=2025, end_year=2030)
    db.session.add(movement)
    db.session.flush()
    types = [FigureType.PERCENT] * 8 + [FigureType.TEXT] * 2
    types += [FigureType.INTEGER if i % 2 else FigureType.DECIMAL for i in range(figures - len(types))]
    figure_rows = [ReportFigure(movement_id=movement.id, code=f"F{i:02d}", label=f"Chỉ tiêu số {i}",
                                value_type=kind, unit_of_measure="%" if kind is FigureType.PERCENT else "",
                                position=i, active=True) for i, kind in enumerate(types[:figures], start=1)]
    db.session.add_all(figure_rows)
    db.session.flush()
    db.session.execute(insert(Unit), [
        {"code": f"{name[:3]}{i:04d}", "name": f"Đơn vị thử {i}", "kind": KINDS[i % len(KINDS)],
         "valid_from": date(2025, 7, 1), "search_key": f"don vi thu {i}"} for i in range(units)])
    unit_rows = db.session.execute(
        text("SELECT id, kind FROM unit WHERE code LIKE :p"), {"p": f"{name[:3]}%"}).all()
    appraiser = User(username=f"snv-{units}", full_name="Sở Nội vụ", role=Role.APPRAISER, password_hash="x")
    db.session.add(appraiser)
    report_round = ReportRound(movement_id=movement.id, kind=RoundKind.HALF_YEAR, year=2026, part=1,
                               title="Báo cáo 6 tháng đầu năm 2026", period_end=date(2026, 6, 30),
                               opened_on=date(2026, 6, 20), due_on=date(2026, 7, 14), deadline_working_days=10)
    db.session.add(report_round)
    db.session.flush()
    now = utcnow()
    reports = []
    for unit_id, kind in unit_rows:
        submitted = rng.random() < 0.9
        reports.append({"round_id": report_round.id, "unit_id": unit_id,
                        "target_group": target_group_of(UnitKind(kind)),
                        "status": ReportStatus.SUBMITTED if submitted else ReportStatus.DRAFT, "narrative":
                        "Kết quả nổi bật trong kỳ; khó khăn về kinh phí." if submitted else "", "reopened": False,
                        "submitted_at": now if submitted else None,
                        "submitted_on": date(2026, 7, rng.randint(1, 20)) if submitted else None,
                        "updated_at": now, "version": 1})
    db.session.execute(insert(UnitReport), reports)
    report_ids = [row[0] for row in db.session.execute(
        text("SELECT id FROM unit_report WHERE round_id = :r"), {"r": report_round.id})]
    values = []
    for report_id in report_ids:
        for figure in figure_rows:
            if figure.value_type is FigureType.TEXT:
                values.append({"report_id": report_id, "figure_id": figure.id, "number": None,
                               "text": "Đề nghị hỗ trợ đào tạo chuyển đổi số."})
            elif figure.value_type is FigureType.PERCENT:
                values.append({"report_id": report_id, "figure_id": figure.id,
                               "number": Decimal(rng.randint(0, 1000)) / 10, "text": None})
            else:
                values.append({"report_id": report_id, "figure_id": figure.id,
                               "number": Decimal(rng.randint(0, 5000)), "text": None})
    for start in range(0, len(values), 5000):
        db.session.execute(insert(ReportValue), values[start:start + 5000])
    db.session.commit()
    return report_round.id, appraiser


def timed(label: str, action, statements: dict, runs: int) -> tuple[float, int]:
    times = []
    count = 0
    for _ in range(runs):
        db.session.expire_all()
        statements["n"] = 0
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
        count = statements["n"]
    median = statistics.median(times)
    print(f"| {label} | {median * 1000:.1f} | {max(times) * 1000:.1f} | {count} |")
    return median, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--figures", type=int, default=40)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = tempfile.mkdtemp(prefix="bench-report-aggregation-")
    if url:
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}"))
    app = make_app(url or f"sqlite:///{tmp}/bench.sqlite", tmp, SCHEMA if url else None)
    try:
        with app.app_context():
            db.drop_all()
            db.create_all()
            small, _ = seed(30, args.figures, "Nhỏ")
            started = time.perf_counter()
            large, appraiser = seed(args.units, args.figures, "Lớn")
            print(f"seeded {args.units} units × {args.figures} figures in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("ANALYZE"))
            statements = {"n": 0}
            event.listen(db.engine, "before_cursor_execute",
                         lambda *a: statements.__setitem__("n", statements["n"] + 1))
            label = "PostgreSQL" if url else "SQLite"
            print(f"| {label}: scenario | median ms | max ms | statements |")
            print("|---|---:|---:|---:|")

            def agg(round_id):
                return lambda: aggregate(db.session.get(ReportRound, round_id))

            _, few = timed(f"aggregate, 30 units × {args.figures} figures", agg(small), statements, args.runs)
            median, many = timed(f"aggregate, {args.units} units × {args.figures} figures", agg(large), statements,
                                 args.runs)
            db.session.commit()
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = appraiser.get_id()
                session["_fresh"] = True
            timed(f"aggregate page, {args.units} units", lambda: client.get(f"/reports/round/{large}/aggregate"),
                  statements, 3)
            timed(f"XLSX, {args.units} units",
                  lambda: render_xlsx(aggregate(db.session.get(ReportRound, large))), statements, 3)
            timed(f"DOCX, {args.units} units",
                  lambda: render_docx(aggregate(db.session.get(ReportRound, large))), statements, 1)
            ok = median <= 1.0 and few == many
            print(("PASS" if ok else "FAIL") + f": aggregation {median * 1000:.1f} ms (goal ≤ 1000 ms), "
                  f"statements {few} at 30 units and {many} at {args.units} (goal: the same)")
    finally:
        if url:
            with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
