import { describe, expect, test } from "@odoo/hoot";
import { animationFrame } from "@odoo/hoot-dom";
import {
    contains,
    defineModels,
    getService,
    makeServerError,
    models,
    mountWithCleanup,
    onRpc,
} from "@web/../tests/web_test_helpers";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { MeetingCheckinKiosk } from "@meeting_management/checkin/checkin_kiosk";

class MeetingAttendee extends models.Model {
    _name = "meeting.attendee";
}

defineMailModels();
defineModels([MeetingAttendee]);
describe.current.tags("desktop");

const MEETING_ID = 7;
const WELCOME = {
    status: "ok",
    ok: true,
    message: "Welcome, Tour Guest One!",
    attendee: {
        id: 11,
        name: "Tour Guest One",
        company: "Alpha Ltd",
        title: "Buyer",
        vip: "Key Client",
        key_decision_maker: false,
        dietary: "",
        dietary_notes: "",
        checkin_time: "09:00",
        checkin_lane: "",
    },
};

async function mountKiosk() {
    onRpc("meeting.attendee", "get_checkin_meetings", () => [
        { id: MEETING_ID, name: "Tour Summit", date_start: "2030-01-01 09:00:00" },
    ]);
    onRpc("meeting.attendee", "get_checkin_counters", () => ({
        expected: 3,
        checked_in: 0,
        missing: 3,
    }));
    await mountWithCleanup(MeetingCheckinKiosk, {
        props: { action: { context: { default_meeting_id: MEETING_ID } } },
    });
}

test("a scan shows the welcome card", async () => {
    onRpc("meeting.attendee", "checkin_scan", ({ args }) => {
        expect.step(["checkin_scan", ...args]);
        return WELCOME;
    });
    await mountKiosk();
    expect(".o_counter_expected").toHaveText("3");
    expect(".o_checkin_idle").toHaveCount(1);
    await contains(".o_checkin_scan_input").edit("TOURCODE-guest-one-000001");
    expect.verifySteps([["checkin_scan", MEETING_ID, "TOURCODE-guest-one-000001", ""]]);
    expect(".o_checkin_ok .o_checkin_message").toHaveText("Welcome, Tour Guest One!");
    expect(".o_checkin_ok .o_checkin_vip").toHaveCount(1);
    expect(".o_counter_checked_in").toHaveText("1");
    expect(".o_counter_missing").toHaveText("2");
    expect(".o_checkin_scan_input").toHaveValue("");
});

test("a refused scan shows the reason, a hardware scan uses the lane", async () => {
    onRpc("meeting.attendee", "checkin_scan", ({ args }) => {
        expect.step(["checkin_scan", ...args]);
        return {
            status: "not_staff",
            ok: false,
            message: "You are not check-in staff of this meeting: ask its coordinator to add you.",
        };
    });
    await mountKiosk();
    await contains(".o_meeting_checkin_kiosk header button:contains(VIP)").click();
    // a keyboard-wedge scan typed while the focus is elsewhere: the `barcode` service
    getService("barcode").bus.trigger("barcode_scanned", {
        barcode: "TOURCODE-guest-two-000002",
        target: document.body,
    });
    await animationFrame();
    expect.verifySteps([["checkin_scan", MEETING_ID, "TOURCODE-guest-two-000002", "VIP"]]);
    expect(".o_checkin_error .o_checkin_message").toHaveText(
        "You are not check-in staff of this meeting: ask its coordinator to add you."
    );
    expect(".o_counter_checked_in").toHaveText("0");
});

test("an access error of the scan is shown on the card", async () => {
    onRpc("meeting.attendee", "checkin_scan", () => {
        throw makeServerError({
            type: "AccessError",
            message: "Only check-in staff may check attendees in.",
        });
    });
    await mountKiosk();
    await contains(".o_checkin_scan_input").edit("TOURCODE-guest-one-000001");
    expect(".o_checkin_error .o_checkin_message").toHaveText(
        "Only check-in staff may check attendees in."
    );
});

