import { registry } from "@web/core/registry";
import { ConnectionLostError, rpc } from "@web/core/network/rpc";

// The network "cut" of the tour: the check-in calls fail as a network error (as when the
// venue's Wi-Fi drops), every other call goes through.
let originalRpc = null;

function cutNetwork() {
    originalRpc = rpc._rpc;
    rpc._rpc = function (url, ...args) {
        if (url.includes("/meeting.attendee/checkin_")) {
            return Promise.reject(new ConnectionLostError(url));
        }
        return originalRpc.call(this, url, ...args);
    };
}

function restoreNetwork() {
    rpc._rpc = originalRpc;
}

function scan(code) {
    return {
        content: `Scan ${code}`,
        trigger: ".o_meeting_checkin_kiosk .o_checkin_scan_input",
        run: `edit ${code} && press Enter`,
    };
}

/** 离线签到: the lane is prepared, the network drops, the lane decides and queues, then syncs. */
registry.category("web_tour.tours").add("meeting_checkin_offline_tour", {
    steps: () => [
        {
            content: "Name the lane",
            trigger: ".o_meeting_checkin_kiosk .o_checkin_lane",
            run: "edit Offline Desk",
        },
        {
            content: "Choose the meeting: the lane is prepared",
            trigger: ".o_meeting_checkin_kiosk select.o_checkin_meeting",
            run: "selectByLabel Dealer Summit",
        },
        { trigger: ".o_meeting_checkin_kiosk .o_counter_expected:contains(3)" },
        {
            content: "The lane is ready for offline work",
            trigger: ".o_checkin_online:contains(ready to work offline)",
        },
        {
            content: "The network drops",
            trigger: ".o_checkin_online:contains(ready to work offline)",
            run: cutNetwork,
        },
        scan("LANETOUR-zhang-wei-0000001"),
        {
            content: "The lane welcomes from its own data, with the VIP flag",
            trigger: ".o_checkin_ok .o_checkin_message:contains(Welcome, Zhang Wei!)",
        },
        { trigger: ".o_checkin_ok .o_checkin_vip" },
        { trigger: ".o_checkin_ok .o_checkin_offline_note" },
        {
            content: "The offline banner",
            trigger: ".o_checkin_offline .o_checkin_queue_count:contains(1 queued)",
        },
        scan("LANETOUR-zhang-wei-0000001"),
        {
            content: "The repeat is answered 'already checked in' locally, not queued",
            trigger: ".o_checkin_warning .o_checkin_message:contains(already checked in)",
        },
        { trigger: ".o_checkin_offline .o_checkin_queue_count:contains(1 queued)" },
        scan("LANETOUR-li-na-00000000002"),
        { trigger: ".o_checkin_ok .o_checkin_message:contains(Welcome, Li Na!)" },
        scan("LANETOUR-zhao-lei-000000003"),
        { trigger: ".o_checkin_ok .o_checkin_message:contains(Welcome, Zhao Lei!)" },
        {
            content: "Three scans wait, the counters moved locally",
            trigger: ".o_checkin_offline .o_checkin_queue_count:contains(3 queued)",
        },
        { trigger: ".o_counter_checked_in:contains(3)" },
        { trigger: ".o_counter_missing:contains(0)" },
        {
            content: "The network is back",
            trigger: ".o_checkin_offline",
            run: restoreNetwork,
        },
        {
            content: "Try the network now instead of waiting for the probe",
            trigger: ".o_checkin_offline .o_checkin_sync_now",
            run: "click",
        },
        {
            content: "The queue drained: online again",
            trigger: ".o_checkin_online:contains(last sync)",
        },
        {
            content: "The counters are the server's and match",
            trigger: ".o_counter_checked_in:contains(3)",
        },
        { trigger: ".o_counter_expected:contains(3)" },
        { trigger: ".o_counter_missing:contains(0)" },
    ],
});
