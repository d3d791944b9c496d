"""Benchmark of cluster scoring (issue 4): rank 40 units × 60 criteria, render the scoreboard page and XLSX.

Run: ``.venv/bin/python bench/bench_scoring.py [--runs 15]`` (``make bench`` runs it too).
Goal: each ≤ 200 ms on the 2-core machine. Prints a Markdown table with the median and p95.
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

from sqlalchemy import insert  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Cluster,
    ClusterKind,
    ClusterLeadership,
    ClusterMembership,
    ClusterScoring,
    ItemKind,
    Role,
    ScoreEntry,
    ScoreSheet,
    ScoringGroup,
    ScoringItem,
    ScoringStatus,
    SheetStatus,
    Unit,
    UnitKind,
    User,
)
from app.scoring import operations, proposals, spreadsheet  # noqa: E402

UNITS, CRITERIA, GROUPS = 40, 60, 4
GOAL_MS = 200.0


def seed() -> int:
    rng = random.Random(2025)
    units = [Unit(code=f"B{i}", name=f"Đơn vị thành viên số {i}", kind=UnitKind.DEPARTMENT,
                  valid_from=date(2025, 1, 1), search_key=f"don vi {i}") for i in range(UNITS)]
    cluster = Cluster(name="Cụm thi đua đo tốc độ", kind=ClusterKind.CLUSTER)
    db.session.add_all(units + [cluster])
    db.session.flush()
    db.session.add_all(ClusterMembership(cluster=cluster, unit=u, year=2025) for u in units)
    db.session.add(ClusterLeadership(cluster=cluster, year=2025, lead_unit=units[0], deputy_unit=units[1]))
    lead = User(username="bench-lead", full_name="Cụm trưởng", role=Role.CLUSTER_LEAD, unit=units[0],
                password_hash="x")
    lead.set_password("bench-pass-1")
    db.session.add(lead)
    scoring = ClusterScoring(cluster=cluster, year=2025, status=ScoringStatus.LOCKED, decimals=1)
    db.session.add(scoring)
    db.session.flush()
    groups = [ScoringGroup(scoring=scoring, name=f"Nhóm {g + 1}", sort_order=g) for g in range(GROUPS)]
    db.session.add_all(groups)
    db.session.flush()
    items = [ScoringItem(scoring=scoring, group=groups[i % GROUPS], kind=ItemKind.CRITERION, code=f"{i + 1}",
                         name=f"Tiêu chí {i + 1}", max_score=Decimal("1.5"), sort_order=i) for i in range(CRITERIA)]
    items.append(ScoringItem(scoring=scoring, kind=ItemKind.BONUS, code="T1", name="Điểm thưởng",
                             max_score=Decimal(10), sort_order=CRITERIA))
    db.session.add_all(items)
    sheets = [ScoreSheet(scoring=scoring, unit=u, status=SheetStatus.SUBMITTED) for u in units]
    db.session.add_all(sheets)
    db.session.flush()
    db.session.execute(insert(ScoreEntry), [
        {"sheet_id": s.id, "item_id": it.id, "self_score": Decimal(rng.randint(0, 15)) / 10, "note": "Đạt"}
        for s in sheets for it in items])
    db.session.commit()
    return scoring.id


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-scoring-")
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "UPLOAD_FOLDER": folder})
    with app.app_context():
        db.create_all()
        scoring_id = seed()

        def rank():
            db.session.expire_all()
            operations.compute_ranking(db.session.get(ClusterScoring, scoring_id))

        def xlsx():
            db.session.expire_all()
            scoring = db.session.get(ClusterScoring, scoring_id)
            result = operations.compute_ranking(scoring)
            spreadsheet.export_scoreboard(scoring, result, proposals.unit_names(scoring))

        rows = [("rank 40 units × 60 criteria (load + compute)", *timed(rank, args.runs)),
                ("scoreboard XLSX", *timed(xlsx, args.runs))]
    client = app.test_client()
    client.post("/login", data={"username": "bench-lead", "password": "bench-pass-1"})

    def page():
        response = client.get(f"/scoring/{scoring_id}/scoreboard")
        assert response.status_code == 200, response.status_code

    rows.append(("scoreboard page (test client)", *timed(page, args.runs)))
    print(f"| cluster scoring, {UNITS} units × {CRITERIA} criteria (SQLite) | p50 ms | p95 ms "
          f"| goal ≤ {GOAL_MS:.0f} ms |")
    print("|---|---:|---:|---|")
    for name, p50, p95 in rows:
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {'PASS' if p95 <= GOAL_MS else 'FAIL'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
