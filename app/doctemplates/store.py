"""The versions of each kind's template: upload, activate (a rollback is activating an earlier one),
and rendering through the version in force.

Operations flush and never commit (the views commit). ``render`` is what issuing calls: it tries the
active version, then the version that was in force before it, then the built-in template, and logs
each failure, so that a template that stopped rendering (a value it prints was renamed, a data
shape it never met) never stops a decision from being issued.
"""
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, update

from app.doctemplates.checks import TemplateCheck, check_template
from app.documents import kinds
from app.documents.kinds import TemplateKind
from app.extensions import db
from app.models import DocumentTemplate, User
from app.models.base import utcnow

log = logging.getLogger(__name__)


class TemplateRefused(ValueError):
    """An upload or an activation refused; ``problems`` are the reasons, for the administrator."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def kind_or_none(name: str) -> TemplateKind | None:
    return kinds.get(name)


def versions(kind: str) -> list[DocumentTemplate]:
    """Newest first."""
    return list(db.session.scalars(
        select(DocumentTemplate).where(DocumentTemplate.kind == kind).order_by(DocumentTemplate.version.desc())))


def active(kind: str) -> DocumentTemplate | None:
    return db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.kind == kind, DocumentTemplate.active))


def version(kind: str, number: int) -> DocumentTemplate | None:
    return db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.kind == kind,
                                                            DocumentTemplate.version == number))


def upload(actor: User, kind: TemplateKind, content: bytes, filename: str, note: str) -> DocumentTemplate:
    """Check and store a new version (not active); raises TemplateRefused with every reason."""
    check: TemplateCheck = check_template(kind, content)
    if not check.ok:
        raise TemplateRefused(check.problems)
    last = db.session.scalar(select(func.max(DocumentTemplate.version)).where(DocumentTemplate.kind == kind.name))
    row = DocumentTemplate(kind=kind.name, version=(last or 0) + 1, docx=content, size=len(content),
                           sha256=hashlib.sha256(content).hexdigest(), filename=filename[:255], note=note.strip(),
                           uploaded_by_id=actor.id, uploaded_at=utcnow(), active=False)
    db.session.add(row)
    db.session.flush()
    log.info("template %s v%s uploaded by %s", kind.name, row.version, actor.id)
    return row


def activate(actor: User, kind: TemplateKind, row: DocumentTemplate | None) -> None:
    """Put ``row`` in force (None: the built-in template). It is checked again first: the kind's
    placeholders or sample data may have changed since the upload."""
    if row is not None:
        check = check_template(kind, row.docx)
        if not check.ok:
            raise TemplateRefused(check.problems)
    now = utcnow()
    # Deactivate first, then flush: the partial unique index allows one active row per kind.
    db.session.execute(update(DocumentTemplate)
                       .where(DocumentTemplate.kind == kind.name, DocumentTemplate.active)
                       .values(active=False, deactivated_at=now)
                       .execution_options(synchronize_session="fetch"))
    db.session.flush()
    if row is not None:
        row.active, row.activated_at, row.activated_by_id, row.deactivated_at = True, now, actor.id, None
        db.session.flush()
    log.info("template %s: %s put in force by %s", kind.name, f"v{row.version}" if row else "built-in", actor.id)


def sample(kind: TemplateKind, content: bytes) -> bytes:
    """The sample document printed with ``content`` (a preview); raises TemplateRefused if it cannot be."""
    check = check_template(kind, content)
    if not check.ok or check.sample is None:
        raise TemplateRefused(check.problems)
    return check.sample


@dataclass(frozen=True)
class Candidate:
    label: str              # "v3", "built-in": for the log
    content: bytes | None   # None: the built-in template


def candidates(kind: str) -> list[Candidate]:
    """What to render with, in order: the active version, the one in force before it, the built-in."""
    rows = db.session.execute(
        select(DocumentTemplate.version, DocumentTemplate.active, DocumentTemplate.docx)
        .where(DocumentTemplate.kind == kind, DocumentTemplate.activated_at.is_not(None))
        .order_by(DocumentTemplate.active.desc(), DocumentTemplate.activated_at.desc()).limit(2)
    ).all()
    found = [Candidate(f"v{number}", content) for number, is_active, content in rows]
    if rows and not rows[0].active:
        found = []  # nothing in force: the built-in template, not a version that was rolled back
    return found + [Candidate("built-in", None)]


def render(kind: str, render_with: Callable[[bytes | None], bytes]) -> bytes:
    """``render_with(template)`` with the template in force, falling back (and logging) on failure;
    the built-in template's own failure is a bug and propagates."""
    tried = candidates(kind)
    for candidate in tried[:-1]:
        try:
            return render_with(candidate.content)
        except Exception:
            log.exception("template %s %s failed to render; trying the previous one", kind, candidate.label)
    return render_with(None)
