"""A content folder written from the tiny programme with the drawn damages done to it, and its damage shown."""

from __future__ import annotations

import io
import os
import struct
import zlib
from itertools import pairwise
from pathlib import Path
from typing import Any

from PIL import Image

from damage_strategies import SCENARIOS
from tiny_programme import IMAGES, PROGRAMME, WEBINAIRE, Key, render


def _set(fields: dict, path: tuple, value: Any) -> None:
    """Put ``value`` at ``path``, making the mappings and lists on the way; None deletes."""
    node = fields
    for step, following in pairwise(path):
        child = node[step] if isinstance(node, list) and step < len(node) else (
            node.get(step) if isinstance(node, dict) else None)
        if not isinstance(child, (dict, list)) or (isinstance(following, int) != isinstance(child, list)):
            child = [] if isinstance(following, int) else {}
            if isinstance(node, list):
                node[step:step + 1] = [child]
            else:
                node[step] = child
        node = child
    last = path[-1]
    if isinstance(node, list):
        if value is None:
            del node[last:last + 1]
        elif last < len(node):
            node[last] = value
        else:
            node.append(value)
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


def _get(fields: dict, path: tuple) -> Any:
    node: Any = fields
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _rekey(fields: dict, path: tuple, make) -> None:
    """Replace the key at ``path`` by what ``make(key, value)`` returns (a list of (key, value))."""
    parent = _get(fields, path[:-1]) if path[:-1] else fields
    if not isinstance(parent, dict) or path[-1] not in parent:
        return
    items = []
    for key, value in parent.items():
        items += make(key, value) if key == path[-1] else [(key, value)]
    parent.clear()
    parent.update(items)


