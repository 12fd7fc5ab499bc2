import { Component, useState } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import { callCheckin } from "./checkin_rpc";

// One Chinese character (a surname such as 赵) is a search, one Latin letter is not: the
// same rule as the server's `checkin_search`.
const CJK_RE = /[\u2e80-\uffff]/;

export function minSearchLength(term) {
    return CJK_RE.test(term) ? 1 : 2;
}

/**
 * Search the meeting's attendees by name or by the full phone number (`checkin_search`) and
 * check one in by id (`checkin_by_id`); the answer goes to `onResult` like a scan's.
 */
export class CheckinAttendeeSearch extends Component {
    static template = "meeting_management.CheckinAttendeeSearch";
    static props = {
        meetingId: { type: [Number, Boolean] },
        lane: String,
        onResult: Function,
    };

    setup() {
        this.orm = useService("orm");
        // hint: why the list is empty ("short": type more, "none": nobody matches)
        this.state = useState({ term: "", results: [], hint: "" });
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
        const results = await this.orm.call("meeting.attendee", "checkin_search", [
            this.props.meetingId,
            term,
        ]);
        if (term === this.state.term.trim()) {
            this.state.results = results;
            this.state.hint = results.length ? "" : "none";
        }
    }

    async checkIn(attendee) {
        const result = await callCheckin(this.orm, "checkin_by_id", [
            this.props.meetingId,
            attendee.id,
            this.props.lane,
        ]);
        this.state.results = [];
        this.state.term = "";
        this.state.hint = "";
        await this.props.onResult(result);
    }
}
