import { describe, expect, test } from "@odoo/hoot";
import { defineModels, models, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { MeetingSigninSheet } from "@meeting_management/checkin/signin_sheet";

class MeetingAttendee extends models.Model {
    _name = "meeting.attendee";
}

defineMailModels();
defineModels([MeetingAttendee]);
describe.current.tags("desktop");

test("the sign-in sheet shows the lanes; offline or unsynced ones stand out", async () => {
    onRpc("meeting.attendee", "get_checkin_meetings", () => [{ id: 7, name: "Tour Summit" }]);
    onRpc("meeting.attendee", "get_signin_sheet_data", () => ({
        meeting: { id: 7, name: "Tour Summit" },
        cursor: 0,
        expected: 2,
        checked_in: 1,
        missing: 1,
        with_contact: false,
        rates: [],
        channel_rates: [],
        checked_list: [{ id: 11, name: "Zhang Wei", company: "Xintai", checkin_time: "09:00", lane: "A" }],
        missing_list: [{ id: 12, name: "Li Na", company: "Hengtong" }],
        lanes: [
            { uid: "u1", name: "A", user: "Door Staff", online: true, pending: 0, last_seen: "09:10", last_sync: "" },
            { uid: "u2", name: "B", user: "Door Staff", online: true, pending: 12, last_seen: "09:10", last_sync: "09:05" },
            { uid: "u3", name: "C", user: "Door Staff", online: false, pending: 40, last_seen: "08:50", last_sync: "08:40" },
        ],
    }));
    await mountWithCleanup(MeetingSigninSheet, {
        props: { action: { context: { default_meeting_id: 7 } } },
    });
    expect(".o_signin_lanes tbody tr").toHaveCount(3);
    expect(".o_signin_lanes tr[data-lane=A]").toHaveClass("o_lane_online");
    expect(".o_signin_lanes tr[data-lane=B]").toHaveClass("table-warning");
    expect(".o_signin_lanes tr[data-lane=B] .o_lane_pending_count").toHaveText("12");
    expect(".o_signin_lanes tr[data-lane=C]").toHaveClass("table-danger");
    expect(".o_signin_lanes tr[data-lane=C]").toHaveText(/Disconnected/);
});
