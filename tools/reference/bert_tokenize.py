"""Pure-Python re-implementation of Hugging Face's (slow) BertTokenizer, as used by all-MiniLM-L6-v2.

Produces: LabApp.Tests/Fixtures/minilm-tokens.json
          (list of {"text", "tokens", "ids", "pieces_before_truncation"}; ids include [CLS]=101 ... [SEP]=102).
Run:      /usr/bin/python3 tools/reference/bert_tokenize.py [--vocab PATH]
          (default vocab: models/sentence-transformers/all-MiniLM-L6-v2/vocab.txt, which the lab extracts on first use, or $MINILM_VOCAB)

Follows transformers.models.bert.tokenization_bert (BasicTokenizer + WordpieceTokenizer) line by line:
  BasicTokenizer (do_lower_case=True, tokenize_chinese_chars=True, strip_accents=None):
    1. _clean_text: drop U+0000, U+FFFD and control chars (category C*, except \\t \\n \\r);
       whitespace (' ', \\t, \\n, \\r, category Zs) -> ' '
    2. _tokenize_chinese_chars: surround CJK ideographs (the 8 ranges of _is_chinese_char) with spaces
    3. NFC normalisation (transformers >= 4.31 does this before whitespace split)
    4. whitespace_tokenize = str.strip().split()  (NB: Python's split() also splits on U+2028/U+2029,
       U+001C..U+001F, U+0085; after step 1 only U+2028/U+2029 (Zl/Zp) can still be present)
    5. per token: lower(), then strip accents (NFD, drop category Mn), then split on punctuation
       (_is_punctuation: ASCII 33-47, 58-64, 91-96, 123-126, or category P*)
  WordpieceTokenizer: greedy longest-match-first, continuation pieces prefixed '##',
    words longer than max_input_chars_per_word=100 chars -> [UNK]; a word with an unmatchable rest -> one [UNK].
  Then [CLS] + pieces[:max_length-2] + [SEP]   (max_length = 256 as in sentence-transformers' max_seq_length).
"""
import json
import os
import sys
import unicodedata

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MINILM_FOLDER = os.path.join(REPO, "models", "sentence-transformers", "all-MiniLM-L6-v2")
DEFAULT_VOCAB = os.environ.get("MINILM_VOCAB", os.path.join(MINILM_FOLDER, "vocab.txt"))


def load_vocab(path=DEFAULT_VOCAB):
    """token -> id (0-based line number). Accepts LF or CRLF line endings (the packaged vocab.txt is CRLF)."""
    with open(path, "rb") as f:
        raw = f.read().decode("utf-8")
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    vocab = {}
    for i, line in enumerate(lines):
        tok = line[:-1] if line.endswith("\r") else line
        vocab[tok] = i
    return vocab


def _is_whitespace(ch):
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch).startswith("C")


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese_char(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def whitespace_tokenize(text):
    text = text.strip()
    return text.split() if text else []


def clean_text(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        out.append(" " if _is_whitespace(ch) else ch)
    return "".join(out)


def tokenize_chinese_chars(text):
    out = []
    for ch in text:
        if _is_chinese_char(ord(ch)):
            out.extend((" ", ch, " "))
        else:
            out.append(ch)
    return "".join(out)


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def split_on_punc(text):
    output = []
    start_new_word = True
    for ch in text:
        if _is_punctuation(ch):
            output.append([ch])
            start_new_word = True
        else:
            if start_new_word:
                output.append([])
            start_new_word = False
            output[-1].append(ch)
    return ["".join(x) for x in output]


def basic_tokenize(text):
    text = clean_text(text)
    text = tokenize_chinese_chars(text)
    text = unicodedata.normalize("NFC", text)
    split_tokens = []
    for token in whitespace_tokenize(text):
        token = token.lower()
        token = strip_accents(token)
        split_tokens.extend(split_on_punc(token))
    return whitespace_tokenize(" ".join(split_tokens))


def wordpiece_tokenize(text, vocab, unk="[UNK]", max_chars=100):
    output = []
    for token in whitespace_tokenize(text):
        chars = list(token)  # code points (Python str indexes code points, not UTF-16 units)
        if len(chars) > max_chars:
            output.append(unk)
            continue
        is_bad = False
        start = 0
        sub_tokens = []
        while start < len(chars):
            end = len(chars)
            cur = None
            while start < end:
                substr = "".join(chars[start:end])
                if start > 0:
                    substr = "##" + substr
                if substr in vocab:
                    cur = substr
                    break
                end -= 1
            if cur is None:
                is_bad = True
                break
            sub_tokens.append(cur)
            start = end
        if is_bad:
            output.append(unk)
        else:
            output.extend(sub_tokens)
    return output


class BertTokenizer:
    def __init__(self, vocab_path=DEFAULT_VOCAB, max_length=256):
        self.vocab = load_vocab(vocab_path)
        self.max_length = max_length

    def tokenize(self, text):
        pieces = []
        for tok in basic_tokenize(text):
            pieces.extend(wordpiece_tokenize(tok, self.vocab))
        return pieces

    def encode(self, text):
        """Returns (tokens, ids) with [CLS] ... [SEP], truncated to max_length."""
        pieces = self.tokenize(text)[: self.max_length - 2]
        tokens = ["[CLS]"] + pieces + ["[SEP]"]
        return tokens, [self.vocab[t] for t in tokens]


def load_split_texts(split, data_dir="/work/shared/data"):
    """Texts of a rotten_tomatoes split, rebuilt from rt-polarity.{pos,neg} with the dataset's split rule
    (per polarity: [0,4265) train, [4265,4798) validation, [4798,5331) test; positives first, then negatives)."""
    bounds = {"train": (0, 4265), "validation": (4265, 4798), "test": (4798, 5331)}
    lo, hi = bounds[split]
    texts, labels = [], []
    for name, label in (("rt-polarity.pos", 1), ("rt-polarity.neg", 0)):
        with open(os.path.join(data_dir, "rt-polaritydata", name), encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        assert len(lines) == 5331, (name, len(lines))
        for line in lines[lo:hi]:
            texts.append(line.strip())
            labels.append(label)
    return texts, labels


def fixture_texts():
    test, _ = load_split_texts("test")
    long_text = " ".join(test[:20])  # first 20 test reviews joined: well over 256 word pieces
    return [
        "unpretentious , charming , quirky , original",
        test[0],
        test[1],
        test[2],
        "café naïve résumé",
        "it's n't",
        "9/10 -- a must-see!!!",
        "I loved it \U0001F600 \U0001F37F!",
        "",
        long_text,
        "The movie 中国日本 was great",
        "电影好",  # CJK chars not in the vocab -> one [UNK] each (each ideograph is its own word)
        "  Tabs\tand\nnewlines\u00a0and\u200bzero-width  ",
        "ÜBER-COOL Ångström façade\u0301",
        "supercalifragilisticexpialidocious " + "a" * 101,
    ]


def main(argv):
    vocab_path = DEFAULT_VOCAB
    if "--vocab" in argv:
        vocab_path = argv[argv.index("--vocab") + 1]
    tok = BertTokenizer(vocab_path)
    out = []
    for text in fixture_texts():
        tokens, ids = tok.encode(text)
        out.append({"text": text, "tokens": tokens, "ids": ids, "pieces_before_truncation": len(tok.tokenize(text))})
    path = os.path.join(REPO, "LabApp.Tests", "Fixtures", "minilm-tokens.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("[\n " + ",\n ".join(json.dumps(e, ensure_ascii=False) for e in out) + "\n]\n")
    for e in out:
        print(len(e["ids"]), repr(e["text"][:60]), e["tokens"][:24])
    print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
