/**
 * A minimal writer for the subset of onnx.proto needed to serialise small, self-contained
 * inference graphs: a model with one graph, nodes with attributes, float32/int64 initializers
 * stored as raw_data, and graph inputs/outputs whose dimensions may be symbolic.
 *
 * Field numbers follow onnx/onnx.proto (proto2). Repeated scalars are written unpacked, the proto2
 * default; every conforming parser accepts that form. The output is a pure function of the input,
 * so equal specs give byte-identical files.
 */

/** TensorProto.DataType values used here. */
export const TensorDataType = {
  FLOAT: 1,
  INT64: 7,
} as const;
export type TensorDataType = (typeof TensorDataType)[keyof typeof TensorDataType];

/** A constant tensor: an initializer, or the value of a tensor attribute. */
export interface TensorSpec {
  name: string;
  dims: readonly number[];
  data: Float32Array | BigInt64Array;
}

/** A graph input or output: element type plus a shape of fixed sizes or symbolic names. */
export interface ValueInfoSpec {
  name: string;
  elemType: TensorDataType;
  /** A number is a fixed size; a string is a symbolic dimension (dim_param), e.g. 'batch_size'. */
  shape: ReadonlyArray<number | string>;
}

/** One attribute value; the tag picks the AttributeProto field it is written to. */
export type AttributeValue =
  | { kind: 'int'; value: number | bigint }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: ReadonlyArray<number | bigint> }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'tensor'; value: TensorSpec };

/** Constructors for attribute values, so call sites read `attr.int(1)` rather than object literals. */
export const attr = {
  int: (value: number | bigint): AttributeValue => ({ kind: 'int', value }),
  float: (value: number): AttributeValue => ({ kind: 'float', value }),
  string: (value: string): AttributeValue => ({ kind: 'string', value }),
  ints: (value: ReadonlyArray<number | bigint>): AttributeValue => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): AttributeValue => ({ kind: 'floats', value }),
  tensor: (value: TensorSpec): AttributeValue => ({ kind: 'tensor', value }),
};

export interface NodeSpec {
  opType: string;
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Written in insertion order, which keeps the bytes stable. */
  attributes?: Readonly<Record<string, AttributeValue>>;
  /** Operator domain; empty for the default ai.onnx domain. */
  domain?: string;
}

export interface GraphSpec {
  name: string;
  nodes: readonly NodeSpec[];
  initializers: readonly TensorSpec[];
  inputs: readonly ValueInfoSpec[];
  outputs: readonly ValueInfoSpec[];
}

export interface ModelSpec {
  /** IR version; 8 pairs with opsets 15-17. */
  irVersion: number;
  /** Opset per domain; '' is the default ai.onnx domain. */
  opsets: ReadonlyArray<{ domain: string; version: number }>;
  producerName: string;
  producerVersion: string;
  docString?: string;
  /** Free-form key/value pairs stored as metadata_props. */
  metadata?: Readonly<Record<string, string>>;
  graph: GraphSpec;
}

// Protobuf wire types.
const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** AttributeProto.AttributeType values. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

const utf8 = new TextEncoder();

/** Accumulates one protobuf message; nested messages are encoded separately and embedded as bytes. */
class MessageWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private varint(value: bigint): void {
    // Negative int64 values are sent as their 64-bit two's complement, i.e. ten bytes.
    let rest = BigInt.asUintN(64, value);
    const bytes: number[] = [];
    do {
      let byte = Number(rest & 0x7fn);
      rest >>= 7n;
      if (rest !== 0n) byte |= 0x80;
      bytes.push(byte);
    } while (rest !== 0n);
    this.push(Uint8Array.from(bytes));
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, VARINT);
    this.varint(BigInt(value));
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.varint(BigInt(value.length));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  message(field: number, message: MessageWriter): this {
    return this.bytes(field, message.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** Little-endian bytes of a typed array, independent of the host's byte order. */
function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(data.length * (data instanceof Float32Array ? 4 : 8));
  const view = new DataView(out.buffer);
  if (data instanceof Float32Array) {
    data.forEach((value, i) => view.setFloat32(i * 4, value, true));
  } else {
    data.forEach((value, i) => view.setBigInt64(i * 8, value, true));
  }
  return out;
}

function tensorMessage(tensor: TensorSpec): MessageWriter {
  const expected = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (expected !== tensor.data.length) {
    throw new Error(
      `Tensor ${tensor.name}: dims [${tensor.dims.join(', ')}] need ${expected} values, got ${tensor.data.length}`,
    );
  }
  const message = new MessageWriter();
  for (const dim of tensor.dims) message.int(1, dim); // dims
  message.int(2, tensor.data instanceof Float32Array ? TensorDataType.FLOAT : TensorDataType.INT64); // data_type
  message.string(8, tensor.name); // name
  message.bytes(9, littleEndianBytes(tensor.data)); // raw_data
  return message;
}

function attributeMessage(name: string, value: AttributeValue): MessageWriter {
  const message = new MessageWriter().string(1, name); // name
  switch (value.kind) {
    case 'float':
      return message.float(2, value.value).int(20, AttributeType.FLOAT); // f, type
    case 'int':
      return message.int(3, value.value).int(20, AttributeType.INT); // i, type
    case 'string':
      return message.string(4, value.value).int(20, AttributeType.STRING); // s, type
    case 'tensor':
      return message.message(5, tensorMessage(value.value)).int(20, AttributeType.TENSOR); // t, type
    case 'floats':
      for (const item of value.value) message.float(7, item); // floats
      return message.int(20, AttributeType.FLOATS);
    case 'ints':
      for (const item of value.value) message.int(8, item); // ints
      return message.int(20, AttributeType.INTS);
  }
}

function nodeMessage(node: NodeSpec): MessageWriter {
  const message = new MessageWriter();
  for (const input of node.inputs) message.string(1, input); // input
  for (const output of node.outputs) message.string(2, output); // output
  message.string(3, node.name); // name
  message.string(4, node.opType); // op_type
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    message.message(5, attributeMessage(name, value)); // attribute
  }
  if (node.domain) message.string(7, node.domain); // domain
  return message;
}

