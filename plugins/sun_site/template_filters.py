"""The filters and globals the theme's templates use: French dates, times and counts, labels of the
vocabularies, charts. Registered by the generator; the page-plan tests render with the same table."""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup

from sunprogramme import frenchdates, session_words
from sunprogramme.french_names import counted, with_a, with_de
from sunprogramme.svgcharts import bar_chart
from sunprogramme.vocabularies import vocabulary


def chart(rows, attribute: str, title: str, unit: str = "") -> Markup:
    """An SVG bar chart of ``rows``' ``attribute`` by label; its text is escaped by svgcharts."""
    return Markup(bar_chart([(row.label, getattr(row, attribute)) for row in rows], title, unit))


@pass_context
def _day_words(context, day, with_year: bool = True) -> str:
    """« jeudi 10 octobre », with its year wherever it could name several days (``SiteValues.day_years``)."""
    return frenchdates.day_in_words(day, with_year or context["programme"].day_years)


@pass_context
def _short_day(context, day) -> str:
    """« jeu. 10 oct. », with its year as ``_day_words``."""
    text = frenchdates.short_day(day)
    return f"{text} {day.year}" if context["programme"].day_years else text


def _label(slug: str, vocabulary_name: str) -> str:
    return vocabulary(vocabulary_name)[slug].label


FILTERS = {
    "day_words": _day_words,
    "short_day": _short_day,
    "session_words": frenchdates.session_in_words,
    "time_range": frenchdates.time_range,
    "when_words": session_words.when_in_words,
    "opening_words": session_words.opening_in_words,
    "to_confirm_notice": session_words.to_confirm_notice,
    "clock": frenchdates.clock,
    "label": _label,
    "file_size": frenchdates.file_size,
    "counted": counted,  # {{ n | counted("événement") }}: « 1 événement », « 2 événements »
    "with_a": with_a,  # « à » + « les événements… »: « aux événements… »
    "with_de": with_de,  # « de » + « les lieux… », « Emmaüs »: « des lieux… », « d'Emmaüs »
}
GLOBALS = {"chart": chart}
