"""Atom feeds: assembled from each event's entry, dated by the build, never by the clock."""

from __future__ import annotations

from datetime import UTC, datetime

from sunprogramme.loader import check_programme
from sunprogramme.model import Programme
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.urls import SiteUrls
from sunprogramme.writers.feeds import events_feed, feed_entry

from conftest import SITE

URLS = SiteUrls(ProgrammeSettings(public_url="https://sun.example.org"))
UPDATED = datetime(2026, 10, 9, 22, 0, tzinfo=UTC)


def test_a_feed_is_its_head_then_each_event_entry():
    programme, _ = check_programme(SITE)
    feed = events_feed(programme, URLS, UPDATED)
    entries = [feed_entry(event, programme.venues.get(event.venue_id or ""), programme.edition.year, URLS, UPDATED)
               for event in programme.events_sorted()]
    head = feed.split(b"<entry>", 1)[0]
    assert feed == head + b"".join(entries) + b"</feed>"
    assert feed.count(b"<entry>") == len(entries) == 3
    assert b"<updated>2026-10-09T22:00:00+00:00</updated>" in head
    # A commune's feed holds the same entries as the feed of every event.
    commune = programme.communes_with_events()[0]
    local = events_feed(programme, URLS, UPDATED, commune)
    chosen = [entries[programme.events_sorted().index(event)] for event in programme.events_in_commune(commune.insee)]
    assert chosen and local.endswith(b"".join(chosen) + b"</feed>")


def test_a_feed_without_events_is_dated_by_the_build():
    programme, _ = check_programme(SITE)
    empty = Programme(programme.edition, {}, programme.partners, programme.venues)
    feed = events_feed(empty, URLS, UPDATED).decode("utf-8")
    assert "<entry>" not in feed
    assert "<updated>2026-10-09T22:00:00+00:00</updated>" in feed  # feedgenerator alone would write « now »
