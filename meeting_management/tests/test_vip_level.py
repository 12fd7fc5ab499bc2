"""VIP levels (VIP等级) as configurable records: who may configure them, the kiosk's label,
and the migration of the old vip / vvip selection."""

import importlib.util
from pathlib import Path

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import MeetingRpcMixin, RpcError
from .common_checkin import CheckinCommon

MIGRATION = Path(__file__).parent.parent / "migrations" / "19.0.1.4.0" / "post-migrate.py"


def load_migration():
    spec = importlib.util.spec_from_file_location("meeting_vip_migration_1_4", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestVipLevel(CheckinCommon):
    def test_shipped_levels_and_standard(self):
        dignitary = self.env.ref("meeting_management.vip_level_dignitary")
        self.assertRecordValues(
            dignitary,
            [{"name": "Dignitary", "security_level": "high", "plan_lead_days": 10}],
        )
        self.assertEqual(len(dignitary._get_room_check_lines()), 4)
        self.assertEqual(dignitary._get_welcome_label(), "General Manager")
        with self.assertRaises(ValidationError):
            dignitary.room_check_lead_hours = -1

    def test_only_administrators_configure_levels(self):
        Level = self.env["meeting.vip.level"]
        for user in (self.user_coordinator, self.user_checkin, self.user_employee):
            with self.subTest(user=user.login):
                self.assertTrue(Level.with_user(user).search([]))  # everybody reads the names
                with self.assertRaises(AccessError):
                    Level.with_user(user).create({"name": "Minister"})
                with self.assertRaises(AccessError):
                    self.env.ref("meeting_management.vip_level_key_client").with_user(user).write(
                        {"seat_zone": "Back row"}
                    )
        level = Level.with_user(self.user_meeting_admin).create({"name": "Minister"})
        self.assertEqual(level.security_level, "standard")

    def test_levels_of_another_company_are_hidden(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        level = self.env["meeting.vip.level"].create({"name": "Other VIP", "company_id": other.id})
        self.assertNotIn(
            level, self.env["meeting.vip.level"].with_user(self.user_coordinator).search([])
        )

    def test_kiosk_and_sheet_show_the_level_name(self):
        level = self.env.ref("meeting_management.vip_level_key_client")
        result = self.scan(self.att_vip.access_token, lane="VIP")
        self.assertEqual(result["attendee"]["vip"], level.name)
        line = self.env["meeting.attendee"]._signin_line(self.att_vip, False)
        self.assertEqual(line["vip"], level.name)
        self.assertEqual(
            self.env["meeting.attendee"]._signin_line(self.att_plain, False)["vip"], ""
        )

    def test_migration_maps_vip_and_vvip(self):
        """An attendee flagged vip / vvip before 19.0.1.4.0 keeps the flag and the difference."""
        cr = self.env.cr
        vvip_guest = self.att_plain
        attendees = self.att_vip | vvip_guest
        attendees.vip_level_id = False
        attendees.flush_recordset()
        # the old column, still in the table when the post-migration script runs
        cr.execute("ALTER TABLE meeting_attendee ADD COLUMN vip_level varchar")
        cr.execute("UPDATE meeting_attendee SET vip_level = 'vip' WHERE id = %s", [self.att_vip.id])
        cr.execute("UPDATE meeting_attendee SET vip_level = 'vvip' WHERE id = %s", [vvip_guest.id])
        load_migration().migrate_vip_levels(self.env)
        self.assertEqual(self.att_vip.vip_level_id.name, "VIP")
        self.assertEqual(vvip_guest.vip_level_id.name, "VVIP")
        self.assertNotEqual(self.att_vip.vip_level_id, vvip_guest.vip_level_id)
        self.assertFalse(self.att_declined.vip_level_id)
        # run twice (a retried upgrade): nothing duplicated
        load_migration().migrate_vip_levels(self.env)
        self.assertEqual(
            self.env["meeting.vip.level"].search_count([("name", "in", ("VIP", "VVIP"))]), 2
        )


@tagged("post_install", "-at_install")
class TestVipLevelRpc(MeetingRpcMixin, HttpCase, CheckinCommon):
    def test_rpc_configure_levels(self):
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_coordinator", "meeting.vip.level", "create", [{"name": "Minister"}])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        names = self.rpc(
            "t_checkin", "meeting.vip.level", "search_read", [[]], {"fields": ["name"]}
        )
        self.assertIn("Key Client", [row["name"] for row in names])
        created = self.rpc("t_meeting_admin", "meeting.vip.level", "create", [{"name": "Minister"}])
        self.assertTrue(created)
