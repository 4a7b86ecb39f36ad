// Confluent's Node.js client against cdcbridge's registry, as a third party reads and writes a topic.
//   node roundtrip.js decode URL TOPIC < [{"key": base64|null, "value": base64|null}]  -> [{"key": {...}, "value": {...}}]
//   node roundtrip.js encode URL TOPIC < [{"key": {...}, "value": {...}}]             -> [{"key": base64, "value": base64}]
// Encoding uses the subjects' latest versions (the contract), registering nothing. Decoding reads longs exactly (as
// BigInt, written as numbers when they fit a double, else as strings): avsc refuses longs beyond 2^53 by default, and
// Debezium's ts_ns are such longs.
const { SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType } = require('@confluentinc/schemaregistry');
const avsc = require('avsc');

const exactLong = avsc.types.LongType.__with({
  fromBuffer: (buf) => buf.readBigInt64LE(),
  toBuffer: (n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(n)); return b; },
  fromJSON: BigInt,
  toJSON: Number,
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a === b ? 0 : a < b ? -1 : 1),
});
const asJson = (k, v) => (typeof v !== 'bigint' ? v : Number.isSafeInteger(Number(v)) ? Number(v) : v.toString());

async function main() {
  const [mode, url, topic] = process.argv.slice(2);
  const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const client = new SchemaRegistryClient({ baseURLs: [url] });
  const out = [];
  if (mode === 'decode') {
    const keys = new AvroDeserializer(client, SerdeType.KEY, { registry: { long: exactLong } });
    const values = new AvroDeserializer(client, SerdeType.VALUE, { registry: { long: exactLong } });
    for (const r of input) {
      out.push({
        key: r.key == null ? null : await keys.deserialize(topic, Buffer.from(r.key, 'base64')),
        value: r.value == null ? null : await values.deserialize(topic, Buffer.from(r.value, 'base64')),
      });
    }
  } else if (mode === 'encode') {
    const conf = { useLatestVersion: true, autoRegisterSchemas: false };
    const keys = new AvroSerializer(client, SerdeType.KEY, conf);
    const values = new AvroSerializer(client, SerdeType.VALUE, conf);
    for (const r of input) {
      out.push({
        key: (await keys.serialize(topic, r.key)).toString('base64'),
        value: (await values.serialize(topic, r.value)).toString('base64'),
      });
    }
  } else {
    throw new Error('usage: roundtrip.js decode|encode URL TOPIC');
  }
  process.stdout.write(JSON.stringify(out, asJson));
}

main().catch(e => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });
