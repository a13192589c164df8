/**
 * Reference WordPiece token ids from Hugging Face tokenizers itself: the Rust library through its Node binding
 * (npm `tokenizers` 0.23.2, pinned in package.json; its prebuilt binary ships inside the npm package).
 *
 * The tokenizer.json is built here, offline, from the embedded MiniLM's vocab.txt, with the configuration
 * sentence-transformers/all-MiniLM-L6-v2 publishes:
 *   added tokens [PAD] [UNK] [CLS] [SEP] [MASK] (special, matched in the raw text, not normalized)
 *   → BertNormalizer(clean_text, handle_chinese_chars, strip_accents = null, i.e. follows lowercase, lowercase)
 *   → BertPreTokenizer → WordPiece(unk [UNK], prefix ##, max_input_chars_per_word 100)
 *   → TemplateProcessing "[CLS] $A [SEP]", truncation to 256 pieces (the lab's ModelCatalog.MiniLm.MaxSequenceLength).
 * all-mpnet-base-v2 has the same normalizer, pre-tokenizer and model with <s> … </s> around the text, 384 pieces, and
 * its own vocab.txt, which is not on the lab's machines. Its vocab is BERT's uncased one with <s> <pad> </s> <unk> in
 * front and <mask> last, so "mpnet" here is MiniLM's vocab laid out that way (added tokens <s> <pad> </s> <unk> [UNK]
 * <mask>, unk [UNK]); LabApp.Tests builds the same file to test the MPNet path.
 *
 * Usage (from tools/reference, after `npm install`):
 *   node hf_tokenize.mjs fixtures                    writes LabApp.Tests/Fixtures/hf-wordpiece-*
 *   node hf_tokenize.mjs [--model minilm|mpnet] [--pieces] < texts.txt
 *       one JSON array of ids (or of word pieces) per input line, as `dotnet run --project LabApp -- tokenize` prints
 * The vocab is read from $MINILM_VOCAB, else $LAB_MODELS_DIR or the checkout's models/ folder; rt-polarity from
 * $RT_POLARITY, else ../shared/data/rt-polaritydata beside the checkout.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Tokenizer } from 'tokenizers';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(REPO, 'LabApp.Tests', 'Fixtures');
const MINILM_FOLDER = join('sentence-transformers', 'all-MiniLM-L6-v2');
const VOCAB_PATH = process.env.MINILM_VOCAB
  ?? join(process.env.LAB_MODELS_DIR ?? join(REPO, 'models'), MINILM_FOLDER, 'vocab.txt');
const RT_POLARITY = process.env.RT_POLARITY ?? join(REPO, '..', 'shared', 'data', 'rt-polaritydata');

/** vocab.txt's tokens in id order (the packaged file has CRLF line ends). */
function readVocab(path) {
  if (!existsSync(path))
    throw new Error(`${path} is missing: run the lab once (it extracts MiniLM) or set MINILM_VOCAB.`);
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map(line => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

const special = (id, content, lstrip = false) =>
  ({ id, content, single_word: false, lstrip, rstrip: false, normalized: false, special: true });

function models(minilmVocab) {
  const mpnetVocab = ['<s>', '<pad>', '</s>', '<unk>', ...minilmVocab, '<mask>'];
  const id = (vocab, token) => vocab.indexOf(token);
  return {
    minilm: {
      vocab: minilmVocab, maxLength: 256, cls: '[CLS]', sep: '[SEP]',
      added: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map(t => special(id(minilmVocab, t), t)),
    },
    mpnet: {
      vocab: mpnetVocab, maxLength: 384, cls: '<s>', sep: '</s>',
      added: [
        ...['<s>', '<pad>', '</s>', '<unk>', '[UNK]'].map(t => special(id(mpnetVocab, t), t)),
        special(id(mpnetVocab, '<mask>'), '<mask>', true),
      ],
    },
  };
}

/** A tokenizer.json with the configuration sentence-transformers publishes for these models. */
function tokenizerJson({ vocab, maxLength, cls, sep, added }) {
  const token = t => ({ id: t, ids: [vocab.indexOf(t)], tokens: [t] });
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: maxLength, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: added,
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } }],
      pair: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: sep, type_id: 1 } }],
      special_tokens: { [cls]: token(cls), [sep]: token(sep) },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

