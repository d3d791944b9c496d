"""The dashboard (issue 12): numbers on a small known dataset, scoping, filters in the URL, the XLSX
exports, and a statement count that does not grow with the data."""
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from app.dashboard import stats
from app.extensions import db
from app.models import AwardLevel, DossierEvent, Gender, OccupationGroup, Role, State

MARCH = date(2025, 3, 3)  # a Monday; no public holiday in March 2025


def _event(dossier, to_state, day, hour=2):
    db.session.add(DossierEvent(dossier=dossier, action="move", actor_role=Role.OFFICER, to_state=to_state,
                                created_at=datetime(day.year, day.month, day.day, hour, tzinfo=UTC)))
    db.session.flush()


@pytest.fixture
def data(make):
    """Units A (with sub-unit A1) and B; movement M1's 2025 campaign and M2's 2026 one; awards X, Y."""
    a = make.make_unit("Sở Alpha")
    a1 = make.make_unit("Phòng Alpha Một", parent=a)
    b = make.make_unit("Sở Beta")
    c1 = make.make_campaign(2025, "Đợt M1 2025")
    c2 = make.make_campaign(2026, "Đợt M2 2026")
    x = make.make_award(name="Bằng khen X", level=AwardLevel.PROVINCIAL)
    y = make.make_award(name="Huân chương Y", level=AwardLevel.CENTRAL)
    woman = make.make_person("Lò Thị Một", gender=Gender.FEMALE, is_ethnic_minority=True, ethnicity="Thái",
                             occupation_group=OccupationGroup.FARMER)
    man = make.make_person("Trần Văn Hai", gender=Gender.MALE, ethnicity="Kinh",
                           occupation_group=OccupationGroup.LEADER)
    unknown = make.make_person("Không Rõ")
    d1 = make.make_dossier(a, award=x, campaign=c1, state=State.SUBMITTED, stage_due_on=date(2020, 1, 1),
                           nominee_person=woman)
    d2 = make.make_dossier(a, award=x, campaign=c1, state=State.AWARDED, central_decision_number="1/QĐ",
                           stage_due_on=date(2020, 1, 1), nominee_person=man)
    d3 = make.make_dossier(a, award=y, campaign=c1, state=State.APPRAISAL)
    d4 = make.make_dossier(a1, award=y, campaign=c1, state=State.SUBMITTED, nominee_gender=Gender.FEMALE)
    make.make_dossier(b, award=x, campaign=c1, state=State.SUBMITTED, nominee_person=unknown)
    make.make_dossier(b, award=x, campaign=c1, state=State.DRAFT)
    make.make_dossier(a, award=x, campaign=c2, state=State.SUBMITTED)
    # Submitted stage: 3, 1 and 5 working days; d3's draft stage 0; its appraisal is still open.
    for dossier, days in ((d1, 3), (d2, 1), (d3, 5)):
        _event(dossier, State.SUBMITTED, MARCH)
        _event(dossier, State.APPRAISAL, date(2025, 3, 3 + days + (2 if days == 5 else 0)))
    cluster = make.make_cluster("Cụm Một", members=(a, a1), year=2025)
    db.session.commit()
    return {"a": a, "a1": a1, "b": b, "c1": c1, "c2": c2, "x": x, "y": y, "d4": d4, "cluster": cluster,
            "m1": c1.movement_id}


def _tables(app, user, **filters):
    with app.test_request_context("/dashboard/"):
        return {k: {row[0]: row[1:] for row in t.rows} for k, t in
                stats.compute(user, stats.Filters(**filters)).items()}


def test_province_numbers(app, make, data):
    appraiser = make.make_user(Role.APPRAISER)
    t = _tables(app, appraiser, movement=data["m1"])
    assert t["state"] == {"Submitted to Home Affairs": [3], "Under appraisal": [1], "Awarded": [1]}
    assert t["overdue"]["Submitted to Home Affairs"] == [3, 1]  # d2's deadline passed too, but it is final
    assert "Awarded" not in t["overdue"]
    assert t["award"] == {"Bằng khen X": [3, 1], "Huân chương Y": [2, 0]}
    assert t["level"] == {"Provincial": [3, 1], "Central (province proposes)": [2, 0]}
    assert t["unit"] == {"Sở Alpha": [3], "Phòng Alpha Một": [1], "Sở Beta": [1]}
    assert t["cluster"] == {"Cụm Một": [4]}
    assert t["stages"]["Submitted to Home Affairs"] == [3, 5, 3]  # median, 90th percentile, finished stages
    # Shares of award X: d1 (woman, minority, farmer), d2 (man, Kinh, leader), Sở Beta's (nothing recorded).
    assert t["shares"]["Bằng khen X"] == [3, 1, 50.0, 1, 1, 50.0, 1, 1, 50.0, 1, 0, 1]
    # Award Y: no records; d4's own gender says female, d3 says nothing.
    shares_y = t["shares"]["Huân chương Y"]
    assert shares_y[:4] == [2, 1, 100.0, 1]
    assert shares_y[6] == 2 and isinstance(shares_y[5], str)  # ethnicity: "not recorded", not 0 %
    # The whole province without filters adds the 2026 dossier; drafts stay out.
    assert _tables(app, appraiser)["award"]["Bằng khen X"] == [4, 1]


def test_percentile_nearest_rank():
    assert stats.percentile([(1, 1), (3, 1), (5, 1)], 0.5) == 3
    assert stats.percentile([(1, 1), (3, 1), (5, 1)], 0.9) == 5
    assert stats.percentile([(0, 9), (10, 1)], 0.9) == 0
    assert stats.percentile([(0, 9), (10, 2)], 0.9) == 10


