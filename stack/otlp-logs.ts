/**
 * Just enough of OTLP's protobuf encoding to read an `ExportLogsServiceRequest`, as the
 * collector's otlp_http exporter sends it (protobuf, gzip), for the log sink that stands in
 * for Loki's OTLP endpoint. Field numbers are those of opentelemetry/proto/logs/v1 and
 * common/v1; unknown fields are skipped, as protobuf readers do.
 */

export interface ReceivedLogRecord {
  readonly severityText: string;
  readonly body: string;
  /** Lower-case hex, empty when the record has none. */
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly resource: Readonly<Record<string, string>>;
}

type Field = { readonly number: number; readonly wire: number; readonly value: bigint | Buffer };

function* fields(buffer: Buffer): Generator<Field> {
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (offset >= buffer.length) throw new Error('truncated varint');
      const byte = buffer[offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { number, wire, value: varint() };
    else if (wire === 1) {
      yield { number, wire, value: buffer.readBigUInt64LE(offset) };
      offset += 8;
    } else if (wire === 2) {
      const length = Number(varint());
      yield { number, wire, value: buffer.subarray(offset, offset + length) };
      offset += length;
    } else if (wire === 5) {
      yield { number, wire, value: BigInt(buffer.readUInt32LE(offset)) };
      offset += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

const bytes = (f: Field) => (Buffer.isBuffer(f.value) ? f.value : Buffer.alloc(0));

/** AnyValue as text: strings as they are, numbers and booleans printed, nested values as JSON-ish text. */
function anyValue(buffer: Buffer): string {
  for (const f of fields(buffer)) {
    if (f.number === 1) return bytes(f).toString('utf8');
    if (f.number === 2) return String(f.value === 1n);
    if (f.number === 3) return BigInt.asIntN(64, f.value as bigint).toString();
    if (f.number === 4) {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(f.value as bigint);
      return String(b.readDoubleLE());
    }
    if (f.number === 5 || f.number === 6) return bytes(f).toString('hex');
    if (f.number === 7) return bytes(f).toString('base64');
  }
  return '';
}

function keyValues(list: Buffer[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list) {
    let key = '';
    let value = '';
    for (const f of fields(kv)) {
      if (f.number === 1) key = bytes(f).toString('utf8');
      if (f.number === 2) value = anyValue(bytes(f));
    }
    out[key] = value;
  }
  return out;
}

const repeated = (buffer: Buffer, number: number) => [...fields(buffer)].filter((f) => f.number === number).map(bytes);

export function decodeLogsRequest(body: Buffer): ReceivedLogRecord[] {
  const records: ReceivedLogRecord[] = [];
  for (const resourceLogs of repeated(body, 1)) {
    const resourceMessage = repeated(resourceLogs, 1)[0];
    const resource = resourceMessage ? keyValues(repeated(resourceMessage, 1)) : {};
    for (const scopeLogs of repeated(resourceLogs, 2)) {
      for (const record of repeated(scopeLogs, 2)) {
        let severityText = '';
        let bodyText = '';
        let traceId = '';
        let spanId = '';
        const attributes: Buffer[] = [];
        for (const f of fields(record)) {
          if (f.number === 3) severityText = bytes(f).toString('utf8');
          else if (f.number === 5) bodyText = anyValue(bytes(f));
          else if (f.number === 6) attributes.push(bytes(f));
          else if (f.number === 9) traceId = bytes(f).toString('hex');
          else if (f.number === 10) spanId = bytes(f).toString('hex');
        }
        records.push({ severityText, body: bodyText, traceId, spanId, attributes: keyValues(attributes), resource });
      }
    }
  }
  return records;
}
