"""Importing children and guardians from CSV (roster.csv_import and its admin view)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Invitation, User
from classes.models import Child, ClassPage, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from roster.csv_import import CsvImportError, check, example_csv, import_children

HEADER = (
    "child_first_name;child_last_name;date_of_birth;class_group;"
    "guardian1_email;guardian1_first_name;guardian1_last_name;guardian1_relation;"
    "guardian2_email;guardian2_first_name;guardian2_last_name;guardian2_relation"
)
GOOD = "\r\n".join(
    [
        HEADER,
        "Eva;Jansen;03-04-2017;Groep A;moeder.jansen@test.example;Mira;Jansen;moeder;vader.jansen@test.example;Joost;Jansen;father",
        "Finn;Jansen;2019-09-30;groep b;MOEDER.jansen@test.example;Mira;Jansen;mother;;;;",
        "Ana;Kind;;Groep A;parent.a@test.example;X;Y;mother;;;;",  # no date of birth: wrong
    ]
)
VALID = "\r\n".join(GOOD.split("\r\n")[:3]) + "\r\n"


def upload(text, encoding="utf-8-sig", name="kinderen.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


@pytest.fixture
def director(client, world):
    client.force_login(world.users["director"])
    return world.users["director"]


def post(client, world, **data):
    return client.post(reverse("roster_import:index"), {"school": world.school.pk, **data})


def test_valid_file_imports_everything_and_invites(
    client, world, director, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, world, file=upload(VALID))
    assert response.status_code == 200
    assert "data-import-result" in response.content.decode()
    eva, finn = Child.objects.get(first_name="Eva"), Child.objects.get(first_name="Finn")
    assert eva.school == world.school and str(eva.date_of_birth) == "2017-04-03"
    assert Enrollment.objects.get(child=eva, school_year=current_school_year()).class_page_id == world.class_a.pk
    assert Enrollment.objects.get(child=finn).class_page_id == world.class_b.pk
    mother = User.objects.get(email="moeder.jansen@test.example")
    assert set(Guardianship.objects.filter(user=mother).values_list("child__first_name", "relation")) == {
        ("Eva", "mother"),
        ("Finn", "mother"),
    }
    assert Guardianship.objects.get(child=eva, user__email="vader.jansen@test.example").relation == "father"
    assert Invitation.objects.filter(user=mother).count() == 1
    assert mailbox.to("moeder.jansen@test.example") and mailbox.to("vader.jansen@test.example")


def test_reimport_creates_nothing_twice(world, django_capture_on_commit_callbacks):
    director = world.users["director"]
    import_children(VALID, world.school, director)
    counts = (
        Child.objects.count(),
        User.objects.count(),
        Guardianship.objects.count(),
        Enrollment.objects.count(),
        Invitation.objects.count(),
    )
    result = import_children(VALID.replace(";", ","), world.school, director)  # same data, other delimiter
    assert (result.children_created, result.accounts_created, result.guardianships_created) == (0, 0, 0)
    assert counts == (
        Child.objects.count(),
        User.objects.count(),
        Guardianship.objects.count(),
        Enrollment.objects.count(),
        Invitation.objects.count(),
    )


def test_existing_accounts_keep_their_names(world):
    text = HEADER + "\nNina;Nieuw;01-01-2018;Groep A;Parent.A@test.example;Other;Name;mother;;;;\n"
    import_children(text, world.school, world.users["director"])
    parent = User.objects.get(pk=world.users["parent_a"].pk)
    assert parent.first_name == "parent.a"
    assert Guardianship.objects.filter(user=parent, child__first_name="Nina").exists()
    assert not Invitation.objects.filter(user=parent).exists()


def test_a_wrong_row_imports_nothing_and_names_row_and_column(client, world, director):
    before = Child.objects.count()
    response = post(client, world, file=upload(GOOD))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-import-errors" in html
    # The admin speaks the director's language, Dutch by default.
    assert "<td>4</td>" in html and "geboortedatum" in html
    assert Child.objects.count() == before
    assert not User.objects.filter(email="moeder.jansen@test.example").exists()
    # The text is kept in the form, so the user can fix it in place.
    assert "vader.jansen@test.example" in html and "<textarea" in html


@pytest.mark.parametrize(
    "row, column, fragment",
    [
        ("Eva;Jansen;31-02-2017;Groep A;m@test.example;M;J;mother;;;;", "date of birth", "not a date"),
        ("Eva;Jansen;03-04-2017;Groep Z;m@test.example;M;J;mother;;;;", "class group", "no class group"),
        ("Eva;Jansen;03-04-2017;Groep X;m@test.example;M;J;mother;;;;", "class group", "no class group"),
        ("Eva;Jansen;03-04-2017;Groep A oud;m@test.example;M;J;mother;;;;", "class group", "no class group"),
        ("Eva;Jansen;03-04-2017;Groep A;not-an-address;M;J;mother;;;;", "guardian 1 e-mail", "not a valid"),
        ("Eva;Jansen;03-04-2017;Groep A;m@test.example;M;J;aunt;;;;", "guardian 1 relation", "aunt"),
        ("Eva;Jansen;03-04-2017;Groep A;m@test.example;M;J;mother;;Piet;Jansen;", "guardian 2 e-mail", "required"),
        (";Jansen;03-04-2017;Groep A;m@test.example;M;J;mother;;;;", "child first name", "required"),
        ("Eva;Jansen;03-04-2017;Groep A;m@test.example;M;J;mother;;;;;extra", "", "more fields"),
    ],
)
def test_row_errors(world, row, column, fragment):
    with translation.override("en"), pytest.raises(CsvImportError) as caught:
        check(HEADER + "\n" + row + "\n", world.school, world.users["director"])
    [error] = caught.value.row_errors
    assert (error.row, error.column) == (2, column)
    assert fragment in error.message


def test_header_problems_and_duplicates(world):
    director = world.users["director"]
    with translation.override("en"), pytest.raises(CsvImportError) as caught:
        check("child_first_name,colour\nEva,blue\n", world.school, director)
    problems = {(e.row, e.column) for e in caught.value.row_errors}
    assert (1, "colour") in problems and (1, "date of birth") in problems
    row = "Eva;Jansen;03-04-2017;Groep A;m@test.example;M;J;mother;;;;"
    with translation.override("en"), pytest.raises(CsvImportError) as caught:
        check(f"{HEADER}\n{row}\n{row}\n", world.school, director)
    assert [(e.row, "row 2" in e.message) for e in caught.value.row_errors] == [(3, True)]


def test_headers_in_words_and_comma_delimiter_without_bom(world):
    text = (
        "Child First Name,Child Last Name,Date of birth,Class group,Guardian 1 e-mail,Guardian 1 first name,"
        "Guardian 1 last name,Guardian 1 relation\n"
        '"Zoë","van \'t Hof",5-6-2018,Groep B,z@test.example,"Anne, Marie",Hof,\n'
    )
    [row] = check(text, world.school, world.users["director"])
    assert (row.first_name, row.last_name, row.guardians[0].first_name) == ("Zoë", "van 't Hof", "Anne, Marie")
    assert row.guardians[0].relation == Guardianship.GUARDIAN


def test_not_utf8_is_a_clear_error(client, world, director):
    response = post(client, world, file=upload(VALID.replace("Eva", "Zoë"), encoding="cp1252"))
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()
    assert not Child.objects.filter(last_name="Jansen").exists()


def test_pasted_text_can_be_corrected_and_imported(client, world, director):
    response = post(client, world, content=GOOD)
    assert "data-import-errors" in response.content.decode()
    fixed = GOOD.replace("Ana;Kind;;", "Ana;Kind;01-02-2018;")
    response = post(client, world, content=fixed)
    assert "data-import-result" in response.content.decode(), response.content.decode()
    assert Child.objects.filter(first_name="Eva").exists()


def test_other_school_cannot_be_chosen(client, world, director):
    response = post(client, world, school=world.other_school.pk, content=VALID)
    assert response.status_code == 200
    assert not Child.objects.filter(first_name="Eva").exists()


def test_only_roster_managers_import(client, world):
    client.force_login(world.users["teacher_a"])
    response = client.post(reverse("roster_import:index"), {"school": world.school.pk, "content": VALID})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("roster_import:example")).status_code == 302
    client.force_login(world.users["parent_a"])
    assert client.get(reverse("roster_import:index")).status_code == 403
    assert not Child.objects.filter(first_name="Eva").exists()


def test_example_file_downloads_and_imports(client, world, director):
    response = client.get(reverse("roster_import:example"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig") == example_csv().lstrip("\ufeff")
    year = current_school_year()
    for title, slug in (("Groep 3", "groep-3"), ("Groep 5/6", "groep-5-6")):
        world.school.add_child(instance=ClassPage(title=title, slug=slug, school_year=year, year_levels="3"))
    result = import_children(response.content.decode("utf-8-sig"), world.school, director)
    assert result.children_created == 2 and result.accounts_created == 3


# Arbitrary input never breaks the import ---------------------------------------

cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
csv_like = st.builds(
    lambda header, rows, sep: "\n".join([header] + [sep.join(r) for r in rows]),
    st.sampled_from([HEADER, HEADER.replace(";", ","), "child_first_name", ""]),
    st.lists(
        st.lists(
            st.one_of(cells, st.sampled_from(["Groep A", "01-01-2018", "a@b.nl", "mother", '"', ""])), max_size=14
        ),
        max_size=5,
    ),
    st.sampled_from([";", ",", "\t"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), csv_like))
def test_any_text_is_imported_or_refused_cleanly(world, text):
    try:
        import_children(text, world.school, world.users["director"])
    except CsvImportError as error:
        assert error.row_errors


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), csv_like), as_file=st.booleans())
def test_any_upload_answers_without_server_error(client, world, text, as_file):
    client.force_login(world.users["director"])
    data = {"school": world.school.pk}
    if as_file:
        data["file"] = SimpleUploadedFile("x.csv", text.encode("utf-8", "surrogatepass"))
    else:
        data["content"] = text
    response = client.post(reverse("roster_import:index"), data)
    assert response.status_code in (200, 400)


def test_dutch_column_names_as_the_dutch_help_text_gives_them(world):
    """The Dutch labels of the columns are accepted as a header, whatever the active language."""
    text = (
        "voornaam kind;achternaam kind;geboortedatum;groep;ouder 1 e-mail;ouder 1 voornaam;"
        "ouder 1 achternaam;ouder 1 relatie\n"
        "Eva;Jansen;03-04-2017;Groep A;m@test.example;Mira;Jansen;moeder\n"
    )
    for language in ("nl", "en"):
        with translation.override(language):
            [row] = check(text, world.school, world.users["director"])
        assert (row.first_name, row.guardians[0].relation) == ("Eva", Guardianship.MOTHER)
