"""Several roles per user and delegation (issue 10): the role switcher (``POST /account/hat``), a unit head's
delegations (``/account/delegations``), and the switcher's menu in the navbar.

The hats themselves (what a user may wear, laying one over the loaded user) are ``app.models.hats``; who may
wear, delegate and manage what is ``app.access``.
"""
from flask import Blueprint, Flask, session
from flask_babel import get_locale
from flask_login import current_user, user_logged_in, user_logged_out

bp = Blueprint("hats", __name__, url_prefix="/account")

# The session keys: the hat worn (its key) and the switcher's menu, cached for the day.
HAT_KEY = "hat"
MENU_KEY = "hat_menu"
MENU_LIMIT = 30  # hats listed in the switcher (the account page lists every one)


def forget(*_args, **_kwargs) -> None:
    """Back to the home hat, and the menu rebuilt on the next page (a login, a logout, a refused hat)."""
    session.pop(HAT_KEY, None)
    session.pop(MENU_KEY, None)


def hat_menu() -> list[list[str]]:
    """The hats the current user may switch between, as [key, label] pairs, or [] when they hold only one.

    Cached in the session for the user, the day and the language: a page costs no statement for it (the list
    and inbox benchmarks keep their statement counts). A new assignment or delegation shows after the next
    login, the next day, a switch, or a visit to the delegations page; permissions never rely on the cache.
    """
    if not current_user.is_authenticated:
        return []
    from app.models.base import local_today

    stamp = [current_user.id, local_today().isoformat(), str(get_locale())]
    cached = session.get(MENU_KEY)
    if not cached or cached[0] != stamp:
        from app.access import available_hats

        hats = available_hats(current_user._get_current_object())
        cached = [stamp, [[hat.key, str(hat.label)] for hat in hats[:MENU_LIMIT]]]
        session[MENU_KEY] = cached
    return cached[1] if len(cached[1]) > 1 else []


def register(app: Flask) -> None:
    app.jinja_env.globals["hat_menu"] = hat_menu
    user_logged_in.connect(forget, app)
    user_logged_out.connect(forget, app)


from app.hats import views  # noqa: E402,F401
