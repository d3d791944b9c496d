"""The award decision (Quyết định) and the proposal to the Prime Minister (Tờ trình) as DOCX.

``render_decision(DecisionDocument(...)) -> bytes`` needs no database: the workflow gathers the
data, this module formats every value in Python (numbers "Số: 125/QĐ-UBND", amounts "3.510.000",
the date line, the counts and sentences of Điều 1–3) and docxtpl prints the prepared strings into
templates/decision.docx or templates/proposal.docx (built by build_templates.py, editable in Word).
Jinja runs sandboxed (``SandboxedEnvironment``) with autoescape on and ``StrictUndefined``, so a
name like "<b>&" prints literally and a missing value is an error rather than a blank.

Annex layout: collectives, then individuals, then households, each under its own heading
("I. TẬP THỂ", "II. CÁ NHÂN", "III. HỘ GIA ĐÌNH"), STT restarting at 1 in each group as Vietnamese
lists grouped by heading usually do; a last row gives the total money. The proposal's annex has no
money column: the central level decides the bonus of central awards.

Who issues it (``DecisionDocument.issuer``, DOMAIN.md §10b): by default the provincial Chairman; a unit-level
award is decided by a department's head ("UBND TỈNH GIA LAI / SỞ …", "GIÁM ĐỐC SỞ …", "Số: 05/QĐ-SKHCN") or a
commune's chairman, signed by the head, a deputy (KT.), an acting head (Q.) or by order (TL.). The template's
header first line (``issuer_parent``) and signature titles (``signer_lines``) come from the context.

An extract (bản trích, ``DecisionDocument.extract``) is what a unit reads: the document as issued —
its articles still count and total every honoree — whose annex keeps only some lines, each with its
group and number in the whole list, under "Trích danh sách kèm theo …", and totals those lines.

Speed (goal: 1,000 honorees ≤ 0.5 s, 5,000 ≤ 6 × that): the annex rows stay in docxtpl's own
``{%tr for %}`` loop over small pre-formatted named tuples, with style-only paragraphs (no run
formatting), so the template remains an ordinary docxtpl template a person can edit in Word.
Profiling showed Jinja was not the cost: docxtpl's generic passes over the rendered XML were, and
one of them was quadratic (lxml re-resolving each ``xml:space`` attribute when the body is moved
into the document). ``_DocxTemplate`` below skips or avoids those passes when a cheap check proves
they cannot change the output; measured with bench/bench_decision.py: about 0.1 s of CPU for
1,000 rows and 3–4 × that for 5,000.
"""
import io
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal, NamedTuple

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from app.documents import kinds
from app.documents.dates import vn_long_date, vn_place_date
from app.documents.money import amount_in_words, format_vnd

TEMPLATES = Path(__file__).parent / "templates"
HONOREE_KINDS = ("collective", "individual", "household")  # also the annex order
GROUP_HEADINGS = {"collective": "TẬP THỂ", "individual": "CÁ NHÂN", "household": "HỘ GIA ĐÌNH"}
GROUP_NOUNS = {"collective": "tập thể", "individual": "cá nhân", "household": "hộ gia đình"}
ROMAN = ("I", "II", "III")
PROPOSAL_ADDRESSEE = "Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ)"

HonoreeKind = Literal["collective", "individual", "household"]
SignerMode = Literal["chairman", "deputy", "acting", "by_order"]
SIGNER_MODES = ("chairman", "deputy", "acting", "by_order")


