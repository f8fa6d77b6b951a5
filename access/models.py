from django.db import models


class RosterStamp(models.Model):
    """One row whose token changes whenever anything a scope is made of changes.

    A user's scope (access.scope) is kept in Django's cache under this token,
    so a warm request reads one short row instead of computing the scope
    (six or more queries). The token is changed in the same transaction as
    the change itself (access.signals): staff roles, class teachers,
    enrolments, guardianships, children, accounts, the school and class
    group pages, and Wagtail's sites (which school a host serves). So every process, whatever its cache, sees a new token at
    once, and a rolled-back change leaves the old token with the old data.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "roster stamp"

    def __str__(self):
        return self.token
