"""Scoring spreadsheets (app/scoring/spreadsheet.py): the criteria table's XLSX round trip and the scoreboard XLSX."""
import io
import time
from decimal import Decimal

import lxml.html
import pytest
from openpyxl import load_workbook
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import ClusterScoring, ItemKind, ScoringStatus
from app.scoring import spreadsheet
from app.scoring.spreadsheet import HEADER, ImportErrors, parse_criteria
from tests import bombs
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
    cells = [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert rows_of(content)[3][1] == "'=1+1"  # the quote keeps it text in any program; the import removes it


# --- text that looks like a formula ----------------------------------------------------------------

def test_text_that_looks_like_a_formula_round_trips_as_text(c):
    """A group, code, item or guidance typed as "=…", "+…", "-…" or "@…" is exported as quoted text (no
    formula for Excel to run) and imported back exactly as it was typed."""
    source = c.make.make_scoring(c.cluster, 2025, groups=(), bonus=(), penalties=(), excluding=())
    target = c.make.make_scoring(c.cluster, 2026, groups=(), bonus=(), penalties=(), excluding=())
    db.session.commit()
    client = c.client(c.lead_user)
    assert client.post(f"/scoring/{source.id}/groups", data={"name": "=Nhóm I"}).status_code == 303
    group = db.session.get(ClusterScoring, source.id).groups[0].id
    for code, name, guidance in [("-1", "=HYPERLINK(\"http://x.example\",\"Bấm\")", "+5 điểm nếu đạt"),
                                 ("@2", "=cmd|' /C calc'!A0", "'=trích dẫn")]:
        response = client.post(f"/scoring/{source.id}/items", data={
            "kind": "criterion", "group_id": group, "code": code, "name": name, "max_score": "10",
            "guidance": guidance})
        assert response.status_code == 303
    exported = client.get(f"/scoring/{source.id}/criteria.xlsx").data
    cells = [cell for row in load_workbook(io.BytesIO(exported)).active.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert rows_of(exported)[1][:4] == ("Tiêu chí", "'=Nhóm I", "'-1", "'=HYPERLINK(\"http://x.example\",\"Bấm\")")
    admin = c.client(c.admin)
    response = admin.post(f"/scoring/{target.id}/criteria/import", data={"file": (io.BytesIO(exported), "t.xlsx")})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert table(target.id) == table(source.id)
    assert table(target.id)[0][0][1][1][5] == "'=trích dẫn"


# --- files that would cost too much or lose rows ---------------------------------------------------

def post_import(c, content: bytes):
    scoring = c.make.make_scoring(c.cluster, 2025, groups=(), bonus=(), penalties=(), excluding=())
    db.session.commit()
    # Encoded here: the test client spools a body over 500 KB to a temporary file it never closes.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), "tieu-chi.xlsx")})
    started = time.perf_counter()
    response = c.client(c.lead_user).post(f"/scoring/{scoring.id}/criteria/import", data=body,
                                          content_type=f"multipart/form-data; boundary={boundary}")
    return response, time.perf_counter() - started, scoring.id


def refusals(response) -> list[str]:
    assert response.status_code == 422
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    return [row.xpath("./td")[1].text_content() for row in doc.xpath('//table[@id="import-errors"]/tbody/tr')]


@pytest.mark.parametrize("bomb, part, megabytes", [
    (bombs.empty_rows_bomb, "xl/worksheets/sheet1.xml", "1.536"),  # 1.5 GiB of <row/> in a 2.4 MB file
    (bombs.shared_string_bomb, "xl/sharedStrings.xml", "1.024"),  # one 1 GiB string in a 1 MB file
])
def test_a_decompression_bomb_is_refused_at_once_and_nothing_is_imported(c, bomb, part, megabytes):
    response, seconds, scoring_id = post_import(c, bomb())
    assert refusals(response) == [f"Part {part} of the file unpacks to {megabytes} MB (at most 20 MB)."]
    assert seconds < 5  # the zip directory tells: nothing is unpacked
    assert table(scoring_id) == ([], [])


def test_a_file_over_5_mb_is_refused_with_the_limit(c):
    response, _, scoring_id = post_import(c, criteria_xlsx([["Tiêu chí", "I", "1.1", "x", 10]]) + b"\0" * 5 * 2**20)
    assert refusals(response) == ["The file is larger than 5 MB."]
    assert table(scoring_id) == ([], [])


def test_an_item_longer_than_the_form_allows_is_refused_and_nothing_is_imported(c):
    rows = [["Tiêu chí", "I", "1.1", "Ngắn", 10, None, None], ["Tiêu chí", "I", "1.2", "x" * 2001, 10, None, None]]
    response, _, scoring_id = post_import(c, criteria_xlsx(rows))
    assert refusals(response) == ["Column D is longer than 2000 characters."]
    assert table(scoring_id) == ([], [])


@pytest.mark.parametrize("index, column, limit", [(1, "B", 500), (2, "C", 20), (3, "D", 2000), (6, "G", 5000)])
def test_each_text_column_takes_what_its_web_form_field_takes(index, column, limit):
    row = ["Tiêu chí", "I", "1.1", "Nội dung", 10, None, "Hướng dẫn"]
    row[index] = "x" * limit
    [item] = parse_criteria(criteria_xlsx([row]))
    assert len([item.group, item.code, item.name, item.guidance][[1, 2, 3, 6].index(index)]) == limit
    row[index] = "x" * (limit + 1)
    with pytest.raises(ImportErrors) as refused:
        parse_criteria(criteria_xlsx([row]))
    assert refused.value.errors == [(2, f"Column {column} is longer than {limit} characters.")]


def test_every_row_is_imported_when_the_file_records_a_smaller_sheet(c):
    """Some programs write a stale sheet size (<dimension>); the rows below it are still read."""
    cells = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Tiêu chí</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>I</t></is></c><c r="C{n}" t="inlineStr"><is><t>1.{n}</t></is></c>'
        f'<c r="D{n}" t="inlineStr"><is><t>Nội dung {n}</t></is></c><c r="E{n}"><v>10</v></c></row>'
        for n in range(2, 6))
    sheet = (f'<worksheet xmlns="{bombs.MAIN_NS}"><dimension ref="A1:E2"/><sheetData>{cells}</sheetData>'
             f'</worksheet>')
    assert [item.code for item in parse_criteria(bombs.workbook(bombs.deflated(sheet.encode())))] == [
        "1.2", "1.3", "1.4", "1.5"]


def test_more_than_2000_rows_are_refused():
    rows = [["Tiêu chí", "I", f"1.{n}", "Nội dung", 1, None, None] for n in range(2001)]
    with pytest.raises(ImportErrors) as refused:
        parse_criteria(criteria_xlsx(rows))
    assert refused.value.errors == [(0, "Too many rows (at most 2000).")]