class Issuer(NamedTuple):
    """Who issues a decision (DOMAIN.md §10b), as printed: the header's two lines, the authority line above
    "QUYẾT ĐỊNH:", the head's and the deputy's titles of the signature block, and the name the annex cites.

    The province: ``province_issuer("Gia Lai")``; a department or a commune: app/decisions/texts.issuer_for.
    """

    parent_line: str     # "ỦY BAN NHÂN DÂN" (province, commune); "UBND TỈNH GIA LAI" (a department)
    name_line: str       # "TỈNH GIA LAI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "XÃ IA GRAI"
    authority: str       # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI", "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    head_title: str      # "CHỦ TỊCH", "GIÁM ĐỐC"
    deputy_title: str    # "PHÓ CHỦ TỊCH", "PHÓ GIÁM ĐỐC"
    reference_name: str  # the annex's "(Kèm theo Quyết định số … của <this>)": "Chủ tịch UBND tỉnh"
    committee: bool      # a People's Committee issues it ("TM. ỦY BAN NHÂN DÂN" where the province prints it)
    # Whose award a unit's Giấy khen is, in Điều 1 ("Tặng Giấy khen của <this> cho …"); empty: reference_name.
    owner_name: str = ""


def province_issuer(province: str) -> Issuer:
    """The provincial Chairman: the decision every award of the province's level prints (today's output)."""
    upper = clean(province).upper()
    return Issuer(parent_line="ỦY BAN NHÂN DÂN", name_line=f"TỈNH {upper}",
                  authority=f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {upper}", head_title="CHỦ TỊCH",
                  deputy_title="PHÓ CHỦ TỊCH", reference_name="Chủ tịch UBND tỉnh", committee=True,
                  owner_name=f"Chủ tịch Ủy ban nhân dân tỉnh {clean(province)}")


@dataclass(frozen=True)
class Honoree:
    """One line of the annex. ``amount`` is the bonus in VND (see money.bonus_amount)."""

    kind: HonoreeKind
    name: str
    position_unit: str  # a household's address
    amount: int
    summary: str = ""  # the achievement summary a Tờ trình to the central level quotes


@dataclass
class DecisionDocument:
    """Everything printed in one decision or proposal; plain values, no database objects.

    ``kind`` and ``signer_mode`` also accept enums whose ``.value`` is one of the strings.
    ``legal_bases`` are whole lines ("Căn cứ …;"), ``proposal_line`` the "Theo đề nghị của …" line
    (both printed as given, italic); ``executors_text`` is the whole Điều 3 sentence(s), to which
    "./." is added; ``recipients`` are the Nơi nhận items ("Như Điều 3;" … "Lưu: VT, NV."), to
    which "- " is added. For a proposal ``money_source_text`` and ``executors_text`` are not printed.
    ``extract``, when given, makes the document an extract: positions in ``honorees`` of the annex lines kept.

    ``issuer`` None is the provincial Chairman (``province_issuer(province)``); a unit's head or a commune's
    chairman passes its own (app/decisions/texts.issuer_for) with its own ``symbol`` ("QĐ-SKHCN"). The signature
    block by ``signer_mode``: "chairman" the head signs ("GIÁM ĐỐC"); "deputy" a deputy signs for the head
    ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"); "acting" an acting head ("Q. GIÁM ĐỐC"); "by_order" someone the head
    authorised ("TL. GIÁM ĐỐC" / ``signer_title``, e.g. "CHÁNH VĂN PHÒNG").
    """

    kind: Literal["decision", "proposal"]
    number: int
    year: int
    symbol: str  # "QĐ-UBND" for a decision, "TTr-UBND" for a proposal
    province: str  # "Gia Lai"
    place: str  # the place of the date line, usually the province's name
    signed_on: date
    subject: str  # "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    award_name: str  # "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    legal_bases: list[str]
    proposal_line: str
    achievement_text: str  # "đã có thành tích xuất sắc trong …"
    money_source_text: str
    executors_text: str
    recipients: list[str]
    signer_mode: SignerMode
    signer_name: str
    honorees: list[Honoree] = field(default_factory=list)
    extract: frozenset[int] | None = None
    # From the catalogue's award type: an emulation title is awarded as "tặng danh hiệu …" (DOMAIN.md §10a).
    award_is_title: bool = False
    # A proposal: who decides at the centre; None guesses from the name (a Huân chương: the President).
    decided_by_president: bool | None = None
    council_result: str = ""  # a proposal's line on the provincial council's vote, when known
    # A draft (dự thảo) goes up for signature with the number, day and month blank: the clerk fills them
    # from the register once signed (DOMAIN.md §10a). ``number`` is then ignored.
    draft: bool = False
    # A correction or a cancellation (app/decisions/amendments.py) prints its own three articles and annex
    # title through the same template; empty: the award's articles above.
    articles: tuple[str, ...] = ()
    annex_subject: str = ""
    issuer: Issuer | None = None  # None: the province (province_issuer)
    signer_title: str = ""  # "by_order": the signer's own title under "TL. <head>" ("CHÁNH VĂN PHÒNG")

    def __post_init__(self):
        self.kind = getattr(self.kind, "value", self.kind)
        self.signer_mode = getattr(self.signer_mode, "value", self.signer_mode)
        if self.kind not in ("decision", "proposal"):
            raise ValueError(f"unknown document kind {self.kind!r}")
        if self.signer_mode not in SIGNER_MODES:
            raise ValueError(f"unknown signer mode {self.signer_mode!r}")
        if self.signer_mode == "by_order" and not clean(self.signer_title):
            raise ValueError("a signature by order (TL.) needs the signer's own title (signer_title)")
        if self.issuer is not None and not isinstance(self.issuer, Issuer):
            raise ValueError("issuer must be an Issuer (or None for the province)")
        if self.number < 1 and not self.draft:
            raise ValueError("the document number starts at 1")
        if self.year != self.signed_on.year:
            raise ValueError("numbers run per calendar year: year must be the year of signed_on")
        if not self.honorees:
            raise ValueError("a decision needs at least one honoree")
        for honoree in self.honorees:
            if honoree.kind not in HONOREE_KINDS:
                raise ValueError(f"unknown honoree kind {honoree.kind!r}")
            if isinstance(honoree.amount, bool) or not isinstance(honoree.amount, int) or honoree.amount < 0:
                raise ValueError(f"bad amount for {honoree.name!r}: {honoree.amount!r}")
        if self.extract is not None and (not self.extract or not self.extract <= set(range(len(self.honorees)))):
            raise ValueError("an extract keeps at least one annex line, and only lines of the document")


