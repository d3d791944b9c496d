"""Benchmark of the eligibility column of a council agenda (issue 8): the engine's verdict on 50 and on 200
dossiers, with the registry realistically large (1,000,000 entries for 200,000 people).

Run (PostgreSQL, the goal's database; a scratch database, the run makes and drops schema
``bench_agenda_eligibility``):

    createdb -h 127.0.0.1 -U postgres khenthuong_bench
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/khenthuong_bench \\
        .venv/bin/python bench/bench_agenda_eligibility.py [--people 200000 --entries 1000000 --requests 30]

Without ``BENCH_DATABASE_URL`` it runs on a SQLite file at a tenth of the size. It seeds the organisation of
``bench/seed.py``, the eligibility rules of both decrees and the registry of ``bench/registry_seed.py`` (COPY),
then two council sessions whose agendas hold 50 and 200 dossiers in council review (people drawn from the
registry, with some initiatives, discipline and second proposals, and a few collectives), and times, sizes
alternating: ``eligibility_lines`` over the agenda (facts read in batch, rule book loaded, every case judged,
the appraiser's reviews read) and the whole agenda page (``/council/<id>`` as the secretary, Flask test
client). Goals: the 200-dossier agenda's eligibility p95 ≤ 300 ms, and the statement count the same for 50 and
200. Always exits 0; prints PASS/FAIL per goal.
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import event, insert, select, text  # noqa: E402
from sqlalchemy.orm import joinedload  # noqa: E402

from app.eligibility.seed import seed_rules  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Award,
    Campaign,
    Collective,
    CollectiveKind,
    CouncilAgendaItem,
    CouncilSession,
    Discipline,
    DisciplineStatus,
    Dossier,
    Initiative,
    NomineeKind,
    Person,
    Scope,
    State,
)
from app.nominations.operations import nominee_key  # noqa: E402
from app.text import fold  # noqa: E402
from app.workflow.eligibility_panel import eligibility_lines  # noqa: E402
from bench.run import login, make_app  # noqa: E402
from bench.seed import seed_organisation  # noqa: E402

SCHEMA = "bench_agenda_eligibility"
SIZES = (50, 200)
GOAL_MS = 300.0
INDIVIDUAL_AWARDS = ("bang_khen_tinh", "cstd_tinh", "bang_khen_ttg", "huan_chuong_ld_3")
AT = datetime(2026, 1, 20, 2, 0, tzinfo=UTC)


def seed_registry_or_own(engine, people: int, entries: int) -> tuple[dict, str]:
    """The shared registry seed (bench/registry_seed.py) when present, else a small one of our own."""
    try:
        from bench.registry_seed import seed_registry
    except ImportError:
        return own_registry(people // 10, entries // 10), "own small registry (bench/registry_seed.py missing)"
    return seed_registry(engine, people=people, entries=entries), "bench/registry_seed.py"


def own_registry(people: int, entries: int) -> dict:
    """People with registry entries, through executemany (only when bench/registry_seed.py is missing)."""
    from app.models import RegistryEntry, RegistrySource

    rng = random.Random(7)
    units = db.session.scalars(select(Collective.unit_id)).all() or [None]
    start = (db.session.scalar(select(db.func.max(Person.id))) or 0) + 1
    db.session.execute(insert(Person), [
        {"id": start + n, "full_name": f"Nguyễn Văn {n}", "search_key": fold(f"Nguyễn Văn {n}"),
         "birth_year": 1960 + n % 40, "unit_id": rng.choice(units)} for n in range(people)])
    award_ids = db.session.scalars(select(Award.id).where(Award.for_individual)).all()
    db.session.execute(insert(RegistryEntry), [
        {"person_id": start + n % people, "award_id": rng.choice(award_ids), "year": 2000 + (n // people) % 26,
         "campaign_kind": "yearly", "source": RegistrySource.IMPORTED} for n in range(entries)])
    db.session.commit()
    return {"people": (start, start + people - 1), "entries": entries}


def seed_agenda(made: dict, rng: random.Random) -> dict[int, int]:
    """size → council session id: 200 dossiers in council review (about 1 in 10 a collective), the first 50
    on the small agenda, all on the large one; some nominees with initiatives, discipline or a second
    proposal, so every kind of fact is read."""
    awards = {code: award_id for award_id, code in db.session.execute(select(Award.id, Award.code))}
    campaign_2025, campaign_2026 = db.session.scalars(select(Campaign.id).order_by(Campaign.year)).all()
    first, last = made["people"]
    people = db.session.execute(select(Person.id, Person.full_name, Person.birth_year, Person.unit_id)
                                .where(Person.id.in_(rng.sample(range(first, last + 1), 200)))).all()
    units = db.session.scalars(select(text("id")).select_from(text("unit")).where(text("parent_id IS NULL"))).all()
    rows, others = [], []
    for n in range(max(SIZES)):
        base = {"campaign_id": campaign_2025, "state": State.COUNCIL_REVIEW, "submitted_at": AT,
                "state_changed_at": AT, "created_at": AT, "updated_at": AT, "achievement_summary": "Thành tích.",
                "nominee_position": "Chuyên viên"}
        if n % 10 == 9:  # a collective: a unit of the province proposed for the provincial flag
            unit_id = units[n % len(units)]
            name = f"Tập thể {n}"
            collective = Collective(kind=CollectiveKind.UNIT, name=name, search_key=fold(name), unit_id=unit_id)
            db.session.add(collective)
            db.session.flush()
            rows.append(base | {"unit_id": unit_id, "award_id": awards["co_thi_dua_tinh"],
                                "nominee_kind": NomineeKind.COLLECTIVE, "nominee_name": name,
                                "nominee_key": nominee_key(NomineeKind.COLLECTIVE, name, None),
                                "nominee_collective_id": collective.id, "search_key": fold(name)})
            continue
        person_id, name, birth_year, unit_id = people[n]
        unit_id = unit_id or units[0]
        row = base | {"unit_id": unit_id, "award_id": awards[INDIVIDUAL_AWARDS[n % len(INDIVIDUAL_AWARDS)]],
                      "nominee_kind": NomineeKind.INDIVIDUAL, "nominee_name": name,
                      "nominee_birth_year": birth_year, "nominee_person_id": person_id,
                      "nominee_key": nominee_key(NomineeKind.INDIVIDUAL, name, birth_year), "search_key": fold(name)}
        rows.append(row)
        if n % 7 == 0:  # a second, pending proposal of the same person (the duplicate rule reads it)
            others.append(row | {"campaign_id": campaign_2026, "state": State.APPRAISAL})
        if n % 3 == 0:
            for k in range(2):
                db.session.add(Initiative(person_id=person_id, title=f"Sáng kiến {n}-{k}", year=2024 + k,
                                          scope=Scope.PROVINCE if k else Scope.UNIT, document="QĐ công nhận"))
        if n % 25 == 0:
            db.session.add(Discipline(person_id=person_id, status=DisciplineStatus.UNDER_REVIEW,
                                      since=date(2025, 3, 1)))
    db.session.execute(insert(Dossier), rows + others)
    dossier_ids = db.session.scalars(select(Dossier.id).where(Dossier.state == State.COUNCIL_REVIEW)
                                     .order_by(Dossier.id)).all()
    sessions = {}
    for size in SIZES:
        council = CouncilSession(name=f"Phiên họp {size} hồ sơ", held_on=date(2026, 1, 25), members_total=21,
                                 members_present=19)
        db.session.add(council)
        db.session.flush()
        db.session.execute(insert(CouncilAgendaItem),
                           [{"session_id": council.id, "dossier_id": d} for d in dossier_ids[:size]])
        sessions[size] = council.id
    db.session.commit()
    return sessions


def build(url: str | None, people: int, entries: int):
    folder = tempfile.mkdtemp(prefix="bench-agenda-")
    if url:
        app = make_app(url, folder, SCHEMA)
        with app.app_context():
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}"))
    else:
        app = make_app(f"sqlite:///{folder}/bench.sqlite", folder)
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        seed_organisation()
        seed_rules()
        db.session.commit()
        made, source = seed_registry_or_own(db.engine, people, entries)
        sessions = seed_agenda(made, random.Random(2026))
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        seconds = time.perf_counter() - started
        entries_made = made["entries"]
    print(f"seeded {entries_made:,} registry entries for {people:,} people ({source}) and the agendas "
          f"in {seconds:.1f} s ({'PostgreSQL' if url else 'SQLite'})", file=sys.stderr)
    return app, sessions


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--entries", type=int, default=None)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL")
    people = args.people or (200_000 if url else 20_000)
    entries = args.entries or (1_000_000 if url else 100_000)
    app, sessions = build(url, people, entries)
    with app.app_context():
        engine = db.engine
    counter = {"n": 0}
    event.listen(engine, "before_cursor_execute", lambda *a: counter.__setitem__("n", counter["n"] + 1))
    secretary = login(app, "secretary")

    def lines(size: int) -> int:
        with app.test_request_context():
            # The agenda's dossiers as the session page loads them (with award and unit), in one statement.
            dossiers = db.session.scalars(
                select(Dossier).join(CouncilAgendaItem, CouncilAgendaItem.dossier_id == Dossier.id)
                .where(CouncilAgendaItem.session_id == sessions[size])
                .options(joinedload(Dossier.award), joinedload(Dossier.unit))).all()
            found = eligibility_lines(dossiers)
            db.session.remove()
            return len(found)

    def page(size: int) -> int:
        response = secretary.get(f"/council/{sessions[size]}")
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True).count("data-verdict=")

    kinds = {"eligibility (batch)": lines, "agenda page": page}
    samples = {(kind, size): [] for kind in kinds for size in SIZES}
    counts = {(kind, size): set() for kind in kinds for size in SIZES}
    shown = {}
    for kind, run in kinds.items():
        for size in SIZES:
            for _ in range(3):  # warm-up
                shown[(kind, size)] = run(size)
        for _ in range(args.requests):
            for size in SIZES:
                counter["n"] = 0
                start = time.perf_counter()
                run(size)
                samples[(kind, size)].append((time.perf_counter() - start) * 1000)
                counts[(kind, size)].add(counter["n"])
    database = "PostgreSQL" if url else "SQLite"
    print(f"| agenda eligibility ({database}, {entries:,} registry entries) | dossiers | verdicts | p50 ms | p95 ms "
          f"| statements |")
    print("|---|---:|---:|---:|---:|---:|")
    for (kind, size), times in samples.items():
        print(f"| {kind} | {size} | {shown[(kind, size)]} | {statistics.median(times):.1f} | "
              f"{percentile(times, 0.95):.1f} | {', '.join(map(str, sorted(counts[(kind, size)])))} |")
    p95 = percentile(samples[("eligibility (batch)", max(SIZES))], 0.95)
    print(f"\n- {'PASS' if p95 <= GOAL_MS else 'FAIL'}: eligibility for an agenda of {max(SIZES)} dossiers "
          f"p95 {p95:.1f} ms (goal ≤ {GOAL_MS:.0f} ms)")
    for kind in kinds:
        same = counts[(kind, SIZES[0])] == counts[(kind, SIZES[-1])]
        print(f"- {'PASS' if same else 'FAIL'}: {kind}: statements at {SIZES[0]} "
              f"{sorted(counts[(kind, SIZES[0])])} and at {SIZES[-1]} {sorted(counts[(kind, SIZES[-1])])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
