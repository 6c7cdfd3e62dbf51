"""The files of a content folder, listed and read strictly: each file parsed, its fields checked
and cleaned (``fields``), and its problems reported at their lines; the Markdown texts made
safe HTML. What the files mean together (references, sessions, the programme) is ``loader``'s.

Checking a file's bytes (``check_file``) and rendering a Markdown text (``markdown_html``) are
pure steps (``steps``): a build finds their results again by the bytes and the text themselves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema
from .cleantext import TextProblem, clean_text
from .errors import Report
from .fields import ID_PATTERN, MAX_ID_LENGTH, Record, field_label, read_record
from .publication_state import LEGACY_STATE_FILE, STATE_FILE
from .sanitize import markdown_to_safe_html, removed_parts
from .sources import SourceFile, check_size, parse
from .steps import step
from .vocabularies import slugify
from .yaml_recovery import read_around
from .yamlstrict import Document, YamlProblem
from .yamlstrict import Path as YamlPath

CONTENT_SUFFIXES = (".md", ".yaml", ".yml")
KNOWN_TOP_LEVEL = {"edition.yaml", "events", "partners", "images", "logos", STATE_FILE, LEGACY_STATE_FILE, "imports",
                   "editions"}
# A link could make the build read (and publish) a file from anywhere on the machine.
LINK_REFUSED = "lien symbolique refusé : il n'est jamais suivi ; placez le fichier lui-même ici"
# The records a file is checked against, by name: what ``check_file`` receives.
RECORDS = {record.name: record for record in (schema.EDITION, schema.PARTNER, schema.EVENT)}


class FileReporter:
    """Reports problems of one file at the line of the field concerned."""

    def __init__(self, report: Report, source: str, doc: Document):
        self.report, self.source, self.doc, self.count = report, source, doc, 0

    def __call__(self, path: YamlPath, label: str, message: str) -> None:
        self.count += 1
        self.report.error(self.source, self.doc.line(path), label, message)

    def warn(self, path: YamlPath, label: str, message: str) -> None:
        self.report.warning(self.source, self.doc.line(path), label, message)


@dataclass
class ParsedFile:
    id: str
    source: SourceFile
    values: dict[str, Any]
    reporter: FileReporter
    relative: str  # « events/atelier.md »: where the file sits in any content folder


def shown_path(content_dir: Path, *parts: str) -> str:
    return str(content_dir.joinpath(*parts))


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link to itself, a folder it may not read: not a folder, as Path.is_dir says
        return False


def list_files(content_dir: Path, folder: str, report: Report) -> list[tuple[str, Path]]:
    directory = content_dir / folder
    if directory.is_symlink():
        report.error(shown_path(content_dir, folder), 0, "", LINK_REFUSED)
        return []
    if not directory.is_dir():
        report.error(shown_path(content_dir, folder), 0, "", "dossier manquant")
        return []
    found = []
    with os.scandir(directory) as listing:  # the file type comes with the listing: no stat per file
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = directory / entry.name
        if path.name.startswith("."):
            if path.suffix.lower() in CONTENT_SUFFIXES:
                report.warning(shown_path(content_dir, folder, path.name), 0, "",
                               "fichier caché ignoré (son nom commence par un point)")
            continue
        shown = shown_path(content_dir, folder, path.name)
        if entry.is_symlink():
            report.error(shown, 0, "", LINK_REFUSED)
        elif _is_folder(entry):
            report.error(shown, 0, "", "sous-dossier non pris en charge : placez les fichiers directement "
                                       f"dans {folder}/")
        elif path.suffix.lower() not in CONTENT_SUFFIXES:
            report.error(shown, 0, "", "type de fichier non pris en charge : enregistrez-le en .md ou .yaml "
                                       "(un tableur s'importe avec « invoke import »)")
        else:
            found.append((shown, path))
    return found


def check_top_level(content_dir: Path, report: Report) -> None:
    """Warn about what sits in the content folder but is not read (a misspelt « event/ »…)."""
    for path in sorted(content_dir.iterdir()):
        if path.name.startswith(".") or path.name in KNOWN_TOP_LEVEL or path.name.lower().startswith("readme"):
            continue
        if path.name == "conflits":  # written by « invoke import » (intake/event_writing.py)
            report.warning(shown_path(content_dir, path.name), 0, "", "versions mises de côté par « invoke import » "
                           "(conflits) : comparez chaque fichier avec celui du même nom dans events/, gardez la bonne "
                           "version, puis supprimez ce dossier")
            continue
        report.warning(shown_path(content_dir, path.name), 0, "",
                       "ignoré : le contenu se place dans edition.yaml, events/, partners/, images/ ou logos/")


def read_content(shown: str, path: Path, report: Report) -> bytes | None:
    """The bytes of the content file ``path`` (shown as ``shown``), or None when its name or its size
    is refused (reported)."""
    file_id = path.stem
    if not ID_PATTERN.match(file_id):
        report.error(shown, 0, "", f"nom de fichier « {path.name} » invalide : lettres minuscules sans accent, "
                                   f"chiffres et tirets, par exemple « {slugify(file_id) or 'atelier'}"
                                   f"{path.suffix} »")
        return None
    if len(file_id) > MAX_ID_LENGTH:
        report.error(shown, 0, "", f"nom de fichier trop long ({len(file_id)} caractères avant {path.suffix} ; "
                                   f"au plus {MAX_ID_LENGTH})")
        return None
    try:
        check_size(path.stat().st_size)
    except YamlProblem as problem:
        report.error(shown, problem.line, "", problem.message)
        return None
    return path.read_bytes()


@dataclass
class CheckedFile:
    """One file's bytes parsed and its fields checked: what ``check_file`` returns."""

    source: SourceFile | None  # None: the file is not our YAML at all (``unreadable`` says why)
    values: dict[str, Any]
    problems: tuple[tuple[bool, YamlPath, str, str], ...]  # (is an error, path, label, message)
    unreadable: tuple[tuple[int, str, str], ...] = ()  # (line, field, message): why it cannot be read
    partial: Document | None = None  # with no source: the fields read all the same (``problems`` are theirs)


