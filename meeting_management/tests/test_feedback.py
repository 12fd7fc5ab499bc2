import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.meeting_management.models.meeting_feedback import PHONE_FAIL_LIMIT

from .common_review import MeetingReviewCommon


class FeedbackSetup(MeetingReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=6, checked_in=6)
        cls.attendees = cls.meeting.attendee_ids.sorted("id")
        cls.guest = cls.attendees[0]
        cls.guest.phone = "+86 138 1234 5678"
        cls.no_phone = cls.attendees[1]
        cls.no_phone.phone = False
        cls.no_email = cls.attendees[2]
        cls.no_email.email = False
        cls.meeting.with_user(cls.user_coordinator).action_finish()


@tagged("post_install", "-at_install")
class TestFeedbackModel(FeedbackSetup):
    def test_finish_sends_personal_links(self):
        self.assertEqual(self.meeting.state, "review")
        mails = self.env["mail.mail"].search([("body_html", "like", "/meeting/feedback/")])
        self.assertEqual(len(mails), 5)  # every attendee with an e-mail
        tokens = self.attendees.sudo().mapped("feedback_token")
        # the attendee without e-mail has a personal link too, for the QR link sheet; no mail
        self.assertEqual(len(set(filter(None, tokens))), 6)
        self.assertTrue(self.no_email.sudo().feedback_token)
        self.assertFalse(self.no_email.feedback_invited)
        mail = mails.filtered(lambda m: m.email_to == self.guest.email)
        self.assertIn(f"/meeting/feedback/{self.guest.sudo().feedback_token}", mail.body_html)
        # personal: on no thread, deleted once sent, only a line without the link in the chatter
        self.assertRecordValues(mail, [{"model": False, "res_id": False, "auto_delete": True}])
        self.assertTrue(self.guest.feedback_invited)
        self.assertIn(
            f"Survey invitation sent to {self.guest.email}", self.guest.message_ids[0].body
        )

    def test_finish_guards(self):
        other = self._create_seed_meeting(attendees=1, checked_in=1)
        with self.assertRaises(AccessError):
            other.with_user(self.user_employee).action_finish()
        other.state = "approved"
        with self.assertRaises(UserError):
            other.with_user(self.user_coordinator).action_finish()

    def test_answers_cannot_be_edited_by_staff(self):
        feedback = (
            self.env["meeting.feedback"]
            .sudo()
            .create(
                {
                    "attendee_id": self.guest.id,
                    "score_overall": 4,
                    "score_agenda": 4,
                    "score_venue": 4,
                    "score_catering": 4,
                    "score_service": 4,
                }
            )
        )
        self.assertEqual(feedback.meeting_id, self.meeting)
        self.assertTrue(self.guest.has_feedback)
        for user in (self.user_coordinator, self.user_director, self.user_meeting_admin):
            with self.assertRaises(AccessError):
                feedback.with_user(user).write({"score_overall": 5})
        with self.assertRaises(AccessError):
            feedback.with_user(self.user_coordinator).unlink()
        with self.assertRaises(ValidationError):
            self.env["meeting.feedback"].sudo().create(
                {
                    "attendee_id": self.no_phone.id,
                    "score_overall": 6,
                    "score_agenda": 4,
                    "score_venue": 4,
                    "score_catering": 4,
                    "score_service": 4,
                }
            )

    def test_paper_answer_wizard(self):
        action = self.meeting.with_user(self.user_coordinator).action_record_paper_feedback()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.user_coordinator)
            .with_context(**action["context"])
        )
        wizard_form.attendee_id = self.no_email
        for fname, value in (
            ("score_overall", "4"),
            ("score_agenda", "5"),
            ("score_venue", "4"),
            ("score_catering", "3"),
            ("score_service", "4"),
        ):
            setattr(wizard_form, fname, value)
        wizard_form.suggestions = "纸质问卷：素食不足"
        wizard_form.save().action_record()
        feedback = self.no_email.feedback_ids
        self.assertRecordValues(
            feedback,
            [
                {
                    "source": "paper",
                    "score_overall": 4,
                    "score_catering": 3,
                    "submitted_by_id": self.user_coordinator.id,
                    "meeting_id": self.meeting.id,
                }
            ],
        )
        self.assertEqual(self.meeting.kpi_feedback_count, 1)
        self.assertEqual(self.meeting.kpi_lowest_aspect, "catering")
        # a second answer for the same attendee is refused
        wizard = (
            self.env["meeting.feedback.paper.wizard"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "meeting_id": self.meeting.id,
                    "attendee_id": self.no_email.id,
                    **dict.fromkeys(
                        (
                            "score_overall",
                            "score_agenda",
                            "score_venue",
                            "score_catering",
                            "score_service",
                        ),
                        "5",
                    ),
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.action_record()
        # an employee who is not staff of this meeting cannot record answers
        with self.assertRaises(AccessError):
            self.env["meeting.feedback"].with_user(self.user_employee).create(
                {
                    "attendee_id": self.no_phone.id,
                    "source": "paper",
                    **dict.fromkeys(
                        (
                            "score_overall",
                            "score_agenda",
                            "score_venue",
                            "score_catering",
                            "score_service",
                        ),
                        5,
                    ),
                }
            )

    def test_survey_closed_outside_review(self):
        self.meeting.state = "closed"
        wizard = (
            self.env["meeting.feedback.paper.wizard"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "meeting_id": self.meeting.id,
                    "attendee_id": self.no_phone.id,
                    **dict.fromkeys(
                        (
                            "score_overall",
                            "score_agenda",
                            "score_venue",
                            "score_catering",
                            "score_service",
                        ),
                        "5",
                    ),
                }
            )
        )
        with self.assertRaisesRegex(UserError, "is not open"):
            wizard.action_record()
        self.assertFalse(self.no_phone.has_feedback)


@tagged("post_install", "-at_install")
class TestFeedbackPublicPages(HttpCase, FeedbackSetup):
    def _url(self, attendee, suffix=""):
        return f"/meeting/feedback/{attendee.sudo().feedback_token}{suffix}"

    def _csrf(self, response):
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _post(self, url, data, csrf_from):
        page = self.url_open(csrf_from)
        return self.url_open(url, data={**data, "csrf_token": self._csrf(page)})

    def _scores(self, **overrides):
        scores = {
            f"score_{key}": "4" for key in ("overall", "agenda", "venue", "catering", "service")
        }
        scores.update(overrides)
        return scores

    def test_invalid_tokens(self):
        for token in ("nope", "x" * 200, "%27%20OR%201=1"):
            response = self.url_open(f"/meeting/feedback/{token}")
            self.assertEqual(response.status_code, 404)
            self.assertIn("This survey link is not valid", response.text)
            self.assertNotIn("Traceback", response.text)
        # a meeting no longer under review: the link has expired
        self.meeting.state = "closed"
        response = self.url_open(self._url(self.guest))
        self.assertEqual(response.status_code, 404)

    def test_phone_check_then_single_use(self):
        url = self._url(self.guest)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("last four digits", page.text)
        self.assertNotIn("o_meeting_feedback_form", page.text)
        # submitting before the phone check shows the check again, records nothing
        response = self._post(self._url(self.guest, "/submit"), self._scores(), url)
        self.assertIn("phone_digits", response.text)
        self.assertFalse(self.guest.has_feedback)
        response = self._post(self._url(self.guest, "/verify"), {"phone_digits": "1234"}, url)
        self.assertEqual(response.status_code, 403)
        self.assertIn("do not match", response.text)
        response = self._post(self._url(self.guest, "/verify"), {"phone_digits": "5678"}, url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_meeting_feedback_form", response.text)
        # incomplete form
        response = self._post(self._url(self.guest, "/submit"), self._scores(score_venue="9"), url)
        self.assertEqual(response.status_code, 400)
        self.assertIn("score from 1 to 5", response.text)
        response = self._post(
            self._url(self.guest, "/submit"),
            self._scores(score_overall="5", score_catering="3", suggestions="素食不够"),
            url,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for your feedback", response.text)
        self.assertRecordValues(
            self.guest.feedback_ids,
            [
                {
                    "score_overall": 5,
                    "score_catering": 3,
                    "source": "online",
                    "suggestions": "素食不够",
                    "meeting_id": self.meeting.id,
                }
            ],
        )
        # second submission and revisit are refused with a clear page
        response = self.url_open(url)
        self.assertEqual(response.status_code, 409)
        self.assertIn("already answered", response.text)
        self.assertNotIn('name="csrf_token"', response.text)
        response = self.url_open(
            self._url(self.guest, "/submit"),
            data={
                **self._scores(score_overall="1"),
                "csrf_token": self._csrf(self.url_open(self._url(self.no_phone))),
            },
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(len(self.guest.feedback_ids), 1)
        self.assertEqual(self.guest.feedback_ids.score_overall, 5)

    def test_attendee_without_phone_goes_to_the_form(self):
        response = self.url_open(self._url(self.no_phone) + "?lang=en_US")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_meeting_feedback_form", response.text)
        self.assertIn('name="viewport"', response.text)

    def test_rate_limits(self):
        url = self._url(self.guest)
        spare_url = self._url(self.no_phone)  # a page with a form once the link is locked
        for _attempt in range(PHONE_FAIL_LIMIT):
            response = self._post(self._url(self.guest, "/verify"), {"phone_digits": "0000"}, url)
            self.assertEqual(response.status_code, 403)
        # the link is locked for the window, even with the right digits
        response = self._post(self._url(self.guest, "/verify"), {"phone_digits": "5678"}, spare_url)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many attempts", response.text)
        counters = self.env["meeting.feedback.attempt"].sudo().search([])
        self.assertTrue(counters)
        self.assertFalse(any("127.0.0.1" in c.key_hash for c in counters))

    def test_public_feedback_tour(self):
        self.start_tour(self._url(self.guest), "meeting_feedback_public_tour", login=None)
        self.assertRecordValues(
            self.guest.feedback_ids,
            [
                {
                    "score_overall": 5,
                    "score_agenda": 4,
                    "score_venue": 5,
                    "score_catering": 3,
                    "score_service": 4,
                    "source": "online",
                    "suggestions": "Please confirm vegetarian meals earlier.",
                }
            ],
        )
        self.assertEqual(self.meeting.kpi_satisfaction, 5.0)
