"""Every served upload keeps `sandbox` in its Content-Security-Policy.

The site-wide policy (`plumbing.headers.SecurityHeadersMiddleware`) sets the
header of every response, the files of `privatemedia.views.serve` included.
This middleware is listed just before it, so it sees the response after it
and adds the `sandbox` directive to the responses the serve view marked
(`response.sandboxed_upload`): a file that slipped past the content checks
(HTML in a PDF, a script in an image) still runs nothing on our origin. The
two policies add up: the site-wide one keeps every other source to our own.
"""

CSP_HEADER = "Content-Security-Policy"


def directives(policy):
    return {part.strip().split(" ")[0].lower() for part in policy.split(";") if part.strip()}


class SandboxedUploadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "sandboxed_upload", False):
            policy = response.get(CSP_HEADER, "")
            if "sandbox" not in directives(policy):
                response[CSP_HEADER] = f"{policy}; sandbox" if policy else "sandbox"
        return response
