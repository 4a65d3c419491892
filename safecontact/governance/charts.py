"""Server-rendered bar charts and FOI-safe figures: no JavaScript, no chart library.

A chart is drawn as an SVG with role="img", a <title> and a <desc>, and every bar carries its label and its number
as text, so nothing depends on colour or on seeing the shape; the template puts the same figures in a GOV.UK table
beside it (governance/_chart.html), which is what screen-reader users and anyone copying the numbers will use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# GOV.UK blue on white is 5.2:1, above the 3:1 WCAG 1.4.11 asks of graphics; text is GOV.UK black (#0b0c0c).
BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"
LABEL_WIDTH = 260  # room for the label to the left of the bars, in SVG units
BAR_AREA = 320
ROW_HEIGHT = 32
BAR_HEIGHT = 20

# The ICO's anonymisation guidance (and the ONS disclosure-control practice councils follow for FOI answers) treats
# counts of 1 to 4 as small enough to identify someone with other information, so they are withheld. A zero
# identifies nobody and stays 0, and so do figures of 5 or more.
SMALL_NUMBER_THRESHOLD = 5


def suppress(count: int, threshold: int = SMALL_NUMBER_THRESHOLD) -> str:
    """The count as it may be published: "fewer than 5" for 1 to 4, otherwise the number itself."""
    if 0 < count < threshold:
        return f"fewer than {threshold}"
    return str(count)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: int
    shown: str = ""  # the number as printed: "fewer than 5" on a suppressed chart

    @property
    def display(self) -> str:
        return self.shown or str(self.count)

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    slug: str  # unique on the page: the SVG's title and desc ids
    title: str
    column: str  # the table's first heading ("Risk band", "Service"...)
    rows: Sequence[tuple[str, int]]
    empty: str = "Nothing to show."
    bars: list[Bar] = field(default_factory=list)
    suppressed: bool = False  # published (FOI, Cabinet): 1 to 4 printed as "fewer than 5", in the bars too

    @property
    def table(self) -> list[tuple[str, str]]:
        """The rows as printed: on a suppressed chart 1 to 4 read "fewer than 5"."""
        return [(label, suppress(count) if self.suppressed else str(count)) for label, count in self.rows]

    @property
    def height(self) -> int:
        return max(1, len(self.rows)) * ROW_HEIGHT + 8

    @property
    def width(self) -> int:
        # Room after the longest bar for its number: "fewer than 5" needs more than a number does.
        return LABEL_WIDTH + BAR_AREA + (110 if self.suppressed else 60)

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 8

    @property
    def bar_x(self) -> int:
        return LABEL_WIDTH

    @property
    def total(self) -> int:
        return sum(count for _, count in self.rows)

    @property
    def description(self) -> str:
        """What the chart shows, in words, for the SVG's <desc>."""
        if not self.rows:
            return self.empty
        return "; ".join(f"{label}: {count}" for label, count in self.table) + "."

    @property
    def bar_colour(self) -> str:
        return BAR_COLOUR

    @property
    def text_colour(self) -> str:
        return TEXT_COLOUR


def bar_chart(*, slug: str, title: str, column: str, rows: Iterable[tuple[str, int]], empty: str = "Nothing to show.",
              suppressed: bool = False) -> Chart:
    """A horizontal bar chart, one bar per row, scaled to the largest count (a zero has no bar but keeps its 0).

    A suppressed chart draws every count from 1 to 4 as long as a 5 and labels it "fewer than 5": a bar's length
    would otherwise give away the number its label withholds."""
    rows = [(str(label), int(count)) for label, count in rows]
    drawn = [(max(count, SMALL_NUMBER_THRESHOLD) if suppressed and count > 0 else count) for _, count in rows]
    largest = max(drawn, default=0)
    bars = [Bar(label=label, count=count, y=4 + index * ROW_HEIGHT, width=round(BAR_AREA * size / largest) if largest else 0,
                shown=suppress(count) if suppressed else "") for index, ((label, count), size) in enumerate(zip(rows, drawn, strict=True))]
    return Chart(slug=slug, title=title, column=column, rows=rows, empty=empty, bars=bars, suppressed=suppressed)
