import { _t } from "@web/core/l10n/translation";
import { Component, useState } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import { callCheckinOrLane } from "./checkin_rpc";

/**
 * 临时参会现场补录: register a walk-in and check them in at once (`checkin_walk_in`).
 * Without network (the kiosk's `offlineLane` is offline, or the call fails as a network
 * error) the walk-in is queued on the lane and registered when the network is back.
 */
export class CheckinWalkInForm extends Component {
    static template = "meeting_management.CheckinWalkInForm";
    static props = {
        meetingId: Number,
        lane: String,
        offlineLane: { type: Object, optional: true },
        onResult: Function,
        onCancel: Function,
    };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ name: "", phone: "", company: "", title: "" });
    }

    async onSubmit(ev) {
        ev.preventDefault();
        if (!this.state.name.trim()) {
            this.notification.add(_t("A walk-in needs at least a name."), { type: "warning" });
            return;
        }
        const lane = this.props.offlineLane;
        let result;
        if (lane && !lane.state.online) {
            result = lane.queueWalkIn(this.state);
        } else {
            result = await callCheckinOrLane(
                this.orm,
                lane,
                "checkin_walk_in",
                [this.props.meetingId, { ...this.state }, this.props.lane],
                () => lane.queueWalkIn(this.state)
            );
        }
        await this.props.onResult(result);
    }
}
