"""Scoring screens: who sees what before and after the lock, the criteria table, import errors, the live
total, the sheet form, adjustments, votes, unlock, and the scoreboard's bars."""
import html as html_module
import io
import re
from decimal import Decimal

import pytest
from flask_babel import gettext
from sqlalchemy import func, select

from app.extensions import db
from app.models import ClusterScoring, ScoreEntry, ScoreSheet, ScoringEvent, ScoringGroup, ScoringStatus, SheetStatus
from tests.factories import criteria_xlsx

D = Decimal
T = gettext  # messages are compared in whatever language the catalogue gives (msgids are English)


def text(response) -> str:
    """The page as a reader sees it: entities such as &#39; turned back into characters."""
    return html_module.unescape(response.get_data(as_text=True))


@pytest.fixture
def c(make, app):
    people = make.make_scoring_people()
    people.make = make

    def client(user):
        return make.signed_in_client(app, user)

    people.client = client
    return people


def sheet_id(scoring, unit) -> int:
    return next(s.id for s in scoring.sheets if s.unit_id == unit.id)


def item_id(scoring, code) -> int:
    return next(i.id for i in scoring.items if i.code == code)


def submitted_round(c, year=2025, lock=False, votes=False):
    scoring = c.make.make_scoring(c.cluster, year, status=ScoringStatus.OPEN)
    for offset, unit in enumerate((c.a, c.b, c.lead, c.deputy)):
        c.make.set_scores(scoring, unit, {"1.1": 26 - offset, "1.2": 20, "2.1": 30})
        if votes:
            c.make.record_vote(scoring, unit, 3)
    if lock:
        scoring.status = ScoringStatus.LOCKED
        c.make.record_meeting(scoring)
    db.session.commit()
    return scoring


# --- visibility ----------------------------------------------------------------------------------

def urls(scoring, c) -> dict[str, str]:
    base = f"/scoring/{scoring.id}"
    return {
        "own sheet": f"{base}/sheets/{sheet_id(scoring, c.a)}",
        "other sheet": f"{base}/sheets/{sheet_id(scoring, c.b)}",
        "scoreboard": f"{base}/scoreboard",
        "scoreboard xlsx": f"{base}/scoreboard.xlsx",
        "other unit's profile": f"{base}/units/{c.b.id}",
        "minutes": f"{base}/minutes.docx",
    }


BEFORE_LOCK = {  # viewer → expected status per page
    "officer_a": {"own sheet": 200, "other sheet": 404, "scoreboard": 404, "scoreboard xlsx": 404,
                  "other unit's profile": 404, "minutes": 404},
    "head_b": {"own sheet": 404, "other sheet": 200, "scoreboard": 404, "scoreboard xlsx": 404,
               "other unit's profile": 404, "minutes": 404},
    "lead_user": {"own sheet": 200, "other sheet": 200, "scoreboard": 200, "scoreboard xlsx": 200,
                  "other unit's profile": 200, "minutes": 404},
    "deputy_user": {"own sheet": 200, "other sheet": 200, "scoreboard": 200, "scoreboard xlsx": 200,
                    "other unit's profile": 200, "minutes": 404},
    "admin": {"own sheet": 200, "other sheet": 200, "scoreboard": 200, "scoreboard xlsx": 200,
              "other unit's profile": 200, "minutes": 404},
}


@pytest.mark.parametrize("viewer", list(BEFORE_LOCK))
def test_before_lock_a_member_sees_only_its_own_sheet(c, viewer):
    scoring = submitted_round(c)
    client = c.client(getattr(c, viewer))
    got = {name: client.get(url).status_code for name, url in urls(scoring, c).items()}
    assert got == BEFORE_LOCK[viewer]


@pytest.mark.parametrize("viewer", ["officer_a", "head_b", "head_lead", "lead_user", "deputy_user", "admin"])
def test_after_lock_the_scoreboard_and_sheets_are_visible_to_members(c, viewer):
    scoring = submitted_round(c, lock=True)
    client = c.client(getattr(c, viewer))
    got = {name: client.get(url).status_code for name, url in urls(scoring, c).items()}
    assert got == dict.fromkeys(got, 200)


