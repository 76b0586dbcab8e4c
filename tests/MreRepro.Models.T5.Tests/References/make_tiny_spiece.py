#!/usr/bin/python3
"""A committed stand-in for t5-base-japanese's spiece.model, so the tokenizer path is tested without ../shared.

Trains a tiny Unigram SentencePiece model with the ids sonoisa's model uses (pad 0, eos 1, unk 2, and bos_id -1,
which Microsoft.ML.Tokenizers 2.0.1 rejects and our loader patches) and the default nmt_nfkc normalisation, on
Japanese sentences written for this test; then records Google sentencepiece's ids for held-out texts (full-width
forms, spaces, characters the model never saw).
Run with Debian's python3-sentencepiece: /usr/bin/python3 make_tiny_spiece.py
Writes tiny_spiece/spiece.model and tiny_spiece_reference.json beside this script.
"""
import io, json, os
import sentencepiece as spm

here = os.path.dirname(os.path.abspath(__file__))
topics = ["経済", "政治", "スポーツ", "科学", "文化", "自然"]
subjects = ["市長", "研究チーム", "選手たち", "企業", "作家", "住民"]
actions = ["新しい方針を発表した", "記録を更新した", "提携を結んだ", "賞を受けた", "調査を始めた", "祭りを開いた"]
lines = []
for i, t in enumerate(topics):
    for j, s in enumerate(subjects):
        a = actions[(i + 2 * j) % len(actions)]
        lines.append(f"この文章のカテゴリーは{t}です。{s}が{a}。")
        lines.append(f"{2010 + i + j}年、{s}は{t}の分野で{a}と伝えられた。")

model = io.BytesIO()
spm.SentencePieceTrainer.train(
    sentence_iterator=iter(lines), model_writer=model, model_type="unigram", vocab_size=120,
    character_coverage=1.0, pad_id=0, eos_id=1, unk_id=2, bos_id=-1, num_threads=1, minloglevel=2)
os.makedirs(os.path.join(here, "tiny_spiece"), exist_ok=True)
with open(os.path.join(here, "tiny_spiece", "spiece.model"), "wb") as f:
    f.write(model.getvalue())

sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
texts = [
    "この文章のカテゴリーは科学です。",
    "研究チームが新しい方針を発表した。",
    "２０２４年、市長は経済の分野で賞を受けた。",   # full-width digits: NFKC turns them into ASCII
    "  住民が 祭りを開いた  ",
    "吾輩は猫である。",                              # characters outside the training text: <unk>
]
cases = [{"text": t, "ids": sp.encode(t), "pieces": sp.encode(t, out_type=str), "decoded": sp.decode(sp.encode(t))} for t in texts]
with open(os.path.join(here, "tiny_spiece_reference.json"), "w", encoding="utf-8") as f:
    json.dump({"pieces": sp.get_piece_size(), "pad_id": sp.pad_id(), "eos_id": sp.eos_id(), "unk_id": sp.unk_id(),
               "bos_id": sp.bos_id(), "sentencepiece": spm.__version__, "cases": cases}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print("wrote tiny_spiece/spiece.model and tiny_spiece_reference.json:", sp.get_piece_size(), "pieces")
