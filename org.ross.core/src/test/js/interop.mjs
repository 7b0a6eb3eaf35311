// Arrow interoperability check run by ArrowJsInteropTest (DESIGN.md section 3: the JavaScript
// apache-arrow package is the reference client).
//   node interop.mjs <table written by Java> <table to write for Java>
// Checks the Java table's schema, metadata and values, then writes a table of its own in the IPC
// file format. Exits non-zero with a message on the first mismatch.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  tableFromIPC, tableToIPC, makeData, vectorFromArray, RecordBatch, Table, Schema, Field, Struct,
  Binary, Utf8, Float32, Float64, Int32, Int64, FixedSizeList, Type,
} from 'apache-arrow';

const [javaFile, jsFile] = process.argv.slice(2);

function check(condition, message) {
  if (!condition) {
    console.error('interop check failed: ' + message);
    process.exit(1);
  }
}

const show = (v) => JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? `${x}n` : x));

function same(actual, expected, what) {
  check(show(actual) === show(expected), `${what}: expected ${show(expected)}, found ${show(actual)}`);
}

// ---- read what Java wrote ----------------------------------------------------------------------
const table = tableFromIPC(readFileSync(javaFile));
same(table.schema.fields.map((f) => f.name), ['image', 'question', 'latent', 'score', 'id'], 'names');
const expectedTypes = [Type.Binary, Type.Utf8, Type.FixedSizeList, Type.Float, Type.Int];
same(table.schema.fields.map((f) => f.type.typeId), expectedTypes, 'type ids');
same(table.schema.fields.map((f) => f.metadata.get('ross.type')),
  ['image', 'text', 'latent', 'float64', 'int64'], 'ross.type metadata');
same(JSON.parse(table.schema.fields[2].metadata.get('ross.shape')), [2, 1, 2, 2], 'ross.shape');
const latentType = table.schema.fields[2].type;
check(latentType.listSize === 8 && latentType.children[0].type.typeId === Type.Float
  && latentType.children[0].type.precision === 1, 'latent is FixedSizeList<float32>[8]');
same(table.schema.fields[3].type.precision, 2, 'score is float64');
same(table.schema.fields[4].type.bitWidth, 64, 'id is int64');
same(table.numRows, 3, 'row count');

const col = (name) => table.getChild(name);
same(Array.from(col('image').get(0)), [137, 80, 78, 71], 'image[0]');
same(col('question').get(0), 'what shape is the red object?', 'question[0]');
same(Array.from(col('latent').get(0).toArray()), [0.5, -1, 2, 3, 0, -0.25, 1, 4], 'latent[0]');
same(col('score').get(0), 0.125, 'score[0]');
same(col('id').get(0), 42n, 'id[0]');
for (const name of ['image', 'question', 'latent', 'score', 'id']) {
  same(col(name).get(1), null, name + '[1] is null');
}
same(col('question').get(2), 'ünïcödé ✓', 'question[2]');
same(col('id').get(2), -7n, 'id[2]');

// ---- write a table of our own ------------------------------------------------------------------
const meta = (tag, extra = {}) => new Map(Object.entries({ 'ross.type': tag, ...extra }));
const fields = [
  new Field('image', new Binary(), true, meta('image')),
  new Field('caption', new Utf8(), true, meta('text')),
  new Field('z', new FixedSizeList(4, new Field('item', new Float32(), true)), true,
    meta('latent', { 'ross.shape': '[2,2,1,1]' })),
  new Field('n', new Int64(), true, meta('int64')),
  new Field('plain_score', new Float64(), true), // no metadata: Java infers float64
  new Field('plain_count', new Int32(), true), // no metadata: Java infers int64
];
const vectors = [
  vectorFromArray([new Uint8Array([1, 2, 3]), null], fields[0].type),
  vectorFromArray(['from javascript', null], fields[1].type),
  vectorFromArray([[1.5, -2, 0.25, 8], null], fields[2].type),
  vectorFromArray([9007199254740993n, null], fields[3].type),
  vectorFromArray([2.5, null], fields[4].type),
  vectorFromArray([-3, null], fields[5].type),
];
const schema = new Schema(fields);
const data = makeData({
  type: new Struct(fields), length: 2, nullCount: 0, children: vectors.map((v) => v.data[0]),
});
writeFileSync(jsFile, tableToIPC(new Table(schema, [new RecordBatch(schema, data)]), 'file'));
console.log('interop ok');
