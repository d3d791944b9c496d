"""Seed the award registry fast: people, their registry entries and yearly ratings (issue 8's benchmark).

``seed_registry(engine, people=200_000, entries=1_000_000)`` fills a database that already has units and
awards (``bench/seed.py``'s ``seed_organisation``): people spread over the units (the bench officer's
department a big one, 11 %), ``entries`` registry entries (years 2000–2025, each person's years distinct,
mostly yearly titles, some thematic and ad hoc), and ``rating_years`` yearly ratings per person. On
PostgreSQL rows go through ``COPY … FROM STDIN`` (psycopg): 1,000,000 entries take about a minute; on SQLite
through executemany (use it for small sizes). Ids are given explicitly and the sequences moved past them.

Reused by other benchmarks (the council agenda's eligibility): the return value names what was made.
"""
import itertools
import random
from array import array
from collections.abc import Iterator
from datetime import UTC, date, datetime

from sqlalchemy import Engine, text

from bench.seed import OFFICER_UNIT_CODE, POSITIONS, _person

# Individual titles and awards, with how often a unit records each (titles dominate).
ENTRY_WEIGHTS = {"cstd_co_so": 30, "giay_khen": 35, "bang_khen_tinh": 15, "lao_dong_tien_tien": 40,
                 "cstd_tinh": 3, "bang_khen_ttg": 1, "huan_chuong_ld_3": 0.3}
KIND_WEIGHTS = (("yearly", 85), ("thematic", 10), ("ad_hoc", 5))
RATING_WEIGHTS = (("htxs", 20), ("htt", 50), ("ht", 27), ("kht", 3))
FIRST_YEAR, LAST_YEAR = 2000, 2025
CREATED = datetime(2026, 1, 10, 2, 0, tzinfo=UTC)

PERSON_COLUMNS = ("id", "full_name", "search_key", "gender", "birth_year", "ethnicity", "is_ethnic_minority",
                  "occupation_group", "unit_id", "position", "created_at")
ENTRY_COLUMNS = ("id", "person_id", "award_id", "year", "campaign_kind", "authority", "decision_number",
                 "decision_date", "source", "created_at")
RATING_COLUMNS = ("id", "person_id", "year", "rating")


def _fold(value: str) -> str:
    from app.text import fold

    return fold(value)


def _read_catalogue(conn) -> tuple[list[int], dict[int, int], list[tuple[int, str]], dict[int, str]]:
    units = [row[0] for row in conn.execute(text("SELECT id FROM unit ORDER BY id"))]
    officer_unit = conn.execute(text("SELECT id FROM unit WHERE code = :c"), {"c": OFFICER_UNIT_CODE}).scalar()
    weights = {uid: (4 if uid == officer_unit else 1) for uid in units}  # about 11 % of the people
    awards = [(row[0], row[1]) for row in conn.execute(text("SELECT id, code FROM award WHERE for_individual"))]
    names = {uid: name for uid, name in conn.execute(text("SELECT id, name FROM unit"))}
    return units, weights, awards, names


def _start(conn, table: str) -> int:
    return (conn.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0) + 1


def _people(rng: random.Random, start: int, people: int, units: list[int], weights: list[int],
            unit_of: array) -> Iterator[tuple]:
    created = CREATED.isoformat()
    for n in range(people):
        name, gender = _person(rng)
        unit_id = rng.choices(units, weights=weights)[0]
        unit_of.append(unit_id)
        minority = rng.random() < 0.12
        yield (start + n, name, _fold(name), gender.value, rng.randint(1960, 2000), "Jrai" if minority else "Kinh",
               minority, rng.choice(("leader", "staff", "staff", "staff", "direct_worker", "farmer")), unit_id,
               rng.choice(POSITIONS), created)


def _entry_counts(rng: random.Random, people: int, entries: int, most: int) -> list[int]:
    """How many entries each person has: from 1 to about twice the mean (a few people have a long history,
    some one title), adding up to ``entries`` exactly."""
    mean = entries / people
    high = max(1, min(most, round(2 * mean - 1)))
    counts = [rng.randint(1, high) for _ in range(people)]
    difference = entries - sum(counts)
    while difference:
        n = rng.randrange(people)
        step = 1 if difference > 0 else -1
        if 1 <= counts[n] + step <= most:
            counts[n] += step
            difference -= step
    return counts


