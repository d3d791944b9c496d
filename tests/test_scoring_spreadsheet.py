"""Scoring spreadsheets (app/scoring/spreadsheet.py): the criteria table's XLSX round trip and the scoreboard XLSX."""
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.models import ClusterScoring, ItemKind, ScoringStatus
from app.scoring import spreadsheet
from app.scoring.spreadsheet import HEADER, ImportErrors, parse_criteria
from tests.factories import criteria_xlsx

D = Decimal


@pytest.fixture
def c(make, app):
    people = make.make_scoring_people()
    people.make = make
    people.client = lambda user: make.signed_in_client(app, user)
    return people


def table(scoring_id: int):
    """The table as a person reads it: groups in order, each with its items in order, then bonus and penalty."""
    db.session.expire_all()
    scoring = db.session.get(ClusterScoring, scoring_id)
    grouped = [(g.name, [_item(i) for i in scoring.items if i.group_id == g.id]) for g in scoring.groups]
    return grouped, [_item(i) for i in scoring.items if i.group_id is None]


def _item(i):
    return (i.kind, i.code, i.name, i.max_score, i.excludes_from_ranking, i.guidance)


def build_table_through_the_screen(c, scoring):
    """A lead builds the table in the order people do: groups first, then items as they come to mind."""
    client = c.client(c.lead_user)
    base = f"/scoring/{scoring.id}"
    for name in ("I. Thực hiện nhiệm vụ chính trị", "II. Phong trào thi đua", "III. Công tác khác"):
        assert client.post(f"{base}/groups", data={"name": name}).status_code == 303
    groups = [g.id for g in db.session.get(ClusterScoring, scoring.id).groups]
    items = [
        # Added out of group order: a criterion of group II before those of group I.
        ("criterion", groups[1], "2.1", "Tổ chức phong trào thi đua", "25.5", "", ""),
        ("criterion", groups[0], "1.1", "Hoàn thành chỉ tiêu, nhiệm vụ được giao", "40", "", "Đủ 100%: 40 điểm"),
        ("bonus", "", "T1", "Được tặng Cờ thi đua năm trước", "10", "", ""),
        ("criterion", groups[0], "1.2", "Cải cách hành chính", "20", "", "=100% hồ sơ đúng hạn: 20 điểm"),
        ("penalty", "", "D1", "Chậm báo cáo", "2.25", "", "Mỗi lần chậm trừ 0,25 điểm"),
        ("criterion", groups[2], "3.1", "Công tác thi đua, khen thưởng", "14.5", "", ""),
        ("penalty", "", "L1", "Vi phạm kỷ luật đảng, chính quyền", "1", "y", "Bị kỷ luật từ khiển trách"),
    ]
    for kind, group, code, name, max_score, excludes, guidance in items:
        data = {"kind": kind, "group_id": group, "code": code, "name": name, "max_score": max_score,
                "guidance": guidance}
        if excludes:
            data["excludes_from_ranking"] = excludes
        response = client.post(f"{base}/items", data=data)
        assert response.status_code == 303


def test_export_then_import_gives_the_same_table(c):
    source = c.make.make_scoring(c.cluster, 2025, groups=(), bonus=(), penalties=(), excluding=())
    target = c.make.make_scoring(c.cluster, 2026, groups=(), bonus=(), penalties=(), excluding=())
    db.session.commit()
    build_table_through_the_screen(c, source)
    client = c.client(c.lead_user)
    exported = client.get(f"/scoring/{source.id}/criteria.xlsx")
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    admin = c.client(c.admin)  # the 2026 round is led by Sở Xây dựng: the administrator imports it
    response = admin.post(f"/scoring/{target.id}/criteria/import",
                          data={"file": (io.BytesIO(exported.data), "tieu-chi.xlsx")})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert table(target.id) == table(source.id)
    groups, extra = table(target.id)
    assert [name for name, _ in groups] == ["I. Thực hiện nhiệm vụ chính trị", "II. Phong trào thi đua",
                                            "III. Công tác khác"]
    assert [[i[1] for i in items] for _, items in groups] == [["1.1", "1.2"], ["2.1"], ["3.1"]]
    assert [i[1] for i in extra] == ["T1", "D1", "L1"]
    # A second export of the imported table is the same file content, cell for cell.
    again = admin.get(f"/scoring/{target.id}/criteria.xlsx")
    assert rows_of(again.data) == rows_of(exported.data)


