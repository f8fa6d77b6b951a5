"""The base of every per-school settings model.

School policy (working hours, leave rules, digest time, consent reminders,
reactions, ...) is never a constant: each area keeps a row per school,
edited by that school's directors. The row is made with its defaults the
first time anything asks for it, so a new school works before anyone has
opened its settings.

Each subclass declares its own `school` one-to-one field, with a related
name of its own.
"""

from django.db import models


class SchoolSettings(models.Model):
    class Meta:
        abstract = True

    def __str__(self):
        return str(self.school)

    @classmethod
    def for_school(cls, school):
        """The school's row, created with the defaults on first use."""
        row, _created = cls.objects.get_or_create(school=school)
        return row