test("the search lists attendees and a click checks in by id", async () => {
    onRpc("meeting.attendee", "checkin_search", ({ args }) => {
        expect.step(["checkin_search", ...args]);
        return [
            { id: 11, name: "Tour Guest One", company: "Alpha Ltd", is_checked_in: false },
            {
                id: 12,
                name: "Tour Guest Two",
                company: "Beta Ltd",
                is_checked_in: true,
                checkin_time: "08:55",
                checkin_lane: "VIP",
            },
        ];
    });
    onRpc("meeting.attendee", "checkin_by_id", ({ args }) => {
        expect.step(["checkin_by_id", ...args]);
        return WELCOME;
    });
    await mountKiosk();
    await contains(".o_checkin_search_input").edit("Tour", { confirm: false });
    // one search per keystroke from the second character on
    expect.verifySteps([
        ["checkin_search", MEETING_ID, "To"],
        ["checkin_search", MEETING_ID, "Tou"],
        ["checkin_search", MEETING_ID, "Tour"],
    ]);
    expect(".o_checkin_search .list-group-item").toHaveCount(2);
    expect(".o_checkin_search .list-group-item:eq(1)").toHaveText(/Checked in 08:55 VIP/);
    // only the one not checked in yet has a button
    expect(".o_checkin_manual").toHaveCount(1);
    await contains(".o_checkin_manual").click();
    expect.verifySteps([["checkin_by_id", MEETING_ID, 11, ""]]);
    expect(".o_checkin_ok .o_checkin_message").toHaveText("Welcome, Tour Guest One!");
    expect(".o_checkin_search .list-group-item").toHaveCount(0);
    expect(".o_checkin_search_input").toHaveValue("");
});

test("one Chinese character is a search, one Latin letter says why not", async () => {
    onRpc("meeting.attendee", "checkin_search", ({ args }) => {
        expect.step(["checkin_search", ...args]);
        return args[1] === "赵" ? [{ id: 21, name: "赵磊", company: "IT部", is_checked_in: false }] : [];
    });
    await mountKiosk();
    await contains(".o_checkin_search_input").edit("Z", { confirm: false });
    expect.verifySteps([]);
    expect(".o_checkin_search_hint").toHaveText(/at least two letters/);
    await contains(".o_checkin_search_input").edit("赵", { confirm: false });
    expect.verifySteps([["checkin_search", MEETING_ID, "赵"]]);
    expect(".o_checkin_search .list-group-item").toHaveText(/赵磊/);
    expect(".o_checkin_search_hint").toHaveCount(0);
    await contains(".o_checkin_search_input").edit("钱", { confirm: false });
    expect.verifySteps([["checkin_search", MEETING_ID, "钱"]]);
    expect(".o_checkin_search .list-group-item").toHaveCount(0);
    expect(".o_checkin_search_hint").toHaveText(/Nobody of this meeting matches/);
});

test("the walk-in form sends its values", async () => {
    onRpc("meeting.attendee", "checkin_walk_in", ({ args }) => {
        expect.step(["checkin_walk_in", ...args]);
        return { ...WELCOME, message: "Welcome, Walk In Visitor!" };
    });
    await mountKiosk();
    await contains(".o_checkin_walk_in_button").click();
    await contains(".o_walk_in_name").edit("Walk In Visitor", { confirm: false });
    await contains(".o_walk_in_phone").edit("13911112222", { confirm: false });
    await contains(".o_walk_in_company").edit("Delta Ltd", { confirm: false });
    await contains(".o_walk_in_title").edit("Engineer", { confirm: false });
    await contains(".o_walk_in_submit").click();
    expect.verifySteps([
        [
            "checkin_walk_in",
            MEETING_ID,
            { name: "Walk In Visitor", phone: "13911112222", company: "Delta Ltd", title: "Engineer" },
            "",
        ],
    ]);
    expect(".o_checkin_ok .o_checkin_message").toHaveText("Welcome, Walk In Visitor!");
    expect(".o_checkin_walk_in").toHaveCount(0);
    expect(".o_counter_expected").toHaveText("4");
    expect(".o_counter_checked_in").toHaveText("1");
});

test("a refused walk-in keeps the form and shows the reason", async () => {
    onRpc("meeting.attendee", "checkin_walk_in", () => {
        throw makeServerError({ message: "Check-in is not open for this meeting." });
    });
    await mountKiosk();
    await contains(".o_checkin_walk_in_button").click();
    await contains(".o_walk_in_name").edit("Walk In Visitor", { confirm: false });
    await contains(".o_walk_in_submit").click();
    expect(".o_checkin_error .o_checkin_message").toHaveText(
        "Check-in is not open for this meeting."
    );
    expect(".o_checkin_walk_in").toHaveCount(1);
    expect(".o_counter_expected").toHaveText("3");
});

test("a door user who staffs no open meeting is told why the list is empty", async () => {
    onRpc("meeting.attendee", "get_checkin_meetings", () => []);
    await mountWithCleanup(MeetingCheckinKiosk, { props: { action: { context: {} } } });
    expect(".o_checkin_no_meeting").toHaveCount(1);
    expect(".o_checkin_meeting option").toHaveCount(1);
});
