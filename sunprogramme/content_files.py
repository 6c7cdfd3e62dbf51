"""Files of the content folder that the site publishes as they are: event images, partner logos.

Only what the checked programme references is published (a path under ``images/`` or ``logos/``,
see ``fields._path``), each file read here and nowhere else:
a regular file inside the content folder, reached without following any symbolic link (a link
could publish the host's files, or a file from outside the repository). Everything else under
``images/`` and ``logos/`` is listed by ``unused_files`` so that ``check`` says it will not be
published: an HTML page, an SVG or a script dropped there never reaches the site.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from .images import ImageProblem, check_image
from .steps import step

MEDIA_FOLDERS = ("images", "logos")
_LINK_IGNORED = "lien symbolique ignoré : il n'est jamais suivi ni publié"
_THROUGH_LINK = ("« {} » passe par un lien symbolique, qui n'est jamais suivi : placez le fichier lui-même dans "
                 "le dossier content/")


class ContentFileProblem(ValueError):
    """Why a referenced file cannot be published, in French."""


def _no_link(path: Path, relative: str) -> os.stat_result:
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        raise ContentFileProblem(f"fichier « {relative} » introuvable dans le dossier content/") from None
    except OSError:
        raise ContentFileProblem(f"fichier « {relative} » illisible") from None
    if stat.S_ISLNK(status.st_mode):
        raise ContentFileProblem(_THROUGH_LINK.format(relative))
    return status


def read_content_file(content_dir: Path, relative: str) -> bytes:
    """The bytes of ``content_dir/relative`` (a path with « / », already checked to have no « .. »),
    when every step of the way is a real folder and the end a regular file; raises
    ``ContentFileProblem`` otherwise."""
    path = Path(content_dir)
    parts = relative.split("/")
    for index, part in enumerate(parts):
        path = path / part
        status = _no_link(path, relative)
        if index < len(parts) - 1 and not stat.S_ISDIR(status.st_mode):
            raise ContentFileProblem(f"fichier « {relative} » introuvable dans le dossier content/")
    if not stat.S_ISREG(status.st_mode):
        raise ContentFileProblem(f"« {relative} » n'est pas un fichier")
    # O_NOFOLLOW: a link put in place since the look above is refused, not followed.
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        raise ContentFileProblem(_THROUGH_LINK.format(relative)) from None
    with os.fdopen(descriptor, "rb") as file:
        return file.read()


def unused_files(content_dir: Path, used: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each entry under the media folders that will not be published, with the French reason:
    files nothing references, symbolic links (never followed, even to a folder)."""
    used = set(used)
    for folder in MEDIA_FOLDERS:
        top = Path(content_dir) / folder
        if os.path.islink(top):
            yield folder, _LINK_IGNORED
            continue
        for directory, folders, files in os.walk(top):
            relative_dir = Path(directory).relative_to(content_dir).as_posix()
            for name in sorted(folders):
                if os.path.islink(os.path.join(directory, name)):
                    yield f"{relative_dir}/{name}", _LINK_IGNORED
            folders[:] = sorted(name for name in folders if not os.path.islink(os.path.join(directory, name)))
            for name in sorted(files):
                relative = f"{relative_dir}/{name}"
                if name.startswith("."):
                    continue  # .gitkeep and the like
                if relative in used:
                    continue  # cited: published, or refused (a link) where it is cited
                if os.path.islink(os.path.join(directory, name)):
                    yield relative, _LINK_IGNORED
                else:
                    yield relative, ("fichier non utilisé : aucun événement ni partenaire ne le cite, "
                                     "il ne sera pas publié")


@step
def check_media(relative: str, data: bytes | str) -> str | None:
    """Why the image or logo ``relative`` cannot be published, or None: ``data`` is its bytes (checked
    as the image its name says), or the reason it could not be read (``read_content_file``)."""
    if isinstance(data, str):
        return data
    try:
        check_image(data, Path(relative).suffix)
    except ImageProblem as problem:
        return f"« {relative} » : {problem}"
    return None


def media_problem(content_dir: Path, relative: str) -> str | None:
    """Why the image or logo ``relative`` cannot be published (``check_media``), or None."""
    try:
        data: bytes | str = read_content_file(content_dir, relative)
    except ContentFileProblem as problem:
        data = str(problem)
    return check_media(relative, data)


def read_media(content_dir: Path, relative: str) -> bytes:
    """The bytes of the image or logo ``relative``, read as ``read_content_file`` does and checked
    as the image its name says (``check_media``); raises ``ContentFileProblem`` with the reason."""
    data = read_content_file(content_dir, relative)
    problem = check_media(relative, data)
    if problem is not None:
        raise ContentFileProblem(problem)
    return data


def media_bytes(content_dir: Path, relatives: Iterable[str]) -> dict[str, bytes]:
    """Each referenced image or logo's bytes, read and checked again as the build publishes it
    (the file may have changed since ``check``)."""
    return {relative: read_media(content_dir, relative) for relative in relatives}


def replace_file(path: Path, text: str) -> None:
    """Write ``text`` as ``path`` by putting a new file in its place: a symbolic link there is
    replaced, never written through (it could point anywhere on the machine)."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
