import { _t } from "@web/core/l10n/translation";
import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { rpc } from "@web/core/network/rpc";
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const MAX_HISTORY = 8;
const STATUS_CLASS = {
    ok: "o_checkin_ok",
    already: "o_checkin_warning",
};

/**
 * 签到 kiosk: full screen, one scan = one JSON-RPC call. The scan input keeps the focus so a
 * keyboard-wedge scanner types into it; scans that arrive while something else has the focus
 * come through Odoo's `barcode` service; a button opens the camera.
 */
export class MeetingCheckinKiosk extends Component {
    static template = "meeting_management.CheckinKiosk";
    static props = { ...standardActionServiceProps };

    setup() {
        this.actionService = useService("action");
        this.notification = useService("notification");
        this.orm = useService("orm");
        this.busService = useService("bus_service");
        this.scanInput = useRef("scanInput");
        const context = this.props.action.context || {};
        this.state = useState({
            meetings: [],
            meetingId: context.default_meeting_id || false,
            lane: localStorage.getItem("meeting_checkin_lane") || "",
            code: "",
            busy: false,
            result: null,
            history: [],
            counters: { expected: 0, checked_in: 0, missing: 0 },
            searchTerm: "",
            searchResults: [],
            showWalkIn: false,
            walkIn: { name: "", phone: "", company: "", title: "" },
        });
        this.cameraSupported = isBarcodeScannerSupported();
        this.laneChoices = [_t("VIP"), _t("Group"), _t("General")];
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => {
            // The scan input handles its own Enter; this catches scans typed elsewhere.
            if (ev.detail.target !== this.scanInput.el) {
                this.scan(ev.detail.barcode);
            }
        });
        this.onCheckinNotification = this.onCheckinNotification.bind(this);
        onWillStart(async () => {
            this.state.meetings = await this.orm.call("meeting.attendee", "get_checkin_meetings", []);
            if (!this.state.meetingId && this.state.meetings.length === 1) {
                this.state.meetingId = this.state.meetings[0].id;
            }
            if (this.state.meetingId) {
                await this.loadCounters();
            }
        });
        onMounted(() => {
            this.subscribe();
            this.focusScan();
        });
        onWillUnmount(() => {
            this.busService.unsubscribe("meeting_management/checkin", this.onCheckinNotification);
            if (this.channel) {
                this.busService.deleteChannel(this.channel);
            }
            browser.clearTimeout(this.refreshTimeout);
            browser.clearTimeout(this.secondRefreshTimeout);
        });
    }

    get meetingName() {
        const meeting = this.state.meetings.find((m) => m.id === this.state.meetingId);
        return meeting ? meeting.name : "";
    }

    subscribe() {
        if (this.channel) {
            this.busService.deleteChannel(this.channel);
            this.channel = null;
        }
        if (this.state.meetingId) {
            this.channel = `meeting_management.checkin:${this.state.meetingId}`;
            this.busService.addChannel(this.channel);
            this.busService.subscribe("meeting_management/checkin", this.onCheckinNotification);
        }
    }

    onCheckinNotification(payload) {
        if (payload.meeting_id !== this.state.meetingId) {
            return;
        }
        // Other lanes checked someone in: refresh the counters (three numbers from one
        // indexed count, never the list) 1 s later, and again after 2.5 s: the server
        // announces at most one check-in per second. A pending refresh is not postponed, so
        // a steady stream of check-ins still updates the counters every second or so.
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
        if (!this.state.meetingId || this.loadingCounters) {
            return;
        }
        const meetingId = this.state.meetingId;
        this.loadingCounters = true;
        try {
            const counters = await this.orm.call("meeting.attendee", "get_checkin_counters", [
                meetingId,
            ]);
            if (meetingId === this.state.meetingId) {
                this.state.counters = counters;
            }
        } finally {
            this.loadingCounters = false;
        }
    }

    focusScan() {
        if (this.state.showWalkIn) {
            return;
        }
        const el = this.scanInput.el;
        if (el && document.activeElement !== el) {
            el.focus();
        }
    }

    onScanBlur(ev) {
        // Keep the focus for the scanner unless the user moved to another field on purpose.
        setTimeout(() => {
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
        this.state.searchResults = [];
        this.subscribe();
        await this.loadCounters();
        this.focusScan();
    }

    setLane(lane) {
        this.state.lane = lane;
        localStorage.setItem("meeting_checkin_lane", lane);
        this.focusScan();
    }

    onLaneInput(ev) {
        this.setLane(ev.target.value);
    }

    onScanKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            const code = this.state.code;
            this.state.code = "";
            this.scan(code);
        }
    }

    async scan(code) {
        if (!this.state.meetingId) {
            this.showResult({ status: "bad_meeting", message: _t("Choose a meeting first.") });
            return;
        }
        const result = await rpc("/meeting_management/checkin/scan", {
            meeting_id: this.state.meetingId,
            code,
            lane: this.state.lane,
        });
        this.showResult(result);
        this.focusScan();
    }

    async openCamera() {
        let code = null;
        try {
            code = await scanBarcode(this.env, "environment");
        } catch (error) {
            this.notification.add(error.message || _t("The camera could not be opened."), {
                type: "warning",
            });
        }
        if (code) {
            await this.scan(code);
        }
        this.focusScan();
    }

    showResult(result) {
        if (result.status === "ok") {
            this.state.counters.checked_in += 1;
            this.state.counters.missing = Math.max(0, this.state.counters.missing - 1);
        }
        result.cssClass = STATUS_CLASS[result.status] || "o_checkin_error";
        result.key = Date.now() + Math.random();
        this.state.result = result;
        this.state.history.unshift(result);
        this.state.history.splice(MAX_HISTORY);
    }

    async onSearchInput(ev) {
        this.state.searchTerm = ev.target.value;
        const term = this.state.searchTerm.trim();
        if (term.length < 2 || !this.state.meetingId) {
            this.state.searchResults = [];
            return;
        }
        const results = await rpc("/meeting_management/checkin/search", {
            meeting_id: this.state.meetingId,
            term,
        });
        if (term === this.state.searchTerm.trim()) {
            this.state.searchResults = results;
        }
    }

    async checkInManually(attendee) {
        const result = await rpc("/meeting_management/checkin/manual", {
            meeting_id: this.state.meetingId,
            attendee_id: attendee.id,
            lane: this.state.lane,
        });
        this.showResult(result);
        this.state.searchResults = [];
        this.state.searchTerm = "";
        this.focusScan();
    }

    toggleWalkIn() {
        this.state.showWalkIn = !this.state.showWalkIn;
        this.state.walkIn = { name: "", phone: "", company: "", title: "" };
        if (!this.state.showWalkIn) {
            this.focusScan();
        }
    }

    async submitWalkIn(ev) {
        ev.preventDefault();
        if (!this.state.walkIn.name.trim()) {
            this.notification.add(_t("A walk-in needs at least a name."), { type: "warning" });
            return;
        }
        const result = await rpc("/meeting_management/checkin/walk_in", {
            meeting_id: this.state.meetingId,
            values: { ...this.state.walkIn },
            lane: this.state.lane,
        });
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
