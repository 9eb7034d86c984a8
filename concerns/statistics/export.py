"""The figures as a spreadsheet (XLSX) for Politirådet.

XLSX rather than CSV: a CSV carries no delimiter, encoding or number type, so a
Norwegian Excel (whose list separator is ";" and decimal sign ",") splits or
mis-reads it unless it is imported by hand, and LibreOffice asks every time. An XLSX
file holds typed cells: counts are numbers, the share is a percentage and the dates are
dates, each shown in the reader's own locale. Written with XlsxWriter. The same
suppression applies: a hidden count is the word for hidden, never a number.
"""

import io
import re
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from concerns.statistics.figures import Figures, Table

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(figures: Figures) -> str:
    return f"slt-statistikk-{figures.period.slug}.xlsx"


def _sheet_name(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31]


def figures_workbook(figures: Figures) -> bytes:
    """The XLSX file: an overview sheet, then one sheet per table."""
    # Imported when an export is asked for, not when the admin loads.
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties(
        {
            "title": _("Statistikk for Politirådet, %(period)s") % {"period": figures.period.label},
            "subject": _("Anonyme tall for bekymringsmeldinger"),
            "company": "Kvæfjord kommune",
        }
    )
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "header": book.add_format({"bold": True, "bottom": 1}),
        "total": book.add_format({"bold": True, "top": 1}),
        "total_count": book.add_format({"bold": True, "top": 1, "num_format": "0"}),
        "count": book.add_format({"num_format": "0"}),
        "hidden": book.add_format({"align": "right", "italic": True}),
        "date": book.add_format({"num_format": "dd.mm.yyyy", "align": "left"}),
        "hours": book.add_format({"num_format": "0.0", "align": "left"}),
        "share": book.add_format({"num_format": "0%", "align": "left"}),
        "number": book.add_format({"num_format": "0", "align": "left"}),
        "note": book.add_format({"italic": True, "text_wrap": True, "valign": "top"}),
    }
    hidden = _("skjult")

    def value(sheet, row, col, number, fmt):
        if number is None:
            sheet.write_string(row, col, hidden, formats["hidden"])
        else:
            sheet.write_number(row, col, number, formats[fmt])

    overview = book.add_worksheet(_sheet_name(_("Oversikt")))
    overview.set_column(0, 0, 48)
    overview.set_column(1, 1, 22)
    overview.write_string(0, 0, _("Statistikk for Politirådet"), formats["title"])
    overview.write_string(1, 0, _("Periode"))
    overview.write_string(1, 1, figures.period.label)
    overview.write_string(2, 0, _("Fra og med"))
    overview.write_datetime(2, 1, _midnight(figures.period.start), formats["date"])
    overview.write_string(3, 0, _("Til og med"))
    overview.write_datetime(3, 1, _midnight(figures.period.end), formats["date"])
    overview.write_string(4, 0, _("Meldinger mottatt i perioden"))
    value(overview, 4, 1, figures.total, "number")
    overview.write_string(5, 0, _("Mediantid til første svar (timer)"))
    value(overview, 5, 1, figures.median_hours_to_first_answer, "hours")
    overview.write_string(6, 0, _("Andel svart eller avsluttet innen fristen"))
    value(overview, 6, 1, figures.deadlines_met_share, "share")
    overview.merge_range(8, 0, 8, 1, notes(figures), formats["note"])
    overview.set_row(8, 150)

    for table in figures.tables:
        _table_sheet(book, formats, table, figures, value)
    book.close()
    return buffer.getvalue()


def _table_sheet(book, formats, table: Table, figures: Figures, value) -> None:
    sheet = book.add_worksheet(_sheet_name(table.title))
    sheet.set_column(0, 0, 52)
    sheet.set_column(1, 1, 12)
    sheet.write_string(0, 0, table.title, formats["title"])
    sheet.write_string(1, 0, figures.period.label)
    sheet.write_string(3, 0, table.row_header, formats["header"])
    sheet.write_string(3, 1, _("Antall"), formats["header"])
    for offset, row in enumerate(table.rows, start=4):
        sheet.write_string(offset, 0, row.label)
        value(sheet, offset, 1, row.count, "count")
    last = 4 + len(table.rows)
    sheet.write_string(last, 0, _("I alt"), formats["total"])
    if table.total is None:
        sheet.write_string(last, 1, _("skjult"), formats["total"])
    else:
        sheet.write_number(last, 1, table.total, formats["total_count"])
    if table.hidden_count:
        sheet.write_string(last + 2, 0, hidden_note(figures.min_count), formats["note"])


def _midnight(day: date) -> datetime:
    # Excel has no time zones: a date cell is a naive midnight.
    return datetime.combine(day, time.min)


def hidden_note(min_count: int) -> str:
    return _(
        "«skjult»: færre enn %(n)s meldinger, eller skjult for at et annet skjult tall ikke "
        "skal kunne regnes ut fra summene."
    ) % {"n": min_count}


def notes(figures: Figures) -> str:
    return " ".join(
        [
            _("Alle tall gjelder meldinger mottatt i perioden, etter datoen de kom inn."),
            hidden_note(figures.min_count),
            _(
                "Første svar er enhetens første melding til avsenderen. Fristen for svar til "
                "avsender er overholdt når første svar kom, eller saken ble avsluttet, senest "
                "på fristdagen."
            ),
        ]
    )