def test_a_member_sees_nothing_of_a_cluster_it_does_not_belong_to(c):
    scoring = submitted_round(c, lock=True)
    stranger = c.make.make_actor(c.officer_a.role, c.make.make_unit("Sở ngoài cụm"))
    client = c.client(stranger)
    assert {client.get(url).status_code for url in urls(scoring, c).values()} == {404}
    assert client.get(f"/scoring/{scoring.id}").status_code == 404


def test_a_lead_of_2025_sees_only_its_own_units_sheet_of_2026(c):
    scoring = submitted_round(c, year=2026)
    client = c.client(c.lead_user)  # Sở Tài chính leads 2025; in 2026 it is a plain member
    assert client.get(f"/scoring/{scoring.id}/scoreboard").status_code == 404
    assert client.get(f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.b)}").status_code == 404
    assert client.get(f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.lead)}").status_code == 200
    assert c.client(c.deputy_user).get(f"/scoring/{scoring.id}/scoreboard").status_code == 200


def test_the_member_round_page_leads_to_its_sheet_until_the_lock(c):
    scoring = submitted_round(c)
    client = c.client(c.officer_a)
    response = client.get(f"/scoring/{scoring.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.a)}")
    scoring.status = ScoringStatus.LOCKED
    db.session.commit()
    page = client.get(f"/scoring/{scoring.id}")
    assert page.status_code == 200 and 'id="scoreboard-link"' in page.get_data(as_text=True)


def test_the_rounds_list_shows_only_the_rounds_one_takes_part_in(c):
    mine = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.OPEN)
    other = c.make.make_cluster("Khối kinh tế", members=[c.make.make_unit("Sở Công Thương")], year=2025)
    c.make.make_scoring(other, 2025, status=ScoringStatus.OPEN)
    db.session.commit()
    html = c.client(c.officer_a).get("/scoring/").get_data(as_text=True)
    assert f"/scoring/{mine.id}\"" in html and "Khối kinh tế" not in html
    assert "Khối kinh tế" in c.client(c.admin).get("/scoring/").get_data(as_text=True)


# --- another member's sheet by URL ---------------------------------------------------------------

@pytest.mark.parametrize("method, suffix, data", [
    ("get", "", None),
    ("post", "", {"score-ITEM": "20"}),
    ("post", "/total", {"score-ITEM": "20"}),
    ("post", "/submit", {}),
    ("post", "/items/ITEM/evidence", {}),
    ("get", "/items/ITEM/evidence", None),
    ("post", "/items/ITEM/adjust", {"adjusted-ITEM": "1", "reason-ITEM": "x"}),
])
def test_another_members_sheet_is_not_found_before_lock(c, method, suffix, data):
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.OPEN)
    db.session.commit()
    item = str(item_id(scoring, "1.1"))
    url = f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.b)}" + suffix.replace("ITEM", item)
    client = c.client(c.officer_a)
    kwargs = {"data": {k.replace("ITEM", item): v for k, v in data.items()}} if data is not None else {}
    assert getattr(client, method)(url, **kwargs).status_code == 404
    assert db.session.scalar(select(func.count(ScoreEntry.id))) == 0


def test_after_lock_another_members_sheet_is_read_only(c):
    scoring = submitted_round(c, lock=True)
    url = f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.b)}"
    client = c.client(c.officer_a)
    page = client.get(url).get_data(as_text=True)
    assert 'name="score-' not in page and "submit-sheet" not in page
    assert client.post(url, data={f"score-{item_id(scoring, '1.1')}": "1"}).status_code == 403
    db.session.expire_all()
    assert {e.self_score for e in db.session.get(ScoreSheet, sheet_id(scoring, c.b)).entries} \
        == {D(25), D(20), D(30)}


# --- the sheet form ------------------------------------------------------------------------------

