import { registry } from "@web/core/registry";

function scan(code) {
    return {
        content: `Scan ${code}`,
        trigger: ".o_meeting_checkin_kiosk .o_checkin_scan_input",
        run: `edit ${code} && press Enter`,
    };
}

registry.category("web_tour.tours").add("meeting_checkin_kiosk_tour", {
    steps: () => [
        {
            content: "Choose the meeting",
            trigger: ".o_meeting_checkin_kiosk select.o_checkin_meeting",
            run: "selectByLabel Tour Summit",
        },
        {
            content: "Counters of the meeting are loaded",
            trigger: ".o_counter_expected:contains(3)",
        },
        {
            content: "Choose the VIP lane",
            trigger: ".o_meeting_checkin_kiosk header button:contains(VIP)",
            run: "click",
        },
        scan("TOURCODE-guest-one-000001"),
        {
            content: "Welcome message with the VIP flag",
            trigger: ".o_checkin_ok .o_checkin_message:contains(Tour Guest One)",
        },
        { trigger: ".o_checkin_ok .o_checkin_vip" },
        { trigger: ".o_counter_checked_in:contains(1)" },
        scan("TOURCODE-guest-one-000001"),
        {
            content: "The second scan is answered 'already checked in'",
            trigger: ".o_checkin_warning .o_checkin_message:contains(already checked in)",
        },
        scan("TOURCODE-unknown-99999999"),
        {
            content: "Unknown code",
            trigger: ".o_checkin_error .o_checkin_message:contains(Unknown code)",
        },
        scan("TOURCODE-guest-two-000002"),
        { trigger: ".o_checkin_ok .o_checkin_message:contains(Tour Guest Two)" },
        { trigger: ".o_counter_checked_in:contains(2)" },
        {
            content: "Register a walk-in",
            trigger: ".o_checkin_walk_in_button",
            run: "click",
        },
        { trigger: ".o_checkin_walk_in .o_walk_in_name", run: "edit Walk In Visitor" },
        { trigger: ".o_checkin_walk_in .o_walk_in_phone", run: "edit 13911112222" },
        { trigger: ".o_checkin_walk_in .o_walk_in_company", run: "edit Delta Ltd" },
        { trigger: ".o_checkin_walk_in .o_walk_in_title", run: "edit Engineer" },
        { trigger: ".o_checkin_walk_in .o_walk_in_submit", run: "click" },
        { trigger: ".o_checkin_ok .o_checkin_message:contains(Walk In Visitor)" },
        { trigger: ".o_counter_expected:contains(4)" },
        { trigger: ".o_counter_checked_in:contains(3)" },
        {
            content: "The scan input has the focus again",
            trigger: ".o_checkin_scan_input:focus",
        },
    ],
});
