import { registry } from "@web/core/registry";

function score(key, value) {
    return {
        content: `Score ${key}: ${value}`,
        trigger: `label[for='score_${key}_${value}']`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("meeting_feedback_public_tour", {
    steps: () => [
        {
            content: "Wrong phone digits",
            trigger: "input[name='phone_digits']",
            run: "edit 0000",
        },
        {
            trigger: ".o_meeting_feedback_verify",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Refused with a message",
            trigger: ".alert-danger",
        },
        {
            content: "Last four digits of the phone",
            trigger: "input[name='phone_digits']",
            run: "edit 5678",
        },
        {
            trigger: ".o_meeting_feedback_verify",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The form",
            trigger: "form.o_meeting_feedback_form",
        },
        score("overall", 5),
        score("agenda", 4),
        score("venue", 5),
        score("catering", 3),
        score("service", 4),
        {
            content: "Suggestions",
            trigger: "textarea[name='suggestions']",
            run: "edit Please confirm vegetarian meals earlier.",
        },
        {
            trigger: ".o_meeting_feedback_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanks page",
            trigger: ".o_meeting_feedback_thanks",
        },
    ],
});