def _png(width: int, height: int, data: bytes, colour_type: int = 2) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def _image(kind: str, original: bytes) -> bytes | None:
    if kind.startswith("mode-") or kind in ("wide", "tall", "animated-gif", "jpeg-named-png"):
        size = {"wide": (4000, 2), "tall": (2, 4000)}.get(kind, (60, 40))
        mode = kind.removeprefix("mode-") if kind.startswith("mode-") else "RGB"
        buffer = io.BytesIO()
        image = Image.new(mode, size)
        if kind == "animated-gif":
            image.save(buffer, "GIF", save_all=True, append_images=[Image.new("RGB", size, "red")])
        else:
            image.save(buffer, "JPEG" if kind == "jpeg-named-png" else "PNG")
        return buffer.getvalue()
    return {
        "text": b"ceci n'est pas une image\n",
        "truncated": original[: len(original) // 2],
        "empty": b"",
        "bad-zlib": _png(60, 40, b"\x78\x9c" + b"\xff" * 40),
        "short-data": _png(60, 40, zlib.compress(b"\x00" * 10)),
        "huge-size": _png(30000, 30000, zlib.compress(b"\x00" * 100)),
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    }.get(kind)


def _damage_bytes(name: str, raw: bytes, operation: str, amount: int) -> bytes:
    text = raw.decode("utf-8", errors="replace")  # a file damaged before may be UTF-8 no longer
    if operation == "truncate":
        return raw[: len(raw) * amount // 100]
    if operation == "latin-1":
        return text.encode("latin-1", errors="replace")
    if operation == "utf-16":
        return text.encode("utf-16")
    if operation == "bom":
        return b"\xef\xbb\xbf" + raw
    if operation == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if operation == "cr":
        return raw.replace(b"\n", b"\r")
    if operation == "empty":
        return b""
    if operation == "blank":
        return b" \n\n  \n"
    if operation == "two-documents":
        return raw + b"---\nnom: autre document\n"
    if operation == "document-end":
        return raw + b"...\nnom: apres la fin\n"
    if operation == "nul":
        return raw[:amount] + b"\x00" + raw[amount:]
    if operation == "invalid-utf-8":
        return raw[:amount] + b"\xff\xfe" + raw[amount:]
    if operation == "tab":
        return raw.replace(b"\n  ", b"\n\t", 1)
    if operation == "merge-conflict":
        lines = text.split("\n")
        cut = min(amount % 5 + 1, len(lines) - 1)
        lines[cut:cut] = ["<<<<<<< HEAD", lines[cut], "=======", ">>>>>>> autre-branche"]
        return "\n".join(lines).encode()
    if operation == "too-big":
        return raw + b"# " + b"x" * (300 * 1024) + b"\n"
    if operation == "no-final-newline":
        return raw.rstrip(b"\n")
    if operation == "yaml-document-start":
        return b"---\n" + raw
    if operation == "unclosed-front-matter":
        return raw.replace(b"\n---\n", b"\n", 1) if raw.startswith(b"---\n") else b"---\n" + raw
    if operation == "front-matter-only":
        return b"---\n---\n" + raw
    if operation == "body-hostile":
        return raw + "\n<script>alert(1)</script>\n---\n# Titre\n\u202e\x85\u2028[x](javascript:alert(1))\n".encode()
    raise AssertionError(operation)


def make_content(content: Path, damages: list) -> None:
    """Write the programme into ``content`` (a new folder) with ``damages`` done to it."""
    docs = {name: (_copy(fields), body) for name, (_, fields, body) in PROGRAMME.items()}
    for damage in damages:
        kind = damage[0]
        if kind == "scenario":
            for name, path, value in SCENARIOS[damage[1]]:
                _set(docs[name][0], path, value)
        elif kind in ("set", "delete"):
            _set(docs[damage[1]][0], damage[2], damage[3])
        elif kind == "twice":  # the key written twice (an absent one: with two good values)
            fields, path = docs[damage[1]][0], damage[2]
            second = "autre" if _get(fields, path) is None else None
            if second:
                _set(fields, path, "texte")
            _rekey(fields, path, lambda key, value, second=second: [(key, value), (Key(key, 1), second or value)])
        elif kind == "rename":
            _rekey(docs[damage[1]][0], damage[2], lambda _key, value, new=damage[3]: [(Key(new), value)])
    files: dict[str, bytes] = {name: render(fields, body) for name, (fields, body) in docs.items()}
    links: dict[str, str] = {}
    folders: list[str] = []
    for source, target in IMAGES.items():
        files[source] = target.read_bytes()
    for damage in damages:
        kind = damage[0]
        if kind == "file":
            _, name, operation, amount = damage
            raw = files.get(name, b'{"id": "atelier-smartphone", "numero": 1}\n')
            files[name] = _damage_bytes(name, raw, operation, amount)
        elif kind == "rename-file" and damage[1] in files:
            folder = damage[1].rpartition("/")[0]
            files[f"{folder}/{damage[2]}" if folder else damage[2]] = files.pop(damage[1])
        elif kind == "remove-file":
            files.pop(damage[1], None)
        elif kind == "image":
            _, name, operation = damage
            if operation == "symlink-out":
                files.pop(name, None)
                links[name] = "/etc/hostname"
            elif operation == "dangling-symlink":
                files.pop(name, None)
                links[name] = "absent.png"
            elif operation == "folder":
                files.pop(name, None)
                folders.append(name)
            else:
                files[name] = _image(operation, files.get(name, b""))
        elif kind == "extra":
            name = damage[1]
            if name.endswith("@@"):
                links[name.rstrip("@")] = Path(name.rstrip("@")).name
            elif name.endswith("@"):
                links[name.rstrip("@")] = "absent.md"
            elif name.endswith("/"):
                folders.append(name.rstrip("/"))
            else:
                files[name] = render(WEBINAIRE, None) if name.endswith((".md", ".yaml")) else b"notes\n"
    for folder in ("events", "partners", "images", "logos", *folders):
        (content / folder).mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(data)
    for name, target in links.items():
        if not (content / name).exists() and not (content / name).is_symlink():
            (content / name).symlink_to(target)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def describe(content: Path, good: Path) -> str:
    """The damaged files as they are on disk (those that differ from the good programme's)."""
    lines = []
    names = {path.relative_to(content) for path in content.rglob("*")} | {
        path.relative_to(good) for path in good.rglob("*")}
    for name in sorted(names):
        path, before = content / name, good / name
        if path.is_symlink():
            lines.append(f"{name} -> {os.readlink(path)}")
        elif not path.exists():
            lines.append(f"{name}: removed")
        elif path.is_dir():
            if not before.is_dir():
                lines.append(f"{name}/: a folder")
        elif not before.is_file() or before.read_bytes() != path.read_bytes():
            data = path.read_bytes()
            lines.append(f"--- {name} ({len(data)} bytes)\n{data[:3000]!r}")
    return "\n".join(lines)
