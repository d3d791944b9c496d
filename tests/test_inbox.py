"""The inbox ("Việc cần xử lý"): what waits for each user, deadlines, bulk actions, the submission list."""
import io
from datetime import timedelta

import lxml.html
import openpyxl
import pytest

from app.extensions import db
from app.models import AwardLevel, Dossier, Role
from app.models.states import State
from app.workflow.calendar import WorkingCalendar
from app.workflow.engine import local_today


class Province:
    """Units A and B (and the lead L) in cluster K; L leads K in 2025, M in 2026; C in another cluster."""

    def __init__(self, make, app):
        self.make, self.app = make, app
        self.a = make.make_unit("Sở Khoa học và Công nghệ")
        self.b = make.make_unit("Sở Y tế")
        self.l = make.make_unit("Sở Tài chính")
        self.m = make.make_unit("Sở Xây dựng")
        self.c = make.make_unit("UBND phường Quy Nhơn")
        self.n = make.make_unit("UBND phường Pleiku")
        make.make_cluster("Cụm các sở 2025", members=[self.a, self.b, self.l], year=2025, lead=self.l)
        cluster_2026 = make.make_cluster("Cụm các sở 2026", members=[self.a, self.b, self.m], year=2026, lead=self.m)
        assert cluster_2026
        make.make_cluster("Cụm phường", members=[self.c, self.n], year=2025, lead=self.n)
        self.c2025, self.c2026 = make.make_campaign(2025), make.make_campaign(2026)
        self.report = make.make_attachment_type(name="Báo cáo thành tích")
        self.award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh", required=[self.report])
        self.central = make.make_award(name="Bằng khen của Thủ tướng Chính phủ", level=AwardLevel.CENTRAL,
                                       required=[self.report])
        self.own = make.make_award(name="Giấy khen", level=AwardLevel.UNIT, required=[self.report])
        home_affairs = make.make_unit("Sở Nội vụ")
        self.people = {
            "officer_a": make.make_actor(Role.OFFICER, self.a), "head_a": make.make_actor(Role.UNIT_HEAD, self.a),
            "officer_b": make.make_actor(Role.OFFICER, self.b), "head_b": make.make_actor(Role.UNIT_HEAD, self.b),
            "lead_2025": make.make_actor(Role.CLUSTER_LEAD, self.l),
            "lead_2026": make.make_actor(Role.CLUSTER_LEAD, self.m),
            "lead_wards": make.make_actor(Role.CLUSTER_LEAD, self.n),
            "appraiser": make.make_actor(Role.APPRAISER, home_affairs),
            "secretary": make.make_actor(Role.SECRETARY, home_affairs),
            "admin": make.make_actor(Role.ADMIN),
        }

    def dossier(self, unit, state, name, campaign=None, award=None, **kw):
        if state is State.ON_HOLD:
            kw.setdefault("held_from_state", State.APPRAISAL)
        if state is State.AWARDED:
            kw.setdefault("decision_id", self.make.make_decision(award or self.award).id)
        return self.make.make_complete_dossier(unit, award=award or self.award, campaign=campaign or self.c2025,
                                               state=state, name=name, **kw)

    def client(self, who):
        return self.make.signed_in_client(self.app, self.people[who])


@pytest.fixture
def province(make, app):
    return Province(make, app)


@pytest.fixture
def everything(province):
    p = province
    for unit, state, name, kw in [
        (p.a, State.DRAFT, "A nháp", {}), (p.a, State.RETURNED, "A trả lại", {}),
        (p.a, State.UNIT_REVIEW, "A chờ một", {}), (p.a, State.UNIT_REVIEW, "A chờ hai", {}),
        (p.a, State.CLUSTER_REVIEW, "A cụm 2025", {}), (p.a, State.CLUSTER_REVIEW, "A cụm 2026", {"campaign": p.c2026}),
        (p.a, State.SUBMITTED, "A đã nộp", {}), (p.a, State.APPRAISAL, "A thẩm định", {}),
        (p.a, State.PUBLIC_NOTICE, "A công khai", {"award": p.central}),
        (p.a, State.COUNCIL_REVIEW, "A hội đồng", {}), (p.a, State.APPROVED, "A được duyệt", {}),
        (p.a, State.PROPOSED_TO_CENTRAL, "A trình trung ương", {"award": p.central}),
        (p.a, State.ON_HOLD, "A tạm dừng", {}), (p.a, State.WITHDRAWN, "A đã rút", {}),
        (p.a, State.AWARDED, "A đã khen", {}), (p.a, State.NOT_APPROVED, "A không đạt", {}),
        (p.b, State.DRAFT, "B nháp", {}), (p.b, State.UNIT_REVIEW, "B chờ", {}),
        (p.b, State.CLUSTER_REVIEW, "B cụm 2025", {}), (p.b, State.SUBMITTED, "B đã nộp", {}),
        (p.c, State.CLUSTER_REVIEW, "C cụm 2025", {}),
        # A unit-level award waits for its unit's own council (the officer records its votes), then for its
        # head's decision: never for the provincial secretary.
        (p.a, State.COUNCIL_REVIEW, "A hội đồng cơ sở", {"award": p.own}),
        (p.a, State.APPROVED, "A chờ Giám đốc", {"award": p.own}),
    ]:
        p.dossier(unit, state, name, **kw)
    db.session.commit()
    return p