const load = model => Tokenizer.fromString(JSON.stringify(tokenizerJson(model)));

async function encodeAll(tokenizer, texts) {
  const out = [];
  for (let i = 0; i < texts.length; i += 20000)
    out.push(...await tokenizer.encodeBatch(texts.slice(i, i + 20000)));
  return out;
}

const sha256 = bytes => createHash('sha256').update(bytes).digest('hex');
const repeat = (s, n) => Array(n).fill(s).join('');

/** Texts on which a BERT tokenizer is easy to get wrong; each line of the fixture says what it probes. */
function hardStrings() {
  let ascii = '';
  for (let c = 33; c < 127; c++) ascii += String.fromCharCode(c);
  const firstReview = 'lovingly photographed in the manner of a golden book sprung to life , stuart little 2 manages sweetness largely without stickiness .';
  return [
    // every printable ASCII character, glued and spaced; the symbols ML.Tokenizers used to drop
    ascii, ascii.split('').join(' '),
    'price: $5 + 3 < 10 = true > 2 ^ x | y ~ z `code`', 'a$b+c<d=e>f^g|h~i`j', '#hashtag @user 100% 50/50 a&b',
    '"quoted" \'single\' (paren) [bracket] {brace} back\\slash under_score semi;colon',
    // non-ASCII symbols, currencies, quotes, dashes
    '½ © € ™ ° ± £ ¥ § ¶ • … — – « » ‘ ’ “ ” ¿ ¡ × ÷ ¬ ® ¹ ² ³ ¼ ¾ µ', '3½ stars ©2002 €10 -5°C ±2',
    '‰ ′ ″ ‹ › ‼ ⁇ ※ † ‡ ⁂ ☆ ★ ♪ ♥ → ⇒ ∞ ≠ ≤ ≥ √ ∑',
    // CJK ideographs (and the ranges handle_chinese_chars names), kana, Hangul
    '我喜欢这部电影', 'The movie 中国日本 was great', '電影好看!', '日本語のテキストです', 'ひらがな カタカナ ｶﾀｶﾅ ー',
    '\uF900\uF901\uFA0E\uFA6E\uFAD9', '\u{20000}\u{2A6DF}\u{2A700}\u{2B740}\u{2B81F}\u{2B820}\u{2B91F}\u{2B920}\u{2CEAF}\u{2F800}\u{2FA1D}',
    '한국 영화 정말 좋아요', '안녕하세요 세계', '한글Hangul혼합', 'ㄱㄴㄷ ᄀᄁ 가각',
    // accents, NFC and NFD, Vietnamese, letters that lower-case or decompose unusually
    'café naïve résumé', 'cafe\u0301 nai\u0308ve re\u0301sume\u0301', 'Tiếng Việt rất hay, phim tuyệt vời',
    'Tie\u0302\u0301ng Vie\u0323\u0302t', 'ÜBER-COOL Ångström façadé', 'İstanbul ıi IJ ĳ Æsir Œuvre ø Ø ß ẞ',
    'ΣΊΣΥΦΟΣ σίσυφος', 'Straße ﬁlm ﬂ ǅ ǈ ǋ Ⓐ Ⅻ 𐐀 Ꭰ ꭰ', 'Ａｍｅｌｉｅ ＦＵＬＬＷＩＤＴＨ １２３',
    // other scripts
    'Амели (Amélie) — французский фильм 2001 г.', 'Αθήνα ταινία', 'فيلم رائع جدا', 'סרט טוב מאוד',
    'बहुत अच्छी फ़िल्म', 'ภาพยนตร์ดีมาก', 'ᚠᛇᚻ᛫ᛒᛦᚦ', '𓀀𓀁 𒀀', 'Ελληνικά and English and Русский mixed',
    // emoji: plain, skin tones, ZWJ sequences, flags, keycaps, variation selectors, newer emoji
    'I loved it 😀 🍿!', '👍🏽 great', '👨‍👩‍👧‍👦 family film', '🏳️‍🌈 pride', '❤️ ❤ ♥️', '🇫🇷🇯🇵 flags',
    '1️⃣ #️⃣ keycaps', '🤣🥰🫠 newer emoji', 'thumbs👍up', '😀😀😀',
    // control, format and zero-width characters, unusual spaces
    'tab\tsep', 'line\nbreak', 'cr\rlf\r\n', 'nul\u0000char', 'next\u0085line', 'zero\u200bwidth space',
    'zw\u200djoiner zw\u200cnon', '\ufeffbom at start', 'soft\u00adhyphen', 'vertical\u000btab form\u000cfeed',
    '\u001cfile\u001dgroup\u001erecord\u001funit', 'del\u007fchar', 'nbsp\u00a0space', 'ideographic\u3000space',
    'line\u2028sep para\u2029sep', 'word\u2060joiner', 'replacement\ufffdchar', 'private\ue000use\u{F0000}',
    'rtl\u200fmark ltr\u200emark', 'mongolian\u180evowel', 'en\u2002em\u2003thin\u2009hair\u200a',
    '\u0001\u0002\u0003', 'ogham\u1680space narrow\u202fnbsp math\u205fspace',
    // combining marks on their own and stacked, enclosing marks
    '\u0301', '\u0301\u0302 x', 'a \u0308 b', 'x\u20dd \u20dd', 'e\u0301\u0301\u0301', '\u0363\u0364',
    // Unicode changes since the 2016 category tables Hugging Face uses (unicode_categories 0.1.1)
    'a\u08e2b', 'a\u1dfab', 'a\u2e43b', 'a\u2e52b', 'a\u166db', 'a\u{111c9}b', 'a\u{11a3f}b', 'a\u061cb',
    // word length: the 100-character rule is counted after normalization, in characters
    repeat('a', 100), repeat('a', 101), repeat('é', 100), repeat('é', 101), repeat('e\u0301', 100),
    repeat('😀', 51), 'pneumonoultramicroscopicsilicovolcanoconiosis', repeat('supercalifragilistic', 5),
    repeat('supercalifragilistic', 6), `short ${repeat('x', 150)} words`,
    // words without any known piece
    'xqzjv', 'qqqqqq', '##', '###hash', '[UNK]', 'ʬʭʮ', 'zzzzzzzzzzzzzzzzzzzz',
    // special tokens written in the text: matched before normalization, case-sensitive
    '[CLS] hello [SEP]', '[MASK] is a [MASK]', '[cls] lower-case is not special', '[UNK]word', 'a[PAD][PAD]b',
    '[CL\u200bS] interrupted', '<s>hi</s>', '<mask> <pad> <unk>', 'a <mask>b', '[CLS][SEP][PAD][UNK][MASK]',
    // numbers and contractions
    "3.14 1,000,000 2001: A Space Odyssey 9/10 -- a must-see!!!", "it's n't don't can't", 'U.S.A. e.g. i.e.',
    // empty and blank
    '', ' ', '   ', '\t\n', '\u200b', '\u3000', '\u0000', '\u00ad\u200b\ufeff', '  Tabs\tand\nnewlines\u00a0and\u200bzero-width  ',
    // long texts: truncated at 256 (MiniLM) and 384 (MPNet) pieces, cut inside a word's pieces
    repeat('film ', 300).trim(), repeat('unpretentious ', 200).trim(), repeat(`${firstReview} `, 20).trim(),
    repeat('film ', 253).trim(), repeat('film ', 254).trim(), repeat('film ', 255).trim(), repeat('film ', 382).trim(),
    repeat('film ', 383).trim(), repeat('a', 1000), repeat('😀 ', 400),
  ];
}

