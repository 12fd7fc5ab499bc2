import { _t } from "@web/core/l10n/translation";
import { Component, onMounted, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { useMeetingBus } from "@meeting_management/core/meeting_bus_hook";

const RATE_REFRESH_MS = 15000;
// The per-lane rates (5-minute averages) are asked for at most this often.
const RATES_EVERY_MS = 10000;
// As many received log ids above the cursor as the server accepts (SIGNIN_SEEN_LIMIT).
const SEEN_LIMIT = 1000;

/**
 * 签到表: counters, per-lane rate over the last 5 minutes, who came and who is still missing
 * (with their phone for coordinators). Live: each check-in on any lane sends a bus
 * notification (at most one a second); the sheet then asks only for what changed since its
 * cursor (the new check-ins and the counters), never for the whole list again. The cursor
 * stays ~2 s behind so that a late-committed scan is not missed; the sheet tells the server
 * which log lines above it it already holds (`seen`) so they are not sent again, and asks
 * for the per-lane rates only every 10 s. The whole list is loaded once, and again only when
 * the server's counters disagree with what the sheet holds (an attendee added or declined
 * meanwhile) or too much changed at once. The check-in lanes of the meeting are listed with
 * their state (online or not, scans not synced yet).
 */
export class MeetingSigninSheet extends Component {
    static template = "meeting_management.SigninSheet";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        const context = this.props.action.context || {};
        this.state = useState({
            meetings: [],
            meetingId: context.default_meeting_id || false,
            data: null,
            filter: "",
        });
        this.cursor = 0;
        this.seenLogIds = new Set();
        this.ratesAt = 0;
        this.checkedIds = new Set();
        this.checkedCount = 0;
        this.refreshing = null;
        useMeetingBus(() => this.state.meetingId, "checkin", () => this.onCheckinNotification());
        onWillStart(async () => {
            this.state.meetings = await this.orm.call("meeting.attendee", "get_checkin_meetings", []);
            if (!this.state.meetingId && this.state.meetings.length) {
                this.state.meetingId = this.state.meetings[0].id;
            }
            await this.load();
        });
        onMounted(() => {
            this.interval = browser.setInterval(() => this.refresh(), RATE_REFRESH_MS);
        });
        onWillUnmount(() => {
            browser.clearInterval(this.interval);
            browser.clearTimeout(this.refreshTimeout);
            browser.clearTimeout(this.secondRefreshTimeout);
        });
    }

    /** A check-in of this meeting was announced on the bus (see useMeetingBus). */
    onCheckinNotification() {
        // The server announces at most one check-in per second: ask for the changes after
        // 1 s and again after 2.5 s so that the check-ins it did not announce show up too.
        if (!this.refreshTimeout) {
            this.refreshTimeout = browser.setTimeout(() => {
                this.refreshTimeout = null;
                this.refresh();
            }, 1000);
            browser.clearTimeout(this.secondRefreshTimeout);
            this.secondRefreshTimeout = browser.setTimeout(() => this.refresh(), 2500);
        }
    }

    /** The whole sheet (first load, another meeting, or when the sheet lost track). */
    async load() {
        if (!this.state.meetingId) {
            this.state.data = null;
            return;
        }
        const meetingId = this.state.meetingId;
        const data = await this.orm.call("meeting.attendee", "get_signin_sheet_data", [meetingId]);
        if (meetingId !== this.state.meetingId) {
            return; // the user chose another meeting meanwhile
        }
        this.cursor = data.cursor;
        this.seenLogIds = new Set();
        this.ratesAt = Date.now();
        this.checkedIds = new Set(data.checked_list.map((line) => line.id));
        this.checkedCount = data.checked_in;
        this.state.data = data;
        const meeting = data.meeting;
        if (!this.state.meetings.some((m) => m.id === meeting.id)) {
            this.state.meetings.push(meeting);
        }
    }

    /** Only what changed since the cursor; one call at a time. */
    async refresh() {
        if (!this.state.data) {
            return this.load();
        }
        if (this.refreshing) {
            this.refreshAgain = true;
            return this.refreshing;
        }
        this.refreshing = this._refresh();
        try {
            await this.refreshing;
        } finally {
            this.refreshing = null;
        }
        if (this.refreshAgain) {
            this.refreshAgain = false;
            await this.refresh();
        }
    }

    async _refresh() {
        const meetingId = this.state.meetingId;
        const withRates = Date.now() - this.ratesAt >= RATES_EVERY_MS;
        // the highest ids: if there were more, the lowest ones' lines just come again
        const seen = [...this.seenLogIds].sort((a, b) => a - b).slice(-SEEN_LIMIT);
        const changes = await this.orm.call(
            "meeting.attendee",
            "get_signin_sheet_changes",
            [meetingId, this.cursor],
            { seen, with_rates: withRates }
        );
        const data = this.state.data;
        if (meetingId !== this.state.meetingId || !data || data.meeting.id !== meetingId) {
            return;
        }
        if (changes.full_reload) {
            return this.load();
        }
        for (const logId of changes.log_ids) {
            this.seenLogIds.add(logId);
        }
        for (const logId of this.seenLogIds) {
            if (logId <= changes.cursor) {
                this.seenLogIds.delete(logId);
            }
        }
        const fresh = changes.checked_lines.filter((line) => !this.checkedIds.has(line.id));
        if (fresh.length) {
            const freshIds = new Set(fresh.map((line) => line.id));
            for (const line of fresh) {
                this.checkedIds.add(line.id);
            }
            this.checkedCount += fresh.length;
            data.missing_list = data.missing_list.filter((line) => !freshIds.has(line.id));
            data.checked_list = [...fresh, ...data.checked_list];
        }
        this.cursor = changes.cursor;
        Object.assign(data, {
            expected: changes.expected,
            checked_in: changes.checked_in,
            missing: changes.missing,
        });
        if (changes.lanes) {
            data.lanes = changes.lanes;
        }
        if (changes.rates) {
            data.rates = changes.rates;
            data.channel_rates = changes.channel_rates || [];
            this.ratesAt = Date.now();
        }
        if (
            changes.checked_in !== this.checkedCount ||
            changes.missing !== data.missing_list.length
        ) {
            // Something changed that is not a check-in (an attendee added, declined, ...).
            return this.load();
        }
    }

    async onChangeMeeting(ev) {
        this.state.meetingId = parseInt(ev.target.value) || false;
        await this.load();
    }

    filtered(list) {
        const term = this.state.filter.trim().toLowerCase();
        if (!term) {
            return list;
        }
        return list.filter((line) =>
            [line.name, line.company, line.phone].some((value) =>
                (value || "").toLowerCase().includes(term)
            )
        );
    }

    printPdf() {
        this.actionService.doAction("meeting_management.action_report_signin_sheet", {
            additionalContext: { active_ids: [this.state.meetingId], active_id: this.state.meetingId, active_model: "meeting.meeting" },
        });
    }

    exportXlsx() {
        this.actionService.doAction({
            type: "ir.actions.act_url",
            url: `/meeting_management/xlsx/report_signin_sheet/${this.state.meetingId}`,
            target: "download",
        });
    }

    /** Lanes to look at: offline, or holding scans the server has not received yet. */
    laneClass(lane) {
        if (!lane.online) {
            return "table-danger o_lane_offline";
        }
        return lane.pending ? "table-warning o_lane_pending" : "o_lane_online";
    }

    get title() {
        return _t("Sign-in Sheet");
    }
}

registry.category("actions").add("meeting_management.signin_sheet", MeetingSigninSheet);