def read_inbox(client, query: str = ""):
    response = client.get("/inbox" + query)
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    names = {a.text_content().strip() for a in doc.xpath('//table[@id="inbox-table"]/tbody/tr/td/a')}
    counts = {a.get("data-state"): int(a.xpath('./span[contains(@class, "badge")]')[0].text_content())
              for a in doc.xpath('//ul[@id="inbox-stages"]//a[@data-state]')}
    return names, counts, doc


@pytest.mark.parametrize("who, names, counts", [
    ("officer_a", {"A nháp", "A trả lại", "A hội đồng cơ sở"}, {"draft": 1, "returned": 1, "council_review": 1}),
    ("officer_b", {"B nháp"}, {"draft": 1, "returned": 0, "council_review": 0}),
    ("head_a", {"A chờ một", "A chờ hai", "A chờ Giám đốc"}, {"unit_review": 2, "approved": 1}),
    ("head_b", {"B chờ"}, {"unit_review": 1, "approved": 0}),
    ("lead_2025", {"A cụm 2025", "B cụm 2025"}, {"cluster_review": 2}),
    ("lead_2026", {"A cụm 2026"}, {"cluster_review": 1}),
    ("lead_wards", {"C cụm 2025"}, {"cluster_review": 1}),
    ("appraiser", {"A đã nộp", "B đã nộp", "A thẩm định", "A công khai", "A tạm dừng"},
     {"submitted": 2, "appraisal": 1, "public_notice": 1, "on_hold": 1}),
    ("secretary", {"A hội đồng", "A được duyệt", "A trình trung ương"},
     {"council_review": 1, "approved": 1, "proposed_to_central": 1}),
    ("admin", set(), {}),
])
def test_each_role_sees_exactly_the_dossiers_waiting_for_it(everything, who, names, counts):
    seen, seen_counts, doc = read_inbox(everything.client(who))
    assert seen == names
    assert seen_counts == counts
    total = doc.xpath('//ul[@id="inbox-stages"]//a[not(@data-state)]/span')[0].text_content()
    assert int(total) == len(names)


def test_a_stage_filter_shows_that_stage_only(everything):
    seen, counts, _ = read_inbox(everything.client("appraiser"), "?state=submitted")
    assert seen == {"A đã nộp", "B đã nộp"}
    assert counts["appraisal"] == 1  # the counts still cover every stage


def test_working_days_left_are_shown(province):
    calendar, today = WorkingCalendar(), local_today()
    soon = province.dossier(province.a, State.UNIT_REVIEW, "Sắp đến hạn",
                            stage_due_on=calendar.add_working_days(today, 7))
    late_due = today - timedelta(days=12)
    late = province.dossier(province.a, State.UNIT_REVIEW, "Quá hạn", stage_due_on=late_due)
    province.dossier(province.a, State.UNIT_REVIEW, "Không hạn")
    province.dossier(province.a, State.UNIT_REVIEW, "Gấp", stage_due_on=calendar.add_working_days(today, 2))
    _, _, doc = read_inbox(province.client("head_a"))
    rows = {row.xpath("./td/a")[0].text_content(): row.xpath("./td")[-1]
            for row in doc.xpath('//table[@id="inbox-table"]/tbody/tr')}
    cells = {name: cell.text_content().strip() for name, cell in rows.items()}
    overdue = -calendar.working_days_between(today, late_due)
    assert overdue > 0
    assert cells == {"Sắp đến hạn": "7", "Quá hạn": f"{overdue} overdue", "Không hạn": "—", "Gấp": "2"}
    badges = {name: cell.xpath("./span[contains(@class, 'badge')]/@class") for name, cell in rows.items()}
    assert badges == {"Sắp đến hạn": [], "Quá hạn": ["badge text-bg-danger"], "Không hạn": [],
                      "Gấp": ["badge text-bg-warning"]}  # late and nearly late stand out
    assert soon.id and late.id


