"""Writing the ZIP of one family data export: a README, one JSON file per section and the sections' files.

Every registered section (`privacy.registry`) is asked for its part of the
family, in the export's language. A section that raises stops the export:
`SectionFailed` names it, so the owner is told which part could not be put
together, rather than getting a ZIP that silently lacks it. A file that is
recorded but missing on disk does not stop it: the README lists it.
"""

import json
import posixpath
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation

from access.rules import export_children, translation_paths
from home.models import SchoolPage
from privacy.registry import Family, Part, name_of, sections


class SectionFailed(Exception):
    def __init__(self, section, error):
        super().__init__(f"Section {section.name!r} failed: {error!r}")
        self.section = section
        self.error = error


def family_of(export):
    """The family an export is about: the parent and their children, limited to one school for a director's export."""
    children = tuple(export_children(export.parent, export.school))
    if export.school is None:
        return Family(parent=export.parent, children=children)
    keys = frozenset({export.school.translation_key})
    return Family(
        parent=export.parent,
        children=children,
        school_keys=keys,
        school_paths=translation_paths(SchoolPage, keys),
    )


def _zip_path(section, path, taken):
    """The file's path in the ZIP: inside the section's folder, never outside it, never twice."""
    normal = posixpath.normpath(str(path))
    if not normal.startswith(f"{section.name}/") or ".." in normal.split("/") or "\\" in normal:
        raise ValueError(f"Section {section.name!r} may only add files in its folder {section.name}/, not {path!r}")
    stem, extension = posixpath.splitext(normal)
    candidate, number = normal, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}{extension}"
    taken.add(candidate)
    return candidate


def write_zip(export, target):
    """Write the export's ZIP to the binary file `target`. Raises SectionFailed when a section fails."""
    family = family_of(export)
    written = []
    missing = []
    taken = set()
    with (
        translation.override(export.language),
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for section in sections():
            try:
                part = section.collect(family)
                if not isinstance(part, Part):
                    part = Part(data=part)
                text = json.dumps(part.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
                entries = [(_zip_path(section, entry.path, taken), entry.source) for entry in part.files]
            except Exception as error:
                raise SectionFailed(section, error) from error
            archive.writestr(f"{section.name}.json", text + "\n")
            files = 0
            for path, source in entries:
                try:
                    with source.open("rb") as stream, archive.open(path, "w") as out:
                        while chunk := stream.read(1024 * 1024):
                            out.write(chunk)
                    files += 1
                except (FileNotFoundError, ValueError):
                    missing.append(path)
            written.append({"name": section.name, "title": section.title, "files": files})
        readme = render_to_string(
            "privacy/readme.txt",
            {
                "parent": name_of(export.parent),
                "school": export.school.title if export.school else "",
                "made_at": timezone.localtime(),
                "sections": written,
                "missing": missing,
            },
        )
        archive.writestr("README.txt", readme)
    return written
