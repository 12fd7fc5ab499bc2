import { Component, useState } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import { callCheckin } from "./checkin_rpc";

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
        this.state = useState({ term: "", results: [] });
    }

    async onInput(ev) {
        this.state.term = ev.target.value;
        const term = this.state.term.trim();
        if (term.length < 2 || !this.props.meetingId) {
            this.state.results = [];
            return;
        }
        const results = await this.orm.call("meeting.attendee", "checkin_search", [
            this.props.meetingId,
            term,
        ]);
        if (term === this.state.term.trim()) {
            this.state.results = results;
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
        await this.props.onResult(result);
    }
}
