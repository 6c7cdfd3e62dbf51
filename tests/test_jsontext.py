"""Indented JSON put together from parts gives exactly what json.dumps gives for the whole."""

import json

from sunprogramme.writers.jsontext import Encoded, dumps, encoded

SAMPLE = {
    "format": "sun-programme",
    "version": 1,
    "events": [
        {"id": "atelier", "title": "Atelier « smartphone » — l'été", "free": True, "price": None,
         "sessions": [{"start": "2026-10-24T14:00:00+02:00", "end": "2026-10-25T10:00:00+01:00"}],
         "themes": [], "print": {}, "ratio": 0.5, "nested": [[1, 2], [], [{"a": []}]]},
        {"id": "vide", "sessions": [], "venue": {"lat": 48.7, "lon": 2.25}},
    ],
    "empty_list": [],
    "empty_dict": {},
    "tuple": (1, "deux"),
    "numbers": {"3": 3, "quote": 'il a dit "oui"\n', "tab": "a\tb"},
}


def test_dumps_equals_json_dumps_of_the_whole():
    assert dumps(SAMPLE) == json.dumps(SAMPLE, ensure_ascii=False, indent=2).encode()


def test_encoded_parts_stand_for_their_values_at_any_depth():
    parts = {**SAMPLE, "events": [encoded(event) for event in SAMPLE["events"]],
             "deeper": {"rooms": {"Salle 1": [encoded(SAMPLE["events"][0])]}}}
    whole = {**SAMPLE, "deeper": {"rooms": {"Salle 1": [SAMPLE["events"][0]]}}}
    assert dumps(parts) == json.dumps(whole, ensure_ascii=False, indent=2).encode()
    assert isinstance(parts["events"][0], Encoded)


def test_non_text_keys_are_encoded_as_json_does():
    data = {"by_number": {1: "un", 2: ["deux"]}}
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=2).encode()


def test_parts_made_for_their_depth_go_in_as_they_are_and_elsewhere_are_indented_again():
    event = SAMPLE["events"][0]
    deep = encoded(event, 2)
    assert deep.level == 2 and b'\n      "id"' in deep

    def whole(value):
        return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")

    assert dumps({"events": [deep]}) == whole({"events": [event]})
    assert dumps([[deep]]) == whole([[event]])  # level 2 as well
    assert dumps(deep) == whole(event)  # back at the top
    assert dumps({"a": {"b": {"c": [deep]}}}) == whole({"a": {"b": {"c": [event]}}})
