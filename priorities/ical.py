"""The meetings as an iCalendar feed (RFC 5545) that members subscribe to.

Written by hand: a handful of properties, no dependency. Lines end in CRLF and are
folded at 75 octets (never inside a UTF-8 character); text values escape backslash,
semicolon, comma and newline; times are in UTC, so no VTIMEZONE is needed; each
meeting keeps one UID, so a calendar updates the event instead of adding another.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from priorities.models import Meeting

LINE_OCTETS = 75


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(plain, escaped)
    return text


def fold(line: str) -> str:
    """One content line, folded so that no line is longer than 75 octets (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode())
        if size + octets > limit:
            parts.append(current)
            # A continuation line starts with a space, which counts.
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += character
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(meeting: Meeting, *, site_url: str, now: datetime) -> list[str]:
    host = urlsplit(site_url).hostname or "localhost"
    url = site_url + meeting.get_absolute_url()
    agenda = [f"{item.label} {item.title}" for item in meeting.agenda_shown]  # type: ignore[attr-defined]
    description = "\n".join([*([_("Saksliste:"), *agenda, ""] if agenda else []), url])
    lines = [
        "BEGIN:VEVENT",
        f"UID:mote-{meeting.pk}@{host}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(meeting.starts_at)}",
    ]
    if meeting.ends_at:
        lines.append(f"DTEND:{utc(meeting.ends_at)}")
    lines += [
        "SUMMARY:" + escape(_("Møte i %(body)s") % {"body": meeting.body.name}),
        f"LAST-MODIFIED:{utc(meeting.updated_at)}",
        f"URL:{url}",
    ]
    if meeting.place:
        lines.append("LOCATION:" + escape(meeting.place))
    lines += ["DESCRIPTION:" + escape(description), "END:VEVENT"]
    return lines


def calendar(meetings: Iterable[Meeting], *, site_url: str, now: datetime) -> str:
    name = escape(_("SLT i Kvæfjord: møter i Politirådet og Forebyggende forum"))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kvaefjord kommune//SLT-portalen//NO",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{name}",
        f"X-WR-CALNAME:{name}",
    ]
    for meeting in meetings:
        lines += event_lines(meeting, site_url=site_url, now=now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