def test_saving_a_sheet_with_one_bad_value_saves_nothing_and_names_it(c):
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.OPEN)
    c.make.set_scores(scoring, c.a, {"1.1": 10, "1.2": 10}, submitted=False)
    db.session.commit()
    url = f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.a)}"
    response = c.client(c.officer_a).post(url, data={
        f"score-{item_id(scoring, '1.1')}": "20", f"score-{item_id(scoring, '1.2')}": "35",
        f"score-{item_id(scoring, '2.1')}": "30", f"note-{item_id(scoring, '1.1')}": "Ghi chú mới"})
    html = text(response)
    assert response.status_code == 422
    assert T("At most %(max)s for this item.", max="30") in html
    assert T("Nothing was saved: correct the marked scores.") in html
    assert 'value="35"' in html  # what was typed stays in the form
    db.session.expire_all()
    assert sorted((e.item.code, e.self_score, e.note) for e in
                  db.session.get(ScoreSheet, sheet_id(scoring, c.a)).entries) == \
        [("1.1", D(10), ""), ("1.2", D(10), "")]


def test_a_good_save_redirects_and_the_head_submits(c):
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.OPEN)
    db.session.commit()
    url = f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.a)}"
    officer = c.client(c.officer_a)
    page = officer.get(url).get_data(as_text=True)
    assert "submit-sheet" not in page  # only the head submits
    response = officer.post(url, data={f"score-{item_id(scoring, code)}": value
                                       for code, value in (("1.1", "29,5"), ("1.2", "30"), ("2.1", "38"))})
    assert response.status_code == 303
    head = c.client(c.head_a)
    assert "submit-sheet" in head.get(url).get_data(as_text=True)
    assert head.post(url + "/submit").status_code == 303
    db.session.expire_all()
    sheet = db.session.get(ScoreSheet, sheet_id(scoring, c.a))
    assert sheet.status is SheetStatus.SUBMITTED
    assert sorted(e.self_score for e in sheet.entries if e.self_score is not None) == [D("29.5"), D(30), D(38)]
    assert officer.post(url + "/submit").status_code == 403


def test_submitting_an_incomplete_sheet_says_what_is_missing(c):
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.OPEN)
    c.make.set_scores(scoring, c.a, {"1.1": 10}, submitted=False)
    db.session.commit()
    url = f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.a)}"
    client = c.client(c.head_a)
    response = client.post(url + "/submit", follow_redirects=True)
    assert T("Score every criterion first (missing: %(codes)s).", codes="1.2, 2.1") in text(response)


# --- the live total ------------------------------------------------------------------------------

def test_the_live_total_sums_and_names_an_out_of_range_value(c):
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.OPEN)
    db.session.commit()
    url = f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.a)}/total"
    client = c.client(c.officer_a)
    ok = client.post(url, data={f"score-{item_id(scoring, code)}": v for code, v in
                                (("1.1", "29,5"), ("1.2", "30"), ("2.1", "38"), ("T1", "10"), ("D1", "2.5"))},
                     headers={"HX-Request": "true"})
    html = ok.get_data(as_text=True)
    assert ok.status_code == 200 and "<html" not in html
    assert re.search(r'id="total-criteria">97.5<', html) and re.search(r'id="total-score">105<', html)
    assert 'role="alert"' not in html
    bad = client.post(url, data={f"score-{item_id(scoring, '1.1')}": "31", f"score-{item_id(scoring, '1.2')}": "abc",
                                 f"score-{item_id(scoring, '2.1')}": "40"}, headers={"HX-Request": "true"})
    html = text(bad)
    assert "1.1: " + T("At most %(max)s for this item.", max="30") in html
    assert "1.2: " + T("“%(raw)s” is not a number.", raw="abc") in html
    assert re.search(r'id="total-score">40<', html)  # the bad values count for nothing
    assert db.session.scalar(select(func.count(ScoreEntry.id))) == 0


# --- adjustments through the screen --------------------------------------------------------------

