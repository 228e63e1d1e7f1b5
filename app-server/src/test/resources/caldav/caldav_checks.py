"""Scripted checks with python3-caldav against a running server: prints one JSON object.

Usage: python3 caldav_checks.py BASE_URL USER PASSWORD CALENDAR_NAME
"""
import json
import sys

import caldav
from caldav.lib import error

base, user, password, calendar_name = sys.argv[1:5]
out = {}

client = caldav.DAVClient(url=base + "/.well-known/caldav", username=user, password=password)
principal = client.principal()
calendars = principal.calendars()
out["calendars"] = sorted(c.name for c in calendars)
calendar = [c for c in calendars if c.name == calendar_name][0]

events = calendar.events()
out["events"] = len(events)
out["server_made"] = any("SUMMARY:Made on the server" in e.data for e in events)

made = calendar.save_event("""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//python-caldav check//EN
BEGIN:VEVENT
UID:client-made
DTSTAMP:20261201T000000Z
DTSTART:20261214T090000Z
DTEND:20261214T100000Z
SUMMARY:Made by python-caldav
LOCATION:Room 4
END:VEVENT
END:VCALENDAR
""")
out["client_made_url"] = str(made.url)

# Two programs read the same version; the second writer is refused with 412 and succeeds after reading again.
url = str(made.url)
first = client.request(url, "GET")
etag = first.headers["ETag"]
body = first.raw if isinstance(first.raw, str) else first.raw.decode()
one = client.put(url, body.replace("Made by python-caldav", "First writer"), {"If-Match": etag, "Content-Type": "text/calendar"})
out["first_writer"] = one.status
two = client.put(url, body.replace("Made by python-caldav", "Second writer"), {"If-Match": etag, "Content-Type": "text/calendar"})
out["second_writer"] = two.status
again = client.request(url, "GET")
merged = (again.raw if isinstance(again.raw, str) else again.raw.decode()).replace("First writer", "First and second writer")
three = client.put(url, merged, {"If-Match": again.headers["ETag"], "Content-Type": "text/calendar"})
out["second_writer_after_reading_again"] = three.status

found = calendar.event_by_uid("client-made")
out["found_by_uid"] = "First and second writer" in found.data

week = calendar.date_search(start=__import__("datetime").datetime(2026, 12, 14), end=__import__("datetime").datetime(2026, 12, 15))
out["in_its_day"] = any("client-made" in e.data for e in week)

made.delete()
try:
    calendar.event_by_uid("client-made")
    out["deleted"] = False
except error.NotFoundError:
    out["deleted"] = True

try:
    caldav.DAVClient(url=base + "/dav/", username=user, password="not-the-password").principal()
    out["wrong_password"] = "accepted"
except error.AuthorizationError:
    out["wrong_password"] = "refused"

print(json.dumps(out))
