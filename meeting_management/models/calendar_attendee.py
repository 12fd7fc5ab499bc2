"""The calendar invitations of a meeting's event, sent by a cron instead of in the request.

Odoo's calendar renders one invitation (template, ICS file, message) per attendee in the
request that creates the event or adds people: about 14 SQL statements per attendee. The event
of a meeting is created by the approval that completes the round, so the approver would wait
for every internal attendee's invitation (1.5 s for 20 attendees, a time-out for a thousand).
The meeting's event is saved without mails; its new attendees are marked and a cron sends
their invitations in batches right after, each once (claimed with SKIP LOCKED).
"""

from odoo import api, fields, models

INVITATION_BATCH = 200


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    meeting_invitation_pending = fields.Boolean(
        string="Meeting Invitation Pending",
        readonly=True,
        copy=False,
        help="The invitation to this meeting's event is sent by the next run of its cron.",
    )

    _meeting_invitation_pending_idx = models.Index("(id) WHERE meeting_invitation_pending")

    @api.model
    def _cron_send_meeting_invitations(self, batch_size=INVITATION_BATCH):
        """Send the pending invitations, a batch at a time; each is claimed by one run."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        total = 0
        while True:
            self.env.flush_all()
            self.env.cr.execute(
                """
                UPDATE calendar_attendee SET meeting_invitation_pending = FALSE
                 WHERE id IN (SELECT id FROM calendar_attendee
                               WHERE meeting_invitation_pending
                               ORDER BY id LIMIT %s
                                 FOR UPDATE SKIP LOCKED)
             RETURNING id
                """,
                (batch_size,),
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            attendees = self.browse(ids)
            attendees.invalidate_recordset(["meeting_invitation_pending"])
            # Odoo's own invitation (template in the attendee's language, ICS file); the
            # events that started meanwhile are skipped as Odoo does on creation
            future = attendees.filtered(lambda a: a.event_id.start > fields.Datetime.now())
            future._send_invitation_emails()
            total += len(ids)
            if in_cron:
                self.env["ir.cron"]._commit_progress(len(ids))
            if len(ids) < batch_size:
                break
        return total
