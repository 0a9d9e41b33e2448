"""The panel scored Seocho-gu's vision (BM.vision) at 2 and 3. The certifier types a consensus of 5 there: the
form flags the item and refuses it (409) until it has a reason; with one it is saved, and the decision page
lists the item with the panel's range and the reason, as the decision keeps them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.test import Client

from citycert.certification import workflow
from citycert.certification.choices import Outcome
from citycert.certification.models import ConsensusScore, Decision
from tests.certification.story import RoundStory, decide, item_ids, round_in_review, score_everything
from tests.people import People


def scored(people: People) -> RoundStory:
    story = round_in_review(people)
    for stage in ("stage-1", "stage-2"):
        score_everything(story, story.seocho, stage, [{"BM.vision": "2"}, {"BM.vision": "3"}, {"BM.vision": "3"}])
    return story


def test_the_workflow_wants_a_reason_for_each_item_outside_the_range(people: People) -> None:
    story = scored(people)
    agreed = dict.fromkeys(item_ids(), ("3", "")) | {"BM.vision": ("5", "")}
    try:
        workflow.record_consensus(story.seocho, agreed, people.certifier)
    except workflow.Refused as error:
        refused = error
    assert refused.rule == "reason_needed_outside_range"
    assert refused.details == [{"item": "BM.vision", "value": "5", "low": "2", "high": "3"}]
    assert "BM.vision 5 (panel 2–3)" in str(refused)
    assert ConsensusScore.objects.count() == 0
    # Inside the range (2 or 3) needs no reason; outside with one is taken.
    workflow.record_consensus(story.seocho, agreed | {"BM.vision": ("5", "현장에서 추가 증빙 확인")}, people.certifier)
    decision = decide(story.seocho, Outcome.CERTIFIED, "충족")
    assert decision.outside_range == [
        {"item": "BM.vision", "value": "5", "low": "2", "high": "3", "reason": "현장에서 추가 증빙 확인"}
    ]


def test_the_form_flags_the_item_keeps_the_input_and_the_decision_page_lists_it(
    client: Client, people: People, tmp_path: Path
) -> None:
    story = scored(people)
    client.force_login(people.certifier)
    url = f"/certification/applications/{story.seocho.pk}/"
    page = client.get(url).content.decode()
    assert "패널 점수 범위" in page  # the range beside each item before anything is typed

    typed = {f"value-{item}": "3" for item in item_ids()} | {"value-BM.vision": "5", "rationale-BM.roadmap": "메모-R1"}
    answer = client.post(url + "consensus/", typed)
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "패널 점수 범위를 벗어난 합의 점수는 해당 항목의 사유가 필요합니다" in page
    vision = page.split('<tr id="consensus-BM.vision"')[1].split("</tr>")[0]
    assert vision.startswith(' class="flagged') and "패널 범위 밖" in vision
    assert '<option value="5" selected>' in vision and 'value="메모-R1"' in page
    # The reason is asked for at the item's own rationale, not only above the form.
    assert "5은(는) 패널 점수 범위(2–3)를 벗어납니다: 이 항목의 사유를 적어 주세요." in vision
    assert ConsensusScore.objects.count() == 0

    typed["rationale-BM.vision"] = "현장에서 추가 증빙 확인-R2"
    assert client.post(url + "consensus/", typed).status_code == 302
    page = client.get(url).content.decode()
    assert "패널 점수 범위를 벗어난 합의" in page and "현장에서 추가 증빙 확인-R2" in page

    decide(story.seocho, Outcome.CERTIFIED, "충족")
    officer = Client()
    officer.force_login(people.officer)
    page = officer.get(url).content.decode()
    assert "BM.vision</strong> 5 (패널 2–3): 현장에서 추가 증빙 확인-R2" in page
    assert Decision.objects.get().outside_range[0]["item"] == "BM.vision"
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(officer.get(url + "letter.pdf?lang=ko").content)
    printed = " ".join(subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, text=True).stdout.split())
    assert "패널 점수 범위를 벗어난 합의" in printed and "현장에서 추가 증빙 확인-R2" in printed
