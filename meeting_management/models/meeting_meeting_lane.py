"""The offline lanes of a meeting and the periodic backup of its sign-in sheet
(每两小时进行本地与云端双备份: the kiosk keeps its local copy, the server a snapshot).
"""

import logging
from datetime import timedelta

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL

from ..report.meeting_report_tools import XLSX_MIMETYPE, new_workbook, workbook_formats
from .meeting_attendee_checkin import CHECKIN_OPEN_STATES

_logger = logging.getLogger(__name__)

# One backup per meeting per slot of this many hours (the cron runs as often).
BACKUP_SLOT_HOURS = 2

DEFAULT_BACKUP_KEEP = 12

# The description that marks a backup attachment (with its slot, in UTC).
BACKUP_MARK = "checkin-backup"


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    checkin_lane_ids = fields.One2many("meeting.checkin.lane", "meeting_id", string="Offline Lanes")
    checkin_lane_count = fields.Integer(compute="_compute_checkin_lane_count")
    checkin_backup_slot = fields.Datetime(
        string="Last Sign-in Sheet Backup",
        readonly=True,
        copy=False,
        help="The two-hour slot (UTC) of the last backup of the sign-in sheet.",
    )

    @api.depends_context("uid")
    def _compute_checkin_lane_count(self):
        meetings = self.filtered("id")
        (self - meetings).checkin_lane_count = 0
        if not meetings:
            return
        # counts of the lanes the user may see (record rules apply)
        counts = dict(
            self.env["meeting.checkin.lane"]._read_group(
                [("meeting_id", "in", meetings.ids)], ["meeting_id"], ["__count"]
            )
        )
        for meeting in meetings:
            meeting.checkin_lane_count = counts.get(meeting._origin, 0)

    def action_open_checkin_lanes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_checkin_lane_action"
        )
        action.update(domain=[("meeting_id", "=", self.id)], context={})
        return action

    # ------------------------------------------------------------------
    # Backup of the sign-in sheet (cron)
    # ------------------------------------------------------------------
    @api.model
    def _checkin_backup_slot(self, now):
        """The start of the two-hour slot of ``now`` (UTC)."""
        return now.replace(
            hour=now.hour - now.hour % BACKUP_SLOT_HOURS, minute=0, second=0, microsecond=0
        )

    @api.model
    def _cron_backup_signin_sheets(self):
        """An Excel snapshot of the sign-in sheet of each meeting whose check-in window is open,
        attached to the meeting: once per meeting and two-hour slot (a second run or a second
        server in the same slot does nothing), the last N kept (setting)."""
        Attendee = self.env["meeting.attendee"]
        now = fields.Datetime.now()
        before, after = Attendee._checkin_window()
        # sudo: the cron's job covers every running meeting (sudo is a no-op as superuser)
        meetings = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("state", "in", CHECKIN_OPEN_STATES),
                    ("date_start", "<=", now + timedelta(minutes=before)),
                    ("date_end", ">=", now - timedelta(minutes=after)),
                ]
            )
        )
        slot = self._checkin_backup_slot(now)
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        done = self.browse()
        for meeting in meetings:
            if meeting._backup_signin_sheet(slot):
                done |= meeting
            if in_cron:
                self.env["ir.cron"]._commit_progress(1)
        return done

    def _backup_signin_sheet(self, slot):
        """Claim ``slot`` for this meeting and attach the sign-in sheet; False when another
        run (this one earlier, another server now) has it."""
        self.ensure_one()
        cr = self.env.cr
        self.flush_recordset(["checkin_backup_slot"])
        try:
            with cr.savepoint(flush=False):
                # SKIP LOCKED: another server backing this meeting up now has the row
                rows = self.env.execute_query(
                    SQL(
                        """
                        UPDATE meeting_meeting SET checkin_backup_slot = %(slot)s
                         WHERE id IN (SELECT id FROM meeting_meeting
                                       WHERE id = %(id)s AND (checkin_backup_slot IS NULL
                                             OR checkin_backup_slot < %(slot)s)
                                  FOR NO KEY UPDATE SKIP LOCKED)
                     RETURNING id
                        """,
                        slot=slot,
                        id=self.id,
                    )
                )
        except psycopg2.errors.SerializationFailure:
            # another server claimed the slot after this run's snapshot
            return False
        self.invalidate_recordset(["checkin_backup_slot"])
        if not rows:
            return False
        content, filename = self._signin_sheet_backup_content(slot)
        # sudo: the backup is the server's (the cron's); its readers are the meeting's
        # (attachment rules), and the file holds no phone number
        Attachment = self.env["ir.attachment"].sudo()
        Attachment.create(
            {
                "name": filename,
                "raw": content,
                "mimetype": XLSX_MIMETYPE,
                "res_model": self._name,
                "res_id": self.id,
                "description": f"{BACKUP_MARK} {fields.Datetime.to_string(slot)}",
            }
        )
        keep = self._checkin_backup_keep()
        old = Attachment.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("description", "=like", f"{BACKUP_MARK} %"),
            ],
            order="id desc",
            offset=keep,
        )
        old.unlink()
        return True

    @api.model
    def _checkin_backup_keep(self):
        # sudo: reading one setting
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("meeting_management.checkin_backup_keep", DEFAULT_BACKUP_KEEP)
        )
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return DEFAULT_BACKUP_KEEP

    def _signin_sheet_backup_content(self, slot):
        """The workbook of the sign-in sheet export, in the meeting company's language,
        without phone numbers (the attachment is read by whoever reads the meeting)."""
        self.ensure_one()
        lang = self.company_id.partner_id.lang or self.env.lang or "en_US"
        # superuser: the report is a check-in staff report; it is built for the server's
        # backup (as the closing archive prints it), the contact column is left out below.
        report = (
            self.env["report.meeting_management.report_signin_sheet"]
            .with_user(SUPERUSER_ID)
            .with_context(lang=lang)
        )
        data = report._get_report_data(self.with_env(report.env))
        data["with_contact"] = False
        for line in data["checked_list"] + data["missing_list"]:
            line["phone"] = ""
        buf, workbook = new_workbook()
        report._fill_workbook(workbook, workbook_formats(workbook), data)
        workbook.close()
        filename = report.env._(
            "Sign-in sheet backup %(meeting)s %(time)s UTC.xlsx",
            meeting=self.display_name,
            time=slot.strftime("%Y-%m-%d %H%M"),
        )
        return buf.getvalue(), filename
