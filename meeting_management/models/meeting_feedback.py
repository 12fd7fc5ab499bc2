import unicodedata

from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

SCORE_FIELDS = ("score_overall", "score_agenda", "score_venue", "score_catering", "score_service")
ASPECT_FIELDS = ("score_agenda", "score_venue", "score_catering", "score_service")
SUGGESTIONS_MAX_LENGTH = 4000
# A survey link's phone check locks after this many wrong answers within the period,
# whatever the network they come from. No limit applies per IP address: a venue's guests
# share one public address, and a single guest must not be able to lock the others out.
PHONE_FAIL_LIMIT = 5
PHONE_LOCK_SECONDS = 24 * 3600


def normalize_digits(value):
    """The decimal digits of ``value`` as ASCII (full-width ``１２３４`` -> ``1234``)."""
    return "".join(str(unicodedata.decimal(ch)) for ch in value or "" if ch.isdecimal())


class MeetingFeedback(models.Model):
    """One attendee's answer to the post-meeting survey (online or recorded from paper).

    Nobody creates or edits an answer directly: online answers come from the public survey
    page (``_survey_submit``), paper answers from the paper wizard (``_record_paper_answer``);
    both are trusted code that checks who may do it and then creates the answer as superuser.
    Answers are immutable afterwards.
    """

    _name = "meeting.feedback"
    _description = "Meeting Feedback"
    _order = "meeting_id, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one(
        "meeting.meeting", required=True, readonly=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    attendee_id = fields.Many2one(
        "meeting.attendee", required=True, readonly=True, ondelete="cascade", index=True
    )
    score_overall = fields.Integer(string="Overall Satisfaction", aggregator="avg", readonly=True)
    score_agenda = fields.Integer(string="Agenda", aggregator="avg", readonly=True)
    score_venue = fields.Integer(string="Venue", aggregator="avg", readonly=True)
    score_catering = fields.Integer(string="Catering", aggregator="avg", readonly=True)
    score_service = fields.Integer(string="Service", aggregator="avg", readonly=True)
    suggestions = fields.Text(readonly=True)
    source = fields.Selection(
        [("online", "Online"), ("paper", "Paper")], default="online", required=True, readonly=True
    )
    attendee_name = fields.Char(related="attendee_id.name", string="Attendee Name")
    submitted_by_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        readonly=True,
        help="The staff member who recorded a paper answer (empty for online answers).",
    )
    date_submitted = fields.Datetime(
        string="Submitted On", readonly=True, default=fields.Datetime.now
    )
    ip_hash = fields.Char(
        string="Network Fingerprint",
        readonly=True,
        groups="base.group_system",
        help="Salted hash of the address an online answer came from (never the address).",
    )
    same_network_count = fields.Integer(
        string="Answers from This Network",
        compute="_compute_same_network_count",
        help="Online answers to this meeting sent from the same network address. A venue's "
        "Wi-Fi makes many guests share one address; many answers from one network long "
        "after the meeting may deserve a look.",
    )
    is_shared_network = fields.Boolean(
        string="Shared Network",
        compute="_compute_same_network_count",
        search="_search_is_shared_network",
    )

    _attendee_unique = models.Constraint(
        "unique(attendee_id)", "An attendee can only answer the survey once."
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_same_network_count(self):
        # sudo: the fingerprints are restricted to administrators; only counts leave here.
        feedbacks_sudo = self.sudo()
        counts = {
            (meeting.id, ip_hash): count
            for meeting, ip_hash, count in feedbacks_sudo._read_group(
                [
                    ("meeting_id", "in", self.meeting_id.ids),
                    ("ip_hash", "in", [h for h in feedbacks_sudo.mapped("ip_hash") if h]),
                ],
                ["meeting_id", "ip_hash"],
                ["__count"],
            )
        }
        for feedback, feedback_sudo in zip(self, feedbacks_sudo, strict=True):
            count = counts.get((feedback.meeting_id.id, feedback_sudo.ip_hash), 0)
            feedback.same_network_count = count
            feedback.is_shared_network = count > 1

    def _search_is_shared_network(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        self.env.cr.execute(
            SQL(
                """
                SELECT feedback.id
                  FROM meeting_feedback AS feedback
                  JOIN (SELECT meeting_id, ip_hash FROM meeting_feedback
                         WHERE ip_hash IS NOT NULL
                      GROUP BY meeting_id, ip_hash HAVING COUNT(*) > 1) AS shared
                    ON shared.meeting_id = feedback.meeting_id
                   AND shared.ip_hash = feedback.ip_hash
                """
            )
        )
        shared_ids = [row[0] for row in self.env.cr.fetchall()]
        wanted = set(value)
        if wanted == {True, False}:
            return Domain.TRUE if operator == "in" else Domain.FALSE
        positive = (operator == "in") == (True in wanted)
        return Domain("id", "in" if positive else "not in", shared_ids)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains(*SCORE_FIELDS)
    def _check_scores(self):
        for feedback in self:
            for fname in SCORE_FIELDS:
                if not 1 <= feedback[fname] <= 5:
                    raise ValidationError(
                        self.env._(
                            "%(field)s must be a score between 1 and 5.",
                            field=self._fields[fname].get_description(self.env)["string"],
                        )
                    )

    @api.constrains("meeting_id", "attendee_id")
    def _check_attendee_meeting(self):
        for feedback in self:
            if feedback.attendee_id.meeting_id != feedback.meeting_id:
                raise ValidationError(
                    self.env._(
                        "%(attendee)s is not an attendee of %(meeting)s.",
                        attendee=feedback.attendee_id.name,
                        meeting=feedback.meeting_id.display_name,
                    )
                )

    @api.constrains("source", "submitted_by_id")
    def _check_source(self):
        for feedback in self:
            if (feedback.source == "paper") != bool(feedback.submitted_by_id):
                raise ValidationError(
                    self.env._(
                        "A paper answer names the staff member who recorded it; an online "
                        "answer comes from the attendee."
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Survey answers are given by the attendee from their personal link, or "
                    "recorded from a paper questionnaire with “Record Paper Answer”."
                )
            )
        attendees = self.env["meeting.attendee"].browse(
            [vals["attendee_id"] for vals in vals_list if vals.get("attendee_id")]
        )
        for vals in vals_list:
            if vals.get("attendee_id") and not vals.get("meeting_id"):
                vals["meeting_id"] = attendees.browse(vals["attendee_id"]).meeting_id.id
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("Survey answers cannot be edited."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_manager(self):
        if not self.env.su and not self.env.user.has_group(
            "meeting_management.group_meeting_manager"
        ):
            raise AccessError(self.env._("Only a meeting administrator can delete survey answers."))

    # ------------------------------------------------------------------
    # Business methods: the two ways an answer is recorded
    # ------------------------------------------------------------------
    @api.model
    def _record_paper_answer(self, meeting, attendee, scores, suggestions=False):
        """Record a paper questionnaire typed in by the current user (staff of ``meeting``)."""
        meeting.check_access("read")
        meeting._check_feedback_open()
        meeting._check_can_record_feedback()
        if attendee.meeting_id != meeting:
            raise UserError(self.env._("Choose an attendee of this meeting."))
        if attendee.has_feedback:
            raise UserError(
                self.env._(
                    "%(name)s has already answered the survey; an answer cannot be changed.",
                    name=attendee.name,
                )
            )
        # sudo: users cannot create answers; the checks above made sure the current user is
        # staff of this open survey. The answer is marked as paper and names who typed it.
        return self.sudo().create(
            {
                **{fname: scores[fname] for fname in SCORE_FIELDS},
                "meeting_id": meeting.id,
                "attendee_id": attendee.id,
                "source": "paper",
                "submitted_by_id": self.env.uid,
                "suggestions": suggestions or False,
            }
        )

    @api.model
    def _survey_attendee(self, token):
        """The attendee of a public survey link, or an empty recordset if it is not open."""
        attendee = self.env["meeting.attendee"]._get_by_feedback_token(token)
        if not attendee or attendee.meeting_id.state != "review":
            return self.env["meeting.attendee"]
        return attendee

    @api.model
    def _survey_phone_key(self, attendee):
        return f"survey-phone:{attendee.id}"

    @api.model
    def _survey_is_locked(self, attendee):
        # sudo: the counters are technical rows, read by key only
        Attempt = self.env["meeting.feedback.attempt"].sudo()
        return Attempt._count(self._survey_phone_key(attendee), PHONE_LOCK_SECONDS) >= (
            PHONE_FAIL_LIMIT
        )

    @api.model
    def _survey_check_phone(self, attendee, digits):
        """Check the last four phone digits typed on a survey link: ``ok``, ``wrong``, ``locked``.

        Only wrong answers count, per link and whatever the network: after
        ``PHONE_FAIL_LIMIT`` wrong answers within ``PHONE_LOCK_SECONDS`` the link is locked.
        The attempt is counted before the comparison (one atomic statement) so that parallel
        guesses cannot slip through, and taken back when it is right.
        """
        expected = attendee._phone_last_digits()
        if not expected:
            return "ok"
        # sudo: the counters are technical rows, written by key only
        Attempt = self.env["meeting.feedback.attempt"].sudo()
        key = self._survey_phone_key(attendee)
        if Attempt._add(key, PHONE_LOCK_SECONDS) > PHONE_FAIL_LIMIT:
            Attempt._forgive(key)  # a locked link stays locked; don't prolong it
            return "locked"
        if normalize_digits(digits) == expected:
            Attempt._forgive(key)
            return "ok"
        return "wrong"

    @api.model
    def _survey_network_hash(self, meeting, remote_addr):
        # sudo: the counters' hash function is salted with the database secret
        return (
            self.env["meeting.feedback.attempt"]
            .sudo()
            ._hash_key(f"survey-ip:{meeting.id}:{remote_addr or 'unknown'}")
        )

    @api.model
    def _survey_submit(self, attendee, scores, suggestions, remote_addr):
        """Record the online answer of ``attendee`` (the public page checked the link and the
        phone). Return the answer, or an empty recordset when the attendee already answered.
        """
        if attendee.meeting_id.state != "review":
            raise UserError(self.env._("This survey is closed."))
        if attendee.has_feedback:
            return self.browse()
        try:
            with self.env.cr.savepoint():
                # sudo: public page; the secret link (and phone check) identified the
                # attendee, the answer is created once (unique attendee) and never updated.
                return self.sudo().create(
                    {
                        **{fname: scores[fname] for fname in SCORE_FIELDS},
                        "meeting_id": attendee.meeting_id.id,
                        "attendee_id": attendee.id,
                        "source": "online",
                        "suggestions": suggestions or False,
                        "ip_hash": self._survey_network_hash(attendee.meeting_id, remote_addr),
                    }
                )
        except IntegrityError:
            # a concurrent submission of the same link won the race
            attendee.invalidate_recordset(["has_feedback", "feedback_ids"])
            return self.browse()
