"""Flask extensions, created unbound here and attached to the app in ``create_app``."""
from typing import TYPE_CHECKING

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase

from app.i18n import AppBabel

# A naming convention gives every constraint a stable name, so Alembic batch
# migrations on SQLite can find and drop them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Models subclass ``Model``: at run time Flask-SQLAlchemy's ``db.Model`` (built from Base, with its
# table-name and session glue); for the type checker, Base itself, whose typed mapping it can read.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

# A statement run with ``.execution_options(custom_plan=True)`` is planned for its own parameters every time.
# psycopg prepares a statement on the server after a few runs, and PostgreSQL may then keep one generic plan
# for all parameters: for a list searched with LIKE '%word%' it guesses how many rows match and picks a plan
# that is 3x slower than the one planned for the word (bench/throughput.py, issue 14). Unprepared, a
# statement always gets a plan of its own.
CUSTOM_PLAN = "custom_plan"


@event.listens_for(Engine, "do_execute")
def _execute_with_a_plan_of_its_own(cursor, statement, parameters, context):
    if context.execution_options.get(CUSTOM_PLAN) and context.dialect.driver == "psycopg":
        cursor.execute(statement, parameters, prepare=False)
        return True
    return None


migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = AppBabel()  # Flask-Babel, the request's catalogue found once (app/i18n.py)
# Storage is configurable (RATELIMIT_STORAGE_URI): memory for one process,
# Redis when several stateless app servers share the limits.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