def test_the_lead_adjusts_a_score_in_place(c):
    scoring = submitted_round(c)
    item = item_id(scoring, "2.1")
    url = f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.b)}/items/{item}/adjust"
    client = c.client(c.lead_user)
    refused = client.post(url, data={f"adjusted-{item}": "28", f"reason-{item}": ""}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and T("Give the reason for the adjustment.") in text(refused)
    done = client.post(url, data={f"adjusted-{item}": "28", f"reason-{item}": "Thiếu minh chứng"},
                       headers={"HX-Request": "true"})
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "<html" not in html
    assert "28" in html and "30" in html and "Thiếu minh chứng" in html
    db.session.expire_all()
    entry = db.session.scalar(select(ScoreEntry).where(ScoreEntry.item_id == item,
                                                        ScoreEntry.sheet_id == sheet_id(scoring, c.b)))
    assert (entry.self_score, entry.adjusted_score) == (D(30), D(28))


def test_a_member_cannot_adjust_even_its_own_sheet(c):
    scoring = submitted_round(c)
    item = item_id(scoring, "2.1")
    url = f"/scoring/{scoring.id}/sheets/{sheet_id(scoring, c.a)}/items/{item}/adjust"
    response = c.client(c.head_a).post(url, data={f"adjusted-{item}": "1", f"reason-{item}": "x"},
                                       headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(ScoreEntry.id)).where(ScoreEntry.adjusted_score.is_not(None))) == 0


# --- round actions by URL ------------------------------------------------------------------------

ROUND_ACTIONS = {
    "open": ("/open", {"deadline": "2026-12-20"}),
    "settings": ("/settings", {"decimals": "2", "tie_break": "vote_only", "flag_quota": "1", "merit_quota": "2"}),
    "group": ("/groups", {"name": "III. Nhóm mới"}),
    "item": ("/items", {"kind": "bonus", "code": "T9", "name": "Thưởng", "max_score": "5"}),
    "votes": ("/votes", {}),
    "lock": ("/lock", {}),
    "propose": ("/propose", {}),
}


@pytest.mark.parametrize("status, expected", [(ScoringStatus.PREPARING, 404), (ScoringStatus.OPEN, 403)])
@pytest.mark.parametrize("action", list(ROUND_ACTIONS))
def test_a_lead_of_2025_is_refused_on_the_2026_round(c, action, status, expected):
    """Sở Tài chính led 2025; in 2026 it is a member, so it sees the round once open, but may not act on it."""
    scoring = c.make.make_scoring(c.cluster, 2026, status=status)
    db.session.commit()
    suffix, data = ROUND_ACTIONS[action]
    response = c.client(c.lead_user).post(f"/scoring/{scoring.id}{suffix}", data=data)
    assert response.status_code == expected
    db.session.expire_all()
    scoring = db.session.get(ClusterScoring, scoring.id)
    assert scoring.status is status and scoring.decimals == 1 and len(scoring.items) == 6
    assert len(scoring.groups) == 2 and scoring.votes == [] and scoring.events == []


@pytest.mark.parametrize("action", list(ROUND_ACTIONS))
def test_members_are_forbidden_round_actions(c, action):
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.OPEN)
    db.session.commit()
    suffix, data = ROUND_ACTIONS[action]
    assert c.client(c.head_a).post(f"/scoring/{scoring.id}{suffix}", data=data).status_code == 403


def test_creating_a_round_for_a_year_one_does_not_lead_is_refused(c):
    client = c.client(c.lead_user)
    response = client.post("/scoring/", data={"cluster_id": c.cluster.id, "year": 2026})
    assert response.status_code == 422
    assert T("Only the cluster's lead or deputy for %(year)s can do this.", year=2026) in text(response)
    assert db.session.scalar(select(func.count(ClusterScoring.id))) == 0
    assert client.post("/scoring/", data={"cluster_id": c.cluster.id, "year": 2025}).status_code == 303
    assert db.session.scalar(select(func.count(ClusterScoring.id))) == 1


# --- the criteria table --------------------------------------------------------------------------

