"""Pelican plugin for the SUN programme: registers the programme generator, nothing else."""

from pelican import signals

from .generator import ProgrammeGenerator


def _get_generators(_pelican):
    return ProgrammeGenerator


def register():
    signals.get_generators.connect(_get_generators)
