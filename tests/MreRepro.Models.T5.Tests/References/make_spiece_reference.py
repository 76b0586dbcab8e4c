"""Reference ids from Google's sentencepiece for the t5-base-japanese spiece.model (not committed).

Run with Debian's /usr/bin/python3: make_spiece_reference.py [path/to/spiece.model]
Writes spiece_reference.json: text and ids without specials (the C# test appends EOS itself).
"""
import json
import os
import sys

import sentencepiece as spm

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "tokenizers", "t5-base-japanese", "spiece.model")

SENTENCES = [
    "スティーブ・ジョブズはアップルの創業者である。",
    "東京都庁は新宿区にある。",
    "2024年6月7日、株式会社ストックマークは新しいサービスを発表した。",
    "彼は ChatGPT と LLaMA-2 を比較した。",
    "この文章のカテゴリーはスポーツです。",
    "「ポジティブ」な感想：とても美味しかった！",
    "吾輩は猫である。名前はまだ無い。",
    "ＡＢＣ　全角の英字と１２３。",
    "  先頭と末尾に空白  ",
]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MRE_SPIECE", DEFAULT)
    sp = spm.SentencePieceProcessor(model_file=path)
    cases = [{"text": s, "ids": sp.encode(s)} for s in SENTENCES]
    with open(os.path.join(HERE, "spiece_reference.json"), "w", encoding="utf-8") as f:
        json.dump({"piece_count": sp.get_piece_size(), "cases": cases}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
