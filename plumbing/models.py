from django.db import models


class Stamp(models.Model):
    """A named token that changes whenever what it stands for changes (see plumbing.stamps).

    Cached work that many people share (a rendered page of posts) is kept
    under the token of what it was made from: a change gives a new token, so
    the next request builds anew in every process, whatever the cache (the
    default per-process memory cache as much as a shared Redis). The token
    is written in the same transaction as the change, so a rolled-back
    change leaves the old token with the old data.
    """

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "stamp"

    def __str__(self):
        return f"{self.name}: {self.token}"
