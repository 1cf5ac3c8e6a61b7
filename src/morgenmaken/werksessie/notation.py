"""One way to write what a room of ratings says, on the shared screen, the phones and the
report alike: the median, the spread and the marks for where the team differs.

* a median as the scale's own symbols, a half between two positions as both (``−/0``);
* a spread as its ends in words (``−− tot ++``), one symbol when all agree, ``—`` with no
  position taken;
* ``‼`` where the team should talk first, with the word that says why: ``‼ verdeeld`` where
  some expect harm and others good (both − and +), ``‼ ver uiteen`` where the ratings lie two
  steps or more apart — a sign *and* a word, never colour alone (the report's charts use the
  same ``‼``).

>>> from morgenmaken.werksessie.aggregate import aggregate
>>> a = aggregate([-1, 0, 2, None])
>>> median_text(a), spread_text(a, "nl"), mark(a, "nl")
('0', '− tot ++', '‼ verdeeld')
>>> median_text(aggregate([-1, 0])), mark(aggregate([0, 2]), "en")
('−/0', '‼ far apart')
"""

from __future__ import annotations

from morgenmaken.i18n import t
from morgenmaken.werksessie.aggregate import Aggregate, symbol

#: The one sign for "discuss this first" (screen, phones, report tables and charts).
SIGN = "‼"


def median_text(agg: Aggregate) -> str:
    """The median as a symbol; a half between two positions as both ('+/++'); '?' when
    nobody took a position."""
    if agg.median is None:
        return "?"
    if float(agg.median).is_integer():
        return symbol(int(agg.median))
    low = int(agg.median - 0.5)
    return f"{symbol(low)}/{symbol(low + 1)}"


def spread_text(agg: Aggregate, lang: str) -> str:
    """'−− tot ++' from the lowest to the highest rating; one symbol when all agree."""
    if agg.low is None or agg.high is None:
        return "—"
    if agg.low == agg.high:
        return symbol(agg.low)
    return t("wsreport.spread_value", lang, low=symbol(agg.low), high=symbol(agg.high))


def sign(agg: Aggregate) -> str:
    """'‼' where the team differs (divided or far apart), else ''."""
    return SIGN if agg.disagreement else ""


def mark(agg: Aggregate, lang: str) -> str:
    """'‼ verdeeld', '! ver uiteen' or '': the sign with its word."""
    if agg.divided:
        return f"{SIGN} {t('ws.mark_split', lang)}"
    if agg.disagreement:
        return f"{SIGN} {t('ws.mark_apart', lang)}"
    return ""