class AnnexRow(NamedTuple):
    no: str
    name: str
    position_unit: str
    amount: str


class AnnexGroup(NamedTuple):
    heading: str
    rows: list[AnnexRow]


# --- formatting -------------------------------------------------------------------------------

# C0 and C1 control characters: XML forbids most of them, and docxtpl would turn \t \n \a \f
# in a value into tabs, line breaks, paragraphs and page breaks. (A regular expression, because
# str.translate with a table is slow on non-ASCII text such as Vietnamese.)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """NFC, control characters out, runs of white space as one space."""
    return " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text or "")).split())


def number_line(number: int, symbol: str) -> str:
    """ "Số: 125/QĐ-UBND"; numbers below 10 take a leading zero (Nghị định 30): "Số: 05/QĐ-UBND"."""
    return f"Số: {number:02d}/{clean(symbol)}"


# The blanks of a draft, in no-break spaces so that Word keeps their width.
BLANK_NUMBER = "\u00a0" * 6
BLANK_DAY = "\u00a0" * 5


def draft_number_line(symbol: str) -> str:
    """ "Số:      /QĐ-UBND": the number is left for the clerk."""
    return f"Số:{BLANK_NUMBER}/{clean(symbol)}"


def draft_long_date(year: int) -> str:
    """ "ngày     tháng     năm 2026": day and month are left for the clerk."""
    return f"ngày{BLANK_DAY}tháng{BLANK_DAY}năm {year}"


