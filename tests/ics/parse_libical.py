"""Reads .ics files with libical (GNOME Evolution's engine), through GObject introspection.

Runs with the system Python (Debian packages python3-gi and gir1.2-ical-3.0), not the
project's virtual environment. Prints every VEVENT as JSON, times in UTC, resolved
against the file's own VTIMEZONE.
Usage: /usr/bin/python3 parse_libical.py FILE...
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

UTC = ICalGLib.Timezone.get_utc_timezone()


def utc_iso(prop, value, calendar, path):
    """The property's time in UTC, its TZID resolved against the file's own VTIMEZONE."""
    tzid = prop.get_first_parameter(ICalGLib.ParameterKind.TZID_PARAMETER)
    if tzid is not None:
        zone = calendar.get_timezone(tzid.get_tzid())
        if zone is None:
            raise SystemExit(f"{path}: TZID {tzid.get_tzid()} sans VTIMEZONE")
        value.set_timezone(zone)
    value.convert_to_zone_inplace(UTC)
    return (f"{value.get_year():04d}-{value.get_month():02d}-{value.get_day():02d}T"
            f"{value.get_hour():02d}:{value.get_minute():02d}:{value.get_second():02d}.000Z")


out = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        calendar = ICalGLib.Component.new_from_string(handle.read())
    event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        start = event.get_first_property(ICalGLib.PropertyKind.DTSTART_PROPERTY)
        end = event.get_first_property(ICalGLib.PropertyKind.DTEND_PROPERTY)
        out.append({
            "file": path,
            "uid": event.get_uid(),
            "start": utc_iso(start, start.get_dtstart(), calendar, path),
            # Without DTEND (a start alone), libical's own reading of RFC 5545 3.6.1: its start.
            "end": (utc_iso(end, end.get_dtend(), calendar, path) if end is not None
                    else utc_iso(start, event.get_dtend(), calendar, path)),
            "status": ICalGLib.Property.status_to_string(event.get_status()),
            "sequence": event.get_sequence(),
            "summary": event.get_summary(),
        })
        event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
print(json.dumps(out))