def table_of(scoring_id):
    db.session.expire_all()
    scoring = db.session.get(ClusterScoring, scoring_id)
    return ([g.name for g in scoring.groups],
            [(i.kind.value, i.group.name if i.group else None, i.code, i.max_score, i.excludes_from_ranking)
             for i in scoring.items], scoring.decimals)


def test_the_lead_builds_the_table_while_preparing(c):
    scoring = c.make.make_scoring(c.cluster, 2025, groups=(), bonus=(), penalties=(), excluding=())
    db.session.commit()
    client = c.client(c.lead_user)
    base = f"/scoring/{scoring.id}"
    assert client.post(f"{base}/groups", data={"name": "I. Nhiệm vụ"}).status_code == 303
    group = db.session.scalar(select(ScoringGroup.id).where(ScoringGroup.scoring_id == scoring.id))
    for data in ({"kind": "criterion", "group_id": group, "code": "1.1", "name": "Tiêu chí", "max_score": "60"},
                 {"kind": "bonus", "code": "T1", "name": "Cờ năm trước", "max_score": "10"},
                 {"kind": "penalty", "code": "L1", "name": "Vi phạm", "max_score": "1", "excludes_from_ranking": "y"}):
        assert client.post(f"{base}/items", data=data).status_code == 303
    assert client.post(f"{base}/settings", data={"decimals": "2", "tie_break": "vote_only", "flag_quota": "1",
                                                 "merit_quota": "3"}).status_code == 303
    assert table_of(scoring.id) == (["I. Nhiệm vụ"], [("criterion", "I. Nhiệm vụ", "1.1", D(60), False),
                                                      ("bonus", None, "T1", D(10), False),
                                                      ("penalty", None, "L1", D(1), True)], 2)
    page = client.get(base).get_data(as_text=True)
    assert T("criteria total %(n)s points", n=60) in page


@pytest.mark.parametrize("data, label, message", [
    ({"kind": "criterion", "code": "9.9", "name": "Không nhóm", "max_score": "10"},
     "Group", "A criterion belongs to a group."),
    ({"kind": "bonus", "code": "T2", "name": "Thưởng", "max_score": "5", "excludes_from_ranking": "y"},
     "Excludes the unit from ranking", "Only a penalty can exclude a unit from ranking."),
    ({"kind": "bonus", "code": "T1", "name": "Trùng mã", "max_score": "5"},
     "Code", "This code is already used in the table."),
    ({"kind": "bonus", "code": "T2", "name": "Thưởng", "max_score": "0"}, "Maximum score", None),
    ({"kind": "bonus", "code": "T2", "name": "Thưởng", "max_score": "abc"}, "Maximum score", None),
])
def test_a_bad_item_is_not_added(c, data, label, message):
    scoring = c.make.make_scoring(c.cluster, 2025)
    db.session.commit()
    before = table_of(scoring.id)
    client = c.client(c.lead_user)
    response = client.post(f"/scoring/{scoring.id}/items", data=data, follow_redirects=True)
    expected = T("The item was not added: %(errors)s", errors=f"{T(label)}: {T(message) if message else ''}")
    assert expected in text(response)
    assert table_of(scoring.id) == before


def _edits(scoring):
    item, group = scoring.items[0].id, scoring.groups[0].id
    upload = (io.BytesIO(criteria_xlsx([["Điểm thưởng", None, "T5", "Thưởng", 5, None, None]])), "t.xlsx")
    return {
        "settings": ("/settings", {"decimals": "2", "tie_break": "vote_only", "flag_quota": "1", "merit_quota": "2"}),
        "add group": ("/groups", {"name": "III. Nhóm mới"}),
        "add item": ("/items", {"kind": "bonus", "code": "T9", "name": "Thưởng", "max_score": "5"}),
        "delete item": (f"/items/{item}/delete", {}),
        "delete group": (f"/groups/{group}/delete", {}),
        "import": ("/criteria/import", {"file": upload}),
        "copy": ("/copy", {"source_id": scoring.id}),
    }


@pytest.mark.parametrize("status", [ScoringStatus.OPEN, ScoringStatus.LOCKED])
@pytest.mark.parametrize("edit", ["settings", "add group", "add item", "delete item", "delete group", "import",
                                  "copy"])
