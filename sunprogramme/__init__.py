"""SUN programme core: content model, strict reading and checks, pure writers.

Nothing in this package imports Pelican; the Pelican plugin in ``plugins/sun_site``
is the only adapter. See ``loader.load_programme`` for the entry point.
"""
