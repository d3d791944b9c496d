"""Storing a citizen's comment. Flushes, never commits: the view commits."""
import hashlib
import hmac

from app.extensions import db
from app.models import Dossier, PublicComment


def address_hash(address: str | None, secret: str) -> str:
    """A keyed hash of the sender's address: comparable between comments, useless to whoever reads a leak."""
    return hmac.new(secret.encode(), (address or "").encode(), hashlib.sha256).hexdigest()


def add_comment(dossier: Dossier, *, name: str, contact: str, text: str, hashed_address: str) -> PublicComment:
    comment = PublicComment(dossier=dossier, name=name, contact=contact, text=text, address_hash=hashed_address)
    db.session.add(comment)
    db.session.flush()
    return comment
