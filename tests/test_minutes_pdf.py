"""The cluster minutes' PDF read back with pypdf: its signature block never stands alone on a page."""
import pytest

from app.documents import pdf
from app.scoring.minutes import render_minutes
from app.scoring.operations import compute_ranking
from app.scoring.proposals import unit_names
from tests.test_documents_pdf import PAGE_NUMBER, pages_of, pytestmark  # noqa: F401 (same skip rule)
from tests.test_scoring_documents import locked  # noqa: F401 (the locked round's fixture)


@pytest.fixture
def minutes_pages(locked):  # noqa: F811
    """Unit names ten words longer: the signature block then no longer fits on page 1 (before the fix,
    its last line, the chair's name, went to page 2 alone)."""
    scoring = locked.scoring
    names = {unit: name + " công" * 10 for unit, name in unit_names(scoring).items()}
    return pages_of(pdf.docx_to_pdf(render_minutes(scoring, compute_ranking(scoring), names)))


def test_the_signature_of_the_minutes_keeps_body_text_above_it(minutes_pages):
    assert len(minutes_pages) == 2
    signature = {"THƯ KÝ", "THƯ KÝ TM. CỤM THI ĐUA SỐ 1", "TM. CỤM THI ĐUA SỐ 1", "TRƯỞNG CỤM", "Lê Thị Mai",
                 "Lê Thị Mai Trần Quốc Hưng"}
    for lines in minutes_pages:
        body = [line for line in lines if not PAGE_NUMBER.match(line)]
        assert not all(line in signature or line.startswith("Trần Quốc Hưng") for line in body), lines
    assert minutes_pages[1][1].startswith("Cuộc họp kết thúc vào lúc")
    for lines in minutes_pages[1:]:
        assert PAGE_NUMBER.match(lines[0]), lines[:2]
    assert not PAGE_NUMBER.match(minutes_pages[0][0])


def test_the_round_page_offers_the_minutes_as_pdf(locked):  # noqa: F811
    page = locked.client(locked.lead_user).get(f"/scoring/{locked.scoring.id}").get_data(as_text=True)
    assert f'href="/scoring/{locked.scoring.id}/minutes.docx?format=pdf"' in page
