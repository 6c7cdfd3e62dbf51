"""Pelican settings for a local preview of the SUN programme (relative links)."""

import os

SITENAME = "SUN 2026 — Semaines des Usages Numériques"
SITEURL = ""
PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
RELATIVE_URLS = True

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["sun_site"]

# The programme plugin writes every page; Pelican's own article and page
# machinery is switched off so that nothing unstyled leaks into the site.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
# Nothing is copied from content/ as it is: the plugin publishes the images and logos the checked
# programme names, and only those (see sunprogramme/content_files.py).
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Templates escape everything by default; see plugins/sun_site/generator.py.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Programme settings (see README, « Réglages »). The public address is the programme's, even in a
# local preview: QR codes, calendars and short addresses point to the published site.
PROGRAMME_PUBLIC_URL = os.environ.get("SUN_PUBLIC_URL", "https://sun.example.org")
# A local preview: outside the festival, the home page is shown as on its first day, with a banner.
PROGRAMME_PREVIEW = True
