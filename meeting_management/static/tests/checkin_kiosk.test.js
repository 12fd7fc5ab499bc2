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
    patchWithCleanup,
} from "@web/../tests/web_test_helpers";
import { downloadFile } from "@web/core/network/download";
import { ConnectionLostError, rpc } from "@web/core/network/rpc";
import { makeLaneHasher } from "@meeting_management/checkin/kiosk/lane_hash";
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

const LANE_KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/** What `checkin_lane_prepare` sends: hashes of the codes, never the codes. */
async function lanePayload() {
    const hash = makeLaneHasher(LANE_KEY_HEX, { subtle: false });
    const guest = async (id, code, name, extra = {}) => ({
        h: await hash(code),
        id,
        name,
        company: "Alpha Ltd",
        title: "",
        vip: "",
        key_decision_maker: false,
        dietary: "",
        expected_channel: "",
        declined: false,
        checked_in: false,
        checkin_time: "",
        checkin_lane: "",
        ...extra,
    });
    return {
        lane_uid: "kiosk-lane-uid-0000000000001",
        key: LANE_KEY_HEX,
        meeting: { id: MEETING_ID, name: "Tour Summit" },
        channel_id: false,
        expires_at: "2099-01-01 00:00:00",
        server_time: "2030-01-01 08:00:00",
        attendees: [
            await guest(11, "TOURCODE-guest-one-000001", "Tour Guest One", { vip: "Key Client" }),
            await guest(12, "TOURCODE-guest-two-000002", "Tour Guest Two"),
            await guest(13, "TOURCODE-guest-three-0003", "Tour Guest Three"),
        ],
    };
}

