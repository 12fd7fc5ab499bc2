"""The survey against crowds, leaks, forgeries and garbage.

- a venue's guests share one public IP: all of them can answer; a link locks after five wrong
  phone digits whatever the network; one device hammering wrong digits locks nobody else;
- personal links (check-in QR code, survey link) reach only their recipient: nothing the
  initiator or the check-in staff can read holds them;
- answers are created only by the survey page and the paper wizard, never edited;
- malformed input on the public routes gets a clear page, never a traceback.
"""

import contextlib
import re
import time
from unittest.mock import patch
from urllib.parse import urlparse

from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import config, mute_logger

from odoo.addons.meeting_management.models.meeting_feedback import (
    PHONE_FAIL_LIMIT,
    SUGGESTIONS_MAX_LENGTH,
)

from .common_review import MeetingReviewCommon

SCORE_KEYS = ("overall", "agenda", "venue", "catering", "service")
SCORES = {f"score_{key}": 4 for key in SCORE_KEYS}


class HardeningCommon(MeetingReviewCommon):
    """The seed meeting under review, its executor is the coordinator, the director its
    initiator, the door staff named as its check-in staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=6, checked_in=6)
        cls.meeting.checkin_staff_ids = cls.user_checkin
        cls.attendees = cls.meeting.attendee_ids.sorted("id")
        cls.guest = cls.attendees[0]
        cls.guest.phone = "+86 138 1234 5678"
        cls.no_phone = cls.attendees[1]
        cls.no_phone.phone = False
        cls.spare = cls.attendees[5]  # never answers: its page always has a form

    @classmethod
    def _open_survey(cls, meeting):
        """Under review with tokens, without sending mails (the mail tests finish it)."""
        meeting.state = "review"
        meeting.attendee_ids._ensure_feedback_token()

    def _token(self, attendee):
        return attendee.sudo().feedback_token


class HardeningHttp(HttpCase, HardeningCommon):
    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _url(self, attendee, suffix=""):
        return f"/meeting/feedback/{self._token(attendee)}{suffix}"

    def _csrf(self, response):
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _post(self, attendee, suffix, data=None, files=None, headers=None):
        # the CSRF token belongs to the session: any page with a form gives it
        page = self.url_open(self._url(attendee), headers=headers)
        if 'name="csrf_token"' not in page.text:  # locked or answered: the spare's page
            page = self.url_open(self._url(self.spare))
        return self.url_open(
            self._url(attendee, suffix),
            data={**(data or {}), "csrf_token": self._csrf(page)},
            files=files,
            headers=headers,
        )

    def _form(self, **overrides):
        form = {key: str(value) for key, value in SCORES.items()}
        form.update(overrides)
        return {key: value for key, value in form.items() if value is not None}


# ----------------------------------------------------------------------
# 1. Rate limit: crowds pass, one link locks, nobody locks the others
# ----------------------------------------------------------------------
@tagged("post_install", "-at_install")
class TestSurveyCrowd(HardeningCommon):
    def test_two_thousand_guests_behind_one_ip(self):
        """A venue's 2,000 guests answer from one public address: every answer counts."""
        crowd = self.env["meeting.attendee"].create(
            [
                {
                    "meeting_id": self.meeting.id,
                    "name": f"Crowd {index:04d}",
                    "phone": f"139 {index:08d}",
                }
                for index in range(2000)
            ]
        )
        self._open_survey(self.meeting)
        # the public user runs the page's helpers, as the controller does
        Feedback = self.env["meeting.feedback"].with_user(self.env.ref("base.public_user"))
        venue_ip = "203.0.113.7"
        for index, attendee in enumerate(crowd):
            found = Feedback._survey_attendee(self._token(attendee))
            self.assertEqual(found, attendee)
            self.assertEqual(Feedback._survey_check_phone(found, f"{index % 10000:04d}"), "ok")
            self.assertTrue(Feedback._survey_submit(found, SCORES, "", venue_ip))
        self.assertEqual(self.meeting.kpi_feedback_count, 2000)
        self.assertEqual(set(crowd.mapped("has_feedback")), {True})
        # the coordinator sees that they all came from one network (a signal, not a wall)
        answers = self.env["meeting.feedback"].with_user(self.user_coordinator)
        sample = answers.search([("attendee_id", "in", crowd[:3].ids)])
        self.assertEqual(sample.mapped("same_network_count"), [2000] * 3)
        self.assertEqual(answers.search_count([("is_shared_network", "=", True)]), 2000)
        # the fingerprint is a salted hash, never the address
        stored = sample.sudo().mapped("ip_hash")
        self.assertEqual(len(set(stored)), 1)
        self.assertNotIn(venue_ip, stored[0])

    def test_wrong_digits_lock_the_link_not_the_network(self):
        self._open_survey(self.meeting)
        Feedback = self.env["meeting.feedback"].with_user(self.env.ref("base.public_user"))
        for _attempt in range(PHONE_FAIL_LIMIT):
            self.assertEqual(Feedback._survey_check_phone(self.guest, "0000"), "wrong")
        # locked, even with the right digits, and stays locked while attempts go on
        for _attempt in range(3):
            self.assertEqual(Feedback._survey_check_phone(self.guest, "5678"), "locked")
        self.assertTrue(Feedback._survey_is_locked(self.guest))
        # another link is not affected
        other = self.attendees[3]
        digits = other.sudo()._phone_last_digits()
        self.assertEqual(Feedback._survey_check_phone(other, "0000"), "wrong")
        self.assertEqual(Feedback._survey_check_phone(other, digits), "ok")
        # right answers are not counted: a guest checking on several devices is not locked
        for _attempt in range(PHONE_FAIL_LIMIT * 2):
            self.assertEqual(Feedback._survey_check_phone(other, digits), "ok")

    def test_full_width_digits(self):
        """Chinese keyboards may type full-width digits."""
        self._open_survey(self.meeting)
        self.assertEqual(
            self.env["meeting.feedback"]._survey_check_phone(self.guest, "５６７８"), "ok"
        )

    def test_counters_are_bounded(self):
        Attempt = self.env["meeting.feedback.attempt"].sudo()
        now = int(time.time())
        self.env.cr.execute(
            "INSERT INTO meeting_feedback_attempt (key_hash, window_start, count) "
            "VALUES ('old', %s, 3), ('recent', %s, 2)",
            (now - 3 * 86400, now - 3600),
        )
        Attempt._gc_old_attempts()
        self.assertEqual(
            Attempt.search([("key_hash", "in", ["old", "recent"])]).mapped("key_hash"),
            ["recent"],
        )
        # a lock counts the failures of the last 24 hours, not only the current bucket
        key = "survey-phone:test"
        self.env.cr.execute(
            "INSERT INTO meeting_feedback_attempt (key_hash, window_start, count) "
            "VALUES (%s, %s, 4)",
            (Attempt._hash_key(key), Attempt._bucket() - 6 * 3600),
        )
        self.assertEqual(Attempt._add(key, 24 * 3600), 5)
        self.assertEqual(Attempt._count(key, 3600), 1)


