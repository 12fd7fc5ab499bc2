import { _t } from "@web/core/l10n/translation";
import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { downloadFile } from "@web/core/network/download";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { useMeetingBus } from "@meeting_management/core/meeting_bus_hook";
import { CheckinAttendeeSearch } from "./kiosk/attendee_search";
import { callCheckinOrLane } from "./kiosk/checkin_rpc";
import { CheckinScanInput } from "./kiosk/scan_input";
import { CheckinScanResult } from "./kiosk/scan_result";
import { CheckinWalkInForm } from "./kiosk/walk_in_form";
import { makeLaneStore } from "./kiosk/lane_store";
import {
    isNetworkError,
    localTime,
    OfflineLane,
    signinCsv,
} from "./kiosk/offline_lane";

const MAX_HISTORY = 8;
const LANE_KEY = "meeting_checkin_lane";
const CHANNEL_KEY = "meeting_checkin_channel_";
const STATUS_CLASS = {
    ok: "o_checkin_ok",
    reissued: "o_checkin_ok",
    corrected: "o_checkin_ok",
    already: "o_checkin_warning",
    duplicate: "o_checkin_warning",
};

/**
 * 签到 kiosk: full screen, one scan = one `meeting.attendee.checkin_scan` call. Composed of
 * the scan input (scanner and camera), the result card, the attendee search and the walk-in
 * form; the counters follow the other lanes through the meeting's check-in bus channel and
 * the lane's heartbeat.
 *
 * Offline-first: once a meeting is chosen the lane is prepared (see `OfflineLane`); a scan
 * without an answer within 2.5 s, or any scan while the lane is offline, is decided from the
 * local data at once and queued; the queue is sent when the heartbeat reaches the server.
 */
export class MeetingCheckinKiosk extends Component {
    static template = "meeting_management.CheckinKiosk";
    static components = {
        CheckinAttendeeSearch,
        CheckinScanInput,
        CheckinScanResult,
        CheckinWalkInForm,
    };
    static props = { ...standardActionServiceProps };

    setup() {
        this.actionService = useService("action");
        this.orm = useService("orm");
        this.rootRef = useRef("root");
        const context = this.props.action.context || {};
        this.state = useState({
            meetings: [],
            meetingId: context.default_meeting_id || false,
            lane: browser.localStorage.getItem(LANE_KEY) || "",
            result: null,
            history: [],
            counters: { expected: 0, checked_in: 0, missing: 0 },
            showWalkIn: false,
            channels: [],
            channelId: false,
            syncResults: [],
        });
        // the lane's status (online, queued scans...), filled by OfflineLane
        this.laneState = useState({});
        this.laneStore = makeLaneStore();
        this.offlineLane = null;
        this.laneChoices = [_t("VIP"), _t("Group"), _t("General")];
        useMeetingBus(
            () => this.state.meetingId,
            "checkin",
            (payload) => this.onCheckinNotification(payload)
        );
        onWillStart(async () => {
            let offline = false;
            try {
                this.state.meetings = await this.orm.call(
                    "meeting.attendee",
                    "get_checkin_meetings",
                    []
                );
            } catch (error) {
                if (!isNetworkError(error)) {
                    throw error;
                }
                // started without network: the meetings this browser holds a lane for
                offline = true;
                this.state.meetings = await this.laneStore.getMeetings();
            }
            if (!this.state.meetingId && this.state.meetings.length === 1) {
                this.state.meetingId = this.state.meetings[0].id;
            }
            if (this.state.meetingId) {
                if (!offline) {
                    await this.loadChannels();
                }
                await this.startLane(offline);
                await this.loadCounters();
            }
        });
        onMounted(() => this.focusScan());
        onWillUnmount(() => {
            this.offlineLane?.stop();
            browser.clearTimeout(this.refreshTimeout);
            browser.clearTimeout(this.secondRefreshTimeout);
            browser.clearTimeout(this.blurTimeout);
        });
    }

    get meetingName() {
        const meeting = this.state.meetings.find((m) => m.id === this.state.meetingId);
        return meeting ? meeting.name : "";
    }

