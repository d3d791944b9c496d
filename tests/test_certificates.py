"""Certificates on pre-printed forms: the PDF read back (a page per honouree, names, decision, positions), the
layout screen's refusals, the test print, the job and who may start it and download its result."""
import io
import re
from datetime import date
from decimal import Decimal

import pypdf
import pytest
from sqlalchemy import func, select

from app.documents.certificate import POINTS_PER_MM, FieldBox, PageLayout, place, render_docx, render_pdf
from app.documents.certificate_sample import DEFAULT_BOXES, sample_certificates, sample_layout
from app.extensions import db
from app.models import NomineeKind, Role
from app.models.certificates import CertificateField, CertificateLayout, FieldKey
from app.models.jobs import Job, JobStatus
from app.models.states import State


class Printing:
    """A decision no. 07/QĐ-UBND of 05/01/2026 honouring three people of two units, and a layout for its award."""

    def __init__(self, make, app):
        self.make, self.app = make, app
        self.unit = make.make_unit("Sở Giáo dục và Đào tạo")
        self.other_unit = make.make_unit("Sở Y tế")
        self.award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh", coefficient_individual=Decimal("1.5"),
                                     coefficient_collective=Decimal("3.0"))
        self.campaign = make.make_campaign(2025)
        self.decision = make.make_decision(self.award, number=7, year=2026)
        self.dossiers = [self.awarded("Nguyễn Thị Hồng Nhung", self.unit), self.awarded("Rơ Châm H'Luyn", self.unit),
                         self.awarded("Đặng Quốc Việt", self.other_unit)]
        self.secretary = make.make_actor(Role.SECRETARY, make.make_unit("Sở Nội vụ"))
        self.admin = make.make_actor(Role.ADMIN)
        self.layout = make_layout(self.award)

    def awarded(self, name, unit, kind=NomineeKind.INDIVIDUAL):
        dossier = self.make.make_complete_dossier(unit, award=self.award, campaign=self.campaign, state=State.AWARDED,
                                                  name=name, kind=kind, decision_id=self.decision.id,
                                                  bonus_amount=3_510_000, nominee_position="Giáo viên")
        return dossier

    def client(self, user=None):
        return self.make.signed_in_client(self.app, user or self.secretary)


def make_layout(award=None, name="Bằng khen tỉnh (lô 2026)") -> CertificateLayout:
    from app.certificates.build import default_fields

    layout = CertificateLayout(name=name, award_id=award.id if award else None)
    layout.fields = default_fields()
    db.session.add(layout)
    db.session.flush()
    return layout


@pytest.fixture
def printing(make, app):
    return Printing(make, app)


