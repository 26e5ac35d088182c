// Validates JSON Lines of webhook payloads with ajv 8 (JSON Schema 2020-12,
// formats from ajv-formats), loading the same schema files as hookcontract:
// the manifest written by bench/compare lists them and names each event's
// schema. It is the baseline of `make bench`.
//
//   node bench/ajv/validate.mjs manifest.json payloads.jsonl
//
// Prints one JSON object: records, valid, invalid, compile_ms, total_ms.
import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [manifestPath, dataPath] = process.argv.slice(2);
if (!manifestPath || !dataPath) {
  console.error("usage: node validate.mjs manifest.json payloads.jsonl");
  process.exit(2);
}
const start = performance.now();
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
for (const rel of manifest.files) {
  const schema = JSON.parse(readFileSync(join(manifest.dir, rel), "utf8"));
  ajv.addSchema(schema, manifest.base + rel);
}
const validators = new Map();
for (const [event, ref] of Object.entries(manifest.events)) {
  const [file, pointer] = ref.split("#");
  const v = ajv.getSchema(manifest.base + file + (pointer ? "#" + pointer : ""));
  if (!v) throw new Error(`no schema for ${event} at ${ref}`);
  validators.set(event, v);
}
const compiled = performance.now();

let records = 0, valid = 0, invalid = 0;
function check(line) {
  if (line.trim() === "") return;
  records++;
  let payload;
  try {
    payload = JSON.parse(line);
  } catch {
    invalid++;
    return;
  }
  const v = payload && validators.get(payload[manifest.discriminator]);
  if (v && v(payload)) valid++;
  else invalid++;
}

// Stream the file in 1 MiB chunks, splitting lines by hand (faster than
// readline), so that memory stays bounded as it does for hookcontract.
let rest = "";
const stream = createReadStream(dataPath, { encoding: "utf8", highWaterMark: 1 << 20 });
for await (const chunk of stream) {
  const text = rest + chunk;
  let from = 0;
  for (let nl = text.indexOf("\n", from); nl >= 0; nl = text.indexOf("\n", from)) {
    check(text.slice(from, nl));
    from = nl + 1;
  }
  rest = text.slice(from);
}
check(rest);
const end = performance.now();
console.log(JSON.stringify({
  records, valid, invalid,
  compile_ms: Math.round(compiled - start),
  total_ms: Math.round(end - start),
}));
