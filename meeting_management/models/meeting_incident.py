from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime
from odoo.tools.mail import generate_tracking_message_id

from odoo.addons.mail.tools.discuss import Store

from .mail_render_batch import render_body_once

OPEN_STATES = ("reported", "in_progress", "external")
SLA_BATCH_SIZE = 200
# fields owned by the workflow: set by the routing, the action methods and the SLA cron only
WORKFLOW_FIELDS = {
    "meeting_id",
    "state",
    "reporter_id",
    "handler_id",
    "handler_group_id",
    "date_reported",
    "date_responded",
    "date_resolved",
    "date_closed",
    "sla_deadline",
    "sla_escalated_at",
    "responded_in_sla",
    "response_minutes",
    "resolution_minutes",
}
# the basis of the routing and of the response deadline: set by the reporter (or corrected by
# the executor) before anybody responded, never by the handler whose clock is running
SLA_BASIS_FIELDS = {"type_id", "urgency"}


class MeetingIncident(models.Model):
    _name = "meeting.incident"
    _description = "Meeting Incident"
    _inherit = ["mail.thread", "mail.activity.mixin", "meeting.line.mixin"]
    _order = "date_reported desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    name = fields.Char(string="Summary", required=True)
    type_id = fields.Many2one(
        "meeting.incident.type", string="Type", required=True, tracking=True, index=True
    )
    description = fields.Text()
    impact = fields.Text(string="Scope of Impact")
    urgency = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        default="medium",
        required=True,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("reported", "Reported"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("external", "Needs External Support"),
            ("closed", "Closed"),
        ],
        default="reported",
        required=True,
        index=True,
        tracking=True,
    )
    reporter_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    handler_id = fields.Many2one("res.users", string="Handler", index=True, tracking=True)
    handler_group_id = fields.Many2one(
        "res.groups",
        string="Handler Group",
        index=True,
        help="Every member of this group may handle the incident.",
    )
    executor_id = fields.Many2one(related="meeting_id.executor_id", string="Executor")
    date_reported = fields.Datetime(default=fields.Datetime.now, required=True)
    date_responded = fields.Datetime(copy=False, readonly=True)
    date_resolved = fields.Datetime(copy=False, readonly=True)
    date_closed = fields.Datetime(copy=False, readonly=True)
    sla_deadline = fields.Datetime(
        string="Response Due",
        compute="_compute_sla_deadline",
        store=True,
        readonly=True,
        index=True,
    )
    sla_escalated_at = fields.Datetime(
        string="Escalated On",
        copy=False,
        readonly=True,
        help="Set by the SLA check when the response was late: the escalation is sent once.",
    )
    responded_in_sla = fields.Boolean(
        string="Responded in Time", compute="_compute_response_figures", store=True
    )
    response_minutes = fields.Float(
        string="Response Time (min)", compute="_compute_response_figures", store=True
    )
    resolution_minutes = fields.Float(
        string="Resolution Time (min)", compute="_compute_response_figures", store=True
    )
    is_sla_breached = fields.Boolean(
        string="SLA Breached", compute="_compute_is_sla_breached", search="_search_is_sla_breached"
    )
    cause = fields.Text()
    resolution = fields.Text()
    evidence_ids = fields.Many2many(
        "ir.attachment",
        "meeting_incident_evidence_rel",
        "incident_id",
        "attachment_id",
        string="Photos and Evidence",
    )
    can_respond = fields.Boolean(compute="_compute_can")
    can_close = fields.Boolean(compute="_compute_can")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("date_reported", "type_id", "urgency")
    def _compute_sla_deadline(self):
        for incident in self:
            if incident.date_reported and incident.type_id:
                minutes = incident.type_id._get_response_minutes(incident.urgency)
                incident.sla_deadline = incident.date_reported + timedelta(minutes=minutes)
            else:
                incident.sla_deadline = False

    @api.depends("date_reported", "date_responded", "date_resolved", "sla_deadline")
    def _compute_response_figures(self):
        for incident in self:
            responded = incident.date_responded
            incident.responded_in_sla = bool(
                responded and incident.sla_deadline and responded <= incident.sla_deadline
            )
            incident.response_minutes = (
                (responded - incident.date_reported).total_seconds() / 60 if responded else 0.0
            )
            incident.resolution_minutes = (
                (incident.date_resolved - incident.date_reported).total_seconds() / 60
                if incident.date_resolved
                else 0.0
            )

    def _compute_is_sla_breached(self):
        now = fields.Datetime.now()
        for incident in self:
            deadline = incident.sla_deadline
            incident.is_sla_breached = bool(
                deadline and (incident.date_responded or now) > deadline
            )

    def _search_is_sla_breached(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the SLA breach."))
        breached = [
            "|",
            "&",
            ("date_responded", "=", False),
            ("sla_deadline", "<", fields.Datetime.now()),
            "&",
            ("date_responded", "!=", False),
            ("responded_in_sla", "=", False),
        ]
        if (operator == "=") == value:
            return breached
        return ["!", *breached]

    @api.depends_context("uid")
    @api.depends("handler_id", "handler_group_id", "meeting_id.executor_id")
    def _compute_can(self):
        user = self.env.user
        is_manager = self.env["meeting.meeting"]._is_meeting_admin()
        for incident in self:
            incident.can_respond = is_manager or incident._is_handler(user)
            incident.can_close = is_manager or incident.meeting_id.executor_id == user

    def _is_handler(self, user):
        self.ensure_one()
        return self.handler_id == user or (
            self.handler_group_id and self.handler_group_id in user.all_group_ids
        )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # never trust reporter-chosen routing, status or timestamps: they belong to the type
            # and to the workflow (data files and trusted code run as superuser keep them); the
            # reporter is the current user and the report is dated now
            for vals in vals_list:
                for fname in WORKFLOW_FIELDS - {"meeting_id"}:
                    vals.pop(fname, None)
        incidents = super().create(vals_list)
        incidents._route()
        incidents.meeting_id._notify_onsite_update("incident")
        return incidents

    def write(self, vals):
        if not self.env.su:
            self._check_user_write(vals)
        res = super().write(vals)
        if "type_id" in vals and not {"handler_id", "handler_group_id"} & set(vals):
            self.filtered(lambda i: i.state == "reported")._reroute()
        if {"state", "name", "urgency", "handler_id", "type_id"} & set(vals):
            self.meeting_id._notify_onsite_update("incident")
        return res

    def _check_user_write(self, vals):
        """What a user (not the workflow) may change: never the status, the routing or the
        timestamps; the type and urgency only as the reporter or the executor, before the
        response."""
        if WORKFLOW_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "The status, handler and times of an incident follow its workflow: use the "
                    "buttons of the incident."
                )
            )
        if SLA_BASIS_FIELDS & set(vals):
            user = self.env.user
            for incident in self:
                if incident.state != "reported" or not (
                    incident.reporter_id == user or incident.can_close
                ):
                    raise UserError(
                        self.env._(
                            "The type and urgency of the incident %(name)s can only be corrected "
                            "by its reporter or the meeting's executor, before anybody responded.",
                            name=incident.name,
                        )
                    )

    def _write_workflow(self, vals):
        """Write workflow fields; callers have checked who may do it and from which state."""
        # sudo: the workflow fields are refused to users in write(); the action methods call
        # this after their _check_can_* and _check_state guards
        return self.sudo().write(vals)

    # ------------------------------------------------------------------
    # Routing and activities
    # ------------------------------------------------------------------
    def _route(self):
        """Assign each new incident to its type's handler and tell them at once.

        The handler is the type's default handler, or else the least loaded member of the
        type's handler group (every member of that group may then handle it). A type with
        neither, or whose group has no member, routes to the meeting's executor (the initiator
        when there is none), and the incident says so. Another type's handler never gets it.
        """
        for incident in self:
            if not incident.handler_id and not incident.handler_group_id:
                incident._assign_handler()
            partners = incident.handler_id.partner_id | incident.meeting_id.executor_id.partner_id
            if partners:
                # sudo: subscribing other people (handler, executor) needs more than the
                # reporter's rights; the partners come from the routing above.
                incident.sudo().message_subscribe(partner_ids=partners.ids)
            incident._update_activities()

    def _assign_handler(self):
        self.ensure_one()
        itype = self.type_id
        handler = itype._get_handler()
        group = (
            itype.handler_group_id if not itype.handler_user_id else itype.handler_group_id.browse()
        )
        if not handler:
            meeting = self.meeting_id
            handler = meeting.executor_id or meeting.initiator_id
            # sudo: a system note on the incident, whoever reported it
            self.sudo().message_post(
                body=self.env._(
                    "No handler is configured or available for the incident type %(type)s: the "
                    "incident was routed to %(user)s, who runs the meeting.",
                    type=itype.name,
                    user=handler.name or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
        # routing is system logic and the values come from the type configuration
        self._write_workflow({"handler_id": handler.id, "handler_group_id": group.id})

    def _reroute(self):
        """The type changed before anybody responded: route again from the new type."""
        # sudo: the previous handler's pending activity goes away with the routing
        self.sudo().activity_unlink(["meeting_management.mail_activity_incident_respond"])
        self._write_workflow({"handler_id": False, "handler_group_id": False})
        self._route()

    def _schedule_activity_once(self, activity_xmlid, **kwargs):
        """Schedule an activity of that type unless the incident already has one."""
        self.ensure_one()
        activity_type = self.env.ref(activity_xmlid)
        if not self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
            self.activity_schedule(activity_xmlid, **kwargs)

    def _update_activities(self):
        """The one place that owns the incident activities."""
        for incident in self:
            # sudo: activities are scheduled for other users (handler, executor) than the
            # current one, which a reporter is not allowed to do on their own.
            incident_su = incident.sudo()
            if incident.state == "reported":
                user = incident.handler_id or incident.meeting_id.executor_id
                if user:
                    incident_su._schedule_activity_once(
                        "meeting_management.mail_activity_incident_respond",
                        date_deadline=fields.Date.context_today(incident),
                        summary=self.env._(
                            "Respond by %(deadline)s",
                            # in the handler's time zone and language, to the minute
                            deadline=format_datetime(
                                self.env,
                                incident.sla_deadline,
                                tz=user.tz or "UTC",
                                dt_format="short",
                                lang_code=user.lang,
                            ),
                        ),
                        note=incident.description or "",
                        user_id=user.id,
                    )
            else:
                incident_su.activity_feedback(["meeting_management.mail_activity_incident_respond"])
            if incident.state in ("resolved", "external") and incident.meeting_id.executor_id:
                incident_su._schedule_activity_once(
                    "meeting_management.mail_activity_incident_close",
                    date_deadline=fields.Date.context_today(incident),
                    user_id=incident.meeting_id.executor_id.id,
                )
            elif incident.state == "closed":
                incident_su.activity_feedback(["meeting_management.mail_activity_incident_close"])

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_can_handle(self):
        for incident in self:
            if not incident.can_respond:
                raise UserError(
                    self.env._(
                        "Only the handler of the incident %(name)s may do this.",
                        name=incident.name,
                    )
                )

    def _check_state(self, allowed, action_name):
        for incident in self:
            if incident.state not in allowed:
                raise UserError(
                    self.env._(
                        "The incident %(name)s cannot be %(action)s in its current state.",
                        name=incident.name,
                        action=action_name,
                    )
                )

    def action_respond(self):
        self._check_can_handle()
        self._check_state(("reported",), self.env._("taken in charge"))
        now = fields.Datetime.now()
        for incident in self:
            vals = {"state": "in_progress", "date_responded": now}
            if not incident.handler_id:
                vals["handler_id"] = self.env.uid
            incident._write_workflow(vals)
        self._update_activities()
        return True

    def action_need_external(self):
        self._check_can_handle()
        self._check_state(("reported", "in_progress"), self.env._("escalated to external support"))
        now = fields.Datetime.now()
        for incident in self:
            vals = {"state": "external"}
            if not incident.date_responded:
                vals["date_responded"] = now
            incident._write_workflow(vals)
        self._update_activities()
        return True

    def action_resolve(self):
        self._check_can_handle()
        self._check_state(("reported", "in_progress", "external"), self.env._("resolved"))
        evidence_counts = self._evidence_counts()
        for incident in self:
            if not (incident.resolution or "").strip():
                raise UserError(
                    self.env._(
                        "Describe the resolution of the incident %(name)s before resolving it.",
                        name=incident.name,
                    )
                )
            if not evidence_counts.get(incident.id):
                raise UserError(
                    self.env._(
                        "Attach at least one photo or document as evidence before resolving "
                        "the incident %(name)s.",
                        name=incident.name,
                    )
                )
        now = fields.Datetime.now()
        for incident in self:
            vals = {"state": "resolved", "date_resolved": now}
            if not incident.date_responded:
                vals["date_responded"] = now
            incident._write_workflow(vals)
        self._update_activities()
        return True

    def action_close(self):
        for incident in self:
            if not incident.can_close:
                raise UserError(
                    self.env._(
                        "Only the executor of the meeting may close the incident %(name)s.",
                        name=incident.name,
                    )
                )
        self._check_state(("resolved", "external"), self.env._("closed"))
        self._write_workflow({"state": "closed", "date_closed": fields.Datetime.now()})
        self._update_activities()
        return True

    def _evidence_counts(self):
        """Number of evidence files per incident (evidence field or chatter attachments)."""
        counts = {incident.id: len(incident.evidence_ids) for incident in self}
        # sudo: counting attachments of incidents the user can already read
        groups = (
            self.env["ir.attachment"]
            .sudo()
            ._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for res_id, count in groups:
            counts[res_id] = counts.get(res_id, 0) + count
        return counts

    # ------------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------------
    @api.model
    def _run_claimed_batches(self, claim, escalate, batch_size):
        """The loop of the escalation crons: ``claim(now)`` claims the next batch in SQL (at
        most ``batch_size`` rows locked with SKIP LOCKED and marked in the same UPDATE) and
        returns its rows {incident id: value}; ``escalate(incidents, rows)`` tells the people
        of that batch in bulk. Run as a cron, each batch is committed with its progress and
        the job stops when its time is up (the scheduler calls it again for the rest).
        Returns how many incidents were escalated."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        total = 0
        while True:
            self.env.flush_all()
            rows = claim(fields.Datetime.now())
            if not rows:
                break
            escalate(self.browse(sorted(rows)), rows)
            total += len(rows)
            if in_cron:
                self.env.flush_all()
                if self.env["ir.cron"]._commit_progress(len(rows)) <= 0:
                    break
            if len(rows) < batch_size:
                break
        return total

    @api.model
    def _cron_escalate_sla(self, batch_size=SLA_BATCH_SIZE):
        """Escalate incidents not responded to in time, once per breach.

        Each batch is claimed with a conditional UPDATE on rows locked with SKIP LOCKED, so
        several workers never escalate the same incident twice; the batch is then escalated
        in bulk (see ``_escalate_sla``): its cost in queries does not grow with the number of
        incidents in it.
        """

        def claim(now):
            self.env.cr.execute(
                """
                UPDATE meeting_incident SET sla_escalated_at = %(now)s
                 WHERE id IN (
                       SELECT id FROM meeting_incident
                        WHERE state = 'reported'
                          AND date_responded IS NULL
                          AND sla_escalated_at IS NULL
                          AND sla_deadline < %(now)s
                        ORDER BY sla_deadline, id
                        LIMIT %(limit)s
                          FOR UPDATE SKIP LOCKED)
                RETURNING id
                """,
                {"now": now, "limit": batch_size},
            )
            return {row[0]: True for row in self.env.cr.fetchall()}

        def escalate(incidents, _rows):
            incidents.invalidate_recordset(["sla_escalated_at"])
            incidents._escalate_sla()

        return self._run_claimed_batches(claim, escalate, batch_size)

    def _sla_recipients(self):
        """{incident id: users told that its response is late}: the handler's manager (HR
        parent, in the incident's company first) and the meeting's executor, else the
        handler. Read for the whole batch at once."""
        self.fetch(["handler_id", "meeting_id", "company_id"])
        self.meeting_id.fetch(["executor_id"])
        # sudo: the escalation reads the HR hierarchy above the handlers; only the managers'
        # users are kept
        employees = self.env["hr.employee"].sudo().search([("user_id", "in", self.handler_id.ids)])
        employees.fetch(["user_id", "company_id", "parent_id"])
        employees.parent_id.fetch(["user_id"])
        managers = {}
        for employee in employees:
            by_company = managers.setdefault(employee.user_id.id, {})
            by_company.setdefault(employee.company_id.id, employee.parent_id.user_id.id)
            by_company.setdefault(None, employee.parent_id.user_id.id)
        Users = self.env["res.users"]
        recipients = {}
        for incident in self:
            by_company = managers.get(incident.handler_id.id, {})
            manager_id = by_company.get(incident.company_id.id, by_company.get(None))
            users = Users.browse(manager_id or ()) | incident.meeting_id.executor_id
            recipients[incident.id] = users or incident.handler_id
        return recipients

    def _escalate_sla(self):
        """Tell the handler's manager and the executor that the response is late.

        In bulk, whatever the number of incidents: the breach text of the template is
        rendered once per language and time zone of the recipients for all the incidents they
        are told about; each incident gets a note in its chatter (one batch insert); each
        person gets ONE digest listing their late incidents of the batch (messages,
        notifications and e-mails created in one call each).

        :return: {incident id: users told}
        """
        recipients = self._sla_recipients()
        all_users = self.env["res.users"].union(*recipients.values())
        all_users.fetch(["lang", "tz", "partner_id", "notification_type"])
        by_user = defaultdict(lambda: self.browse())
        for incident in self:
            for user in recipients[incident.id]:
                by_user[user] |= incident
        # one render per (language, time zone): the template's texts for every incident a
        # recipient of that group is told about
        template = self.env.ref("meeting_management.mail_template_incident_sla_breach")
        texts = {}
        for key, users in all_users.grouped(lambda u: (u.lang or "en_US", u.tz or "UTC")).items():
            incidents = self.browse().union(*(by_user[user] for user in users))
            texts[key] = incidents._render_sla_breach(template.with_context(lang=key[0], tz=key[1]))

        def user_key(user):
            return (user.lang or "en_US", user.tz or "UTC")

        # the note on each incident, in the language of its first recipient (the executor's
        # when the handler has no manager)
        self._message_log_batch(
            bodies={
                incident.id: texts[user_key(recipients[incident.id][:1])][1][incident.id]
                for incident in self
                if recipients[incident.id]
            }
        )
        self._send_sla_digests(by_user, texts, user_key)
        self.meeting_id._notify_onsite_update("incident")
        return recipients

    def _render_sla_breach(self, template):
        """({id: subject}, {id: body}) of the breach ``template`` (in its context's language
        and time zone) for the incidents of ``self``; the body compiled once for all."""
        # sudo: the breach text is a template of the module, rendered by the escalation
        template = template.sudo()
        return template._render_field("subject", self.ids), render_body_once(template, self)

    def _send_sla_digests(self, by_user, texts, user_key):
        """One digest per person listing their late incidents of the batch."""
        base_url = self[:1].get_base_url()
        digests = []
        for user, incidents in by_user.items():
            subjects, bodies = texts[user_key(user)]
            if len(incidents) == 1:
                subject = subjects[incidents.id]
            else:
                label = self.with_context(lang=user.lang or "en_US").env._("Response time exceeded")
                subject = f"{label} ({len(incidents)})"
            body = Markup("").join(
                Markup('%s<p><a href="%s/odoo/meeting.incident/%s">%s</a></p>')
                % (bodies[incident.id], base_url, incident.id, incident.name)
                for incident in incidents
            )
            digests.append((user.partner_id, user, subject, body, incidents[:1]))
        self._send_digests(digests)

    @api.model
    def _send_digests(self, digests):
        """Deliver system digests as Odoo delivers notifications (inbox or e-mail, as each
        user chose; e-mail for contacts without a user), with a constant number of queries:
        the messages, their notifications and the e-mails are each created in one call.

        :param digests: list of (partner, user or empty, subject, body, incident the message
            is attached to); the message is a user notification, not a chatter message.
        """
        if not digests:
            return
        author_id, email_from = self._message_compute_author()
        reply_to = self.env["mail.thread"]._notify_get_reply_to(
            default=email_from, author_id=author_id
        )[False]
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        message_vals = [
            {
                "author_id": author_id,
                "email_from": email_from,
                "reply_to": reply_to,
                "model": self._name,
                "res_id": incident.id,
                "record_alias_domain_id": False,
                "record_company_id": False,
                "message_type": "user_notification",
                "subtype_id": subtype_id,
                "is_internal": True,
                "subject": subject,
                "body": body,
                "partner_ids": [partner.id],
                "email_add_signature": False,
                "message_id": generate_tracking_message_id("message-notify"),
            }
            for partner, _user, subject, body, incident in digests
        ]
        # sudo: system notifications written by the escalation for the people it tells
        messages = self.sudo()._message_create(message_vals)
        rows = [
            (partner, user, message, vals["body"], bool(user) and user.notification_type == "inbox")
            for (partner, user, _s, _b, _i), message, vals in zip(
                digests, messages, message_vals, strict=True
            )
        ]
        # sudo: same system notifications, sent by e-mail to those who read e-mail
        mails = (
            self.env["mail.mail"]
            .sudo()
            .create(
                [
                    {
                        "mail_message_id": message.id,
                        "body_html": body,
                        "recipient_ids": [Command.link(partner.id)],
                        "auto_delete": True,
                        "is_notification": True,
                    }
                    for partner, _user, message, body, inbox in rows
                    if not inbox
                ]
            )
        )
        mail_ids = iter(mails.ids)
        # sudo: mail.notification, creating notifications is what notifying is
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": author_id,
                    "mail_message_id": message.id,
                    "res_partner_id": partner.id,
                    "notification_type": "inbox" if inbox else "email",
                    "notification_status": "sent" if inbox else "ready",
                    "is_read": not inbox,
                    "mail_mail_id": False if inbox else next(mail_ids),
                }
                for partner, _user, message, _body, inbox in rows
            ]
        )
        for _partner, user, message, _body, inbox in rows:
            if inbox:
                user._bus_send(
                    "mail.message/inbox",
                    {
                        "message_id": message.id,
                        "store_data": Store(bus_channel=user)
                        .add(message.with_user(user).with_context(allowed_company_ids=[]))
                        .get_result(),
                    },
                )