function fixtureRows(rows) {
  return `[\n  ${rows.map(r => JSON.stringify(r)).join(',\n  ')}\n ]`;
}

async function writeFixtures() {
  const vocabBytes = readFileSync(VOCAB_PATH);
  const all = models(readVocab(VOCAB_PATH));
  const minilm = load(all.minilm);
  const mpnet = load(all.mpnet);

  const texts = hardStrings();
  const [mini, mp] = [await encodeAll(minilm, texts), await encodeAll(mpnet, texts)];
  const cases = texts.map((text, i) => ({ text, minilm: mini[i].getIds(), pieces: mini[i].getTokens(), mpnet: mp[i].getIds() }));
  writeFileSync(join(FIXTURES, 'hf-wordpiece-hard-strings.json'), [
    '{',
    ` "tokenizers": "0.23.2",`,
    ` "minilm_vocab_sha256": "${sha256(vocabBytes)}",`,
    ` "max_length": {"minilm": ${all.minilm.maxLength}, "mpnet": ${all.mpnet.maxLength}},`,
    ` "cases": ${fixtureRows(cases)}`,
    '}',
    '',
  ].join('\n'));

  const header = [`# Hugging Face tokenizers 0.23.2, all-MiniLM-L6-v2 WordPiece, max_length ${all.minilm.maxLength}`,
    `# sha256 vocab.txt ${sha256(vocabBytes)}`];
  const sentences = [];
  for (const name of ['rt-polarity.pos', 'rt-polarity.neg']) {
    const bytes = readFileSync(join(RT_POLARITY, name));
    header.push(`# sha256 ${name} ${sha256(bytes)}`);
    const lines = bytes.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    sentences.push(...lines);
  }
  const ids = (await encodeAll(minilm, sentences)).map(e => e.getIds().join(' '));
  writeFileSync(join(FIXTURES, 'hf-wordpiece-rt-polarity.txt.gz'),
    gzipSync(`${[...header, ...ids].join('\n')}\n`, { level: 9 }));

  // Every Unicode scalar value c as "a" + c + "b": one line per run of consecutive code points with the same ids.
  const codePoints = [];
  for (let cp = 0; cp <= 0x10ffff; cp++)
    if (cp < 0xd800 || cp > 0xdfff) codePoints.push(cp);
  const swept = await encodeAll(minilm, codePoints.map(cp => `a${String.fromCodePoint(cp)}b`));
  const runs = ['# Hugging Face tokenizers 0.23.2, all-MiniLM-L6-v2: "a" + code point + "b"; first code point (hex), count, ids'];
  for (let i = 0; i < codePoints.length;) {
    const key = swept[i].getIds().join(' ');
    let j = i + 1;
    while (j < codePoints.length && codePoints[j] === codePoints[j - 1] + 1 && swept[j].getIds().join(' ') === key) j++;
    runs.push(`${codePoints[i].toString(16)} ${j - i} ${key}`);
    i = j;
  }
  writeFileSync(join(FIXTURES, 'hf-wordpiece-code-points.txt.gz'), gzipSync(`${runs.join('\n')}\n`, { level: 9 }));
  console.error(`${cases.length} hard strings, ${sentences.length} sentences, ${runs.length - 1} code-point runs written to ${FIXTURES}`);
}

/** Texts one per line ("\n" or "\r\n"; a last line without newline counts), as the lab's tokenize command reads them. */
function stdinTexts() {
  const lines = readFileSync(0, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map(line => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

async function tokenizeStdin(args) {
  const model = args.includes('--model') ? args[args.indexOf('--model') + 1] : 'minilm';
  const all = models(readVocab(VOCAB_PATH));
  if (!(model in all)) throw new Error(`--model takes minilm or mpnet, not ${model}`);
  const encodings = await encodeAll(load(all[model]), stdinTexts());
  const pieces = args.includes('--pieces');
  for (const e of encodings)
    process.stdout.write(`${JSON.stringify(pieces ? e.getTokens() : e.getIds())}\n`);
}

const args = process.argv.slice(2);
await (args[0] === 'fixtures' ? writeFixtures() : tokenizeStdin(args));