def test_the_criteria_table_is_frozen_once_scoring_opens(c, status, edit):
    scoring = c.make.make_scoring(c.cluster, 2025, status=status)
    db.session.commit()
    before = table_of(scoring.id)
    suffix, data = _edits(scoring)[edit]
    client = c.client(c.lead_user)
    response = client.post(f"/scoring/{scoring.id}{suffix}", data=data, follow_redirects=True)
    assert [r.status_code for r in response.history] == [303]
    html = text(response)
    assert T("The criteria table can only change before scoring opens.") in html or \
        T("Not possible while the scoring is “%(status)s”.", status=status.label) in html
    assert table_of(scoring.id) == before
    assert f"/items/{scoring.items[0].id}/delete" not in html  # and the page offers no editing


# --- importing a criteria table ------------------------------------------------------------------

GOOD_ROWS = [
    ["Tiêu chí", "I. Nhiệm vụ", "1.1", "Hoàn thành chỉ tiêu", 60, None, "Đủ 100% chỉ tiêu: 60 điểm"],
    ["Tiêu chí", "II. Phong trào", "2.1", "Phong trào thi đua", 40, "Không", None],
    ["Điểm thưởng", None, "T1", "Cờ thi đua năm trước", 10, None, None],
    ["Điểm trừ", None, "L1", "Vi phạm kỷ luật", 1, "Có", None],
]


def import_file(c, scoring, content: bytes):
    return c.client(c.lead_user).post(f"/scoring/{scoring.id}/criteria/import",
                                      data={"file": (io.BytesIO(content), "tieu-chi.xlsx")})


def test_a_good_import_creates_the_table(c):
    scoring = c.make.make_scoring(c.cluster, 2025, groups=(), bonus=(), penalties=(), excluding=())
    db.session.commit()
    assert import_file(c, scoring, criteria_xlsx(GOOD_ROWS)).status_code == 303
    assert table_of(scoring.id) == (["I. Nhiệm vụ", "II. Phong trào"], [
        ("criterion", "I. Nhiệm vụ", "1.1", D(60), False), ("criterion", "II. Phong trào", "2.1", D(40), False),
        ("bonus", None, "T1", D(10), False), ("penalty", None, "L1", D(1), True)], 1)


MAX_SCORE = "Column E must be a maximum score above 0 (at most 1000, two decimal places)."


@pytest.mark.parametrize("bad_row, message", [
    (["Khen", "I. Nhiệm vụ", "1.2", "Loại sai", 10, None, None], "Column A must be Tiêu chí, Điểm thưởng or Điểm trừ."),
    (["Tiêu chí", None, "1.2", "Thiếu nhóm", 10, None, None], "A criterion needs its group in column B."),
    (["Tiêu chí", "I. Nhiệm vụ", "1.1", "Trùng mã", 10, None, None], ("Code %(code)s appears twice.", "1.1")),
    (["Tiêu chí", "I. Nhiệm vụ", "1.2", "Điểm sai", "mười", None, None], MAX_SCORE),
    (["Tiêu chí", "I. Nhiệm vụ", "1.2", "Điểm âm", -5, None, None], MAX_SCORE),
    (["Tiêu chí", "I. Nhiệm vụ", "1.2", "Không điểm", None, None, None], MAX_SCORE),
    (["Tiêu chí", "I. Nhiệm vụ", "1.2", "Ba số lẻ", 33.333, None, None], MAX_SCORE),
    (["Điểm thưởng", None, "T2", "Thưởng loại", 5, "Có", None], "Only a penalty can exclude a unit from ranking."),
    (["Tiêu chí", "I. Nhiệm vụ", "1.2", "Cột F sai", 10, "có lẽ", None], "Column F must be Có or Không."),
    (["Tiêu chí", "I. Nhiệm vụ", None, "Không mã", 10, None, None], "Column C needs a code of at most 20 characters."),
    (["Tiêu chí", "I. Nhiệm vụ", "1.3", None, 10, None, None], "Column D (the item's text) is empty."),
])
def test_an_import_with_a_bad_row_lists_it_and_imports_nothing(c, bad_row, message):
    scoring = c.make.make_scoring(c.cluster, 2025, groups=(), bonus=(), penalties=(), excluding=())
    db.session.commit()
    rows = GOOD_ROWS[:2] + [bad_row] + GOOD_ROWS[2:]  # the bad row is row 4 of the sheet
    response = import_file(c, scoring, criteria_xlsx(rows))
    html = text(response)
    assert response.status_code == 422
    assert T("Nothing was imported") in html
    listed = re.findall(r"<tr><td>(\d+|—)</td><td>([^<]*)</td></tr>", html)
    expected = T(message[0], code=message[1]) if isinstance(message, tuple) else T(message)
    assert listed == [("4", expected)]
    assert table_of(scoring.id) == ([], [], 1)