class _Recorder:
    """Stands for a file's reporter while its fields are checked: the problems are kept with the
    result, and told by each reader of it (``open_checked``)."""

    def __init__(self) -> None:
        self.problems: list[tuple[bool, YamlPath, str, str]] = []

    @property
    def count(self) -> int:
        return sum(1 for problem in self.problems if problem[0])

    def __call__(self, path: YamlPath, label: str, message: str) -> None:
        self.problems.append((True, path, label, message))

    def warn(self, path: YamlPath, label: str, message: str) -> None:
        self.problems.append((False, path, label, message))


@step
def check_file(shown: str, data: bytes, record_name: str) -> CheckedFile:
    """The content file ``shown`` made of ``data``, parsed and checked against the record named
    ``record_name`` (``RECORDS``). Its result is shared: never change it."""
    record = RECORDS[record_name]
    try:
        source = parse(data, Path(shown).suffix, shown)
    except YamlProblem as problem:
        return _read_around(data, Path(shown).suffix, problem, record)
    recorder = _Recorder()
    values = read_record(record, source.doc.data, source.doc, (), recorder)
    return CheckedFile(source, values, tuple(recorder.problems))


_MISSING = "champ obligatoire manquant"


def _field_names(record: Record) -> frozenset[str]:
    """The names of the fields of ``record`` and of the records inside it."""
    names = set()
    for spec in record.fields:
        names.add(spec.key)
        for inner in (spec.record, spec.item.record if spec.item else None):
            if inner is not None:
                names |= _field_names(inner)
    return frozenset(names)


def _read_around(data: bytes, suffix: str, problem: YamlProblem, record: Record) -> CheckedFile:
    """A file with syntax errors: each of them, and the problems of the fields read all the same
    (a field that the errors' lines held is not said to be missing as well)."""
    recovered = read_around(data, suffix, problem, _field_names(record))
    if recovered is None:
        return CheckedFile(None, {}, (), ((problem.line, "", problem.message),))
    if recovered.doc is None:
        return CheckedFile(None, {}, (), recovered.problems)
    recorder = _Recorder()
    read_record(record, recovered.doc.data, recovered.doc, (), recorder)
    kept = tuple(found for found in recorder.problems
                 if not (found[3].startswith(_MISSING) and found[2] in recovered.cut))
    return CheckedFile(None, {}, kept, recovered.problems, recovered.doc)


def open_checked(shown: str, data: bytes, record: Record, report: Report) -> ParsedFile | None:
    """The file ``shown`` made of ``data``, checked (``check_file``), its problems told to ``report``;
    None when it cannot be read at all."""
    checked = check_file(shown, data, record.name)
    for line, label, message in checked.unreadable:
        report.error(shown, line, label, message)
    doc = checked.source.doc if checked.source is not None else checked.partial
    if doc is None:
        return None
    reporter = FileReporter(report, shown, doc)
    for key_path, line in doc.duplicates:
        first = doc.lines.get(key_path, 0)
        report.error(shown, line, field_label(key_path),
                     f"champ écrit deux fois (déjà ligne {first}) ; gardez-en un seul")
    for is_error, *problem in checked.problems:
        (reporter if is_error else reporter.warn)(*problem)
    source = checked.source
    if source is None:  # syntax errors: the file's other fields are checked, the file is not used
        return None
    path = Path(shown)
    return ParsedFile(path.stem, source, checked.values, reporter, f"{path.parent.name}/{path.name}")


def parse_file(shown: str, path: Path, record: Record, report: Report) -> ParsedFile | None:
    """The content file ``path`` read (``read_content``) and checked (``open_checked``)."""
    data = read_content(shown, path, report)
    return None if data is None else open_checked(shown, data, record, report)


@step
def markdown_html(text: str) -> str:
    """Sanitised HTML of Markdown ``text``."""
    return markdown_to_safe_html(text)


def description_html(parsed: ParsedFile) -> str:
    """Sanitised HTML from the Markdown body or the description field (not both)."""
    key = "description"
    field_text = parsed.values.get(key, "")
    body = (parsed.source.body or "").strip()
    if body and field_text:
        parsed.reporter((key,), key, "description écrite deux fois : dans le champ et après les « --- » ; "
                                     "gardez-en une")
    if body:  # the field's text went through the field checks already
        try:
            body, notes = clean_text(body, one_line=False, markup=True)
        except TextProblem as problem:
            parsed.reporter.report.error(parsed.source.path, parsed.source.body_line, key, str(problem))
            return ""
        for note in notes:
            parsed.reporter.report.warning(parsed.source.path, parsed.source.body_line, key, note)
    text = body or field_text
    if not text:
        return ""
    removed = removed_parts(text)
    if removed:
        line_path: YamlPath = (key,) if field_text else ()
        line = parsed.source.body_line if body else parsed.source.doc.line(line_path)
        parsed.reporter.report.warning(parsed.source.path, line, key,
                                       "contenu retiré pour la sécurité des lecteurs : " + ", ".join(removed))
    return markdown_html(text)
