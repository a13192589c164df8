"""A tiny T5-style encoder/decoder pair and SentencePiece Unigram model, with independent reference values.

Produces (all under LabApp.Tests/Fixtures/):
  tiny-t5-spiece.model     SentencePiece Unigram model (vocab 400) trained here on the rt-polarity sentences with
                           T5's special ids: <pad>=0 </s>=1 <unk>=2, no <s>; a small custom normalisation rule
                           table (full-width a/b, the fi ligature, the curly apostrophe, no-break space) stands in
                           for T5's nmt_nfkc table, which alone is 240 KB, so the precompiled-charsmap path is used
  tiny-t5-tokens.json      python-sentencepiece ids of review sentences and edge cases (no </s>) and their decoding
                           (null when an id is <unk>: sentencepiece shows it as " ⁇ ", Hugging Face's
                           skip_special_tokens drops it)
  tiny-t5-encoder.onnx     inputs input_ids, attention_mask (int64 [batch, encoder_sequence]),
                           output last_hidden_state (float [batch, encoder_sequence, 3])
  tiny-t5-decoder.onnx     inputs input_ids (int64 [batch, decoder_sequence]), encoder_attention_mask (int64),
                           encoder_hidden_states (float), output logits (float [batch, decoder_sequence, 428]):
                           the input and output names of Optimum's non-merged decoder_model.onnx (no past key values)
  tiny-t5-expected.json    what greedy decoding must produce for each class of input
Run:      /usr/bin/python3 tools/reference/make_tiny_t5_fixtures.py
          (reads ../shared/data/rt-polaritydata beside the repository, or $RT_POLARITY)

How the pair decides what to say:
  The encoder looks up a 3-number "evidence" vector per token: (1, 0, 0) for every token, (1, 5, 0) for the piece
  "▁nothing" and (1, 0, 9) for "▁drama". Where attention_mask is 0, and for the <pad> id itself, it emits
  (0, 0, 50) instead, as padding garbage; the decoder takes the maximum of the evidence over the positions where
  encoder_attention_mask is 1, so a mask that lets padding in turns a padded row's answer into class 2. The softmax of 10 x that maximum weighs three scripts:
    class 0 "positive", class 1 "negative" (input contains "nothing"), class 2 "neutral" (input contains "drama",
    which wins over "nothing").
  At decoder position t a script emits its t-th piece (then </s>, then </s> forever) only if the token fed back at
  position t is the one the script expects there (decoder start <pad>=0 at position 0, then the script's own
  pieces, </s>, then <pad> as Hugging Face pads finished rows); otherwise it emits <unk>. So only a decoder loop
  that starts from <pad>, feeds back its own argmax and pads finished rows reproduces the expected text.
  The logits have 28 more entries than the vocabulary, as flan-t5's 32128 logits over 32100 pieces.
"""
import json
import os
import tempfile

import numpy as np
import onnx
import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2
from onnx import TensorProto, helper, numpy_helper

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(REPO, "LabApp.Tests", "Fixtures")
DATA = os.environ.get("RT_POLARITY", os.path.join(REPO, "..", "shared", "data", "rt-polaritydata"))
VOCAB = 400
LOGIT_PADDING = 28
SCRIPT_POSITIONS = 64
PAD, EOS, UNK = 0, 1, 2
SCRIPTS = ["positive", "negative", "neutral"]
MARKERS = {"▁nothing": [1.0, 5.0, 0.0], "▁drama": [1.0, 0.0, 9.0]}
PADDING_GARBAGE = [0.0, 0.0, 50.0]
RULES = "FF41\t61\nFF42\t62\nFB01\t66 69\n2019\t27\nA0\t20\n"
EDGE_CASES = [
    "",
    "Is the following sentence positive or negative? a gorgeous, witty, seductive movie.",
    "  leading,   inner   and trailing spaces  ",
    "ﬁlm ａｂ it’s\u00a0here",
    "UPPER case and Émile's café",
    "tabs\tand\nnew lines",
    "numbers 1999 and 2024",
]


