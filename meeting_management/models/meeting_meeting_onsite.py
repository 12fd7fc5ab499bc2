import io

import xlsxwriter
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .rpc_args import check_record_ids, get_base64, get_id, get_optional_text

ONSITE_NOTIFICATION = "meeting_management.onsite/update"


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    current_agenda_item_id = fields.Many2one(
        "meeting.agenda.item", string="Current Session", compute="_compute_agenda_position"
    )
    next_agenda_item_id = fields.Many2one(
        "meeting.agenda.item", string="Next Session", compute="_compute_agenda_position"
    )
    next_item_countdown = fields.Integer(
        string="Minutes to Next Session", compute="_compute_agenda_position"
    )
    agenda_deviation = fields.Integer(
        string="Running Deviation (min)",
        compute="_compute_agenda_position",
        help="How late (positive) or early (negative) the agenda runs against the plan.",
    )
    agenda_change_ids = fields.One2many(
        "meeting.agenda.change", "meeting_id", string="Agenda Changes"
    )
    incident_count = fields.Integer(compute="_compute_incident_count")
    can_start = fields.Boolean(compute="_compute_can_start")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "agenda_item_ids.state",
        "agenda_item_ids.date_start",
        "agenda_item_ids.date_end",
        "agenda_item_ids.actual_start",
        "agenda_item_ids.actual_end",
    )
    def _compute_agenda_position(self):
        now = fields.Datetime.now()
        for meeting in self:
            position = meeting._agenda_position(now)
            meeting.current_agenda_item_id = position["current"]
            meeting.next_agenda_item_id = position["next"]
            meeting.next_item_countdown = position["countdown"]
            meeting.agenda_deviation = position["deviation"]

    def _agenda_position(self, now):
        """Current item, next item, minutes to the next one and running deviation."""
        self.ensure_one()
        items = self.agenda_item_ids.sorted(lambda i: (i.date_start, i.sequence, i.id))
        current = items.filtered(lambda i: i.state == "running")[:1]
        if not current and self.state != "in_progress":
            current = items.filtered(
                lambda i: i.state == "planned" and i.date_start <= now < i.date_end
            )[:1]
        pending = items.filtered(lambda i: i.state == "planned" and i != current)
        if current:
            pending = pending.filtered(lambda i: i.date_start >= current.date_start)
        nxt = pending[:1]
        deviation = 0
        started = items.filtered("actual_start").sorted("actual_start")
        if started:
            last = started[-1]
            if last.state == "done" and last.actual_end:
                deviation = _minutes(last.date_end, last.actual_end)
            else:
                deviation = _minutes(last.date_start, last.actual_start)
                if now > last.date_end:
                    deviation = max(deviation, _minutes(last.date_end, now))
        countdown = 0
        if nxt:
            countdown = max(_minutes(now, nxt.date_start), 0)
        return {"current": current, "next": nxt, "countdown": countdown, "deviation": deviation}

    def _compute_incident_count(self):
        counts = dict(
            self.env["meeting.incident"]._read_group(
                [("meeting_id", "in", self.ids)], ["meeting_id"], ["__count"]
            )
        )
        for meeting in self:
            meeting.incident_count = counts.get(meeting, 0)

    @api.depends_context("uid")
    @api.depends("executor_id", "state")
    def _compute_can_start(self):
        for meeting in self:
            meeting.can_start = meeting.state == "approved" and meeting._can_run_agenda()

    def _can_run_agenda(self):
        """The executor (host) runs the day; administrators may step in."""
        self.ensure_one()
        user = self.env.user
        return (
            self.executor_id == user
            or (not self.executor_id and self.initiator_id == user)
            or user.has_group("meeting_management.group_meeting_manager")
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        for meeting in self:
            if meeting.state != "approved":
                raise UserError(
                    self.env._(
                        "Only an approved meeting can start; %(meeting)s is %(state)s.",
                        meeting=meeting.display_name,
                        state=dict(meeting._fields["state"]._description_selection(self.env)).get(
                            meeting.state
                        ),
                    )
                )
            if not meeting._can_run_agenda():
                raise UserError(
                    self.env._(
                        "Only the executor of %(meeting)s may start it.",
                        meeting=meeting.display_name,
                    )
                )
        self._set_state("in_progress")
        self._notify_onsite_update("meeting")
        return True

    def action_open_onsite(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "meeting_management.onsite",
            "name": self.env._("On-site: %(meeting)s", meeting=self.name),
            "params": {"meeting_id": self.id},
            "context": {"active_id": self.id},
        }

    def action_view_incidents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_incident_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id, "search_default_open": 0}
        return action

    def action_agenda_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management/agenda/{self.id}/xlsx",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Notifications
    # ------------------------------------------------------------------
    def _notify_onsite_update(self, kind):
        """Ping the on-site views of these meetings; they reload through the ORM."""
        for meeting in self:
            if meeting.id:
                # the payload carries no data: clients re-read with their own access rights
                self.env["bus.bus"]._sendone(
                    (meeting, "onsite"),
                    ONSITE_NOTIFICATION,
                    {"meeting_id": meeting.id, "kind": kind},
                )

    def _notify_agenda_changed(self, change):
        """Send the new agenda to every attendee: mail, and an Odoo notification for users."""
        self.ensure_one()
        # sudo: attendees' contact data is needed to deliver the approved agenda to them;
        # nothing is returned to the current user
        attendees = self.sudo().attendee_ids.filtered(lambda a: a.invitation_state != "declined")
        with_email = attendees.filtered("email")
        template = self.env.ref("meeting_management.mail_template_agenda_changed")
        if with_email:
            # sudo: mail templates are restricted to editors; it renders to the attendees only
            template.sudo().with_context(
                agenda_change_reason=change.reason, agenda_change_item=change.item_id.name
            ).send_mail_batch(with_email.ids, email_layout_xmlid="mail.mail_notification_light")
        users = attendees.user_id.filtered(lambda u: not u.share) | self.executor_id
        if users:
            body = self.env["ir.qweb"]._render(
                "meeting_management.agenda_changed_notification",
                {"meeting": self, "change": change},
            )
            self.message_notify(
                partner_ids=users.partner_id.ids,
                subject=self.env._("New agenda: %(meeting)s", meeting=self.name),
                body=Markup(body),
            )
        self.message_post(
            body=self.env._(
                "Agenda change approved for %(item)s: %(reason)s",
                item=change.item_id.name,
                reason=change.reason,
            )
        )

    # ------------------------------------------------------------------
    # On-site view data
    # ------------------------------------------------------------------
    def get_onsite_data(self):
        """Everything the on-site view shows, in one call."""
        check_record_ids(self)
        self.check_access("read")
        now = fields.Datetime.now()
        position = self._agenda_position(now)
        attendance = self._get_attendance_counts()[self.id]
        expected, checked_in = attendance["expected"], attendance["checked_in"]

        def item_data(item):
            if not item:
                return False
            return {
                "id": item.id,
                "name": item.name,
                "state": item.state,
                "date_start": fields.Datetime.to_string(item.date_start),
                "date_end": fields.Datetime.to_string(item.date_end),
                "actual_start": fields.Datetime.to_string(item.actual_start),
                "owner": item.user_id.name or "",
                "location": item.location or "",
            }

        incidents = self.env["meeting.incident"].search(
            [
                ("meeting_id", "=", self.id),
                ("state", "in", ("reported", "in_progress", "external")),
            ],
            order="sla_deadline, id",
        )
        state_labels = dict(
            self.env["meeting.incident"]._fields["state"]._description_selection(self.env)
        )
        urgency_labels = (
            self.env["meeting.incident"]._fields["urgency"]._description_selection(self.env)
        )
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "venue": self.venue or "",
            "date_start": fields.Datetime.to_string(self.date_start),
            "date_end": fields.Datetime.to_string(self.date_end),
            "server_now": fields.Datetime.to_string(now),
            "can_run": self._can_run_agenda(),
            "checkin": {
                "expected": expected,
                "checked_in": checked_in,
                "missing": expected - checked_in,
            },
            "current": item_data(position["current"]),
            "next": item_data(position["next"]),
            "countdown": position["countdown"],
            "deviation": position["deviation"],
            "incidents": [
                {
                    "id": inc.id,
                    "name": inc.name,
                    "type": inc.type_id.name,
                    "urgency": inc.urgency,
                    "state": inc.state,
                    "state_label": state_labels.get(inc.state),
                    "handler": inc.handler_id.name or "",
                    "date_reported": fields.Datetime.to_string(inc.date_reported),
                    "date_responded": fields.Datetime.to_string(inc.date_responded),
                    "sla_deadline": fields.Datetime.to_string(inc.sla_deadline),
                }
                for inc in incidents
            ],
            "incident_types": [
                {"id": t.id, "name": t.name}
                for t in self.env["meeting.incident.type"].search(
                    ["|", ("company_id", "=", False), ("company_id", "=", self.company_id.id)]
                )
            ],
            "urgencies": [[key, label] for key, label in urgency_labels],
        }

    @api.model
    def get_onsite_meeting_id(self):
        """The meeting the on-site view opens on when none is given."""
        meeting = self.search(
            [("state", "=", "in_progress"), ("executor_id", "=", self.env.uid)],
            order="date_start desc",
            limit=1,
        ) or self.search([("state", "=", "in_progress")], order="date_start desc", limit=1)
        return meeting.id

    def report_onsite_incident(self, vals):
        """Quick report from the on-site view (phone/tablet).

        ``vals``: ``type_id`` (id), ``name``, optional ``urgency``, ``description``, ``impact``,
        and photos as ``photo`` (one ``{name, data, mimetype}`` dict, ``data`` in base64) and/or
        ``photos`` (a list of such dicts). Malformed values are refused with a UserError.
        """
        check_record_ids(self)
        self.check_access("read")
        Incident = self.env["meeting.incident"]
        if not isinstance(vals, dict):
            raise UserError(self.env._("The incident report is malformed."))
        name = get_optional_text(self.env, vals, "name", self.env._("The summary")).strip()
        if not name:
            raise UserError(self.env._("Describe the incident in a few words."))
        if not vals.get("type_id"):
            raise UserError(self.env._("Choose the type of the incident."))
        incident_type = self.env["meeting.incident.type"].browse(
            get_id(self.env, vals, "type_id", self.env._("The incident type"))
        )
        if not incident_type.exists() or not incident_type.has_access("read"):
            raise UserError(self.env._("The chosen incident type does not exist."))
        urgency = vals.get("urgency") or "medium"
        urgencies = dict(Incident._fields["urgency"]._description_selection(self.env))
        if not isinstance(urgency, str) or urgency not in urgencies:
            raise UserError(
                self.env._(
                    "Unknown urgency; choose one of: %(urgencies)s.",
                    urgencies=", ".join(urgencies.values()),
                )
            )
        photos = self._onsite_photos(vals)
        incident = Incident.create(
            {
                "meeting_id": self.id,
                "name": name,
                "type_id": incident_type.id,
                "urgency": urgency,
                "description": get_optional_text(
                    self.env, vals, "description", self.env._("The description")
                )
                or False,
                "impact": get_optional_text(self.env, vals, "impact", self.env._("The impact"))
                or False,
            }
        )
        if photos:
            attachments = self.env["ir.attachment"].create(
                [{**photo, "res_model": Incident._name, "res_id": incident.id} for photo in photos]
            )
            # the reporter attaches evidence; the link field is not a workflow field
            incident.evidence_ids = [fields.Command.link(a.id) for a in attachments]
        return incident.id

    def _onsite_photos(self, vals):
        """Attachment values of the photos of an on-site report, checked."""
        photos = []
        if vals.get("photo"):
            photos.append(vals["photo"])
        if vals.get("photos"):
            if not isinstance(vals["photos"], list):
                raise UserError(self.env._("The photos must be given as a list."))
            photos += vals["photos"]
        result = []
        for photo in photos:
            if not isinstance(photo, dict):
                raise UserError(self.env._("A photo must be given with its name and content."))
            if not photo.get("data"):
                continue  # a cleared file input
            result.append(
                {
                    "name": get_optional_text(self.env, photo, "name", self.env._("The photo name"))
                    or self.env._("Photo"),
                    "datas": get_base64(self.env, photo["data"], self.env._("The photo")),
                    "mimetype": get_optional_text(
                        self.env, photo, "mimetype", self.env._("The photo type")
                    )
                    or False,
                }
            )
        return result

    # ------------------------------------------------------------------
    # Agenda export (模板2)
    # ------------------------------------------------------------------
    def _agenda_rows(self):
        """The agenda as display rows (times in the user's timezone), for PDF and Excel."""
        self.ensure_one()
        state_labels = dict(
            self.env["meeting.agenda.item"]._fields["state"]._description_selection(self.env)
        )

        def hm(value):
            return fields.Datetime.context_timestamp(self, value).strftime("%H:%M") if value else ""

        rows = []
        for item in self.agenda_item_ids.sorted(lambda i: (i.date_start, i.sequence, i.id)):
            rows.append(
                {
                    "time": f"{hm(item.date_start)}-{hm(item.date_end)}",
                    "name": item.name,
                    "owner": item.user_id.name or "",
                    "location": item.location or "",
                    "notes": item.notes or "",
                    "actual": (
                        f"{hm(item.actual_start)}-{hm(item.actual_end)}"
                        if item.actual_start
                        else ""
                    ),
                    "deviation": item.end_deviation if item.actual_end else "",
                    "state": state_labels.get(item.state),
                    "skip_reason": item.skip_reason or "",
                }
            )
        return rows

    def _agenda_xlsx_content(self):
        """The agenda (模板2) as an Excel workbook, returned as bytes."""
        self.ensure_one()
        buf = io.BytesIO()
        workbook = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
        sheet = workbook.add_worksheet(self.env._("Agenda")[:31])
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        start = fields.Datetime.context_timestamp(self, self.date_start)
        sheet.write(0, 0, self.env._("Meeting Agenda: %(name)s", name=self.name), title)
        sheet.write(
            1,
            0,
            self.env._(
                "%(date)s, %(venue)s", date=start.strftime("%Y-%m-%d"), venue=self.venue or ""
            ),
        )
        headers = [
            self.env._("Time"),
            self.env._("Session"),
            self.env._("Owner"),
            self.env._("Location"),
            self.env._("Materials / Equipment"),
            self.env._("Actual Time"),
            self.env._("Deviation (min)"),
            self.env._("Status"),
        ]
        widths = [14, 30, 14, 18, 36, 14, 14, 14]
        for col, (label, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write(3, col, label, header)
            sheet.set_column(col, col, width)
        keys = ["time", "name", "owner", "location", "notes", "actual", "deviation", "state"]
        for row, data in enumerate(self._agenda_rows(), start=4):
            for col, key in enumerate(keys):
                sheet.write(row, col, data[key], cell)
        workbook.close()
        return buf.getvalue()


def _minutes(start, end):
    if not start or not end:
        return 0
    return round((end - start).total_seconds() / 60)