def texts_with_positions(page) -> list[tuple[str, float, float]]:
    """(text, x mm from the left, baseline mm from the top) of every text run on a PDF page."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x, y = tm[4], tm[5]
            found.append((text.strip(), x / POINTS_PER_MM, (height - y) / POINTS_PER_MM))

    page.extract_text(visitor_text=visit)
    return found


def start_job(printing, user=None, layout=None):
    return printing.client(user).post(f"/decisions/{printing.decision.id}/certificates",
                                      data={"layout_id": (layout or printing.layout).id})


def last_job() -> Job:
    return db.session.scalars(select(Job).order_by(Job.id.desc())).first()


# --- the document itself ---------------------------------------------------------------------------------

def test_pdf_has_a_page_per_certificate_and_the_text_where_the_layout_puts_it():
    certificates = sample_certificates(4)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(sample_layout(), certificates)))
    assert len(reader.pages) == 4
    box = reader.pages[0].mediabox
    width, height = float(box.width) / POINTS_PER_MM, float(box.height) / POINTS_PER_MM
    assert (round(width), round(height)) == (297, 210)  # A4 landscape
    for page, certificate in zip(reader.pages, certificates):
        runs = texts_with_positions(page)
        for box in DEFAULT_BOXES:
            if "\n" in certificate[box.key]:
                continue
            expected = place(certificate[box.key], box)[0]
            match = [(x, y) for text, x, y in runs if text == expected.text]
            assert match, (box.key, expected.text, runs)
            x, y = match[0]
            assert abs(x - expected.x_mm) < 2 and abs(y - expected.baseline_mm) < 2, (box.key, x, y, expected)
            # and the line sits inside its box, below the box's top edge
            assert box.y_mm < y < box.y_mm + box.height_mm + 1


def test_vietnamese_letters_survive_and_long_text_is_set_smaller_to_fit():
    box = FieldBox("name", 10, 10, 150, 20, 1, "left", True)
    long_name = "Trường Trung học phổ thông chuyên Hùng Vương thành phố Pleiku"
    (line,) = place(long_name, box)  # one line, as the box holds, at a smaller size
    assert line.font_size < 20
    pdf = render_pdf(PageLayout(210, 297, (box,)), [{"name": "Rơ Châm Thị Ngọc Đặng Hữu Việt"}])
    assert "Rơ Châm Thị Ngọc Đặng Hữu Việt" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_docx_places_every_field_in_a_frame_anchored_to_the_page():
    import docx
    from docx.oxml.ns import qn

    content = render_docx(sample_layout(), sample_certificates(2))
    frames = docx.Document(io.BytesIO(content)).element.body.findall(f".//{qn('w:framePr')}")
    assert len(frames) == 2 * len(DEFAULT_BOXES)
    name = frames[0]
    assert name.get(qn("w:hAnchor")) == "page" and name.get(qn("w:vAnchor")) == "page"
    assert int(name.get(qn("w:x"))) == round(DEFAULT_BOXES[0].x_mm * 1440 / 25.4)


# --- the job from the decision page ------------------------------------------------------------------------

def test_secretary_prints_every_honouree_of_the_decision_as_one_pdf(printing):
    client = printing.client()
    page = client.get(f"/decisions/{printing.decision.id}").get_data(as_text=True)
    assert 'id="print-certificates"' in page and printing.layout.name in page
    response = start_job(printing)
    assert response.status_code == 303
    job = last_job()
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert job.status is JobStatus.DONE and job.progress_done == job.progress_total == 3
    progress = client.get(f"/jobs/{job.id}/progress").get_data(as_text=True)
    assert "3 / 3" in progress and f"/jobs/{job.id}/download" in progress
    download = client.get(f"/jobs/{job.id}/download")
    assert download.status_code == 200 and download.headers["Content-Disposition"].endswith("Chung-nhan-7-2026.pdf")
    reader = pypdf.PdfReader(io.BytesIO(download.data))
    assert len(reader.pages) == 3
    texts = [page.extract_text() for page in reader.pages]
    for dossier in printing.dossiers:
        assert sum(dossier.nominee_name in text for text in texts) == 1
    assert all("Quyết định số 07/QĐ-UBND ngày 05/01/2026" in text for text in texts)
    assert all(re.search(r"Gia Lai, ngày 05 tháng 01 năm 2026", text) for text in texts)


def test_a_unit_officer_prints_only_its_own_honourees_and_cannot_see_anothers_job(printing, make):
    officer = make.make_actor(Role.OFFICER, printing.unit)
    stranger = make.make_actor(Role.OFFICER, make.make_unit("Sở Tài chính"))
    assert start_job(printing, officer).status_code == 303
    job = last_job()
    pdf = printing.client(officer).get(f"/jobs/{job.id}/download")
    texts = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Nguyễn Thị Hồng Nhung" in texts and "Đặng Quốc Việt" not in texts  # the other unit's honouree
    # Another unit's officer: the decision does not exist for him, nor does the job or its file.
    jobs_before = db.session.scalar(select(func.count()).select_from(Job))
    assert start_job(printing, stranger).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Job)) == jobs_before
    assert printing.client(stranger).get(f"/jobs/{job.id}/download").status_code == 404
    assert printing.client(stranger).get(f"/jobs/{job.id}").status_code == 404
    # The other unit's officer cannot reach the first unit's certificates through his own decision's job either.
    other = make.make_actor(Role.OFFICER, printing.other_unit)
    assert printing.client(other).get(f"/jobs/{job.id}/download").status_code == 404


def test_printing_needs_a_layout(printing):
    response = printing.client().post(f"/decisions/{printing.decision.id}/certificates", data={"layout_id": "999999"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/decisions/{printing.decision.id}")
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0


# --- the layout screen and the test print ------------------------------------------------------------------

def layout_form(layout: CertificateLayout, **changes) -> dict:
    data = {"name": layout.name, "award_id": str(layout.award_id or 0), "paper": layout.paper.value,
            "orientation": layout.orientation.value, "note": ""}
    for field in layout.fields:
        prefix = f"field_{field.key.value}-"
        data.update({prefix + "x_mm": f"{field.x_mm:g}", prefix + "y_mm": f"{field.y_mm:g}",
                     prefix + "width_mm": f"{field.width_mm:g}", prefix + "font_size": f"{field.font_size:g}",
                     prefix + "lines": str(field.lines), prefix + "align": field.align.value})
        if field.printed:
            data[prefix + "printed"] = "y"
        if field.bold:
            data[prefix + "bold"] = "y"
    data.update(changes)
    return data


def test_admin_moves_a_field_and_the_test_print_follows(printing):
    client = printing.client(printing.admin)
    response = client.post(f"/admin/certificate-layouts/{printing.layout.id}/edit",
                           data=layout_form(printing.layout, **{"field_name-y_mm": "90,5", "field_name-x_mm": "40"}))
    assert response.status_code == 303
    db.session.expire_all()
    name = db.session.scalar(select(CertificateField).where(CertificateField.layout_id == printing.layout.id,
                                                             CertificateField.key == FieldKey.NAME))
    assert (name.x_mm, name.y_mm) == (40.0, 90.5)
    layout = db.session.get(CertificateLayout, printing.layout.id)
    assert layout.updated_by_id == printing.admin.id
    test = client.get(f"/admin/certificate-layouts/{printing.layout.id}/test-print.pdf")
    assert test.status_code == 200 and test.mimetype == "application/pdf"
    page = pypdf.PdfReader(io.BytesIO(test.data)).pages[0]
    text = page.extract_text()
    assert "name (40; 90.5 mm)" in text  # the frame's label at the field
    sample_name = sample_certificates(1)[0]["name"]
    assert sample_name in text
    plain = client.get(f"/admin/certificate-layouts/{printing.layout.id}/test-print.pdf?frames=0")
    assert "name (40" not in pypdf.PdfReader(io.BytesIO(plain.data)).pages[0].extract_text()


@pytest.mark.parametrize("changes, message", [
    ({"field_name-x_mm": "200", "field_name-width_mm": "150"}, "past the page"),        # runs off the right edge
    ({"field_signer_name-y_mm": "205"}, "past the page"),                               # runs off the bottom
    ({"field_name-font_size": "90"}, "between 6.0 and 72.0"),
    ({"field_achievement-lines": "12"}, "between 1 and 8"),
    ({"field_name-x_mm": "-3"}, "millimetres"),
    ({"field_name-x_mm": "abc"}, "millimetres"),
    ({"name": ""}, "Enter a name"),
])
def test_layout_refusals_leave_it_unchanged(printing, changes, message):
    client = printing.client(printing.admin)
    response = client.post(f"/admin/certificate-layouts/{printing.layout.id}/edit",
                           data=layout_form(printing.layout, **changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    name = db.session.scalar(select(CertificateField).where(CertificateField.layout_id == printing.layout.id,
                                                             CertificateField.key == FieldKey.NAME))
    assert (name.x_mm, name.font_size) == (DEFAULT_BOXES[0].x_mm, DEFAULT_BOXES[0].font_size)


def test_portrait_paper_refuses_a_landscape_layout(printing):
    response = printing.client(printing.admin).post(f"/admin/certificate-layouts/{printing.layout.id}/edit",
                                                    data=layout_form(printing.layout, orientation="portrait"))
    assert response.status_code == 422 and "past the page" in response.get_data(as_text=True)


def test_only_the_administrator_edits_layouts(printing):
    assert printing.client().get("/admin/certificate-layouts/").status_code == 403
    assert printing.client().get(f"/admin/certificate-layouts/{printing.layout.id}/test-print.pdf").status_code == 403


def test_new_layout_starts_from_the_default_boxes(printing):
    client = printing.client(printing.admin)
    page = client.get("/admin/certificate-layouts/new").get_data(as_text=True)
    assert 'name="field_name-x_mm"' in page and 'value="50"' in page
    response = client.post("/admin/certificate-layouts/new", data=layout_form(printing.layout, name="Giấy khen A4"))
    assert response.status_code == 303
    created = db.session.scalar(select(CertificateLayout).where(CertificateLayout.name == "Giấy khen A4"))
    assert len(created.fields) == len(FieldKey)
    duplicate = client.post("/admin/certificate-layouts/new", data=layout_form(printing.layout, name="Giấy khen A4"))
    assert duplicate.status_code == 422


def test_date_in_certificate_is_the_decisions(printing):
    from app.certificates.build import certificates_of, honourees

    (first, *_rest) = certificates_of(printing.decision, honourees(printing.decision))
    assert first["decision"] == "Quyết định số 07/QĐ-UBND ngày 05/01/2026"
    assert printing.decision.signed_on == date(2026, 1, 5)


# --- fonts ---------------------------------------------------------------------------------------------------

@pytest.fixture
def no_font(monkeypatch):
    from app.documents import certificate

    monkeypatch.setattr(certificate, "FONT_CANDIDATES", (("/nonexistent/Serif.ttf", "/nonexistent/Serif-Bold.ttf"),))
    monkeypatch.delenv("KT_CERTIFICATE_FONT", raising=False)
    certificate.register_fonts.cache_clear()
    yield
    certificate.register_fonts.cache_clear()  # the next caller registers the real font again


def test_without_a_vietnamese_font_the_job_fails_with_what_to_install(printing, no_font):
    from app.documents.certificate import CertificateFontMissing, register_fonts

    with pytest.raises(CertificateFontMissing):
        register_fonts()
    start_job(printing)
    job = last_job()
    assert job.status is JobStatus.FAILED and "fonts-liberation" in job.error
    page = printing.client().get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "fonts-liberation" in page and "/download" not in page


def test_a_font_without_vietnamese_letters_is_passed_over():
    from pathlib import Path

    from app.documents.certificate import _covers_vietnamese, register_fonts

    old_liberation = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"  # version 1.07: no ạ, ị, ộ
    if Path(old_liberation).is_file() and not _covers_vietnamese(old_liberation):
        assert register_fonts()[0] != old_liberation
    assert _covers_vietnamese(register_fonts()[0])


def test_the_test_print_says_what_to_install_when_no_font_is(printing, no_font):
    response = printing.client(printing.admin).get(f"/admin/certificate-layouts/{printing.layout.id}/test-print.pdf")
    assert response.status_code == 503 and "fonts-liberation2" in response.get_data(as_text=True)
