"""A resident on a 360 px phone, in Chromium: scripted tasks from the home page, each tap counted.

Uses the browser harness of test_site_quality (the demo site, served; Debian's Chromium): a missing
Chromium fails these tests with how to install it, it never skips them.
"""

from __future__ import annotations

import os
import re

import pytest

from sunprogramme import listings
from sunprogramme.loader import load_programme
from sunprogramme.session_words import when_in_words
from sunprogramme.settings import ProgrammeSettings
from sunprogramme.vocabularies import find_commune

from conftest import ROOT
from test_site_quality import browser, server, site  # noqa: F401  (the shared browser fixtures)

PHONE = {"width": 360, "height": 780}
MAX_TAPS = 3


@pytest.fixture(scope="module")
def programme():
    loaded, report = load_programme(ROOT / "content")
    assert loaded is not None, report
    return loaded


@pytest.fixture(scope="module")
def week(programme):
    """« Cette semaine » as the demo build reads it (pelicanconf.py: a preview; SOURCE_DATE_EPOCH if set)."""
    settings = ProgrammeSettings.from_settings({"PROGRAMME_PREVIEW": True}, dict(os.environ))
    current = listings.week(programme, settings.today, preview=True)
    assert current is not None
    return current


@pytest.fixture
def phone(browser):  # noqa: F811
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


class Resident:
    """Taps as a resident does: only on what is on the page and visible, one tap at a time, counted."""

    def __init__(self, page, start: str) -> None:
        self.page = page
        self.taps = 0
        page.goto(start)

    def tap(self, locator) -> None:
        assert locator.count() >= 1, "rien à toucher"
        target = locator.first
        target.scroll_into_view_if_needed()
        assert target.is_visible()
        if target.evaluate("el => el.tagName") == "A":  # a link: wait for the page it opens
            with self.page.expect_navigation():
                target.tap()
        else:
            target.tap()
        self.taps += 1

    def last_tap(self, locator) -> str:
        """A link that leaves the browser (tel:, webcal:): visible and reachable, counted, not followed."""
        assert locator.count() >= 1, "rien à toucher"
        target = locator.first
        target.scroll_into_view_if_needed()
        assert target.is_visible()
        self.taps += 1
        return target.get_attribute("href") or ""


def _commune_line(page, name: str):
    """The link of the commune's own line in the chooser (its name also stands in other lines)."""
    return page.locator(".sun-chooser__list > li").filter(has_text=re.compile(f"^{re.escape(name)} \\(")).locator("a")


def _choose_commune(resident: Resident, name: str) -> None:
    resident.tap(resident.page.locator("summary", has_text="Choisir ma commune"))
    resident.tap(_commune_line(resident.page, name))


def test_first_screen_answers_where_and_when(phone, server):  # noqa: F811
    phone.goto(server)
    for locator in (phone.locator("summary", has_text="Choisir ma commune"), phone.locator(".sun-when a").nth(0),
                    phone.locator(".sun-when a").nth(1)):
        box = locator.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], locator
    first, week_link = phone.locator(".sun-when a").all_text_contents()[:2]
    assert first.startswith(("Aujourd'hui, ", "Le premier jour, "))
    assert week_link in ("Cette semaine", "La première semaine du festival")
    # The chooser holds every commune of the territory, those without events too.
    phone.locator("summary", has_text="Choisir ma commune").tap()
    lines = phone.locator(".sun-chooser__list > li").all_text_contents()
    assert len(lines) == 41
    bures = next(line for line in lines if line.startswith("Bures-sur-Yvette"))
    assert bures == ("Bures-sur-Yvette : pas de rendez-vous dans la commune. Rendez-vous des structures qui viennent "
                     "dans la commune : Les Ulis, Longjumeau, Orsay.")


def test_task_smartphone_workshop_for_seniors_in_les_ulis_this_week(phone, server, programme, week):  # noqa: F811
    ulis = find_commune("Les Ulis")
    assert ulis is not None
    wanted = [e for e in programme.events_in_commune(ulis.insee) if "smartphone-tablette" in e.themes
              and "seniors" in e.audiences and any(s.day in week for s in e.sessions)]
    assert wanted, "the demo programme has such a workshop this week"
    resident = Resident(phone, server)
    _choose_commune(resident, "Les Ulis")
    this_week = phone.locator("section[aria-labelledby=titre-semaine]")
    links = this_week.locator(" , ".join(f"a[href$='evenements/{e.id}/']" for e in wanted))
    resident.tap(links)
    assert resident.taps <= MAX_TAPS
    event = next(e for e in wanted if phone.url.endswith(f"evenements/{e.id}/"))
    facts = phone.locator(".sun-facts").text_content() or ""
    assert phone.locator("h1").text_content() == event.title
    assert "Les Ulis" in facts and "Seniors" in facts and "Smartphone" in facts


