"""Pelican settings for publishing: absolute links to the public address."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

# The site's public address: replace the placeholder below (or set the variable SUN_PUBLIC_URL, as the
# CI jobs do). « invoke publish » refuses to publish with the placeholder.
SITEURL = os.environ.get("SUN_PUBLIC_URL", "https://sun.example.org")
RELATIVE_URLS = False
PROGRAMME_PREVIEW = False  # the home page follows the build's date
PROGRAMME_PUBLIC_URL = SITEURL
