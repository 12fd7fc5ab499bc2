import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("meeting_risk_register_tour", {
    steps: () => [
        {
            content: "The lessons of the type are shown on the draft",
            trigger: "div[name='type_lessons']:contains(Test the backup projector)",
        },
        {
            content: "Open the Risks tab",
            trigger: ".o_notebook .nav-link:contains(Risks)",
            run: "click",
        },
        {
            content: "Propose the risks of the meeting type",
            trigger: "button[name='action_generate_risks']",
            run: "click",
        },
        {
            content: "The templates are in the register, scored",
            trigger:
                ".o_field_widget[name='risk_ids'] .o_data_row:contains(VIP itinerary change):contains(12)",
        },
        {
            content: "High risks without a mitigation are flagged",
            trigger: "div[name='risk_blocking']:contains(without a mitigation)",
        },
    ],
});

registry.category("web_tour.tours").add("meeting_incident_plan_tour", {
    steps: () => [
        {
            content: "The plan's progress is shown to the handler",
            trigger: "div[name='plan_checklist']:contains(0):contains(2)",
        },
        {
            content: "Open the plan",
            trigger: ".o_notebook .nav-link:contains(Emergency Plan)",
            run: "click",
        },
        {
            content: "Who to call",
            trigger: ".o_field_widget[name='plan_contact_partner_ids']:contains(Venue Engineer)",
        },
        {
            content: "Tick the first action",
            trigger:
                ".o_field_widget[name='checklist_ids'] .o_data_row:contains(Switch to the backup) .o_field_boolean_toggle input",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Open the timeline",
            trigger: ".o_notebook .nav-link:contains(Timeline)",
            run: "click",
        },
        {
            content: "The ticked action is on the timeline",
            trigger:
                ".o_field_widget[name='event_ids'] .o_data_row:contains(Action Done):contains(Switch to the backup)",
        },
    ],
});