# --- bulk ------------------------------------------------------------------------------------------

def _rows(doc, table_id):
    return {row.xpath("./td")[0].text_content().strip(): row.xpath("./td")[-1].text_content().strip()
            for row in doc.xpath(f'//table[@id="{table_id}"]/tbody/tr')}


@pytest.fixture
def head_batch(province, make):
    p = province
    ready = [p.dossier(p.a, State.UNIT_REVIEW, f"Nguyễn Văn Sẵn {i}") for i in (1, 2)]
    incomplete = make.make_dossier(p.a, award=p.award, campaign=p.c2025, state=State.UNIT_REVIEW,
                                   name="Trần Thị Thiếu")
    foreign = p.dossier(p.b, State.UNIT_REVIEW, "Lê Văn Đơn Vị Khác")
    db.session.commit()
    return ready, incomplete, foreign


def test_bulk_preview_lists_each_selected_dossier_with_its_precheck(province, head_batch):
    ready, incomplete, foreign = head_batch
    ids = [d.id for d in ready + [incomplete, foreign]]
    response = province.client("head_a").post("/inbox/bulk", data={"action": "approve", "ids": ids})
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    rows = _rows(doc, "bulk-table")
    assert set(rows) == {"Nguyễn Văn Sẵn 1", "Nguyễn Văn Sẵn 2", "Trần Thị Thiếu"}  # not the other unit's
    assert rows["Nguyễn Văn Sẵn 1"] == rows["Nguyễn Văn Sẵn 2"] == "ready"
    assert "Still missing" in rows["Trần Thị Thiếu"] and "Báo cáo thành tích" in rows["Trần Thị Thiếu"]
    assert {i.get("value") for i in doc.xpath('//table[@id="bulk-table"]//input[@name="ids"]')} == {
        str(d.id) for d in ready + [incomplete]}
    # Nothing is applied by the preview.
    db.session.expire_all()
    assert {db.session.get(Dossier, i).state for i in ids} == {State.UNIT_REVIEW}


def test_bulk_confirm_applies_each_on_its_own_and_reports_why_one_failed(province, head_batch):
    ready, incomplete, foreign = head_batch
    data = {"action": "approve", "confirm": "1", "ids": [d.id for d in ready + [incomplete, foreign]]}
    data.update({f"version-{d.id}": d.version for d in ready + [incomplete, foreign]})
    response = province.client("head_a").post("/inbox/bulk", data=data)
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    assert "2 of 3" in doc.xpath('//*[@id="bulk-summary"]')[0].text_content()
    rows = _rows(doc, "bulk-results")
    assert set(rows) == {"Nguyễn Văn Sẵn 1", "Nguyễn Văn Sẵn 2", "Trần Thị Thiếu"}
    assert "Still missing" in rows["Trần Thị Thiếu"]
    assert rows["Nguyễn Văn Sẵn 1"] == str(State.SUBMITTED.label)
    db.session.expire_all()
    assert [db.session.get(Dossier, d.id).state for d in ready] == [State.SUBMITTED, State.SUBMITTED]
    assert db.session.get(Dossier, incomplete.id).state is State.UNIT_REVIEW
    assert db.session.get(Dossier, foreign.id).state is State.UNIT_REVIEW  # smuggled in: ignored
    assert db.session.get(Dossier, foreign.id).events == []
    # The submission list offered is the one of the dossiers that passed.
    link = doc.xpath('//a[contains(@href, "submission-list.xlsx")]')[0].get("href")
    assert sorted(link.split("ids=")[1].replace("%2C", ",").split(",")) == sorted(str(d.id) for d in ready)


def test_bulk_confirm_refuses_a_dossier_changed_since_the_preview(province, head_batch):
    ready, _, _ = head_batch
    versions = {d.id: d.version for d in ready}
    changed = db.session.get(Dossier, ready[0].id)
    changed.nominee_position = "Phó Giám đốc"  # edited meanwhile: a new version
    db.session.commit()
    data = {"action": "approve", "confirm": "1", "ids": list(versions)}
    data.update({f"version-{i}": v for i, v in versions.items()})
    doc = lxml.html.fromstring(province.client("head_a").post("/inbox/bulk", data=data).get_data(as_text=True))
    rows = _rows(doc, "bulk-results")
    assert "has changed" in rows["Nguyễn Văn Sẵn 1"]
    assert rows["Nguyễn Văn Sẵn 2"] == str(State.SUBMITTED.label)
    db.session.expire_all()
    assert db.session.get(Dossier, ready[0].id).state is State.UNIT_REVIEW