def join_vi(parts: list[str]) -> str:
    """["a"] → "a"; ["a", "b"] → "a và b"; ["a", "b", "c"] → "a, b và c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


def _without_end_punctuation(text: str) -> str:
    return clean(text).rstrip(" .;,")


def _final(text: str) -> str:
    """The last sentence of a document ends with "./." (Nghị định 30)."""
    text = clean(text)
    return text if text.endswith("./.") else text.rstrip(" .;,") + "./."


def _sentence(text: str) -> str:
    text = _without_end_punctuation(text)
    return text + "." if text else ""


def _by_kind(honorees: list[Honoree]) -> dict[str, list[Honoree]]:
    groups: dict[str, list[Honoree]] = {kind: [] for kind in HONOREE_KINDS}
    for honoree in honorees:
        groups[honoree.kind].append(honoree)
    return {kind: members for kind, members in groups.items() if members}


def annex_groups(groups: dict[str, list[Honoree]], with_amounts: bool,
                 kept: Collection[Honoree] | None = None) -> list[AnnexGroup]:
    """The annex's groups and rows; ``kept`` (an extract's lines, compared by identity) leaves the others
    out, and the groups left empty, while every kept line keeps its heading and number."""
    kept_ids = None if kept is None else {id(h) for h in kept}
    result = []
    for roman, (kind, members) in zip(ROMAN, groups.items()):
        rows = [
            AnnexRow(str(no), clean(h.name), clean(h.position_unit), format_vnd(h.amount) if with_amounts else "")
            for no, h in enumerate(members, start=1) if kept_ids is None or id(h) in kept_ids
        ]
        if rows:
            result.append(AnnexGroup(f"{roman}. {GROUP_HEADINGS[kind]}", rows))
    return result


def _by_president(doc: DecisionDocument) -> bool:
    # Orders (Huân chương) are conferred by the State President on the Prime Minister's proposal.
    if doc.decided_by_president is not None:
        return doc.decided_by_president
    return clean(doc.award_name).startswith("Huân chương")


def _award_verb(doc: DecisionDocument) -> str:
    return "trình Chủ tịch nước tặng thưởng" if _by_president(doc) else "tặng"


def _position_head(groups: dict[str, list[Honoree]]) -> str:
    """The annex's third column: a household is listed by its address."""
    if "household" not in groups:
        return "Chức vụ, đơn vị công tác"
    return "Địa chỉ" if len(groups) == 1 else "Chức vụ, đơn vị công tác (hộ gia đình: địa chỉ)"


def signer_lines(doc: DecisionDocument, issuer: Issuer, on_behalf_of_committee: bool = False) -> list[str]:
    """The signature block's title lines, above the room for the signature and the name: "CHỦ TỊCH";
    "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"; "Q. GIÁM ĐỐC"; "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG". A committee's
    collective act (the province's Tờ trình) starts with "TM. ỦY BAN NHÂN DÂN"."""
    head = clean(issuer.head_title).upper()
    lines = ["TM. ỦY BAN NHÂN DÂN"] if on_behalf_of_committee and issuer.committee else []
    if doc.signer_mode == "deputy":
        lines += [f"KT. {head}", clean(issuer.deputy_title).upper()]
    elif doc.signer_mode == "acting":
        lines += [f"Q. {head}"]
    elif doc.signer_mode == "by_order":
        lines += [f"TL. {head}", clean(doc.signer_title).upper()]
    else:
        lines += [head]
    return lines


def _owned(award: str, doc: DecisionDocument, issuer: Issuer) -> str:
    """A unit's form of commendation says whose it is: "Giấy khen" → "Giấy khen của Giám đốc Sở …" (a title,
    "Lao động tiên tiến", and a name that already says "của …" are printed as they are)."""
    if doc.issuer is None or doc.award_is_title or " của " in f" {award.casefold()} ":
        return award
    owner = clean(issuer.owner_name) or clean(issuer.reference_name)
    return f"{award} của {owner}" if owner else award


