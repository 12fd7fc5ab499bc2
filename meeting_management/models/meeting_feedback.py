from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

SCORE_FIELDS = ("score_overall", "score_agenda", "score_venue", "score_catering", "score_service")
ASPECT_FIELDS = ("score_agenda", "score_venue", "score_catering", "score_service")


class MeetingFeedback(models.Model):
    """One attendee's answer to the post-meeting survey (online or recorded from paper).

    Answers are immutable: staff may record paper answers (wizard) but never edit an answer.
    """

    _name = "meeting.feedback"
    _description = "Meeting Feedback"
    _order = "meeting_id, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    attendee_id = fields.Many2one("meeting.attendee", required=True, ondelete="cascade", index=True)
    score_overall = fields.Integer(string="Overall Satisfaction", aggregator="avg")
    score_agenda = fields.Integer(string="Agenda", aggregator="avg")
    score_venue = fields.Integer(string="Venue", aggregator="avg")
    score_catering = fields.Integer(string="Catering", aggregator="avg")
    score_service = fields.Integer(string="Service", aggregator="avg")
    suggestions = fields.Text()
    source = fields.Selection(
        [("online", "Online"), ("paper", "Paper")], default="online", required=True
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

    _attendee_unique = models.Constraint(
        "unique(attendee_id)", "An attendee can only answer the survey once."
    )

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

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        attendees = self.env["meeting.attendee"].browse(
            [vals["attendee_id"] for vals in vals_list if vals.get("attendee_id")]
        )
        for vals in vals_list:
            if vals.get("attendee_id") and not vals.get("meeting_id"):
                vals["meeting_id"] = attendees.browse(vals["attendee_id"]).meeting_id.id
        meetings = self.env["meeting.meeting"].browse(
            {vals["meeting_id"] for vals in vals_list if vals.get("meeting_id")}
        )
        if not (self.env.su and self.env.context.get("meeting_feedback_demo")):
            meetings._check_feedback_open()
        if not self.env.su:
            meetings._check_can_record_feedback()
            for vals in vals_list:
                vals["submitted_by_id"] = self.env.uid
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