def test_unit_sees_its_own_tree_only(app, make, data):
    officer = make.make_user(Role.OFFICER, data["a"])
    t = _tables(app, officer, year=2025)
    assert t["unit"] == {"Sở Alpha": [3], "Phòng Alpha Một": [1]}
    assert sum(v[0] for v in t["state"].values()) == 4
    sub = make.make_user(Role.OFFICER, data["a1"])
    assert _tables(app, sub)["unit"] == {"Phòng Alpha Một": [1]}


def test_unit_filter_outside_scope_is_ignored(app, make, data, login):
    officer = make.make_user(Role.OFFICER, data["a"])
    client = login(officer)
    html = client.get(f"/dashboard/?unit={data['b'].id}").get_data(as_text=True)
    assert "Sở Beta" not in html
    assert "Sở Alpha" in html
    # Even straight to the numbers (no view in between) the scope bounds the filter: nothing of B's.
    t = _tables(app, officer, unit=data["b"].id)
    assert all(not rows for rows in t.values())


def test_filters_in_the_url_and_htmx_region(app, make, data, login):
    client = login(make.make_user(Role.APPRAISER))
    page = client.get(f"/dashboard/?award={data['y'].id}&year=2025").get_data(as_text=True)
    assert 'id="dashboard-filters"' in page
    assert f'<option value="{data["y"].id}" selected>' in page
    results = page.split('id="dashboard-results"')[1]
    assert "Huân chương Y" in results and "Sở Beta" not in results  # B has no Y dossiers
    region = client.get(f"/dashboard/?cluster={data['cluster'].id}",
                        headers={"HX-Request": "true", "HX-Target": "dashboard-results"})
    html = region.get_data(as_text=True)
    assert "<html" not in html and 'role="img"' in html and "<title" in html
    assert "Sở Beta" not in html
    # The export links carry the filters.
    assert f"/dashboard/export/unit.xlsx?cluster={data['cluster'].id}" in html


def test_hostile_filters_are_ignored(app, make, data, login):
    client = login(make.make_user(Role.APPRAISER))
    for query in ("year=²", "year=٢٠٢٥", "year=99999", "unit=-1", "cluster=x", "award=1e9",
                  "movement=99999999999999999999"):
        assert client.get(f"/dashboard/?{query}").status_code == 200, query
        assert client.get(f"/dashboard/export/state.xlsx?{query}").status_code == 200, query


def test_exports_read_back(app, make, data, login):
    client = login(make.make_user(Role.APPRAISER))
    response = client.get(f"/dashboard/export/award.xlsx?movement={data['m1']}")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.data)).active
    rows = [r for r in sheet.iter_rows(values_only=True)]
    assert rows[3] == ("Award", "Dossiers", "Awarded")
    assert ("Bằng khen X", 3, 1) in rows and ("Huân chương Y", 2, 0) in rows
    for key in stats.TABLES:
        assert client.get(f"/dashboard/export/{key}.xlsx").status_code == 200
    assert client.get("/dashboard/export/nothing.xlsx").status_code == 404


def test_export_is_scoped(app, make, data, login):
    client = login(make.make_user(Role.OFFICER, data["b"]))
    response = client.get(f"/dashboard/export/unit.xlsx?unit={data['a'].id}")
    names = [r[0] for r in load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True)]
    assert "Sở Beta" in names and "Sở Alpha" not in names


def test_cluster_lead_sees_led_cluster(app, make, data):
    lead_unit = make.make_unit("Sở Dẫn")
    make.add_cluster_year(data["cluster"], 2026, lead=lead_unit)
    from app.models import ClusterLeadership
    db.session.add(ClusterLeadership(cluster=data["cluster"], year=2025, lead_unit=lead_unit))
    lead = make.make_user(Role.CLUSTER_LEAD, lead_unit)
    t = _tables(app, lead)
    assert t["unit"] == {"Sở Alpha": [3], "Phòng Alpha Một": [1]}


def test_anonymous_and_links(app, make, data, client, login):
    assert client.get("/dashboard/").status_code in (302, 303)
    client = login(make.make_user(Role.APPRAISER))
    home = client.get("/").get_data(as_text=True)
    assert 'id="nav-dashboard"' in home and 'id="home-dashboard"' in home


def _seed(make, unit, campaign, award, count):
    for n in range(count):
        dossier = make.make_dossier(unit, award=award, campaign=campaign, state=State.SUBMITTED,
                                    stage_due_on=date(2020, 1, 1),
                                    nominee_person=make.make_person(f"Người {n}", gender=Gender.FEMALE))
        _event(dossier, State.SUBMITTED, MARCH)
        _event(dossier, State.APPRAISAL, date(2025, 3, 3 + n % 20))
    db.session.commit()


def test_statement_count_constant(app, make, count_queries):
    unit = make.make_unit("Sở Một")
    campaign, award = make.make_campaign(2025), make.make_award()
    make.make_cluster(members=(unit,), year=2025)
    clients = (make.signed_in_client(app, make.make_user(Role.APPRAISER)),
               make.signed_in_client(app, make.make_user(Role.OFFICER, unit)))

    def statements() -> list[int]:
        counts = []
        for client in clients:
            db.session.expunge_all()
            client.get("/dashboard/")
            with count_queries() as counter:
                assert client.get("/dashboard/?year=2025").status_code == 200
            counts.append(counter.count)
        return counts

    _seed(make, unit, campaign, award, 10)
    few = statements()
    unit, campaign, award = (db.session.merge(o) for o in (unit, campaign, award))
    _seed(make, unit, campaign, award, 90)
    assert statements() == few
