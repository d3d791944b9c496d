"""Award documents (decision, proposal) rendered to DOCX from Word templates, without the database."""
from app.documents.decision import DecisionDocument, Honoree, render_decision
from app.documents.money import bonus_amount

__all__ = ["DecisionDocument", "Honoree", "bonus_amount", "render_decision"]
