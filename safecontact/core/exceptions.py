from django.db import InterfaceError, OperationalError


class ApplicationError(Exception):
    """A rule of the council's policy refused the operation; the message is shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# The database is down, restarting ("the database system is starting up"), locked or unreachable. Every interface
# answers these the same way: the API and the pages with 503 and Retry-After, the worker and the scheduler by
# closing their connections, waiting and carrying on.
DATABASE_UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
DATABASE_RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_UNAVAILABLE_ERRORS)
