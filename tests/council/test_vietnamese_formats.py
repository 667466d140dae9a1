"""Dates as dd/mm/yyyy in pages, in both languages (council/formats/)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_and_times_read_day_month_year_in_every_language(language):
    template = Template(
        '{{ day|date:"SHORT_DATE_FORMAT" }} {{ moment|date:"SHORT_DATETIME_FORMAT" }}'
    )
    context = Context(
        {
            "day": datetime.date(2026, 12, 8),
            "moment": datetime.datetime(2026, 12, 8, 14, 5, tzinfo=datetime.UTC),
        }
    )
    with translation.override(language):
        # 14:05 UTC is 21:05 in Hồ Chí Minh City.
        assert template.render(context) == "08/12/2026 08/12/2026 21:05"