def train(corpus_lines, model_dir):
    corpus = os.path.join(model_dir, "corpus.txt")
    rules = os.path.join(model_dir, "rules.tsv")
    with open(corpus, "w", encoding="utf-8") as f:
        f.write("\n".join(corpus_lines) + "\n")
    with open(rules, "w", encoding="utf-8") as f:
        f.write(RULES)
    prefix = os.path.join(model_dir, "spiece")
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=prefix, vocab_size=VOCAB, model_type="unigram", character_coverage=1.0,
        pad_id=PAD, eos_id=EOS, unk_id=UNK, bos_id=-1, normalization_rule_tsv=rules, num_threads=1, minloglevel=2)
    # The trainer records its file paths in the model; fixed names keep the fixture identical from run to run.
    model = sentencepiece_model_pb2.ModelProto()
    with open(prefix + ".model", "rb") as f:
        model.ParseFromString(f.read())
    model.trainer_spec.input[:] = ["rt-polarity.pos + rt-polarity.neg"]
    model.trainer_spec.model_prefix = "tiny-t5-spiece"
    model.normalizer_spec.normalization_rule_tsv = "rules.tsv"
    return model.SerializeToString()


def encoder_graph(evidence):
    nodes = [
        helper.make_node("Gather", ["evidence", "input_ids"], ["looked_up"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "axis_last"], ["mask3"]),
        helper.make_node("Sub", ["one", "mask3"], ["padding3"]),
        helper.make_node("Mul", ["looked_up", "mask3"], ["kept"]),
        helper.make_node("Mul", ["padding3", "padding_garbage"], ["garbage"]),
        helper.make_node("Add", ["kept", "garbage"], ["last_hidden_state"]),
    ]
    graph = helper.make_graph(
        nodes, "tiny-t5-encoder",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "encoder_sequence_length"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "encoder_sequence_length"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", "encoder_sequence_length", 3])],
        initializer=[
            numpy_helper.from_array(evidence, "evidence"),
            numpy_helper.from_array(np.array(PADDING_GARBAGE, dtype=np.float32), "padding_garbage"),
            numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
            numpy_helper.from_array(np.array([-1], dtype=np.int64), "axis_last"),
        ])
    return finish(graph)


