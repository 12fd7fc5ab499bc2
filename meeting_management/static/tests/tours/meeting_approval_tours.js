import { registry } from "@web/core/registry";

const approvalTab = {
    content: "Open the approval tab",
    trigger: ".o_notebook .nav-link:contains(Approval)",
    run: "click",
};

// The direct manager reads the resource reviewers' decisions and comments.
registry.category("web_tour.tours").add("meeting_approval_manager_tour", {
    steps: () => [
        approvalTab,
        {
            content: "The Administration reviewer's comment is shown",
            trigger: ".o_field_widget[name='visible_approval_ids'] .o_data_row:contains(Administration):contains(Hall and lunch booked)",
        },
        {
            content: "The IT reviewer's decision is shown",
            trigger: ".o_field_widget[name='visible_approval_ids'] .o_data_row:contains(IT):contains(Approved)",
        },
        {
            content: "The manager's own step is pending",
            trigger: ".o_field_widget[name='visible_approval_ids'] .o_data_row:contains(Manager Approval):contains(Pending)",
        },
    ],
});

// The resource reviewer sees what to judge on the step.
registry.category("web_tour.tours").add("meeting_approval_reviewer_tour", {
    steps: () => [
        {
            content: "Equipment: a projector is needed",
            trigger: ".o_field_widget[name='need_projector'] input:checked",
        },
        {
            content: "Head count",
            trigger: ".o_field_widget[name='expected_external_count']:contains(30)",
        },
        {
            content: "Catering budget",
            trigger: ".o_field_widget[name='catering_budget']:contains(400)",
        },
        {
            content: "Venue",
            trigger: ".o_form_sheet .o_field_widget[name='meeting_venue']:contains(Conference Center)",
        },
        {
            content: "The venue conflict (the banner while pending)",
            trigger: ".o_field_widget[name='conflict_html']:contains(Board Meeting)",
        },
        {
            content: "The time left, in words",
            trigger: ".o_field_widget[name='due_text']:contains(Due)",
        },
    ],
});

// The initiator sees the steps to come, with their reviewer and deadline.
registry.category("web_tour.tours").add("meeting_approval_initiator_tour", {
    steps: () => [
        approvalTab,
        {
            content: "The pending resource review, with its reviewer",
            trigger: ".o_meeting_approval_outlook tr:contains(Resource Review):contains(IT Head):contains(Waiting for a decision)",
        },
        {
            content: "The manager's step to come, with its deadline",
            trigger: ".o_meeting_approval_outlook tr:contains(Manager Approval):contains(General Manager):contains(at the latest)",
        },
    ],
});
