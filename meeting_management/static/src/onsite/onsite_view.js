import { Component, onMounted, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { useMeetingBus } from "@meeting_management/core/meeting_bus_hook";

const TICK_MS = 15000;

/**
 * On-site command view (现场监控) for the meeting executor: check-in progress, current and next
 * agenda item with countdown and deviation, open incidents with their SLA clocks and a quick
 * incident report form. The server pings the meeting's bus channel on every change; the view
 * then re-reads its data through the ORM (no page reload).
 */
export class MeetingOnsiteView extends Component {
    static template = "meeting_management.OnsiteView";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.state = useState({
            data: null,
            meetings: [],
            now: Date.now(),
            showForm: false,
            submitting: false,
            form: this.emptyForm(),
        });
        this.clockOffset = 0;
        const params = this.props.action.params || {};
        const context = this.props.action.context || {};
        this.meetingId =
            params.meeting_id ||
            (context.active_model === "meeting.meeting" && context.active_id) ||
            context.default_meeting_id ||
            false;
        this.reloadDebounced = useDebounced(() => this.load(), 300);
        useMeetingBus(() => this.meetingId, "onsite", () => this.reloadDebounced());

        onWillStart(async () => {
            if (!this.meetingId) {
                this.meetingId = await this.orm.call("meeting.meeting", "get_onsite_meeting_id", []);
            }
            if (this.meetingId) {
                await this.load();
            } else {
                this.state.meetings = await this.orm.searchRead(
                    "meeting.meeting",
                    [["state", "in", ["approved", "in_progress"]]],
                    ["display_name", "date_start", "state"],
                    { order: "date_start desc", limit: 20 }
                );
            }
        });
        onMounted(() => {
            this.interval = browser.setInterval(() => (this.state.now = Date.now()), TICK_MS);
        });
        onWillUnmount(() => browser.clearInterval(this.interval));
    }

    emptyForm() {
        return { type_id: "", name: "", urgency: "medium", impact: "", photo: null };
    }

    async load() {
        const data = await this.orm.call("meeting.meeting", "get_onsite_data", [[this.meetingId]]);
        this.clockOffset = deserializeDateTime(data.server_now).toMillis() - Date.now();
        this.state.now = Date.now();
        if (!this.state.form.type_id && data.incident_types.length) {
            this.state.form.type_id = String(data.incident_types[0].id);
        }
        this.state.data = data;
    }

    // ------------------------------------------------------------------
    // Display helpers
    // ------------------------------------------------------------------
    get serverNow() {
        return this.state.now + this.clockOffset;
    }

    time(value) {
        return value ? deserializeDateTime(value).toFormat("HH:mm") : "";
    }

    minutesUntil(value) {
        return Math.round((deserializeDateTime(value).toMillis() - this.serverNow) / 60000);
    }

    get checkinPercent() {
        const { expected, checked_in } = this.state.data.checkin;
        return expected ? Math.round((100 * checked_in) / expected) : 0;
    }

    get nextLabel() {
        const next = this.state.data.next;
        if (!next) {
            return _t("No further session");
        }
        const minutes = Math.max(this.minutesUntil(next.date_start), 0);
        return _t("Next: %(time)s, in %(minutes)s min", {
            time: this.time(next.date_start),
            minutes,
        });
    }

    get deviationLabel() {
        const deviation = this.state.data.deviation;
        if (!deviation) {
            return _t("On schedule");
        }
        return deviation > 0
            ? _t("%(minutes)s min late", { minutes: deviation })
            : _t("%(minutes)s min early", { minutes: -deviation });
    }

    get currentRemaining() {
        const current = this.state.data.current;
        if (!current) {
            return "";
        }
        const minutes = this.minutesUntil(current.date_end);
        return minutes >= 0
            ? _t("%(minutes)s min left", { minutes })
            : _t("%(minutes)s min over", { minutes: -minutes });
    }

    slaInfo(incident) {
        if (incident.date_responded) {
            const late =
                deserializeDateTime(incident.date_responded) >
                deserializeDateTime(incident.sla_deadline);
            return { breached: late, label: late ? _t("Responded late") : _t("Responded") };
        }
        const minutes = this.minutesUntil(incident.sla_deadline);
        if (minutes < 0) {
            return { breached: true, label: _t("%(minutes)s min overdue", { minutes: -minutes }) };
        }
        return { breached: false, label: _t("%(minutes)s min to respond", { minutes }) };
    }

    // ------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------
    async openMeeting(meetingId) {
        this.meetingId = meetingId;
        await this.load(); // the render that follows joins the meeting's bus channel
    }

    async runItem(itemId, method) {
        await this.orm.call("meeting.agenda.item", method, [[itemId]]);
        await this.load();
    }

    openIncident(incidentId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "meeting.incident",
            res_id: incidentId,
            views: [[false, "form"]],
        });
    }

    openMeetingForm() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "meeting.meeting",
            res_id: this.meetingId,
            views: [[false, "form"]],
        });
    }

    setUrgency(urgency) {
        this.state.form.urgency = urgency;
    }

    toggleForm() {
        this.state.showForm = !this.state.showForm;
    }

    onPhotoChange(ev) {
        const file = ev.target.files && ev.target.files[0];
        if (!file) {
            this.state.form.photo = null;
            return;
        }
        const reader = new FileReader();
        reader.onload = () => {
            this.state.form.photo = {
                name: file.name,
                data: String(reader.result).split(",")[1],
                mimetype: file.type,
            };
        };
        reader.readAsDataURL(file);
    }

    async submitIncident(ev) {
        ev.preventDefault();
        const form = this.state.form;
        if (!form.name.trim() || !form.type_id) {
            this.notification.add(_t("Choose a type and describe the incident."), {
                type: "warning",
            });
            return;
        }
        this.state.submitting = true;
        try {
            await this.orm.call("meeting.meeting", "report_onsite_incident", [
                [this.meetingId],
                {
                    type_id: parseInt(form.type_id),
                    name: form.name,
                    urgency: form.urgency,
                    impact: form.impact,
                    photo: form.photo,
                },
            ]);
            this.notification.add(_t("Incident reported: the handler has been notified."), {
                type: "success",
            });
            const typeId = form.type_id;
            this.state.form = { ...this.emptyForm(), type_id: typeId };
            this.state.showForm = false;
            await this.load();
        } finally {
            this.state.submitting = false;
        }
    }
}

registry.category("actions").add("meeting_management.onsite", MeetingOnsiteView);
