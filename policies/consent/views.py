"""The parents' consent page (/toestemming/): one yes/no per child and purpose, this school year.

Who may answer for which child is asked of `access.rules` (`consent_children`).
Nothing is pre-selected until a parent has answered; an answer given earlier
is shown selected, with who gave it and when, and can be changed the same
way it was given. Every change is a new row (policies.consent.answers).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from access.rules import consent_children
from classes.schoolyear import current_school_year, school_year_label
from policies.consent.answers import ensure_purposes, latest_answers, purposes_of, record_answers, unanswered_children

YES, NO = "yes", "no"
PROMPT_SESSION_KEY = "policies_consent_prompt"


def field_name(child, purpose):
    return f"consent-{child.pk}-{purpose.pk}"


def _rows(user, data=None):
    """[(child, [(purpose, field name, chosen value, current answer)])] for the user's children."""
    children = list(consent_children(user).select_related("school"))
    school_ids = {child.school_id for child in children}
    purposes = {}
    for purpose in purposes_of(school_ids):
        purposes.setdefault(purpose.school_id, []).append(purpose)
    answers = latest_answers([child.pk for child in children])
    rows = []
    for child in children:
        items = []
        for purpose in purposes.get(child.school_id, []):
            current = answers.get((child.pk, purpose.pk))
            name = field_name(child, purpose)
            if data is not None and name in data:
                chosen = data.get(name)
            else:
                chosen = "" if current is None else (YES if current.given else NO)
            items.append({"purpose": purpose, "name": name, "chosen": chosen, "current": current})
        rows.append({"child": child, "items": items, "open": sum(1 for item in items if item["current"] is None)})
    return rows


def consent(request):
    user = request.user
    children = consent_children(user)
    if not children.exists():
        raise PermissionDenied
    for school in {child.school for child in children.select_related("school")}:
        ensure_purposes(school)
    if request.method == "POST":
        return _save(request)
    if request.method not in ("GET", "HEAD"):
        return TemplateResponse(request, "policies/consent.html", {}, status=405)
    return _render(request, _rows(user))


def _render(request, rows, status=200, error=None):
    context = {
        "rows": rows,
        "error": error,
        "school_year": school_year_label(current_school_year()),
        "YES": YES,
        "NO": NO,
    }
    response = TemplateResponse(request, "policies/consent.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _save(request):
    user = request.user
    rows = _rows(user, request.POST)
    choices = []
    for row in rows:
        child_choices = {}
        for item in row["items"]:
            value = request.POST.get(item["name"], "")
            if value == "":
                continue  # not answered (yet): nothing is assumed
            if value not in (YES, NO):
                return _render(request, rows, status=400, error=_("Choose yes or no for each question."))
            child_choices[item["purpose"]] = value == YES
        if child_choices:
            choices.append((row["child"], child_choices))
    unknown = [
        key
        for key in request.POST
        if key.startswith("consent-") and key not in {i["name"] for r in rows for i in r["items"]}
    ]
    if unknown:
        return _render(
            request, rows, status=400, error=_("This form has a question that is not yours to answer. Reload the page.")
        )
    if not choices:
        return _render(request, rows, status=400, error=_("You have not answered any question yet."))
    saved = 0
    for child, child_choices in choices:
        saved += len(record_answers(user, child, child_choices))
    if saved:
        messages.success(request, _("Thank you, your answers have been saved."))
    else:
        messages.info(request, _("Nothing changed: these were already your answers."))
    refresh_prompt(request, user)
    return redirect("policies:consent")


def refresh_prompt(request, user):
    """Remember in the session whether the parent still has questions to answer (the banner in base.html)."""
    if unanswered_children(user):
        request.session[PROMPT_SESSION_KEY] = True
    else:
        request.session.pop(PROMPT_SESSION_KEY, None)
