"""The strings of the page that combines respondents' answers files (issue 13 §1, §2), both
languages; ``econsec.mdext.combine_page`` embeds the page language's table as JSON."""

from __future__ import annotations

from typing import Any

COMBINE_TEXT: dict[str, dict[str, Any]] = {
    "ja": {
        "choose": "回答ファイル（JSON）を選ぶ（複数選択できます）",
        "privacy": (
            "選んだファイルは、この端末の中で読み込むだけで、どこにも送信せず、保存もしません。"
            "ページを閉じると消えます。"
        ),
        "anonymous": "匿名モード（件数だけを表示する）",
        "anonymous_note": (
            "匿名モードでは、ファイル名、回答者の名前、メモ及び一人ひとりの回答を表示しません。"
            "回答ごとの件数、区分ごとの点数の範囲及び取組の余地が大きい設問だけを表示します。"
        ),
        "needs_engine": "採点の準備ができてから、もう一度ファイルを選んでください。",
        "loading": "採点の準備中です。準備ができしだい、選んだファイルを読み込みます。",
        "read_error": "「{name}」を読み込めませんでした。",
        "loaded": "「{title}」の回答ファイルを {count} 件読み込みました。",
        "loaded_one": "「{title}」の回答ファイルを 1 件読み込みました。比べるには、2 件以上選んでください。",
        "none_ok": "読み込めるファイルがありませんでした。",
        "unknown_checklist": (
            "このサイトのチェックリストの回答ファイルではありません。書き出した回答ファイルを選んでください。"
        ),
        "refused": "読み込まなかったファイル：",
        "refused_count": "読み込まなかったファイルが {count} 件あります。",
        "refused_item": "「{name}」（{message}）",
        "respondents": "回答者",
        "respondent_label": "{name} の回答者名",
        "anonymous_file": "匿名のファイル",
        "items": "設問ごとの回答",
        "col_question": "設問",
        "col_agree": "一致",
        "col_consensus": "合意案",
        "col_count": "件数",
        "agree": "一致",
        "disagree": "意見が分かれています",
        "not_counted": "採点の対象となる回答なし",
        "unanswered": "未回答",
        "consensus_label": "{question}の合意案",
        "consensus_intro": (
            "合意案は、採点の対象となる回答のうち最も慎重なもの（取組の程度が最も低いもの）です。"
            "設問ごとに変えることができます。"
        ),
        "export_consensus": "合意案を書き出す（JSON）",
        "exported": (
            "合意案を {name} として書き出しました。自己点検のページで読み込むことができます。"
            "ファイルは、ブラウザの保存先（通常は「ダウンロード」フォルダ）にあります。"
        ),
        "sections": "区分ごとの点数",
        "col_section": "区分",
        "col_min": "最低",
        "col_median": "中央値",
        "col_max": "最高",
        "col_spread": "差",
        "overall": "総合スコア",
        "points": "{value}",
        "none": "—",
        "counts": "回答ごとの件数",
        "most_gaps": "「実施していない」「わからない」が多い設問（上位5件）",
        "most_gaps_screening": "「はい」「わからない」が多い設問（上位5件）",
        "most_gaps_item": "{question}（{count} 件）",
        "most_gaps_none": "該当する設問はありません。",
        "guidance": "ガイダンスの解説を読む",
        "export_csv": "集計を書き出す（CSV）",
        "print": "集計を印刷する",
        "csv_header": ["設問番号", "設問"],
        "room_title": "集計：{title}（{count} 件の回答）",
        "print_date": "印刷日：{date}",
    },
    "en": {
        "choose": "Choose answers files (JSON; you can choose several)",
        "privacy": (
            "The files you choose are read on this device only: they are not sent anywhere and "
            "not kept. They are gone when you close the page."
        ),
        "anonymous": "Anonymous mode (counts only)",
        "anonymous_note": (
            "In anonymous mode no file name, respondent's name, note or individual answer is "
            "shown: only how many gave each answer, the range of scores by section and the "
            "questions with most room for improvement."
        ),
        "needs_engine": "Choose the files again once the scoring is ready.",
        "loading": "Preparing the scoring; the files you chose are read as soon as it is ready.",
        "read_error": "“{name}” could not be read.",
        "loaded": "Read {count} answers files of “{title}”.",
        "loaded_one": "Read 1 answers file of “{title}”. Choose two or more to compare them.",
        "none_ok": "None of the files could be read.",
        "unknown_checklist": (
            "These are not answers files of a checklist of this site. Choose exported answers files."
        ),
        "refused": "Files not read: ",
        "refused_count": {"one": "1 file was not read.", "other": "{count} files were not read."},
        "refused_item": "“{name}” ({message})",
        "respondents": "Respondents",
        "respondent_label": "Respondent's name for {name}",
        "anonymous_file": "anonymous file",
        "items": "Answers by question",
        "col_question": "Question",
        "col_agree": "Agreement",
        "col_consensus": "Proposed consensus",
        "col_count": "Count",
        "agree": "Agree",
        "disagree": "Answers differ",
        "not_counted": "No scored answers",
        "unanswered": "Unanswered",
        "consensus_label": "Proposed consensus for {question}",
        "consensus_intro": (
            "The proposed consensus is the most cautious of the scored answers (the lowest level "
            "of implementation). You can change it question by question."
        ),
        "export_consensus": "Export the consensus (JSON)",
        "exported": (
            "Exported the consensus as {name}; it can be imported on the self-check's page. The "
            "file is where your browser saves downloads (usually the Downloads folder)."
        ),
        "sections": "Scores by section",
        "col_section": "Section",
        "col_min": "Lowest",
        "col_median": "Median",
        "col_max": "Highest",
        "col_spread": "Spread",
        "overall": "Overall score",
        "points": "{value}",
        "none": "—",
        "counts": "How many gave each answer",
        "most_gaps": "Questions most often answered “Not implemented” or “Don't know” (top 5)",
        "most_gaps_screening": "Questions most often answered “Yes” or “Don't know” (top 5)",
        "most_gaps_item": "{question} ({count})",
        "most_gaps_none": "There are none.",
        "guidance": "Read the guidance",
        "export_csv": "Export the summary (CSV)",
        "print": "Print the summary",
        "csv_header": ["No.", "Question"],
        "room_title": "Summary: {title} ({count} responses)",
        "print_date": "Printed {date}",
    },
}

# The summary CSV's section columns are the sections table's own headings (the spread is left out).
for _text in COMBINE_TEXT.values():
    _text["csv_sections"] = [_text[k] for k in ("col_section", "col_min", "col_median", "col_max")]

del _text
