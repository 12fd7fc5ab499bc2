import { _t } from "@web/core/l10n/translation";
import { Component, useState } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";
import { callCheckin } from "./checkin_rpc";

/** 临时参会现场补录: register a walk-in and check them in at once (`checkin_walk_in`). */
export class CheckinWalkInForm extends Component {
    static template = "meeting_management.CheckinWalkInForm";
    static props = {
        meetingId: Number,
        lane: String,
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
        const result = await callCheckin(this.orm, "checkin_walk_in", [
            this.props.meetingId,
            { ...this.state },
            this.props.lane,
        ]);
        await this.props.onResult(result);
    }
}