def build_context(doc: DecisionDocument) -> dict:
    """All template values, formatted; the templates print them without further logic."""
    groups = _by_kind(doc.honorees)
    kept = None if doc.extract is None else [doc.honorees[position] for position in sorted(doc.extract)]
    counts = join_vi([f"{len(members)} {GROUP_NOUNS[kind]}" for kind, members in groups.items()])
    nouns = join_vi([GROUP_NOUNS[kind] for kind in groups])
    issuer = doc.issuer or province_issuer(doc.province)
    award = _owned(clean(doc.award_name), doc, issuer)
    awarded = f"danh hiệu {award}" if doc.award_is_title else award
    province = clean(doc.province)
    achievement = _without_end_punctuation(doc.achievement_text)
    if doc.draft:
        numbered, place_date = draft_number_line(doc.symbol), f"{clean(doc.place)}, {draft_long_date(doc.year)}"
        reference = f"{BLANK_NUMBER[1:]}/{clean(doc.symbol)} {draft_long_date(doc.year)}"  # after "số "
    else:
        numbered, place_date = number_line(doc.number, doc.symbol), vn_place_date(clean(doc.place), doc.signed_on)
        reference = f"{numbered[4:]} {vn_long_date(doc.signed_on)}"
    attached = "Kèm theo" if kept is None else "Trích danh sách kèm theo"
    context = {
        "issuer_parent": clean(issuer.parent_line),
        "issuer_name": clean(issuer.name_line),
        "number_line": numbered,
        "place_date": place_date,
        "draft": doc.draft,
        "subject": clean(doc.subject),
        "legal_bases": [clean(line) for line in doc.legal_bases if clean(line)],
        "proposal_line": clean(doc.proposal_line),
        "recipients": ["- " + clean(line).lstrip("- ") for line in doc.recipients if clean(line)],
        "signer_is_deputy": doc.signer_mode == "deputy",
        "signer_lines": signer_lines(doc, issuer, on_behalf_of_committee=doc.kind == "proposal"),
        "signer_name": clean(doc.signer_name),
        "position_head": _position_head(groups),
    }
    if doc.kind == "decision":
        total = sum(h.amount for h in doc.honorees)
        context.update({
            "authority": clean(issuer.authority),
            "article1": f"Tặng {awarded} cho {counts} (có danh sách kèm theo), {achievement}.",
            "article2": (
                f"Tổng số tiền thưởng là {format_vnd(total)} đồng ({amount_in_words(total)}), mức thưởng "
                f"của từng {nouns} theo danh sách kèm theo. {_sentence(doc.money_source_text)}"
            ).strip(),
            "article3": _final(doc.executors_text),
            "annex_subject": (clean(doc.annex_subject) or f"{nouns} được tặng {awarded}").upper(),
            "annex_reference": f"({attached} Quyết định số {reference} của {clean(issuer.reference_name)})",
            "groups": annex_groups(groups, with_amounts=True, kept=kept),
            "total_amount": format_vnd(total if kept is None else sum(h.amount for h in kept)),
        })
        if len(doc.articles) == 3:
            context.update({"article1": _sentence(doc.articles[0]), "article2": _sentence(doc.articles[1]),
                            "article3": _final(doc.articles[2])})
    else:
        verb = _award_verb(doc)
        # The Prime Minister decides his Bằng khen; for an order he proposes and the President decides.
        decides = "trình Chủ tịch nước xem xét, quyết định" if _by_president(doc) else "quyết định"
        context.update({
            "addressee": PROPOSAL_ADDRESSEE,
            "proposal_body": (
                f"Ủy ban nhân dân tỉnh {province} kính đề nghị Thủ tướng Chính phủ xem xét, {verb} "
                f"{awarded} cho {counts} (có danh sách kèm theo), {achievement}."
            ),
            "council_line": _sentence(doc.council_result),
            # An extract (a unit's copy) quotes only its own lines' achievements.
            "summaries": [f"- {clean(h.name)}: {_sentence(h.summary)}" for h in (doc.honorees if kept is None else kept)
                          if clean(h.summary)],
            "proposal_closing": (f"Ủy ban nhân dân tỉnh {province} kính trình Thủ tướng Chính phủ "
                                 f"xem xét, {decides}./."),
            "annex_subject": f"{nouns} đề nghị {verb} {awarded}".upper(),
            "annex_reference": f"({attached} Tờ trình số {reference} của Ủy ban nhân dân tỉnh {province})",
            "groups": annex_groups(groups, with_amounts=False, kept=kept),
        })
    return context


