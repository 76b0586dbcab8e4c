#!/usr/bin/python3
"""Reference ids for the LLaMA-2 tokenizer path when ../shared is absent.

Trains a tiny SentencePiece model with LLaMA-2's trainer settings (BPE, byte fallback, split digits, identity
normalisation, dummy prefix, unk/bos/eos = 0/1/2) on Japanese sentences written for this test, then records Google
sentencepiece's ids for held-out texts, some with characters the model never saw (byte fallback).
Run with Debian's python3-sentencepiece: /usr/bin/python3 make_spm_reference.py
Writes tiny_spm/tokenizer.model and spm_reference.json beside this script.
"""
import io, json, os
import sentencepiece as spm

here = os.path.dirname(os.path.abspath(__file__))
subjects = ["佐藤氏", "研究者たち", "市の職員", "若い作家", "技術者", "学生", "記者", "農家の人々"]
places = ["京都", "東京", "大阪", "札幌", "福岡", "名古屋"]
verbs = ["新しい計画について語った", "展示会を訪れた", "論文を発表した", "森で鳥を観察した",
         "小説を書き上げた", "装置を改良した", "祭りに参加した", "川の水質を調べた"]
moods = ["とても良かった", "普通だった", "残念だった"]
lines = []
for i, s in enumerate(subjects):
    for j, p in enumerate(places):
        v = verbs[(i + j) % len(verbs)]
        m = moods[(i * 3 + j) % len(moods)]
        lines.append(f"{s}は{p}で{v}。結果は{m}と話した。")
        lines.append(f"{2000 + i * 7 + j}年、{p}の{s}が{v}。")
lines += ["The model was trained on 1,000 samples.", "Text only と Text+TLI を比べる。"]

model = io.BytesIO()
spm.SentencePieceTrainer.train(
    sentence_iterator=iter(lines), model_writer=model, model_type="bpe", vocab_size=500,
    byte_fallback=True, split_digits=True, add_dummy_prefix=True, normalization_rule_name="identity",
    remove_extra_whitespaces=False, allow_whitespace_only_pieces=True, character_coverage=0.99,
    unk_id=0, bos_id=1, eos_id=2, pad_id=-1, num_threads=1, minloglevel=2)
os.makedirs(os.path.join(here, "tiny_spm"), exist_ok=True)
with open(os.path.join(here, "tiny_spm", "tokenizer.model"), "wb") as f:
    f.write(model.getvalue())

sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
texts = [
    "佐藤氏は京都で論文を発表した。",
    "研究者たちが札幌の森で鳥を観察した。",
    "2024年、仙台の漁師が新しい網を試した。",   # 仙台, 漁師, 網: characters outside the training text
    "  先頭の空白と 途中の 空白。",
    "Text+WLI で 3 ラベルを与える。",
    "絵文字😀も数字12345も通る。",
]
cases = [{"text": t, "ids": sp.encode(t), "pieces": sp.encode(t, out_type=str), "decoded": sp.decode(sp.encode(t))} for t in texts]
with open(os.path.join(here, "spm_reference.json"), "w", encoding="utf-8") as f:
    json.dump({"vocab_size": sp.get_piece_size(), "bos_id": sp.bos_id(), "eos_id": sp.eos_id(), "unk_id": sp.unk_id(),
               "sentencepiece": spm.__version__, "cases": cases}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote tiny_spm/tokenizer.model and spm_reference.json:", sp.get_piece_size(), "pieces")
