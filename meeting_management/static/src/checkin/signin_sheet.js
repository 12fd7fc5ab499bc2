import { _t } from "@web/core/l10n/translation";
import { Component, onMounted, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const RATE_REFRESH_MS = 15000;

/**
 * 签到表: counters, per-lane rate over the last 5 minutes, who came and who is still missing
 * (with their phone for coordinators). Live: each check-in on any lane sends a bus
 * notification, the sheet reloads at most once a second.
 */
export class MeetingSigninSheet extends Component {
    static template = "meeting_management.SigninSheet";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.busService = useService("bus_service");
        const context = this.props.action.context || {};
        this.state = useState({
            meetings: [],
            meetingId: context.default_meeting_id || false,
            data: null,
            filter: "",
        });
        this.onCheckinNotification = this.onCheckinNotification.bind(this);
        onWillStart(async () => {
            this.state.meetings = await this.orm.call("meeting.attendee", "get_checkin_meetings", []);
            if (!this.state.meetingId && this.state.meetings.length) {
                this.state.meetingId = this.state.meetings[0].id;
            }
            await this.load();
        });
        onMounted(() => {
            this.subscribe();
            this.interval = setInterval(() => this.load(), RATE_REFRESH_MS);
        });
        onWillUnmount(() => {
            clearInterval(this.interval);
            clearTimeout(this.refreshTimeout);
            clearTimeout(this.secondRefreshTimeout);
            this.busService.unsubscribe("meeting_management/checkin", this.onCheckinNotification);
            if (this.channel) {
                this.busService.deleteChannel(this.channel);
            }
        });
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
        // The server announces at most one check-in per second and worker: reload after 1 s
        // and again after 2.5 s so that the check-ins it did not announce show up too.
        if (payload.meeting_id === this.state.meetingId && !this.refreshTimeout) {
            this.refreshTimeout = setTimeout(() => {
                this.refreshTimeout = null;
                this.load();
            }, 1000);
            clearTimeout(this.secondRefreshTimeout);
            this.secondRefreshTimeout = setTimeout(() => this.load(), 2500);
        }
    }

    async load() {
        if (!this.state.meetingId) {
            this.state.data = null;
            return;
        }
        this.state.data = await this.orm.call("meeting.attendee", "get_signin_sheet_data", [
            this.state.meetingId,
        ]);
        const meeting = this.state.data.meeting;
        if (!this.state.meetings.some((m) => m.id === meeting.id)) {
            this.state.meetings.push(meeting);
        }
    }

    async onChangeMeeting(ev) {
        this.state.meetingId = parseInt(ev.target.value) || false;
        this.subscribe();
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
            url: `/meeting_management/signin_sheet/${this.state.meetingId}/xlsx`,
            target: "download",
        });
    }

    get title() {
        return _t("Sign-in Sheet");
    }
}

registry.category("actions").add("meeting_management.signin_sheet", MeetingSigninSheet);
