import { Component } from "@odoo/owl";

/** The big card of the last scan: welcome (green), warning (yellow) or refusal (red). */
export class CheckinScanResult extends Component {
    static template = "meeting_management.CheckinScanResult";
    static props = {
        result: { type: Object, optional: true },
        ready: Boolean,
    };
}