def _entries(rng: random.Random, start: int, person_start: int, entries: int, unit_of: array,
             awards: list[tuple[int, str]], unit_names: dict[int, str]) -> Iterator[tuple]:
    counts = _entry_counts(rng, len(unit_of), entries, LAST_YEAR - FIRST_YEAR + 1)
    created = CREATED.isoformat()
    award_ids = [a for a, _code in awards]
    award_weights = [ENTRY_WEIGHTS.get(code, 1) for _a, code in awards]
    kinds, kind_w = zip(*KIND_WEIGHTS, strict=True)
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    entry_id = start
    for n, unit_id in enumerate(unit_of):
        for year in sorted(rng.sample(years, counts[n])):
            yield (entry_id, person_start + n, rng.choices(award_ids, weights=award_weights)[0], year,
                   rng.choices(kinds, weights=kind_w)[0], f"Giám đốc {unit_names[unit_id]}"[:255],
                   f"{rng.randint(1, 999)}/QĐ-{unit_id}",
                   date(min(year + 1, LAST_YEAR + 1), 1, rng.randint(5, 28)).isoformat(),
                   "imported" if rng.random() < 0.6 else "unit_decision", created)
            entry_id += 1


def _ratings(rng: random.Random, start: int, person_start: int, people: int, rating_years: int) -> Iterator[tuple]:
    ratings, rating_w = zip(*RATING_WEIGHTS, strict=True)
    rating_id = start
    for n in range(people):
        for year in range(LAST_YEAR - rating_years + 1, LAST_YEAR + 1):
            yield (rating_id, person_start + n, year, rng.choices(ratings, weights=rating_w)[0])
            rating_id += 1


def _copy(raw, table: str, columns: tuple[str, ...], rows: Iterator[tuple]) -> int:
    count = 0
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _insert(conn, table: str, columns: tuple[str, ...], rows: Iterator[tuple]) -> int:
    statement = text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})")
    count = 0
    for chunk in iter(lambda: list(itertools.islice(rows, 5000)), []):
        conn.execute(statement, [dict(zip(columns, row, strict=True)) for row in chunk])
        count += len(chunk)
    return count


def seed_registry(engine: Engine, people: int = 200_000, entries: int = 1_000_000, *, rating_years: int = 5,
                  seed: int = 2026) -> dict:
    """Insert ``people`` people with ``entries`` registry entries and ``rating_years`` ratings each.

    Returns ``{"people": (first id, last id), "entries": n, "ratings": n, "officer_unit": id}``.
    """
    rng = random.Random(seed)
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        units, unit_weights, awards, unit_names = _read_catalogue(conn)
        if not units or not awards:
            raise SystemExit("seed the organisation first (bench/seed.py: seed_organisation)")
        person_start = _start(conn, "person")
        unit_of: array = array("i")
        streams = (
            ("person", PERSON_COLUMNS,
             lambda: _people(rng, person_start, people, units, [unit_weights[u] for u in units], unit_of)),
            ("registry_entry", ENTRY_COLUMNS,
             lambda: _entries(rng, _start(conn, "registry_entry"), person_start, entries, unit_of, awards,
                              unit_names)),
            ("performance_rating", RATING_COLUMNS,
             lambda: _ratings(rng, _start(conn, "performance_rating"), person_start, people, rating_years)),
        )
        counts = {}
        for table, columns, rows in streams:
            if postgres:
                counts[table] = _copy(conn.connection.driver_connection, table, columns, rows())
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
            else:
                counts[table] = _insert(conn, table, columns, rows())
        officer_unit = conn.execute(text("SELECT id FROM unit WHERE code = :c"), {"c": OFFICER_UNIT_CODE}).scalar()
    if postgres:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE person; ANALYZE registry_entry; ANALYZE performance_rating"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return {"people": (person_start, person_start + people - 1), "entries": counts["registry_entry"],
            "ratings": counts["performance_rating"], "officer_unit": officer_unit}
