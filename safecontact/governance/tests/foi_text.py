"""What the FOI-safety tests look for: a count of 3 on its own, in text that may also carry today's date.

A date is not a count: "Prepared 3 December 2026" is the day the report was made. Such runs failed only on the 3rd
of a month, so the dates are taken out before the search, and a PDF's lines are joined first because its wrapping
can split a date over two lines."""

import re

THREE = re.compile(r"(?<![\dQ.,])3(?![\d.,%])")  # a 3 on its own: not 13, 3.5, 3% or Q3
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b")
_PAGE_NUMBER = re.compile(r"Page \d+$")


def threes_in(text: str) -> list[str]:
    """Each 3 standing alone in the text, dates aside, with a little context for the failure message."""
    joined = " ".join(_PAGE_NUMBER.sub("", line) for line in text.splitlines())
    joined = _DATE.sub("<date>", joined)
    return [joined[max(0, m.start() - 40):m.end() + 40] for m in THREE.finditer(joined)]