def rows_of(content: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_exported_layout_is_the_documented_one(c):
    scoring = c.make.make_scoring(c.cluster, 2025)
    rows = rows_of(spreadsheet.export_criteria(scoring))
    assert rows[0] == tuple(HEADER)
    assert rows[1] == ("Tiêu chí", "I. Thực hiện nhiệm vụ chính trị", "1.1", "Tiêu chí 1.1", 30, None, None)
    assert rows[4] == ("Điểm thưởng", None, "T1", "Nội dung T1", 10, None, None)
    assert rows[6] == ("Điểm trừ", None, "L1", "Nội dung L1", 1, "Có", None)


@pytest.mark.parametrize("kind_word, kind", [
    ("Tiêu chí", ItemKind.CRITERION), ("tieu chi", ItemKind.CRITERION), ("TIÊU CHÍ", ItemKind.CRITERION),
    ("criterion", ItemKind.CRITERION), ("Điểm thưởng", ItemKind.BONUS), ("Bonus", ItemKind.BONUS),
    ("Điểm trừ", ItemKind.PENALTY), ("penalty", ItemKind.PENALTY),
])
def test_the_kind_column_accepts_the_usual_spellings(kind_word, kind):
    [item] = parse_criteria(criteria_xlsx([[kind_word, "I", "X1", "Nội dung", "7,5", None, None]]))
    assert item.kind is kind and item.max_score == D("7.5")
    assert item.group == ("I" if kind is ItemKind.CRITERION else None)


def test_parse_errors_carry_the_sheet_row_numbers():
    with pytest.raises(ImportErrors) as refused:
        parse_criteria(criteria_xlsx([
            ["Tiêu chí", "I", "1.1", "Đúng", 10, None, None],
            ["Tiêu chí", "I", "1.1", "Trùng", 10, None, None],
            ["Điểm cộng", "I", "1.3", "Sai loại", 10, None, None],
        ]))
    assert [row for row, _ in refused.value.errors] == [3, 4]


# --- the scoreboard --------------------------------------------------------------------------------

def test_the_scoreboard_xlsx_reads_back_with_the_ranked_units_in_order(c):
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.LOCKED)
    c.make.set_scores(scoring, c.a, {"1.1": 28, "1.2": 27.5, "2.1": 38, "T1": 10})
    c.make.set_scores(scoring, c.b, {"1.1": 30, "1.2": 30, "2.1": 35, "D1": 2})
    c.make.set_scores(scoring, c.lead, {"1.1": 20, "1.2": 20, "2.1": 20})
    c.make.set_scores(scoring, c.deputy, {"1.1": 30, "1.2": 30, "2.1": 40, "L1": 1})
    c.make.record_vote(scoring, c.a, 3, 1, 0)
    db.session.commit()
    response = c.client(c.officer_a).get(f"/scoring/{scoring.id}/scoreboard.xlsx")
    assert response.status_code == 200
    rows = rows_of(response.data)
    assert rows[0][0] == "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2025 — CỤM THI ĐUA SỐ 1"
    assert rows[2] == ("Hạng", "Đơn vị", "I. Thực hiện nhiệm vụ chính trị", "II. Phong trào thi đua", "Điểm thưởng",
                       "Điểm trừ", "Tổng điểm", "Phiếu suy tôn")
    assert rows[3:6] == [
        (1, "Sở A", 55.5, 38, 10, 0, 103.5, 3),
        (2, "Sở B", 60, 35, 0, 2, 93, 0),
        (3, "Sở Tài chính", 40, 20, 0, 0, 60, 0),
    ]
    assert rows[7][0] == "Không xếp hạng (vi phạm điểm trừ loại)"
    assert rows[8][:2] == ("—", "Sở Xây dựng") and rows[8][6] == 99


def test_a_cluster_name_starting_with_an_equals_sign_stays_text(c):
    """Cells are text, never formulas: a value typed as "=..." must not become a formula in Excel."""
    scoring = c.make.make_scoring(c.cluster, 2025, status=ScoringStatus.LOCKED)
    c.make.set_scores(scoring, c.a, {"1.1": 10})
    scoring.cluster.name = "=HYPERLINK(\"http://x\")"
    c.a.name = "=1+1"
    db.session.flush()
    from app.scoring.operations import compute_ranking
    from app.scoring.proposals import unit_names

    content = spreadsheet.export_scoreboard(scoring, compute_ranking(scoring), unit_names(scoring))
    rows = rows_of(content)
    assert rows[3][1] == "=1+1"
