"""The case-work date format (concerns/dates.py) as template filters."""

from django import template

from concerns import dates

register = template.Library()

register.filter("case_date", dates.case_date)
register.filter("case_datetime", dates.case_datetime)
