"""Importing children and their guardians from a CSV file (as Excel saves it).

The format
----------
The first row names the columns; their order is free. Column names are
matched without regard to case, spaces, dashes and underscores, in English
or in the interface language (see `COLUMNS`):

    child_first_name; child_last_name; date_of_birth; class_group;
    guardian1_email; guardian1_first_name; guardian1_last_name; guardian1_relation;
    guardian2_email; guardian2_first_name; guardian2_last_name; guardian2_relation

* Fields are separated by ";" (Dutch Excel) or "," (the first row decides).
* The file is UTF-8, with or without the byte order mark Excel adds.
* date_of_birth: 31-12-2018, 31/12/2018, 31.12.2018 or 2018-12-31.
* class_group: the title of a class group of the school in the current
  school year, e.g. "Groep 5/6".
* relation: mother, father, carer or guardian (or moeder, vader, verzorger,
  voogd); empty means guardian.
* Guardian 1 is required, guardian 2 is optional (leave all four empty).

How it imports
--------------
Every row is checked first; if any row is wrong nothing is imported and each
problem is reported with its row number and column. Otherwise everything is
imported in one transaction. Importing the same file again creates nothing
twice: a child is matched by first name, last name and date of birth within
the school, a guardian by e-mail address anywhere. Existing accounts keep
their names. New accounts are invited after the import is committed.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from classes.models import Child, ClassPage, Guardianship
from roster import roster

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 3000

GUARDIAN_SLOTS = (1, 2)
GUARDIAN_FIELDS = ("email", "first_name", "last_name", "relation")

# Canonical column name -> label (translated, also accepted as a header).
# Guardian labels carry the guardian's number, filled in when shown.
COLUMNS = {
    "child_first_name": gettext_lazy("child first name"),
    "child_last_name": gettext_lazy("child last name"),
    "date_of_birth": gettext_lazy("date of birth"),
    "class_group": gettext_lazy("class group"),
}
GUARDIAN_LABELS = {
    "email": gettext_lazy("guardian %(n)s e-mail"),
    "first_name": gettext_lazy("guardian %(n)s first name"),
    "last_name": gettext_lazy("guardian %(n)s last name"),
    "relation": gettext_lazy("guardian %(n)s relation"),
}
for _slot in GUARDIAN_SLOTS:
    for _name in GUARDIAN_FIELDS:
        COLUMNS[f"guardian{_slot}_{_name}"] = (GUARDIAN_LABELS[_name], _slot)
REQUIRED_COLUMNS = [
    "child_first_name",
    "child_last_name",
    "date_of_birth",
    "class_group",
    "guardian1_email",
    "guardian1_first_name",
    "guardian1_last_name",
    "guardian1_relation",
]

RELATION_ALIASES = {
    "": Guardianship.GUARDIAN,
    "mother": Guardianship.MOTHER,
    "moeder": Guardianship.MOTHER,
    "father": Guardianship.FATHER,
    "vader": Guardianship.FATHER,
    "carer": Guardianship.CARER,
    "verzorger": Guardianship.CARER,
    "guardian": Guardianship.GUARDIAN,
    "voogd": Guardianship.GUARDIAN,
}
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d")


@dataclass
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # label of the column, or "" for the whole row
    message: str


@dataclass
class GuardianRow:
    email: str
    first_name: str
    last_name: str
    relation: str


@dataclass
class ChildRow:
    row: int
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    class_group: ClassPage
    guardians: list = field(default_factory=list)


@dataclass
class ImportResult:
    children_created: int = 0
    children_updated: int = 0
    accounts_created: int = 0
    guardianships_created: int = 0
    invited: list = field(default_factory=list)


class CsvImportError(ValidationError):
    """The file cannot be imported; `row_errors` says where and why."""

    def __init__(self, row_errors):
        self.row_errors = row_errors
        super().__init__(
            [f"{e.row}: {e.column}: {e.message}" if e.column else f"{e.row}: {e.message}" for e in row_errors]
        )


# Reading ---------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 text, without the byte order mark Excel writes."""
    if len(data) > MAX_BYTES:
        raise CsvImportError([RowError(0, "", _("The file is too large (at most 2 MB)."))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError(
            [RowError(0, "", _('The file is not UTF-8 text. In Excel, save it as "CSV UTF-8 (comma delimited)".'))]
        ) from None


def _normalise_header(text):
    return re.sub(r"[\s_\-]+", "", text.strip().lower())


def _header_lookup():
    """Every accepted spelling of every column, in English and each interface language."""
    lookup = {}
    for key in COLUMNS:
        lookup[_normalise_header(key)] = key
        for code, _language in settings.LANGUAGES:
            with translation.override(code):
                lookup[_normalise_header(_label(key))] = key
    return lookup


def _label(key):
    """The column's name in the active language."""
    label = COLUMNS.get(key, key)
    if isinstance(label, tuple):
        text, slot = label
        return str(text) % {"n": slot}
    return str(label)


def read_rows(text: str):
    """(header keys, [(row number, {key: value})]); raises CsvImportError on a bad header."""
    text = text.lstrip("\ufeff").replace("\x00", "")
    if not text.strip():
        raise CsvImportError([RowError(1, "", _("The file is empty."))])
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration):
        raise CsvImportError([RowError(1, "", _("The first row cannot be read as column names."))]) from None

    lookup = _header_lookup()
    keys, errors = [], []
    for name in header:
        key = lookup.get(_normalise_header(name))
        if key is None and name.strip():
            errors.append(RowError(1, name.strip()[:50], _("Unknown column name.")))
        if key is not None and key in keys:
            errors.append(RowError(1, _label(key), _("This column appears twice.")))
        keys.append(key)
    for key in REQUIRED_COLUMNS:
        if key not in keys:
            errors.append(RowError(1, _label(key), _("This column is missing.")))
    if errors:
        raise CsvImportError(errors)

    rows = []
    try:
        for line in reader:
            if not any(cell.strip() for cell in line):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvImportError([RowError(reader.line_num, "", _("Too many rows (at most 3000)."))])
            rows.append((reader.line_num, line))
    except csv.Error as error:
        raise CsvImportError([RowError(reader.line_num, "", _("This row cannot be read: %s") % error)]) from None

    records = []
    for number, line in rows:
        record = dict.fromkeys(COLUMNS, "")
        extra = line[len(keys) :]
        for key, value in zip(keys, line, strict=False):  # a short line leaves the last columns empty
            if key is not None:
                record[key] = value.strip()
        record["_extra"] = any(cell.strip() for cell in extra)
        records.append((number, record))
    return keys, records


# Checking --------------------------------------------------------------------


def _parse_date(value):
    for fmt in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if day.year < 1990 or day > timezone.localdate():
            return None
        return day
    return None


def _check_guardian(number, record, slot, errors):
    values = {name: record[f"guardian{slot}_{name}"] for name in GUARDIAN_FIELDS}
    if slot > 1 and not any(values.values()):
        return None
    col = lambda name: _label(f"guardian{slot}_{name}")  # noqa: E731
    ok = True
    if not values["email"]:
        errors.append(RowError(number, col("email"), _("An e-mail address is required.")))
        ok = False
    else:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(RowError(number, col("email"), _('"%s" is not a valid e-mail address.') % values["email"]))
            ok = False
    for name, limit in (("first_name", 150), ("last_name", 150)):
        if not values[name]:
            errors.append(RowError(number, col(name), _("This field is required.")))
            ok = False
        elif len(values[name]) > limit:
            errors.append(RowError(number, col(name), _("At most %d characters.") % limit))
            ok = False
    relation = RELATION_ALIASES.get(values["relation"].lower())
    if relation is None:
        errors.append(
            RowError(
                number, col("relation"), _('Use mother, father, carer or guardian, not "%s".') % values["relation"]
            )
        )
        ok = False
    if not ok:
        return None
    return GuardianRow(values["email"].lower(), values["first_name"], values["last_name"], relation)


def check(text: str, school, user):
    """Every row parsed and checked, or CsvImportError listing every problem."""
    _keys, records = read_rows(text)
    if not records:
        raise CsvImportError([RowError(2, "", _("The file has column names but no children."))])

    class_groups = {}
    for page in roster.class_groups_for(user).filter(path__startswith=school.path):
        class_groups.setdefault(page.title.strip().lower(), page)

    errors, children, seen = [], [], {}
    for number, record in records:
        row_errors = []
        if record["_extra"]:
            row_errors.append(RowError(number, "", _("This row has more fields than there are columns.")))
        for key, limit in (("child_first_name", 100), ("child_last_name", 150)):
            if not record[key]:
                row_errors.append(RowError(number, _label(key), _("This field is required.")))
            elif len(record[key]) > limit:
                row_errors.append(RowError(number, _label(key), _("At most %d characters.") % limit))
        birth = _parse_date(record["date_of_birth"])
        if birth is None:
            row_errors.append(
                RowError(
                    number,
                    _label("date_of_birth"),
                    _('"%s" is not a date of birth; write it as 31-12-2018.') % record["date_of_birth"],
                )
            )
        class_group = class_groups.get(record["class_group"].lower())
        if class_group is None:
            row_errors.append(
                RowError(
                    number,
                    _label("class_group"),
                    _('There is no class group "%s" this school year.') % record["class_group"],
                )
            )
        guardians = [_check_guardian(number, record, slot, row_errors) for slot in GUARDIAN_SLOTS]
        guardians = [g for g in guardians if g is not None]
        if len({g.email for g in guardians}) < len(guardians):
            row_errors.append(
                RowError(number, _label("guardian2_email"), _("Both guardians have the same e-mail address."))
            )

        identity = (record["child_first_name"].lower(), record["child_last_name"].lower(), birth)
        if not row_errors and identity in seen:
            row_errors.append(RowError(number, "", _("The same child is already in row %d.") % seen[identity]))
        seen.setdefault(identity, number)

        if row_errors:
            errors.extend(row_errors)
            continue
        children.append(
            ChildRow(number, record["child_first_name"], record["child_last_name"], birth, class_group, guardians)
        )
    if errors:
        raise CsvImportError(errors)
    return children


# Importing -------------------------------------------------------------------


def import_children(text: str, school, user) -> ImportResult:
    """Check, then import everything in one transaction; invitations follow the commit."""
    children = check(text, school, user)
    result = ImportResult()
    with transaction.atomic():
        for row in children:
            child = Child.objects.filter(
                school=school,
                first_name__iexact=row.first_name,
                last_name__iexact=row.last_name,
                date_of_birth=row.date_of_birth,
            ).first()
            if child is None:
                child = Child.objects.create(
                    school=school, first_name=row.first_name, last_name=row.last_name, date_of_birth=row.date_of_birth
                )
                result.children_created += 1
            current = roster.current_enrollment(child)
            if current is None or current.class_page_id != row.class_group.pk:
                roster.set_current_class(child, row.class_group)
                if current is not None:
                    result.children_updated += 1
            for guardian in row.guardians:
                account, created = roster.get_or_create_person(guardian.email, guardian.first_name, guardian.last_name)
                if created:
                    result.accounts_created += 1
                    result.invited.append(account)
                    roster.invite_new_account(account)
                _link, linked = Guardianship.objects.get_or_create(
                    child=child, user=account, defaults={"relation": guardian.relation}
                )
                result.guardianships_created += int(linked)
    return result


def example_csv() -> str:
    """A small example file in the documented format, with Excel's byte order mark."""
    header = list(COLUMNS)
    rows = [
        [
            "Sanne",
            "de Vries",
            "14-03-2018",
            "Groep 3",
            "m.devries@example.org",
            "Marieke",
            "de Vries",
            "mother",
            "j.devries@example.org",
            "Jeroen",
            "de Vries",
            "father",
        ],
        [
            "Daan",
            "Bakker",
            "02-11-2016",
            "Groep 5/6",
            "a.bakker@example.org",
            "Ahmed",
            "Bakker",
            "father",
            "",
            "",
            "",
            "",
        ],
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()
