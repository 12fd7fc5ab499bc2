from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .meeting_incident import OPEN_STATES
from .meeting_meeting_kpi import ASPECTS

COMPLAINT_GRADES = [
    ("suggestion", "General Suggestion"),
    ("complaint", "General Complaint"),
    ("dispute", "Urgent Dispute"),
]
# a complaint's grade is its urgency: the response time of the type follows it
GRADE_URGENCY = {"suggestion": "low", "complaint": "medium", "dispute": "high"}
URGENCY_GRADE = {urgency: grade for grade, urgency in GRADE_URGENCY.items()}
REMEDIES = [
    ("compensation", "Compensation"),
    ("replacement", "Replacement Service"),
    ("apology", "Apology and Explanation"),
    ("other", "Other"),
]
COMPLAINT_ASPECTS = [*ASPECTS, ("other", "Other")]
# set by the workflow only (the plan, the escalation, the complainant's answer)
RESPONSE_FLOW_FIELDS = {"escalation_level", "remedy_acceptance"}
ESCALATION_BATCH_SIZE = 200


class MeetingIncident(models.Model):
    """The emergency plan on the incident desk: the type's plan shown to the handler, its
    first actions as a checklist, the escalation path, the timeline kept for the review, the
    risk of the register the incident materialises, and complaints (客诉响应)."""

    _inherit = "meeting.incident"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    risk_id = fields.Many2one(
        "meeting.risk",
        string="Risk",
        index=True,
        domain="[('meeting_id', '=', meeting_id)]",
        help="The risk of the meeting's register this incident materialises.",
    )
    checklist_ids = fields.One2many("meeting.incident.check", "incident_id", string="Checklist")
    event_ids = fields.One2many("meeting.incident.event", "incident_id", string="Timeline")
    checklist_done_count = fields.Integer(compute="_compute_checklist_progress")
    checklist_count = fields.Integer(compute="_compute_checklist_progress")
    escalation_level = fields.Integer(
        readonly=True,
        copy=False,
        help="How many steps of the escalation path have been told about the incident.",
    )
    # the plan of the type, as the handler reads it (related: computed as superuser)
    plan_severity_high = fields.Text(related="type_id.severity_high", string="High When")
    plan_severity_medium = fields.Text(related="type_id.severity_medium", string="Medium When")
    plan_severity_low = fields.Text(related="type_id.severity_low", string="Low When")
    plan_contact_user_ids = fields.Many2many(
        related="type_id.contact_user_ids", string="Internal Contacts"
    )
    plan_contact_group_ids = fields.Many2many(
        related="type_id.contact_group_ids", string="Internal Teams"
    )
    plan_contact_partner_ids = fields.Many2many(
        related="type_id.contact_partner_ids", string="External Contacts"
    )
    plan_escalation_ids = fields.One2many(
        related="type_id.escalation_ids", string="Escalation Path"
    )
    # complaints (客诉响应)
    is_complaint = fields.Boolean(related="type_id.is_complaint", store=True, index=True)
    complaint_grade = fields.Selection(
        COMPLAINT_GRADES,
        string="Grade",
        compute="_compute_complaint_grade",
        store=True,
        readonly=False,
        index=True,
        help="General suggestion, general complaint or urgent dispute: sets the response time "
        "and how far up the escalation path the complaint goes at once.",
    )
    complaint_aspect = fields.Selection(COMPLAINT_ASPECTS, string="About")
    complainant_name = fields.Char(string="Complainant")
    complainant_partner_id = fields.Many2one("res.partner", string="Complainant Contact")
    remedy = fields.Selection(REMEDIES, string="Remedy Offered")
    remedy_note = fields.Text(string="Remedy Details")
    remedy_acceptance = fields.Selection(
        [("accepted", "Accepted"), ("declined", "Declined")],
        string="Complainant's Answer",
        readonly=True,
        copy=False,
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("checklist_ids.done")
    def _compute_checklist_progress(self):
        for incident in self:
            incident.checklist_count = len(incident.checklist_ids)
            incident.checklist_done_count = len(incident.checklist_ids.filtered("done"))

    @api.depends("urgency", "is_complaint")
    def _compute_complaint_grade(self):
        for incident in self:
            incident.complaint_grade = (
                URGENCY_GRADE.get(incident.urgency) if incident.is_complaint else False
            )

    @api.constrains("risk_id", "meeting_id")
    def _check_risk_meeting(self):
        for incident in self:
            # sudo: only the ids are compared; the reporter may not read the register
            if incident.risk_id and incident.risk_id.sudo().meeting_id != incident.meeting_id:
                raise ValidationError(
                    self.env._("An incident can only materialise a risk of its own meeting.")
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                for fname in RESPONSE_FLOW_FIELDS:
                    vals.pop(fname, None)
            if vals.get("complaint_grade") in GRADE_URGENCY:
                vals["urgency"] = GRADE_URGENCY[vals["complaint_grade"]]
        incidents = super().create(vals_list)
        incidents._copy_plan_checklist()
        for incident in incidents:
            incident._log_event("reported", date=incident.date_reported, user=incident.reporter_id)
        incidents._escalate_on_report()
        incidents.filtered("risk_id").risk_id._on_incident_linked()
        return incidents

    def write(self, vals):
        if vals.get("complaint_grade") in GRADE_URGENCY:
            vals = {**vals, "urgency": GRADE_URGENCY[vals["complaint_grade"]]}
        res = super().write(vals)
        if "complaint_grade" in vals:
            self.filtered("is_complaint")._escalate_on_report()
        if vals.get("risk_id"):
            self.risk_id._on_incident_linked()
        if "type_id" in vals:
            for incident in self.filtered(lambda i: i.state == "reported"):
                # the plan follows the corrected type while nothing was ticked yet
                if not incident.checklist_ids.filtered("done"):
                    incident.checklist_ids.sudo().unlink()
                    incident._copy_plan_checklist()
        return res

    def _check_user_write(self, vals):
        if RESPONSE_FLOW_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "The escalation and the complainant's answer of an incident follow its "
                    "workflow: use the buttons of the incident."
                )
            )
        return super()._check_user_write(vals)

    # ------------------------------------------------------------------
    # Plan, checklist and timeline
    # ------------------------------------------------------------------
    def _copy_plan_checklist(self):
        """The first actions of the type's plan become the incident's checklist."""
        vals_list = [
            {
                "incident_id": incident.id,
                "step_id": step.id,
                "sequence": step.sequence,
                "name": step.name,
                "description": step.description or False,
            }
            for incident in self
            for step in incident.type_id.plan_step_ids
        ]
        if vals_list:
            # sudo: the plan's lines are copied by the system for whoever reported
            self.env["meeting.incident.check"].sudo().create(vals_list)

    def _log_event(self, kind, name=False, date=None, user=None, check=None):
        """Add a line to the incident's timeline (system record)."""
        self.ensure_one()
        # sudo: the timeline is written by the workflow only; users read it
        return (
            self.env["meeting.incident.event"]
            .sudo()
            .create(
                {
                    "incident_id": self.id,
                    "kind": kind,
                    "name": name or False,
                    "date": date or fields.Datetime.now(),
                    "user_id": (user.id if user is not None else self.env.uid) or False,
                    "check_id": check.id if check else False,
                }
            )
        )

    def _check_can_tick(self):
        """Who ticks the checklist: the handler (or their group), the executor, admins."""
        for incident in self:
            if incident.state == "closed":
                raise UserError(
                    self.env._(
                        "The incident %(name)s is closed: its checklist no longer changes.",
                        name=incident.name,
                    )
                )
            if not (incident.can_respond or incident.can_close):
                raise UserError(
                    self.env._(
                        "Only the handler of the incident %(name)s or the meeting's executor "
                        "may tick its emergency plan.",
                        name=incident.name,
                    )
                )

    def action_respond(self):
        res = super().action_respond()
        for incident in self:
            incident._log_event("responded")
        return res

    def action_need_external(self):
        res = super().action_need_external()
        for incident in self:
            incident._log_event("external")
        return res

    def action_resolve(self):
        for incident in self.filtered(
            lambda i: i.is_complaint and i.complaint_grade != "suggestion"
        ):
            if not incident.remedy or incident.remedy_acceptance not in ("accepted", "declined"):
                raise UserError(
                    self.env._(
                        "Offer a remedy for the complaint %(name)s and record whether the "
                        "complainant accepted it before resolving it.",
                        name=incident.name,
                    )
                )
        res = super().action_resolve()
        for incident in self:
            incident._log_event("resolved")
        return res

    def action_close(self):
        res = super().action_close()
        for incident in self:
            incident._log_event("closed")
        return res

    def _escalate_sla(self):
        """The timeline of each incident shows the escalation and who was told: one line per
        incident, all created in one call, in the language of the incident's note."""
        recipients = super()._escalate_sla()
        now = fields.Datetime.now()
        labels = {}
        vals_list = []
        for incident in self:
            users = recipients.get(incident.id) or self.env["res.users"]
            lang = users[:1].lang or self.env.lang or "en_US"
            if lang not in labels:
                labels[lang] = self.with_context(lang=lang).env._("Response time exceeded")
            names = ", ".join(users.mapped("name"))
            vals_list.append(
                {
                    "incident_id": incident.id,
                    "kind": "escalated",
                    "name": f"{labels[lang]}: {names}" if names else labels[lang],
                    "date": now,
                    "user_id": self.env.uid,
                }
            )
        # sudo: the timeline is written by the workflow only; users read it
        self.env["meeting.incident.event"].sudo().create(vals_list)
        return recipients

    # ------------------------------------------------------------------
    # Complaints
    # ------------------------------------------------------------------
    def _record_remedy_answer(self, answer):
        self._check_can_handle()
        self._check_state(OPEN_STATES, self.env._("answered"))
        labels = dict(self._fields["remedy_acceptance"]._description_selection(self.env))
        for incident in self:
            if not incident.is_complaint or not incident.remedy:
                raise UserError(
                    self.env._(
                        "Record the remedy offered for the complaint %(name)s first.",
                        name=incident.name,
                    )
                )
            incident._write_workflow({"remedy_acceptance": answer})
            remedies = dict(self._fields["remedy"]._description_selection(self.env))
            incident._log_event(
                "remedy", name=f"{remedies.get(incident.remedy)}: {labels.get(answer)}"
            )
        return True

    def action_remedy_accepted(self):
        return self._record_remedy_answer("accepted")

    def action_remedy_declined(self):
        return self._record_remedy_answer("declined")

    def _escalate_on_report(self):
        """Steps of the escalation path due at once (0 minutes) are told when the incident is
        reported; a complaint goes up the path as far as its grade says: a general complaint
        to the first step, an urgent dispute to every step."""
        grades = dict(self._fields["complaint_grade"]._description_selection(self.env))
        for incident in self:
            steps = incident.type_id.escalation_ids
            immediate = sum(1 for step in steps if step.after_minutes <= 0)
            graded = (
                {"complaint": 1, "dispute": len(steps)}.get(incident.complaint_grade, 0)
                if incident.is_complaint
                else 0
            )
            level = max(immediate, graded)
            if level > incident.escalation_level:
                incident._notify_escalation(
                    steps[incident.escalation_level : level],
                    reason=self.env._(
                        "graded %(grade)s", grade=grades.get(incident.complaint_grade)
                    )
                    if graded > immediate
                    else self.env._("reported just now"),
                )

    # ------------------------------------------------------------------
    # Escalation path
    # ------------------------------------------------------------------
    def _notify_escalation(self, steps, reason=None):
        """Tell the people of ``steps`` (an escalation path slice) about the incident, because
        of ``reason`` (by default: still unresolved after the step's time)."""
        self.ensure_one()
        if not steps:
            return
        for step in steps:
            partners = step._get_partners(self)
            body = self._escalation_text(step, reason=reason)
            # sudo: the escalation is the plan's, whoever's action or cron triggered it
            self.sudo().message_post(
                body=body,
                partner_ids=partners.ids,
                message_type="notification",
                subtype_xmlid="mail.mt_comment",
            )
            self._log_event(
                "escalated",
                name=", ".join(partners.mapped("name"))
                or dict(step._fields["target"]._description_selection(self.env)).get(step.target),
            )
        self._write_workflow({"escalation_level": self.escalation_level + len(steps)})

    def _escalation_text(self, step, reason=None):
        """The escalation line of this incident for ``step``, in the language of the
        environment (Markup)."""
        body = Markup("<p>%s</p>") % self.env._(
            "Escalation: the incident %(name)s (%(type)s, %(meeting)s) needs you: %(reason)s.",
            name=self.name,
            type=self.type_id.name,
            meeting=self.meeting_id.display_name,
            reason=reason
            or self.env._("not resolved after %(minutes)s min", minutes=step.after_minutes),
        )
        if step.note:
            body += Markup("<p>%s</p>") % step.note
        return body

    @api.model
    def _cron_escalate_plan(self, batch_size=ESCALATION_BATCH_SIZE):
        """Walk the escalation path of open incidents whose next step is due.

        Each batch is claimed in one statement: the open incidents that reached more steps of
        their type's path than they were told about, locked with SKIP LOCKED (a second worker
        takes others) and moved to the level they reached in the same UPDATE, so a step is
        told once. The batch is then told in bulk (see ``_escalate_path``): its queries do not
        grow with its incidents.
        """

        def claim(now):
            reached = SQL(
                """(SELECT count(*) FROM meeting_incident_escalation step
                     WHERE step.type_id = c.type_id
                       AND step.after_minutes
                           <= EXTRACT(EPOCH FROM (%s - c.date_reported)) / 60)""",
                now,
            )
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE meeting_incident AS i
                       SET escalation_level = due.reached
                      FROM (SELECT c.id, coalesce(c.escalation_level, 0) AS old_level,
                                   %(reached)s AS reached
                              FROM meeting_incident c
                             WHERE c.state IN %(open)s
                               AND c.date_reported IS NOT NULL
                               AND %(reached)s > coalesce(c.escalation_level, 0)
                             ORDER BY c.date_reported, c.id
                             LIMIT %(limit)s
                               FOR UPDATE OF c SKIP LOCKED) AS due
                     WHERE i.id = due.id
                 RETURNING i.id, due.old_level, due.reached
                    """,
                    reached=reached,
                    open=OPEN_STATES,
                    limit=batch_size,
                )
            )
            return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

        def escalate(incidents, levels):
            incidents.invalidate_recordset(["escalation_level"])
            incidents._escalate_path(levels)

        return self._run_claimed_batches(claim, escalate, batch_size)

    def _escalate_path(self, levels):
        """Tell the people of the steps each incident reached (``levels``: {id: (told,
        reached)}), in bulk: a chatter line per step told, in one insert; a timeline line
        per step, in one create; ONE digest per person for the whole batch, in their
        language, listing their incidents (messages, notifications and e-mails created in
        one call each)."""
        self.fetch(["name", "type_id", "meeting_id", "handler_id", "company_id"])
        self.type_id.escalation_ids.fetch(
            ["after_minutes", "target", "user_id", "partner_id", "type_id"]
        )
        administrators = self.env.ref("meeting_management.group_meeting_manager").user_ids
        told = []  # (incident, step, partners)
        for incident in self:
            old, reached = levels[incident.id]
            for step in incident.type_id.escalation_ids[old:reached]:
                told.append((incident, step, step._get_partners(incident, administrators)))
        if not told:
            return
        partners = self.env["res.partner"].union(*(p for _i, _s, p in told))
        partners.fetch(["name", "lang", "user_ids"])
        targets = dict(
            self.env["meeting.incident.escalation"]
            ._fields["target"]
            ._description_selection(self.env)
        )
        # the chatter of each incident: one line per step told, naming who was told
        # sudo: system lines of the escalation on incidents the cron reads as superuser
        self.sudo()._message_create(
            [
                {
                    "model": self._name,
                    "res_id": incident.id,
                    "message_type": "notification",
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                    "is_internal": True,
                    "body": incident._escalation_text(step),
                    "partner_ids": step_partners.ids,
                    "author_id": self.env.user.partner_id.id,
                    "email_from": self.env.user.email_formatted,
                    "reply_to": self.env.user.email_formatted,
                    "record_alias_domain_id": False,
                    "record_company_id": False,
                    "email_add_signature": False,
                }
                for incident, step, step_partners in told
            ]
        )
        now = fields.Datetime.now()
        # sudo: the timeline is written by the workflow only; users read it
        self.env["meeting.incident.event"].sudo().create(
            [
                {
                    "incident_id": incident.id,
                    "kind": "escalated",
                    "name": ", ".join(step_partners.mapped("name")) or targets.get(step.target),
                    "date": now,
                    "user_id": self.env.uid,
                }
                for incident, step, step_partners in told
            ]
        )
        # one digest per person, in their language
        by_partner = defaultdict(list)
        for incident, step, step_partners in told:
            for partner in step_partners:
                by_partner[partner].append((incident, step))
        base_url = self[:1].get_base_url()
        digests = []
        for partner, items in by_partner.items():
            user = partner.user_ids.filtered(lambda u: not u.share)[:1] or partner.user_ids[:1]
            lang = (user or partner).lang or "en_US"
            reader = self.with_context(lang=lang)
            body = Markup("").join(
                incident.with_env(reader.env)._escalation_text(step.with_env(reader.env))
                + Markup('<p><a href="%s/odoo/meeting.incident/%s">%s</a></p>')
                % (base_url, incident.id, incident.name)
                for incident, step in items
            )
            names = list(dict.fromkeys(incident.name for incident, _step in items))
            subject = ", ".join(names[:3]) + (f" (+{len(names) - 3})" if len(names) > 3 else "")
            digests.append((partner, user, subject, body, items[0][0]))
        self._send_digests(digests)
        self.meeting_id._notify_onsite_update("incident")
