"""How often one may try to log in and ask for reset mails (the limits themselves: `throttle.limits`).

Logging in is limited twice, by the e-mail address entered and by the
client address (`throttle.limits.client_address`), and only failed logins
count (a wrong password, an unknown address; the same for both, so the
limit tells nothing about which addresses exist):

* Per client: `login_client` free failures a day, then a wait after each
  further one that doubles up to an hour. This stops one machine guessing
  passwords, of one account or spread over many.
* Per account: `login_account` free failures, then a wait that doubles up
  to 15 minutes, but only for clients that failed themselves recently.
  Anyone can type a parent's address, so a limit that held for every
  client would let anyone keep a parent out. Here the parent on their own
  phone or computer logs in as usual while someone else is guessing; a
  guesser moving between many addresses gets one try per address and wait.
  A successful login clears the account's count (never the client's: a
  guesser with an account of their own could clear theirs between guesses).

While a wait lasts the password is not even checked, so a right guess
during the wait cannot be told from a wrong one.

Reset mails: at most `reset_mail_address` mails per address a day (counted
by the task that sends them, so a known and an unknown address get the very
same page), and at most `reset_request_client` requests per client address
an hour.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from throttle.limits import Backoff, Quota, client_address, describe_wait

LOGIN_ACCOUNT = "login_account"
LOGIN_CLIENT = "login_client"
RESET_MAIL_ADDRESS = "reset_mail_address"
RESET_REQUEST_CLIENT = "reset_request_client"


def normalized_email(value):
    """The address as the login matches it: case and surrounding spaces do not make a new account to guess."""
    return (value or "").strip().lower()[:254]


@dataclass(frozen=True)
class LoginAttempt:
    email: str
    client: str

    @classmethod
    def of(cls, request):
        return cls(normalized_email(request.POST.get("username")), client_address(request))

    def wait(self, now=None):
        """Seconds this client must wait before trying this account (0: it may try now)."""
        per_client = Backoff.named(LOGIN_CLIENT)
        waits = [per_client.wait(self.client, now)]
        per_account = Backoff.named(LOGIN_ACCOUNT)
        if self.email and per_client.count(self.client, now, window=per_account.window):
            waits.append(per_account.wait(self.email, now))
        return max(waits)

    def failed(self, now=None):
        Backoff.named(LOGIN_CLIENT).record(self.client, now)
        if self.email:
            Backoff.named(LOGIN_ACCOUNT).record(self.email, now)

    def succeeded(self):
        if self.email:
            Backoff.named(LOGIN_ACCOUNT).clear(self.email)


def login_wait_message(seconds):
    return _("Too many failed attempts to log in. Wait %(wait)s and try again.") % {"wait": describe_wait(seconds)}


def reset_request_wait(request):
    """Seconds the client must wait before asking for another reset link (0: it may ask now)."""
    return Quota.named(RESET_REQUEST_CLIENT).wait(client_address(request))


def count_reset_request(request):
    Quota.named(RESET_REQUEST_CLIENT).record(client_address(request))


def reset_request_wait_message(seconds):
    return _("You have asked for a new password several times in a short while. Wait %(wait)s and try again.") % {
        "wait": describe_wait(seconds)
    }


def may_mail_reset_link(email):
    """Whether this address may get another reset mail today (it gets at most a few a day)."""
    return Quota.named(RESET_MAIL_ADDRESS).wait(normalized_email(email)) == 0


def count_reset_mail(email):
    Quota.named(RESET_MAIL_ADDRESS).record(normalized_email(email))
