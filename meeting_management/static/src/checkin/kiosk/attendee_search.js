import { _t } from "@web/core/l10n/translation";
import { Component, useState } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { useService } from "@web/core/utils/hooks";
import { callCheckin, callCheckinOrLane } from "./checkin_rpc";
import { onlineOrLane, withTimeout } from "./offline_lane";

// One Chinese character (a surname such as 赵) is a search, one Latin letter is not: the
// same rule as the server's `checkin_search`.
const CJK_RE = /[\u2e80-\uffff]/;

export function minSearchLength(term) {
    return CJK_RE.test(term) ? 1 : 2;
}

/**
 * Search the meeting's attendees by name or by the full phone number (`checkin_search`) and
 * check one in by id (`checkin_by_id`); the answer goes to `onResult` like a scan's.
 * The door exceptions start here too: a lost badge (`checkin_reissue_badge`) and details
 * that do not match (`checkin_correct_details`).
 * Without network (`offlineLane` offline) the search and the check-in use the lane's data;
 * the door exceptions wait for the network.
 */
export class CheckinAttendeeSearch extends Component {
    static template = "meeting_management.CheckinAttendeeSearch";
    static props = {
        meetingId: { type: [Number, Boolean] },
        lane: String,
        channelId: { type: [Number, Boolean], optional: true },
        offlineLane: { type: Object, optional: true },
        offline: { type: Boolean, optional: true },
        onResult: Function,
    };

    setup() {
        this.orm = useService("orm");
        this.dialog = useService("dialog");
        // hint: why the list is empty ("short": type more, "none": nobody matches)
        this.state = useState({ term: "", results: [], hint: "", correcting: null });
    }

    async onInput(ev) {
        this.state.term = ev.target.value;
        const term = this.state.term.trim();
        if (!term || !this.props.meetingId) {
            this.state.results = [];
            this.state.hint = "";
            return;
        }
        if (term.length < minSearchLength(term)) {
            this.state.results = [];
            this.state.hint = "short";
            return;
        }
        const results = await this.searchAttendees(term);
        if (term === this.state.term.trim()) {
            this.state.results = results;
            this.state.hint = results.length ? "" : "none";
        }
    }

    get offline() {
        const lane = this.props.offlineLane;
        return Boolean(lane && (this.props.offline || !lane.state.online));
    }

    async searchAttendees(term) {
        const lane = this.props.offlineLane;
        if (this.offline) {
            return lane.search(term);
        }
        return onlineOrLane(
            lane,
            (timeout) => {
                const call = this.orm.call("meeting.attendee", "checkin_search", [
                    this.props.meetingId,
                    term,
                ]);
                return timeout ? withTimeout(call, timeout) : call;
            },
            () => lane.search(term)
        );
    }

    reset() {
        this.state.results = [];
        this.state.term = "";
        this.state.hint = "";
        this.state.correcting = null;
    }

    async checkIn(attendee) {
        const lane = this.props.offlineLane;
        let result;
        if (attendee.offline || this.offline) {
            result = lane.decideById(attendee.id);
        } else {
            result = await callCheckinOrLane(
                this.orm,
                lane,
                "checkin_by_id",
                [this.props.meetingId, attendee.id, this.props.lane, this.props.channelId || false],
                () => lane.decideById(attendee.id)
            );
        }
        this.reset();
        await this.props.onResult(result);
    }

    /** Lost badge: a new QR code (the lost one stops working) and a temporary badge. */
    reissue(attendee) {
        this.dialog.add(ConfirmationDialog, {
            title: _t("Lost badge"),
            body: _t(
                "Reissue the QR code of %(name)s? The lost badge stops working at once; print the temporary badge next.",
                { name: attendee.name }
            ),
            confirmLabel: _t("Reissue"),
            confirm: async () => {
                const result = await callCheckin(this.orm, "checkin_reissue_badge", [
                    this.props.meetingId,
                    attendee.id,
                    this.props.lane,
                ]);
                this.reset();
                await this.props.onResult(result);
            },
            cancel: () => {},
        });
    }

    startCorrect(attendee) {
        this.state.correcting = {
            id: attendee.id,
            name: attendee.name,
            company: attendee.company,
            title: attendee.title,
        };
    }

    async submitCorrection(ev) {
        ev.preventDefault();
        const { id, ...values } = this.state.correcting;
        const result = await callCheckin(this.orm, "checkin_correct_details", [
            this.props.meetingId,
            id,
            values,
            this.props.lane,
        ]);
        if (result.ok) {
            this.reset();
        }
        await this.props.onResult(result);
    }
}
