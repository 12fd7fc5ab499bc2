import hashlib

from odoo import http
from odoo.http import request

from ..models.meeting_feedback import SUGGESTIONS_MAX_LENGTH, normalize_digits

ASPECT_KEYS = ("overall", "agenda", "venue", "catering", "service")
SCORE_VALUES = ("1", "2", "3", "4", "5")
SESSION_KEY = "meeting_feedback_verified"
MAX_DIGITS_INPUT = 32


class MeetingFeedbackController(http.Controller):
    """Public survey pages: no login, phone friendly, one answer per personal link."""

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _set_lang(self):
        """Chinese or English: ``?lang=`` wins, then the browser's Accept-Language."""
        installed = dict(request.env["res.lang"].get_installed())
        wanted = self._text(request.params, "lang") or request.httprequest.cookies.get(
            "frontend_lang"
        )
        if not wanted:
            accept = request.httprequest.accept_languages
            for code, _quality in accept:
                normalized = code.replace("-", "_")
                if normalized.lower().startswith("zh"):
                    wanted = "zh_CN"
                    break
                if normalized.lower().startswith("en"):
                    wanted = "en_US"
                    break
        if wanted in installed:
            request.update_context(lang=wanted)
        return installed

    def _render(self, template, values=None, status=200, token=None):
        installed = self._set_lang()
        values = dict(values or {})
        values.update(
            {
                "token": token,
                "installed_langs": installed,
                "current_lang": request.env.context.get("lang") or "en_US",
                "no_header": True,
                "no_footer": True,
            }
        )
        response = request.render(f"meeting_management.{template}", values, status=status)
        if self._text(request.params, "lang") in installed:
            response.set_cookie("frontend_lang", request.params["lang"], max_age=365 * 86400)
        return response

    def _token_key(self, kind, token):
        return f"{kind}:token:{hashlib.sha256(token.encode()).hexdigest()}"

    def _attendee(self, token):
        """The attendee of an open survey link, or None. Sets the page language first, so
        that every message built afterwards is in the guest's language."""
        self._set_lang()
        return request.env["meeting.feedback"]._survey_attendee(token) or None

    @staticmethod
    def _text(params, name):
        """A form field as text; anything else (missing, a file upload) is ``None``."""
        value = params.get(name)
        return value if isinstance(value, str) else None

    def _is_verified(self, attendee, token):
        if not attendee._phone_last_digits():
            return True
        return self._token_key("ok", token) in (request.session.get(SESSION_KEY) or [])

    def _form_values(self, attendee, **extra):
        return {"attendee": attendee, "meeting": attendee.meeting_id, **extra}

    def _page_for(self, attendee, token):
        """The page a valid link shows: already answered, phone check or the form."""
        if attendee.has_feedback:
            return self._render("feedback_page_done", self._form_values(attendee), 409, token)
        if not self._is_verified(attendee, token):
            if request.env["meeting.feedback"]._survey_is_locked(attendee):
                return self._too_many(attendee, token)
            return self._render("feedback_page_verify", self._form_values(attendee), token=token)
        return self._render("feedback_page_form", self._form_values(attendee), token=token)

    def _parse_answers(self, post):
        """(scores, suggestions, error) from the submitted form; error is a message."""
        scores = {}
        for key in ASPECT_KEYS:
            value = (self._text(post, f"score_{key}") or "").strip()
            if value not in SCORE_VALUES:
                return None, None, request.env._("Please give every question a score from 1 to 5.")
            scores[f"score_{key}"] = int(value)
        suggestions = self._text(post, "suggestions")
        if suggestions is None and post.get("suggestions") is not None:
            return None, None, request.env._("Please type your suggestions as text.")
        # browsers send line breaks as CRLF; NUL cannot be stored and is never typed
        suggestions = (suggestions or "").replace("\r\n", "\n").replace("\x00", "").strip()
        if len(suggestions) > SUGGESTIONS_MAX_LENGTH:
            return (
                None,
                None,
                request.env._(
                    "Your suggestions are too long (%(length)s characters): please shorten "
                    "them to %(max)s characters.",
                    length=len(suggestions),
                    max=SUGGESTIONS_MAX_LENGTH,
                ),
            )
        return scores, suggestions, None

    def _invalid(self):
        return self._render("feedback_page_invalid", status=404)

    def _too_many(self, attendee=None, token=None):
        values = self._form_values(attendee) if attendee else {}
        return self._render("feedback_page_too_many", values, 429, token)

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------
    @http.route(
        "/meeting/feedback/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def feedback_page(self, token, **kwargs):
        attendee = self._attendee(token)
        if not attendee:
            return self._invalid()
        return self._page_for(attendee, token)

    @http.route(
        "/meeting/feedback/<string:token>/verify",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def feedback_verify(self, token, **post):
        attendee = self._attendee(token)
        if not attendee:
            return self._invalid()
        if attendee.has_feedback:
            return self._page_for(attendee, token)
        typed = self._text(post, "phone_digits")
        if typed is None or len(typed) > MAX_DIGITS_INPUT or len(normalize_digits(typed)) != 4:
            # not an attempt: nothing is counted against the link
            error = request.env._("Please type the last four digits of your phone number.")
            return self._render(
                "feedback_page_verify", self._form_values(attendee, error=error), 400, token
            )
        status = request.env["meeting.feedback"]._survey_check_phone(attendee, typed)
        if status == "locked":
            return self._too_many(attendee, token)
        if status == "ok":
            verified = list(request.session.get(SESSION_KEY) or [])[-20:]
            verified.append(self._token_key("ok", token))
            request.session[SESSION_KEY] = verified
            return request.redirect(f"/meeting/feedback/{token}", local=True)
        error = request.env._("These digits do not match the phone number we have for you.")
        return self._render(
            "feedback_page_verify", self._form_values(attendee, error=error), 403, token
        )

    @http.route(
        "/meeting/feedback/<string:token>/submit",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def feedback_submit(self, token, **post):
        attendee = self._attendee(token)
        if not attendee:
            return self._invalid()
        if attendee.has_feedback or not self._is_verified(attendee, token):
            return self._page_for(attendee, token)
        scores, suggestions, error = self._parse_answers(post)
        if error:
            # the form comes back with the guest's choices and text, and the reason
            return self._render(
                "feedback_page_form",
                self._form_values(
                    attendee,
                    error=error,
                    post={key: value for key, value in post.items() if isinstance(value, str)},
                ),
                400,
                token,
            )
        feedback = request.env["meeting.feedback"]._survey_submit(
            attendee, scores, suggestions, request.httprequest.remote_addr
        )
        if not feedback:
            return self._render("feedback_page_done", self._form_values(attendee), 409, token)
        return self._render("feedback_page_thanks", self._form_values(attendee), token=token)