@tagged("post_install", "-at_install")
class TestSurveyCrowdHttp(HardeningHttp):
    def setUp(self):
        super().setUp()
        self._open_survey(self.meeting)

    def _proxy_headers(self, ip):
        return {"X-Forwarded-For": ip, "X-Forwarded-Host": urlparse(self.base_url()).netloc}

    def test_guests_on_one_ip_all_answer_over_http(self):
        """35 guests from one address check their phone and answer (the old walls were 20
        phone checks and 30 answers per address)."""
        guests = self.env["meeting.attendee"].create(
            [
                {
                    "meeting_id": self.meeting.id,
                    "name": f"Wi-Fi {index}",
                    "phone": f"1390000{index:04d}",
                }
                for index in range(35)
            ]
        )
        guests._ensure_feedback_token()
        for index, attendee in enumerate(guests):
            response = self._post(attendee, "/verify", {"phone_digits": f"{index:04d}"})
            self.assertEqual(response.status_code, 200, attendee.name)
            response = self._post(attendee, "/submit", self._form())
            self.assertEqual(response.status_code, 200, attendee.name)
            self.assertIn("Thank you for your feedback", response.text)
        self.assertEqual(set(guests.mapped("has_feedback")), {True})
        self.assertEqual(set(guests.feedback_ids.mapped("same_network_count")), {35})

    def test_six_wrong_tries_lock_from_any_ip(self):
        with patch.dict(config.options, {"proxy_mode": True}):
            for index in range(PHONE_FAIL_LIMIT):
                headers = self._proxy_headers(f"198.51.100.{index + 1}")
                response = self._post(
                    self.guest, "/verify", {"phone_digits": "0000"}, headers=headers
                )
                self.assertEqual(response.status_code, 403)
            headers = self._proxy_headers("198.51.100.99")
            response = self._post(self.guest, "/verify", {"phone_digits": "5678"}, headers=headers)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many attempts", response.text)
        # the locked link's page says so at once
        response = self.url_open(self._url(self.guest))
        self.assertEqual(response.status_code, 429)
        self.assertFalse(self.guest.has_feedback)

    def test_one_ip_hammering_locks_nobody_else(self):
        """One device burns the tries of the links it holds; the others still answer."""
        victims = self.attendees[2:4]
        for victim in victims:
            for _attempt in range(PHONE_FAIL_LIMIT + 1):
                self._post(victim, "/verify", {"phone_digits": "0000"})
            self.assertEqual(self.url_open(self._url(victim)).status_code, 429)
        # the same address: the guest's right digits pass and the answer is recorded
        response = self._post(self.guest, "/verify", {"phone_digits": "5678"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_meeting_feedback_form", response.text)
        response = self._post(self.guest, "/submit", self._form())
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.guest.has_feedback)

    def test_client_address_respects_proxy_mode(self):
        """X-Forwarded-For is ignored unless Odoo runs behind a proxy (proxy_mode)."""
        Feedback = self.env["meeting.feedback"]
        headers = self._proxy_headers("198.51.100.9")
        self._post(self.no_phone, "/submit", self._form(), headers=headers)
        self.assertEqual(
            self.no_phone.feedback_ids.sudo().ip_hash,
            Feedback._survey_network_hash(self.meeting, "127.0.0.1"),
        )
        other = self.attendees[4]
        other.phone = False
        with patch.dict(config.options, {"proxy_mode": True}):
            self._post(other, "/submit", self._form(), headers=headers)
        self.assertEqual(
            other.feedback_ids.sudo().ip_hash,
            Feedback._survey_network_hash(self.meeting, "198.51.100.9"),
        )


# ----------------------------------------------------------------------
# 2. Personal links reach their recipient only
# ----------------------------------------------------------------------
@tagged("post_install", "-at_install")
class TestPersonalLinksStayPrivate(HardeningHttp):
    READERS = ("t_director", "t_checkin")  # the initiator and the meeting's door staff

    def _assert_unreadable(self, login, secrets_, attendee_ids, message_ids):
        self.authenticate(login, login)
        # they do read the attendees, so their chatter is open to them
        readable = self._rpc("meeting.attendee", "search", [("id", "in", attendee_ids)])
        self.assertEqual(sorted(readable), sorted(attendee_ids), login)
        texts = []
        for attendee_id in attendee_ids:
            chatter = self.make_jsonrpc_request(
                "/mail/thread/messages",
                {"thread_model": "meeting.attendee", "thread_id": attendee_id},
            )
            texts.append(str(chatter))
        messages = self._rpc(
            "mail.message",
            "search_read",
            [("model", "=", "meeting.attendee"), ("res_id", "in", attendee_ids)],
            fields=["body", "subject", "attachment_ids"],
        )
        self.assertTrue(messages, "the chatter line about the invitation is there")
        self.assertFalse([m for m in messages if m["attachment_ids"]], login)
        texts.append(str(messages))
        texts.append(str(self._rpc("mail.message", "search_read", [], fields=["body"])))
        for message_id in message_ids:
            # refused, or readable (the user sent it) with the subject only
            with contextlib.suppress(JsonRpcException):
                texts.append(str(self._rpc("mail.message", "read", [message_id], ["body"])))
        with self.assertRaises(JsonRpcException):
            self._rpc("mail.mail", "search_read", [], fields=["body_html"])
        attachments = self._rpc(
            "ir.attachment",
            "search_read",
            [("res_model", "in", ["meeting.attendee", "mail.message", False])],
            fields=["name", "res_model"],
        )
        self.assertFalse([a for a in attachments if a["res_model"] == "meeting.attendee"])
        blob = "\n".join(texts)
        self.assertIn("sent to", blob)
        self.assertNotIn("data:image", blob, login)
        for secret in secrets_:
            self.assertNotIn(secret, blob, login)

    @mute_logger("odoo.http")
    def test_survey_links(self):
        self.authenticate("t_director", "t_director")
        self._rpc("meeting.meeting", "action_finish", [self.meeting.id])
        invited = self.attendees.sudo().filtered("email")
        tokens = invited.mapped("feedback_token")
        self.assertEqual(len(list(filter(None, tokens))), 6)
        mails = self.env["mail.mail"].search([("body_html", "like", "/meeting/feedback/")])
        self.assertEqual(len(mails), 6)
        self.assertTrue(all(t in "".join(mails.mapped("body_html")) for t in tokens))
        self.assertEqual(set(mails.mapped("auto_delete")), {True})
        for login in self.READERS:
            with self.subTest(login=login):
                self._assert_unreadable(login, tokens, invited.ids, mails.mail_message_id.ids)
        # once sent, nothing of them remains
        message_ids = mails.mail_message_id.ids
        # what the mail queue does once the SMTP server took them (no SMTP in tests)
        mails._postprocess_sent_message(success_pids=[], success_emails=mails.mapped("email_to"))
        self.assertFalse(self.env["mail.mail"].search([("id", "in", mails.ids)]))
        self.assertFalse(self.env["mail.message"].search([("id", "in", message_ids)]))

    @mute_logger("odoo.http")
    def test_checkin_invitation_qr_code(self):
        self.authenticate("t_coordinator", "t_coordinator")
        self._rpc("meeting.attendee", "action_send_invitation", self.attendees[:2].ids)
        tokens = self.attendees[:2].sudo().mapped("access_token")
        mails = self.env["mail.mail"].search(
            [("email_to", "in", self.attendees[:2].sudo().mapped("email"))]
        )
        self.assertEqual(len(mails), 2)
        self.assertIn("data:image/png;base64", mails[0].body_html, "the QR code is mailed")
        for login in self.READERS:
            with self.subTest(login=login):
                self._assert_unreadable(
                    login, tokens, self.attendees[:2].ids, mails.mail_message_id.ids
                )


# ----------------------------------------------------------------------
# 3. Forged answers
# ----------------------------------------------------------------------
@tagged("post_install", "-at_install")
class TestForgedAnswers(HardeningHttp):
    def setUp(self):
        super().setUp()
        self._open_survey(self.meeting)

    @mute_logger("odoo.http")
    def test_staff_cannot_forge_or_edit_answers(self):
        self.authenticate("t_coordinator", "t_coordinator")
        online = {"attendee_id": self.guest.id, "source": "online", **SCORES}
        attempts = [
            ("meeting.feedback", "create", [online], {}),
            (
                "meeting.feedback",
                "create",
                [online],
                {"context": {"meeting_feedback_demo": True}},
            ),
            (
                "meeting.meeting",
                "write",
                [[self.meeting.id], {"feedback_ids": [(0, 0, online)]}],
                {},
            ),
            (
                "meeting.attendee",
                "write",
                [[self.guest.id], {"feedback_ids": [(0, 0, online)]}],
                {},
            ),
            # trusted paths are not RPC methods
            ("meeting.meeting", "_demo_seed_feedback", [[self.meeting.id]], {}),
            ("meeting.feedback", "_survey_submit", [self.guest.id, SCORES, "", "1.2.3.4"], {}),
        ]
        for model, method, args, kwargs in attempts:
            with (
                self.subTest(model=model, method=method, kwargs=kwargs),
                self.assertRaises(JsonRpcException),
            ):
                self._rpc(model, method, *args, **kwargs)
        self.assertFalse(self.meeting.feedback_ids)
        # the director (initiator) neither
        self.authenticate("t_director", "t_director")
        with self.assertRaises(JsonRpcException):
            self._rpc("meeting.feedback", "create", [online])

        # a paper answer through the wizard: marked paper, names who typed it
        self.authenticate("t_coordinator", "t_coordinator")
        wizard_id = self._rpc(
            "meeting.feedback.paper.wizard",
            "create",
            [
                {
                    "meeting_id": self.meeting.id,
                    "attendee_id": self.guest.id,
                    **{key: "3" for key in SCORES},
                }
            ],
        )[0]
        self._rpc("meeting.feedback.paper.wizard", "action_record", [wizard_id])
        answer = self.guest.feedback_ids
        self.assertRecordValues(
            answer,
            [{"source": "paper", "submitted_by_id": self.user_coordinator.id, "score_overall": 3}],
        )
        # and immutable afterwards, flow fields first
        for vals in (
            {"score_overall": 5},
            {"source": "online"},
            {"submitted_by_id": False},
            {"attendee_id": self.no_phone.id},
            {"date_submitted": "2020-01-01 00:00:00"},
            {"ip_hash": "x"},
        ):
            with self.subTest(vals=vals), self.assertRaises(JsonRpcException):
                self._rpc("meeting.feedback", "write", [answer.id], vals)
        with self.assertRaises(JsonRpcException):
            self._rpc(
                "meeting.meeting",
                "write",
                [self.meeting.id],
                {"feedback_ids": [(1, answer.id, {"score_overall": 5})]},
            )
        answer.invalidate_recordset()
        self.assertRecordValues(
            answer,
            [
                {
                    "source": "paper",
                    "score_overall": 3,
                    "attendee_id": self.guest.id,
                    "submitted_by_id": self.user_coordinator.id,
                }
            ],
        )
        # a second paper answer for the same guest is refused
        wizard_id = self._rpc(
            "meeting.feedback.paper.wizard",
            "create",
            [
                {
                    "meeting_id": self.meeting.id,
                    "attendee_id": self.guest.id,
                    **{key: "5" for key in SCORES},
                }
            ],
        )[0]
        with self.assertRaises(JsonRpcException):
            self._rpc("meeting.feedback.paper.wizard", "action_record", [wizard_id])
        self.assertEqual(len(self.guest.feedback_ids), 1)

    @mute_logger("odoo.http")
    def test_paper_wizard_only_for_the_meetings_staff(self):
        """The door staff (no staff role on the survey) cannot type answers in."""
        self.authenticate("t_checkin", "t_checkin")
        with self.assertRaises(JsonRpcException):
            wizard_id = self._rpc(
                "meeting.feedback.paper.wizard",
                "create",
                [
                    {
                        "meeting_id": self.meeting.id,
                        "attendee_id": self.guest.id,
                        **{key: "5" for key in SCORES},
                    }
                ],
            )[0]
            self._rpc("meeting.feedback.paper.wizard", "action_record", [wizard_id])
        self.assertFalse(self.guest.feedback_ids)

    def test_online_answer_records_the_flow_fields(self):
        response = self._post(self.no_phone, "/submit", self._form(score_overall="5"))
        self.assertEqual(response.status_code, 200)
        self.assertRecordValues(
            self.no_phone.feedback_ids,
            [{"source": "online", "submitted_by_id": False, "score_overall": 5}],
        )
        self.assertTrue(self.no_phone.feedback_ids.sudo().ip_hash)


# ----------------------------------------------------------------------
# 4. Malformed input on the public routes
# ----------------------------------------------------------------------
@tagged("post_install", "-at_install")
class TestSurveyMalformedInput(HardeningHttp):
    def setUp(self):
        super().setUp()
        self._open_survey(self.meeting)

    def _assert_clean(self, response, status, text):
        self.assertEqual(response.status_code, status, response.text[:300])
        self.assertIn(text, response.text)
        self.assertNotIn("Traceback", response.text)

    def test_bad_tokens(self):
        page = self.url_open(self._url(self.no_phone))
        for token in (
            "nope",
            "x" * 65,
            "%00" * 20,
            "a" * 31 + "%00",
            "a" * 32 + "%0A",
            "令牌" * 10,
            "' OR 1=1 --xxxxxxxxxx",
        ):
            with self.subTest(token=token):
                self._assert_clean(self.url_open(f"/meeting/feedback/{token}"), 404, "not valid")
                for suffix in ("/verify", "/submit"):
                    response = self.url_open(
                        f"/meeting/feedback/{token}{suffix}",
                        data={"csrf_token": self._csrf(page), **self._form()},
                    )
                    self._assert_clean(response, 404, "not valid")
        # a path that is no survey route at all
        response = self.url_open("/meeting/feedback/a%2Fb/c/verify")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Traceback", response.text)

    def test_bad_phone_digits_are_not_counted(self):
        for data, files in (
            ({}, None),
            ({"phone_digits": "12"}, None),
            ({"phone_digits": "9" * 5000}, None),
            ({"phone_digits": "abcd"}, None),
            ({"phone_digits": "\x00\x00"}, None),
            ({}, {"phone_digits": ("digits.txt", b"5678")}),
        ):
            with self.subTest(data=str(data)[:40], files=bool(files)):
                response = self._post(self.guest, "/verify", data, files=files)
                self._assert_clean(response, 400, "last four digits")
        # none of that counted as a wrong answer: the right digits still pass
        self.assertFalse(self.env["meeting.feedback"]._survey_is_locked(self.guest))
        response = self._post(self.guest, "/verify", {"phone_digits": "5678"})
        self._assert_clean(response, 200, "o_meeting_feedback_form")

    def test_bad_answers_keep_what_was_typed(self):
        text = "素食不够\r\n下次请提前确认"
        for overrides, message in (
            ({"score_overall": "abc"}, "score from 1 to 5"),
            ({"score_overall": "0"}, "score from 1 to 5"),
            ({"score_overall": "6"}, "score from 1 to 5"),
            ({"score_overall": "4.5"}, "score from 1 to 5"),
            ({"score_overall": "-1"}, "score from 1 to 5"),
            ({"score_venue": None}, "score from 1 to 5"),
            ({"suggestions": "x" * (SUGGESTIONS_MAX_LENGTH + 1)}, "too long"),
        ):
            with self.subTest(overrides={k: (v or "")[:10] for k, v in overrides.items()}):
                form = self._form(suggestions=text, score_catering="2")
                form.update({k: v for k, v in overrides.items() if v is not None})
                if overrides.get("score_venue", "") is None:
                    form.pop("score_venue")
                response = self._post(self.no_phone, "/submit", form)
                self._assert_clean(response, 400, message)
                # the form comes back with the guest's text and choices
                if "suggestions" in overrides:
                    self.assertIn(overrides["suggestions"], response.text)
                else:
                    self.assertIn("下次请提前确认", response.text)
                self.assertRegex(response.text, r'value="2"[^>]*checked|checked[^>]*value="2"')
        # a score sent as a file, suggestions as a file
        for files in (
            {"score_overall": ("s.txt", b"5")},
            {"suggestions": ("s.txt", b"hello")},
        ):
            with self.subTest(files=list(files)):
                form = self._form()
                form.pop(next(iter(files)), None)
                response = self._post(self.no_phone, "/submit", form, files=files)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("Traceback", response.text)
        self.assertFalse(self.no_phone.has_feedback)
        # at the limit once the browser's CRLF line breaks count as one: recorded
        long_text = "好" * 40 + ("好" * 98 + "\r\n") * 40 + "\x00"
        self.assertGreater(len(long_text), SUGGESTIONS_MAX_LENGTH)
        response = self._post(self.no_phone, "/submit", self._form(suggestions=long_text))
        self._assert_clean(response, 200, "Thank you for your feedback")
        stored = self.no_phone.feedback_ids.suggestions
        self.assertNotIn("\x00", stored)
        self.assertNotIn("\r", stored)
        self.assertEqual(len(stored), SUGGESTIONS_MAX_LENGTH - 1)  # trailing newline stripped

    def test_repeated_fields_take_the_first_value(self):
        """A list where a string is expected: the form parser keeps the first value."""
        page = self.url_open(self._url(self.no_phone))
        form = [("csrf_token", self._csrf(page))]
        for key in SCORE_KEYS:
            form += [(f"score_{key}", "5"), (f"score_{key}", "1")]
        form += [("suggestions", "a"), ("suggestions", "b")]
        response = self.url_open(self._url(self.no_phone, "/submit"), data=form)
        self._assert_clean(response, 200, "Thank you for your feedback")
        self.assertRecordValues(
            self.no_phone.feedback_ids, [{"score_overall": 5, "suggestions": "a"}]
        )
