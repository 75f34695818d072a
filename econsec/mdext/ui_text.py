"""The self-check's UI strings in both languages: defined here once.

The paper form (``econsec.mdext.checklist``) is written from them at build time; the widget's
strings reach the browser as data embedded in the page, never as a second copy in JavaScript.
"""

from __future__ import annotations

from typing import Any

TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "answers": {
            "score": {
                "yes": "実施している",
                "partial": "一部実施",
                "no": "実施していない",
                "unknown": "わからない",
                "na": "該当しない",
            },
            "screening": {"yes": "はい", "no": "いいえ", "unknown": "わからない"},
        },
        "unanswered": "未回答",
        "source": "出典：",
        "source_sep": "　",
        "edition": "（{}）",
        "derived": "本サイト独自の設問（{}に基づく）",
        "weight": "重み {}",
        "question_no": "問{}",
        "note": "メモ（任意）",
        "next_step": "次の一歩（本サイトによる）",
        "official_note": "",
        "next_when": {
            "score": "「実施していない」「一部実施」「わからない」と回答した場合",
            "screening": "「はい」「わからない」と回答した場合",
        },
        "guidance": "ガイダンスの解説を読む",
        "privacy": "回答はこの端末のブラウザにのみ保存され、外部には送信されません。",
        "nojs": (
            "JavaScript が無効なため、回答の保存と自動集計は使えません。"
            "このページを印刷すれば、記入用紙として使えます。"
        ),
        "progress_label": "回答状況",
        "progress_text": "{total} 項目中 {answered} 項目に回答済み",
        "results": "結果",
        "results_nojs": (
            "JavaScript が有効な場合は、回答に応じて結果が自動で表示されます。"
            "手で集計する場合は、「実施している」を1点、「一部実施」を0.5点、"
            "「実施していない」と「わからない」を0点とし、「該当しない」を除いた項目の平均を"
            "100点満点に換算します（重みのある項目は重みを掛けます）。"
        ),
        "results_nojs_screening": (
            "JavaScript が有効な場合は、回答に応じて判定が自動で表示されます。"
            "「はい」が一つでもあれば、制度の対象となる可能性があります。"
        ),
        "score": "総合スコア（100点満点）",
        "outcome": "判定",
        "as_of": "{} 時点の制度に基づく確認です。",
        "sections_caption": "区分ごとの結果",
        "col_section": "区分",
        "col_score": "スコア",
        "col_answered": "回答済み",
        "chart": "区分ごとのスコア（棒グラフ）",
        "chart_placeholder": "回答するとグラフが表示されます。",
        "counts_caption": "回答の内訳",
        "col_answer": "回答",
        "col_count": "件数",
        "weakest": "最も弱い区分：",
        "next_steps": "次に取り組むこと",
        "next_steps_empty": "該当する項目はまだありません。",
        "empty": "—",
        "actions": "回答の保存と印刷",
        "export_json": "回答を書き出す（JSON）",
        "export_csv": "表計算用に書き出す（CSV）",
        "print": "印刷する",
        "reset": "回答をすべて消去する",
        "import": "書き出した回答ファイル（JSON）を読み込む",
        "translation": "",
        "error": "チェックリスト「{}」を表示できません。",
    },
    "en": {
        "answers": {
            "score": {
                "yes": "Implemented",
                "partial": "Partly implemented",
                "no": "Not implemented",
                "unknown": "Don't know",
                "na": "Not applicable",
            },
            "screening": {"yes": "Yes", "no": "No", "unknown": "Don't know"},
        },
        "unanswered": "Unanswered",
        "source": "Source: ",
        "source_sep": ", ",
        "edition": " ({})",
        "derived": "Project's own wording, based on {}",
        "weight": "weight {}",
        "question_no": "Q{}",
        "note": "Note (optional)",
        "next_step": "Next step (written by this site)",
        "official_note": (
            " (the official wording is Japanese; this English is the project's translation)"
        ),
        "next_when": {
            "score": "if you answered “Not implemented”, “Partly implemented” or “Don't know”",
            "screening": "if you answered “Yes” or “Don't know”",
        },
        "guidance": "Read the guidance",
        "privacy": (
            "Your answers are stored only in this browser on this device and are never sent "
            "anywhere."
        ),
        "nojs": (
            "JavaScript is off, so answers are not saved and not scored. "
            "Print this page to use it as a paper form."
        ),
        "progress_label": "Progress",
        "progress_text": "{answered} of {total} items answered",
        "results": "Results",
        "results_nojs": (
            "With JavaScript on, results appear as you answer. To score by hand: "
            "“Implemented” counts 1, “Partly implemented” 0.5, “Not implemented” and "
            "“Don't know” 0; leave out “Not applicable”, take the (weighted) average and "
            "multiply by 100."
        ),
        "results_nojs_screening": (
            "With JavaScript on, the outcome appears as you answer. Any “Yes” means the "
            "scheme may apply."
        ),
        "score": "Overall score (out of 100)",
        "outcome": "Outcome",
        "as_of": "Based on the scheme as of {}.",
        "sections_caption": "Results by section",
        "col_section": "Section",
        "col_score": "Score",
        "col_answered": "Answered",
        "chart": "Score by section (bar chart)",
        "chart_placeholder": "The chart appears once you answer.",
        "counts_caption": "Answers by type",
        "col_answer": "Answer",
        "col_count": "Count",
        "weakest": "Weakest section: ",
        "next_steps": "What to do next",
        "next_steps_empty": "No items need attention yet.",
        "empty": "—",
        "actions": "Save and print",
        "export_json": "Export answers (JSON)",
        "export_csv": "Export for spreadsheets (CSV)",
        "print": "Print",
        "reset": "Clear all answers",
        "import": "Import an exported answers file (JSON)",
        "translation": (
            "The English wording of this self-check is the project's own translation of the "
            "Japanese original; where they differ, the Japanese text prevails."
        ),
        "error": "The checklist “{}” cannot be shown.",
    },
}
