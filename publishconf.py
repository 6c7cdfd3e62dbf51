"""Pelican settings for publishing: absolute links to the public address."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SUN_PUBLIC_URL", "https://sun.example.org")
RELATIVE_URLS = False
PROGRAMME_PREVIEW = False  # the home page follows the build's date
PROGRAMME_PUBLIC_URL = SITEURL
