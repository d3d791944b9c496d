"""Checking an uploaded template before it is stored: a safe DOCX whose placeholders the kind knows,
which renders with the kind's sample data.

Safety first, before anything parses the document: the archive goes through the same bounded check
as every uploaded Office file (app/spreadsheets.check_archive: size, parts, decompression bombs, no
DTD, so no entity expansion), then macros (a vbaProject part, a macro-enabled content type) and
external relationships (a part or image fetched from elsewhere when Word opens the file: a tracking
pixel, a remote template, an NTLM leak) are refused. Only then docxtpl reads the placeholders
(``get_undeclared_template_variables``: Jinja parses, nothing runs) and renders the sample in the
sandbox the real documents use.
"""
import io
import zipfile
from dataclasses import dataclass, field

from docxtpl import DocxTemplate
from flask_babel import gettext as _
from lxml import etree

from app.documents.decision import render_template
from app.documents.kinds import TemplateKind
from app.spreadsheets import Limits, MiB, SpreadsheetRefused, check_archive

MAX_BYTES = 5 * MiB
LIMITS = Limits(max_file_bytes=MAX_BYTES)
MACRO_CONTENT_TYPES = ("macroEnabled", "vbaProject", "vbaData", "activeX")
_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class TemplateCheck:
    """What is wrong with an upload (``problems``, for the person who sent it) and what it prints."""

    problems: list[str] = field(default_factory=list)
    placeholders: set[str] = field(default_factory=set)
    sample: bytes | None = None  # the sample rendering, when it rendered

    @property
    def ok(self) -> bool:
        return not self.problems


def check_template(kind: TemplateKind, content: bytes) -> TemplateCheck:
    """Every check, stopping at the first that makes the later ones meaningless (an unsafe file is not parsed)."""
    result = TemplateCheck()
    not_valid = _("The file is not a Word document (.docx).")
    try:
        check_archive(content, not_valid, LIMITS)
    except SpreadsheetRefused as refused:
        result.problems.append(refused.message)
        return result
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            result.problems.append(not_valid)
            return result
        result.problems += _macros(archive, names) + _external_relationships(archive, names)
    if result.problems:
        return result
    try:
        result.placeholders = set(DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables())
    except Exception as error:  # a Jinja syntax error, a part python-docx cannot read
        result.problems.append(_("The placeholders cannot be read: %(error)s", error=_short(error)))
        return result
    unknown = sorted(result.placeholders - set(kind.placeholders))
    missing = sorted(kind.required - result.placeholders)
    if unknown:
        result.problems.append(_("Unknown placeholders: %(names)s.", names=", ".join(unknown)))
    if missing:
        result.problems.append(_("Required placeholders missing: %(names)s.", names=", ".join(missing)))
    if result.problems:
        return result
    try:
        result.sample = render_template(kind.name, kind.sample_context(), content)
    except Exception as error:  # whatever a template can get wrong: docxtpl, Jinja, the sandbox, lxml
        result.problems.append(_("The template does not render with the sample data: %(error)s",
                                 error=_short(error)))
    return result


def _short(error: Exception) -> str:
    return f"{type(error).__name__}: {str(error)[:300]}"


def _macros(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    if any(name.lower().endswith(("vbaproject.bin", "vbadata.xml")) or "/activex/" in name.lower() for name in names) \
            or any(marker in content_types for marker in MACRO_CONTENT_TYPES):
        return [_("The file contains macros (a .docm document): save it as a Word document (.docx) without macros.")]
    return []


def _external_relationships(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    targets = []
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    for name in sorted(n for n in names if n.endswith(".rels")):
        try:
            root = etree.fromstring(archive.read(name), parser)
        except etree.XMLSyntaxError:
            return [_("The file is not a Word document (.docx).")]
        for relationship in root.iter(f"{{{_RELATIONSHIPS_NS}}}Relationship"):
            if relationship.get("TargetMode") == "External":
                targets.append(relationship.get("Target", "")[:100])
    if targets:
        return [_("The file refers to content outside it (%(targets)s): remove links, linked pictures and "
                  "attached templates.", targets=", ".join(sorted(set(targets))[:5]))]
    return []