    /** Another lane checked someone in (see useMeetingBus: only this meeting's). */
    onCheckinNotification(payload) {
        // the offline lane learns it too (the server announces at most one a second)
        if (payload?.attendee_id) {
            this.offlineLane?.noteCheckin(payload.attendee_id, localTime(), payload.lane);
        }
        // Refresh the counters (three numbers from one indexed count, never the list) 1 s
        // later, and again after 2.5 s: the server announces at most one check-in per second.
        // A pending refresh is not postponed, so a steady stream of check-ins still updates
        // the counters every second or so.
        if (!this.refreshTimeout) {
            this.refreshTimeout = browser.setTimeout(() => {
                this.refreshTimeout = null;
                this.loadCounters();
            }, 1000);
        }
        browser.clearTimeout(this.secondRefreshTimeout);
        this.secondRefreshTimeout = browser.setTimeout(() => this.loadCounters(), 2500);
    }

    async loadCounters() {
        if (!this.state.meetingId || this.loadingCounters || this.laneState.online === false) {
            return;
        }
        const meetingId = this.state.meetingId;
        this.loadingCounters = true;
        try {
            const counters = await this.orm.call("meeting.attendee", "get_checkin_counters", [
                meetingId,
            ]);
            if (meetingId === this.state.meetingId && !this.laneState.pending) {
                this.state.counters = counters;
            }
        } catch (error) {
            if (!isNetworkError(error)) {
                throw error;
            }
        } finally {
            this.loadingCounters = false;
        }
    }

    /**
     * The offline lane of the chosen meeting: what this browser holds first (at once), then
     * prepared again or its queue sent, in the background.
     */
    async startLane(offline = false) {
        this.offlineLane?.stop();
        this.offlineLane = null;
        this.state.syncResults = [];
        const meetingId = this.state.meetingId;
        if (!meetingId) {
            return;
        }
        const lane = new OfflineLane({
            orm: this.orm,
            store: this.laneStore,
            meetingId,
            state: this.laneState,
            laneName: this.state.lane,
            channelId: this.state.channelId,
            onCounters: (counters) => {
                if (this.offlineLane === lane) {
                    this.state.counters = counters;
                }
            },
            onSyncResults: (results) => this.onSyncResults(results),
        });
        this.offlineLane = lane;
        await lane.load();
        if (offline) {
            lane.setOffline();
        }
        lane.start();
        if (!offline) {
            this.refreshLane();
        }
    }

    /** Online: send the queue, or prepare the lane again (its name or channel changed). */
    refreshLane() {
        const lane = this.offlineLane;
        if (!lane || !this.laneState.online) {
            return;
        }
        lane.laneName = this.state.lane;
        lane.channelId = this.state.channelId;
        const work = lane.queue.length ? lane.sync() : lane.prepare();
        Promise.resolve(work).catch(() => {});
    }

    /** Synced scans that the server decided otherwise than the lane (declined meanwhile...). */
    onSyncResults(results) {
        for (const result of results) {
            this.state.syncResults.unshift({
                key: result.uid,
                cssClass: STATUS_CLASS[result.status] || "o_checkin_error",
                message: _t("After sync: %(message)s", { message: result.message }),
            });
        }
        this.state.syncResults.splice(MAX_HISTORY);
    }

    /** The network probe now (the banner's button), instead of waiting for the next one. */
    async syncNow() {
        await this.offlineLane?.ping();
        this.offlineLane?.schedule();
    }

    get laneBanner() {
        const lane = this.laneState;
        if (!this.state.meetingId || !this.offlineLane) {
            return false;
        }
        if (!lane.online) {
            return "offline";
        }
        return lane.pending ? "pending" : "online";
    }