def test_an_import_lists_every_bad_row(c):
    scoring = c.make.make_scoring(c.cluster, 2025, groups=(), bonus=(), penalties=(), excluding=())
    db.session.commit()
    rows = [GOOD_ROWS[0], ["Tiêu chí", None, "1.2", "Thiếu nhóm", 10, None, None], [None] * 7,
            ["Điểm thưởng", None, "1.1", "Trùng", 0, None, None]]
    html = text(import_file(c, scoring, criteria_xlsx(rows)))
    listed = re.findall(r"<tr><td>(\d+|—)</td><td>([^<]*)</td></tr>", html)
    assert [row for row, _ in listed] == ["3", "5", "5"]  # the empty row 4 is skipped
    assert table_of(scoring.id) == ([], [], 1)


@pytest.mark.parametrize("content", [b"not a workbook", criteria_xlsx([])])
def test_an_unreadable_or_empty_file_is_refused(c, content):
    scoring = c.make.make_scoring(c.cluster, 2025, groups=(), bonus=(), penalties=(), excluding=())
    db.session.commit()
    response = import_file(c, scoring, content)
    assert response.status_code == 422
    assert table_of(scoring.id) == ([], [], 1)


def test_import_into_a_table_that_is_not_empty_is_refused(c):
    scoring = c.make.make_scoring(c.cluster, 2025)
    db.session.commit()
    before = table_of(scoring.id)
    response = import_file(c, scoring, criteria_xlsx(GOOD_ROWS))
    assert response.status_code == 303 and table_of(scoring.id) == before


# --- votes and unlock through the screen ---------------------------------------------------------

@pytest.mark.parametrize("value", ["x", "-1", "1.5", "²", "١"])
def test_vote_counts_must_be_whole_numbers(c, value):
    scoring = submitted_round(c)
    client = c.client(c.lead_user)
    response = client.post(f"/scoring/{scoring.id}/votes",
                           data={f"for-{c.a.id}": value, f"against-{c.a.id}": "0", f"abstain-{c.a.id}": "0"})
    assert response.status_code == 303
    assert T("Vote counts are whole numbers from 0; enter all three per unit.") in \
        text(client.get(f"/scoring/{scoring.id}"))
    db.session.expire_all()
    assert db.session.get(ClusterScoring, scoring.id).votes == []


def test_votes_are_recorded_from_the_form(c):
    scoring = submitted_round(c)
    response = c.client(c.lead_user).post(f"/scoring/{scoring.id}/votes", data={
        f"for-{c.a.id}": "3", f"against-{c.a.id}": "1", f"abstain-{c.a.id}": "0"})
    assert response.status_code == 303
    db.session.expire_all()
    [vote] = db.session.get(ClusterScoring, scoring.id).votes
    assert (vote.unit_id, vote.votes_for, vote.votes_against, vote.votes_abstain) == (c.a.id, 3, 1, 0)


@pytest.mark.parametrize("who", ["lead_user", "deputy_user", "head_a", "officer_b"])
@pytest.mark.parametrize("reason", ["Nhập sai", ""])
def test_a_non_admin_unlock_is_forbidden(c, who, reason):
    scoring = submitted_round(c, lock=True)
    response = c.client(getattr(c, who)).post(f"/scoring/{scoring.id}/unlock", data={"reason": reason})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(ClusterScoring, scoring.id).status is ScoringStatus.LOCKED


