"""Organisers' intake: spreadsheets and shared folders into the same checked content files."""