# --- rendering --------------------------------------------------------------------------------

class _DocxTemplate(DocxTemplate):
    """docxtpl with three shortcuts that leave its output unchanged for our values.

    Profiling a 5,000-row annex showed most of the time outside Jinja:
    - docxtpl marks every ``<w:t>`` holding a tag ``xml:space="preserve"``. When it then moves the
      rendered body into the document (``map_tree``), lxml re-resolves the ``xml:`` namespace of
      each such attribute through a cache that grows by one entry per attribute: quadratic in the
      number of attributes (4 per annex row), 0.15 s of a 0.5 s render at 5,000 rows. A text that
      is exactly one ``{{ value }}`` needs no preservation, because ``clean()`` trims every value,
      so ``patch_xml`` drops the attribute there (texts like " {{ article1 }}" keep it);
    - ``resolve_listing`` turns \\t \\n \\a \\f inside values into Word tabs, breaks, paragraphs;
      ``clean()`` removes those characters from every value, so a substring check finds none and
      the pass is skipped (if one is present, docxtpl runs as usual);
    - ``fix_tables`` widens or narrows a table's column grid when a ``{%tc %}`` loop or a colspan
      changed the number of cells in a row; one XPath per table (evaluated in C) checks whether
      any row's width differs from the grid, and only then does docxtpl's fix run.
    """

    def patch_xml(self, src_xml):
        return _PRESERVED_SINGLE_VALUE.sub(r"<w:t>\1</w:t>", super().patch_xml(src_xml))

    def resolve_listing(self, xml):
        if not any(character in xml for character in _LISTING_CHARACTERS):
            return xml
        return super().resolve_listing(xml)

    def fix_tables(self, xml):
        tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))  # docxtpl's own parser
        for table in tree.iter(_W + "tbl"):
            columns = len(table.findall(f"{_W}tblGrid/{_W}gridCol"))
            if table.find(f".//{_W}tbl") is not None or table.xpath(_UNEVEN_ROWS, namespaces=_NS, columns=columns):
                return super().fix_tables(xml)
        return tree


_PRESERVED_SINGLE_VALUE = re.compile(r'<w:t xml:space="preserve">(\{\{[^{}<]*\}\})</w:t>')
_LISTING_CHARACTERS = "\t\n\a\f"
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_W = f"{{{_NS['w']}}}"
# Rows whose cells (counting w:gridSpan) do not fill exactly the table's grid.
_UNEVEN_ROWS = (
    "w:tr[count(w:tc) + sum(w:tc/w:tcPr/w:gridSpan/@w:val) - count(w:tc/w:tcPr/w:gridSpan) != $columns]"
)


@cache
def _template_bytes(kind: str) -> bytes:
    return (TEMPLATES / f"{kind}.docx").read_bytes()