async function mountKiosk(channels = []) {
    onRpc("meeting.attendee", "checkin_lane_prepare", lanePayload);
    onRpc("meeting.attendee", "checkin_lane_ping", () => ({
        counters: { expected: 3, checked_in: 0, missing: 3 },
        expires_at: "2099-01-01 00:00:00",
        lane_uid: "kiosk-lane-uid-0000000000001",
    }));
    onRpc("meeting.attendee", "get_checkin_channels", () => channels);
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
    expect.verifySteps([["checkin_scan", MEETING_ID, "TOURCODE-guest-one-000001", "", false]]);
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
    expect.verifySteps([["checkin_scan", MEETING_ID, "TOURCODE-guest-two-000002", "VIP", false]]);
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
    expect.verifySteps([["checkin_by_id", MEETING_ID, 11, "", false]]);
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

test("the kiosk chooses a channel; an attendee of another one is flagged", async () => {
    onRpc("meeting.attendee", "checkin_scan", ({ args }) => {
        expect.step(["checkin_scan", ...args]);
        return {
            ...WELCOME,
            message: "Welcome, Tour Guest One! Checked in, but expected at the VIP channel.",
            channel_mismatch: true,
            expected_channel: "VIP",
        };
    });
    await mountKiosk([
        { id: 31, name: "VIP", kind: "vip" },
        { id: 32, name: "General", kind: "general" },
    ]);
    // the channels replace the fixed lane names; the desk name stays free text
    expect(".o_checkin_lanes").toHaveCount(0);
    expect(".o_checkin_channel").toHaveCount(2);
    await contains(".o_checkin_channel:contains(General)").click();
    expect(".o_checkin_channel.btn-primary").toHaveText("General");
    await contains(".o_checkin_scan_input").edit("TOURCODE-guest-one-000001");
    expect.verifySteps([["checkin_scan", MEETING_ID, "TOURCODE-guest-one-000001", "", 32]]);
    expect(".o_checkin_warning .o_checkin_other_channel").toHaveText(/VIP channel/);
    expect(".o_counter_checked_in").toHaveText("1");
});

test("a lost badge is reissued after a confirmation, with a temporary badge to print", async () => {
    onRpc("meeting.attendee", "checkin_search", () => [
        { id: 11, name: "Tour Guest One", company: "Alpha Ltd", title: "", is_checked_in: false },
    ]);
    onRpc("meeting.attendee", "checkin_reissue_badge", ({ args }) => {
        expect.step(["checkin_reissue_badge", ...args]);
        return {
            ...WELCOME,
            status: "reissued",
            message: "New QR code for Tour Guest One: print the temporary badge.",
            badge_url: "/report/pdf/meeting_management.report_attendee_badge_temporary/11",
        };
    });
    onRpc("meeting.attendee", "checkin_correct_details", ({ args }) => {
        expect.step(["checkin_correct_details", ...args]);
        return { ...WELCOME, status: "corrected", message: "Details of Tour Guest One corrected" };
    });
    await mountKiosk();
    await contains(".o_checkin_search_input").edit("Tour", { confirm: false });
    await contains(".o_checkin_lost_badge").click();
    expect.verifySteps([]);
    await contains(".modal-footer .btn-primary").click();
    expect.verifySteps([["checkin_reissue_badge", MEETING_ID, 11, ""]]);
    expect(".o_checkin_ok .o_checkin_print_badge").toHaveAttribute(
        "href",
        "/report/pdf/meeting_management.report_attendee_badge_temporary/11"
    );
    expect(".o_counter_checked_in").toHaveText("0");
    await contains(".o_checkin_search_input").edit("Tour", { confirm: false });
    await contains(".o_checkin_correct").click();
    await contains(".o_correct_title").edit("Buyer", { confirm: false });
    await contains(".o_correct_submit").click();
    expect.verifySteps([
        [
            "checkin_correct_details",
            MEETING_ID,
            11,
            { name: "Tour Guest One", company: "Alpha Ltd", title: "Buyer" },
            "",
        ],
    ]);
    expect(".o_checkin_ok .o_checkin_message").toHaveText("Details of Tour Guest One corrected");
    expect(".o_checkin_correction").toHaveCount(0);
});

test("without network the lane decides alone, queues, and syncs when it is back", async () => {
    let networkDown = false;
    const originalRpc = rpc._rpc;
    patchWithCleanup(rpc, {
        _rpc(url, ...args) {
            if (networkDown && url.includes("/meeting.attendee/checkin_")) {
                return Promise.reject(new ConnectionLostError(url));
            }
            return originalRpc.call(this, url, ...args);
        },
    });
    onRpc("meeting.attendee", "checkin_lane_sync", ({ args }) => {
        const [meetingId, laneUid, scans] = args;
        expect.step([
            "checkin_lane_sync",
            meetingId,
            laneUid,
            scans.map((s) => s.attendee_id || s.code || s.walk_in.name),
        ]);
        const status = (scan) => {
            if (scan.kind === "walk_in") {
                return "walk_in";
            }
            return scan.code ? "unknown" : scan.attendee_id === 12 ? "duplicate" : "ok";
        };
        return {
            results: scans.map((scan) => ({
                uid: scan.uid,
                status: status(scan),
                attendee_id: scan.attendee_id || false,
                message: scan.attendee_id === 12 ? "Tour Guest Two was checked in at lane B first." : "ok",
            })),
            counters: { expected: 4, checked_in: 3, missing: 1 },
        };
    });
    await mountKiosk();
    await animationFrame();
    expect(".o_checkin_online").toHaveCount(1);
    networkDown = true;
    await contains(".o_checkin_scan_input").edit("TOURCODE-guest-one-000001");
    expect(".o_checkin_offline").toHaveCount(1);
    expect(".o_checkin_ok .o_checkin_message").toHaveText("Welcome, Tour Guest One!");
    expect(".o_checkin_ok .o_checkin_vip").toHaveCount(1);
    expect(".o_checkin_ok .o_checkin_offline_note").toHaveCount(1);
    await contains(".o_checkin_scan_input").edit("TOURCODE-guest-one-000001");
    expect(".o_checkin_warning .o_checkin_message").toHaveText(/already checked in/);
    await contains(".o_checkin_scan_input").edit("TOURCODE-guest-two-000002");
    await contains(".o_checkin_scan_input").edit("NOT-A-TOUR-CODE");
    expect(".o_checkin_error .o_checkin_message").toHaveText(/Unknown code on this lane/);
    expect(".o_checkin_offline .o_checkin_queue_count").toHaveText("3 queued");
    expect(".o_counter_checked_in").toHaveText("2");

    // the search works from the lane's data: no server call, no door exceptions
    await contains(".o_checkin_search_input").edit("Three", { confirm: false });
    expect(".o_checkin_search_offline").toHaveCount(1);
    expect(".o_checkin_search_result").toHaveCount(1);
    expect(".o_checkin_lost_badge, .o_checkin_correct").toHaveCount(0);
    await contains(".o_checkin_manual").click();
    expect(".o_checkin_ok .o_checkin_message").toHaveText("Welcome, Tour Guest Three!");
    // so does the walk-in form
    await contains(".o_checkin_walk_in_button").click();
    await contains(".o_walk_in_name").edit("Walk In Visitor", { confirm: false });
    await contains(".o_walk_in_submit").click();
    expect(".o_checkin_ok .o_checkin_message").toHaveText("Welcome, Walk In Visitor!");
    expect(".o_checkin_offline .o_checkin_queue_count").toHaveText("5 queued");
    expect(".o_counter_checked_in").toHaveText("4");
    expect(".o_counter_expected").toHaveText("4");

    // the backup works offline: a CSV with a BOM
    let downloaded;
    patchWithCleanup(downloadFile, {
        _download: (blob, name) => {
            downloaded = { blob, name };
        },
    });
    await contains(".o_checkin_download_csv").click();
    expect(downloaded.name).toMatch(/^signin-7-\d+\.csv$/);
    const csv = await downloaded.blob.text();
    expect(csv.startsWith("\ufeff")).toBe(true);
    expect(csv).toMatch(/"Tour Guest One","Alpha Ltd","\d\d:\d\d","","Queued"/);
    expect(csv).toMatch(/"Tour Guest Three","Alpha Ltd","\d\d:\d\d","","Queued"/);
    expect(csv).toMatch(/"Walk In Visitor","","\d\d:\d\d","","Queued \(walk-in\)"/);

    networkDown = false;
    await contains(".o_checkin_sync_now").click();
    await animationFrame();
    expect.verifySteps([
        [
            "checkin_lane_sync",
            MEETING_ID,
            "kiosk-lane-uid-0000000000001",
            [11, 12, "NOT-A-TOUR-CODE", 13, "Walk In Visitor"],
        ],
    ]);
    expect(".o_checkin_offline").toHaveCount(0);
    expect(".o_checkin_online").toHaveCount(1);
    // the server's counters: guest two counted once (at lane B)
    expect(".o_counter_checked_in").toHaveText("3");
    expect(".o_counter_expected").toHaveText("4");
    expect(".o_checkin_sync_results li").toHaveText(
        "After sync: Tour Guest Two was checked in at lane B first."
    );
});
