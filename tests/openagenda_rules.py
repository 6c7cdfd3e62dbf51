"""OpenAgenda's field rules as a validator of exports, written from data/openagenda.yaml.

The rules are copied from OpenAgenda's dev-doc into that data file; the validator is written from the
data file, not from the writer: required fields, lengths per language, enumerations, timings (offset,
order, 24 hours, no overlap) and location references.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import yaml

SPEC = yaml.safe_load(resources.files("sunprogramme").joinpath("data", "openagenda.yaml").read_text("utf-8"))
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")


def ext_id(item: dict[str, Any], fallback: str) -> str:
    ids = item.get("extIds")
    if isinstance(ids, list) and ids and isinstance(ids[0], dict) and ids[0].get("value"):
        return str(ids[0]["value"])
    return fallback


def _instant(value: Any, where: str, problems: list[str]) -> datetime | None:
    if not isinstance(value, str) or not ISO_WITH_OFFSET.match(value):
        problems.append(f"{where} : date ISO 8601 avec décalage UTC attendue, reçu {value!r}")
        return None
    moment = datetime.fromisoformat(value)
    return moment.astimezone(UTC)


def _check_field(code: str, value: Any, spec: dict[str, Any], where: str, problems: list[str]) -> None:
    kind = spec["type"]
    say = lambda message: problems.append(f"{where} : {code}{message}")  # noqa: E731
    if kind in ("multilingual_text", "multilingual_markdown", "multilingual_list"):
        if not isinstance(value, dict) or not value:
            say(" : objet {langue: valeur} attendu")
            return
        for lang, text in value.items():
            if lang not in SPEC["languages"]:
                say(f" : langue inconnue « {lang} »")
            if kind == "multilingual_list":
                if not isinstance(text, list) or not all(isinstance(t, str) and t for t in text):
                    say(f".{lang} : liste de textes attendue")
                    continue
                text = ", ".join(text)
            elif not isinstance(text, str) or not text.strip():
                say(f".{lang} : texte non vide attendu")
                continue
            if "max_chars_per_lang" in spec and len(text) > spec["max_chars_per_lang"]:
                say(f".{lang} dépasse {spec['max_chars_per_lang']} caractères ({len(text)})")
    elif kind == "text":
        if not isinstance(value, str) or not value.strip():
            say(" : texte non vide attendu")
        elif "max_chars" in spec and len(value) > spec["max_chars"]:
            say(f" dépasse {spec['max_chars']} caractères ({len(value)})")
        elif "pattern" in spec and not re.match(spec["pattern"], value):
            say(f" : valeur {value!r} invalide")
    elif kind == "url":
        if not isinstance(value, str) or not re.match(r"^https?://\S+$", value):
            say(f" : adresse http(s) attendue, reçu {value!r}")
    elif kind == "image":
        if not isinstance(value, dict) or not re.match(r"^https?://\S+$", str(value.get("url", ""))):
            say(" : {url: adresse publique http(s)} attendu")
    elif kind == "ext_ids":
        if not isinstance(value, list) or not all(
                isinstance(i, dict) and set(i) == {"key", "value"} and all(isinstance(v, str) and v for v in i.values())
                for i in value):
            say(" : liste de {key, value} attendue")
    elif kind == "enum":
        if isinstance(value, bool) or value not in spec["values"]:
            say(f" : valeur {value!r} hors de {spec['values']}")
    elif kind in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int if kind == "integer" else (int, float)):
            say(" : nombre attendu")
        elif not spec.get("min", value) <= value <= spec.get("max", value):
            say(f" : {value} hors de [{spec['min']}, {spec['max']}]")
    elif kind == "accessibility":
        if not isinstance(value, dict):
            say(" : objet attendu")
            return
        for key, flag in value.items():
            if key not in SPEC["accessibility_codes"]:
                say(f" : code inconnu « {key} »")
            elif not isinstance(flag, bool):
                say(f".{key} : booléen attendu, reçu {flag!r}")
    elif kind == "registration":
        if not isinstance(value, list) or not all(
                isinstance(r, dict) and r.get("type") in spec["types"] and isinstance(r.get("value"), str)
                and r["value"] for r in value):
            say(f" : liste de {{type ({'|'.join(spec['types'])}), value}} attendue")
        elif sum(len(r["value"]) for r in value) > spec["max_chars_total"]:
            say(f" dépasse {spec['max_chars_total']} caractères au total")
    elif kind == "age":
        if not (isinstance(value, dict) and all(isinstance(value.get(k), int) for k in ("min", "max"))
                and spec["min"] <= value["min"] <= value["max"] <= spec["max"]):
            say(f" : {{min, max}} entre {spec['min']} et {spec['max']} attendu")
    elif kind == "timings":
        _check_timings(value, spec, where, problems)
    else:
        raise AssertionError(f"type {kind} inconnu du validateur")


def _check_timings(value: Any, spec: dict[str, Any], where: str, problems: list[str]) -> None:
    if not isinstance(value, list) or not value:
        problems.append(f"{where} : timings : liste non vide attendue")
        return
    if len(value) > spec["max_items"]:
        problems.append(f"{where} : timings : plus de {spec['max_items']} plages")
    slots = []
    for n, slot in enumerate(value, start=1):
        if not isinstance(slot, dict) or set(slot) != {"begin", "end"}:
            problems.append(f"{where} : timings[{n}] : {{begin, end}} attendu")
            continue
        begin = _instant(slot["begin"], f"{where} : timings[{n}].begin", problems)
        end = _instant(slot["end"], f"{where} : timings[{n}].end", problems)
        if begin is None or end is None:
            continue
        if end <= begin:
            problems.append(f"{where} : timings[{n}] : la fin n'est pas après le début")
        elif end - begin > timedelta(hours=spec["max_hours_per_slot"]):
            problems.append(f"{where} : timings[{n}] : plage de plus de {spec['max_hours_per_slot']} heures")
        slots.append((begin, end, n))
    slots.sort()
    latest: tuple[datetime, int] | None = None  # the slot that ends last among those already seen
    for begin, end, n in slots:
        if latest is not None and begin < latest[0]:
            problems.append(f"{where} : timings[{latest[1]}] et timings[{n}] se chevauchent")
        if latest is None or end > latest[0]:
            latest = (end, n)


def _check_object(item: Any, fields: dict[str, Any], where: str, problems: list[str],
                  allowed_extra: set[str] = frozenset()) -> None:
    for code in item:
        if code in SPEC["not_editable"]:
            problems.append(f"{where} : champ non modifiable « {code} »")
        elif code not in fields and code not in allowed_extra:
            problems.append(f"{where} : champ inconnu « {code} »")
    for code, spec in fields.items():
        if code not in item:
            if spec.get("required") is True:
                problems.append(f"{where} : champ requis manquant : {code}")
            continue
        _check_field(code, item[code], spec, where, problems)
        if spec.get("only_with") and spec["only_with"] not in item:
            problems.append(f"{where} : {code} sans {spec['only_with']}")


def openagenda_problems(data: dict[str, Any]) -> list[str]:
    """Everything in an export that OpenAgenda's rules (data/openagenda.yaml) refuse, in French."""
    problems: list[str] = []
    event_fields, location_fields = SPEC["event_fields"], SPEC["location_fields"]
    locations: set[str] = set()
    for n, location in enumerate(data.get("locations", []), start=1):
        where = f"lieu {ext_id(location, f'n°{n}')}"
        _check_object(location, location_fields, where, problems)
        if ext_id(location, "") in locations:
            problems.append(f"{where} : identifiant externe en double")
        locations.add(ext_id(location, ""))
    seen: set[str] = set()
    for n, event in enumerate(data.get("events", []), start=1):
        where = f"événement {ext_id(event, f'n°{n}')}"
        _check_object(event, event_fields, where, problems, allowed_extra=set(SPEC["export_fields"]))
        if ext_id(event, "") in seen:
            problems.append(f"{where} : identifiant externe en double")
        seen.add(ext_id(event, ""))
        mode = event.get("attendanceMode", event_fields["attendanceMode"]["default"])
        for code, spec in event_fields.items():
            if mode in spec.get("required_when_attendance_mode", ()):
                substitutes = [name for name, extra in SPEC["export_fields"].items() if extra["replaces"] == code]
                if code not in event and not any(name in event for name in substitutes):
                    problems.append(f"{where} : {code} requis pour attendanceMode {mode}")
        if "location" in event:
            reference = ext_id(event["location"], "")
            if reference not in locations:
                problems.append(f"{where} : lieu « {reference} » absent de la liste des lieux")
    return problems


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["extIds"][0]["value"]: e for e in data["events"]}
