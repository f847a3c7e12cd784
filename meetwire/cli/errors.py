"""The errors a user can fix, turned into one line naming the fix (exit 2) for every command.

The console-script entry point catches what escapes a command and asks `user_error` for the
line; anything it does not recognise is a bug and keeps its traceback.
"""

from pydantic import ValidationError
from sqlalchemy import exc as sa_exc

from worker.safely import is_unusable_database_error

# Settings whose values may hold a password: their input is never echoed.
_SECRET_FIELDS = ("database_url", "broker_url", "result_backend")


def user_error(error: BaseException) -> str | None:
    """One line saying what to fix, or None when the error is not the user's to fix."""
    if isinstance(error, ValidationError) and error.title == "Settings":
        return settings_error(error)
    if is_unusable_database_error(error):
        return unusable_database(error)
    if isinstance(error, sa_exc.NoSuchModuleError | sa_exc.ArgumentError):
        return (
            f"MEETWIRE_DATABASE_URL is not usable ({error}): use sqlite:///FILE.db "
            "or postgresql://USER:PASSWORD@HOST/DB"
        )
    return None


def settings_error(error: ValidationError) -> str:
    """`MEETWIRE_HOST_DELAY='abc': Input should be a valid number …; fix it in the environment`."""
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        message = item["msg"].removeprefix("Value error, ")
        if not field:
            problems.append(message)
        elif field in _SECRET_FIELDS:
            problems.append(f"MEETWIRE_{field.upper()}: {message}")
        else:
            problems.append(f"MEETWIRE_{field.upper()}={item['input']!r}: {message}")
    return "bad setting: " + "; ".join(problems) + " (fix it in the environment or .env)"


def unusable_database(error: BaseException) -> str:
    """A read-only or unopenable SQLite file: which file, and what to do about it."""
    orig = getattr(error, "orig", error)
    from meetwire.settings import get_settings

    url = get_settings().database_url
    path = url.split("///", 1)[-1].split("?", 1)[0]
    return (
        f"the SQLite database {path} cannot be written ({orig}): make the file and its folder "
        "writable, or set MEETWIRE_DATABASE_URL to a writable file; nothing was written"
    )
