"""A score with meaning (issue 18 §3): the counts under the score, every section tied lowest named,
no weakest section when nothing is weak, and the weakest sections' steps first."""

from __future__ import annotations

from pathlib import Path

import pytest
from runtime_helpers import wait_engine

from econsec.engine.scoring import score
from econsec.mdext.ui_text import TEXT
from econsec.mdext.widget_text import WIDGET_TEXT
from econsec.sources.checklists import load_checklist_by_id

pytestmark = [pytest.mark.browser, pytest.mark.warm]

ROOT = "[data-checklist]"
CH1 = load_checklist_by_id("tech-leakage-ch1", Path(__file__).resolve().parents[2] / "checklists")
PAGES = {"ja": "checks/tech-leakage-ch1.html", "en": "en/checks/tech-leakage-ch1.html"}
# ① 100; ② no + yes: 50; ③ partial + yes: 75; ④ yes + no: 50; ⑤ one partial: 50; ⑥ ⑦ unanswered.
# Three sections tie at 50.
ANSWERS = {
    "ch1-1-1": "yes",
    "ch1-1-2": "yes",
    "ch1-2-1": "no",
    "ch1-2-2": "yes",
    "ch1-3-1": "partial",
    "ch1-3-2": "yes",
    "ch1-4-1": "yes",
    "ch1-4-2": "no",
    "ch1-5-1": "partial",
}


def answer(page, answers: dict[str, str], lang: str) -> None:
    """Answer, then wait until the counts under the score are those of all the answers."""
    for item, value in answers.items():
        page.locator(f'{ROOT} [data-item="{item}"] input[value="{value}"]').check()
    page.wait_for_function(
        """(want) => document.querySelector('[data-score-counts]')?.textContent === want""",
        arg=expected_counts(lang, answers),
    )


def expected_counts(lang: str, answers: dict[str, str]) -> str:
    t, labels = WIDGET_TEXT[lang], TEXT[lang]["answers"]["score"]
    counts = score(CH1, answers).counts
    parts = [t["counts_part"].format(label=labels[v], count=counts[v]) for v in CH1.answers] + [
        t["counts_part"].format(label=TEXT[lang]["unanswered"], count=counts["unanswered"])
    ]
    return t["counts_sentence"].format(total=len(CH1.items), parts=t["list_sep"].join(parts))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_counts_ties_and_the_weakest_sections_first(page, base_url: str, lang: str) -> None:
    page.goto(base_url + PAGES[lang])
    wait_engine(page)
    answer(page, ANSWERS, lang)
    result = score(CH1, ANSWERS)
    page.wait_for_function(
        f"""() => document.querySelectorAll('[data-result="next-steps"] li').length
                  === {len(result.next_steps)}"""
    )
    # Every section tied lowest is named, and marked in the table.
    assert result.weakest_sections == ["info-management", "partner-country-interest", "labour"]
    weakest = page.locator(f'{ROOT} [data-result="weakest"]')
    text = weakest.text_content()
    titles = {s.id: s.title[lang] for s in CH1.sections}
    assert all(titles[s] in text for s in result.weakest_sections), text
    assert WIDGET_TEXT[lang]["weakest_label_many"] in text
    marked = page.eval_on_selector_all(
        f'{ROOT} [data-result="sections"] tr[data-weakest]',
        "rows => rows.map(r => r.dataset.section)",
    )
    assert marked == result.weakest_sections
    # The next steps in the engine's order: the weakest sections' three first.
    shown = page.eval_on_selector_all(
        f'{ROOT} [data-result="next-steps"] li', "lis => lis.map(li => li.dataset.nextItem)"
    )
    assert shown == [s["item"] for s in result.next_steps]
    assert shown[:3] == ["ch1-2-1", "ch1-4-2", "ch1-5-1"]  # the partial of ⑤ before ③'s
    assert page.js_errors == []


def test_no_weakest_section_when_nothing_is_weak(page, base_url: str) -> None:
    page.goto(base_url + PAGES["ja"])
    wait_engine(page)
    answers = {item.id: "yes" for item in CH1.items}
    answers["ch1-5-1"] = "na"
    answer(page, answers, "ja")
    page.wait_for_function("""() => document.querySelector('[data-result="score"]')
                              ?.dataset.value === '100'""")
    assert page.locator(f'{ROOT} [data-result="weakest"]').is_hidden()
    assert page.locator(f'{ROOT} [data-result="sections"] tr[data-weakest]').count() == 0
    # One gap again: the weakest line is back, naming its section.
    page.locator(f'{ROOT} [data-item="ch1-1-1"] input[value="partial"]').check()
    weakest = page.locator(f'{ROOT} [data-result="weakest"]')
    weakest.wait_for(state="visible")
    assert CH1.sections[0].title["ja"] in weakest.text_content()
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_section_of_only_not_applicable_is_not_scored_not_unanswered(
    page, base_url: str, lang: str
) -> None:
    """Section ① answered 該当しない twice says so in the chart, in words and in its description;
    section ⑥, unanswered, still says it has no answers."""
    page.goto(base_url + PAGES[lang])
    wait_engine(page)
    answers = {**ANSWERS, "ch1-1-1": "na", "ch1-1-2": "na"}
    answer(page, answers, lang)
    t = WIDGET_TEXT[lang]
    sections = {s.id: s for s in CH1.sections}
    first, unanswered = CH1.sections[0].id, CH1.sections[5].id
    values = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll(
            '[data-checklist] .econsec-chart__row')).map((g) => [g.getAttribute('data-section'),
            g.querySelector('.econsec-chart__value').textContent]))"""
    )
    assert values[first] == t["chart_only_na"], values
    assert values[unanswered] == t["no_answers"], values
    desc = page.locator(f"{ROOT} .econsec-chart__svg desc").text_content()
    title = sections[first].title[lang]
    assert t["chart_part_only_na"].format(title=title) in desc
    assert t["chart_part_none"].format(title=sections[unanswered].title[lang]) in desc