function valueInfoMessage(info: ValueInfoSpec): MessageWriter {
  const shape = new MessageWriter();
  for (const dim of info.shape) {
    const dimension = new MessageWriter();
    if (typeof dim === 'number')
      dimension.int(1, dim); // dim_value
    else dimension.string(2, dim); // dim_param
    shape.message(1, dimension); // TensorShapeProto.dim
  }
  const tensorType = new MessageWriter().int(1, info.elemType).message(2, shape); // elem_type, shape
  const type = new MessageWriter().message(1, tensorType); // TypeProto.tensor_type
  return new MessageWriter().string(1, info.name).message(2, type); // name, type
}

function graphMessage(graph: GraphSpec): MessageWriter {
  const message = new MessageWriter();
  for (const node of graph.nodes) message.message(1, nodeMessage(node)); // node
  message.string(2, graph.name); // name
  for (const tensor of graph.initializers) message.message(5, tensorMessage(tensor)); // initializer
  for (const input of graph.inputs) message.message(11, valueInfoMessage(input)); // input
  for (const output of graph.outputs) message.message(12, valueInfoMessage(output)); // output
  return message;
}

/** Serialises a model to the bytes of an .onnx file. */
export function encodeModel(model: ModelSpec): Uint8Array {
  const message = new MessageWriter()
    .int(1, model.irVersion) // ir_version
    .string(2, model.producerName) // producer_name
    .string(3, model.producerVersion); // producer_version
  if (model.docString) message.string(6, model.docString); // doc_string
  message.message(7, graphMessage(model.graph)); // graph
  for (const opset of model.opsets) {
    message.message(8, new MessageWriter().string(1, opset.domain).int(2, opset.version)); // opset_import
  }
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    message.message(14, new MessageWriter().string(1, key).string(2, value)); // metadata_props
  }
  return message.finish();
}

/**
 * Collects nodes and initializers for one graph, naming intermediate values automatically so
 * graph-building code reads like a sequence of operator calls.
 */
export class GraphBuilder {
  private readonly nodes: NodeSpec[] = [];
  private readonly initializers: TensorSpec[] = [];
  private readonly usedNames = new Set<string>();

  /** A value name not used before in this graph, derived from `base`. */
  uniqueName(base: string): string {
    let name = base;
    for (let suffix = 1; this.usedNames.has(name); suffix++) name = `${base}_${suffix}`;
    this.usedNames.add(name);
    return name;
  }

  /** Adds a float32 initializer and returns its value name. */
  floatTensor(name: string, dims: readonly number[], data: Float32Array): string {
    return this.addInitializer({ name: this.uniqueName(name), dims, data });
  }

  /** Adds an int64 initializer and returns its value name. */
  int64Tensor(name: string, dims: readonly number[], values: ReadonlyArray<number | bigint>): string {
    const data = BigInt64Array.from(values, (value) => BigInt(value));
    return this.addInitializer({ name: this.uniqueName(name), dims, data });
  }

  /** A float32 scalar constant. */
  floatScalar(name: string, value: number): string {
    return this.floatTensor(name, [], Float32Array.of(value));
  }

  /** An int64 scalar constant. */
  int64Scalar(name: string, value: number): string {
    return this.int64Tensor(name, [], [value]);
  }

  private addInitializer(tensor: TensorSpec): string {
    this.initializers.push(tensor);
    return tensor.name;
  }

  /**
   * Appends a single-output node and returns the output's value name. `name` names both the node
   * and its output, which keeps error messages from the runtime easy to map back to the code.
   */
  op(opType: string, name: string, inputs: readonly string[], attributes?: Record<string, AttributeValue>): string {
    const output = this.uniqueName(name);
    this.nodes.push({ opType, name: output, inputs, outputs: [output], ...(attributes ? { attributes } : {}) });
    return output;
  }

  /** Appends a node whose output has a fixed name, typically a graph output. */
  opNamed(
    opType: string,
    output: string,
    inputs: readonly string[],
    attributes?: Record<string, AttributeValue>,
  ): string {
    if (this.usedNames.has(output)) throw new Error(`Value name ${output} is already used`);
    this.usedNames.add(output);
    this.nodes.push({
      opType,
      name: `${output}_node`,
      inputs,
      outputs: [output],
      ...(attributes ? { attributes } : {}),
    });
    return output;
  }

  /** Reserves the names of graph inputs so generated names never collide with them. */
  declareInputs(inputs: readonly ValueInfoSpec[]): void {
    for (const input of inputs) {
      if (this.usedNames.has(input.name)) throw new Error(`Value name ${input.name} is already used`);
      this.usedNames.add(input.name);
    }
  }

  build(name: string, inputs: readonly ValueInfoSpec[], outputs: readonly ValueInfoSpec[]): GraphSpec {
    return { name, nodes: [...this.nodes], initializers: [...this.initializers], inputs, outputs };
  }
}