def render_template(kind: str, context: dict, template: bytes | None = None) -> bytes:
    """Render ``template`` (DOCX bytes; by default the built-in templates/<kind>.docx) with ``context``;
    a missing value raises jinja2.UndefinedError, a broken template whatever docxtpl or Jinja raise."""
    document = _DocxTemplate(io.BytesIO(template if template is not None else _template_bytes(kind)))
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    document.render(context, jinja_env=env, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_decision(doc: DecisionDocument, template: bytes | None = None) -> bytes:
    """The DOCX (decision + annex, or proposal + annex) as bytes, from ``template`` (an office's own
    version, see kinds.py) or the built-in one."""
    return render_template(doc.kind, build_context(doc), template)


def template_kind_of(doc: DecisionDocument) -> str:
    """The template kind (kinds.py) that prints ``doc``."""
    return "decision" if doc.kind == "decision" else "proposal_central"


# --- the kinds an office may re-template (kinds.py) ----------------------------------------------

_COMMON_PLACEHOLDERS = {
    "issuer_name": "Tên cơ quan ban hành, dòng thứ hai bên trái (TỈNH GIA LAI)",
    "number_line": "Số và ký hiệu văn bản (Số: 125/QĐ-UBND)",
    "place_date": "Địa danh, ngày tháng năm ban hành",
    "subject": "Trích yếu (Về việc …)",
    "legal_bases": "Danh sách các dòng Căn cứ (lặp bằng {%p for line in legal_bases %})",
    "proposal_line": "Dòng Theo đề nghị của / Xét đề nghị của …",
    "recipients": "Danh sách Nơi nhận, mỗi dòng bắt đầu bằng “- ” (lặp)",
    "issuer_parent": "Cơ quan chủ quản, dòng thứ nhất bên trái (ỦY BAN NHÂN DÂN; UBND TỈNH GIA LAI với một sở)",
    "signer_is_deputy": "Đúng khi cấp phó ký thay (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)",
    "signer_lines": "Các dòng chức danh của khối chữ ký (CHỦ TỊCH; KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC; Q. …; TL. …), lặp",
    "signer_name": "Họ và tên người ký",
    "draft": "Đúng khi là dự thảo (số, ngày, tháng để trống; dấu DỰ THẢO)",
    "annex_subject": "Dòng thứ hai của tiêu đề danh sách kèm theo",
    "annex_reference": "Dòng (Kèm theo … số … ngày …) dưới tiêu đề danh sách",
    "groups": "Các nhóm của danh sách (group.heading; group.rows: row.no, row.name, row.position_unit, row.amount)",
    "position_head": "Tiêu đề cột thứ ba của danh sách (Chức vụ, đơn vị công tác; Địa chỉ với hộ gia đình)",
}
_DECISION_PLACEHOLDERS = {
    **_COMMON_PLACEHOLDERS,
    "authority": "Thẩm quyền ban hành (CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …; GIÁM ĐỐC SỞ …)",
    "article1": "Nội dung Điều 1 (tặng … cho … có thành tích …)",
    "article2": "Nội dung Điều 2 (tổng số tiền thưởng, nguồn kinh phí)",
    "article3": "Nội dung Điều 3 (hiệu lực, trách nhiệm thi hành), kết thúc bằng ./.",
    "total_amount": "Tổng số tiền của danh sách (đồng)",
}
_PROPOSAL_PLACEHOLDERS = {
    **_COMMON_PLACEHOLDERS,
    "addressee": "Kính gửi",
    "proposal_body": "Nội dung đề nghị",
    "proposal_closing": "Câu kết của tờ trình, kết thúc bằng ./.",
    "council_line": "Kết quả họp Hội đồng Thi đua – Khen thưởng tỉnh (có thể trống)",
    "summaries": "Tóm tắt thành tích từng tập thể, cá nhân (lặp; có thể trống)",
}


def _sample_context(kind: Literal["decision", "proposal"]) -> dict:
    from app.documents.sample import sample_document

    return build_context(sample_document(12, kind))


kinds.register(kinds.TemplateKind(
    name="decision", label="Quyết định khen thưởng (kèm danh sách)", builtin_file="decision.docx",
    placeholders=_DECISION_PLACEHOLDERS,
    required=frozenset({"number_line", "place_date", "subject", "authority", "article1", "article2", "article3",
                        "signer_name", "groups"}),
    sample_context=lambda: _sample_context("decision"), sample_name="decision"))
kinds.register(kinds.TemplateKind(
    name="proposal_central", label="Tờ trình đề nghị khen thưởng cấp Nhà nước (TTr-UBND)",
    builtin_file="proposal.docx", placeholders=_PROPOSAL_PLACEHOLDERS,
    required=frozenset({"number_line", "place_date", "subject", "proposal_body", "signer_name", "groups"}),
    sample_context=lambda: _sample_context("proposal"), sample_name="proposal-central"))
