import { describe, expect, test } from "@odoo/hoot";
import { Component, useState, xml } from "@odoo/owl";
import { runAllTimers } from "@odoo/hoot-dom";
import { MockServer, mountWithCleanup } from "@web/../tests/web_test_helpers";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { waitForChannels } from "@bus/../tests/bus_test_helpers";
import { useMeetingBus } from "@meeting_management/core/meeting_bus_hook";

defineMailModels();
describe.current.tags("desktop");

class Listener extends Component {
    static template = xml`<div class="o_listener" t-out="state.meetingId"/>`;
    static props = ["kinds"];

    setup() {
        this.state = useState({ meetingId: 5 });
        useMeetingBus(
            () => this.state.meetingId,
            this.props.kinds,
            (payload, kind) => expect.step([kind, payload.meeting_id, payload.attendee_id])
        );
    }
}

test("the check-in hook calls back for its meeting only", async () => {
    const listener = await mountWithCleanup(Listener, { props: { kinds: "checkin" } });
    await waitForChannels(["meeting_management.checkin:5"]);
    const bus = MockServer.env["bus.bus"];
    // a notification about another meeting (e.g. another tab's channel) is ignored
    bus._sendone("meeting_management.checkin:5", "meeting_management/checkin", {
        meeting_id: 6,
        attendee_id: 2,
    });
    bus._sendone("meeting_management.checkin:5", "meeting_management/checkin", {
        meeting_id: 5,
        attendee_id: 1,
    });
    await runAllTimers();
    await expect.waitForSteps([["checkin", 5, 1]]);

    // another meeting is chosen: the channels follow
    listener.state.meetingId = 6;
    await waitForChannels(["meeting_management.checkin:6"]);
    await waitForChannels(["meeting_management.checkin:5"], { operation: "delete" });
    bus._sendone("meeting_management.checkin:6", "meeting_management/checkin", {
        meeting_id: 5,
        attendee_id: 3,
    });
    bus._sendone("meeting_management.checkin:6", "meeting_management/checkin", {
        meeting_id: 6,
        attendee_id: 4,
    });
    await runAllTimers();
    await expect.waitForSteps([["checkin", 6, 4]]);
});

test("the on-site hook listens to the on-site channel", async () => {
    await mountWithCleanup(Listener, { props: { kinds: ["onsite"] } });
    await waitForChannels(["meeting_management.onsite_5"]);
    MockServer.env["bus.bus"]._sendone(
        "meeting_management.onsite_5",
        "meeting_management.onsite/update",
        { meeting_id: 5, kind: "checkin" }
    );
    await expect.waitForSteps([["onsite", 5, undefined]]);
});