def test_bulk_accept_by_the_appraiser_ignores_drafts_it_cannot_see(everything):
    p = everything
    ids = [d.id for d in db.session.scalars(db.select(Dossier).where(
        Dossier.nominee_name.in_(["A đã nộp", "B đã nộp", "A nháp"])))]
    data = {"action": "accept", "confirm": "1", "ids": ids}
    doc = lxml.html.fromstring(p.client("appraiser").post("/inbox/bulk", data=data).get_data(as_text=True))
    assert set(_rows(doc, "bulk-results")) == {"A đã nộp", "B đã nộp"}
    db.session.expire_all()
    states = {d.nominee_name: d.state for d in db.session.scalars(db.select(Dossier).where(Dossier.id.in_(ids)))}
    assert states == {"A đã nộp": State.APPRAISAL, "B đã nộp": State.APPRAISAL, "A nháp": State.DRAFT}


def test_bulk_endorse_by_a_cluster_lead_ignores_another_clusters_dossier(everything):
    p = everything
    by_name = {d.nominee_name: d.id for d in db.session.scalars(db.select(Dossier))}
    ids = [by_name["A cụm 2025"], by_name["C cụm 2025"], by_name["A cụm 2026"]]
    doc = lxml.html.fromstring(p.client("lead_2025").post(
        "/inbox/bulk", data={"action": "endorse", "confirm": "1", "ids": ids}).get_data(as_text=True))
    assert set(_rows(doc, "bulk-results")) == {"A cụm 2025"}
    db.session.expire_all()
    assert db.session.get(Dossier, by_name["A cụm 2025"]).state is State.SUBMITTED
    assert db.session.get(Dossier, by_name["C cụm 2025"]).state is State.CLUSTER_REVIEW
    assert db.session.get(Dossier, by_name["A cụm 2026"]).state is State.CLUSTER_REVIEW


@pytest.mark.parametrize("who, action", [("officer_a", "approve"), ("head_a", "accept"), ("appraiser", "approve"),
                                         ("head_a", "withdraw"), ("head_a", "")])
def test_bulk_with_an_action_the_role_has_no_bulk_form_of_is_403(province, head_batch, who, action):
    ready, _, _ = head_batch
    response = province.client(who).post("/inbox/bulk", data={"action": action, "confirm": "1",
                                                              "ids": [ready[0].id], "comment": "Rút"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Dossier, ready[0].id).state is State.UNIT_REVIEW


def test_bulk_without_a_visible_selection_is_422(province, head_batch):
    _, _, foreign = head_batch
    client = province.client("head_a")
    assert client.post("/inbox/bulk", data={"action": "approve"}).status_code == 422
    assert client.post("/inbox/bulk", data={"action": "approve", "ids": [foreign.id]}).status_code == 422


# --- submission list ---------------------------------------------------------------------------------

def test_submission_list_xlsx_reads_back_with_the_approved_names(province, head_batch):
    ready, _, foreign = head_batch
    client = province.client("head_a")
    data = {"action": "approve", "confirm": "1", "ids": [d.id for d in ready]}
    client.post("/inbox/bulk", data=data)
    ids = ",".join(str(i) for i in [d.id for d in ready] + [foreign.id])
    response = client.get(f"/inbox/submission-list.xlsx?ids={ids}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert values[1][0] == "Sở Khoa học và Công nghệ"
    body = [row for row in values[4:] if row and row[0] is not None]
    assert [(row[0], row[1]) for row in body] == [(1, "Nguyễn Văn Sẵn 1"), (2, "Nguyễn Văn Sẵn 2")]
    assert all(row[4] == "Bằng khen của Chủ tịch UBND tỉnh" for row in body)
    assert "Lê Văn Đơn Vị Khác" not in str(values)  # the other unit's id was ignored


def test_submission_list_of_only_foreign_ids_is_404(province, head_batch):
    _, _, foreign = head_batch
    assert province.client("head_a").get(f"/inbox/submission-list.xlsx?ids={foreign.id}").status_code == 404