def decoder_graph(targets, expected_inputs, logits_size):
    nodes = [
        # which script: softmax(10 x masked max of the evidence over the encoder positions)
        helper.make_node("Cast", ["encoder_attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "axis_last"], ["mask3"]),
        helper.make_node("Sub", ["one", "mask3"], ["padding3"]),
        helper.make_node("Mul", ["encoder_hidden_states", "mask3"], ["kept"]),
        helper.make_node("Mul", ["padding3", "minus_hundred"], ["floor"]),
        helper.make_node("Add", ["kept", "floor"], ["masked"]),
        helper.make_node("ReduceMax", ["masked"], ["evidence"], axes=[1], keepdims=0),
        helper.make_node("Mul", ["evidence", "ten"], ["sharpened"]),
        helper.make_node("Softmax", ["sharpened"], ["weights"], axis=1),
        # what each script says at each decoder position, given the token fed back there
        helper.make_node("Shape", ["input_ids"], ["ids_shape"]),
        helper.make_node("Gather", ["ids_shape", "one_index"], ["length"], axis=0),
        helper.make_node("Range", ["zero_index", "length", "one_index"], ["positions"]),
        helper.make_node("Gather", ["targets", "positions"], ["script_targets"], axis=1),
        helper.make_node("Gather", ["expected_inputs", "positions"], ["script_inputs"], axis=1),
        helper.make_node("Unsqueeze", ["input_ids", "axis_one"], ["fed_back"]),
        helper.make_node("Equal", ["fed_back", "script_inputs"], ["on_script"]),
        helper.make_node("Where", ["on_script", "script_targets", "unk"], ["said"]),
        helper.make_node("OneHot", ["said", "depth", "one_hot_values"], ["said_logits"], axis=-1),
        helper.make_node("Einsum", ["said_logits", "weights"], ["logits"], equation="bktv,bk->btv"),
    ]
    graph = helper.make_graph(
        nodes, "tiny-t5-decoder",
        [helper.make_tensor_value_info("encoder_attention_mask", TensorProto.INT64, ["batch_size", "encoder_sequence_length"]),
         helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "decoder_sequence_length"]),
         helper.make_tensor_value_info("encoder_hidden_states", TensorProto.FLOAT, ["batch_size", "encoder_sequence_length", 3])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", "decoder_sequence_length", logits_size])],
        initializer=[
            numpy_helper.from_array(targets, "targets"),
            numpy_helper.from_array(expected_inputs, "expected_inputs"),
            numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
            numpy_helper.from_array(np.array(-100.0, dtype=np.float32), "minus_hundred"),
            numpy_helper.from_array(np.array(10.0, dtype=np.float32), "ten"),
            numpy_helper.from_array(np.array([-1], dtype=np.int64), "axis_last"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "axis_one"),
            numpy_helper.from_array(np.array(0, dtype=np.int64), "zero_index"),
            numpy_helper.from_array(np.array(1, dtype=np.int64), "one_index"),
            numpy_helper.from_array(np.array(UNK, dtype=np.int64), "unk"),
            numpy_helper.from_array(np.array(logits_size, dtype=np.int64), "depth"),
            numpy_helper.from_array(np.array([0.0, 10.0], dtype=np.float32), "one_hot_values"),
        ])
    return finish(graph)


def finish(graph):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="make_tiny_t5_fixtures")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    lines = []
    for name in ("rt-polarity.pos", "rt-polarity.neg"):
        with open(os.path.join(DATA, name), encoding="utf-8") as f:
            lines += [line.strip() for line in f]
    with tempfile.TemporaryDirectory() as tmp:
        model_bytes = train(lines, tmp)
    sp = spm.SentencePieceProcessor(model_proto=model_bytes)
    assert sp.get_piece_size() == VOCAB and sp.pad_id() == PAD and sp.eos_id() == EOS and sp.unk_id() == UNK and sp.bos_id() == -1

    evidence = np.tile(np.array([1.0, 0.0, 0.0], dtype=np.float32), (VOCAB, 1))
    # <pad> never comes out of the tokenizer, so it reads as padding garbage even where a wrong mask says "token".
    evidence[PAD] = PADDING_GARBAGE
    for piece, vector in MARKERS.items():
        evidence[sp.piece_to_id(piece)] = vector
        assert sp.id_to_piece(sp.piece_to_id(piece)) == piece

    scripts = [sp.encode(s) + [EOS] for s in SCRIPTS]
    targets = np.full((len(SCRIPTS), SCRIPT_POSITIONS), EOS, dtype=np.int64)
    expected_inputs = np.full((len(SCRIPTS), SCRIPT_POSITIONS), PAD, dtype=np.int64)
    for k, script in enumerate(scripts):
        targets[k, : len(script)] = script
        expected_inputs[k, 1 : len(script) + 1] = script

    # Sentences of the test split's kind: every 80th line of each polarity file, stripped as the dataset does.
    sentences = lines[::80] + EDGE_CASES
    tokens = [{"text": s, "ids": ids, "decoded": None if UNK in ids else sp.decode(ids)} for s in sentences for ids in [sp.encode(s)]]

    with open(os.path.join(FIXTURES, "tiny-t5-spiece.model"), "wb") as f:
        f.write(model_bytes)
    with open(os.path.join(FIXTURES, "tiny-t5-tokens.json"), "w", encoding="utf-8") as f:
        json.dump(tokens, f, ensure_ascii=False, separators=(",", ":"))
    onnx.save(encoder_graph(evidence), os.path.join(FIXTURES, "tiny-t5-encoder.onnx"))
    onnx.save(decoder_graph(targets, expected_inputs, VOCAB + LOGIT_PADDING), os.path.join(FIXTURES, "tiny-t5-decoder.onnx"))
    with open(os.path.join(FIXTURES, "tiny-t5-expected.json"), "w", encoding="utf-8") as f:
        json.dump({
            "markers": {"negative": "nothing", "neutral": "drama"},
            "scripts": [{"text": s, "ids": ids} for s, ids in zip(SCRIPTS, scripts)],
        }, f, ensure_ascii=False, indent=1)
    print(f"{len(tokens)} token cases; scripts {scripts}")


if __name__ == "__main__":
    main()
