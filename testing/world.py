"""A small, fixed world for tests: two schools and a user for every role.

School A ("Windwijzer") has class groups A and B in the current school year,
plus last year's class group A-old; school O ("Other") has one class group.
Every role from the access matrix has a user here.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Collection, Locale, Page, Site

from accounts.models import User
from attendance.models import AbsenceReport, AbsenceReportPage, moment
from classes.models import Child, ClassPage, ClassTeacher, Enrollment, Guardianship
from classes.schoolyear import current_school_year
from home.models import InfoPage, SchoolPage, StaffRole
from leave.models import LeaveRequestPage
from news.models import PostPage
from policies.models import PolicyPage

PASSWORD = "Welkom-op-school-1"


@dataclass
class World:
    school: SchoolPage
    other_school: SchoolPage
    class_a: ClassPage
    class_b: ClassPage
    class_old: ClassPage
    other_class: ClassPage
    school_info: InfoPage
    class_a_info: InfoPage
    class_b_info: InfoPage
    other_info: InfoPage
    school_post: PostPage
    class_a_post: PostPage
    class_b_post: PostPage
    other_post: PostPage
    school_absence: AbsenceReportPage
    other_absence: AbsenceReportPage
    users: dict  # role name -> User
    children: dict  # name -> Child
    school_leave: LeaveRequestPage = None
    other_leave: LeaveRequestPage = None
    school_policy: PolicyPage = None
    other_policy: PolicyPage = None


ROLES = [
    "anonymous",
    "parent_a",
    "parent_b",
    "parent_other_school",
    "teacher_a",
    "teacher_b",
    "director",
    "director_other_school",
]


def make_user(email, **extra):
    return User.objects.create_user(
        email=email, password=PASSWORD, first_name=email.split("@")[0], last_name="Test", **extra
    )


def build_world():
    """Create the world in the database and return it."""
    Locale.objects.get_or_create(language_code="nl")
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    if root is None:
        # A transactional test before this one emptied every table, including
        # the tree root and root collection that Wagtail's migrations create.
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    # Wagtail's installation page is not a school; remove it like seed_demo does.
    Site.objects.all().delete()
    for page in root.get_children():
        page.delete()
    root.refresh_from_db()

    year = current_school_year()
    school = root.add_child(instance=SchoolPage(title="Windwijzer", slug="windwijzer"))
    other = root.add_child(instance=SchoolPage(title="Other school", slug="other"))
    Site.objects.create(hostname="testserver", port=80, root_page=school, is_default_site=True, site_name="Windwijzer")
    Site.objects.create(hostname="other.testserver", port=80, root_page=other, site_name="Other")

    class_a = school.add_child(instance=ClassPage(title="Groep A", slug="groep-a", school_year=year, year_levels="3"))
    class_b = school.add_child(instance=ClassPage(title="Groep B", slug="groep-b", school_year=year, year_levels="5/6"))
    class_old = school.add_child(
        instance=ClassPage(title="Groep A oud", slug="groep-a-oud", school_year=year - 1, year_levels="2")
    )
    other_class = other.add_child(
        instance=ClassPage(title="Groep X", slug="groep-x", school_year=year, year_levels="4")
    )
    school_info = school.add_child(instance=InfoPage(title="Schooltijden", slug="schooltijden"))
    class_a_info = class_a.add_child(instance=InfoPage(title="Gym A", slug="gym-a"))
    class_b_info = class_b.add_child(instance=InfoPage(title="Gym B", slug="gym-b"))
    other_info = other.add_child(instance=InfoPage(title="Other info", slug="other-info"))

    def post(parent, title, slug):
        body = [("text", f"<p>{title}: news for the group.</p>")]
        return parent.add_child(instance=PostPage(title=title, slug=slug, body=body))

    school_post = post(school, "Schoolnieuws", "schoolnieuws")
    class_a_post = post(class_a, "Nieuws A", "nieuws-a")
    class_b_post = post(class_b, "Nieuws B", "nieuws-b")
    other_post = post(other, "Other news", "other-news")
    # Titles differ per school: the matrix looks for titles a role may not see.
    school_leave = school.add_child(instance=LeaveRequestPage(title="Verlof Windwijzer", slug="verlof"))
    other_leave = other.add_child(instance=LeaveRequestPage(title="Leave other", slug="leave"))
    school_absence = school.add_child(instance=AbsenceReportPage(title="Absentie melden", slug="absentie"))
    other_absence = other.add_child(instance=AbsenceReportPage(title="Absence other", slug="absence"))
    # A code of conduct that asks nobody for acceptance (version 1 published
    # without it), so the world's parents are not sent to the acceptance page.
    school_policy = school.add_child(
        instance=PolicyPage(
            title="Gedragscode Windwijzer", slug="gedragscode", kind=PolicyPage.CONDUCT, body="<p>Wees aardig.</p>"
        )
    )
    other_policy = other.add_child(
        instance=PolicyPage(title="Conduct other", slug="conduct", kind=PolicyPage.CONDUCT, body="<p>Be kind.</p>")
    )

    users = {
        "parent_a": make_user("parent.a@test.example"),
        "parent_b": make_user("parent.b@test.example"),
        "parent_other_school": make_user("parent.other@test.example"),
        "teacher_a": make_user("teacher.a@test.example"),
        "teacher_b": make_user("teacher.b@test.example"),
        "director": make_user("director@test.example"),
        "director_other_school": make_user("director.other@test.example"),
    }
    StaffRole.objects.create(user=users["teacher_a"], school=school, role=StaffRole.TEACHER)
    StaffRole.objects.create(user=users["teacher_b"], school=school, role=StaffRole.TEACHER)
    StaffRole.objects.create(user=users["director"], school=school, role=StaffRole.DIRECTOR)
    StaffRole.objects.create(user=users["director_other_school"], school=other, role=StaffRole.DIRECTOR)
    ClassTeacher.objects.create(page=class_a, user=users["teacher_a"])
    ClassTeacher.objects.create(page=class_b, user=users["teacher_b"])

    children = {}

    def child(name, school_page, class_page, guardian, relation=Guardianship.MOTHER):
        kid = Child.objects.create(school=school_page, first_name=name, last_name="Kind")
        Enrollment.objects.create(child=kid, class_page=class_page)
        Guardianship.objects.create(child=kid, user=guardian, relation=relation)
        children[name] = kid
        return kid

    ana = child("Ana", school, class_a, users["parent_a"])
    Enrollment.objects.create(child=ana, class_page=class_old)  # last year's group: no longer visible
    child("Bram", school, class_b, users["parent_b"], Guardianship.FATHER)
    child("Xena", other, other_class, users["parent_other_school"])

    # A dentist's appointment today for every child, so the absence overviews
    # (admin list, export, dashboard) have a row of every family to keep apart.
    today = timezone.localdate()
    for kid, class_page, parent in (
        (children["Ana"], class_a, "parent_a"),
        (children["Bram"], class_b, "parent_b"),
        (children["Xena"], other_class, "parent_other_school"),
    ):
        AbsenceReport.objects.create(
            school=kid.school,
            child=kid,
            class_page=class_page,
            reason=AbsenceReport.DENTIST,
            starts_at=moment(today, datetime.time(10, 0)),
            ends_at=moment(today, datetime.time(11, 0)),
            reported_by=users[parent],
            submission=uuid.uuid4(),
        )

    return World(
        school=school,
        other_school=other,
        class_a=class_a,
        class_b=class_b,
        class_old=class_old,
        other_class=other_class,
        school_info=school_info,
        class_a_info=class_a_info,
        class_b_info=class_b_info,
        other_info=other_info,
        school_post=school_post,
        class_a_post=class_a_post,
        class_b_post=class_b_post,
        other_post=other_post,
        school_absence=school_absence,
        other_absence=other_absence,
        users=users,
        children=children,
        school_leave=school_leave,
        other_leave=other_leave,
        school_policy=school_policy,
        other_policy=other_policy,
    )
