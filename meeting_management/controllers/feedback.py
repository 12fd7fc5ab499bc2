import hashlib
import logging

from psycopg2 import IntegrityError

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)

ASPECT_KEYS = ("overall", "agenda", "venue", "catering", "service")
# Rate limits per 15-minute window.
IP_VERIFY_LIMIT = 20  # phone checks from one IP
TOKEN_VERIFY_LIMIT = 5  # wrong phone digits for one link
IP_SUBMIT_LIMIT = 30  # submitted forms from one IP (a shared venue Wi-Fi answers many)
SESSION_KEY = "meeting_feedback_verified"


class MeetingFeedbackController(http.Controller):
    """Public survey pages: no login, phone friendly, one answer per personal link."""

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _set_lang(self):
        """Chinese or English: ``?lang=`` wins, then the browser's Accept-Language."""
        installed = dict(request.env["res.lang"].get_installed())
        wanted = request.params.get("lang") or request.httprequest.cookies.get("frontend_lang")
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
        if request.params.get("lang") in installed:
            response.set_cookie("frontend_lang", request.params["lang"], max_age=365 * 86400)
        return response

    def _ip_key(self, kind):
        return f"{kind}:ip:{request.httprequest.remote_addr or 'unknown'}"

    def _token_key(self, kind, token):
        return f"{kind}:token:{hashlib.sha256(token.encode()).hexdigest()}"

    def _attendee(self, token):
        attendee = request.env["meeting.attendee"]._get_by_feedback_token(token)
        if not attendee or attendee.meeting_id.state != "review":
            return None
        return attendee

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
            return self._render("feedback_page_verify", self._form_values(attendee), token=token)
        return self._render("feedback_page_form", self._form_values(attendee), token=token)

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
    def feedback_verify(self, token, phone_digits="", **kwargs):
        attendee = self._attendee(token)
        if not attendee:
            return self._invalid()
        Attempt = request.env["meeting.feedback.attempt"].sudo()  # sudo: public counters
        if not Attempt._hit(self._ip_key("verify"), IP_VERIFY_LIMIT):
            return self._too_many(attendee, token)
        if Attempt._is_blocked(self._token_key("verify", token), TOKEN_VERIFY_LIMIT):
            return self._too_many(attendee, token)
        digits = "".join(ch for ch in (phone_digits or "") if ch.isdigit())
        expected = attendee._phone_last_digits()
        if not expected or digits == expected:
            verified = list(request.session.get(SESSION_KEY) or [])[-20:]
            verified.append(self._token_key("ok", token))
            request.session[SESSION_KEY] = verified
            return request.redirect(f"/meeting/feedback/{token}", local=True)
        Attempt._hit(self._token_key("verify", token), TOKEN_VERIFY_LIMIT)
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
        Attempt = request.env["meeting.feedback.attempt"].sudo()  # sudo: public counters
        if not Attempt._hit(self._ip_key("submit"), IP_SUBMIT_LIMIT):
            return self._too_many(attendee, token)
        if attendee.has_feedback or not self._is_verified(attendee, token):
            return self._page_for(attendee, token)
        scores = {}
        for key in ASPECT_KEYS:
            value = post.get(f"score_{key}", "")
            if value not in ("1", "2", "3", "4", "5"):
                error = request.env._("Please give every question a score from 1 to 5.")
                return self._render(
                    "feedback_page_form",
                    self._form_values(attendee, error=error, post=post),
                    400,
                    token,
                )
            scores[f"score_{key}"] = int(value)
        suggestions = (post.get("suggestions") or "").strip()[:4000]
        try:
            with request.env.cr.savepoint():
                # sudo: public page; the single-use token identified the attendee and the
                # answer is created once (unique attendee), never updated.
                request.env["meeting.feedback"].sudo().create(
                    {
                        "meeting_id": attendee.meeting_id.id,
                        "attendee_id": attendee.id,
                        "source": "online",
                        "suggestions": suggestions or False,
                        **scores,
                    }
                )
        except IntegrityError:
            # a concurrent submission of the same link won the race
            attendee.invalidate_recordset(["has_feedback", "feedback_ids"])
            return self._render("feedback_page_done", self._form_values(attendee), 409, token)
        return self._render("feedback_page_thanks", self._form_values(attendee), token=token)
