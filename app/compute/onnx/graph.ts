/**
 * A small builder for ONNX graphs: named values, nodes with attributes, float32 initializers and
 * typed inputs/outputs, serialised to a ModelProto (opset 17, IR 8) that onnxruntime loads.
 * Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto); only what our networks use is covered.
 * @example
 *   const g = new OnnxGraph();
 *   const x = g.input('x', [null, 1, null, null]);
 *   g.output(g.node('Relu', [x]), [null, 1, null, null]);
 *   const bytes = g.toModel();
 */
import { ProtoWriter } from './protobuf.js';

/** int, ints, string, float, floats (onnx AttributeProto types 2, 7, 3, 1, 6). */
export type AttributeValue = number | number[] | string | { float: number } | { floats: number[] };

/** Element types used here (onnx TensorProto.DataType). */
const FLOAT = 1;
const INT64 = 7;

/** ONNX operator set the graphs target: ConvTranspose, Slice with inputs, ReduceSum with axes input. */
export const OPSET = 17;

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
}
interface Tensor {
  name: string;
  dims: number[];
  type: number;
  raw: Uint8Array;
}
interface ValueInfo {
  name: string;
  dims: Array<number | null>;
}

export class OnnxGraph {
  private readonly nodes: Node[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private counter = 0;

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  /** A graph input of float32; `null` dims are dynamic. */
  input(name: string, dims: Array<number | null>): string {
    this.inputs.push({ name, dims });
    return name;
  }

  /** Marks `value` as a graph output, renamed to `name` through an Identity when they differ. */
  output(value: string, dims: Array<number | null>, name = value): string {
    const out = name === value ? value : this.node('Identity', [value], {}, name);
    this.outputs.push({ name: out, dims });
    return out;
  }

  /** A float32 constant. */
  constant(data: Float32Array | number[], dims: number[], prefix = 'const'): string {
    const f = data instanceof Float32Array ? data : Float32Array.from(data);
    const name = this.fresh(prefix);
    this.initializers.push({
      name,
      dims,
      type: FLOAT,
      raw: new Uint8Array(f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength)),
    });
    return name;
  }

  /** An int64 constant (shapes, slice bounds, axes). */
  ints(values: number[], prefix = 'ints'): string {
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    const name = this.fresh(prefix);
    this.initializers.push({ name, dims: [values.length], type: INT64, raw });
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  node(
    op: string,
    inputs: string[],
    attributes: Record<string, AttributeValue> = {},
    output = this.fresh(op.toLowerCase()),
  ): string {
    this.nodes.push({ op, inputs, outputs: [output], attributes });
    return output;
  }

  /** The ModelProto bytes. */
  toModel(): Uint8Array {
    const model = new ProtoWriter();
    model.int(1, 8);
    model.string(2, 'isotrope');
    model.message(7, (g) => {
      for (const n of this.nodes) g.message(1, (w) => writeNode(w, n));
      g.string(2, 'isotrope');
      for (const t of this.initializers) g.message(5, (w) => writeTensor(w, t));
      for (const v of this.inputs) g.message(11, (w) => writeValueInfo(w, v));
      for (const v of this.outputs) g.message(12, (w) => writeValueInfo(w, v));
    });
    model.message(8, (o) => o.string(1, '').int(2, OPSET));
    return model.bytes();
  }
}

function writeNode(w: ProtoWriter, n: Node): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(4, n.op);
  for (const [name, value] of Object.entries(n.attributes))
    w.message(5, (a) => writeAttribute(a, name, value));
}

function writeAttribute(a: ProtoWriter, name: string, value: AttributeValue): void {
  a.string(1, name);
  if (typeof value === 'string') a.bytesField(4, new TextEncoder().encode(value)).int(20, 3);
  else if (typeof value === 'number') a.int(3, value).int(20, 2);
  else if (Array.isArray(value)) a.packedInts(8, value).int(20, 7);
  else if ('float' in value) a.float(2, value.float).int(20, 1);
  else {
    for (const f of value.floats) a.float(7, f);
    a.int(20, 6);
  }
}

function writeTensor(w: ProtoWriter, t: Tensor): void {
  w.packedInts(1, t.dims);
  w.int(2, t.type);
  w.string(8, t.name);
  w.bytesField(9, t.raw);
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (shape) => {
        v.dims.forEach((d, i) =>
          shape.message(1, (dim) => (d === null ? dim.string(2, `d${i}`) : dim.int(1, d))),
        );
      });
    }),
  );
}
