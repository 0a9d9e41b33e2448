"""Every step of certification goes through here: checked, audited and saved in one transaction.

Apply → form panels and assign → each assessor scores each stage alone → reconcile → consensus → decide
→ certificate with its schedule → surveillance and extension → suspend, reinstate, withdraw.

One module per step of the process:

- `rounds`: a round is opened;
- `applications`: a city applies, withdraws; an application's one transition (`transition_application`);
- `panels`: panels, assignments, declared conflicts of interest;
- `review_sheets`: each assessor's scores for a stage, submitted once;
- `document_requests`: the panel asks the city for documents, the city answers;
- `consensus`: the panel's agreed scores, checked against the panel's range, as the engine scores them;
- `stage_gates`: the review stages a decision waits for, and their waivers (`answer_waiver`);
- `decision`: the decision, its published result, and the certificate it issues;
- `certificates`: issuing (number, schedule, due audits) and a certificate's one transition (`change_status`);
- `surveillance`: a surveillance audit's scores; `findings`: a finding's one transition; `due`: what falls due;
- `appeal_revision`: what an appeal's outcome does to the decision;
- `refusals`: `Refused` and `Conflict`, how every step says no; `_shared`: helpers of the steps, private.

This package re-exports every step's public functions, so that `from citycert.certification import workflow` and
`workflow.decide(...)` keep working for the pages, the API, the demo and the tests; new code may import from the
step's module.
"""

from citycert.certification.workflow._shared import in_both_languages, moment
from citycert.certification.workflow.appeal_revision import APPEAL_CHANGES, Revision, revise_decision_on_appeal
from citycert.certification.workflow.applications import (
    APPLICATION_MOVES,
    apply,
    transition_application,
    withdraw_application,
)
from citycert.certification.workflow.certificates import STATUS_MOVES, change_status
from citycert.certification.workflow.consensus import (
    consensus_result,
    engine_outcome,
    outside_the_panel,
    outside_without_reason,
    record_consensus,
)
from citycert.certification.workflow.decision import decide, why_not_decide
from citycert.certification.workflow.document_requests import answer_request, ask_city
from citycert.certification.workflow.due import DueItem, due_items
from citycert.certification.workflow.findings import (
    FINDING_MOVES,
    close_finding,
    raise_finding,
    transition_finding,
    verify_finding,
)
from citycert.certification.workflow.panels import add_member, assign, conflicted, declare_conflict, form_panel
from citycert.certification.workflow.refusals import Conflict, Refused
from citycert.certification.workflow.review_sheets import save_scores, sheet_for, submit_scores, submit_sheet
from citycert.certification.workflow.rounds import open_round
from citycert.certification.workflow.stage_gates import StageGap, answer_waiver, request_waiver, stage_gaps
from citycert.certification.workflow.surveillance import record_surveillance

__all__ = [
    "APPEAL_CHANGES",
    "APPLICATION_MOVES",
    "FINDING_MOVES",
    "STATUS_MOVES",
    "Conflict",
    "DueItem",
    "Refused",
    "Revision",
    "StageGap",
    "add_member",
    "answer_request",
    "answer_waiver",
    "apply",
    "ask_city",
    "assign",
    "change_status",
    "close_finding",
    "conflicted",
    "consensus_result",
    "decide",
    "declare_conflict",
    "due_items",
    "engine_outcome",
    "form_panel",
    "in_both_languages",
    "moment",
    "open_round",
    "outside_the_panel",
    "outside_without_reason",
    "raise_finding",
    "record_consensus",
    "record_surveillance",
    "request_waiver",
    "revise_decision_on_appeal",
    "save_scores",
    "sheet_for",
    "stage_gaps",
    "submit_scores",
    "submit_sheet",
    "transition_application",
    "transition_finding",
    "verify_finding",
    "why_not_decide",
    "withdraw_application",
]
