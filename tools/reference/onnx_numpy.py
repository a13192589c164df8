"""A small numpy interpreter for ONNX graphs (float32, like ONNX Runtime's CPU provider) — an independent way to
compute all-MiniLM-L6-v2's last_hidden_state without onnxruntime.

Produces: nothing by itself (library used by make_embedding_fixtures.py); run directly for a self-check:
          /usr/bin/python3 tools/reference/onnx_numpy.py [MODEL.onnx]
          (default model: models/sentence-transformers/all-MiniLM-L6-v2/model.onnx, which the lab extracts on first use, or $MINILM_MODEL)

The graph is loaded with `onnx`, initializers are read with onnx.numpy_helper, and nodes are evaluated in graph
order (the exporter writes them topologically sorted; this is asserted). Only the ops used by the model (plus a few
common shape ops) are implemented; an unknown op raises. All float maths stays in float32 (numpy keeps float32
for float32 operands; MatMul uses numpy's BLAS sgemm; Erf is evaluated in float64 and rounded to float32).
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

DEFAULT_MODEL = os.environ.get("MINILM_MODEL", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "models/sentence-transformers/all-MiniLM-L6-v2/model.onnx"))

try:  # scipy ships with sklearn on this machine
    from scipy.special import erf as _erf
except ImportError:  # pragma: no cover
    import math
    _erf = np.vectorize(math.erf, otypes=[np.float64])

_ONNX_TO_NP = {
    onnx.TensorProto.FLOAT: np.float32, onnx.TensorProto.DOUBLE: np.float64, onnx.TensorProto.FLOAT16: np.float16,
    onnx.TensorProto.INT64: np.int64, onnx.TensorProto.INT32: np.int32, onnx.TensorProto.INT16: np.int16,
    onnx.TensorProto.INT8: np.int8, onnx.TensorProto.UINT8: np.uint8, onnx.TensorProto.BOOL: np.bool_,
}


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _norm_axes(axes, rank):
    return [a + rank if a < 0 else a for a in axes]


def _binary(fn):
    def op(ins, at):
        a, b = ins
        r = fn(a, b)
        # keep the operand dtype (numpy would keep it anyway for equal dtypes; this guards 0-d promotion rules)
        return [np.asarray(r, dtype=np.result_type(a.dtype, b.dtype)) if r.dtype != np.bool_ else r]
    return op


def _div(a, b):
    if np.issubdtype(a.dtype, np.integer):
        return np.trunc(a / b).astype(a.dtype)  # ONNX integer Div truncates (only shape maths here)
    return a / b


def _gather(ins, at):
    data, idx = ins
    axis = at.get("axis", 0)
    idx = np.where(idx < 0, idx + data.shape[axis], idx)
    return [np.take(data, idx, axis=axis)]


def _unsqueeze(ins, at):
    x = ins[0]
    axes = list(ins[1]) if len(ins) > 1 else list(at["axes"])  # opset 13: input; opset < 13: attribute
    rank = x.ndim + len(axes)
    for a in sorted(_norm_axes([int(a) for a in axes], rank)):
        x = np.expand_dims(x, a)
    return [x]


def _squeeze(ins, at):
    x = ins[0]
    axes = list(ins[1]) if len(ins) > 1 else list(at.get("axes", []))
    if not axes:
        return [np.squeeze(x)]
    return [np.squeeze(x, axis=tuple(_norm_axes([int(a) for a in axes], x.ndim)))]


def _reshape(ins, at):
    x, shape = ins
    shape = [int(s) for s in shape]
    if not at.get("allowzero", 0):
        shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return [x.reshape(shape)]


def _slice(ins, at):
    x = ins[0]
    starts, ends = [int(v) for v in ins[1]], [int(v) for v in ins[2]]
    axes = [int(v) for v in ins[3]] if len(ins) > 3 and ins[3] is not None else list(range(len(starts)))
    steps = [int(v) for v in ins[4]] if len(ins) > 4 and ins[4] is not None else [1] * len(starts)
    sl = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, _norm_axes(axes, x.ndim), steps):
        n = x.shape[a]
        # ONNX clamps like Python slicing (INT64_MAX / INT64_MIN sentinels are common)
        s = max(-n - 1, min(s, n)) if st > 0 else max(-n - 1, min(s, n - 1))
        e = max(-n - 1, min(e, n))
        if st < 0 and e < -n:
            e = None
        sl[a] = slice(s, e, st)
    return [x[tuple(sl)]]


def _reduce_mean(ins, at):
    x = ins[0]
    axes = at.get("axes")
    if axes is None and len(ins) > 1:
        axes = list(ins[1])
    axes = tuple(_norm_axes(list(axes), x.ndim)) if axes is not None else None
    return [np.mean(x, axis=axes, keepdims=bool(at.get("keepdims", 1)), dtype=x.dtype)]


def _softmax(ins, at):
    x = ins[0]
    axis = at.get("axis", -1)
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - m)
    return [e / np.sum(e, axis=axis, keepdims=True)]


def _gemm(ins, at):
    a, b = ins[0], ins[1]
    if at.get("transA", 0):
        a = a.T
    if at.get("transB", 0):
        b = b.T
    y = np.float32(at.get("alpha", 1.0)) * (a @ b)
    if len(ins) > 2:
        y = y + np.float32(at.get("beta", 1.0)) * ins[2]
    return [y.astype(np.float32)]


def _constant(ins, at):
    if "value" in at:
        return [numpy_helper.to_array(at["value"])]
    for k, dt in (("value_float", np.float32), ("value_int", np.int64)):
        if k in at:
            return [np.array(at[k], dtype=dt)]
    for k, dt in (("value_floats", np.float32), ("value_ints", np.int64)):
        if k in at:
            return [np.array(list(at[k]), dtype=dt)]
    raise NotImplementedError(f"Constant with attributes {list(at)}")


def _constant_of_shape(ins, at):
    v = numpy_helper.to_array(at["value"]) if "value" in at else np.array([0], dtype=np.float32)
    return [np.full([int(s) for s in ins[0]], v.reshape(-1)[0], dtype=v.dtype)]


OPS = {
    "Add": _binary(np.add), "Sub": _binary(np.subtract), "Mul": _binary(np.multiply), "Div": _binary(_div),
    "Pow": lambda ins, at: [np.power(ins[0], ins[1].astype(ins[0].dtype))],
    "Sqrt": lambda ins, at: [np.sqrt(ins[0])],
    "Erf": lambda ins, at: [_erf(ins[0].astype(np.float64)).astype(ins[0].dtype)],
    "Tanh": lambda ins, at: [np.tanh(ins[0])],
    "MatMul": lambda ins, at: [np.matmul(ins[0], ins[1])],
    "Gemm": _gemm,
    "Transpose": lambda ins, at: [np.transpose(ins[0], at.get("perm"))],
    "Reshape": _reshape,
    "Shape": lambda ins, at: [np.array(ins[0].shape, dtype=np.int64)],
    "Gather": _gather,
    "Unsqueeze": _unsqueeze,
    "Squeeze": _squeeze,
    "Concat": lambda ins, at: [np.concatenate([np.atleast_1d(i) for i in ins], axis=at["axis"])],
    "Slice": _slice,
    "Softmax": _softmax,
    "ReduceMean": _reduce_mean,
    "Cast": lambda ins, at: [ins[0].astype(_ONNX_TO_NP[at["to"]])],
    "Constant": _constant,
    "ConstantOfShape": _constant_of_shape,
    "Where": lambda ins, at: [np.where(ins[0], ins[1], ins[2])],
    "Equal": lambda ins, at: [np.equal(ins[0], ins[1])],
    "Expand": lambda ins, at: [ins[0] * np.ones([int(s) for s in ins[1]], dtype=ins[0].dtype)],
    "Identity": lambda ins, at: [ins[0]],
}


class OnnxNumpyModel:
    def __init__(self, path=DEFAULT_MODEL):
        self.model = onnx.load(path)
        g = self.model.graph
        self.inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
        self.input_names = [i.name for i in g.input if i.name not in self.inits]
        self.output_names = [o.name for o in g.output]
        self.nodes = list(g.node)
        self.attrs = [_attrs(n) for n in self.nodes]
        missing = sorted({n.op_type for n in self.nodes} - set(OPS))
        if missing:
            raise NotImplementedError(f"ops not implemented: {missing}")

    def op_types(self):
        from collections import Counter
        return Counter(n.op_type for n in self.nodes)

    def run(self, feeds, outputs=None):
        env = dict(self.inits)
        for k, v in feeds.items():
            env[k] = np.asarray(v)
        for node, at in zip(self.nodes, self.attrs):
            ins = []
            for name in node.input:
                if name == "":
                    ins.append(None)
                    continue
                assert name in env, f"{node.op_type} {node.name}: input {name} not computed (graph not sorted?)"
                ins.append(env[name])
            res = OPS[node.op_type](ins, at)
            for name, val in zip(node.output, res):
                # float32 all the way, like ORT: no silent promotion to float64
                assert val.dtype != np.float64, f"{node.op_type} {node.name} produced float64"
                env[name] = val
        return [env[o] for o in (outputs or self.output_names)]


if __name__ == "__main__":
    m = OnnxNumpyModel(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MODEL)
    print("opset", [(o.domain, o.version) for o in m.model.opset_import])
    print("ops", dict(m.op_types()))
    ids = np.array([[101, 7592, 2088, 102]], dtype=np.int64)  # [CLS] hello world [SEP]
    (h,) = m.run({"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)},
                 ["last_hidden_state"])
    print("last_hidden_state", h.shape, h.dtype, h[0, 0, :5])