def test_the_admin_unlocks_with_a_reason(c):
    scoring = submitted_round(c, lock=True)
    client = c.client(c.admin)
    assert T("Unlock (administrator)") in text(client.get(f"/scoring/{scoring.id}"))
    assert client.post(f"/scoring/{scoring.id}/unlock", data={"reason": ""}).status_code == 303
    db.session.expire_all()
    assert db.session.get(ClusterScoring, scoring.id).status is ScoringStatus.LOCKED
    assert client.post(f"/scoring/{scoring.id}/unlock", data={"reason": "Sai điểm Sở B"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(ClusterScoring, scoring.id).status is ScoringStatus.OPEN
    event = db.session.scalar(select(ScoringEvent).where(ScoringEvent.action == "unlock"))
    assert (event.actor_id, event.comment) == (c.admin.id, "Sai điểm Sở B")
    assert "Sai điểm Sở B" in text(client.get(f"/scoring/{scoring.id}"))  # the history lists it


def test_the_lead_locks_through_the_screen_and_a_refusal_is_explained(c):
    scoring = submitted_round(c, votes=True)
    sheet = next(s for s in scoring.sheets if s.unit_id == c.b.id)
    sheet.status = SheetStatus.DRAFT
    db.session.commit()
    client = c.client(c.lead_user)
    assert client.post(f"/scoring/{scoring.id}/lock").status_code == 303
    assert T("Not every member has submitted: %(units)s.", units="Sở B") in text(client.get(f"/scoring/{scoring.id}"))
    sheet.status = SheetStatus.SUBMITTED
    db.session.commit()
    assert client.post(f"/scoring/{scoring.id}/lock").status_code == 303
    db.session.expire_all()
    assert db.session.get(ClusterScoring, scoring.id).status is ScoringStatus.LOCKED


# --- the scoreboard ------------------------------------------------------------------------------

def test_the_scoreboard_draws_bars_proportional_to_the_totals(c):
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.OPEN)
    totals = {c.a: {"1.1": 30, "1.2": 30, "2.1": 40}, c.b: {"1.1": 30, "1.2": 20},
              c.lead: {"1.1": 12.5, "1.2": 12.5}, c.deputy: {"1.1": 10, "L1": 1}}
    for unit, scores in totals.items():
        c.make.set_scores(scoring, unit, scores)
    db.session.commit()
    html = c.client(c.lead_user).get(f"/scoring/{scoring.id}/scoreboard").get_data(as_text=True)
    rows = re.findall(r'<tr data-unit="(\d+)">.*?<rect [^>]*width="([\d.]+)"', html, re.S)
    widths = {int(unit): float(width) for unit, width in rows}
    assert list(widths) == [c.a.id, c.b.id, c.lead.id]  # ranked order; the excluded unit has no bar
    assert widths == {c.a.id: 420.0, c.b.id: 210.0, c.lead.id: 105.0}
    assert 'id="excluded"' in html and "Sở Xây dựng" in html.split('id="excluded"')[1]
    assert T("Provisional: the results are not locked yet and members do not see them.") in html_module.unescape(html)


def test_a_unit_profile_compares_each_group_with_the_cluster_average(c):
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.LOCKED)
    for unit, first in ((c.a, 30), (c.b, 20), (c.lead, 10), (c.deputy, 0)):
        c.make.set_scores(scoring, unit, {"1.1": first, "1.2": 0, "2.1": 20})
    db.session.commit()
    html = text(c.client(c.officer_a).get(f"/scoring/{scoring.id}/units/{c.a.id}"))
    assert f"30 / {T('average')} 15 / {T('max')} 60" in html
    assert f"20 / {T('average')} 20 / {T('max')} 40" in html
    assert c.client(c.officer_a).get(f"/scoring/{scoring.id}/units/999999").status_code == 404