def test_task_subscribe_to_my_commune_calendar(phone, server):  # noqa: F811
    resident = Resident(phone, server)
    _choose_commune(resident, "Les Ulis")
    href = resident.last_tap(phone.get_by_role("link", name="M'abonner aux événements des Ulis"))
    assert resident.taps <= MAX_TAPS
    assert href == "webcal://sun.example.org/calendriers/communes/les-ulis.ics"


def test_task_call_to_register(phone, server, programme):  # noqa: F811
    by_phone = {e.id: e.registration.phone for e in programme.events.values()
                if e.registration and e.registration.required and e.registration.phone and e.status == "confirme"}
    resident = Resident(phone, server)
    listed = phone.locator("section[aria-labelledby=titre-bientot] .sun-session__title a")
    links = [i for i, href in enumerate(listed.evaluate_all("links => links.map(a => a.getAttribute('href'))"))
             if href.rstrip("/").rsplit("/", 1)[-1] in by_phone]
    assert links, "the day list shows an event to register for by phone"
    resident.tap(listed.nth(links[0]))
    event_id = phone.url.rstrip("/").rsplit("/", 1)[-1]
    href = resident.last_tap(phone.locator(".sun-phone a[href^='tel:']"))
    assert resident.taps <= MAX_TAPS
    assert href == "tel:" + by_phone[event_id].replace(" ", "")


def test_commune_page_opens_on_this_week(phone, server, programme, week):  # noqa: F811
    phone.goto(server + "communes/les-ulis/")
    first = phone.locator("main h2").first
    assert first.get_attribute("id") == "titre-semaine"
    assert (first.text_content() or "").startswith(f"{week.title} aux Ulis, du ")
    ulis = find_commune("Les Ulis")
    assert ulis is not None
    expected = [f"evenements/{i.event.id}/" for i in listings.commune_week(programme, ulis.insee, week)]
    shown = phone.locator("section[aria-labelledby=titre-semaine] .sun-session__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').replace(/^(\\.\\.\\/)+/, ''))")
    assert shown == expected and shown


def test_badges_are_facts_not_buttons(phone, server):  # noqa: F811
    for url in ("", "communes/les-ulis/", "themes/securite/"):
        phone.goto(server + url)
        badges = phone.locator(".sun-badges li")
        assert badges.count() > 0
        looks = badges.evaluate_all("""items => items.map(li => {
            const s = getComputedStyle(li);
            return [s.borderTopWidth, s.borderBottomWidth, s.borderRightWidth, s.backgroundColor,
                    li.querySelector('a, button') === null];
        })""")
        assert {tuple(look) for look in looks} == {("0px", "0px", "0px", "rgba(0, 0, 0, 0)", True)}, url


def test_search_shows_results_as_you_type_with_when_and_where_from_the_index(phone, server, programme):  # noqa: F811
    event = programme.events["atelier-smartphone-du-mardi"]
    venue = programme.venues[event.venue_id or ""]
    phone.goto(server + "recherche/")
    phone.locator("input[name=q]").press_sequentially("smartphone du mardi", delay=40)  # no Enter, no button
    item = phone.locator(".sun-search__results li", has=phone.get_by_role("link", name=event.title, exact=True))
    item.wait_for()
    others = len(event.sessions) - 1
    assert item.locator(".sun-search__facts").text_content() == (
        f"{when_in_words(event.sessions[0])} (et {others} autre date) — {venue.commune.name}")
    assert phone.url.endswith("?q=smartphone%20du%20mardi")


def test_without_javascript_the_home_chooser_and_the_search_page_lead_to_the_lists(browser, server):  # noqa: F811
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server)
    page.locator("summary", has_text="Choisir ma commune").click()
    _commune_line(page, "Les Ulis").click()
    assert page.locator("h1").text_content() == "SUN aux Ulis"
    page.goto(server + "recherche/")
    main = page.locator("main")
    for name, href in (("commune", "communes/"), ("jour", "programme/"), ("thème", "themes/"),
                       ("selon le public", "publics/")):
        assert main.get_by_role("link", name=name, exact=True).first.get_attribute("href") == f"../{href}"
    context.close()
