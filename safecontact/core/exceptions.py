class ApplicationError(Exception):
    """A rule of the council's policy refused the operation; the message is shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