    /** The local sign-in sheet as a CSV file: works without network (the backup). */
    downloadSigninSheet() {
        const lane = this.offlineLane;
        if (!lane) {
            return;
        }
        const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, "");
        const name = `signin-${this.state.meetingId}-${stamp}.csv`;
        const blob = new Blob([signinCsv(lane.signinRows())], { type: "text/csv;charset=utf-8" });
        downloadFile(blob, name, "text/csv;charset=utf-8");
    }

    /** The meeting's check-in channels; the kiosk keeps its channel per meeting. */
    async loadChannels() {
        const meetingId = this.state.meetingId;
        const channels = meetingId
            ? await this.orm.call("meeting.attendee", "get_checkin_channels", [meetingId])
            : [];
        if (meetingId !== this.state.meetingId) {
            return;
        }
        this.state.channels = channels;
        const saved = parseInt(browser.localStorage.getItem(CHANNEL_KEY + meetingId));
        this.state.channelId = channels.some((c) => c.id === saved) ? saved : false;
    }

    get channelName() {
        const channel = this.state.channels.find((c) => c.id === this.state.channelId);
        return channel ? channel.name : "";
    }

    setChannel(channel) {
        this.state.channelId = channel.id;
        browser.localStorage.setItem(CHANNEL_KEY + this.state.meetingId, String(channel.id));
        this.refreshLane();
        this.focusScan();
    }

    focusScan() {
        if (this.state.showWalkIn) {
            return;
        }
        const el = this.rootRef.el?.querySelector(".o_checkin_scan_input");
        if (el && document.activeElement !== el) {
            el.focus();
        }
    }

    onScanBlur() {
        // Keep the focus for the scanner unless the user moved to another field on purpose.
        browser.clearTimeout(this.blurTimeout);
        this.blurTimeout = browser.setTimeout(() => {
            const active = document.activeElement;
            if (!active || !active.matches("input, select, textarea, .modal *")) {
                this.focusScan();
            }
        }, 50);
    }

    async onChangeMeeting(ev) {
        this.state.meetingId = parseInt(ev.target.value) || false;
        this.state.result = null;
        this.state.history = [];
        if (this.offlineLane && !this.laneState.online) {
            await this.startLane(true);
        } else {
            await this.loadChannels().catch(() => {});
            await this.startLane();
            await this.loadCounters();
        }
        this.focusScan();
    }

    setLane(lane) {
        this.state.lane = lane;
        browser.localStorage.setItem(LANE_KEY, lane);
        this.refreshLane();
        this.focusScan();
    }

    onLaneInput(ev) {
        this.setLane(ev.target.value);
    }

    async scan(code) {
        if (!this.state.meetingId) {
            this.showResult({ status: "bad_meeting", message: _t("Choose a meeting first.") });
            return;
        }
        const lane = this.offlineLane;
        let result;
        if (lane && !this.laneState.online) {
            // offline: no waiting for the network, the probe runs in the background
            result = await lane.decide(code);
        } else {
            result = await callCheckinOrLane(
                this.orm,
                lane,
                "checkin_scan",
                [this.state.meetingId, code, this.state.lane, this.state.channelId || false],
                async () => {
                    lane.afterTimeout = true;
                    try {
                        return await lane.decide(code);
                    } finally {
                        lane.afterTimeout = false;
                    }
                }
            );
        }
        this.showResult(result);
        this.focusScan();
    }

    showResult(result) {
        if (result.status === "ok") {
            this.state.counters.checked_in += 1;
            this.state.counters.missing = Math.max(0, this.state.counters.missing - 1);
        }
        result.cssClass = result.channel_mismatch
            ? "o_checkin_warning"
            : STATUS_CLASS[result.status] || "o_checkin_error";
        result.key = Date.now() + Math.random();
        this.state.result = result;
        this.state.history.unshift(result);
        this.state.history.splice(MAX_HISTORY);
    }

    onManualResult(result) {
        this.showResult(result);
        this.focusScan();
    }

    toggleWalkIn() {
        this.state.showWalkIn = !this.state.showWalkIn;
        if (!this.state.showWalkIn) {
            this.focusScan();
        }
    }

    onWalkInResult(result) {
        if (result.ok) {
            this.state.counters.expected += 1;
            this.state.counters.missing += 1; // showResult moves it to checked in
            this.state.showWalkIn = false;
        }
        this.showResult(result);
        this.focusScan();
    }

    openSigninSheet() {
        this.actionService.doAction({
            type: "ir.actions.client",
            tag: "meeting_management.signin_sheet",
            name: _t("Sign-in Sheet"),
            context: { default_meeting_id: this.state.meetingId },
        });
    }

    exit() {
        this.actionService.doAction("meeting_management.meeting_meeting_action", {
            clearBreadcrumbs: true,
        });
    }
}

registry.category("actions").add("meeting_management.checkin_kiosk", MeetingCheckinKiosk);
