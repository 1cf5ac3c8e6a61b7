"""What a room of ratings says: median, spread, share of "weet niet", and where the team differs.

Pure functions of a *multiset* of ratings: the order in which participants rated, or in which
they are listed, can never change a figure (a property test holds this). Ratings are on a
five-point scale from −2 (clearly negative) to +2 (clearly positive); ``None`` is "weet niet",
which counts as an answer (it says something about the measure) but not as a position.

>>> a = aggregate([2, 1, None, -1])
>>> a.median, a.spread, a.dont_know, a.divided
(1, 3, 1, True)
>>> aggregate([None, None]).median is None
True
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

#: The five positions of the scale, most negative first.
SCALE: tuple[int, ...] = (-2, -1, 0, 1, 2)
#: A spread (highest minus lowest rating) at least this large is highlighted for discussion.
DISAGREEMENT_SPREAD = 2

Rating = int | None


@dataclass(frozen=True)
class Aggregate:
    """The ratings of one measure on one dimension, summed up."""

    #: How many answered (weet niet included).
    count: int
    #: How many answered "weet niet".
    dont_know: int
    #: Median of the known ratings (a half when the middle two differ); None when none known.
    median: float | None
    #: Lowest and highest known rating.
    low: int | None
    high: int | None
    #: How many gave each position of :data:`SCALE`, most negative first.
    counts: tuple[int, ...]

    @property
    def known(self) -> int:
        """Answers that took a position."""
        return self.count - self.dont_know

    @property
    def spread(self) -> int | None:
        """Highest minus lowest known rating (0 when all agree, 4 at most)."""
        if self.low is None or self.high is None:
            return None
        return self.high - self.low

    @property
    def share_dont_know(self) -> float:
        """Share of the answers that were "weet niet" (0 with no answers)."""
        return self.dont_know / self.count if self.count else 0.0

    @property
    def divided(self) -> bool:
        """Some expect harm where others expect good: the sharpest disagreement."""
        return self.low is not None and self.high is not None and self.low < 0 < self.high

    @property
    def disagreement(self) -> bool:
        """Far enough apart to talk about before agreeing (highlighted on the reveal)."""
        return self.divided or (self.spread or 0) >= DISAGREEMENT_SPREAD

    @property
    def suggestion(self) -> Rating:
        """A starting point for the team's agreed rating: the median, a half rounded towards
        zero (the more cautious claim); None when nobody took a position."""
        if self.median is None:
            return None
        whole = int(self.median)  # int() rounds towards zero
        return whole


def aggregate(ratings: Iterable[Rating]) -> Aggregate:
    """Sum up ratings given in any order (``None`` = weet niet)."""
    values = list(ratings)
    for value in values:
        if value is not None and value not in SCALE:
            raise ValueError(f"a rating is one of {SCALE} or None, not {value!r}")
    known = sorted(v for v in values if v is not None)
    median: float | None = None
    if known:
        middle = statistics.median(known)
        median = int(middle) if float(middle).is_integer() else float(middle)
    return Aggregate(count=len(values), dont_know=len(values) - len(known), median=median,
                     low=known[0] if known else None, high=known[-1] if known else None,
                     counts=tuple(known.count(position) for position in SCALE))


def symbol(rating: Rating) -> str:
    """A rating as the room writes it on a flip-over: '−−', '−', '0', '+', '++', '?'.

    >>> [symbol(r) for r in (-2, -1, 0, 1, 2, None)]
    ['−−', '−', '0', '+', '++', '?']
    """
    if rating is None:
        return "?"
    return {-2: "−−", -1: "−", 0: "0", 1: "+", 2: "++"}[rating]
