"""The live widget's strings in both languages: defined here once, read by the browser as data.

``econsec.mdext.widget_config`` embeds the page language's table in every self-check root
(``<script type="application/json" data-econsec-ui>``); ``js/widget/text.js`` formats them. The
paper form's strings are in ``econsec.mdext.ui_text``; the widget also reads a few of those
(``progress_text``, ``unanswered``, ``empty``), named in ``SHARED_FORM_KEYS`` below.

A template names its values in braces (``"{count} 項目"``), as ``str.format`` does; the browser's
formatter replaces exactly those. A value that differs in the singular is ``{"one", "other"}``,
chosen by ``count``. ``{limit}`` in ``import_too_large`` is filled in here, from the engine's
``MAX_IMPORT_BYTES`` (``widget_config``).
"""

from __future__ import annotations

from typing import Any

# Paper-form strings (ui_text.TEXT) the widget uses as they are.
SHARED_FORM_KEYS = ("progress_text", "unanswered", "empty")

WIDGET_TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "engine": {
            "loading": "採点の準備中です…（回答は入力でき、その都度この端末に保存されます）",
            "ready": "採点の準備ができました（回答に合わせて結果が更新されます）",
            "error": (
                "採点の準備ができませんでした。"
                "スコアは表示できませんが、回答はこの端末に保存されています。"
            ),
            "restarted": (
                "採点が正常に動作しなかったため、採点の準備をやり直しました。"
                "回答はそのまま残っており、準備ができ次第、結果を計算し直します。"
            ),
            "retry": "採点の準備をやり直す",
        },
        "storage_unavailable": (
            "この端末のブラウザに回答を保存できません（プライベートブラウズの設定などが原因です）。"
            "ページを閉じると回答は失われますので、「回答を書き出す（JSON）」で保存してください。"
        ),
        "storage_full": (
            "回答を保存できませんでした（ブラウザの保存領域が不足しています）。"
            "「回答を書き出す（JSON）」で保存してください。"
        ),
        "migrated": "以前の版（{source}）で保存した回答を引き継ぎました。",
        "damaged": {
            "json": "この端末に保存されていた回答のデータが壊れており、読み取ることができませんでした。",
            "shape": "この端末に保存されていた回答のデータが、想定された形式になっていません。",
            "items": "保存されていた回答のデータに、このチェックリストにない設問が {count} 件含まれていました。",
            "values": "保存されていた回答のデータに、使用できない回答が {count} 件含まれていました。",
            "recovered": "読み取ることができた {count} 項目の回答とメモを表示しています。",
            "recovered_none": "読み取ることができた回答はありません。",
            "backup": "元のデータは、写しとしてこの端末のブラウザに保管しました。",
            "no_backup": (
                "元のデータの写しをこの端末に保管できませんでした（保存領域の不足などによります）。"
                "下のボタンからファイルとして保存してください。"
            ),
            "hold": (
                "以下のいずれかを選択されるまで、保存されていたデータは上書きしません。"
                "それまでの回答は、このページを開いている間だけ保持されます。"
            ),
            "download": "壊れたデータをファイルとして保存する",
            "continue": "読み取れた回答で続ける（保存データを置き換える）",
            "afresh": "新たに回答を始める（保存データを置き換える）",
            "resolved": "保存データを置き換えました。これ以降の回答は、この端末に保存されます。",
            "backup_kept": "元のデータの写しは、引き続きこの端末のブラウザに保管されています。",
        },
        "removed": (
            "以前の版で回答した次の {count} 項目は、この版では削除されています"
            "（以前の版の回答は、この端末に残っています）："
        ),
        "removed_item": "{id}（{details}）",
        "with_note": "メモあり",
        "review": "改訂された設問が {count} 項目あります。回答を見直してください：",
        "review_mark": "改訂された設問です。回答を見直してください。",
        "score": "{value} 点",
        "no_score": "—（採点の対象となる回答がまだありません）",
        # Why there is no score, by the engine's nothing_counted.reason ({count}: answers "na").
        "nothing_counted": {
            "no_answers": "まだ回答がないため、点数を計算できません。設問に回答すると、点数を表示します。",
            "only_na": (
                "回答した{count}項目がすべて「該当しない」のため、点数を計算できません。"
                "「該当しない」と回答した設問は、点数の計算から除きます。"
            ),
        },
        "no_score_na": "—（採点の対象となる回答がありません）",
        "weakest": "{title}（{value} 点）",
        "weakest_label_many": "最も弱い区分（同点）：",
        "counts_sentence": "{total}項目中、{parts}",
        "counts_part": "{label}{count}",
        "no_answers": "回答なし",
        "chart_title": "区分ごとのスコア（100点満点）",
        "chart_desc": "横棒グラフ。{parts}。",
        "chart_part": "{title}：{value} 点",
        "chart_part_none": "{title}：回答なし",
        # A section whose every answer is 「該当しない」 (the engine's nothing_counted: only_na).
        "chart_only_na": "採点対象外",
        "chart_part_only_na": "{title}：すべて「該当しない」のため採点対象外",
        "chart_part_sep": "、",
        "weakest_mark": "（最も弱い区分）",
        "answer_label": "回答：",
        "label_sep": "：",  # after the paper form's next-step title (ui_text "next_step")
        "go_to_item": "設問へ移動",
        "note_open": "メモを書く",
        "link_sep": " ／ ",
        "announce_progress": "{total} 項目中 {answered} 項目に回答済み。",
        "announce_score": "総合スコア {value} 点。{total} 項目中 {answered} 項目に回答済み。",
        "announce_outcome": "判定：{outcome}（{total} 項目中 {answered} 項目に回答済み）",
        "score_failed": "採点できませんでした：{message}",
        "import_too_large": (
            "このファイルは読み込めません。ファイルが大きすぎます（上限は {limit} です）。"
            "このサイトで書き出した回答ファイル（JSON）を選んでください。"
        ),
        "import_needs_engine": (
            "回答ファイルは、採点の準備ができてから読み込めます。"
            "「採点の準備ができました」と表示されてから、もう一度お試しください。"
        ),
        "import_read_error": "ファイルを読み込めませんでした。",
        "import_nothing": "このファイルには、このチェックリストで使える回答がありません。",
        "import_failed": "このファイルは読み込めません。現在の回答は変更していません。",
        "import_unchanged": "現在の回答は変更していません。",
        "confirm_replace": (
            "現在の回答とメモを、読み込んだファイルの内容で置き換えます。よろしいですか？"
        ),
        "import_cancelled": "読み込みを取り消しました。現在の回答は変更していません。",
        "imported": "「{title}」の回答ファイルを読み込みました（{count} 項目）。",
        "import_wrong_checklist": (
            "このファイルは読み込めません。「{other}」の回答ファイルです。"
            "「{other}」のページで読み込んでください。"
        ),
        "ignored": "{count} 項目は読み込みませんでした：",
        "reasons": {"unknown-item": "このチェックリストにない項目", "bad-value": "使えない回答"},
        "ignored_item": "{id}（{reason}）",
        "ignored_item_value": "{id}（{reason}：{value}）",
        "ignored_more": "ほか {count} 項目",
        "ignored_end": "。",
        "import_sep": "",
        "list_sep": "、",
        "confirm_reset": (
            "この端末のブラウザに保存されている、このチェックリストの次のデータをすべて消去します。"
            "よろしいですか？\n{items}"
        ),
        "reset_current": "・この版（{version}）の回答とメモ",
        "reset_older": "・以前の版や別のサイトの版で保存した回答とメモ {count} 件（{labels}）",
        "reset_backups": "・壊れたデータの写し {count} 件",
        "reset_done": "「{title}」の回答とメモを消去しました。",
        "exported": (
            "「{title}」の回答を {name} として書き出しました。"
            "ファイルは、ブラウザの保存先（通常は「ダウンロード」フォルダ）にあります。"
        ),
        "exported_plan": (
            "「{title}」の行動計画を {name} として書き出しました。"
            "ファイルは、ブラウザの保存先（通常は「ダウンロード」フォルダ）にあります。"
        ),
        "exported_file": (
            "{name} を書き出しました。"
            "ファイルは、ブラウザの保存先（通常は「ダウンロード」フォルダ）にあります。"
        ),
        "print_wait": "採点が終わるのを待っています。終わりしだい、印刷の画面を開きます。",
        "print_unscored": (
            "採点の準備ができる前に印刷したため、この印刷には点数と結果を含めていません。"
            "点数が表示されてから、もう一度印刷してください。"
        ),
        "print_meta": "印刷日：{date}",
        "print_meta_build": "印刷日：{date}　サイトの版：{build}",
        "csv_header": [
            "区分",
            "項目ID",
            "設問",
            "回答",
            "メモ",
            "重み",
            "出典",
            "担当",
            "期限",
            "状況",
        ],
        "bridge_missing": "engine-bridge.js could not be loaded",
        "bridge_undefined": "engine-bridge.js did not define EconsecEngine",
    },
    "en": {
        "engine": {
            "loading": (
                "Preparing the scoring… (you can answer meanwhile; your answers are saved on "
                "this device as you go)"
            ),
            "ready": "The scoring is ready (results update as you answer)",
            "error": (
                "The scoring could not be prepared. Scores are unavailable, but your answers "
                "are saved on this device."
            ),
            "restarted": (
                "The scoring did not work as it should and was prepared again. Your answers are "
                "kept, and the results will be worked out again as soon as it is ready."
            ),
            "retry": "Prepare the scoring again",
        },
        "storage_unavailable": (
            "Your answers cannot be saved in this browser (private browsing settings, for "
            "example). They will be lost when you close the page: use “Export answers (JSON)” "
            "to keep them."
        ),
        "storage_full": (
            "Your answers could not be saved (the browser's storage is full). "
            "Use “Export answers (JSON)” to keep them."
        ),
        "migrated": "Answers saved with an earlier version ({source}) were carried over.",
        "damaged": {
            "json": "The answers saved on this device are damaged and could not be read.",
            "shape": "The answers saved on this device are not in the expected format.",
            "items": "The saved answers include {count} item(s) that are not in this checklist.",
            "values": "The saved answers include {count} answer(s) that are not allowed.",
            "recovered": "The answers and notes of {count} item(s) could be read and are shown below.",
            "recovered_none": "No answers could be read.",
            "backup": "A copy of the original data has been kept in this browser.",
            "no_backup": (
                "A copy of the original data could not be kept on this device (storage may be "
                "full). Use the button below to save it as a file."
            ),
            "hold": (
                "The saved data will not be overwritten until you choose one of the options "
                "below. Until then, your answers are kept only while this page is open."
            ),
            "download": "Save the damaged data as a file",
            "continue": "Continue with the answers that could be read (replace the saved data)",
            "afresh": "Start afresh (replace the saved data)",
            "resolved": (
                "The saved data has been replaced. From now on your answers are saved on this "
                "device."
            ),
            "backup_kept": "The copy of the original data remains in this browser.",
        },
        "removed": (
            "These {count} item(s) you answered in an earlier version have been removed from "
            "this version (the earlier answers remain on this device): "
        ),
        "removed_item": "{id} ({details})",
        "with_note": "with a note",
        "review": "{count} question(s) have been revised. Please review your answers: ",
        "review_mark": "This question has been revised. Please review your answer.",
        "score": "{value}",
        "no_score": "— (no answers to score yet)",
        "nothing_counted": {
            "no_answers": (
                "There is no score because nothing has been answered yet. Answer the questions "
                "to see one."
            ),
            "only_na": {
                "one": (
                    "There is no score because the one question you answered is “Not "
                    "applicable”: questions answered “Not applicable” are left out of the score."
                ),
                "other": (
                    "There is no score because all {count} questions you answered are “Not "
                    "applicable”: questions answered “Not applicable” are left out of the score."
                ),
            },
        },
        "no_score_na": "— (no answers to score)",
        "weakest": "{title} ({value} / 100)",
        "weakest_label_many": "Weakest sections (tied): ",
        "counts_sentence": "Of {total} questions: {parts}",
        "counts_part": "{label} {count}",
        "no_answers": "no answers",
        "chart_title": "Score by section (out of 100)",
        "chart_desc": "Horizontal bar chart. {parts}.",
        "chart_part": "{title}: {value}",
        "chart_part_none": "{title}: no answers",
        "chart_only_na": "not scored",
        "chart_part_only_na": "{title}: not scored, every answer is “Not applicable”",
        "chart_part_sep": "; ",
        "weakest_mark": " (weakest section)",
        "answer_label": "Answer: ",
        "label_sep": ": ",
        "go_to_item": "Go to the question",
        "note_open": "Write a note",
        "link_sep": " · ",
        "announce_progress": "{answered} of {total} items answered.",
        "announce_score": "Overall score {value} out of 100. {answered} of {total} items answered.",
        "announce_outcome": "Outcome: {outcome} ({answered} of {total} items answered)",
        "score_failed": "Scoring failed: {message}",
        "import_too_large": (
            "This file cannot be imported. It is too large (the limit is {limit}). "
            "Choose an answers file (JSON) exported from this site."
        ),
        "import_needs_engine": (
            "Answers files can be imported once the scoring is ready. Try again when the "
            "status says “The scoring is ready”."
        ),
        "import_read_error": "The file could not be read.",
        "import_nothing": "This file holds no answers that this checklist can use.",
        "import_failed": "This file cannot be imported. Your current answers are unchanged.",
        "import_unchanged": "Your current answers are unchanged.",
        "confirm_replace": "Replace your current answers and notes with the contents of this file?",
        "import_cancelled": "Import cancelled. Your current answers are unchanged.",
        "imported": {
            "one": "Answers file imported into “{title}” ({count} item).",
            "other": "Answers file imported into “{title}” ({count} items).",
        },
        "import_wrong_checklist": (
            "This file cannot be imported. It holds answers to “{other}”. Import it on that "
            "checklist's page."
        ),
        "ignored": {
            "one": "1 item was not imported: ",
            "other": "{count} items were not imported: ",
        },
        "reasons": {"unknown-item": "not in this checklist", "bad-value": "answer not allowed"},
        "ignored_item": "{id} ({reason})",
        "ignored_item_value": "{id} ({reason}: {value})",
        "ignored_more": "and {count} more",
        "ignored_end": ".",
        "import_sep": " ",
        "list_sep": ", ",
        "confirm_reset": (
            "Delete all of the following data of this checklist stored in this browser on this "
            "device?\n{items}"
        ),
        "reset_current": "• the answers and notes of this version ({version})",
        "reset_older": {
            "one": "• 1 record of answers and notes saved with another version ({labels})",
            "other": "• {count} records of answers and notes saved with other versions ({labels})",
        },
        "reset_backups": {
            "one": "• 1 copy of damaged data",
            "other": "• {count} copies of damaged data",
        },
        "reset_done": "Answers and notes of “{title}” deleted.",
        "exported": (
            "Exported the answers to “{title}” as {name}. The file is where your browser saves "
            "downloads (usually the Downloads folder)."
        ),
        "exported_plan": (
            "Exported the action plan of “{title}” as {name}. The file is where your browser "
            "saves downloads (usually the Downloads folder)."
        ),
        "exported_file": (
            "Exported {name}. The file is where your browser saves downloads (usually the "
            "Downloads folder)."
        ),
        "print_wait": "Waiting for the scoring to finish; the print dialog opens as soon as it has.",
        "print_unscored": (
            "This was printed before the scoring was ready, so it holds no score or results. "
            "Print again once the score is shown."
        ),
        "print_meta": "Printed {date}",
        "print_meta_build": "Printed {date} · site version {build}",
        "csv_header": [
            "Section",
            "Item ID",
            "Question",
            "Answer",
            "Note",
            "Weight",
            "Provenance",
            "Owner",
            "Due date",
            "Status",
        ],
        "bridge_missing": "engine-bridge.js could not be loaded",
        "bridge_undefined": "engine-bridge.js did not define EconsecEngine",
    },
}
