"""Pelican settings for publishing: absolute public URL."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SUN_PUBLIC_URL", "https://sun.example.org")
RELATIVE_URLS = False
PROGRAMME_PUBLIC_URL = SITEURL
