import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

async function checkInGuest(name) {
    // another device (the check-in kiosk) checks a guest in: the on-site view must follow
    // through the bus, without reloading the page
    const [guest] = await rpc("/web/dataset/call_kw/meeting.attendee/search_read", {
        model: "meeting.attendee",
        method: "search_read",
        args: [[["name", "=", name]], ["meeting_id"]],
        kwargs: {},
    });
    await rpc("/web/dataset/call_kw/meeting.attendee/checkin_by_id", {
        model: "meeting.attendee",
        method: "checkin_by_id",
        args: [guest.meeting_id[0], guest.id, "Tour"],
        kwargs: {},
    });
}

registry.category("web_tour.tours").add("meeting_onsite_report_tour", {
    steps: () => [
        {
            content: "The on-site view shows the running meeting and its check-in counters",
            trigger: ".o_meeting_onsite .o_onsite_title:contains('Tour Summit')",
        },
        {
            content: "Expected attendees are counted",
            trigger: ".o_onsite_missing:contains('2')",
        },
        {
            content: "The catering panel counts the meals with the 10 % reserve (2 + 1)",
            trigger: ".o_onsite_logistics .o_onsite_meals:contains('3')",
        },
        {
            content: "The next session and its countdown are shown",
            trigger: ".o_onsite_next:contains('Next:')",
        },
        {
            content: "A guest is checked in elsewhere",
            trigger: ".o_onsite_checked_in:contains('0')",
            run: () => checkInGuest("Guest A"),
        },
        {
            content: "The counters update live",
            trigger: ".o_onsite_checked_in:contains('1')",
        },
        {
            content: "... and the missing count too",
            trigger: ".o_onsite_missing:contains('1')",
        },
        {
            content: "Open the quick report form",
            trigger: ".o_onsite_report_btn",
            run: "click",
        },
        {
            content: "Choose the type",
            trigger: ".o_onsite_form select[name='type_id']",
            run: "selectByLabel Tour Device Failure",
        },
        {
            content: "Describe the incident",
            trigger: ".o_onsite_form input[name='name']",
            run: "edit Projector of the main hall is down",
        },
        {
            content: "High urgency",
            trigger: ".o_onsite_form button[name='urgency_high']",
            run: "click",
        },
        {
            content: "Send",
            trigger: ".o_onsite_form .o_onsite_submit",
            run: "click",
        },
        {
            content: "The incident is listed with its SLA clock",
            trigger:
                ".o_onsite_incident:contains('Projector of the main hall is down') .o_onsite_sla:contains('min to respond')",
        },
    ],
});

registry.category("web_tour.tours").add("meeting_incident_respond_tour", {
    steps: () => [
        {
            content: "The handler opens the incident routed to them",
            trigger: ".o_data_row td:contains('Projector of the main hall is down')",
            run: "click",
        },
        {
            content: "Respond",
            trigger: ".o_form_view button[name='action_respond']",
            run: "click",
        },
        {
            content: "The incident is in progress",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('In Progress')",
        },
    ],
});
